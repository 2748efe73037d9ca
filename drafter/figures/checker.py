"""The figure checker: each sentence of a text read once into a frozen ``Sentence`` and given to the passes
in ``PASSES``, in order — a direct match per figure, then what the sentence says of order, period and
facts, then derived figures and the diagnosis of the rest — and finally the supplied figures the text
never uses."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from drafter.figures.attribution import baselines, other_fact, reversed_order, swap_partners, swapped_across
from drafter.figures.binding import bigrams, clause_bigrams
from drafter.figures.certainty import restated_elsewhere, uncovered
from drafter.figures.coverage import unused
from drafter.figures.derived import changes_checked, restated_multiple, stated_derivation, total_of_parts
from drafter.figures.diagnosis import diagnose, figure_before, of_the_figure_before
from drafter.figures.extract import extract_quantities
from drafter.figures.findings import CheckReport
from drafter.figures.index import SuppliedIndex
from drafter.figures.matching import direct_matches
from drafter.figures.model import Quantity
from drafter.figures.periods import base_year, stale_previous, wrong_period
from drafter.figures.scope import scope
from drafter.figures.sections import (
    HeadingPeriods,
    SectionIndex,
    TextSection,
    find_sections,
    outline_section,
    paragraph_starts,
    sentence_spans,
    with_keys,
)
from drafter.figures.sentence import Sentence, TextFigure
from drafter.figures.supplied import (
    SuppliedFigure,
    binding_words,
    clause_words,
    named_in_full,
    simplified_in_place,
    written_year,
)
from drafter.notes import Notes
from drafter.quantity.lexicon import AIMS, SENTENCE_YEAR, full_names

Pass = Callable[[SuppliedIndex, Sentence], Sentence]
KEPT_SCORES = 16  # a judged figure keeps its best binding scores for the whole-text passes (candidates)


def derived_or_diagnosed(data: SuppliedIndex, sentence: Sentence) -> Sentence:
    """Last pass: a figure still without a verdict is a derived figure whose operands the sentence names
    ("A为B的N倍"), a growth restating the multiple next to it (翻了一番，增长100%), the total of the parts listed
    after it, one derived from the data in the sentence's scope, or an error (which one: ``diagnose``)."""
    if all(f.finding is not None for f in sentence.figures):
        return sentence
    derivations = scope(data, sentence)
    figures = list(sentence.figures)
    stated = frozenset(i for f in figures for i in (f.source, *f.uses) if i is not None)
    for k, figure in enumerate(figures):
        if figure.finding is None:
            figures[k] = (stated_derivation(data, sentence.text, figures, k) or restated_multiple(figures, k)
                          or total_of_parts(sentence.text, figures, k)
                          or diagnose(data, figure, of_the_figure_before(data, figure, figure_before(sentence.text, figures, k),
                                                                         derivations),
                                      stated, base_year(sentence, figure)))
    return sentence.with_figures(figures)


# The passes over a sentence, in order; each takes the sentence as the passes before it left it.
PASSES: tuple[Pass, ...] = (
    direct_matches,  # a placeholder, or a figure the data states (or one whose clause names another figure)
    reversed_order,  # 由A到B with A and B the wrong way round in time
    wrong_period,  # a figure of another year than the one written or the section's heading names
    stale_previous,  # an indicator's previous value stated as the current one
    other_fact,  # a figure from the other of two facts worded alike
    baselines,  # a figure named for another that is the other end of the same change: supported after all
    swap_partners,  # two figures swapped with each other
    changes_checked,  # a change against an earlier time that only another row's amount supports: checked as one
    derived_or_diagnosed,  # derived figures, and the diagnosis of every figure still unjudged
)


class FigureChecker:
    """The supplied data of one notes file, indexed once; ``check`` reconciles any number of texts."""

    def __init__(self, notes: Notes):
        self.data = SuppliedIndex(notes)

    @property
    def figures(self) -> list[SuppliedFigure]:
        """The supplied figures, in the order of ``supplied_figures``."""
        return self.data.figures

    def check(self, text: str, *, sections: Sequence[TextSection] | None = None,
              partial: bool = False, section: str | None = None) -> CheckReport:
        """Reconcile every figure of ``text``; see ``check_text``. ``section``: the text is the body of that
        outline section (its number path, as ``SectionTask.key`` writes it: "三.（二）.1"), so that its figures
        are known to stand in it — in its period (a 2026 plan) and beside its own facts."""
        data = self.data
        written, text = text, simplified_in_place(text)  # words compare in one script; offsets are the same
        if section is not None and sections is None:
            sections = outline_section(data.notes, section, len(text))
        sections = with_keys(find_sections(written) if sections is None else sections, data.notes)
        quantities = [self.implied_unit(q) for q in extract_quantities(written)]
        judged: list[TextFigure] = []
        used: set[int] = set()
        passages = sorted({s.start for s in sections}) or paragraph_starts(text)
        passage, passage_used = -1, frozenset[int]()
        for sentence in self.sentences(text, quantities, sections):
            if (here := bisect.bisect_right(passages, sentence.start)) != passage:
                passage, passage_used = here, frozenset()
            sentence = replace(sentence, passage_used=passage_used)
            for step in PASSES:
                sentence = step(data, sentence)
            judged += [f if len(f.binding.scores) <= KEPT_SCORES else replace(f, binding=f.binding.best(KEPT_SCORES))
                       for f in sentence.figures]
            used.update(*(f.uses for f in sentence.figures))
            passage_used = passage_used.union(f.source for f in sentence.figures if f.source is not None)
        judged = restated_elsewhere(data, swapped_across(data, judged))
        if partial:
            judged = uncovered(judged)
        findings = [f.finding for f in judged if f.finding is not None]
        return CheckReport(written, findings + unused(data, sections, used), partial=partial)

    def sentences(self, text: str, quantities: list[Quantity],
                  sections: Sequence[TextSection]) -> Iterator[Sentence]:
        """The sentences of the text that hold figures, each figure with its clause and binding — one at a
        time, so that a long text holds the full bindings of one sentence only."""
        innermost, periods = SectionIndex(sections), HeadingPeriods(sections)
        cursor, carried = 0, None
        for start, end in sentence_spans(text):
            # "2026年，我局将…": the year of the whole sentence — and of the clauses its colon opens, 一是…；二是…
            opening = SENTENCE_YEAR.match(text, start) or (carried if carried and carried.end() <= start else None)
            carried = opening if opening is not None and text[end - 1:end] in "；;" else None
            first = cursor
            while cursor < len(quantities) and quantities[cursor].start < end:
                cursor += 1
            if first == cursor:
                continue
            words = frozenset(bigrams(full_names(binding_words(text[start:end]))))
            figures = []
            for index in range(first, cursor):
                q = quantities[index]
                before, after = named_in_full(clause_words(text, quantities, index))
                clause = clause_bigrams(before, after)
                period = periods.years_at(q.start)
                if opening is not None and opening.end() <= q.start:
                    period = frozenset({int(opening.group(1))})
                figures.append(TextFigure(q, before, after, clause, words, innermost.key_at(q.start),
                                          self.data.binder.binding(clause), index, period,
                                          written_year(text, quantities, index),
                                          AIMS.search(text, start, q.start) is not None))
            yield Sentence(text, start, end, tuple(figures), words)

    def implied_unit(self, q: Quantity) -> Quantity:
        """An amount in 万 or 亿 with its unit left out ("达到170亿") is in 元 when the data counts money,
        unless the data holds that very figure without a unit."""
        if (q.unit or q.value is None or not ("万" in q.scale or "亿" in q.scale) or not self.data.counts_money
                or ("", q.value) in self.data.exact):
            return q
        return replace(q, unit="元")


def check_text(text: str, notes: Notes, *, sections: Sequence[TextSection] | None = None,
               partial: bool = False) -> CheckReport:
    """Reconcile every figure of ``text`` with the supplied data of ``notes``.

    ``sections`` are the text's sections with their notes outline keys when the caller knows them
    (the drafter does); otherwise they are found by heading markers and matched to the outline by
    heading. Unused supplied figures are reported per section. ``partial``: the data covers only some
    of the figures (proofreading a report against part of its data): a figure it does not cover is
    ``unverified``, not an error.
    """
    return FigureChecker(notes).check(text, sections=sections, partial=partial)
