"""Cleaning a raw capture: reading any supported file, script conversion, web furniture, broken lines, tables.

The steps run in this order on the lines of one source file:
decode → traditional→simplified → punctuation → site header → tail furniture → boilerplate lines,
目录/提纲 blocks → paragraphs broken mid-sentence rejoined → blocks (paragraphs and rebuilt tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from drafter.corpus.model import Table
from drafter.corpus.outline import is_unnumbered_heading, split_heading
from drafter.errors import InputError
from drafter.files import read_text
from drafter.text import to_simplified

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")

_HAN = re.compile(r"[\u3400-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_TERMINAL = "。！？!?…”’」』）)"


@dataclass
class Line:
    """One non-empty line of cleaned text and the 1-based source lines (or paragraphs) it spans."""

    text: str
    first: int
    last: int


@dataclass
class Block:
    """A paragraph or a table of a cleaned source; ``dropped`` marks a flattened table that was removed."""

    text: str
    first: int
    last: int
    table: Table | None = None
    dropped: bool = False


@dataclass
class CleanSource:
    """A source file after cleaning: its blocks and what its site header said."""

    blocks: list[Block]
    script: str  # "simplified" | "traditional"
    header_unit: str | None = None  # 信息来源: … on a portal header line
    header_place: str | None = None  # … 人民政府门户网站 on a portal header line


# ---------------------------------------------------------------- reading files


def read_source_lines(path: Path) -> list[str]:
    """The lines (or Word paragraphs, table rows tab-separated) of a supported source file."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a file; name the document files themselves")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix or '(none)'}; use .txt, .docx or .md")
    if suffix == ".docx":
        return _docx_lines(path)
    if path.stat().st_size == 0 or not path.read_bytes().strip():
        raise InputError(path, "the file is empty; supply a document with text")
    lines = read_text(path).split("\n")
    return _markdown_lines(lines) if suffix == ".md" else lines


def _docx_lines(path: Path) -> list[str]:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    from drafter.export.reading import open_docx

    if path.stat().st_size == 0:
        raise InputError(path, "the file is empty; supply a document with text")
    document = open_docx(path)
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, DocxTable):
            lines.extend("\t".join(cell.text.strip() for cell in row.cells) for row in item.rows)
    if not any(line.strip() for line in lines):
        raise InputError(path, "the Word document holds no text")
    return lines


_MD_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _markdown_lines(lines: list[str]) -> list[str]:
    """Markdown reduced to plain lines: heading marks, list bullets, emphasis and front matter removed."""
    if lines and lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        end = [line.strip() for line in lines[1:]].index("---") + 1
        lines = lines[end + 1:]
    plain = []
    for line in lines:
        stripped = line.strip()
        if _MD_SEPARATOR_ROW.match(stripped):
            plain.append("")
            continue
        if stripped.startswith("|"):
            plain.append("\t".join(cell.strip() for cell in stripped.strip("|").split("|")))
            continue
        stripped = re.sub(r"^(#{1,6}\s+|[-*+]\s+|>\s*)", "", stripped)
        plain.append(re.sub(r"(\*\*|__|`)", "", stripped))
    return plain


# ---------------------------------------------------------------- text normalisation


def detect_script(text: str) -> str:
    """'traditional' when converting to simplified changes a noticeable share of the Han characters."""
    han = _HAN.findall(text)
    changed = sum(1 for a, b in zip(text, to_simplified(text), strict=False) if a != b)
    return "traditional" if han and changed > 0.02 * len(han) else "simplified"


_PAREN_HAN = re.compile(r"\(([^()]*[\u3400-\u9fff][^()]*)\)")


def normalise_punctuation(text: str) -> str:
    """Half-width Chinese punctuation made full-width (numbers and times untouched); 159。3 → 159.3."""
    text = re.sub(r"(?<=\d)。(?=\d)", ".", text)
    text = re.sub(r",(?!\d)|(?<!\d),", "，", text)
    text = re.sub(r";", "；", text)
    text = re.sub(r":(?!\d)|(?<!\d):", "：", text)
    text = re.sub(r"(?<=[\u3400-\u9fff])\?|\?(?=[\u3400-\u9fff])", "？", text)
    text = re.sub(r"(?<=[\u3400-\u9fff])!|!(?=[\u3400-\u9fff])", "！", text)
    return _PAREN_HAN.sub(r"（\1）", text)


_WIDE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"


def collapse_spaces(text: str) -> str:
    """Spaces next to Chinese characters removed (capture artefacts), other runs made single."""
    text = re.sub(rf"(?<={_WIDE})\s+|\s+(?={_WIDE})", "", text.strip())
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------- web furniture

_HEADER = re.compile(r"(发布时间|信息来源|门户网站)")
_HEADER_UNIT = re.compile(r"信息来源：\s*([\u3400-\u9fff]{2,20}局)")
_HEADER_PLACE = re.compile(r"([\u3400-\u9fff]{2,6}?[市县区])人民政府门户网站")

# From the first line matching one of these on, the capture is site furniture (paywall, tipping, footer).
_TAIL = re.compile(
    r"^(阅读全文|（?想阅读完全部|如果喜欢本篇|尚未有人赏赞|请选择打赏|赏赞$|分享：|关于本文$|本文标题|链接地址"
    r"|相关内容|确认删除|回到顶部|(\d+、)?当您付费下载|本站所有内容|(任何问题)?请联系客服|(\d+、)?如遇任何问题)"
)
_BOILERPLATE_LINE = re.compile(
    r"^(电脑桌面|添加.{0,8}到电脑桌面|安装后可以在桌面快捷访问|文章导读|热门推荐|本周热门|本月热门|二维码"
    r"|微信订阅号|搜索资料|我的下载|会员中心|联系客服.*|\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}(:\d{2})?( \d+)?)$"
)
_WEB_ADDRESS = re.compile(r"(www\.|https?://|\.com\b|\.cn\b)")
_INLINE_BOILERPLATE = re.compile(r"VIP专享|VIP专属")
_DOT_LEADER = re.compile(r"(\.{4,}|…{2,}|·{4,})\s*\d*$")
_BLOCK_START = re.compile(r"^(目录|提纲|目\s+录)[：]?$")


def _is_heading_line(text: str) -> bool:
    return split_heading(text) is not None or is_unnumbered_heading(text)


def _is_bare_heading(text: str) -> bool:
    """A heading with no body text after it on its line."""
    parts = split_heading(text)
    return (parts is not None and not parts.rest) or is_unnumbered_heading(text)


def strip_furniture(lines: list[Line]) -> tuple[list[Line], str | None, str | None]:
    """Site header, tail furniture, boilerplate lines, 目录 and 提纲 blocks removed.

    Returns the remaining lines and the unit and place named on a portal header line, if any.
    """
    unit = place = None
    kept: list[Line] = []
    in_block = False
    for line in lines:
        text = _INLINE_BOILERPLATE.sub("", line.text).strip()
        if _TAIL.match(text):
            break
        if _HEADER.search(text) and not text.endswith("。"):
            unit = unit or _first_group(_HEADER_UNIT, text)
            place = place or _first_group(_HEADER_PLACE, text)
            continue
        if _BLOCK_START.match(text):
            in_block = True
            continue
        if in_block:
            # An outline or table of contents runs over heading-like lines and TOC entries.
            if _is_heading_line(text) or _DOT_LEADER.search(text) or len(text) <= 4:
                continue
            in_block = False
        if (not text or _BOILERPLATE_LINE.match(text) or _DOT_LEADER.search(text)
                or (_WEB_ADDRESS.search(text) and ("，" not in text or "目录" in text))):
            continue
        kept.append(Line(text, line.first, line.last))
    return kept, unit, place


def _first_group(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None


# ---------------------------------------------------------------- broken paragraphs

_JOIN_MIN_LENGTH = 30


def rejoin_broken_lines(lines: list[Line]) -> list[Line]:
    """A long line cut mid-word (ending in a Han character) continues on the next line: join them.

    Web captures break paragraphs at the page width: "…引导各类资源向创新" / "型企业倾斜，…".
    """
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (previous is not None
                and len(previous.text) >= _JOIN_MIN_LENGTH
                and _HAN.fullmatch(previous.text[-1])
                and _HAN.fullmatch(line.text[0])
                and not _is_bare_heading(previous.text)
                and not _is_heading_line(line.text)):
            joined[-1] = Line(previous.text + line.text, previous.first, line.last)
        else:
            joined.append(line)
    return joined


# ---------------------------------------------------------------- tables

_CELL_SPLIT = re.compile(r"\t|\s+")
_FLAT_CELL_MAX = 30
_FLAT_RUN_MIN = 6
_ROW_LABEL = re.compile(r"[（(]")


def _cells(text: str) -> list[str]:
    return [cell for cell in _CELL_SPLIT.split(text.strip()) if cell]


def _is_flat_cell(text: str) -> bool:
    return len(text) <= _FLAT_CELL_MAX and not re.search(r"[。；！？]", text) and split_heading(text) is None


def make_blocks(lines: list[Line]) -> list[Block]:
    """Lines grouped into paragraphs and tables: whitespace-separated rows and one-cell-per-line runs."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        width = len(_cells(lines[i].text))
        run = i
        while run < len(lines) and width >= 3 and len(_cells(lines[run].text)) == width:
            run += 1
        if run - i >= 2:
            rows = [_cells(line.text) for line in lines[i:run]]
            blocks.append(Block("", lines[i].first, lines[run - 1].last, table=Table(rows)))
            i = run
            continue
        run = i
        while run < len(lines) and _is_flat_cell(lines[run].text):
            run += 1
        if run - i >= _FLAT_RUN_MIN:
            blocks.append(_flattened_table([line.text for line in lines[i:run]], lines[i].first,
                                           lines[run - 1].last))
            i = run
            continue
        blocks.append(Block(collapse_spaces(lines[i].text), lines[i].first, lines[i].last))
        i += 1
    return blocks


def _flattened_table(cells: list[str], first: int, last: int) -> Block:
    """Rebuild a table the capture flattened to one cell per line, or drop it when rows do not line up.

    The header is the run of cells before the first row label (an indicator with its unit in brackets,
    "研发经费（亿元）"); each row label starts a row. A leading 序号 column the rows lack is left empty;
    a short last row is kept only when it is the end of the capture's table.
    """
    starts = [k for k, cell in enumerate(cells) if _ROW_LABEL.search(cell)]
    dropped = Block("\n".join(cells), first, last, dropped=True)  # text kept for the masked-figures check
    if not starts or starts[0] == 0:
        return dropped
    header = cells[: starts[0]]
    bounds = [*starts, len(cells)]
    rows = [cells[a:b] for a, b in pairwise(bounds)]
    numbered = header[0] in ("序号", "编号")
    width = len(header) - 1 if numbered else len(header)
    if any(len(row) != width for row in rows[:-1]) or len(rows[-1]) > width:
        return dropped
    rows = [row + [""] * (width - len(row)) for row in rows]
    if numbered:
        rows = [["", *row] for row in rows]
    return Block("", first, last, table=Table([header, *rows]))


# ---------------------------------------------------------------- the whole pipeline


def clean_source(raw_lines: list[str]) -> CleanSource:
    """Run every cleaning step over the raw lines of one source file."""
    original = "\n".join(raw_lines)
    script = detect_script(original)
    lines = [Line(normalise_punctuation(to_simplified(text)).strip(), number, number)
             for number, text in enumerate(raw_lines, start=1)]
    lines, unit, place = strip_furniture(lines)
    blocks = make_blocks(rejoin_broken_lines(lines))
    return CleanSource(blocks, script, header_unit=unit, header_place=place)


def ends_complete(block: Block) -> bool:
    """Whether a document ending with this block ends properly (not cut mid-sentence or mid-table)."""
    if block.dropped:
        return False
    return block.table is not None or block.text.rstrip().endswith(tuple(_TERMINAL))
