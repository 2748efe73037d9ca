"""Reading drafts back: plain text with the checker's offsets, and the section tree of a draft.

A draft is read as a list of paragraphs (``Para``) whose role is known when the file says it (our
paragraph styles, Markdown headings) and guessed otherwise (a 一、/（一）/1./（1） marker at the
start of a paragraph, a 成文日期 line at the end). ``parse_paras`` turns them into a DraftDocument
and remembers which paragraphs each section spans, which is what replace_section edits.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.corpus.outline import heading_of, split_heading
from drafter.errors import InputError
from drafter.export.model import DraftDocument, DraftSection, Role, section_key
from drafter.files import read_text, require_file
from drafter.quantity.numerals import parse_chinese

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
DRAFT_SUFFIXES = (".docx", ".md", ".markdown")

_IMPRINT = re.compile(r"^(.*?)[\t\s　]+(\d{4}年\d{1,2}月\d{1,2}日)印发$")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_HEADING_MARK = re.compile(r"^#{1,6} ", re.MULTILINE)
_DATE = re.compile(r"^\s*(\d{4}|[〇零○一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月"
                   r"(\d{1,2}|[一二三四五六七八九十]{1,3})日\s*$")


def split_marker(text: str) -> tuple[int, str, str] | None:
    """A paragraph that is a whole heading → (level, marker as printed, heading as printed):
    "1.抓好企业培育。" → (3, "1.", "抓好企业培育。"). None without a 一、/（一）/1./（1） marker.
    Recognition is the corpus's (split_heading), so a heading means the same thing everywhere."""
    parts = split_heading(text)
    if parts is None:
        return None
    start = text.find(parts.heading, 2) if parts.heading else -1  # every marker is at least 2 characters
    if start < 0:
        return parts.level, parts.number, text
    return parts.level, text[:start].strip(), text[start:]


def parse_date(text: str) -> dt.date | None:
    """"2026年1月15日" or "二〇二六年一月十五日" → date; None when the line is not a date."""
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part.isdigit() else int(parse_chinese(part)) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- plain text


def read_document_text(path: Path) -> str:
    """The text of a .txt/.md (UTF-8 or GB18030) or .docx file; for .docx the paragraphs in body
    order (table cells included) joined with "\\n" — the text the checker's offsets refer to."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, ".docx"):
        raise InputError(path, f"cannot read '{suffix or 'no extension'}' files; give a .txt, .md or .docx file")
    require_file(path)
    if suffix == ".docx":
        return "\n".join(p.text for p in all_paragraphs(open_docx(path)))
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    return _markdown_as_plain(text) if suffix != ".txt" else text


def _markdown_as_plain(text: str) -> str:
    """Markdown read as the text a reader sees, offsets and lines kept: YAML front matter becomes empty lines,
    heading marks ("## 一、…") become spaces, so a figure's line:column is the same in the file."""
    text = _FRONT_MATTER.sub(lambda m: "\n" * m.group().count("\n"), text)
    return _HEADING_MARK.sub(lambda m: " " * len(m.group()), text)


def open_docx(path: Path) -> WordDocument:
    """Open a Word file, or raise InputError saying why it is not one."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    require_file(path)
    if not zipfile.is_zipfile(path):
        hint = " (an old binary .doc? save it as .docx)" if path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0" else ""
        raise InputError(path, f"not a Word .docx file{hint}")
    try:
        return docx.Document(str(path))
    except (KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError) as exc:
        raise InputError(path, f"not a readable Word .docx file ({type(exc).__name__}: {exc})") from None


def all_paragraphs(document: WordDocument) -> list[Paragraph]:
    """Every paragraph of the body in reading order, including those inside tables and content controls."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    out: list[Paragraph] = []

    def visit(element, parent) -> None:  # type: ignore[no-untyped-def]
        for child in element:
            if child.tag == qn("w:p"):
                out.append(Paragraph(child, parent))
            elif child.tag in (qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent")):
                visit(child, parent)

    visit(document.element.body, document._body)
    return out


# --------------------------------------------------------------------------- drafts


@dataclass
class Para:
    """One paragraph of a draft as read: its text, and its role and heading level when the file says."""

    text: str
    role: Role | None = None
    level: int = 0
    hashes: int = 0  # Markdown heading depth (# count), 0 for a plain line


@dataclass
class SectionSpan:
    """The paragraphs a section occupies, its own heading through its last descendant: [first, stop)."""

    section: DraftSection
    first: int
    stop: int


@dataclass
class ParsedDraft:
    document: DraftDocument
    spans: list[SectionSpan] = field(default_factory=list)

    def span_of(self, section: DraftSection) -> SectionSpan:
        return next(span for span in self.spans if span.section is section)


def parse_paras(paras: list[Para], *, styled: bool) -> ParsedDraft:
    """Build the section tree. ``styled``: headings are marked by the file (style or #), so an
    unmarked paragraph that starts with "1." is body text, not a heading."""
    indexes = [i for i, para in enumerate(paras) if para.text.strip()]
    title = ""
    if indexes and (paras[indexes[0]].role is Role.TITLE or split_marker(paras[indexes[0]].text) is None):
        title = "".join(line.strip() for line in paras[indexes.pop(0)].text.split("\n"))  # lines of a broken title
        while indexes and paras[indexes[0]].role is Role.TITLE:  # a title read one Para per line
            title += paras[indexes.pop(0)].text.strip()
    recipient = paras[indexes.pop(0)].text.strip() if indexes and paras[indexes[0]].role is Role.RECIPIENT else None
    issuer, issue_date = None, None
    if indexes and (paras[indexes[-1]].role is Role.IMPRINT or _IMPRINT.match(paras[indexes[-1]].text.strip())):
        imprint = _IMPRINT.match(paras[indexes.pop()].text.strip())
        if imprint:
            issuer, issue_date = imprint.group(1).strip() or None, parse_date(imprint.group(2))
    unit, date, tail = _signature(paras, indexes)
    indexes = indexes[: len(indexes) - tail]
    closing: list[str] = []
    while indexes and paras[indexes[-1]].role is Role.CLOSING:
        closing.insert(0, paras[indexes.pop()].text.strip())
    stop_all = indexes[-1] + 1 if indexes else 0

    opening: list[str] = []
    roots: list[DraftSection] = []
    spans: list[SectionSpan] = []
    open_spans: list[SectionSpan] = []
    for i in indexes:
        para = paras[i]
        heading = _heading(para, styled)
        if heading is None:
            target = open_spans[-1].section.paragraphs if open_spans else opening
            target.append(para.text.strip())
            continue
        level, number, text, rest = heading
        while open_spans and open_spans[-1].section.level >= level:
            open_spans.pop().stop = i
        siblings = open_spans[-1].section.children if open_spans else roots
        key = section_key(open_spans[-1].section.key if open_spans else "", number or str(len(siblings) + 1))
        section = DraftSection(level, number, text, [rest] if rest else [], key=key)
        siblings.append(section)
        span = SectionSpan(section, i, stop_all)
        spans.append(span)
        open_spans.append(span)
    for span in open_spans:
        span.stop = stop_all
    for span in spans:  # blank paragraphs after a section's last text belong to no section
        while span.stop - 1 > span.first and not paras[span.stop - 1].text.strip():
            span.stop -= 1
    document = DraftDocument(title, unit, date or dt.date.today(), opening, roots, closing,
                             recipient=recipient.rstrip("：:") if recipient else None, issuer=issuer,
                             issue_date=issue_date)
    return ParsedDraft(document, spans)


def _heading(para: Para, styled: bool) -> tuple[int, str, str, str] | None:
    """(level, number, heading, rest of the paragraph) when ``para`` is a heading. A heading the
    file marks (style, #) is kept as printed; an unmarked one is read the corpus's way (heading_of:
    the first sentence of a paragraph that opens with a marker, or a short unnumbered part title)."""
    if para.role is Role.HEADING:
        found = split_marker(para.text.strip())
        level, number, heading = found if found else (para.level, "", para.text.strip())
        return (para.level or level), number, heading.strip(), ""
    if para.role is not None or styled:
        return None
    parts = heading_of(para.text)
    return None if parts is None else (parts.level, parts.number, parts.heading, parts.rest)


def _signature(paras: list[Para], indexes: list[int]) -> tuple[str, dt.date | None, int]:
    """Unit and date at the end of the draft, and how many paragraphs they take."""
    if not indexes:
        return "", None, 0
    last = paras[indexes[-1]]
    date = parse_date(last.text)
    if date is None:
        return "", None, 0
    if len(indexes) >= 2:
        before = paras[indexes[-2]]
        text = before.text.strip()
        looks_like_unit = len(text) <= 30 and split_marker(text) is None and not re.search(r"[。；：！？，]", text)
        if before.role is Role.UNIT or (before.role in (None, Role.CLOSING) and looks_like_unit):
            return text, date, 2
    return "", date, 1


def docx_paras(document: WordDocument) -> list[Para]:
    """The body-level paragraphs of a Word draft, with the roles our paragraph styles give them."""
    from drafter.export.gbt9704 import HEADING_LEVELS, STYLE_ROLES

    paras = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name in HEADING_LEVELS:
            paras.append(Para(paragraph.text, Role.HEADING, HEADING_LEVELS[name]))
        else:
            paras.append(Para(paragraph.text, STYLE_ROLES.get(name)))
    return paras
