"""Files: atomic writes (a file is replaced whole or not at all, so nothing the user had is half-written),
and reading the user's inputs with errors that name them."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from drafter.errors import InputError


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it onto ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def read_text(path: Path) -> str:
    """A text file the user wrote: UTF-8 (with or without BOM) or GB18030."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "not UTF-8 or GB18030 text; save the file as UTF-8")


def require_file(path: Path) -> None:
    """An input that is missing, or a folder, is an InputError naming it."""
    if not path.exists():
        raise InputError(path, "no such file")
    if not path.is_file():
        raise InputError(path, "is a directory, not a file")


def refuse_overwrite(path: Path, force: bool) -> None:
    """An existing output is kept unless the user said --force."""
    if path.exists() and not force:
        raise InputError(path, "already exists; choose another output path or pass --force to replace it")
