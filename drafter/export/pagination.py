"""Where a 公文's paragraphs fall on its pages, estimated from the page grid.

The layout of write_docx is a grid: a fixed line pitch, 22 lines a page, 28 characters a line, no widow
control. So a paragraph takes its width over the line width, rounded up (a 2号 title line takes two grid
lines), and a page ends after 22 lines — except that a heading is kept with the first line of what follows
(keepNext): a heading on a page's last line moves to the next page. The estimate is what LibreOffice lays
out to within a few lines over a whole report (line breaks round punctuation differ); it decides where the
版记 can go (gbt9704.imprint_placement), always with a margin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from drafter.export.model import Block, Role


@dataclass(frozen=True)
class PageEnd:
    """Where the text ends: its last page (1-based) and how many of that page's lines it uses."""

    page: int
    used: int


def text_width_twips(text: str) -> int:
    """The width of ``text`` set in the body type: a Chinese character 16 pt, a Latin letter or digit half
    that, each narrowed by the character spacing that fits 28 characters to a line, and a quarter of a
    character where Chinese meets Latin letters or digits (the space Word and LibreOffice put there)."""
    from drafter.export.gbt9704 import BODY_CHAR_TWIPS, CHAR_SPACING_TWIPS

    width, previous = 0, ""
    for ch in text:
        width += (BODY_CHAR_TWIPS // 2 if ord(ch) < 0x2E80 else BODY_CHAR_TWIPS) + CHAR_SPACING_TWIPS
        kind = "latin" if ch.isascii() and ch.isalnum() else "han" if "\u3400" <= ch <= "\u9fff" else ""
        if kind and previous and kind != previous:
            width += BODY_CHAR_TWIPS // 4
        previous = kind
    return width


def block_lines(block: Block) -> int:
    """Grid lines a paragraph takes, its space before and after included."""
    from drafter.export.gbt9704 import BODY_CHAR_TWIPS, TEXT_WIDTH_TWIPS, style_for

    spec = style_for(block)
    if block.role is Role.TITLE:
        lines = 2 * len(block.text.split("\n"))  # 2号 on a 3号 grid: two grid lines a line
    else:
        width = spec.first_line_chars * BODY_CHAR_TWIPS + text_width_twips(block.text)
        line = TEXT_WIDTH_TWIPS - spec.right_chars * BODY_CHAR_TWIPS
        lines = max(1, math.ceil(width / line))
    return spec.space_before_lines + lines + spec.space_after_lines


def _keeps_with_next(block: Block) -> bool:
    return block.role is Role.HEADING or block.role is Role.UNIT


def text_end(blocks: Sequence[Block], lines_per_page: int = 22) -> PageEnd:
    """The page and line where the last of ``blocks`` ends, laid out as write_docx does (space before a
    paragraph that starts a page is dropped, as Word and LibreOffice drop it)."""
    from drafter.export.gbt9704 import style_for

    page, used = 1, 0
    for index, block in enumerate(blocks):
        if _keeps_with_next(block) and used:
            chain, k = 0, index
            while k < len(blocks) and _keeps_with_next(blocks[k]):
                chain += block_lines(blocks[k])
                k += 1
            if k < len(blocks):
                chain += 1  # the first line of what follows
            if used + chain > lines_per_page:
                page, used = page + 1, 0
        lines = block_lines(block)
        if used in (0, lines_per_page) and page > 1:
            lines -= style_for(block).space_before_lines
        used += lines
        while used > lines_per_page:
            page, used = page + 1, used - lines_per_page
    return PageEnd(page, used)
