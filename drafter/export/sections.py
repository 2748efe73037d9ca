"""Reading a draft's section tree, finding a section by number path or heading, and replacing one
section in a .docx or .md draft while every other paragraph stays exactly as it was."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import DrafterError, InputError
from drafter.export.gbt9704 import HEADINGS, order_children, save_docx
from drafter.export.markdown import markdown_paras, render_blocks
from drafter.export.model import (
    DraftDocument,
    DraftSection,
    Role,
    marker_value,
    number_outline,
    section_blocks,
)
from drafter.export.reading import DRAFT_SUFFIXES, Para, ParsedDraft, docx_paras, open_docx, parse_paras
from drafter.files import atomic_write_text, read_text, require_file

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph


def read_draft(path: Path) -> DraftDocument:
    """The section tree of a .docx or .md draft: ours exactly; others by their numbered headings
    (read as the corpus reads them), with today's date when the draft ends without a 成文日期."""
    return _load(Path(path)).parsed.document


@dataclass
class _Loaded:
    paras: list[Para]
    parsed: ParsedDraft
    word: WordDocument | None = None  # for .docx
    text: str = ""  # for .md


def _load(path: Path) -> _Loaded:
    suffix = path.suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise InputError(path, f"cannot read a draft from '{suffix or 'no extension'}'; give a .docx or .md draft")
    if suffix == ".docx":
        word = open_docx(path)
        paras = docx_paras(word)
        return _Loaded(paras, parse_paras(paras, styled=any(p.level for p in paras)), word=word)
    require_file(path)
    text = read_text(path)
    if not text.strip():
        raise InputError(path, "holds no text; give the draft itself (.docx or .md)")
    paras = markdown_paras(text.replace("\r\n", "\n"))
    return _Loaded(paras, parse_paras(paras, styled=any(p.hashes > 1 for p in paras)), text=text)


# --------------------------------------------------------------------------- finding


def find_section(doc: DraftDocument, selector: str) -> DraftSection:
    """The one section that ``selector`` names: a number path ("二", "一.（二）.3", "1.2.3": numbers
    by value at each depth) or text contained in its heading. DrafterError when none or several match."""
    wanted = selector.strip()
    if not wanted:
        raise DrafterError("empty section selector; give a number path like 二 or 一.（二）.3, or heading text")
    path = _number_path(wanted)
    matches = _by_path(doc.sections, path) if path else []
    if not path:  # a number path that matches nothing is not read as heading text ("五" ≠ "十四五")
        needle = _squash(wanted)
        matches = [s for s in doc.walk() if needle in _squash(s.title_line)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DrafterError(f"no section matches '{wanted}'; sections are: {_listing(list(doc.walk()))}"
                           if doc.sections else f"no section matches '{wanted}': the draft has no numbered headings")
    raise DrafterError(f"'{wanted}' matches {len(matches)} sections: {_listing(matches)}; "
                       "give the number path of one of them")


def _number_path(selector: str) -> list[int] | None:
    parts = [part for part in re.split(r"[.．]", selector) if part.strip()]
    values = [marker_value(part) for part in parts]
    return None if not values or None in values else values  # type: ignore[return-value]


def _by_path(sections: list[DraftSection], path: list[int]) -> list[DraftSection]:
    head, rest = path[0], path[1:]
    found = [s for i, s in enumerate(sections, start=1)
             if (marker_value(s.number) if s.number else i) == head]
    return found if not rest else [m for s in found for m in _by_path(s.children, rest)]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _listing(sections: list[DraftSection]) -> str:
    def short(text: str) -> str:
        return text if len(text) <= 24 else text[:23] + "…"

    return "; ".join(f"{s.key} {short(s.heading)}" for s in sections)


# --------------------------------------------------------------------------- replacing


def replace_section(src: Path, dst: Path, key: str, new_section: DraftSection) -> DraftSection:
    """Write ``src`` to ``dst`` (atomically) with the section ``key`` (any find_section selector) and
    its sub-sections replaced by ``new_section``, which takes the old section's place, level and
    number. Every other paragraph keeps its text and formatting. Returns the section as written."""
    src, dst = Path(src), Path(dst)
    loaded = _load(src)
    old = find_section(loaded.parsed.document, key)
    span = loaded.parsed.span_of(old)
    new = copy.deepcopy(new_section)
    new.level, new.number, new.key = old.level, old.number, old.key
    number_outline(new.children, old.level + 1, old.key)
    if loaded.word is not None:
        _replace_in_docx(loaded.word, loaded.parsed, span.first, span.stop, new)
        save_docx(loaded.word, dst)
    else:
        hashes = loaded.paras[span.first].hashes
        rendered = render_blocks(section_blocks(new), hashes - old.level if hashes else 0)
        newline = "\r\n" if "\r\n" in loaded.text else "\n"
        text = loaded.text.replace("\r\n", "\n")
        new_lines = rendered.split("\n")[:-1]
        if "\n\n" not in text.strip():  # a file with one paragraph a line, no blank lines between
            new_lines = [line for line in new_lines if line]
        lines = text.split("\n")
        lines[span.first:span.stop] = new_lines
        atomic_write_text(dst, newline.join(lines))
    return new


def _replace_in_docx(word: WordDocument, parsed: ParsedDraft, first: int, stop: int, new: DraftSection) -> None:
    paragraphs = word.paragraphs
    old = paragraphs[first:stop]
    templates = _Templates(word, paragraphs, parsed, first, stop)
    anchor = old[0]._p
    created = []
    for block in section_blocks(new):
        element = templates.clone(block.level if block.role is Role.HEADING else 0, block.text)
        anchor.addprevious(element)
        created.append(element)
    _drop_comments(word, old)
    for paragraph in old:
        section_properties = paragraph._p.pPr.sectPr if paragraph._p.pPr is not None else None
        if section_properties is not None:  # a section break ends here: keep it on the last new paragraph
            ppr = created[-1].get_or_add_pPr()
            ppr.append(section_properties)
            order_children(ppr)
        paragraph._p.getparent().remove(paragraph._p)


class _Templates:
    """Paragraph and run properties for new paragraphs, cloned from the paragraphs they replace:
    a heading from a heading of its level (in the section, else elsewhere in the document), body
    text from the section's first body paragraph (else from the heading's last run, for a heading
    that ran into its paragraph)."""

    def __init__(self, word: WordDocument, paragraphs: list[Paragraph], parsed: ParsedDraft,
                 first: int, stop: int):
        self.styles = {style.name: style.style_id for style in word.styles}
        spans = sorted(parsed.spans, key=lambda span: not first <= span.first < stop)  # the section's own first
        self.headings: dict[int, Paragraph] = {}
        for span in spans:
            self.headings.setdefault(span.section.level, paragraphs[span.first])
        heading_rows = {span.first for span in parsed.spans}
        body = [i for i in range(first, stop) if i not in heading_rows and paragraphs[i].text.strip()]
        self.body, self.body_run = (paragraphs[body[0]], 0) if body else (paragraphs[first], -1)

    def clone(self, level: int, text: str) -> BaseOxmlElement:
        """A new w:p with ``text``: heading ``level`` (0 for body text) formatted like its template."""
        from docx.oxml import OxmlElement

        p = OxmlElement("w:p")
        if level and level not in self.headings and HEADINGS[level].name in self.styles:
            ppr = p.get_or_add_pPr()  # a level the document never had: our style for it
            ppr.style = self.styles[HEADINGS[level].name]
            template, run_index = None, 0
        elif level:
            nearest = min(self.headings, key=lambda known: abs(known - level))
            template, run_index = self.headings[nearest], 0
        else:
            template, run_index = self.body, self.body_run
        if template is not None and template._p.pPr is not None:
            p.append(_without(template._p.pPr, "w:sectPr", "w:pPrChange"))
        run = OxmlElement("w:r")
        runs = [r for r in template.runs if r.text] if template is not None else []
        if runs and runs[run_index]._r.rPr is not None:
            run.append(_without(runs[run_index]._r.rPr, "w:rPrChange", "w:highlight"))
        run.text = text
        p.append(run)
        return p


def _without(element: BaseOxmlElement, *tags: str) -> BaseOxmlElement:
    """A deep copy of ``element`` without the children named in ``tags``."""
    from docx.oxml.ns import qn

    clone = copy.deepcopy(element)
    for tag in tags:
        for child in clone.findall(qn(tag)):
            clone.remove(child)
    return clone


def _drop_comments(word: WordDocument, removed: list[Paragraph]) -> None:
    """Comments anchored in removed paragraphs go too, so no comment is left pointing nowhere."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    ids = {ref.get(qn("w:id")) for p in removed for ref in p._p.iter(qn("w:commentReference"))}
    if not ids:
        return
    try:
        comments = word.part.part_related_by(RT.COMMENTS).element
    except KeyError:
        return
    for comment in list(comments.findall(qn("w:comment"))):
        if comment.get(qn("w:id")) in ids:
            comments.remove(comment)
