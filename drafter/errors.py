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
    """The LLM endpoint cannot be used (unreachable, unauthorised, unknown model, not answering, the
    run's deadline passed): the run stops at once."""


class RequestFailedError(BackendError):
    """One request failed for good (still rate-limited or failing after its retries, rejected as too
    long …) while the endpoint may serve others: its section is marked, the run goes on."""


class StoreError(DrafterError):
    """The retrieval index is missing, corrupted or built with another embedder."""


class DeadlineError(BackendError):
    """The run's deadline passed before every section was written: the run stops."""
