"""The parts of a checked text: its sections (by heading marker, matched to the notes outline by heading),
its sentences and paragraphs, and at any position the innermost section's outline key and the years
the headings above it name."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from drafter.figures.binding import bigrams
from drafter.figures.supplied import binding_words, outline_keys, period_years
from drafter.notes import Notes
from drafter.text import to_simplified

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
# Heading markers by level: 一、 （一） 1、 （1）.
_HEADING = re.compile(r"[ \t\u3000]*(?:(?P<l1>[一二三四五六七八九十]+[、.．])|(?P<l2>[（(][一二三四五六七八九十]+[）)])"
                      r"|(?P<l3>\d{1,2}[、.．](?!\d))|(?P<l4>[（(]\d{1,2}[）)]))")


@dataclass(frozen=True)
class TextSection:
    """A section of the checked text; ``key`` is the notes outline position it writes, when known."""

    heading: str
    start: int
    end: int
    key: tuple[int, ...] | None = None
    level: int = 0  # 1 for 一、, 2 for （一）, 3 for 1、, 4 for （1）; 0 when not known


def find_sections(text: str) -> list[TextSection]:
    """Sections of the text by their heading markers (一、 （一） 1、 （1）); each runs to the next heading.

    Not ``corpus.outline.split_heading``: that one also takes X、 and a spaced （ 一 ） for a marker, skips a
    bare marker, ends a heading at ！？； too and strips its trailing punctuation, which would move the
    sections, their headings and the unused-data warnings placed on them.
    """
    heads: list[tuple[int, str, int]] = []
    position = 0
    for paragraph in text.split("\n"):
        match = _HEADING.match(paragraph)
        if match:
            rest = paragraph[match.end():]
            cut = min((i for i in (rest.find("。"), rest.find("："), rest.find(":")) if i >= 0), default=len(rest))
            heads.append((position, rest[:cut].strip(), int((match.lastgroup or "l1")[1])))
        position += len(paragraph) + 1
    return [TextSection(heading, start, heads[i + 1][0] if i + 1 < len(heads) else len(text), level=level)
            for i, (start, heading, level) in enumerate(heads)]


def with_keys(sections: Sequence[TextSection], notes: Notes) -> list[TextSection]:
    """Give each text section the notes outline key whose heading it resembles (Dice ≥ 0.5)."""
    outline = [(key, bigrams(binding_words(to_simplified(s.heading)))) for key, s in outline_keys(notes)]
    known: dict[str, tuple[int, ...] | None] = {}

    def key_of(heading_text: str) -> tuple[int, ...] | None:
        words = bigrams(binding_words(to_simplified(heading_text)))
        best, best_key = 0.5, None
        for key, heading in outline:
            if words and heading:
                dice = 2 * len(words & heading) / (len(words) + len(heading))
                if dice >= best:
                    best, best_key = dice, key
        return best_key

    out = []
    for section in sections:
        if section.key is None:
            if section.heading not in known:
                known[section.heading] = key_of(section.heading)
            section = replace(section, key=known[section.heading])
        out.append(section)
    return out


def outline_section(notes: Notes, number: str, length: int) -> list[TextSection]:
    """The sections a text of ``length`` characters stands in when it is the body of one outline section (the
    drafting loop checks each section's body on its own): that section and the ones above it, each spanning
    the whole text, with their notes headings (which name their years). ``number`` is the section's number path
    as the drafter writes it ("三.（二）.1"); an unknown one gives none."""
    from drafter.figures.supplied import section_number

    keys = {section_number(key): (key, section) for key, section in outline_keys(notes)}
    if number not in keys:
        return []
    key, _ = keys[number]
    headings = dict(outline_keys(notes))
    return [TextSection(headings[key[:depth]].heading, 0, length, key=key[:depth], level=depth)
            for depth in range(1, len(key) + 1)]


def related(a: tuple[int, ...] | None, b: tuple[int, ...]) -> bool:
    """Whether two outline keys lie on one branch (one is the other or contains it)."""
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] == b[:n]


class HeadingPeriods:
    """The years the headings above any position name: a heading's own (一、2025年工作情况), or else the
    nearest enclosing heading's that names any (（一）… under 二、2021—2025年回顾)."""

    def __init__(self, sections: Sequence[TextSection]):
        self.starts: list[int] = []
        self.years: list[frozenset[int]] = []
        enclosing: list[tuple[int, frozenset[int]]] = []
        for section in sorted(sections, key=lambda s: s.start):
            while enclosing and enclosing[-1][0] >= section.level:
                enclosing.pop()
            years = period_years(section.heading) or (enclosing[-1][1] if enclosing else frozenset())
            enclosing.append((section.level, years))
            self.starts.append(section.start)
            self.years.append(years)

    def years_at(self, position: int) -> frozenset[int]:
        """The years the headings above ``position`` name."""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.years[index] if index >= 0 else frozenset()


class SectionIndex:
    """The key of the innermost keyed section at any position, by one bisection: the sections
    (nested or one after another) are swept once into the points where the innermost one changes."""

    def __init__(self, sections: Sequence[TextSection]):
        self.points: list[int] = []
        self.keys: list[tuple[int, ...] | None] = []
        open_sections: list[TextSection] = []
        for section in sorted((s for s in sections if s.key is not None), key=lambda s: (s.start, -s.end)):
            self._close(open_sections, section.start)
            open_sections.append(section)
            self._mark(section.start, section.key)
        self._close(open_sections, None)

    def _close(self, open_sections: list[TextSection], before: int | None) -> None:
        while open_sections and (before is None or open_sections[-1].end <= before):
            ended = open_sections.pop()
            self._mark(ended.end, open_sections[-1].key if open_sections else None)

    def _mark(self, point: int, key: tuple[int, ...] | None) -> None:
        self.points.append(point)
        self.keys.append(key)

    def key_at(self, position: int) -> tuple[int, ...] | None:
        """The outline key of the innermost keyed section at ``position``, or None."""
        index = bisect.bisect_right(self.points, position) - 1
        return self.keys[index] if index >= 0 else None


def paragraph_starts(text: str) -> list[int]:
    """The offset of every paragraph (line) of the text."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: up to and including 。！？；!?; or a line break. Offsets, unlike
    ``drafter.text.split_sentences``, which also keeps a closing quote with its sentence and does not end
    one at a line break."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
