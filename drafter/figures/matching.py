"""First pass: a text figure whose amount a supplied figure states is supported — unless its clause speaks
of another supplied figure, when it is misattributed, an approximation the data contradicts, or in the
wrong unit. A placeholder is an error at once."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import replace

from drafter.figures.amounts import PERCENT, POINT, TARGET, approximation, unit_class
from drafter.figures.binding import label_likeness
from drafter.figures.certainty import as_told, candidates, named, number_named
from drafter.figures.findings import CERTAIN, ERROR, SUPPORTED, UNCERTAIN, Kind, finding_on
from drafter.figures.index import SuppliedIndex
from drafter.figures.model import Qualifier
from drafter.figures.sections import related
from drafter.figures.sentence import Sentence, TextFigure
from drafter.quantity.lexicon import (
    ADDITION_WORDS,
    AIMS,
    BOUND,
    CERTAIN_SHARE,
    DISTINCT,
    DONE,
    GROWTH_CUES,
    LOOSE_MATCH,
    REPEATED_FACT,
    RESTATED_FACT,
    RESTATED_MARGIN,
    SAME_THING,
    STOCK_WORDS,
    TIE,
    VALUE_ONLY,
)


def direct_matches(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """First pass: each figure a placeholder, or stated by a supplied figure (possibly misattributed)."""
    return sentence.with_figures(judge(data, figure) for figure in sentence.figures)


def judge(data: SuppliedIndex, figure: TextFigure) -> TextFigure:
    """A placeholder, or a direct match (possibly misattributed); other figures wait for later passes."""
    q = figure.quantity
    if q.placeholder or q.value is None:
        return figure.judged(finding_on(q, ERROR, Kind.PLACEHOLDER, None, None,
                                        "占位符未填写：须换成数据中的数字，数据中没有的应删去", rule="placeholder"))
    scores = figure.binding.scores
    matches = [i for i in data.consistent(q)
               if data.figures[i].value == q.value or scores.get(i, 0.0) >= LOOSE_MATCH]
    if stated_as_done(figure.before):  # 目前…已超3000家: reached already, so no target is what it states
        targets, matches = [i for i in matches if aimed(data, i)], [i for i in matches if not aimed(data, i)]
        if targets and not matches:
            target = data.figures[targets[0]]
            finding = finding_on(q, ERROR, Kind.MISATTRIBUTED, None, target.source,
                                 f"“{q.text}”是要达到的目标数，句中却说已经达到；请核对", rule="attribution.target_as_done")
            return figure.judged(replace(finding, candidates=candidates(data, figure)))
    if not matches:
        return figure
    rival = rival_of(data, figure, matches, scores)
    if rival is not None:
        return misattributed(data, figure, rival, max(matches, key=lambda i: data.score(i, figure)))
    matches = [i for i in matches if not another_passage(data, figure, i)]
    if not matches:
        return figure  # the amount alone of another section's fact does not support the figure
    best = max(matches, key=lambda i: data.score(i, figure))
    chosen = data.figures[best]
    top = data.score(best, figure) - 1e-9
    how = "与数据一致" if q.qualifier is Qualifier.EXACT else f"约数与数据“{chosen.text}”相符"
    finding = finding_on(q, SUPPORTED, Kind.MATCH, chosen.text, chosen.source, how,
                         rule="match.value" if q.qualifier is Qualifier.EXACT else "match.approximate",
                         confidence=CERTAIN if named(data, figure, best) else UNCERTAIN)  # uncertain: the amount only
    uses = {i for i in matches if data.score(i, figure) >= top}
    uses |= {i for i in matches if i not in uses and one_figure(data, figure, i, best)}
    return figure.judged(finding, source=best, uses=uses)


def one_figure(data: SuppliedIndex, figure: TextFigure, i: int, best: int) -> bool:
    """Whether supplied figure ``i`` is the figure ``best`` is, written once for both: a fact and an indicator of the
    same amount ("开展…全国科普日等活动20余场" and the row 科普活动 20余场), the sentence naming most of the indicator
    (``CERTAIN_SHARE``). The text uses both: neither is 数据未使用."""
    one, other = data.figures[i], data.figures[best]
    if {one.role, other.role} != {"fact", "value"} or one.text != other.text:
        return False
    indicator = i if one.role == "value" else best
    return data.binder.label_share(indicator, figure.sentence) >= CERTAIN_SHARE


def stated_as_done(before: str) -> bool:
    """Whether a clause states its figure as reached already (目前…已超3000家): a word of what is done, and no word of
    an aim or a base after it — in "在现有47家的基础上力争新增…10家以上" 现有 is the base's, 力争 makes 10家 the aim."""
    done = None
    for done in DONE.finditer(before):
        pass
    # …nor when the figure is what is added on the base the word of what exists speaks of (在现有47家的基础上新增…)
    return done is not None and AIMS.search(before, done.end()) is None and "基础上" not in before[done.end():]


def counts_added(label: str) -> bool:
    """Whether a label counts what was added (新增省级研发平台, 新认定高新技术企业)."""
    return any(word in label for word in ADDITION_WORDS)


def added(label: str, clause: str) -> bool:
    """Whether a label counts what was added (新增…, 新认定…) and the clause does not say so."""
    return any(word in label and word not in clause for word in ADDITION_WORDS)


def aimed(data: SuppliedIndex, i: int) -> bool:
    """Whether supplied figure ``i`` is a target: a row named so (…目标, 年度任务) or of a year after the report's."""
    f = data.figures[i]
    return TARGET.search(f.name) is not None or (data.year_of(f) or 0) > data.notes.year


def misattributed(data: SuppliedIndex, figure: TextFigure, rival: int, owner: int) -> TextFigure:
    """The figure's value is ``owner``'s, while its clause speaks of ``rival``: in the rival's unit (wrong unit),
    with an approximation word the rival contradicts, or another amount (misattributed)."""
    q, other = figure.quantity, data.figures[rival]
    if unit_class(other.unit) != unit_class(q.unit):
        finding = finding_on(q, ERROR, Kind.WRONG_UNIT, other.text, other.source,
                             f"单位与数据不符：句中所指的是“{other.text}”", rule="attribution.unit")
    elif other.value == q.value:
        finding = finding_on(q, ERROR, Kind.APPROXIMATION, other.text, other.source,
                             approximation(q, other) or f"约数用法与数据“{other.text}”不符",
                             rule="attribution.approximation")
    else:
        finding = finding_on(q, ERROR, Kind.MISATTRIBUTED, other.text, other.source,
                             f"数值属于另一项数据（{data.figures[owner].source}），句中所指的是“{other.text}”",
                             rule="attribution.named")
    certain = named(data, figure, rival, unit_wrong=finding.kind is Kind.WRONG_UNIT) \
        or (finding.kind is Kind.APPROXIMATION and number_named(data, figure, rival))
    told = as_told(data, figure, finding, certain, [rival, owner])
    return figure.judged(told, displaced=(owner, rival) if finding.kind is Kind.MISATTRIBUTED else None)


def another_passage(data: SuppliedIndex, figure: TextFigure, i: int) -> bool:
    """Whether supplied figure ``i`` is a fact of another section than the text figure's, whose words the
    figure's clause hardly has: the same amount there says nothing of this one."""
    f = data.figures[i]
    return (f.role == "fact" and bool(f.section) and figure.section is not None and not related(figure.section, f.section)
            and data.binder.label_share(i, figure.words) < VALUE_ONLY)


def rival_of(data: SuppliedIndex, figure: TextFigure, matches: list[int],
             scores: Mapping[int, float]) -> int | None:
    """The supplied figure the clause speaks of when it is not one the value matches: another
    amount of the same unit (misattributed), the same amount with an approximation word the text
    contradicts, or the same amount in another unit (wrong unit)."""
    q = figure.quantity
    unit = unit_class(q.unit)
    match_set = set(matches)

    def targets_of(i: int) -> bool:
        """A plan's target stated in the words of the row it starts from ("技术合同登记额力争突破10亿元"
        after 8亿元 in the year before): the target, not the row, is what the clause states."""
        f = data.figures[i]
        aims = figure.quantity.qualifier is Qualifier.AT_LEAST or AIMS.search(figure.before) is not None
        return (aims and figure.year is None and data.year_of(f) not in figure.period
                and all(data.target_of(data.figures[m], f) and (f.name in data.figures[m].context
                                                                 or label_likeness(data.figures[m], f) >= SAME_THING)
                        for m in matches))

    def other_period(i: int) -> bool:
        """A figure of another period than the text figure's (``SuppliedIndex.other_period``), when a match
        is not: "培训农民近万人次" under 2025 is the 9400人次 of 2025, not the 2026 target of 1万人次以上;
        "力争2026年新认定高新技术企业5家以上" is the plan's target, not the 6家 of 2025. Under a heading's year
        (2026年主要目标), a target of that very year names the figure: a row of an earlier year is no rival (the 2025
        技术合同成交额 of a 2026 target's 7.5亿元), nor, in a plan after the report's year, an undated row (the report's
        year: 引进人才62名 done in 2025 is no rival of the plan's "引进人才80名"). (Not a fact of the year reviewed:
        last year's statistics under this year's heading are the same period.)"""
        if data.other_period(figure, i) and any(not data.other_period(figure, m) for m in matches):
            return True
        if not figure.period or figure.year is not None:
            return False
        year = data.year_of(data.figures[i])
        dated = [y for m in matches if (y := data.year_of(data.figures[m])) in figure.period and aimed(data, m)]
        return bool(dated) and (year < min(dated) if year is not None else min(figure.period) > data.notes.year)

    match_fact = max(data.binder.fact_coverage(i, figure.sentence) for i in matches)

    def unrepeated(i: int) -> bool:
        """The sentence restates a matching row's fact and not this one's: the figure is the match, whatever its
        nearest words say ("…比重达到42.6%，较2024年提高2.8个百分点" against another fact's "较2020年提高0.59个百分点")."""
        return match_fact >= REPEATED_FACT and data.binder.fact_coverage(i, figure.sentence) < match_fact - RESTATED_MARGIN

    # A clause that counts what was added (全年新建…3个) speaks of a row of what was added, never of the count that
    # exists: that row is no rival of a match counting additions (新增…3个), whichever word of addition it uses.
    adds = any(word in figure.before for word in ADDITION_WORDS)
    addition = adds and any(counts_added(data.figures[m].name) for m in matches)

    def is_rival(i: int) -> bool:
        f = data.figures[i]
        other_unit = unit_class(f.unit)
        if i in match_set or (other_unit != unit and (f.value != q.value or {unit, other_unit} == {PERCENT, POINT})):
            return False
        if addition and not counts_added(f.name):
            return False
        return not targets_of(i) and not other_period(i) and not unrepeated(i) and not narrower(i)

    def narrower(i: int) -> bool:
        """A matching row is this one narrowed, and the clause holds words of the narrowing (全年技术合同成交额任务
        is the row 技术合同成交额年度任务, not 技术合同成交额)."""
        name = data.figures[i].name
        return any(name in data.figures[m].name and data.binder.distinct(figure.words, m, i) > 0 for m in matches)

    bound = [(-data.score(i, figure), k, i) for k, (i, s) in enumerate(scores.items()) if s >= BOUND]
    heapq.heapify(bound)  # looked at best first (ties as listed), lazily: thousands may be named alike
    rival = next((i for i in iter(lambda: heapq.heappop(bound)[2] if bound else None, None) if is_rival(i)), None)
    if rival is None:
        return None
    score = figure.binding.score
    lead = max(matches, key=score)
    binder = data.binder
    rival_fact = binder.fact_coverage(rival, figure.sentence)
    # Labels alike but for a qualifier (省级/市级, 新增/累计): the clause writes the rival's, not the match's.
    if (label_likeness(data.figures[rival], data.figures[lead]) >= SAME_THING
            and all(data.renamed(i, figure) for i in matches) and not data.renamed(rival, figure)):
        return rival
    # The clause has words only the rival's label has, and none that only a matching label has.
    if (all(binder.label_weight[i] and binder.distinct(figure.words, i, rival) <= 0.1 for i in matches)
            and binder.distinct(figure.words, rival, lead) >= DISTINCT):
        return rival
    # Every match counts what was added (新增省级研发平台) while the clause says the figure is what exists, and the
    # rival, bound better, is that count ("在现有3个省级研发平台的基础上": the 18 there are, not the 3 added).
    # …and the other way round: a count of what was added (全年新建…18个) that only the count that exists matches is
    # the row of what was added, labelled alike, written wrong.
    if adds and counts_added(data.figures[rival].name) and not any(counts_added(data.figures[i].name) for i in matches) \
            and label_likeness(data.figures[rival], data.figures[lead]) >= SAME_THING:
        return rival
    clause, before = figure.before + figure.after, figure.before
    if (scores[rival] > score(lead) + TIE and any(word in before for word in STOCK_WORDS)
            and not any(cue in before for cue in GROWTH_CUES) and not added(data.figures[rival].name, clause)
            and all(added(data.figures[i].name, clause) for i in matches)):
        return rival
    if scores[rival] < score(lead) - TIE:
        return None
    # As well bound as the match: the same amount beats a loose approximate match…
    if data.figures[rival].value == q.value and all(data.figures[i].value != q.value for i in matches):
        return rival
    # …and of two equal labels, the fact the whole sentence repeats decides.
    if rival_fact >= RESTATED_FACT and rival_fact >= match_fact + RESTATED_MARGIN:
        return rival
    # …and a rival bound better whose fact the sentence repeats, where the match's own words are missing
    # ("发放贴息资金…惠及企业1142家": the 贴息 fact's 356家, not “科技贷”惠及企业, which only 惠及企业 names)
    if rival_fact >= REPEATED_FACT > match_fact and scores[rival] > score(lead) + TIE:
        return rival
    return None
