"""Checking at scale: with thousands of supplied figures the binding scores are computed with arrays; they
are the same scores as computed one supplied figure at a time, and the same verdicts as with a few."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from drafter.figures.binding import Binder, clause_bigrams
from drafter.figures.checker import FigureChecker
from drafter.figures.supplied import supplied_figures

BENCH = Path(__file__).resolve().parent.parent / "bench" / "checker_speed.py"


@pytest.fixture(scope="module")
def large() -> tuple:  # type: ignore[type-arg]
    """The large case of bench/checker_speed.py, small: 6 sections against 1,200 indicators."""
    spec = importlib.util.spec_from_file_location("checker_speed", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.large_draft(sections=6, indicators=1200)


def test_array_scores_are_the_scores_of_each_label_alone(large: tuple) -> None:  # type: ignore[type-arg]
    notes, _ = large
    binder = Binder(supplied_figures(notes))
    assert binder.vectorised
    words = clause_bigrams("今年沅陵省级高新技术企业数量达到", "")
    scores = binder.scores(words)
    assert len(scores) > 100
    assert all(abs(binder.score(i, words) - s) < 1e-12 for i, s in scores.items())
    assert binder.coverage(words) == {i: c for i, c in binder.coverage(words).items() if c >= 0.5}


def test_a_large_table_gives_the_verdicts_of_the_rows_a_draft_uses(large: tuple) -> None:  # type: ignore[type-arg]
    notes, text = large
    first = text.split("\n")[2]  # the first section's five sentences
    big = FigureChecker(notes).check(first)
    used = {row.name for row in notes.indicators if row.name in first}
    notes.indicators = [row for row in notes.indicators if row.name in used]
    small = FigureChecker(notes).check(first)
    assert not FigureChecker(notes).data.binder.vectorised
    verdicts = [(f.text, f.verdict, f.expected) for f in big.findings if f.kind != "unused"]
    assert verdicts == [(f.text, f.verdict, f.expected) for f in small.findings if f.kind != "unused"]
    assert {verdict for _, verdict, _ in verdicts} == {"supported", "error"}
