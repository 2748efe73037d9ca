"""What the rest of a sentence says about its matched figures: the two ends of a change written the wrong
way round in time, a figure from the other of two facts worded alike, the start or end point of one
change (no mix-up), and two figures swapped with each other."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from drafter.figures.amounts import unit_class
from drafter.figures.binding import label_likeness
from drafter.figures.certainty import as_told
from drafter.figures.findings import CERTAIN, ERROR, SUPPORTED, Kind, finding_on
from drafter.figures.index import SuppliedIndex
from drafter.figures.sentence import Sentence, TextFigure
from drafter.figures.supplied import change_ends, period_years
from drafter.quantity.lexicon import CLAUSE_REACH, SAME_THING


def reversed_order(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """"由A…到B" (or "在A的基础上…B") with A and B the wrong way round in time — an indicator's value
    and previous value, a fact's two ends, or two figures of one thing whose periods say which is
    later (a 2026 target and the 2025 value): both misattributed."""
    figures = list(sentence.figures)
    for k in range(len(figures) - 1):
        earlier, later = figures[k], figures[k + 1]
        if earlier.source is None or later.source is None:
            continue
        a, b = data.figures[earlier.source], data.figures[later.source]
        if a.value == b.value:
            continue
        if a.group == b.group:
            reversed_ = data.rank(earlier.source) > data.rank(later.source)
        else:
            reversed_ = label_likeness(a, b) >= SAME_THING and data.later_in_time(a, b)
        if reversed_ and change_ends(sentence.text, earlier.quantity, later.quantity):
            for j, expected in ((k, b), (k + 1, a)):
                figures[j] = replace(figures[j], uses=frozenset(), finding=finding_on(
                    figures[j].quantity, ERROR, Kind.MISATTRIBUTED, expected.text, expected.source,
                    f"先后颠倒：变化的起点应为“{b.text}”，终点应为“{a.text}”", rule="attribution.order"))
    return sentence.with_figures(figures)


def other_fact(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """Of two facts worded alike ("其中：国列5项、省列24项" in two facts), the sentence restates the one
    most of its figures match; a figure matching only the other fact, where that one has a different
    figure under the same words, is misattributed — unless the two figures are the start and the end
    of one change (see ``other_point``), or the year written next to the figure is its own row's."""
    figures = list(sentence.figures)
    groups = Counter(data.figures[f.source].group for f in figures if f.source is not None)
    if not groups:
        return sentence
    group, count = groups.most_common(1)[0]
    if count < 2:
        return sentence
    for k, figure in enumerate(figures):
        if figure.source is None or data.figures[figure.source].group == group:
            continue
        f = data.figures[figure.source]
        if groups[f.group] >= count or any(data.figures[i].group == group for i in figure.uses):
            continue
        if figure.year is not None and figure.year in period_years(f.period):
            continue  # dated to its own row: "从2020年的24家增至2025年的61家，其中2023年达到45家"
        meant = next((i for i in data.alike[(unit_class(f.unit), f.label)] if data.figures[i].group == group), None)
        if meant is None or other_point(data, sentence.text, figures, figure, figure.source, meant):
            continue
        other = data.figures[meant]
        figures[k] = figure.judged(finding_on(figure.quantity, ERROR, Kind.MISATTRIBUTED, other.text, other.source,
                                              f"同句其他数字出自另一条数据，其中此处为“{other.text}”",
                                              rule="attribution.other_fact"))
    return sentence.with_figures(figures)


def other_point(data: SuppliedIndex, text: str, figures: Sequence[TextFigure], figure: TextFigure, own: int,
                meant: int) -> bool:
    """Whether ``meant`` — the supplied figure the words of ``figure`` seem to ask for — is stated by
    another figure of the sentence, the two being the start and the end of one change ("由2025年的
    4.2亿元突破5亿元", "在3650万元的基础上，…4000万元以上"), with ``own`` (what ``figure``'s value is)
    the same thing at the other time. Each figure then carries its own value: no swap, no mix-up."""
    a, b = data.figures[own], data.figures[meant]
    one_fact = a.group == b.group  # "公民具备科学素质比例2025年为16.8%，2026年达到17.5%": the two ends of one fact
    if label_likeness(a, b) < SAME_THING and not one_fact:
        return False
    for other in figures:
        if other is figure or other.source is None:
            continue
        if meant != other.source and meant not in other.uses and meant not in data.twins.get(other.source, ()):
            continue
        if figure.quantity.start < other.quantity.start:
            earlier, later, first, last = figure, other, a, b
        else:
            earlier, later, first, last = other, figure, b, a
        in_order = data.rank(own) > data.rank(meant) if figure is later else data.rank(own) < data.rank(meant)
        if change_ends(text, earlier.quantity, later.quantity) and not data.later_in_time(first, last) \
                and (not one_fact or in_order):
            return True
    return False


def baselines(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """A figure held for misattributed because its words name another figure of the data, while that
    figure is itself stated as the other end of the same change (``other_point``): supported after all."""
    figures = list(sentence.figures)
    for k, figure in enumerate(figures):
        if figure.displaced is None:
            continue
        owner, meant = figure.displaced
        if other_point(data, sentence.text, figures, figure, owner, meant):
            chosen = data.figures[owner]
            figures[k] = figure.judged(finding_on(figure.quantity, SUPPORTED, Kind.MATCH, chosen.text, chosen.source,
                                                  "与数据一致（变化的起点或终点）", rule="match.change_end"),
                                       source=owner, uses={owner})
    return sentence.with_figures(figures)


def swap_partners(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """A misattributed figure took the place of the figure meant; if the meant figure's value stands
    elsewhere in the sentence, the two were swapped and that figure is misattributed too — when the first is
    certainly misattributed (a doubtful one says nothing against a figure its own words name)."""
    figures = list(sentence.figures)
    for figure in sentence.figures:
        if figure.displaced is None or figure.finding is None or figure.finding.confidence is not CERTAIN:
            continue
        owner, meant = (data.figures[i] for i in figure.displaced)
        for k, other in enumerate(figures):
            if (other.source is not None and other.quantity.value == meant.value
                    and unit_class(other.quantity.unit) == unit_class(meant.unit)):
                finding = finding_on(other.quantity, ERROR, Kind.MISATTRIBUTED, owner.text, owner.source,
                                     f"与“{figure.quantity.text}”位置互换：此处应为“{owner.text}”",
                                     rule="attribution.swap")
                figures[k] = other.judged(as_told(data, other, finding, True, figure.displaced[::-1]))
    return sentence.with_figures(figures)


def swapped_across(data: SuppliedIndex, figures: Sequence[TextFigure]) -> list[TextFigure]:
    """Two figures of neighbouring sentences that took each other's place (…申报高新技术企业28家。…有效期内的高新技术
    企业达32家, with 32 applied for and 28 in force): each is misattributed to the other's row; when either is
    certain, the pair is a swap and both are corrected with certainty."""
    out = list(figures)
    pending = {f.displaced: k for k, f in enumerate(figures) if f.displaced is not None and f.finding is not None}
    for (owner, meant), k in pending.items():
        j = pending.get((meant, owner))
        if j is None or j < k:
            continue
        one, other = figures[k], figures[j]
        near = abs(one.quantity.start - other.quantity.start) <= CLAUSE_REACH and one.section == other.section
        if not near or CERTAIN not in (one.finding and one.finding.confidence, other.finding and other.finding.confidence):
            continue
        for m, figure, (own, right) in ((k, one, (owner, meant)), (j, other, (meant, owner))):
            expected = data.figures[right]
            partner = other if figure is one else one
            finding = finding_on(figure.quantity, ERROR, Kind.MISATTRIBUTED, expected.text, expected.source,
                                 f"与“{partner.quantity.text}”位置互换：此处应为“{expected.text}”", rule="attribution.swap")
            out[m] = replace(figure, finding=as_told(data, figure, finding, True, (right, own)))
    return out
