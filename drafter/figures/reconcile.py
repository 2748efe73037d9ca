"""Reconciliation of every figure in a text with the supplied data of a notes file.

Each figure gets a verdict: ``supported`` (same amount and unit, a consistent approximation word, or a
figure derived from supplied values within rounding), ``error`` (wrong value, scale, unit, percent for
percentage point, an approximation word that the data contradicts, a value that belongs to another
indicator, a placeholder, an invented figure) or ``warning`` (a supplied figure the text never uses).

Binding — which supplied figure a text figure speaks of — compares the words of the figure's clause
with each supplied figure's label (the indicator name, or the fact's words around its figure), as
character bigrams weighted by how rare they are among the labels. Supplied figures are indexed by
unit and value, so each text figure costs a few dictionary look-ups.

The grammar of the sentence settles what words alone cannot (see ``clause_words`` for the words a
figure takes from its neighbours: the end point of 由A到B, the i-th item of a 分别 list, a second
measure joined by 、):
- order: "由A…到B" states the earlier amount first; an indicator's value and previous value (or a
  fact's two figures) the other way round are both misattributed;
- qualifiers: of two labels alike but for a qualifier (省级/市级, 国家级/省级, 新增/累计), the one whose
  qualifier the clause writes is meant; a clause naming the thing with another qualifier (亩均 for 户均)
  is not bound to it, and gets no correction from it;
- period: a year written next to a figure (2024年的131家) must be the period of the supplied figure it
  matches, when the data has the same thing for that year; with no year written, the year its section's
  heading names (or the report's) picks the row of an indicator kept for several years; an indicator's
  previous value stated as the current one, with no year or word of comparison (由 上年 比…提高; not
  占比) to say so, is ``stale_period``; a year written next to a figure that is its own row's keeps it
  from being taken for another figure of the sentence (其中2023年达到45家);
- from→to: the two ends of one change (由A增至B, 在A的基础上…B) are each checked against their own time:
  a value of this year as the start of next year's target is no mix-up, the two the wrong way round in
  time are;
- one fact: when most figures of a sentence come from one fact, a figure matching only a fact worded
  alike is misattributed;
- stated operands: "A为B的N倍", "A占B的N%", "A比B增长N%" are checked against A and B alone;
- derived figures: difference, growth (in the direction the words say: 增长 for a fall is an error whose
  correction says 下降), ratio, share (占, 比重, the completion of a target: 完成全年目标的54%), sum,
  totals after 合计/共/累计 of parts stated earlier in the section or of alike indicators the sentence
  names, growth from a value to a target of the same thing, and the yearly average over the years
  between two periods (年均增长 is compound); 翻番 and 增长N倍 compare one thing at two times, never two
  things. A wrong derived figure is corrected only when the word of change is its own predicate;
- corrections name one supplied figure: none when two are bound alike or the figure is a total.

This module is the public face of the checker; the work is done in:
- ``checker``: the passes over each sentence, in order, and ``check_text``;
- ``index``: the supplied figures of a notes file, indexed once; ``binding``: which one a clause names;
- ``matching``: the first pass, a figure whose amount the data states; ``amounts``: approximation words;
- ``attribution`` and ``periods``: what the rest of the sentence says (order, facts, swaps, years);
- ``scope``, ``derivations``, ``cues`` and ``derived``: derived figures; ``diagnosis``: the errors;
- ``coverage``: supplied figures the text never uses; ``sections``: headings, sentences, passages;
- ``findings``: verdicts, the report and the repair instructions.
"""

from drafter.figures.checker import FigureChecker, check_text
from drafter.figures.findings import (
    ERROR,
    SUPPORTED,
    WARNING,
    CheckReport,
    CheckSummary,
    Finding,
    repair_instructions,
)
from drafter.figures.sections import TextSection, find_sections

__all__ = [
    "ERROR",
    "SUPPORTED",
    "WARNING",
    "CheckReport",
    "CheckSummary",
    "FigureChecker",
    "Finding",
    "TextSection",
    "check_text",
    "find_sections",
    "repair_instructions",
]
