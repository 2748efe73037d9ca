"""Word comments on problem figures: the figure's characters are highlighted (runs are split at
the figure's edges, keeping their formatting) and a comment by "drafter" explains the finding."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import DrafterError
from drafter.export.gbt9704 import Finding, save_docx
from drafter.export.reading import all_paragraphs, open_docx

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

AUTHOR, INITIALS = "drafter", "DR"
# Findings about a place rather than characters in it: a supplied figure the text never uses is placed at
# the section that should use it, and its comment is anchored on that heading's whole paragraph
# ("（二）推动科技成果转化", never "（二）推动科技成" where the span was measured without the number).
WHOLE_PARAGRAPH_KINDS = frozenset({"unused"})
_TEXT_TAGS = ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")  # the run children that make run.text


def annotate_docx(src: Path, dst: Path, findings: Sequence[Finding]) -> int:
    """Copy ``src`` to ``dst`` (atomically) with each finding's characters — offsets in
    read_document_text(src) — highlighted and commented. Returns the number of comments added."""
    document = open_docx(Path(src))
    added = annotate_document(document, findings)
    save_docx(document, Path(dst))
    return added


def annotate_document(document: WordDocument, findings: Sequence[Finding]) -> int:
    """Highlight and comment every finding in an open document; the text itself does not change."""
    from docx.enum.text import WD_COLOR_INDEX

    paragraphs = all_paragraphs(document)
    located = _locate(paragraphs, findings)
    added = 0
    for index, spans in located.items():
        paragraph = paragraphs[index]
        _split_runs(paragraph, {offset for start, end, _ in spans for offset in (start, end)})
        runs = _runs_with_offsets(paragraph)
        for start, end, message in spans:
            covered = [run for run, run_start, run_end in runs if start <= run_start and run_end <= end
                       and run_end > run_start]
            if not covered:
                continue
            for run in covered:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            document.add_comment(covered, text=message, author=AUTHOR, initials=INITIALS)
            added += 1
    return added


def _locate(paragraphs: list[Paragraph], findings: Sequence[Finding]) -> dict[int, list[tuple[int, int, str]]]:
    """Finding offsets in the joined text → (paragraph index, start, end) within that paragraph.
    A span running past its paragraph's end is cut there; a finding of a WHOLE_PARAGRAPH_KINDS kind
    covers the whole paragraph its span starts in."""
    starts, position = [], 0
    for paragraph in paragraphs:
        starts.append(position)
        position += len(paragraph.text) + 1
    total = max(position - 1, 0)
    located: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for finding in findings:
        if not 0 <= finding.start < finding.end <= total:
            raise DrafterError(f"finding at characters {finding.start}–{finding.end} lies outside the document "
                               f"text ({total} characters); were the offsets taken from another file?")
        index = max(i for i, start in enumerate(starts) if start <= finding.start)
        local = finding.start - starts[index]
        length = len(paragraphs[index].text)
        if getattr(finding, "kind", None) in WHOLE_PARAGRAPH_KINDS:
            local, end = 0, length
        else:
            end = min(finding.end - starts[index], length)
        located[index].append((local, end, comment_text(finding)))
    return located


def comment_text(finding: Finding) -> str:
    """The comment on a finding: its message, the source it was checked against, and — when the checker
    is not certain which supplied figure is meant — the candidates for the person to choose from."""
    text = finding.message.strip()
    if getattr(finding, "kind", None) == "derived" and getattr(finding, "verdict", None) == "supported":
        text = f"此数未在数据中直接给出，是由数据推算得出的，请确认是否保留：{text}"
    source = getattr(finding, "source", None)
    if source and source not in text:
        text += f"（依据：{source}）"
    candidates = getattr(finding, "candidates", ()) or ()
    if candidates:
        text += "；数据中相近的有：" + "、".join(f"{c.text}（{c.source}）" for c in candidates)
    return text


def _run_elements(paragraph: Paragraph) -> list[BaseOxmlElement]:
    return paragraph._p.xpath("./w:r | ./w:hyperlink/w:r")


def _runs_with_offsets(paragraph: Paragraph) -> list[tuple[Run, int, int]]:
    from docx.text.run import Run

    out, position = [], 0
    for element in _run_elements(paragraph):
        length = len(element.text)
        out.append((Run(element, paragraph), position, position + length))
        position += length
    return out


def _split_runs(paragraph: Paragraph, offsets: set[int]) -> None:
    """Split runs so that every offset falls on a run boundary; each part keeps the run's formatting."""
    position = 0
    for element in _run_elements(paragraph):
        length = len(element.text)
        cuts = sorted(offset - position for offset in offsets if position < offset < position + length)
        for cut in reversed(cuts):
            right = copy.deepcopy(element)
            _keep(element, 0, cut)
            _keep(right, cut, None)
            element.addnext(right)
        position += length


def _keep(run: BaseOxmlElement, start: int, stop: int | None) -> None:
    """Trim a run's content to the characters [start, stop); non-text content stays with its position."""
    from docx.oxml.ns import qn

    text_tags = {qn(f"w:{tag}") for tag in _TEXT_TAGS}
    position = 0
    for child in list(run):
        if child.tag == qn("w:rPr"):
            continue
        text = str(child) if child.tag in text_tags else ""
        end = position + len(text)
        inside_start, inside_end = max(start, position), end if stop is None else min(stop, end)
        if not text:
            keep = start <= position and (stop is None or position < stop)
        else:
            keep = inside_start < inside_end
        if not keep:
            run.remove(child)
        elif child.tag == qn("w:t") and (inside_start, inside_end) != (position, end):
            child.text = text[inside_start - position: inside_end - position]
            child.set(qn("xml:space"), "preserve")
        position = end
