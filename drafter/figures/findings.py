"""What the checker says: a verdict on each figure (``Finding``), the report on a text, the text figure
while it is being judged, and the errors of a report put as instructions for the model's repair round."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from drafter.figures.model import Quantity

SUPPORTED, ERROR, WARNING = "supported", "error", "warning"


@dataclass(frozen=True)
class Finding:
    """The verdict on one figure (or, for ``unused``, on one supplied figure the text never uses)."""

    text: str
    start: int | None
    end: int | None
    verdict: str  # supported | error | warning
    kind: str  # match, derived, wrong_value, wrong_scale, wrong_unit, percent_point, approximation,
    #            misattributed, stale_period, placeholder, unsupported, unused
    expected: str | None
    source: str | None
    message: str


@dataclass(frozen=True)
class CheckSummary:
    """Counts of a report: figures checked, supported (of them derived), errors, warnings, per kind."""

    figures: int
    supported: int
    derived: int
    errors: int
    warnings: int
    by_kind: dict[str, int]


@dataclass
class CheckReport:
    """All findings on a text, in text order (unused-data warnings last)."""

    text: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """The findings that are errors."""
        return [f for f in self.findings if f.verdict == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings that are warnings."""
        return [f for f in self.findings if f.verdict == WARNING]

    @property
    def summary(self) -> CheckSummary:
        """The counts of the report; unused-data warnings are not figures of the text."""
        on_text = [f for f in self.findings if f.kind != "unused"]
        return CheckSummary(
            figures=len(on_text),
            supported=sum(f.verdict == SUPPORTED for f in on_text),
            derived=sum(f.verdict == SUPPORTED and f.kind == "derived" for f in on_text),
            errors=len(self.errors),
            warnings=len(self.warnings),
            by_kind=dict(Counter(f.kind for f in self.findings)),
        )

    def to_dict(self) -> dict[str, object]:
        """Findings and summary as plain data."""
        return {"findings": [asdict(f) for f in self.findings], "summary": asdict(self.summary)}

    def to_json(self) -> str:
        """Findings and summary as JSON (the report file written next to a draft)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


@dataclass
class TextFigure:
    """A text figure while it is being judged."""

    quantity: Quantity
    before: str
    after: str
    words: dict[str, float]
    sentence: set[str]  # bigrams of the figure's whole sentence
    section: tuple[int, ...] | None
    index: int = 0  # its place among the figures of the text
    period: frozenset[int] = frozenset()  # the years its section's headings name (2025年工作情况 → 2025)
    year: int | None = None  # the year written for it in its clause (2024年的131家 → 2024)
    finding: Finding | None = None
    source: int | None = None  # the supplied figure it was matched to
    uses: set[int] = field(default_factory=set)  # supplied figures it uses (matched, or derived from)
    displaced: tuple[int, int] | None = None  # misattributed: (the value's owner, the figure meant)


def finding_on(q: Quantity, verdict: str, kind: str, expected: str | None, source: str | None,
               message: str) -> Finding:
    """The finding on text figure ``q``."""
    return Finding(q.text, q.start, q.end, verdict, kind, expected, source, message)


# What the model is told per kind of error; any other kind is a wrong value.
_REPAIR = {
    "unsupported": "句中“{text}”在所给数据中没有依据，请删除或改用数据中的数字。",
    "placeholder": "句中“{text}”是未填写的占位符，请换成数据中的数字；数据中没有的，请删去这部分内容。",
    "approximation": "句中“{text}”的约数写法与数据不符：{message}{source}。",
    "stale_period": "句中“{text}”是上期的数据，不是本期数：{message}{source}。",
    "misattributed": "句中“{text}”是另一项指标的数字，与句中所说的内容不符，应为“{expected}”{source}。",
    "derived": "句中“{text}”不能由数据推算得出，{message}{source}。",
}
_WRONG_VALUE = "句中“{text}”与数据不符，应为“{expected}”{source}。"


def repair_instructions(report: CheckReport) -> list[str]:
    """Each error in plain Chinese, for the model's repair round."""
    return [_REPAIR.get(f.kind, _WRONG_VALUE).format(text=f.text, message=f.message, expected=f.expected,
                                                      source=f"（来源：{f.source}）" if f.source else "")
            for f in report.errors]
