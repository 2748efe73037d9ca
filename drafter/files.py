"""Files: atomic writes (a file is replaced whole or not at all, so nothing the user had is half-written),
and reading the user's inputs with errors that name them.

Text the user wrote is decoded by one rule (``decode_text``): a byte-order mark decides; otherwise text
that is valid UTF-8 is UTF-8 (a stray control character never turns it into UTF-16); UTF-16 without a
mark only when its zero bytes say so; then GB18030. Control characters are then settled by
``settle_controls``: Word's soft line break (\\x0b) becomes a line break, any other is an error naming
its line and column.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from drafter.errors import InputError

SOFT_BREAK = "\x0b"  # Word's Shift+Enter line break, as it arrives in copied text
BAD_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_UTF16 = ("utf-16-le", "utf-16-be")


# --------------------------------------------------------------------------- reading


def decode_text(path: Path, data: bytes) -> str:
    """Bytes of a text file the user wrote: UTF-8 (BOM or not), UTF-16 (BOM, or zero bytes on one side of
    every pair), or GB18030. "a\\x00b" that is valid UTF-8 stays UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(path, data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(path, data, "utf-16")
    if data.count(0) > max(2, len(data) // 100) and not any(_utf16_layout(data, e) for e in _UTF16):
        raise InputError(path, "是二进制数据，不是文本文件；请把文稿存为 .txt、.docx 或 .md")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _UTF16:
        if _utf16_layout(data, encoding):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _HAN.search(text) and not BAD_CONTROL.search(text):
                return text
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    visible = [c for c in text if not c.isspace()]
    if visible and len(_HAN.findall(text)) >= 0.2 * len(visible):
        return text
    if b"\x00" in data or len(BAD_CONTROL.findall(data.decode("latin-1"))) > len(data) // 100:
        raise InputError(path, "是二进制数据，不是文本文件；请把文稿存为 .txt、.docx 或 .md")
    raise InputError(path, "认不出文件的编码（应是 UTF-8、GB18030 或 UTF-16 的中文文本）；"
                           "请另存为 UTF-8")


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"开头是 {encoding.upper()} 编码，但第 {exc.start} 个字节不是；"
                               f"请另存为 UTF-8") from None


def _utf16_layout(data: bytes, encoding: str) -> bool:
    """UTF-16 without a BOM: ASCII characters (newlines, digits) put zero bytes on one side of each pair,
    and Chinese characters almost none on the other side."""
    if len(data) % 2 or len(data) < 4:
        return False
    high, low = (data[1::2], data[0::2]) if encoding == "utf-16-le" else (data[0::2], data[1::2])
    return high.count(0) >= 2 and high.count(0) > 2 * low.count(0)


def settle_controls(path: Path, text: str) -> str:
    """Soft line breaks (\\x0b) become line breaks; any other control character is an InputError that
    names its line and column and what it is."""
    bad = BAD_CONTROL.search(text)  # before soft breaks become line breaks: lines as the user's editor counts
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        char = bad.group()
        name = {"\x00": "空字符，", "\x0c": "换页符，", "\x1b": "转义符，"}.get(char, "")
        raise InputError(path, f"第 {column} 列有控制字符 U+{ord(char):04X}（{name}从 Word 或 PDF "
                               f"复制时带进来的）；请删去它", line=line)
    return text.replace(SOFT_BREAK, "\n")


def read_text(path: Path) -> str:
    """A text file the user wrote, decoded (``decode_text``) with its control characters settled and
    its line ends made "\\n"."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"无法读取（{exc.strerror or exc}）") from None
    text = decode_text(path, data).replace("\r\n", "\n").replace("\r", "\n")
    return settle_controls(path, text)


def require_file(path: Path) -> None:
    """An input that is missing, or a folder, is an InputError naming it."""
    if not path.exists():
        raise InputError(path, "找不到这个文件；请检查文件名和所在文件夹")
    if not path.is_file():
        raise InputError(path, "这是一个文件夹，不是文件；请给出文件")


# --------------------------------------------------------------------------- writing


def refuse_overwrite(path: Path, force: bool) -> None:
    """An output must be a file name: a folder is refused, and an existing file is kept unless the
    user said --force."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a folder; give the output a file name inside it, e.g. "
                               f"{path / 'draft.docx'}")
    if path.exists() and not force:
        raise InputError(path, "already exists; choose another output path or pass --force to replace it")
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise InputError(path, f"{parent} is a file, not a folder; choose another output path")


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class OutputError(InputError, OSError):
    """An output that cannot be written (folder, permissions, full disk): an InputError for the user, and
    still the OSError it was for callers that handle those (errno and strerror kept)."""

    def __init__(self, path: object, reason: str, exc: OSError):
        InputError.__init__(self, path, reason)
        self.errno, self.strerror = exc.errno, exc.strerror

    def __str__(self) -> str:
        return str(self.args[0])


def write_failed(path: Path, exc: OSError) -> InputError:
    """The one-line error for an output that could not be written because of ``exc``."""
    return _write_error(path, exc)


WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EPERM, errno.EROFS})


def _write_error(path: Path, exc: OSError) -> InputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = "the disk is full (or the file is larger than allowed); free some space and run again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "this folder cannot be written to; choose a folder you can write to"
    elif exc.errno == errno.EISDIR:
        why = "is a folder; give the output a file name"
    else:
        why = f"cannot be written ({exc.strerror or exc}); choose another output path"
    return OutputError(path, why, exc)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it onto ``path``.

    The file gets the mode a new file gets under the user's umask (or keeps the mode of the file it
    replaces). A folder that cannot be written, a full disk or an output that is a folder is an
    InputError naming ``path``; nothing the user had is touched then.
    """
    path = Path(path)
    if path.is_dir():
        raise _write_error(path, OSError(errno.EISDIR, "Is a directory"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
