"""Markdown drafts: "# 标题", then "## 一、…", "### （一）…", "#### 1.…", "##### （1）…" headings, plain
paragraphs, and the unit and date as the last two paragraphs. Closing paragraphs (结束语) follow an
HTML comment line ``<!-- 结束语 -->`` (invisible when rendered) so they read back as closing, not
as the last section's text; it is written only when there is a closing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from drafter.export.model import Block, DraftDocument, Role, layout
from drafter.export.reading import Para, split_marker
from drafter.files import atomic_write_text

CLOSING_MARK = "<!-- 结束语 -->"


def render_blocks(blocks: list[Block], hash_offset: int = 1) -> str:
    """Paragraphs separated by blank lines; headings get level + ``hash_offset`` #s (none when 0)."""
    lines: list[str] = []
    for block in blocks:
        if block.role is Role.TITLE:
            lines.append(f"# {block.text.replace(chr(10), '')}")
        elif block.role is Role.IMPRINT:
            lines.append(block.text.replace("\t", "　　"))
        elif block.role is Role.HEADING and hash_offset:
            lines.append(f"{'#' * (block.level + hash_offset)} {block.text}")
        else:
            if block.role is Role.CLOSING and (not lines or lines[-1] != CLOSING_MARK):
                lines.append(CLOSING_MARK)
            lines.append(block.text)
    return "\n\n".join(lines) + "\n"


MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


class Span(Protocol):
    start: int
    end: int


def marked_blocks(blocks: list[Block], spans: Sequence[Span]) -> list[Block]:
    """``blocks`` with each span (offsets in their text joined by newlines, as plain_text) wrapped in
    <mark>…</mark>: a highlight in any Markdown viewer, plain to see in the file itself."""
    out, position = [], 0
    for block in blocks:
        end = position + len(block.text)
        inside = sorted({(max(s.start, position) - position, min(s.end, end) - position) for s in spans
                         if s.start is not None and s.start < end and s.end > position}, reverse=True)
        text = block.text
        for start, stop in inside:
            text = text[:start] + MARK_OPEN + text[start:stop] + MARK_CLOSE + text[stop:]
        out.append(replace(block, text=text))
        position = end + 1
    return out


def write_markdown(doc: DraftDocument, path: Path, *, flagged: Sequence[Span] = ()) -> None:
    """Write ``doc`` as Markdown (atomically); ``flagged`` spans of plain_text(doc) are marked."""
    blocks = layout(doc)
    atomic_write_text(Path(path), render_blocks(marked_blocks(blocks, flagged) if flagged else blocks))


def markdown_paras(text: str) -> list[Para]:
    """One Para per line (so a paragraph index is a line index); blank lines are empty Paras."""
    paras: list[Para] = []
    closing = False
    for line in text.split("\n"):
        stripped = line.strip()
        hashes = len(stripped) - len(stripped.lstrip("#"))
        if stripped == CLOSING_MARK:
            closing = True
            paras.append(Para(""))
        elif hashes and stripped[hashes:hashes + 1] == " ":
            content = stripped[hashes:].strip()
            if hashes == 1 and not any(p.role is Role.TITLE for p in paras):
                paras.append(Para(content, Role.TITLE, hashes=1))
            else:
                found = split_marker(content)
                level = found[0] if found else max(1, hashes - 1)
                paras.append(Para(content, Role.HEADING, level, hashes=hashes))
        else:
            paras.append(Para(stripped, Role.CLOSING if closing and stripped else None))
    return paras
