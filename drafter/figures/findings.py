"""What the checker says: a verdict on each figure (``Finding``), the report on a text, and the errors of a
report put as instructions for the model's repair round."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from drafter.figures.model import Quantity


class Verdict(StrEnum):
    """What the checker says of a figure."""

    SUPPORTED = "supported"  # the data states it, or it follows from the data
    ERROR = "error"  # the data contradicts it, or (unless proofreading partial data) does not hold it
    WARNING = "warning"  # a supplied figure the text never uses
    UNVERIFIED = "unverified"  # proofreading partial data (--partial): the data does not cover this figure


class Kind(StrEnum):
    """The rule that decided a verdict, as the report names it."""

    MATCH = "match"
    DERIVED = "derived"
    WRONG_VALUE = "wrong_value"
    WRONG_SCALE = "wrong_scale"
    WRONG_UNIT = "wrong_unit"
    PERCENT_POINT = "percent_point"
    APPROXIMATION = "approximation"
    MISATTRIBUTED = "misattributed"
    STALE_PERIOD = "stale_period"
    PLACEHOLDER = "placeholder"
    UNSUPPORTED = "unsupported"
    UNCOVERED = "uncovered"  # unverified: outside the partial data
    UNUSED = "unused"  # a supplied figure the text never uses (a warning on the data, not on a figure)
    # warnings on a sentence, not on a figure (drafter.tense): a plan written as done, a date out of the period
    TENSE = "tense"
    TIME = "time"
    CONTENT = "content"


# Kinds of findings that are no figure of the text: the summary counts figures without them.
NOT_FIGURES = frozenset({Kind.UNUSED, Kind.TENSE, Kind.TIME, Kind.CONTENT})


class Confidence(StrEnum):
    """Whether a finding names its supplied figure with certainty: the clause names that indicator or fact
    and no rival label fits nearly as well. Only a certain finding proposes a value (``expected`` on an error)."""

    CERTAIN = "certain"
    UNCERTAIN = "uncertain"


SUPPORTED, ERROR, WARNING, UNVERIFIED = Verdict.SUPPORTED, Verdict.ERROR, Verdict.WARNING, Verdict.UNVERIFIED
CERTAIN, UNCERTAIN = Confidence.CERTAIN, Confidence.UNCERTAIN


@dataclass(frozen=True, slots=True)
class Candidate:
    """A supplied figure an uncertain finding may be about, for the person to choose from."""

    text: str  # "28家"
    source: str  # "指标 有效期内高新技术企业 (notes.yaml:5)"


@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict on one figure (or, for ``unused``, on one supplied figure the text never uses).

    ``expected`` is, on a supported figure, the supplied figure (or derived amount) it states; on an error,
    the value it should have — only when ``confidence`` is certain. An uncertain error proposes nothing and
    lists its closest ``candidates`` instead. ``rule`` names the rule that decided ("match.value",
    "derived.growth", "attribution.swap", "value.scale" …).
    """

    text: str
    start: int | None
    end: int | None
    verdict: Verdict
    kind: Kind
    expected: str | None
    source: str | None
    message: str
    confidence: Confidence = CERTAIN
    rule: str = ""
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """Counts of a report: figures checked, supported (of them derived), errors, warnings, figures left
    unverified (partial data), per kind."""

    figures: int
    supported: int
    derived: int
    errors: int
    warnings: int
    by_kind: dict[str, int]
    unverified: int = 0


@dataclass
class CheckReport:
    """All findings on a text, in text order (unused-data warnings last). ``partial``: checked as
    proofreading against partial data (figures the data does not cover are ``unverified``)."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    partial: bool = False

    @property
    def errors(self) -> list[Finding]:
        """The findings that are errors."""
        return [f for f in self.findings if f.verdict == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings that are warnings."""
        return [f for f in self.findings if f.verdict == WARNING]

    @property
    def unverified(self) -> list[Finding]:
        """The figures the (partial) data does not cover."""
        return [f for f in self.findings if f.verdict == UNVERIFIED]

    @property
    def summary(self) -> CheckSummary:
        """The counts of the report: ``figures`` counts the text's figures only (no unused-data warning, no
        sentence warning such as a tense or a date, ``NOT_FIGURES``); ``warnings`` counts every warning."""
        on_text = [f for f in self.findings if f.kind not in NOT_FIGURES]
        return CheckSummary(
            figures=len(on_text),
            supported=sum(f.verdict == SUPPORTED for f in on_text),
            derived=sum(f.verdict == SUPPORTED and f.kind == "derived" for f in on_text),
            errors=len(self.errors),
            warnings=len(self.warnings),
            by_kind=dict(Counter(str(f.kind) for f in self.findings)),
            unverified=len(self.unverified),
        )

    def to_dict(self) -> dict[str, object]:
        """Findings and summary as plain data (verdicts, kinds and confidences as their strings)."""
        return {"findings": [asdict(f) for f in self.findings], "summary": asdict(self.summary),
                "partial": self.partial}

    def to_json(self) -> str:
        """Findings and summary as JSON (the report file written next to a draft)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def finding_on(q: Quantity, verdict: Verdict, kind: Kind | str, expected: str | None, source: str | None,
               message: str, *, rule: str, confidence: Confidence = CERTAIN,
               candidates: tuple[Candidate, ...] = ()) -> Finding:
    """The finding on text figure ``q``."""
    return Finding(q.text, q.start, q.end, Verdict(verdict), Kind(kind), expected, source, message, confidence,
                   rule, candidates)


# What the model is told per kind of error, when the finding is certain; any other kind is a wrong value.
_REPAIR = {
    Kind.UNSUPPORTED: "句中“{text}”在所给数据中没有依据，请删除这个数字或改写这句话，不要换成其他数字。",
    Kind.PLACEHOLDER: "句中“{text}”是未填写的占位符：数据中有这项数字的，照数据写；没有的，请删去这部分内容，不要编造数字。",
    Kind.APPROXIMATION: "句中“{text}”的约数写法与数据不符：{message}{source}。",
    Kind.STALE_PERIOD: "句中“{text}”是上期的数据，不是本期数：{message}{source}。",
    Kind.MISATTRIBUTED: "句中“{text}”是另一项指标的数字，与句中所说的内容不符，应为“{expected}”{source}。",
    Kind.DERIVED: "句中“{text}”不能由数据推算得出，{message}{source}。",
}
_WRONG_VALUE = "句中“{text}”与数据不符，应为“{expected}”{source}。"
# An uncertain finding names no value: the model removes the figure or rephrases, and never guesses one.
_UNCERTAIN = "句中“{text}”无法与所给数据对应（{message}）。请删除这个数字或改写这句话，不要自行推算或换成其他数字。"


def repair_instructions(report: CheckReport) -> list[str]:
    """Each error in plain Chinese, for the model's repair round. Only a certain finding with a value names the
    value to write; any other asks to remove or rephrase (a target stated as done: what was done, the data does
    not say)."""
    out = []
    for f in report.errors:
        if (f.confidence is UNCERTAIN or f.expected is None) and f.kind not in (Kind.PLACEHOLDER, Kind.UNSUPPORTED):
            template = _UNCERTAIN
        else:
            template = _REPAIR.get(f.kind, _WRONG_VALUE)
        out.append(template.format(text=f.text, message=f.message.rstrip("。"), expected=f.expected,
                                   source=f"（来源：{f.source}）" if f.source else ""))
    return out
