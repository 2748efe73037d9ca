"""Judging a derived figure: the derivation it states (same unit, cued, within the precision written, in
the direction its words say), a wrong one with what it should say, and "A为B的N倍" checked against the two
figures it names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from drafter.figures.amounts import (
    PERCENT,
    POINT,
    TIMES,
    fits,
    is_inclusive,
    last_place,
    unit_class,
    written_step,
)
from drafter.figures.certainty import as_told, clause_subjects, derivation_named
from drafter.figures.cues import (
    CLAUSE_MARKS,
    LEVEL,
    cued,
    gross_addition,
    predicate,
    reached,
    usual_operation,
    written_direction,
)
from drafter.figures.derivations import (
    USUAL_OPERATION,
    Derivation,
    change_over_time,
    derive,
    derived_text,
    direction_word,
    signed,
)
from drafter.figures.findings import ERROR, SUPPORTED, UNCERTAIN, Finding, Kind, finding_on
from drafter.figures.index import SuppliedIndex
from drafter.figures.sentence import Sentence, TextFigure
from drafter.quantity.lexicon import ADDITION_WORDS, CLAUSE_REACH, CUE_REACH, COMPARED_TIMES, NET_CHANGE_WORDS
from drafter.quantity.writing import plain_number

# A derived figure that names its operands: "A为B的N倍", "A占B的N%", "A比B增长N%".
_STATED_RATIO = re.compile(r"为|為|是|相当于|相當於|占|佔")
_COMPARED = re.compile(r"[比较較]")


def derived_match(figure: TextFigure, derivations: Sequence[Derivation], *,
                  direction_matters: bool = True) -> Derivation | None:
    """The derivation the figure states: same unit, cued by the words before it, the same amount
    within the precision written, and (unless told otherwise) the direction the words say."""
    q = figure.quantity
    assert q.value is not None
    if q.high is not None:
        return None  # a range is a target or an estimate, never a computed figure
    direction = written_direction(figure.before) if direction_matters else None
    tolerance = written_step(q) / 2
    loose = max(last_place(q.value), written_step(q))
    over_time = change_over_time(q)
    level = reached(figure)  # 提高到16.5%: a level, not a growth or a difference
    for d in derivations:
        if unit_class(d.unit) != unit_class(q.unit) or not cued(figure, d.operation):
            continue
        if level and d.operation in ("growth", "difference", "annual"):
            continue
        if over_time and not d.over_time:
            continue
        if direction is not None and d.rising is not None and d.rising != direction and d.value:
            continue
        if fits(q.value, q.qualifier, is_inclusive(q), d.value, loose, tolerance):
            return d
    return None


def derived_error(data: SuppliedIndex, figure: TextFigure, derivations: Sequence[Derivation],
                  stated: frozenset[int]) -> Finding | None:
    """A growth rate, difference, ratio, yearly average or sum that the data in scope does not give."""
    q = figure.quantity
    usual = usual_operation(figure)
    needs_predicate = q.unit != TIMES and usual not in ("share", "average")  # 平均每家…N万元 names no change
    if usual == LEVEL or q.high is not None or not cued(figure, usual) or (needs_predicate and not predicate(figure)):
        return None
    if gross_addition(figure.before[-CUE_REACH:]):
        return None  # 新认定74家 may equal the stock's net change (6−4 = 2), but need not: some left; no error from it
    wanted = [d for d in derivations if unit_class(d.unit) == unit_class(q.unit) and d.operation == usual
              and (d.over_time or not change_over_time(q))]
    written = written_direction(figure.before)
    if not wanted and q.unit == PERCENT and usual == "growth":
        # a rise of a rate (91% → 94%) is a rise in points: "提高5%" should say "提高3个百分点"
        points = [d for d in derivations if d.unit == POINT and d.operation == "difference" and d.over_time]
        if points:
            closest = min(points, key=lambda d: d.rising not in (None, written))
            finding = derived_wrong(data, replace(figure, quantity=replace(q, unit=POINT)), closest, stated)
            if finding.expected is None:
                return finding
            # in points the change is as precise as its rates (2.18%−2.02% = 0.16个百分点), not as the % written (7%)
            exact = finding.expected.replace(derived_text(replace(q, unit=POINT), closest.value),
                                             f"{plain_number(closest.value)}{POINT}")
            return replace(finding, expected=exact, message=finding.message.replace(finding.expected, exact))
    if not wanted:
        return None
    closest = min(wanted, key=lambda d: (not d.over_time, d.rising not in (None, written)))
    return derived_wrong(data, figure, closest, stated)


def derived_found(data: SuppliedIndex, figure: TextFigure, d: Derivation) -> TextFigure:
    """Supported: the figure states this derivation (and uses its operands)."""
    q = figure.quantity
    return figure.judged(finding_on(q, SUPPORTED, Kind.DERIVED, derived_text(q, d.value), data.sources(d),
                                    f"由数据推算：{d.formula} = {signed(d, derived_text(q, d.value, extra=2))}",
                                    rule=f"derived.{d.operation}"), uses=d.operands)


def derived_wrong(data: SuppliedIndex, figure: TextFigure, d: Derivation, stated: frozenset[int] | None) -> Finding:
    """The derived figure that does not follow, with what it should say: the amount written like the
    text's figure, and the direction word turned round when the data moved the other way
    (同比增长12.5% for a fall from 240 to 210 → 下降12.5%) — said only when certain (``derivation_named``;
    ``stated`` None: the sentence names both operands, "A为B的N倍")."""
    q = figure.quantity
    expected = derived_text(q, d.value)
    written = written_direction(figure.before)
    turned = (d.over_time and d.rising is not None and written is not None and d.rising != written
              and d.value != 0 and q.unit != TIMES)
    if turned:
        expected = direction_word(q, bool(d.rising)) + expected
    message = f"推算不符：{d.formula} = {signed(d, derived_text(q, d.value, extra=2))}"
    if turned:
        message += f"，数据为{'上升' if d.rising else '下降'}"
    finding = finding_on(q, ERROR, Kind.DERIVED, expected, data.sources(d), f"{message}，应为“{expected}”",
                         rule=f"derived.{d.operation}")
    certain = stated is None or derivation_named(data, figure, d, stated)
    return as_told(data, figure, finding, certain, d.operands)


def stated_operands(text: str, figures: Sequence[TextFigure], k: int) -> tuple[TextFigure, TextFigure] | None:
    """The two supported figures a derived figure names right before it, as (compared, base):
    "A为B的N倍", "A是B的N%", "A占B的N%", "A比B增长N%"; None when it names none."""
    if k < 2:
        return None
    a, b, n = figures[k - 2], figures[k - 1], figures[k].quantity
    if (a.source is None or b.source is None or a.quantity.value is None or b.quantity.value is None
            or unit_class(a.quantity.unit) != unit_class(b.quantity.unit)):
        return None
    linking, trailing = text[a.quantity.end:b.quantity.start], text[b.quantity.end:n.start]
    if len(linking) > 15 or CLAUSE_MARKS.search(trailing):
        return None
    if trailing.strip() == "的" and _STATED_RATIO.search(linking):
        return a, b
    if _COMPARED.search(linking) and len(trailing) <= 6 and written_direction(trailing) is not None:
        return a, b
    return None


def stated_derivation(data: SuppliedIndex, text: str, figures: Sequence[TextFigure],
                      k: int) -> TextFigure | None:
    """A derived figure whose operands the sentence names is checked against those two alone."""
    stated = stated_operands(text, figures, k)
    if stated is None:
        return None
    compared, base = (f.quantity for f in stated)
    assert compared.value is not None and base.value is not None
    operands = (stated[1].source or 0, stated[0].source or 0)
    derivations = derive(base.value, compared.value, base.text, compared.text, base.unit, operands)
    figure = figures[k]
    match = derived_match(figure, derivations)
    if match is not None:
        return derived_found(data, figure, match)
    q = figure.quantity
    usual = USUAL_OPERATION.get(q.unit, "difference")
    wanted = [d for d in derivations if unit_class(d.unit) == unit_class(q.unit) and cued(figure, d.operation)]
    wanted.sort(key=lambda d: d.operation != usual)
    return figure.judged(derived_wrong(data, figure, wanted[0], None)) if wanted else None


def restated_multiple(figures: Sequence[TextFigure], k: int) -> TextFigure | None:
    """A growth that restates the multiple stated next to it, itself supported ("翻了一番，增长100%", "增长100%，实现
    翻番"): the same figure said twice, supported with it; None otherwise."""
    figure = figures[k]
    q = figure.quantity
    if q.unit != PERCENT or q.value is None or q.high is not None or not cued(figure, "growth"):
        return None
    for j in (k - 1, k + 1):
        other = figures[j] if 0 <= j < len(figures) else None
        if (other is None or other.quantity.unit != TIMES or other.quantity.value is None or other.finding is None
                or other.finding.verdict != SUPPORTED):
            continue
        growth = (other.quantity.value - 1) * 100
        if fits(q.value, q.qualifier, is_inclusive(q), growth, last_place(q.value), written_step(q) / 2):
            return figure.judged(finding_on(q, SUPPORTED, Kind.DERIVED, q.text, other.finding.source,
                                            f"与“{other.quantity.text}”所说相同：增长{plain_number(growth)}%",
                                            rule="derived.restated"), uses=other.uses)
    return None


def changes_checked(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """A change against an earlier time (较2024年净增6家, 比上年增加3家) that the data states only by its amount —
    another row's 6家, which the clause does not name — is checked as the change it says it is: against the
    changes over time in the sentence's scope (27家 now, 23家 in 2024: 4家), an error when none fits."""
    from drafter.figures.scope import scope

    figures = list(sentence.figures)
    candidates = {k: added for k, f in enumerate(figures) if f.finding is not None and f.finding.verdict == SUPPORTED
                  and f.finding.kind is Kind.MATCH and f.finding.confidence is UNCERTAIN
                  and ((added := added_to_total(data, f)) or compared_change(sentence, f))}
    if not candidates:
        return sentence
    changes = [d for d in scope(data, sentence) if d.over_time]
    stated = frozenset(i for f in figures for i in (f.source, *f.uses) if i is not None)
    for k, added in candidates.items():
        figure = figures[k]
        usual = "difference" if added else usual_operation(figure)
        # the change of the row the clause speaks of, when it names one ("新认定企业较上年增加3家" is no change of
        # the total); a clause naming none ("较2024年净增6家") speaks of its sentence's subject
        subjects = clause_subjects(data, figure)
        wanted = [d for d in changes if unit_class(d.unit) == unit_class(figure.quantity.unit) and d.operation == usual
                  and (not subjects or any(data.figures[i].group in subjects for i in d.operands))]
        if wanted and derived_match(figure, wanted, direction_matters=not added) is None:
            if added:  # a total for what was added (over which years, the text does not say: no value)
                finding = as_told(data, figure, finding_on(figure.quantity, ERROR, Kind.MISATTRIBUTED, None, None, "",
                                                           rule="attribution.total_as_new"), False, wanted[0].operands)
                finding = replace(finding, message=f"“{figure.quantity.text}”是总数，句中说的却是新增的数量，请核对")
            else:
                finding = derived_wrong(data, figure, wanted[0], stated)
            figures[k] = replace(figure.judged(finding), source=None)
    return sentence.with_figures(figures)


def added_to_total(data: SuppliedIndex, figure: TextFigure) -> bool:
    """Whether a figure is written as a count of what was added (新增…19个) while the rows it matches by amount
    include the end of a change a fact states (省级以上研发平台由12个增至19个): a total, not what was added."""
    rows = {figure.source, *figure.uses} - {None}
    rows |= {j for i in rows for j in data.twins.get(i, ())}  # an indicator and the fact that states its change
    return (any(word in figure.before for word in ADDITION_WORDS)
            and any(data.figures[i].change == "end" for i in rows)
            and not any(word in data.figures[i].name for i in rows for word in ADDITION_WORDS))


def compared_change(sentence: Sentence, figure: TextFigure) -> bool:
    """Whether the clause writes its figure as a change against an earlier time (较2024年净增, 比上年增加) and the
    figure is that change's amount."""
    if not predicate(figure):
        return False
    start = figure.quantity.start
    before = sentence.text[max(sentence.start, start - CLAUSE_REACH):start]
    before = before[max((before.rfind(mark) for mark in "，。；：！？,;:!?"), default=-1) + 1:]
    return any(word in before for word in NET_CHANGE_WORDS) or COMPARED_TIMES.search(before) is not None


_PARTS_OPEN = re.compile(r"\s*(?:[（(]|[，,]?\s*其中[：:，,]?)")


def total_of_parts(text: str, figures: Sequence[TextFigure], k: int) -> TextFigure | None:
    """A total that the parts listed right after it add up to, each of them supported ("经费38.5万元（国家6万元，省级
    24万元，市级8.5万元）", "示范点51个，其中：农业24个，养殖7个，林果20个"): supported as their sum. Parts that do not
    add up may be some of the total only (其中 lists what it will): no error is drawn from them."""
    figure = figures[k]
    q = figure.quantity
    opening = _PARTS_OPEN.match(text, q.end)
    if opening is None or q.value is None or q.high is not None:
        return None
    bracket = opening.group().strip().startswith(("（", "("))
    close = min((i for i in (text.find("）", q.end), text.find(")", q.end)) if i >= 0), default=len(text)) \
        if bracket else len(text)
    parts: list[TextFigure] = []
    for other in figures[k + 1:]:
        if other.quantity.start > close or unit_class(other.quantity.unit) != unit_class(q.unit):
            break
        if other.finding is None or other.finding.verdict != SUPPORTED or other.quantity.value is None:
            return None
        parts.append(other)
    if len(parts) < 2:
        return None
    total = sum((p.quantity.value or Decimal(0) for p in parts), Decimal(0))
    if not fits(q.value, q.qualifier, is_inclusive(q), total, last_place(q.value)):  # a sum is exact: 39 is no
        return None  #                                                                  sum of 6, 24 and 8.5
    formula = "+".join(p.quantity.text for p in parts)
    return figure.judged(finding_on(q, SUPPORTED, Kind.DERIVED, q.text, "文中数字",
                                    f"与其后所列各项之和相符：{formula} = {plain_number(total)}", rule="derived.parts"),
                         uses={i for p in parts for i in p.uses})
