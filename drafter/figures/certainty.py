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

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from drafter.figures.amounts import last_place, unit_class
from drafter.figures.binding import bigrams
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
    AREA,
    AREA_WORDS,
    BOUND,
    CANDIDATE_SCORE,
    CANDIDATE_SPREAD,
    CANDIDATES,
    CERTAIN_LABEL,
    CERTAIN_MARGIN,
    CERTAIN_SHARE,
    COUNTING_QUALIFIERS,
    LOOSE_MATCH,
    NAMED_INDICATOR,
    RATE_WORDS,
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


def named(data: SuppliedIndex, figure: TextFigure, i: int, *, unit_wrong: bool = False) -> bool:
    """Whether the clause of ``figure`` names supplied figure ``i`` with certainty (see the module); never a
    figure of another period or, unless the unit itself is what is wrong (``unit_wrong``: 132项 for 132家, 0.26%
    for 0.26个百分点), of another unit."""
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
    if data.other_period(figure, i) or unit_class(f.unit) != unit_class(figure.quantity.unit) and not unit_wrong:
        return False  # another period (a 2025 count for a 2026 plan), another unit (10余次 for 不少于10场次)
    clause = figure.before + figure.after  # a word that changes what is counted, in the clause or the label only:
    if any(word in figure.before and word not in label or word in label and word not in clause
           for word in COUNTING_QUALIFIERS):
        return False  # 申报…20家 is not the 47 that exist; 走访服务科技型中小企业 are not the 187 入库
    if not subject_named(figure, label):
        return False
    # One figure written twice is no rival: the twins of the row's group (a fact stating this year's value of the
    # indicator whose previous value the clause names).
    unit, twins = unit_class(f.unit), {j for k in data.groups[f.group] for j in data.twins.get(k, ())}
    return not any(s >= score - CERTAIN_MARGIN and j != i and j not in twins
                   and data.figures[j].group != f.group and data.figures[j].value != f.value
                   and unit_class(data.figures[j].unit) == unit and not data.other_period(figure, j)
                   for j, s in figure.binding.scores.items())


def rounding_named(data: SuppliedIndex, figure: TextFigure, i: int) -> bool:
    """Whether a figure that is supplied figure ``i`` rounded (2000万元 for 2008万元) names it with certainty though
    its clause holds only a word of the label: the sentence holds (nearly) all of it ("申请知识价值信用贷款，获得贷款
    2000万元"), no other row of the unit lies as near, and the clause names nothing else (``named``'s other rules)."""
    f, q = data.figures[i], figure.quantity
    if q.value is None or abs(f.value - q.value) > last_place(q.value) / 2 or data.other_period(figure, i):
        return False
    if not data.binder.label_share(i, figure.words) or data.binder.label_share(i, figure.sentence) < REPEATED_FACT:
        return False
    spread = last_place(q.value)
    return data.near(f.unit, q.value - spread, q.value + spread) == [i]


def number_named(data: SuppliedIndex, figure: TextFigure, i: int) -> bool:
    """Whether a figure written with the very number of supplied figure ``i`` but another approximation word
    (3.5万份 for 3.5万余份, 130万元 for 约130万元) names it with certainty: its clause speaks of that row at all
    (``LOOSE_MATCH``), in the figure's period, and no other row of the unit has that number — the number itself
    names the row, and the correction changes only the approximation word."""
    f, q = data.figures[i], figure.quantity
    if f.value != q.value or data.other_period(figure, i) or data.binder.label_share(i, figure.words) < LOOSE_MATCH:
        return False
    twins = data.twins.get(i, set())
    return all(j == i or j in twins or data.figures[j].group == f.group
               for j in data.exact.get((unit_class(f.unit), f.value), []))


def subject_named(figure: TextFigure, label: str) -> bool:
    """Whether the sentence of a figure names the subject of a rate its label is (规上工业企业研发费用 of
    规上工业企业研发费用年度任务完成率): at least half of the words before the first rate word; true of a label
    that is no rate, or is one of nothing named (满意率)."""
    cut = min((at for word in RATE_WORDS if (at := label.find(word)) >= 0), default=-1)
    subject = bigrams(label[:cut]) if cut > 0 else set()
    return not subject or len(subject & figure.sentence) >= CERTAIN_SHARE * len(subject)


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

    subjects = clause_subjects(data, figure)
    if subjects and not any(data.figures[i].group in subjects for i in d.operands):
        return False  # "新认定高新技术企业较上年增加3家" speaks of no change of the 有效期内 total
    if d.operation in ("growth", "difference", "annual"):
        return d.over_time and any(spoken(i) for i in d.operands)
    return bool(d.operands) and all(spoken(i) for i in d.operands)


def clause_subjects(data: SuppliedIndex, figure: TextFigure) -> set[int]:
    """The groups of the rows a figure's clause names (bound ``BOUND`` or better, by half a label of
    ``CERTAIN_LABEL`` characters at least: not a fact labelled 增长 alone); empty when it names none ("较2024年
    净增6家" speaks of its sentence's subject)."""
    return {data.figures[i].group for i, score in figure.binding.scores.items()
            if score >= BOUND and len(data.figures[i].name) >= CERTAIN_LABEL
            and data.binder.label_share(i, figure.words) >= CERTAIN_SHARE}


def candidates(data: SuppliedIndex, figure: TextFigure, meant: Iterable[int] = ()) -> tuple[Candidate, ...]:
    """The supplied figures an uncertain finding may be about, closest first: those it was about to name,
    then the best bound ones of its unit that it may be a slip of (``slip_of``): never 97名 for 9名."""
    unit = unit_class(figure.quantity.unit)
    ranked = sorted((i for i, s in figure.binding.scores.items()
                     if s >= CANDIDATE_SCORE and unit_class(data.figures[i].unit) == unit
                     and slip_of(figure.quantity.value, data.figures[i].value, s >= BOUND)),
                    key=lambda i: -data.score(i, figure))
    out: dict[str, Candidate] = {}
    meant = [i for i in meant if unit_class(data.figures[i].unit) == unit]
    for i in itertools.chain(meant, (i for i in ranked  # the name checks last, on the best ranked only
                                     if not data.renamed(i, figure)  # 省级科技特派员 is not the 本级科技特派员 row
                                     and not data.other_period(figure, i))):  # nor a 2024 row a 2025 target's
        if len(out) == CANDIDATES:
            break
        f = data.figures[i]  # a candidate is a value the figure may have been: in its unit
        if f.text not in out:  # each value once: the person chooses a value
            out[f.text] = Candidate(f.text, f.source)
    return tuple(out.values())


def slip_of(written: Decimal | None, value: Decimal, bound: bool) -> bool:
    """Whether a written amount may stand for a supplied one: a row the clause speaks of (``bound``), or one it
    may be a slip of — within a tenth of it (rounded, an approximation word wrong) or in the same digits
    (transposed, a magnitude word lost: 33.36 for 33.63, 9.81万 for 9.81亿). Never 97名 for 9名 from a clause
    that hardly names 97名's row."""
    if bound:
        return True
    if written is None or not written or not value:
        return False
    low, high = sorted((abs(written), abs(value)))
    return high - low <= high * CANDIDATE_SPREAD or \
        sorted(written.normalize().as_tuple().digits) == sorted(value.normalize().as_tuple().digits)


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
    it names truly elsewhere (a figure whose clause names that row with certainty): the text then speaks of two things under one name — another year, another scope
    (完成技术改造106项 in “十五”期间, 27项 this year) — and which one this figure is, it does not say. (An
    indicator's previous value stated as the current one keeps its correction: it names its own row.)"""
    stated: dict[int, set[int]] = {}
    for figure in figures:  # stated truly: a figure matched to a row its clause speaks of (not one matched by its
        finding = figure.finding  # amount alone, nor an operand of a derived figure)
        if finding is not None and finding.verdict == SUPPORTED and finding.kind is Kind.MATCH \
                and figure.source is not None and figure.binding.score(figure.source) >= BOUND:
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
        if any((others := stated.get(i, set()) - {figure.index}) and not its_own(data, figures, k, i, others)
               for i in meant):
            out[k] = replace(figure, finding=as_told(data, figure, finding, False, meant))
    return out


def its_own(data: SuppliedIndex, figures: Sequence[TextFigure], k: int, i: int, others: set[int]) -> bool:
    """Whether figure ``k`` is supplied figure ``i``'s for sure though the text states that row truly elsewhere
    (``others``: the indices of those statements): it is the end of a change its sentence starts from the row's own
    previous value ("由2025年的26家增加到2026年的33家"), or it stands in the row's own section (章节), says it counts the
    whole area (全市, 全县: no part of it, 城区…18家), and the other statements stand outside that section (a “十四五”
    review's 28家 beside "4.强化科技创新主体地位 … 全市有效期内高新技术企业达38家")."""
    figure, row = figures[k], data.figures[i]
    before = figures[k - 1] if k else None
    if (before is not None and before.source is not None and before.section == figure.section
            and 0 < figure.quantity.start - before.quantity.end <= 12
            and data.figures[before.source].group == row.group and data.figures[before.source].role == "previous"):
        return True
    own = row.role != "fact" and bool(row.section) and any(word in figure.before for word in (*AREA_WORDS, AREA))
    return own and related(figure.section, row.section) and not any(
        related(figures[j].section, row.section) for j in others if j < len(figures) and figures[j].index == j)


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
