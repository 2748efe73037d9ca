"""Uploads: a size limit on every request body, and files told apart by their content, not their name.

A Word file renamed notes.yaml is still a Word file: ``sniff`` reads the first bytes (and, for a zip,
its member names) and the upload is stored under a name with the suffix its content has, so the
library reads it as what it is and its one-line error names the file the user chose.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drafter.errors import InputError

DOCX, XLSX, DOC, TEXT = "docx", "xlsx", "doc", "text"
NOTES_SUFFIXES = (".yaml", ".yml", ".json")
TEXT_SUFFIXES = (".txt", ".md", ".markdown")


class UploadTooLarge(Exception):
    pass


def sniff(data: bytes) -> str | None:
    """"docx", "xlsx", "doc" (old binary Word/Excel), "text" (UTF-8/GB18030/UTF-16 without NUL
    bytes outside UTF-16), or None for anything else (images, PDFs, archives …)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return DOC
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return TEXT
    if b"\x00" in data or data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")):
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return TEXT
        except UnicodeDecodeError:
            continue
    return None


def safe_name(name: str, default: str) -> str:
    """The file's own name without folders or odd characters ("../../x.yaml" → "x.yaml")."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-一-鿿（）()]+", "_", base).strip("._")[:80]
    return base or default


def _named(name: str, suffix: str, allowed: tuple[str, ...]) -> str:
    """``name`` with ``suffix`` unless its own suffix is one of ``allowed`` (a .md stays .md)."""
    path = Path(name)
    return name if path.suffix.lower() in allowed else f"{path.stem or 'upload'}{suffix}"


def store_upload(folder: Path, name: str, data: bytes, accept: str) -> Path:
    """Save an upload as what its content is. ``accept`` is "notes" (.yaml/.json/.xlsx), "data" (the
    same) or "text" (.docx/.txt/.md). InputError naming the file when the content is not acceptable."""
    name = safe_name(name, "upload")
    kind = sniff(data)
    if not data:
        raise InputError(name, "the file is empty; choose the file again")
    if kind == DOC:
        raise InputError(name, "an old binary Word/Excel file (.doc/.xls); save it as .docx or .xlsx first")
    if accept == "text":
        if kind == DOCX:
            name = _named(name, ".docx", (".docx",))
        elif kind == TEXT:
            name = _named(name, ".txt", TEXT_SUFFIXES)
        else:
            raise InputError(name, "not a Word .docx or a text file; give a .docx, .txt or .md file")
    else:
        if kind == XLSX:
            name = _named(name, ".xlsx", (".xlsx",))
        elif kind == TEXT:
            name = _named(name, ".json" if data.lstrip()[:1] in (b"{", b"[") else ".yaml", NOTES_SUFFIXES)
        elif kind == DOCX:
            raise InputError(name, "is a Word document, not notes; give the notes as .yaml, .json or .xlsx")
        else:
            raise InputError(name, "not a notes file; give the notes as .yaml, .json or .xlsx")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


class LimitUploads:
    """ASGI middleware: a request body larger than ``limit`` bytes is refused with 413, whether its
    Content-Length says so up front or the bytes only show it while they arrive."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise UploadTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except UploadTooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        mb = self.limit / 1024 / 1024
        body = f'{{"error": "上传的文件超过 {mb:g} MB 的上限；请缩小文件后重试"}}'.encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
