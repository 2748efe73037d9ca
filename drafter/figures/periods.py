"""The time a figure speaks of: a figure of one year stated for another (misattributed when a year is
written next to it), and an earlier year's figure stated as the current one (stale_period) — unless the
sentence dates it or compares it (由, 比上年, 末 …)."""

from __future__ import annotations

import re

from drafter.figures.amounts import unit_class
from drafter.figures.certainty import as_told, named
from drafter.figures.cues import CLAUSE_MARKS, written_direction
from drafter.figures.derivations import Derivation
from drafter.figures.findings import ERROR, SUPPORTED, Kind, finding_on
from drafter.figures.index import SuppliedIndex
from drafter.figures.sentence import Sentence, TextFigure
from drafter.figures.supplied import period_years
from drafter.quantity.lexicon import BASE_REACH, BASE_YEAR, EARLIER_WORDS, PREVIOUS_YEAR_WORDS

_EARLIER_WORDS = re.compile("|".join(EARLIER_WORDS))
# 比/较 compare only as a preposition, whose clause says how the amount moved (比上年提高, 较2020年的1.3%增长);
# in a noun (占比, 比重) or an adverb (较好) they compare nothing.
_COMPARISON = re.compile(r"比(?![重例率])|较(?![好大高快多少为])")
_WRITTEN_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=年)")


def wrong_period(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """A figure of one period stated for another, when the data holds the same thing for that other
    period. The period is the year written next to the figure ("2024年高新技术企业156家" with 156 for
    2025 and 131 for 2024: misattributed); with none written, the year its section's heading names, or
    the report's year ("2025年工作情况 … 高新技术企业达到53家" with 53 the 2024 row: stale_period) —
    unless the sentence dates or compares it (a year written, 由 比上年 末 …)."""
    text, start, end = sentence.text, sentence.start, sentence.end
    figures = list(sentence.figures)
    for k, figure in enumerate(figures):
        if figure.source is None or (figure.finding and figure.finding.verdict == ERROR):
            continue
        f = data.figures[figure.source]
        own = period_years(f.period)
        if not own:
            continue
        year, stale = figure.year, False
        if year is None and f.role == "value" and not _WRITTEN_YEAR.search(text, start, end) \
                and not earlier_by_words(text[start:end], figure.quantity.start - start):
            year, stale = period_of(data, figure), True
        if year is None or year in own:
            continue
        unit = unit_class(f.unit)
        alike = [*data.alike[(unit, f.label)], *data.groups[f.group]]
        meant = next((j for j in alike if unit_class(data.figures[j].unit) == unit
                      and year in period_years(data.figures[j].period)), None)
        if meant is None and not stale and year > max(own):
            # "2025年…投入强度达到1.52%" with 1.52% the 2024 row and no 2025 row: an earlier year's figure dated
            # later; what the later year's is, the data does not say (no value)
            figures[k] = figure.judged(finding_on(
                figure.quantity, ERROR, Kind.STALE_PERIOD, None, f.source,
                f"年份不符：“{figure.quantity.text}”是{_period_text(f.period)}的数据，数据中没有{year}年的数；"
                f"请写明它的年份", rule="period.written_year"))
            continue
        if meant is None or (stale and any(meant == other.source or meant in other.uses for other in figures)):
            continue
        other = data.figures[meant]
        if stale:
            finding = finding_on(figure.quantity, ERROR, Kind.STALE_PERIOD, other.text, other.source,
                                 f"“{figure.quantity.text}”是{_period_text(f.period)}的数据，"
                                 f"本期（{year}年）为“{other.text}”；写其他年份的数须注明年份", rule="period.section_year")
        else:  # an earlier year's figure for a later year written is stale; the other way round, misattributed
            kind = Kind.STALE_PERIOD if own and year > max(own) else Kind.MISATTRIBUTED
            finding = finding_on(figure.quantity, ERROR, kind, other.text, other.source,
                                 f"年份不符：“{figure.quantity.text}”是{_period_text(f.period)}的数据，"
                                 f"{year}年应为“{other.text}”", rule="period.written_year")
        figures[k] = figure.judged(finding)
    return sentence.with_figures(figures)


def period_of(data: SuppliedIndex, figure: TextFigure) -> int | None:
    """The year a figure without a year of its own speaks of: the one its section's heading names
    (None under a heading naming several, 2021—2025年), else the report's year."""
    if not figure.period:
        return data.notes.year
    return next(iter(figure.period)) if len(figure.period) == 1 else None


def stale_previous(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """An indicator's previous value stated as if it were the current one ("全县R&D经费投入强度达到
    1.21%" where 1.21% is the 2020 value and the 2024 value differs): stale_period. The sentence makes
    it the earlier amount when it also states the current value, writes a year outside the current
    period, or has a word of comparison or of an earlier time before it (由 比 较 上年 同期 末 基础上 …)."""
    words, offset = sentence.own_text, sentence.start
    figures = list(sentence.figures)
    for k, figure in enumerate(figures):
        if figure.source is None or figure.finding is None or figure.finding.verdict != SUPPORTED:
            continue
        if any(data.figures[i].role != "previous" for i in {figure.source, *figure.uses}):
            continue
        f = data.figures[figure.source]
        current_index = next(i for i in data.groups[f.group] if data.figures[i].role == "value")
        current = data.figures[current_index]
        if current.value == f.value or any(
                other.source == current_index or current_index in other.uses for other in figures):
            continue
        if earlier_by_words(words, figure.quantity.start - offset):
            continue
        if {int(y) for y in _WRITTEN_YEAR.findall(words)} - period_years(current.period):
            continue
        now = f"本期（{_period_text(current.period)}）" if current.period else "本期"
        finding = finding_on(figure.quantity, ERROR, Kind.STALE_PERIOD, current.text, current.source,
                             f"“{figure.quantity.text}”是上期{_period_text(f.period)}的数据，{now}为“{current.text}”；"
                             f"写上期数须注明年份", rule="period.previous")
        figures[k] = figure.judged(as_told(data, figure, finding, named(data, figure, figure.source),
                                           [current_index, figure.source]))
    return sentence.with_figures(figures)


def earlier_by_words(sentence: str, position: int) -> bool:
    """Whether words before ``position`` make the figure there an earlier amount: a word of an earlier
    time (上年, 末, 由 …) or a comparison (比/较 with a verb of change in its clause)."""
    if _EARLIER_WORDS.search(sentence, 0, position):
        return True
    for comparison in _COMPARISON.finditer(sentence, 0, position):
        clause = CLAUSE_MARKS.search(sentence, comparison.end())
        if written_direction(sentence[comparison.end():clause.start() if clause else len(sentence)]) is not None:
            return True
    return False


def _period_text(period: str | None) -> str:
    """A period as a reader says it: "2025" → 2025年; "十四五期间" as written."""
    text = str(period or "")
    return f"{text}年" if text.isdigit() else text


PREVIOUS_YEAR = 0  # the base of 比上年, 同比: the year before the later amount's


def base_year(sentence: Sentence, figure: TextFigure) -> int | None:
    """The year a change is measured from, as its clause says: 较2024年 → 2024; 比上年, 同比 → PREVIOUS_YEAR (the
    year before the later of the two amounts compared); None when the clause names no base."""
    start = figure.quantity.start
    clause = sentence.text[max(sentence.start, start - BASE_REACH):start]
    clause = clause[max((clause.rfind(mark) for mark in "，。；！？,;!?"), default=-1) + 1:]
    written = [int(m.group(1)) for m in BASE_YEAR.finditer(clause)]
    if written:
        return written[-1]
    return PREVIOUS_YEAR if any(word in clause for word in PREVIOUS_YEAR_WORDS) else None


def from_its_base(data: SuppliedIndex, derivation: Derivation, base: int | None) -> bool:
    """Whether a change over time is measured from the base its clause names (see ``base_year``): 较2024年 from a
    2024 amount, 比上年 between two consecutive years. A change whose operands' years are not both known, or a
    clause that names no base, keeps it."""
    if base is None or not derivation.over_time:
        return True
    years = [data.year_of(data.figures[i]) for i in derivation.operands]
    if len(years) != 2 or years[0] is None or years[1] is None:
        return True
    earlier, later = sorted(years)
    return earlier == later - 1 if base == PREVIOUS_YEAR else earlier == base
