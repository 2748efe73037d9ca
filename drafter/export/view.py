"""The document as a reader sees it: each paragraph of a draft with its role (title, heading, body,
unit, date), its section key, and the figures the checker found in it.

Offsets are those of ``read_document_text`` — the text the checker reads — so a finding's
``start``/``end`` lands on the characters it speaks of: "# 标题" in a .md is shown as "标题" with
offsets shifted past "# ". A .docx of ours gives roles by paragraph style; any other file is read
the way ``read_draft`` reads it (a 一、/（一）/1./（1） marker starts a heading, a 成文日期 line ends it).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from drafter.export.markdown import markdown_paras
from drafter.export.model import Role
from drafter.export.reading import (
    Para,
    all_paragraphs,
    docx_paras,
    open_docx,
    parse_paras,
    read_document_text,
)


class Located(Protocol):
    """A finding: where its figure is (None for data the text never uses)."""

    start: int | None
    end: int | None


@dataclass(frozen=True)
class FigureMark:
    """A figure inside one paragraph: characters [start, end) of the paragraph's text, and the
    index of its finding in the list given to ``view_document``."""

    start: int
    end: int
    finding: int


@dataclass
class ViewParagraph:
    """One paragraph as shown: ``text`` starts at ``offset`` of the checked text."""

    role: Role
    text: str
    offset: int
    level: int = 0
    key: str = ""  # the section it belongs to ("一.（二）"); a heading's own key
    marks: list[FigureMark] = field(default_factory=list)

    def pieces(self) -> list[tuple[str, int | None]]:
        """The text cut at its figures: (piece, finding index or None), in order."""
        out: list[tuple[str, int | None]] = []
        cursor = 0
        for mark in sorted(self.marks, key=lambda m: m.start):
            if mark.start < cursor:  # overlapping figures: the first one wins
                continue
            if mark.start > cursor:
                out.append((self.text[cursor:mark.start], None))
            out.append((self.text[mark.start:mark.end], mark.finding))
            cursor = mark.end
        if cursor < len(self.text) or not out:
            out.append((self.text[cursor:], None))
        return out


@dataclass
class DocumentView:
    text: str  # the checked text (read_document_text)
    paragraphs: list[ViewParagraph]


def _paras(path: Path, lines: list[str]) -> tuple[list[Para], bool]:
    """One Para per line of the checked text, with the roles the file states, and whether it is styled."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        word = open_docx(path)
        if len(word.paragraphs) == len(all_paragraphs(word)):  # no tables: styles line up
            # a paragraph with line breaks (a title broken between phrases) is one Para per line
            paras = [Para(line, para.role, para.level) for para in docx_paras(word) for line in para.text.split("\n")]
            if len(paras) == len(lines):
                return paras, any(p.level for p in paras)
    elif suffix in (".md", ".markdown"):
        paras = markdown_paras("\n".join(lines))
        return paras, any(p.hashes > 1 for p in paras)
    return [Para(line) for line in lines], False


def view_document(path: Path, findings: Sequence[Located] = ()) -> DocumentView:
    """The paragraphs of the draft or text at ``path`` with roles, keys and figure marks."""
    path = Path(path)
    text = read_document_text(path)
    lines = text.split("\n")
    paras, styled = _paras(path, lines)
    parsed = parse_paras(paras, styled=styled)
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    roles: dict[int, tuple[Role, int, str]] = {}
    if parsed.document.title and nonblank:
        roles[nonblank[0]] = (Role.TITLE, 0, "")
        for i in nonblank[1:]:  # the further lines of a title broken into lines
            if paras[i].role is not Role.TITLE:
                break
            roles[i] = (Role.TITLE, 0, "")
    for span in parsed.spans:
        section = span.section
        for i in range(span.first + 1, span.stop):
            roles[i] = (Role.BODY, section.level, section.key)
        ran_in = bool(section.paragraphs) and paras[span.first].role is not Role.HEADING and not styled
        roles[span.first] = (Role.BODY if ran_in else Role.HEADING, section.level, section.key)
    tail = [i for i in nonblank if paras[i].role is not Role.CLOSING]
    if parsed.document.unit and len(tail) >= 2:
        roles[tail[-2]] = (Role.UNIT, 0, "")
    if tail and _is_date(lines[tail[-1]]):
        roles[tail[-1]] = (Role.DATE, 0, "")

    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    shown: list[ViewParagraph] = []
    by_line: dict[int, ViewParagraph] = {}
    for i in nonblank:
        content = paras[i].text.strip() if paras[i].hashes else lines[i].strip()
        start = offsets[i] + lines[i].find(content)
        role, level, key = roles.get(i, (Role.BODY, 0, ""))
        by_line[i] = ViewParagraph(role, content, start, level, key)
        shown.append(by_line[i])
    for index, finding in enumerate(findings):
        if finding.start is None or finding.end is None:
            continue
        line = bisect.bisect_right(offsets, finding.start) - 1
        paragraph = by_line.get(line)
        if paragraph is None:
            continue
        start = finding.start - paragraph.offset
        end = min(finding.end - paragraph.offset, len(paragraph.text))
        if 0 <= start < end:
            paragraph.marks.append(FigureMark(start, end, index))
    return DocumentView(text, shown)


def _is_date(line: str) -> bool:
    from drafter.export.reading import parse_date

    return parse_date(line) is not None


__all__ = ["DocumentView", "FigureMark", "ViewParagraph", "view_document"]
