"""Typed objects of the cleaned corpus: a document and its section tree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class SectionKind(StrEnum):
    """What a top-level section is about; sub-sections inherit their top-level section's kind."""

    REVIEW = "review"  # 工作回顾 / 成效 / 情况 / 主要工作
    PROBLEMS = "problems"  # 问题 / 不足 / 困难
    PLAN = "plan"  # 计划 / 打算 / 思路 / 重点工作 / 下一步
    OTHER = "other"


@dataclass
class Table:
    """A table rebuilt from a capture that flattened it (header row first)."""

    rows: list[list[str]]


@dataclass
class Section:
    """One numbered (or unnumbered) heading with its own body and its sub-sections.

    ``number`` is the marker as written in the source, normalised to full-width forms
    ("一、", "（一）", "1、", "（1）"; "" for an unnumbered heading); ``heading`` is the heading
    text without the marker. ``body`` holds the paragraphs that belong to this section itself,
    not to its children; a heading that was the first sentence of a paragraph is split off it.
    """

    level: int
    number: str
    heading: str
    kind: SectionKind = SectionKind.OTHER
    body: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self, parents: tuple[Section, ...] = ()) -> Iterator[tuple[tuple[Section, ...], Section]]:
        """Yield (ancestors, section) for this section and every descendant, depth first."""
        yield parents, self
        for child in self.children:
            yield from child.walk((*parents, self))

    @property
    def title_line(self) -> str:
        """The heading as printed: marker and heading text."""
        return f"{self.number}{self.heading}"

    def text(self) -> str:
        """Heading and body of this section and its descendants, as plain text."""
        lines = [self.title_line, *self.body]
        lines.extend(child.text() for child in self.children)
        return "\n".join(line for line in lines if line)


@dataclass
class Document:
    """One cleaned sample document (a compilation yields several)."""

    id: str  # stable, e.g. "002-yuanling"
    title: str
    source: str  # raw file name under corpus/raw/
    unit: str | None = None  # writing unit when named, e.g. 沅陵县科学技术局
    years: list[int] = field(default_factory=list)
    script: str = "simplified"  # script of the original: "simplified" | "traditional"
    masked: bool = False  # figures replaced by X / XX placeholders
    complete: bool = True  # False when the capture cuts the document off
    dup_group: str = ""  # near-duplicate group; documents of one group are left out together
    place: str | None = None  # the place the document is about when named, e.g. 沅陵县 (unit may be None)
    source_lines: tuple[int, int] = (0, 0)  # first and last line (or Word paragraph) in the source file
    preamble: list[str] = field(default_factory=list)  # opening paragraphs before the first heading
    sections: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[tuple[Section, ...], Section]]:
        """Every section of the document with its ancestors, in reading order."""
        for top in self.sections:
            yield from top.walk()

    def text(self) -> str:
        """The whole cleaned text: title, preamble and sections."""
        parts = [self.title, *self.preamble, *(s.text() for s in self.sections)]
        return "\n".join(p for p in parts if p)

    @property
    def section_count(self) -> int:
        return sum(1 for _ in self.walk())
