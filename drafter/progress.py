"""Progress of a drafting run, one small typed event per step of a section, for a progress bar or a
web page that streams them (``event.to_dict()`` is plain JSON).

For each section, in this order: ``started``; ``round`` after each reply was checked (``round`` 1 is
the first reply, 2 the first repair; ``errors`` the figures still wrong in it); then ``done`` (the
attempt kept: ``round`` of it, its ``errors``) or ``marked`` (no usable reply: the section carries a
visible 【待补充：…】 marker and ``reason`` says why). A section finished by an earlier start of a
resumed run gives ``started`` and ``done`` with ``resumed`` true. ``done``/``total`` count finished
sections of the whole run (the opening paragraph included), so ``done == total`` after the last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Step(StrEnum):
    STARTED = "started"
    ROUND = "round"
    DONE = "done"
    MARKED = "marked"


@dataclass(frozen=True)
class SectionEvent:
    """One step of one section. ``heading`` is "" for the opening paragraph (key "opening")."""

    step: Step
    key: str
    heading: str
    done: int  # sections of the run finished so far (after this event)
    total: int  # sections the run drafts
    round: int | None = None  # 1 = first reply; n = (n-1)-th repair round
    errors: int | None = None  # figure errors in that round's reply (round, done)
    reason: str | None = None  # why a section is marked (marked)
    resumed: bool = False  # finished by an earlier start of this run (done)

    @property
    def finished(self) -> bool:
        return self.step in (Step.DONE, Step.MARKED)

    def to_dict(self) -> dict[str, object]:
        """The event as plain JSON-ready data (``step`` as its string)."""
        return asdict(self) | {"step": str(self.step)}


ProgressCallback = Callable[[SectionEvent], None]


def ignore(event: SectionEvent) -> None:
    """A callback that does nothing (the default)."""
