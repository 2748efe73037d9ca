"""Headings of 公文 (一、 / （一） / 1、 / （1）), section kinds, and the section tree of a document.

``split_heading`` is the one heading parser of the project: the corpus builder, the draft reader and
the evaluation all use it, so a heading means the same thing everywhere.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from drafter.corpus.kinds import classify_kind
from drafter.corpus.model import Section, SectionKind, Table

_CN = "一二三四五六七八九十"
CHINESE_NUMERALS = [*_CN, *(f"十{d}" for d in _CN[:-1]), "二十"]  # 一 … 二十

_PATTERNS: list[tuple[int, re.Pattern[str], str]] = [
    (2, re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*"), "（{}）"),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*"), "（{}）"),
    (1, re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]\s*"), "{}、"),
    (3, re.compile(r"^(\d{1,2}|[Xx]{1,2})\s*[、.．](?!\d)\s*"), "{}、"),
]
_SENTENCE_END = re.compile(r"[。！？；：]")
_TRAILING = "。．.，,、；;：:！!？? \t"
_ENUMERATION = "一是"
_LONG_HEADING = 40


class HeadingParts(NamedTuple):
    """A paragraph that opens with a numbered heading: its level, marker, heading text and the rest."""

    level: int  # 1 一、 / 2 （一） / 3 1、 / 4 （1）
    number: str  # the marker in full-width form: 一、 （一） 1、 （1）
    heading: str  # heading text without marker and trailing punctuation
    rest: str  # body text that followed the heading in the same paragraph ("" if none)


def split_heading(paragraph: str) -> HeadingParts | None:
    """Parse a paragraph that starts with a numbered heading; None for an ordinary paragraph.

    The heading is the first sentence (up to 。！？；：); a very long first sentence whose body starts
    with 一是 is split before it ("（一）创平台，为高质量发展打造策源地一是…").
    """
    text = paragraph.strip()
    for level, pattern, form in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        remainder = text[match.end():]
        if not remainder.strip(_TRAILING):
            return None
        heading, rest = _heading_and_rest(remainder)
        return HeadingParts(level, form.format(match.group(1).upper()), heading, rest)
    return None


def _heading_and_rest(text: str) -> tuple[str, str]:
    end = _SENTENCE_END.search(text)
    heading, rest = (text[: end.start()], text[end.end():]) if end else (text, "")
    enumeration = heading.find(_ENUMERATION)
    if len(heading) > _LONG_HEADING and enumeration >= 4:
        heading, rest = text[:enumeration], text[enumeration:]
    return heading.strip(_TRAILING), rest.strip()


_UNNUMBERED_MAX = 16
_NOT_A_HEADING = re.compile(r"[，。；：！？、,.;:!?]|局|汇编|汇总|篇")


def is_unnumbered_heading(paragraph: str) -> bool:
    """A short punctuation-free line announcing a part, e.g. 福州's "X年工作成效" / "X年工作思路"."""
    text = paragraph.strip()
    return (0 < len(text) <= _UNNUMBERED_MAX and not _NOT_A_HEADING.search(text)
            and classify_kind(text) is not SectionKind.OTHER)


def heading_of(paragraph: str) -> HeadingParts | None:
    """A numbered heading, else an unnumbered one (level 1, empty marker), else None."""
    parts = split_heading(paragraph)
    if parts is None and is_unnumbered_heading(paragraph):
        parts = HeadingParts(1, "", paragraph.strip(), "")
    return parts


_MISSING_NUMERAL = re.compile(r"^、\s*")


def _repair_missing_numeral(paragraph: str, roots: list[Section]) -> HeadingParts | None:
    """A level-1 heading whose numeral the capture lost ("、培训教师：") takes the next numeral."""
    if not _MISSING_NUMERAL.match(paragraph):
        return None
    numbered = [s for s in roots if s.level == 1 and s.number.endswith("、")]
    previous = numbered[-1].number.rstrip("、") if numbered else ""
    position = CHINESE_NUMERALS.index(previous) + 1 if previous in CHINESE_NUMERALS else 0
    if position >= len(CHINESE_NUMERALS):
        return None
    return split_heading(CHINESE_NUMERALS[position] + paragraph.strip())


def build_tree(items: list[str | Table]) -> tuple[list[str], list[Section]]:
    """Paragraphs and tables in reading order → (preamble paragraphs, top-level sections).

    A heading opens a section under the nearest open section of a lower level; the text after a
    heading in its paragraph starts that section's body. Kinds are left to ``kinds.assign_kinds``.
    """
    preamble: list[str] = []
    roots: list[Section] = []
    stack: list[Section] = []
    for item in items:
        if isinstance(item, Table):
            if stack:
                stack[-1].tables.append(item)
            else:
                preamble.extend(" ".join(row) for row in item.rows)
            continue
        parts = heading_of(item) or _repair_missing_numeral(item, roots)
        if parts is None:
            (stack[-1].body if stack else preamble).append(item)
            continue
        section = Section(parts.level, parts.number, parts.heading)
        while stack and stack[-1].level >= section.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
        if parts.rest:
            section.body.append(parts.rest)
    return preamble, roots
