"""Judging a section's attempts by the figure errors AND by what each keeps of the user's content.

An attempt is *degraded* — no section text at all — when it is empty, a refusal, or only a
placeholder (【待补充】) for a section that has facts or indicators. Between usable attempts:

1. a degraded attempt never replaces another;
2. an attempt that covers fewer of the section's facts and indicators never replaces one that covers
   more (a repair that drops a fact to drop its figure loses the user's content; the fuller attempt's
   wrong figure stays flagged and visible instead);
3. an attempt much shorter than the kept one (under ``MUCH_SHORTER`` of its length) never replaces it;
4. otherwise the one with fewer figure errors wins; on a tie the earlier one stays.

A fact is covered when every figure it holds appears in the text (10余次 → 10), or, for a fact
without figures, when at least ``WORDS_COVERED`` of its character pairs do; an indicator when its
value does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drafter.backends.base import SectionTask
from drafter.cleaning import figures_of, is_refusal
from drafter.figures.reconcile import CheckReport
from drafter.notes import Indicator

MUCH_SHORTER = 0.5
WORDS_COVERED = 0.4
PLACEHOLDER = "待补充"

# Why an attempt is no section text, in the words the document's marker uses.
DEGRADED = {
    "empty": "模型多次返回空白回复",
    "truncated": "模型回复多次被截断",
    "refusal": "模型拒绝撰写本节",
    "placeholder": "模型未写出本节内容",
    "failed": "接口多次请求失败",
}  # no figure in any of them: a marker is never checked as a figure


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if "\u3400" <= c <= "\u9fff"]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def fact_covered(fact: str, body: str) -> bool:
    figures = figures_of(fact)
    if figures:
        return figures <= figures_of(body)
    pairs = _pairs(fact)
    return not pairs or len(pairs & _pairs(body)) >= WORDS_COVERED * len(pairs)


def indicator_covered(indicator: Indicator, body: str) -> bool:
    figures = figures_of(indicator.raw_value or "") or figures_of(format(indicator.value.normalize(), "f"))
    return not figures or figures <= figures_of(body)


def missing_items(task: SectionTask, body: str) -> tuple[str, ...]:
    """The facts and indicators (by name) of ``task`` that ``body`` does not cover."""
    missing = [fact for fact in task.facts if not fact_covered(fact, body)]
    missing += [i.name for i in task.indicators if not indicator_covered(i, body)]
    return tuple(missing)


@dataclass(frozen=True)
class Attempt:
    """One round's section body as judged: ``round`` 1 is the first reply."""

    round: int
    body: str
    errors: int
    missing: tuple[str, ...]
    degraded: str | None = None  # a key of DEGRADED
    report: CheckReport | None = None


def judge(round_: int, body: str, report: CheckReport | None, task: SectionTask) -> Attempt:
    """The attempt ``body`` makes at ``task`` in round ``round_``."""
    missing = missing_items(task, body)
    has_data = bool(task.facts or task.indicators)
    degraded = None
    if not body.strip():
        degraded = "empty"
    elif is_refusal(body):
        degraded = "refusal"
    elif has_data and PLACEHOLDER in body and len(missing) == len(task.facts) + len(task.indicators):
        degraded = "placeholder"
    errors = len(report.errors) if report is not None else 0
    return Attempt(round_, body, errors, missing, degraded, report)


def better(candidate: Attempt, kept: Attempt | None) -> bool:
    """Whether ``candidate`` replaces ``kept`` (the rules of this module, in order)."""
    if candidate.degraded:
        return False
    if kept is None or kept.degraded:
        return True
    if len(candidate.missing) > len(kept.missing):
        return False
    if len(candidate.body) < MUCH_SHORTER * len(kept.body):
        return False
    return (len(candidate.missing), candidate.errors) < (len(kept.missing), kept.errors)


def best_of(attempts: Sequence[Attempt]) -> Attempt | None:
    kept: Attempt | None = None
    for attempt in attempts:
        if better(attempt, kept):
            kept = attempt
    return kept
