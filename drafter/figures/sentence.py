"""What the passes of the checker work on: a sentence of the checked text with its figures, each figure with
the words of its clause and its binding (computed once), and the verdict reached on it so far.

All three are frozen: a pass takes a ``Sentence`` and returns a new one (``Sentence.with_figures``), so the
order of the passes (``checker.PASSES``) is the whole story of how a verdict was reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from drafter.figures.binding import Binding
from drafter.figures.findings import Finding
from drafter.figures.model import Quantity


@dataclass(frozen=True, slots=True)
class TextFigure:
    """A figure of the checked text: its clause (fixed when the sentence is read) and the verdict reached on
    it so far (``finding``, the supplied figure it was matched to, the supplied figures it uses)."""

    quantity: Quantity
    before: str  # binding words of its clause before it
    after: str  # … and after it
    words: Mapping[str, float]  # the clause's bigrams, the nearest weighing most
    sentence: frozenset[str]  # bigrams of the figure's whole sentence
    section: tuple[int, ...] | None  # outline key of the notes section its text section writes
    binding: Binding
    index: int = 0  # its place among the figures of the text
    period: frozenset[int] = frozenset()  # the years its section's headings name (2025年工作情况 → 2025)
    year: int | None = None  # the year written for it in its clause (2024年的131家 → 2024)
    target: bool = False  # an aim word stands before it in its sentence (力争, 确保 …): it states a target
    finding: Finding | None = None
    source: int | None = None  # the supplied figure it was matched to
    uses: frozenset[int] = frozenset()  # supplied figures it uses (matched, or derived from)
    displaced: tuple[int, int] | None = None  # misattributed: (the value's owner, the figure meant)

    def judged(self, finding: Finding, *, source: int | None = None, uses: Iterable[int] = (),
               displaced: tuple[int, int] | None = None) -> TextFigure:
        """This figure with a verdict: the finding, what it was matched to and what it uses."""
        return TextFigure(self.quantity, self.before, self.after, self.words, self.sentence, self.section,
                          self.binding, self.index, self.period, self.year, self.target, finding, source,
                          frozenset(uses), displaced)  # (what ``replace`` would build, without its introspection: a hot path)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the checked text with its figures, in order. ``text`` is the whole text (in simplified
    script; offsets are the original's), ``start``/``end`` the sentence's span in it; ``passage_used`` the
    supplied figures the sentences before it in its passage (section) have used."""

    text: str
    start: int
    end: int
    figures: tuple[TextFigure, ...]
    words: frozenset[str]
    passage_used: frozenset[int] = field(default_factory=frozenset)

    @property
    def own_text(self) -> str:
        """The sentence itself."""
        return self.text[self.start:self.end]

    def with_figures(self, figures: Iterable[TextFigure]) -> Sentence:
        """The sentence with its figures judged anew (itself when a pass changed none)."""
        figures = tuple(figures)
        if all(new is old for new, old in zip(figures, self.figures, strict=True)):
            return self
        return Sentence(self.text, self.start, self.end, figures, self.words, self.passage_used)

    def with_figure(self, k: int, figure: TextFigure) -> Sentence:
        """The sentence with figure ``k`` judged anew."""
        return replace(self, figures=(*self.figures[:k], figure, *self.figures[k + 1:]))
