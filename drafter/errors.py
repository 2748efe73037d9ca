"""The errors a user is meant to see: one clear line, then an exit code."""

from __future__ import annotations


class DrafterError(Exception):
    """Bad input or a misconfiguration: the CLI prints the message and exits with code 2.

    Messages name the file (and key path or line when known) and say how to fix it.
    """

    exit_code = 2


class InputError(DrafterError):
    """A file the user supplied cannot be used as it is."""

    def __init__(self, path: object, reason: str, *, key: str | None = None, line: int | None = None):
        where = str(path)
        if line is not None:
            where += f":{line}"
        if key:
            where += f" ({key})"
        super().__init__(f"{where}: {reason}")
        self.path, self.reason, self.key, self.line = path, reason, key, line


class BackendError(DrafterError):
    """The LLM endpoint could not be used (unreachable, unauthorised, unknown model)."""


class StoreError(DrafterError):
    """The retrieval index is missing, corrupted or built with another embedder."""
