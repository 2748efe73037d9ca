"""The draft as a typed tree, its numbering, and the ordered paragraphs every writer lays out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from drafter.quantity.numerals import parse_chinese

_CHINESE_DIGITS = "零一二三四五六七八九"
_LEVELS = range(1, 5)


@dataclass
class DraftSection:
    """One numbered heading of the draft with its own paragraphs and its sub-sections.

    ``number`` is the marker as printed ("一、", "（一）", "1.", "（1）"; "" when unnumbered) and
    ``key`` the path of markers without punctuation ("一.（二）.3"); number_outline fills both.
    """

    level: int
    number: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    children: list[DraftSection] = field(default_factory=list)
    key: str = ""

    def walk(self) -> Iterator[DraftSection]:
        """This section and every descendant, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def title_line(self) -> str:
        """The heading as printed: marker and heading text."""
        return f"{self.number}{self.heading}"


@dataclass
class DraftDocument:
    """A whole draft: title, opening paragraphs, section tree, closing paragraphs, unit and date."""

    title: str
    unit: str
    date: dt.date
    opening: list[str]
    sections: list[DraftSection]
    closing: list[str] = field(default_factory=list)
    recipient: str | None = None  # 主送机关, printed under the title
    issuer: str | None = None  # 版记: 印发机关
    issue_date: dt.date | None = None  # 版记: 印发日期 (the 成文日期 when not given)

    def walk(self) -> Iterator[DraftSection]:
        """Every section in reading order, depth first."""
        for section in self.sections:
            yield from section.walk()


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (for 1 ≤ n < 1000)."""
    if not 0 < n < 1000:
        raise ValueError(f"section number out of range: {n}")
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = f"{_CHINESE_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CHINESE_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CHINESE_DIGITS[ones] if ones else "")


def number_marker(level: int, index: int) -> str:
    """The printed marker of the ``index``-th (1-based) heading at ``level``: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_numeral(index)}、"
    if level == 2:
        return f"（{chinese_numeral(index)}）"
    if level == 3:
        return f"{index}."
    if level == 4:
        return f"（{index}）"
    raise ValueError(f"heading level must be 1–4, not {level}")


def key_part(number: str) -> str:
    """The key component of a printed marker: "一、" → "一", "1." → "1", "（二）" stays "（二）"."""
    return number.strip().rstrip("、.．，,").replace("(", "（").replace(")", "）")


def section_key(parent_key: str, number: str) -> str:
    """The key of the section numbered ``number`` under ``parent_key`` ("" at the top): "一.（二）.3"."""
    part = key_part(number)
    return f"{parent_key}.{part}" if parent_key else part


def marker_value(part: str) -> int | None:
    """The integer a marker or key component stands for: "（二）" → 2, "3." → 3; None if none."""
    core = re.sub(r"[（）()、.．，,\s]", "", part)
    if core.isdigit():
        return int(core)
    try:
        return int(parse_chinese(core))
    except ValueError:
        return None


def number_outline(sections: list[DraftSection], level: int = 1, parent_key: str = "") -> None:
    """Assign level, printed number and key to every section from its place in the nesting."""
    if level not in _LEVELS and sections:
        raise ValueError("an outline may nest at most 4 levels (一、（一）1.（1）)")
    for index, section in enumerate(sections, start=1):
        section.level = level
        section.number = number_marker(level, index)
        section.key = section_key(parent_key, section.number)
        number_outline(section.children, level + 1, section.key)


def format_date(date: dt.date) -> str:
    """成文日期 in Arabic numerals: 2026年1月15日."""
    return f"{date.year}年{date.month}月{date.day}日"


class Role(StrEnum):
    """What a paragraph of the finished document is; each role has its own paragraph style."""

    TITLE = "title"
    OPENING = "opening"
    HEADING = "heading"
    BODY = "body"
    CLOSING = "closing"
    UNIT = "unit"
    DATE = "date"
    RECIPIENT = "recipient"
    IMPRINT = "imprint"


@dataclass(frozen=True)
class Block:
    """One paragraph of the laid-out document. ``level`` and ``key`` are set for headings and
    for the body paragraphs of a section."""

    role: Role
    text: str
    level: int = 0
    key: str = ""


def section_blocks(section: DraftSection) -> list[Block]:
    """A section's heading, its paragraphs and its descendants', in reading order."""
    blocks: list[Block] = []
    for part in section.walk():
        blocks.append(Block(Role.HEADING, part.title_line, part.level, part.key))
        blocks.extend(Block(Role.BODY, text, part.level, part.key) for text in _clean(part.paragraphs))
    return blocks


def recipient_line(recipient: str) -> str:
    """主送机关 as printed: ending in a full-width colon (§7.3.2)."""
    return recipient.strip().rstrip(":：") + "："


def imprint_line(doc: DraftDocument) -> str:
    """版记 (§7.4.3): 印发机关, a tab, then 印发日期 followed by 印发."""
    return f"{(doc.issuer or '').strip()}\t{format_date(doc.issue_date or doc.date)}印发"


def layout(doc: DraftDocument) -> list[Block]:
    """Every paragraph of the finished document in order: what both writers print. The title holds
    its line breaks (title_lines: between phrases, 梯形 or 菱形)."""
    from drafter.export.title import title_lines

    blocks = [Block(Role.TITLE, "\n".join(title_lines(doc.title.strip(), doc.unit.strip())))]
    if doc.recipient and doc.recipient.strip():
        blocks.append(Block(Role.RECIPIENT, recipient_line(doc.recipient)))
    blocks += [Block(Role.OPENING, text) for text in _clean(doc.opening)]
    for section in doc.sections:
        blocks += section_blocks(section)
    blocks += [Block(Role.CLOSING, text) for text in _clean(doc.closing)]
    if doc.unit.strip():
        blocks.append(Block(Role.UNIT, doc.unit.strip()))
    blocks.append(Block(Role.DATE, format_date(doc.date)))
    if doc.issuer and doc.issuer.strip():
        blocks.append(Block(Role.IMPRINT, imprint_line(doc)))
    return blocks


def plain_text(doc: DraftDocument) -> str:
    """The text of the .docx write_docx makes, as read_document_text returns it (offsets agree)."""
    return "\n".join(block.text for block in layout(doc))


def _clean(paragraphs: list[str]) -> list[str]:
    return [text.strip() for text in paragraphs if text.strip()]
