"""Uploads: a size limit on every request body, and files told apart by their content, not their name.

A Word file renamed notes.yaml is still a Word file: ``sniff`` reads the first bytes (and, for a zip,
its member names) and the upload is stored under a name with the suffix its content has, so the
library reads it as what it is and its one-line error names the file the user chose.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drafter.errors import DrafterError, InputError

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
    """The file's own name without folders or odd characters ("../../x.yaml" → "x.yaml"); spaces inside
    stay ("qingxi (1).xlsx")."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-一-鿿（）() ]+", "_", base).strip("._ ")[:80]
    return base or default


def _named(name: str, suffix: str, allowed: tuple[str, ...]) -> str:
    """``name`` with ``suffix`` unless its own suffix is one of ``allowed`` (a .md stays .md)."""
    path = Path(name)
    return name if path.suffix.lower() in allowed else f"{path.stem or 'upload'}{suffix}"


def _text_data_suffix(data: bytes) -> str:
    """How a text upload of data is read when its name does not say: a JSON object or list as .json, a
    first line with commas and no colon (a header row: 名称,数值,单位) as a .csv table, else as YAML."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return ".json"
    first = head.split(b"\n", 1)[0]
    if b"," in first and b":" not in first:
        return ".csv"
    return ".yaml"


@dataclass(frozen=True)
class Upload:
    """A file the user uploaded: where the server keeps it, and its name as the user chose it."""

    path: Path
    name: str


# What each kind of upload may be, said on the page when the file is not one of them.
ACCEPTED = {
    "notes": "请上传提要文件（.yaml、.json 或提要工作簿 .xlsx）或指标表（.xlsx / .csv），或直接在本页填写",
    "data": "请选择数据文件：提要文件（.yaml、.json 或提要工作簿 .xlsx），或只有指标表的 .xlsx / .csv"
            "（第一行是列名：名称、数值、单位……）",
    "text": "请选择要核对的文稿：Word 文件（.docx），或文本文件（.txt、.md）",
}


def store_upload(folder: Path, name: str, data: bytes, accept: str) -> Upload:
    """Save an upload as what its content is. ``accept`` is "notes" (on 新建) or "data" (on 核对): both
    take what ``drafter check --data`` takes, notes (.yaml/.json/.xlsx) or an indicator table alone
    (.xlsx/.csv); or "text" (.docx/.txt/.md). InputError naming the file, in Chinese, when the content is
    not acceptable."""
    shown = re.split(r"[\\/]", name or "")[-1].strip() or "上传的文件"
    name = safe_name(name, "upload")
    kind = sniff(data)
    if not data:
        raise InputError(shown, "文件是空的；请重新选择文件")
    if kind == DOC:
        raise InputError(shown, "是旧版二进制 Word/Excel 文件（.doc/.xls）；请先在 Word/Excel/WPS 中另存为"
                                ".docx 或 .xlsx，再上传")
    if accept == "text":
        if kind == DOCX:
            name = _named(name, ".docx", (".docx",))
        elif kind == TEXT:
            name = _named(name, ".txt", TEXT_SUFFIXES)
        else:
            raise InputError(shown, "不是 Word 文件（.docx）或文本文件；" + ACCEPTED[accept])
    else:
        if kind == XLSX:
            name = _named(name, ".xlsx", (".xlsx",))
        elif kind == TEXT:
            name = _named(name, _text_data_suffix(data), (*NOTES_SUFFIXES, ".csv"))
        elif kind == DOCX:
            raise InputError(shown, "是 Word 文稿，不是数据；" + ACCEPTED[accept])
        else:
            raise InputError(shown, "不是提要或数据文件；" + ACCEPTED[accept])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return Upload(path, shown)


# A clause that tells a terminal user what to type (`drafter notes template`, --backend openai): on the page
# the user cannot type it, so the clause is left out and the page says what to do instead.
_COMMAND = re.compile(r"`[^`]*`|\bdrafter\s+[a-z]|(?<![\w-])--[a-z]")
_CLAUSE = re.compile(r"(?<=[;；])")


def page_error(exc: DrafterError, uploads: list[Upload] | tuple[Upload, ...] = (), *, what: str = "",
               hint: str = "", folder: Path | None = None) -> str:
    """A library error as the page shows it, in one line: the file named as the user chose it (never
    the server's copy, "zhibiao.yaml:1"), the place (第3行, a sheet's row and column, a key path such as
    指标[0].数值), the library's reason without the clauses that give a terminal command, and, where such
    a clause was left out, ``hint`` — what to do on the page. ``what`` names the kind of file ("数据文件")."""
    names = {u.path.name: u.name for u in uploads}
    if isinstance(exc, InputError):
        path = Path(str(exc.path))
        place = (f"第{exc.line}行" if exc.line else "") + (f"（{exc.key}）" if exc.key else "")
        head = f"{what}“{names.get(path.name, path.name)}”{place}："
        reason = exc.reason
    else:
        head, reason = "", str(exc)
        if folder is not None:
            reason = re.sub(re.escape(str(folder)) + r"/(?:[^/\s:]+/)*", "", reason).replace(str(folder), "")
        for stored, shown in names.items():
            reason = reason.replace(stored, shown)
    clauses = [c for c in _CLAUSE.split(reason) if c.strip()]
    kept = [_without_commands(c) for c in clauses]
    text = "".join(kept).strip().rstrip(";；。，, ")
    if hint and kept != clauses:
        text = f"{text}。{hint}" if text else hint
    return head + text


def _without_commands(clause: str) -> str:
    """A clause without its parts (between commas) that give a terminal command: "把表改回这个名字，或用
    drafter notes template 生成的模板重新填写；" → "把表改回这个名字；"; "" when nothing else is left."""
    if not _COMMAND.search(clause):
        return clause
    end = clause[len(clause.rstrip(";； ")):]
    parts = [p for p in re.split(r"(?<=[，,])", clause[:len(clause) - len(end)]) if not _COMMAND.search(p)]
    kept = "".join(parts).rstrip("，, ")
    return kept + end if kept else ""


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
