"""Certainty: a finding proposes a value ("应为 X", ``expected`` on an error, the repair wording, a Word
comment's suggestion) only when the clause names the supplied figure it comes from with certainty — the
clause holds (nearly) all of that figure's label, writes no word that makes it another count (申报, 新增 …),
no other label of another amount fits nearly as well, and the figure's section and year do not say it is
another one. Otherwise the finding says what is wrong without a value and lists the closest candidates.

A derived value is certain when it is a change of one thing over time (an indicator's previous value and
value, the two ends of a change a fact states) that the sentence states or names, or when the sentence names
both operands ("A为B的N倍"). Structural findings (由A到B the wrong way round, two figures swapped, a year
written next to a figure) name their figures by the sentence itself and are certain.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from drafter.figures.amounts import unit_class
from drafter.figures.derivations import Derivation
from drafter.figures.findings import (
    CERTAIN,
    ERROR,
    SUPPORTED,
    UNCERTAIN,
    UNVERIFIED,
    Candidate,
    Finding,
    Kind,
)
from drafter.figures.index import SuppliedIndex
from drafter.figures.sections import related
from drafter.figures.sentence import TextFigure
from drafter.quantity.lexicon import (
    BOUND,
    CANDIDATE_SCORE,
    CANDIDATES,
    CERTAIN_LABEL,
    CERTAIN_MARGIN,
    CERTAIN_SHARE,
    COUNTING_QUALIFIERS,
    NAMED_INDICATOR,
    REPEATED_FACT,
)

# What an uncertain finding says, per kind: what is wrong, without a value.
_UNCERTAIN = {
    Kind.WRONG_VALUE: "数值与数据不符，无法确定句中所指的是哪一项数据，请核对",
    Kind.MISATTRIBUTED: "数值与另一项数据相同，句中所说的可能是另一项数据，无法确定，请核对",
    Kind.WRONG_SCALE: "数量级可能有误，无法确定句中所指的是哪一项数据，请核对",
    Kind.WRONG_UNIT: "单位可能与数据不符，无法确定句中所指的是哪一项数据，请核对",
    Kind.PERCENT_POINT: "可能混用了百分数与百分点，无法确定句中所指的是哪一项数据，请核对",
    Kind.APPROXIMATION: "约数写法可能与数据不符，无法确定句中所指的是哪一项数据，请核对",
    Kind.STALE_PERIOD: "可能是上期的数据，无法确定句中所指的是哪一项数据，请核对",
    Kind.DERIVED: "不能由所给数据推算得出，也无法确定是由哪些数据推算的，请核对",
    Kind.UNSUPPORTED: "所给数据中没有这个数字，也不能由数据推算得出",
}


def named(data: SuppliedIndex, figure: TextFigure, i: int) -> bool:
    """Whether the clause of ``figure`` names supplied figure ``i`` with certainty (see the module)."""
    f = data.figures[i]
    score = figure.binding.score(i)
    if score < BOUND or data.binder.label_share(i, figure.words) < CERTAIN_SHARE:
        return False
    label = f.name
    if len(label) < CERTAIN_LABEL and not short_name(figure, label) \
            and data.binder.fact_coverage(i, figure.sentence) < REPEATED_FACT:
        return False  # 技术85项 for 开展联合技术攻关34项: a word or two name no one thing, unless the clause is
        #               just that word (省列24项) or the sentence restates their fact
    if f.role == "fact" and f.section and figure.section is not None and not related(figure.section, f.section):
        return False  # a fact of another section: another passage of the document, maybe another year
    if figure.year is not None and (year := data.year_of(f)) is not None and year != figure.year:
        return False
    if any(word in figure.before and word not in label for word in COUNTING_QUALIFIERS):
        return False
    unit, twins = unit_class(f.unit), data.twins.get(i, set())
    return not any(s >= score - CERTAIN_MARGIN and j != i and j not in twins
                   and data.figures[j].group != f.group and data.figures[j].value != f.value
                   and unit_class(data.figures[j].unit) == unit for j, s in figure.binding.scores.items())


def short_name(figure: TextFigure, label: str) -> bool:
    """Whether the clause of a figure is no more than a short label (省列 in "省列24项、97万元")."""
    words = figure.before + figure.after
    return label in words and len(words) - len(label) <= 2


def derivation_named(data: SuppliedIndex, figure: TextFigure, d: Derivation, stated: Iterable[int]) -> bool:
    """Whether a derived value is certain: a change (growth, difference, yearly average) of one thing over
    time with an operand the sentence states (``stated``: the supplied figures its figures match) or names;
    any other derivation (a share of a target, a ratio, a sum) with every operand stated or named."""
    stated = set(stated)
    coverage = data.binder.coverage(dict.fromkeys(figure.sentence, 1.0))

    def spoken(i: int) -> bool:
        return i in stated or named(data, figure, i) or coverage.get(i, 0.0) >= NAMED_INDICATOR

    if d.operation in ("growth", "difference", "annual"):
        return d.over_time and any(spoken(i) for i in d.operands)
    return bool(d.operands) and all(spoken(i) for i in d.operands)


def candidates(data: SuppliedIndex, figure: TextFigure, meant: Iterable[int] = ()) -> tuple[Candidate, ...]:
    """The supplied figures an uncertain finding may be about, closest first: those it was about to name,
    then the best bound ones of its unit."""
    unit = unit_class(figure.quantity.unit)
    ranked = sorted((i for i, s in figure.binding.scores.items()
                     if s >= CANDIDATE_SCORE and unit_class(data.figures[i].unit) == unit),
                    key=lambda i: -data.score(i, figure))
    out: dict[str, Candidate] = {}
    for i in [*(i for i in meant if unit_class(data.figures[i].unit) == unit), *ranked]:
        f = data.figures[i]  # a candidate is a value the figure may have been: in its unit
        if len(out) < CANDIDATES and f.text + f.source not in out:
            out[f.text + f.source] = Candidate(f.text, f.source)
    return tuple(out.values())


def as_told(data: SuppliedIndex, figure: TextFigure, finding: Finding, certain: bool,
            meant: Iterable[int] = ()) -> Finding:
    """The finding as it may be told: with its value when ``certain``; otherwise without one, saying what
    is wrong and listing the closest candidates."""
    if certain:
        return replace(finding, confidence=CERTAIN)
    return replace(finding, expected=None, confidence=UNCERTAIN, source=None,
                   message=_UNCERTAIN.get(finding.kind, finding.message), candidates=candidates(data, figure, meant))


def restated_elsewhere(data: SuppliedIndex, figures: Sequence[TextFigure]) -> list[TextFigure]:
    """The figures of a whole text, a value proposed for one withheld when the text states the supplied figure
    it names truly elsewhere: the text then speaks of two things under one name — another year, another scope
    (完成技术改造106项 in “十五”期间, 27项 this year) — and which one this figure is, it does not say. (An
    indicator's previous value stated as the current one keeps its correction: it names its own row.)"""
    stated: dict[int, set[int]] = {}
    for figure in figures:
        if figure.finding is not None and figure.finding.verdict == SUPPORTED:
            for i in {figure.source, *figure.uses} - {None}:
                for j in {i, *data.twins.get(i, ())}:
                    stated.setdefault(j, set()).add(figure.index)
    out = list(figures)
    for k, figure in enumerate(figures):
        finding = figure.finding
        if (finding is None or finding.verdict != ERROR or finding.confidence is not CERTAIN or not finding.expected
                or finding.rule.startswith("period.")):
            continue
        meant = data.by_text_source.get((finding.expected, finding.source or ""), [])
        if any(stated.get(i, set()) - {figure.index} for i in meant):
            out[k] = replace(figure, finding=as_told(data, figure, finding, False, meant))
    return out


def uncovered(figures: Sequence[TextFigure]) -> list[TextFigure]:
    """Proofreading against partial data (``--partial``): the data covers a figure it states, one derived from
    it, or one whose clause names a supplied figure with certainty (its errors stand as errors). Every other
    error but a placeholder — a figure the data does not hold, or holds only doubtfully — is ``unverified``:
    a notice that says why, with the candidates, never an error."""
    out = []
    for figure in figures:
        finding = figure.finding
        if (finding is not None and finding.verdict == ERROR and finding.confidence is UNCERTAIN
                and finding.kind is not Kind.PLACEHOLDER):
            reason = finding.message if finding.kind is not Kind.UNSUPPORTED else "所给数据中没有这个数字"
            figure = replace(figure, finding=replace(
                finding, verdict=UNVERIFIED, kind=Kind.UNCOVERED, rule=f"partial.{finding.rule}",
                message=f"未核实：{reason}"))
        out.append(figure)
    return out
