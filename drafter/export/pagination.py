"""Where a 公文's paragraphs fall on its pages, estimated from the page grid.

The layout of write_docx is a grid: a fixed line pitch, 22 lines a page, 28 characters a line, no widow
control (but on the paragraph kept with the signature, which LibreOffice does not split). So a paragraph
takes as many lines as it breaks into (break_lines: characters fill a line; a mark that may not begin a line
takes the character before it down with it, an opening mark does not end one, a figure is not broken;
nothing hangs in the margin, gbt9704.OVERFLOW_PUNCTUATION), a 2号 title line takes two grid lines, and a page
ends after 22 lines — except that a paragraph kept with the next one (gbt9704.keeps_with_next) starts a new
page when it, the paragraphs kept with it and the first line of what follows do not fit: a heading on a
page's last line moves to the next page, and the last paragraph of text goes over whole with the signature
and date (LibreOffice does not split a paragraph kept with the next; Word may carry only its last lines,
ending the text a few lines earlier on the same page). The estimate is what LibreOffice lays out (the end of
the text to the line on the twelve rendered drafts and the nine documents of eval/imprint_pages.py); it
decides where the 版记 can go (gbt9704.imprint_placement), always with a margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drafter.export.model import Block, Role


@dataclass(frozen=True)
class PageEnd:
    """Where the text ends: its last page (1-based) and how many of that page's lines it uses."""

    page: int
    used: int


# Marks that may not begin a line and marks that may not end one (the closing and opening halves of
# GB/T 15834's marks, as Word's and LibreOffice's Chinese line breaking keeps them).
NO_LINE_START = "，。、；：？！）》」』〕】〗”’…·"
NO_LINE_END = "“‘（《「『〔【〖"


def _kind(ch: str) -> str:
    return "latin" if ch.isascii() and ch.isalnum() else "han" if "\u3400" <= ch <= "\u9fff" else ""


def _char_twips(ch: str) -> int:
    """A character's advance in the body type: a Chinese character or full-width mark 16 pt, anything
    narrower (Latin letters, digits, half-width signs) half that, each narrowed by the character spacing
    that fits 28 characters to a line."""
    from drafter.export.gbt9704 import BODY_CHAR_TWIPS, CHAR_SPACING_TWIPS

    return (BODY_CHAR_TWIPS // 2 if ord(ch) < 0x2E80 else BODY_CHAR_TWIPS) + CHAR_SPACING_TWIPS


def text_width_twips(text: str) -> int:
    """The width of ``text`` set in the body type (_char_twips), and a quarter of a character where Chinese
    meets Latin letters or digits (the space Word and LibreOffice put there)."""
    from drafter.export.gbt9704 import BODY_CHAR_TWIPS

    width, previous = 0, ""
    for ch in text:
        width += _char_twips(ch)
        kind = _kind(ch)
        if kind and previous and kind != previous:
            width += BODY_CHAR_TWIPS // 4
        previous = kind
    return width


def _pieces(text: str) -> list[str]:
    """What a line may break between: each Chinese character and mark on its own, a run of Latin letters,
    digits and half-width signs whole (2.79%, R&D, 2025 are never broken), a space on its own."""
    pieces: list[str] = []
    for ch in text:
        if pieces and ord(ch) < 0x2E80 and not ch.isspace() and ord(pieces[-1][-1]) < 0x2E80 \
                and not pieces[-1][-1].isspace():
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return pieces


def break_lines(text: str, first_line_twips: int, line_twips: int) -> list[str]:
    """``text`` broken into lines, its first line starting ``first_line_twips`` in: pieces (_pieces) fill a
    line; when the piece that does not fit may not begin a line (，。、…), the piece before it goes down
    with it, and a line does not end with an opening mark (“（《…). …孵化器、众创空 | 间、潇湘…: 间 went down
    with its 、, and that line holds 27 characters."""
    from drafter.export.gbt9704 import BODY_CHAR_TWIPS

    pieces = _pieces(text)
    widths = [text_width_twips(piece) for piece in pieces]
    for i in range(1, len(pieces)):  # the space where Chinese meets Latin, counted on the later piece
        if {_kind(pieces[i - 1][-1]), _kind(pieces[i][0])} == {"han", "latin"}:
            widths[i] += BODY_CHAR_TWIPS // 4
    starts, x, i = [0], first_line_twips, 0
    while i < len(pieces):
        if x + widths[i] <= line_twips or i == starts[-1]:
            x += widths[i]
            i += 1
            continue
        legal = [j for j in range(i, starts[-1], -1)
                 if pieces[j][0] not in NO_LINE_START and pieces[j - 1][-1] not in NO_LINE_END]
        j = legal[0] if legal else i  # no legal break on the line: it breaks where it is full
        starts.append(j)
        x, i = 0, j
    return ["".join(pieces[a:b]) for a, b in zip(starts, [*starts[1:], len(pieces)], strict=True)]


def block_lines(block: Block) -> int:
    """Grid lines a paragraph takes, its space before and after included."""
    from drafter.export.gbt9704 import BODY_CHAR_TWIPS, TEXT_WIDTH_TWIPS, style_for

    spec = style_for(block)
    if block.role is Role.TITLE:
        lines = 2 * len(block.text.split("\n"))  # 2号 on a 3号 grid: two grid lines a line
    else:
        line = TEXT_WIDTH_TWIPS - spec.right_chars * BODY_CHAR_TWIPS
        first = spec.first_line_chars * BODY_CHAR_TWIPS
        lines = sum(len(break_lines(part, first if n == 0 else 0, line)) for n, part in enumerate(block.text.split("\n")))
    return spec.space_before_lines + lines + spec.space_after_lines


def text_end(blocks: Sequence[Block], lines_per_page: int = 22) -> PageEnd:
    """The page and line where the last of ``blocks`` ends, laid out as write_docx does (space before a
    paragraph that starts a page is dropped, as Word and LibreOffice drop it)."""
    from drafter.export.gbt9704 import keeps_with_next, style_for

    page, used = 1, 0
    for index, block in enumerate(blocks):
        if keeps_with_next(blocks, index) and used:
            chain, k = 0, index
            while k < len(blocks) and keeps_with_next(blocks, k):
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
