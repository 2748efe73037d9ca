"""The derived figures a sentence may state: from its matched figures, from the indicators and facts it
uses or names (a multiple or share of another, growth to a target), and totals of parts stated in its
passage or named by it."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from decimal import Decimal

from drafter.figures.amounts import PERCENT, POINT, TARGET, TIMES, unit_class
from drafter.figures.binding import label_likeness
from drafter.figures.cues import average_counter, cued
from drafter.figures.derivations import Derivation, average, derive, one_thing_over_time
from drafter.figures.index import SuppliedIndex
from drafter.figures.sentence import Sentence, TextFigure
from drafter.figures.supplied import change_ends
from drafter.quantity.lexicon import (
    ADDITION_WORDS,
    BASE_REACH,
    BASE_YEAR,
    NAMED_INDICATOR,
    NAMED_LIMIT,
    NAMED_PART,
    SAME_THING,
    SHARE_CUES,
)


def scope(data: SuppliedIndex, sentence: Sentence) -> list[Derivation]:
    """Derivations a sentence may state: from two matched figures of the sentence, from an
    indicator's value and previous value, from two figures of a fact the sentence uses, and totals
    (see ``totals``). An indicator's previous value and value, the two ends of a change a fact states,
    or the two ends of a change written in the sentence (由A增至B) are one thing at two times."""
    text, figures, passage_used = sentence.text, sentence.figures, set(sentence.passage_used)
    out: list[Derivation] = []
    matched = [f for f in figures if f.source is not None]
    for j, later in enumerate(matched):
        for earlier in matched[:j]:
            a, b = earlier.quantity, later.quantity
            if unit_class(a.unit) == unit_class(b.unit) and a.value is not None and b.value is not None:
                first, last = data.figures[earlier.source or 0], data.figures[later.source or 0]
                over_time = one_thing_over_time(first, last) or change_ends(text, a, b)
                out += derive(a.value, b.value, a.text, b.text, a.unit,
                              (earlier.source or 0, later.source or 0), over_time=over_time,
                              years=data.years_between(first, last) if over_time else None)
    if len(matched) > 2:  # "A 3家、B 5家、C 7家，合计15家": the total of everything listed before it
        for unit, listed in itertools.groupby(sorted(matched, key=lambda f: unit_class(f.quantity.unit)),
                                              key=lambda f: unit_class(f.quantity.unit)):
            items = list(listed)
            if len(items) > 2 and unit != TIMES:
                total = sum((f.quantity.value or Decimal(0) for f in items), Decimal(0))
                out.append(Derivation(total, items[0].quantity.unit, "sum", None,
                                      "+".join(f.quantity.text for f in items),
                                      tuple(f.source or 0 for f in items)))
    groups = {data.figures[f.source].group for f in matched if f.source is not None}
    sentence_scores = data.binder.coverage(dict.fromkeys(sentence.words, 1.0))
    stated = {f.source for f in figures if f.source is not None}
    unstated = set(best_named(data, sentence_scores, NAMED_PART, exclude=stated))
    out += totals(data, figures, passage_used, unstated)
    out += levels(data, sentence)
    named = best_named(data, sentence_scores, NAMED_INDICATOR)
    out += share_changes(data, sentence, [*(f.source for f in matched if f.source is not None), *named])
    out += averages(data, figures, passage_used | stated | set(named))
    groups.update(data.figures[i].group for i in named)
    # a change a fact states (由18家增至25家) that the sentence names: "新增…7家"
    groups.update(data.figures[i].group for i in heapq.nsmallest(
        NAMED_LIMIT, (i for i, share in sentence_scores.items() if share >= NAMED_INDICATOR
                      and data.figures[i].change == "end"), key=lambda i: (-sentence_scores[i], i)))
    # "较2025年增长42.9%": growth from the value of the year the sentence names as its base
    base_years = {int(m.group(1)) for f in figures if f.finding is None
                  for m in BASE_YEAR.finditer(text, max(0, f.quantity.start - BASE_REACH), f.quantity.start)}
    for base in named:  # "科技型中小企业412家，是高新技术企业的2.6倍": a figure as a multiple or share of another
        a = data.figures[base]
        for figure in matched:
            b = data.figures[figure.source or 0]
            if b.group == a.group or unit_class(a.unit) != unit_class(b.unit):
                continue
            pair = (base, figure.source or 0)
            if (label_likeness(a, b) >= SAME_THING and data.target_of(b, a)) or data.year_of(a) in base_years:
                # a target and the value it starts from: "突破55亿元、增长13%以上" (48.6亿元 now)
                out += derive(a.value, b.value, a.text, b.text, a.unit, pair, over_time=True)
            else:
                out += completed(data, [d for d in derive(a.value, b.value, a.text, b.text, a.unit, pair)
                                        if d.operation in ("ratio", "share")], base, figure.source or 0)
    for j, later in enumerate(named):  # "高新技术企业营业收入…占园区营业收入的60.3%": two indicators named
        for earlier in named[:j]:
            a, b = data.figures[earlier], data.figures[later]
            if a.group != b.group and unit_class(a.unit) == unit_class(b.unit) and a.unit not in (PERCENT, POINT):
                ratios = [d for d in derive(a.value, b.value, a.text, b.text, a.unit, (earlier, later))
                          if d.operation in ("ratio", "share")]
                out += completed(data, completed(data, ratios, earlier, later), later, earlier)
    for target in best_named(data, sentence_scores, NAMED_PART):  # "还需入库104家", "完成全年目标的120%"
        for amount in data.aimed_at(target):
            out += against_target(data, target, amount)
    for group in sorted(groups):
        members = data.groups[group]
        for j, later in enumerate(members):
            for earlier in members[:j]:
                a, b = data.figures[earlier], data.figures[later]
                if a.role == "value" and b.role == "previous":
                    a, b, earlier, later = b, a, later, earlier
                if unit_class(a.unit) == unit_class(b.unit):
                    over_time = one_thing_over_time(a, b)
                    years = data.years_between(a, b) if over_time else None
                    out += derive(a.value, b.value, a.text, b.text, a.unit, (earlier, later),
                                  over_time=over_time, years=years)
    return out


def against_target(data: SuppliedIndex, target: int, amount: int) -> list[Derivation]:
    """An amount measured against its target row: the share done (which may pass 100%) and what remains (the
    target less the amount: 余下5项 of 8项 set and 3项 done)."""
    t, a = data.figures[target], data.figures[amount]
    if not t.value:
        return []
    return [Derivation(a.value / t.value * 100, PERCENT, "share", None, f"{a.text}÷{t.text}×100%", (amount, target)),
            Derivation(abs(t.value - a.value), a.unit, "difference", None, f"{t.text}−{a.text}", (target, amount))]


def completed(data: SuppliedIndex, derivations: list[Derivation], target: int, amount: int) -> list[Derivation]:
    """The derivations of an amount and its target row (a row of the same name with a target word,
    技术合同成交额省定目标), their share read as the completion of the target, which may pass 100%: "完成省定
    目标的126%" is 31.6亿元÷25.1亿元, never the smaller over the larger (79%)."""
    t, a = data.figures[target], data.figures[amount]
    if not t.value or a.value <= t.value or not TARGET.search(t.name) or a.name not in t.name:
        return derivations
    return [d for d in derivations if d.operation != "share"] + against_target(data, target, amount)[:1]


def best_named(data: SuppliedIndex, coverage: dict[int, float], share: float,
               exclude: set[int | None] = frozenset()) -> list[int]:  # type: ignore[assignment]
    """The indicator values a sentence names (this share of their label or more), the best named first and no
    more than a sentence can name: of 5,000 rows named alike (沅陵/官庄…省级高新技术企业), the few it names best."""
    named = [i for i, s in coverage.items() if s >= share and i not in exclude and data.figures[i].role == "value"]
    return heapq.nsmallest(NAMED_LIMIT, named, key=lambda i: (-coverage[i], i))


_NOT_COUNTED = {"元", "美元", "", PERCENT, POINT, TIMES, "‰"}  # units no average divides by


def averages(data: SuppliedIndex, figures: Sequence[TextFigure], pool: set[int]) -> list[Derivation]:
    """Per-unit averages a figure after 平均/人均/每家 … may state: an amount or a count of the
    sentence's or passage's figures shared out over a count of another unit stated or named there
    (平均每家企业获得奖补约32.4万元: 12800万元÷395家), over the count its cue names (每家 → 家) if any."""
    counters = {counter for f in figures if f.finding is None and f.quantity.unit not in (PERCENT, TIMES)
                and (counter := average_counter(f)) is not None}
    if not counters:
        return []
    current = [i for i in sorted(pool) if data.figures[i].role != "previous" and data.figures[i].value > 0
               and data.figures[i].unit not in (PERCENT, POINT, TIMES)]
    counts = [i for i in current if unit_class(data.figures[i].unit) not in _NOT_COUNTED
              and ("" in counters or unit_class(data.figures[i].unit) in counters)]
    return [average(data.figures[total], data.figures[count], (total, count))
            for count in counts for total in current
            if unit_class(data.figures[total].unit) != unit_class(data.figures[count].unit)]


def share_changes(data: SuppliedIndex, sentence: Sentence, stated: Sequence[int]) -> list[Derivation]:
    """The change in points of a share of two rows the sentence states or names, each with a previous value of one
    earlier year: "产值796亿元，占规上工业总产值比重达70.6%，较上年提高3.2个百分点" is 796÷1128 − 698÷1036 (a sentence
    that speaks of a share)."""
    if not any(cue in sentence.own_text for cue in SHARE_CUES if cue != "完成"):
        return []
    rows = []
    for i in dict.fromkeys(stated):
        if data.figures[i].role != "value" or data.figures[i].unit in (PERCENT, POINT, TIMES):
            continue
        previous = next((j for j in data.groups[data.figures[i].group] if data.figures[j].role == "previous"), None)
        if previous is not None and data.figures[previous].value > 0:
            rows.append((i, previous))
    out = []
    for (part, was_part), (whole, was_whole) in itertools.permutations(rows, 2):
        p, w, pp, pw = (data.figures[i] for i in (part, whole, was_part, was_whole))
        if (unit_class(p.unit) != unit_class(w.unit) or not p.value < w.value or pp.value >= pw.value
                or data.year_of(pp) != data.year_of(pw) or data.year_of(p) != data.year_of(w)):
            continue
        now, then = p.value / w.value * 100, pp.value / pw.value * 100
        out.append(Derivation(abs(now - then), POINT, "difference", now >= then,
                              f"{p.text}÷{w.text}×100%−{pp.text}÷{pw.text}×100%", (was_part, was_whole, part, whole),
                              True))
    return out


def levels(data: SuppliedIndex, sentence: Sentence) -> list[Derivation]:
    """The level a change reaches from a base the sentence states, by an addition it states too: "新增高企5家，在2025年
    41家的基础上达到46家" (由41家增至46家 …) is 41+5, supported by them both."""
    out: list[Derivation] = []
    matched = [f for f in sentence.figures if f.source is not None and f.quantity.value is not None]
    for figure in sentence.figures:
        if figure.finding is not None:
            continue
        unit = unit_class(figure.quantity.unit)
        for base in matched:
            if (base.quantity.end > figure.quantity.start or unit_class(base.quantity.unit) != unit
                    or not change_ends(sentence.text, base.quantity, figure.quantity)):
                continue
            for added in matched:
                if added is not base and unit_class(added.quantity.unit) == unit \
                        and any(word in added.before for word in ADDITION_WORDS):
                    a, b = base.quantity, added.quantity
                    out.append(Derivation((a.value or Decimal(0)) + (b.value or Decimal(0)), a.unit, "level", True,
                                          f"{a.text}+{b.text}", (base.source or 0, added.source or 0)))
    return out


def totals(data: SuppliedIndex, figures: Sequence[TextFigure], passage_used: set[int],
           unstated: set[int]) -> list[Derivation]:
    """Totals a figure after 合计/共计/累计/共… may state: of two supplied figures of its unit, or of all
    of them, among the parts stated before it in its passage (section) — "股权融资和信用贷款合计17.16亿元"
    after 14.3亿元 and 2.86亿元 — and of two indicators alike but for a qualifier that the sentence names
    without stating them ("共获批省市两级…89项": 省级 37 and 市级 52), or a stated part and a row alike that
    the sentence names ("新型研发机构再新增1家，总数达到6家": 1 and the 5 there are). Parts listed after the total
    (…108项，其中：国列5项…) are not summed in pairs."""
    out: list[Derivation] = []
    for k, figure in enumerate(figures):
        if figure.finding is not None or figure.quantity.unit == TIMES or not cued(figure, "total"):
            continue
        unit = unit_class(figure.quantity.unit)
        stated = data.parts(unit, passage_used | {f.source for f in figures[:k] if f.source is not None})
        named = data.parts(unit, unstated)
        pairs = [*itertools.combinations(stated, 2), *(pair for pair in itertools.combinations(named, 2)
                 if label_likeness(*(data.figures[i] for i in pair)) >= SAME_THING),
                 *((one, other) for one in stated for other in named  # "再新增1家，总数达到6家": 5 named, 1 stated
                   if one != other and label_likeness(data.figures[one], data.figures[other]) >= SAME_THING)]
        for combination in [*pairs, *([tuple(stated)] if len(stated) > 2 else [])]:
            chosen = [data.figures[i] for i in combination]
            out.append(Derivation(sum((f.value for f in chosen), Decimal(0)), chosen[0].unit, "total", None,
                                  "+".join(f.text for f in chosen), combination))
    return out
