"""The figure checker: for each sentence, the passes in order — a direct match per figure, then what the
sentence says of order, period and facts, then derived figures and the diagnosis of the rest — and
finally the supplied figures the text never uses."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from drafter.figures.attribution import baselines, other_fact, reversed_order, swap_partners
from drafter.figures.binding import bigrams, clause_bigrams
from drafter.figures.coverage import unused
from drafter.figures.derived import stated_derivation
from drafter.figures.diagnosis import diagnose
from drafter.figures.extract import extract_quantities
from drafter.figures.findings import CheckReport, Finding, TextFigure
from drafter.figures.index import SuppliedIndex
from drafter.figures.matching import judge
from drafter.figures.model import Quantity
from drafter.figures.periods import stale_previous, wrong_period
from drafter.figures.scope import scope
from drafter.figures.sections import (
    HeadingPeriods,
    SectionIndex,
    TextSection,
    find_sections,
    paragraph_starts,
    sentence_spans,
    with_keys,
)
from drafter.figures.supplied import (
    SuppliedFigure,
    binding_words,
    clause_words,
    simplified_in_place,
    written_year,
)
from drafter.notes import Notes


class FigureChecker:
    """The supplied data of one notes file, indexed once; ``check`` reconciles any number of texts."""

    def __init__(self, notes: Notes):
        self.data = SuppliedIndex(notes)

    @property
    def figures(self) -> list[SuppliedFigure]:
        """The supplied figures, in the order of ``supplied_figures``."""
        return self.data.figures

    def check(self, text: str, *, sections: Sequence[TextSection] | None = None, partial: bool = False) -> CheckReport:
        """Reconcile every figure of ``text``; see ``check_text``."""
        data = self.data
        written, text = text, simplified_in_place(text)  # words compare in one script; offsets are the same
        sections = with_keys(find_sections(written) if sections is None else sections, data.notes)
        innermost = SectionIndex(sections)
        periods = HeadingPeriods(sections)
        quantities = [self.implied_unit(q) for q in extract_quantities(written)]
        findings: list[Finding] = []
        used: set[int] = set()
        passages = sorted({s.start for s in sections}) or paragraph_starts(text)
        passage, passage_used = -1, set()
        cursor = 0
        for start, end in sentence_spans(text):
            first = cursor
            while cursor < len(quantities) and quantities[cursor].start < end:
                cursor += 1
            if first == cursor:
                continue
            if (here := bisect.bisect_right(passages, start)) != passage:
                passage, passage_used = here, set()
            sentence = bigrams(binding_words(text[start:end]))
            figures = []
            for index in range(first, cursor):
                before, after = clause_words(text, quantities, index)
                figures.append(TextFigure(quantities[index], before, after, clause_bigrams(before, after),
                                          sentence, innermost.key_at(quantities[index].start), index,
                                          periods.years_at(quantities[index].start),
                                          written_year(text, quantities, index)))
            for figure in figures:
                judge(data, figure)
            reversed_order(data, text, figures)
            wrong_period(data, text, figures, (start, end))
            stale_previous(data, text[start:end], start, figures)
            other_fact(data, text, figures)
            baselines(data, text, figures)
            swap_partners(data, figures)
            if any(f.finding is None for f in figures):
                derivations = scope(data, text, figures, {b: 1.0 for b in sentence}, passage_used)
                for k, figure in enumerate(figures):
                    if figure.finding is None:
                        figure.finding = stated_derivation(data, text, figures, k) or diagnose(data, figure, derivations)
            findings += [f.finding for f in figures if f.finding is not None]
            used.update(*(f.uses for f in figures))
            passage_used.update(f.source for f in figures if f.source is not None)
        return CheckReport(written, findings + unused(data, sections, used))

    def implied_unit(self, q: Quantity) -> Quantity:
        """An amount in 万 or 亿 with its unit left out ("达到170亿") is in 元 when the data counts money,
        unless the data holds that very figure without a unit."""
        if (q.unit or q.value is None or not ("万" in q.scale or "亿" in q.scale) or not self.data.counts_money
                or ("", q.value) in self.data.exact):
            return q
        return replace(q, unit="元")


def check_text(text: str, notes: Notes, *, sections: Sequence[TextSection] | None = None) -> CheckReport:
    """Reconcile every figure of ``text`` with the supplied data of ``notes``.

    ``sections`` are the text's sections with their notes outline keys when the caller knows them
    (the drafter does); otherwise they are found by heading markers and matched to the outline by
    heading. Unused supplied figures are reported per section.
    """
    return FigureChecker(notes).check(text, sections=sections)
