"""Second pass, for a figure no supplied figure states: derived, or which error it is — wrong scale,
percent for percentage point, wrong unit, approximation, a wrong derived figure, wrong value (corrected
only when one supplied figure is bound) or unsupported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from difflib import SequenceMatcher

from drafter.figures.amounts import (
    PERCENT,
    POINT,
    TARGET,
    approximation,
    fits,
    is_inclusive,
    last_place,
    reworded_unit,
    unit_class,
    written_step,
)
from drafter.figures.binding import label_likeness
from drafter.figures.certainty import as_told, derivation_named, named, number_named, rounding_named
from drafter.figures.cues import cued, reached
from drafter.figures.derivations import Derivation
from drafter.figures.derived import derived_error, derived_found, derived_match, derived_wrong
from drafter.figures.findings import ERROR, SUPPORTED, Finding, Kind, finding_on
from drafter.figures.index import SuppliedIndex
from drafter.figures.periods import from_its_base
from drafter.figures.sentence import TextFigure
from drafter.quantity.lexicon import (
    BOUND,
    FAR_APART,
    FAR_SCALE_BINDING,
    NAMED_SUBJECT,
    NEAR_APPROXIMATION_BINDING,
    RESPECTIVELY,
    SAME_THING,
    SCALE_BINDING,
    SPECIFIC_MARGIN,
    TIE,
)


def diagnose(data: SuppliedIndex, figure: TextFigure, derivations: Sequence[Derivation],
             stated: frozenset[int], base: int | None = None) -> TextFigure:
    """Second pass for a figure without a direct match: derived (from the derivations of its sentence that
    concern its subject, its period and the base year its clause names), or which error it is."""
    derivations = of_its_period(data, figure, about_its_subject(data, figure, figure.binding.scores, derivations))
    derivations = [d for d in derivations if from_its_base(data, d, base)]  # 比上年: not from any earlier year
    derived = derived_match(figure, derivations)
    if derived is not None:
        return derived_found(data, figure, derived)
    return figure.judged(error_of(data, figure, derivations, stated))


def error_of(data: SuppliedIndex, figure: TextFigure, derivations: Sequence[Derivation],
             stated: frozenset[int]) -> Finding:
    """Which error a figure is that neither the data states nor the derivations in its scope give."""
    q = figure.quantity
    assert q.value is not None
    scores = figure.binding.scores
    turned = derived_match(figure, [d for d in derivations if d.over_time], direction_matters=False)
    if turned is not None:  # the amount of a change of one thing, written in the wrong direction
        return derived_wrong(data, figure, turned, stated)
    bound = bound_figure(data, figure, scores)
    specific = specific_error(data, figure, scores, derivations, stated)
    if specific is not None:
        finding, rank = specific
        if bound is None or rank >= data.score(bound, figure) - SPECIFIC_MARGIN:
            return finding
    wrong_derivation = derived_error(data, figure, derivations, stated)
    if wrong_derivation is not None:
        return wrong_derivation
    if bound is not None and not far_apart(data.figures[bound].value, q.value):
        expected = data.figures[bound]
        return as_told(data, figure, finding_on(q, ERROR, Kind.WRONG_VALUE, expected.text, expected.source,
                                                f"数值与数据不符，应为“{expected.text}”", rule="value.wrong"),
                       named(data, figure, bound), [bound])
    if specific is not None:
        return specific[0]
    return as_told(data, figure, finding_on(q, ERROR, Kind.UNSUPPORTED, None, None,
                                            "所给数据中没有这个数字，也不能由数据推算得出", rule="unsupported"), False)


def about_its_subject(data: SuppliedIndex, figure: TextFigure, scores: Mapping[int, float],
                      derivations: Sequence[Derivation]) -> list[Derivation]:
    """The derivations that concern what the figure's clause speaks of: when the clause names one
    indicator counted in another unit ("PCT国际专利申请增长20%以上": 件), a derivation from other
    rows alone (专利质押融资金额) is not the figure's."""
    subject = max(scores, key=scores.__getitem__, default=None)
    if subject is None or scores[subject] < BOUND:
        return list(derivations)
    one = data.figures[subject]
    label = one.name
    named = SequenceMatcher(None, label, figure.before, autojunk=False).find_longest_match()
    if (one.role == "fact" or unit_class(one.unit) == unit_class(figure.quantity.unit)
            or named.size < NAMED_SUBJECT * len(label)):
        return list(derivations)  # not an indicator named in full, or a figure of its own unit
    if any(data.figures[i].group != one.group and s >= scores[subject] - TIE for i, s in scores.items()):
        return list(derivations)  # the clause speaks of no one thing ("较上年增加5个")

    def concerns(d: Derivation) -> bool:
        if d.over_time:  # its growth is a change of its own values (经费投入's growth is none of 投入强度's)
            return all(same_thing(data, i, subject) for i in d.operands)
        return any(scores.get(i, 0.0) >= BOUND / 2 or same_thing(data, i, subject) for i in d.operands) \
            or not d.operands
    return [d for d in derivations if concerns(d)]


def figure_before(text: str, figures: Sequence[TextFigure], k: int) -> TextFigure | None:
    """The figure whose change figure ``k`` may state: the one right before it in its sentence — or, after 分别,
    the one in the same place of the list before it ("A 412亿元，B 6.2亿元，分别增长14.1%和24%": 14.1% is A's)."""
    start = figures[k].quantity.start
    at = max(text.rfind(word, figures[0].quantity.start, start) for word in RESPECTIVELY)
    if at < 0:
        return figures[k - 1] if k else None
    ends = [e for mark in "，。；,;" if (e := text.find(mark, at)) >= 0]
    end = min(ends, default=len(text))
    listed = [j for j, f in enumerate(figures) if at < f.quantity.start < end]
    before = [j for j, f in enumerate(figures) if f.quantity.end <= at]
    if k not in listed or len(before) < len(listed):
        return None  # no list of figures before 分别 that this one answers to
    return figures[before[len(before) - len(listed) + listed.index(k)]]


def of_the_figure_before(data: SuppliedIndex, figure: TextFigure, previous: TextFigure | None,
                         derivations: Sequence[Derivation]) -> Sequence[Derivation]:
    """A clause that names nothing ("同比增长9.6%") speaks of the figure right before it in its sentence
    ("研发经费投入58.4亿元"): its change over time is a change of that figure's rows, never of another row the
    sentence names (投入强度 2.02% → 2.18%): one of its operands is that thing (``same_thing``). The figure before
    is of the rows it matches, or, when the data does not support it, of the rows its own clause names. Unchanged
    when the clause names a row itself, or the figure before is of no row known."""
    if previous is None or any(score >= BOUND for score in figure.binding.scores.values()):
        return derivations
    if previous.finding is not None and previous.finding.verdict == SUPPORTED:
        rows = {i for i in (previous.source, *previous.uses) if i is not None}
    else:
        rows = {i for i, score in previous.binding.scores.items() if score >= BOUND}
    if not rows:
        return derivations
    return [d for d in derivations
            if not d.over_time or any(same_thing(data, i, row) for row in rows for i in d.operands)]


def same_thing(data: SuppliedIndex, i: int, one: int) -> bool:
    """Whether supplied figure ``i`` speaks of the thing supplied figure ``one`` is: its group (value and previous
    value), its twin (a fact stating the indicator), or a row of its unit labelled alike (技术合同登记额 and the fact
    "技术合同登记额确保9亿元"); never a row of another unit (经费投入强度 % is not 经费投入 亿元)."""
    f, other = data.figures[i], data.figures[one]
    return (f.group == other.group or i in data.twins.get(one, ())
            or unit_class(f.unit) == unit_class(other.unit) and label_likeness(f, other) >= SAME_THING)


def of_its_period(data: SuppliedIndex, figure: TextFigure, derivations: list[Derivation]) -> list[Derivation]:
    """A change stated for a year after the report's (2026年工作计划 in a 2025 report: 增长20%以上) is not a
    change between earlier years' figures, nor is a target (力争/确保…增长15%以上) a change between two rows of
    statistics (an indicator's value and previous value). (Under the report's own year, last year's statistics
    are usual: they are published a year late; and a year written in the clause names the change's own year.)"""
    years = data.years_of_text(figure)
    if years and min(years) > data.notes.year:
        first = min(years)

        def past(d: Derivation) -> bool:
            known = [data.year_of(data.figures[i]) for i in d.operands]
            return d.over_time and all(y is not None and y < first for y in known)
    elif figure.target and figure.year is None:
        def past(d: Derivation) -> bool:
            rows = [data.figures[i] for i in d.operands]
            return d.over_time and all(f.role in ("value", "previous") and not TARGET.search(f.name) for f in rows)
    else:
        return derivations
    return [d for d in derivations if not past(d)]


def far_apart(one: Decimal, other: Decimal) -> bool:
    """Two amounts a hundredfold or more apart in other digits are two things (人均5.2元 is no slip of
    a total of 680万元): no correction of one into the other."""
    low, high = sorted((abs(one), abs(other)))
    return low == 0 or high / low >= FAR_APART


def bound_figure(data: SuppliedIndex, figure: TextFigure, scores: Mapping[int, float]) -> int | None:
    """The one supplied figure of the same unit the clause's words speak of, or None: none is bound,
    the clause names the thing with another qualifier (亩均增收 is not 户均增收), or another figure of
    another amount is bound as well — as closely, or, after 共/合计, as one more part of the total
    (共获批省市两级…: 省级 and 市级). A correction must name one figure."""
    unit = unit_class(figure.quantity.unit)
    bound = sorted((i for i, s in scores.items() if s >= BOUND and unit_class(data.figures[i].unit) == unit),
                   key=lambda i: -data.score(i, figure))
    # best first; renamed ones looked at lazily; a row of another period is no value this figure was meant to be
    # (a 2026 plan's 突破480家 is no slip of 2025's 412家: the data just has no such target)
    # nor is the start of a change a level the text says was reached (提高到2.9% is no slip of 由2.05%提高到…)
    ranked = (i for i in bound if not data.renamed(i, figure) and not data.other_period(figure, i)
              and not (reached(figure) and data.figures[i].change == "start"))
    best = next(ranked, None)
    if best is None:
        return None
    one, top = data.figures[best], data.score(best, figure)
    total = cued(figure, "total")
    for other in ranked:
        two = data.figures[other]
        if two.value == one.value or two.group == one.group or two.label == one.label \
                or other in data.twins.get(best, ()) or data.other_period(figure, other):
            continue
        close = top - data.score(other, figure) < TIE
        if close or (total and label_likeness(one, two) >= SAME_THING):
            return None
        if not total:
            break  # the rest are bound less closely still
    return best


def specific_error(data: SuppliedIndex, figure: TextFigure, scores: Mapping[int, float],
                   derivations: Sequence[Derivation], stated: frozenset[int]) -> tuple[Finding, float] | None:
    """The error a value relation names: scale, percent/point, unit or approximation; best bound first."""
    q = figure.quantity
    assert q.value is not None
    unit = unit_class(q.unit)
    found: list[tuple[float, Finding]] = []

    def add(i: int, kind: str, expected: str, message: str, needs_binding: float = 0.0) -> None:
        rank = data.score(i, figure)  # a figure of another period is no slip of this one (a plan's 700家以上
        if rank >= needs_binding and not data.other_period(figure, i):  # is not 645家 of the year before)
            finding = finding_on(q, ERROR, kind, expected, data.figures[i].source, message,
                                 rule=f"value.{kind.removeprefix('wrong_')}")
            same_number = kind == "approximation" and number_named(data, figure, i)
            certain = same_number or named(data, figure, i, unit_wrong=kind in ("wrong_unit", "percent_point")) \
                or (kind == "approximation" and rounding_named(data, figure, i))
            # the very number of a row with its approximation word dropped explains the figure best of all
            found.append((rank + 1 if same_number else rank, as_told(data, figure, finding, certain, [i])))

    for i in data.by_digits.get((unit, q.value.normalize().as_tuple().digits), []):
        f = data.figures[i]
        if f.value != q.value:  # a magnitude word (万 亿 百万) lost or changed, or a stray zero if bound
            far = max(f.value, q.value) / min(f.value, q.value) >= FAR_APART if f.value and q.value else False
            add(i, "wrong_scale", f.text, f"数量级错误：数据为“{f.text}”",
                needs_binding=FAR_SCALE_BINDING if far else SCALE_BINDING)
    if unit in (PERCENT, POINT):
        other = POINT if unit == PERCENT else PERCENT
        for i in data.exact.get((other, q.value), []):
            f = data.figures[i]
            add(i, "percent_point", reworded_unit(q, other), f"百分数与百分点混用：数据为“{f.text}”")
        for d in derivations:
            if d.unit == other and fits(q.value, q.qualifier, is_inclusive(q), d.value, last_place(q.value),
                                        written_step(q) / 2):
                finding = finding_on(q, ERROR, Kind.PERCENT_POINT, reworded_unit(q, other), data.sources(d),
                                     f"百分数与百分点混用：{d.formula}", rule="derived.percent_point")
                found.append((1.0, as_told(data, figure, finding, derivation_named(data, figure, d, stated),
                                           d.operands)))
    for i in data.by_value.get(q.value, []):
        f = data.figures[i]
        other = unit_class(f.unit)
        if other != unit and {other, unit} != {PERCENT, POINT}:
            add(i, "wrong_unit", f.text, f"单位与数据不符：数据为“{f.text}”", needs_binding=SCALE_BINDING)
    spread = 10 * last_place(q.value)  # wide enough for any approximation; ``approximation`` decides
    for i in data.near(q.unit, q.value - spread, q.value + spread):
        message = approximation(q, data.figures[i])
        if message:  # another amount near it is the figure's only when the clause speaks of it
            add(i, "approximation", data.figures[i].text, message,
                needs_binding=0.0 if data.figures[i].value == q.value else NEAR_APPROXIMATION_BINDING)
    if not found:
        return None
    rank, finding = max(found, key=lambda pair: pair[0])
    return finding, rank
