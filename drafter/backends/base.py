"""The one contract every text generator meets: a section task in, the section's body text out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from drafter.notes import Indicator


@dataclass(frozen=True)
class Reference:
    """A retrieved corpus passage used as a style reference (its figures are never copied)."""

    doc_id: str
    title: str
    section_path: str  # e.g. "一、2025年工作情况 / （二）突出创新主体…"
    text: str
    score: float = 0.0


OPENING_KEY = "opening"  # SectionTask.key of the document's opening paragraph (no heading, no number)


@dataclass
class SectionTask:
    """Everything a backend may use to write the body of one outline section.

    Chat backends send ``messages`` (rendered from prompts/ by the drafting loop); the offline
    composer writes from the structured fields. ``repair`` holds the checker's findings on the
    previous attempt in plain words; it is empty on the first round.
    """

    key: str  # number path, e.g. "一.（一）.1"
    number: str  # marker as printed, e.g. "1."
    heading: str
    level: int
    doc_title: str
    doc_kind: str  # 总结 / 计划 / 总结和计划 …
    unit: str
    year: int
    section_kind: str  # review / problems / plan / other
    facts: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    outline: list[str] = field(default_factory=list)  # the whole outline, numbered, for context
    target_length: int = 300
    instruction: str | None = None
    repair: list[str] = field(default_factory=list)
    previous_reply: str | None = None
    attempt: int = 0  # 0 for the first reply, n for the n-th repair round
    current_text: str | None = None  # rewriting: the section as it stands, to be revised per instruction
    messages: list[dict[str, str]] = field(default_factory=list)


class Backend(Protocol):
    """A text generator: ``write`` returns the section body (paragraphs separated by newlines)."""

    name: str

    def write(self, task: SectionTask) -> str: ...
