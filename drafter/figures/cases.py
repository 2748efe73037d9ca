"""Checker cases as data: a text, the notes it is checked against, and the expected verdict of every figure —
read by one runner for the unit tests' sentence tables (tests/checker_cases/) and the held-out sets
(eval/checker/heldout*/), scored the same way.

A case directory holds ``notes.yaml`` and either
- ``draft.txt`` and ``labels.yaml``: one text (the held-out sets), or
- ``sentences.yaml``: a list of ``{text, figures, non_figures}``, each text checked on its own.
Without ``notes.yaml``, the texts of ``sentences.yaml`` are read, not checked: each label says what the extractor
finds there (``value`` in base units, ``unit``, ``qualifier``, ``high``, ``placeholder``), and nothing else is found.

Labels (``labels.yaml``, or each entry of ``sentences.yaml``):
- ``figures``: ``{text, n, expect, kind, type, covered, fix, note, debatable}`` — ``text`` and ``n`` (its n-th
  occurrence, 1 by default, never starting inside a number) locate the figure; ``expect`` is ``supported``,
  ``error`` or ``unverified``; ``kind`` the rule when only one is defensible; ``type`` the planted mistake or the
  written form; ``fix`` what a correction should say ("a|b": either; "none": no value may be proposed — in the sentence
  tables a finding must propose exactly that); ``covered`` (partial-data sets): whether
  the data covers the figure — a set with any ``covered`` label, or ``partial: true``, is checked as
  proofreading against partial data (``--partial``);
- ``non_figures``: ``{text, n, note}`` — spans that are not figures and must not be reported;
- ``placeholders``: ``{text, n, note}`` — unfilled masks of a real text (20xx年, XX县): no figures, scored apart
  (flagged as a placeholder, or not).
``at`` (a 0-based offset into the text) locates a label where given, whatever ``n`` says. Kinds are read with
the examiners' names too (``KIND_NAMES``: unit → wrong_unit, percent_for_points → percent_point …).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from drafter.figures.checker import FigureChecker
from drafter.figures.extract import extract_quantities
from drafter.figures.findings import SUPPORTED, Finding, Kind
from drafter.notes import load_notes
from drafter.quantity.writing import plain_number

# A label must not start in the middle of a number: "5家" is not the tail of "2315家", "315家" not of "2,315家".
_NUMBER_CHARS = set("0123456789０１２３４５６７８９零〇一二两兩三四五六七八九十百千万萬亿億点點")
_ARABIC = set("0123456789０１２３４５６７８９")
_SEPARATORS = set(".．,，")
NON_FIGURE = "non_figure"
PLACEHOLDER = "placeholder"
NO_FIX = "none"  # a label's fix when no value may be proposed (the binding is not certain)  # a mask of a real text (20xx年, XX县): not a figure, to be flagged
# Kind names examiners use, as the checker names the kind (Kind): a label's kind is read through this.
KIND_NAMES = {"unit": "wrong_unit|wrong_scale", "percent_for_points": "percent_point", "percent_for_point": "percent_point",
              "point_for_percent": "percent_point", "wrong_derived": "derived", "stale_value": "stale_period",
              "scale": "wrong_scale"}  # "a|b": either kind agrees (an examiner's "unit" error may be 万 for 亿)
FIGURE = "figure"  # a label of a text that is only read
_READ = ("value", "unit", "qualifier", "high", "placeholder")


class CaseError(ValueError):
    """A case file that does not say what it should (a label not found in its text, a missing file)."""


@dataclass(frozen=True)
class Label:
    """The expected verdict on one figure of a case's text (or a span that is no figure)."""

    case: str
    text: str
    n: int
    start: int
    end: int
    expect: str  # supported | error | unverified | non_figure
    kind: str | None = None
    type: str = ""
    covered: bool | None = None
    fix: str = ""
    note: str = ""
    debatable: str = ""
    read: tuple[tuple[str, str], ...] = ()  # extraction: (field, expected value as text) — value, unit, qualifier …

    def proposes(self, expected: str) -> bool:
        """Whether the value a finding proposes is the labelled fix (any of "a|b"; "none": no value at all)."""
        if self.fix == NO_FIX:
            return not expected
        return bool(expected) and expected in self.fix.split("|")

    def agrees(self, kind: str) -> bool:
        """Whether the checker's kind is the labelled one (any of "a|b"; any kind when none is labelled)."""
        return not self.kind or kind in self.kind.split("|")


@dataclass(frozen=True)
class Got:
    """What the checker said of a labelled figure ("-": it found no figure there)."""

    verdict: str
    kind: str
    text: str
    message: str
    expected: str = ""
    confidence: str = ""
    read: tuple[tuple[str, str], ...] = ()  # extraction: what the extractor read, as the label's fields


NOT_EXTRACTED = Got("-", "-", "", "not extracted")


@dataclass(frozen=True)
class Case:
    """One text with its labels and the notes file it is checked against (None: the text is only read)."""

    name: str
    notes: Path | None
    text: str
    labels: tuple[Label, ...]
    partial: bool = False


@dataclass
class Outcome:
    """A case checked: each label with what the checker said, and the findings no label covers."""

    case: Case
    pairs: list[tuple[Label, Got]] = field(default_factory=list)
    unlabelled: list[Finding] = field(default_factory=list)

    def disagreements(self) -> list[str]:
        """Every way the checker departs from the labels, in words (empty when it agrees)."""
        out = []
        for label, got in self.pairs:
            if label.expect == NON_FIGURE:
                if got.verdict != "-":
                    out.append(f"{label.text!r} is no figure, got {got.verdict}/{got.kind}")
            elif label.expect == PLACEHOLDER:
                if got.kind != PLACEHOLDER:
                    out.append(f"{label.text!r} is a placeholder, got {got.verdict}/{got.kind}")
            elif label.expect == FIGURE:
                if got.text != label.text or got.read != label.read:
                    out.append(f"{label.text!r}: expected {dict(label.read)}, read {got.text!r} {dict(got.read)}")
            elif got.verdict != label.expect or not label.agrees(got.kind):
                want = label.expect + (f"/{label.kind}" if label.kind else "")
                out.append(f"{label.text!r}: expected {want}, got {got.verdict}/{got.kind} ({got.message})")
            elif label.fix and label.expect == "error" and not label.proposes(got.expected):
                out.append(f"{label.text!r}: expected the correction {label.fix!r}, got {got.expected or 'none'!r}"
                           f" ({got.message})")
        out += [f"{f.text!r}: unlabelled {f.verdict}/{f.kind}" for f in self.unlabelled]
        return out


def locate(text: str, needle: str, n: int, case: str) -> tuple[int, int]:
    """Start and end of the n-th occurrence of ``needle`` that does not start inside a number."""
    def inside_a_number(at: int) -> bool:
        before = text[at - 1] if at else ""
        if before in _SEPARATORS and needle[0] in _ARABIC:
            return at > 1 and text[at - 2] in _ARABIC
        if before in "点點":  # a decimal point only after a numeral: 示范点185个 is 185个
            return at > 1 and text[at - 2] in _NUMBER_CHARS and needle[0] in _NUMBER_CHARS
        return before in _NUMBER_CHARS and needle[0] in _NUMBER_CHARS

    seen, position = 0, text.find(needle)
    while position >= 0:
        if not inside_a_number(position):
            seen += 1
            if seen == n:
                return position, position + len(needle)
        position = text.find(needle, position + 1)
    raise CaseError(f"{case}: occurrence {n} of {needle!r} not found in its text")


def labels_of(case: str, text: str, raw: dict[str, Any]) -> tuple[list[Label], bool]:
    """The labels of one text, and whether they ask for a check against partial data."""
    labels = []
    entries = [(e, None) for e in raw.get("figures") or []] + [(e, NON_FIGURE) for e in raw.get("non_figures") or []]
    entries += [(e, PLACEHOLDER) for e in raw.get("placeholders") or []]
    for entry, expect in entries:
        n = int(entry.get("n", 1))
        needle = str(entry["text"])
        if "at" in entry:
            start = int(entry["at"])
            if text[start:start + len(needle)] != needle:
                raise CaseError(f"{case}: {needle!r} is not at offset {start} of its text")
            end = start + len(needle)
        else:
            start, end = locate(text, needle, n, case)
        read = tuple((key, _text(entry[key])) for key in _READ if key in entry)
        kind = entry.get("kind") if expect is None else None
        note = " ".join(str(entry[key]) for key in ("source", "note") if entry.get(key))
        labels.append(Label(case, needle, n, start, end, expect or entry.get("expect", FIGURE),
                            KIND_NAMES.get(kind, kind), entry.get("type", expect or kind or ""), entry.get("covered"),
                            str(entry.get("fix", "")), note, entry.get("debatable", ""), read))
    partial = bool(raw.get("partial")) or any(label.covered is not None for label in labels)
    return labels, partial


def _text(value: object) -> str:
    """A label's field as text, numbers normalised (20 and 20.0 are one value)."""
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, int | float | Decimal):
        return plain_number(Decimal(str(value)))
    return str(value)


def load_case_dir(folder: Path) -> list[Case]:
    """The cases of one case directory (see the module)."""
    notes: Path | None = folder / "notes.yaml"
    if not notes.is_file():
        if not (folder / "sentences.yaml").is_file():
            raise CaseError(f"{folder}: no notes.yaml")
        notes = None
    if (folder / "sentences.yaml").is_file():
        entries = yaml.safe_load((folder / "sentences.yaml").read_text(encoding="utf-8")) or []
        out = []
        for number, entry in enumerate(entries, start=1):
            text = str(entry["text"])
            labels, partial = labels_of(f"{folder.name}#{number}", text, entry)
            out.append(Case(f"{folder.name}#{number}", notes, text, tuple(labels), partial))
        return out
    text = (folder / "draft.txt").read_text(encoding="utf-8")
    raw = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8")) or {}
    labels, partial = labels_of(folder.name, text, raw)
    return [Case(folder.name, notes, text, tuple(labels), partial)]


def load_cases(path: Path) -> list[Case]:
    """The cases of a case directory, or of every case directory in a folder (a held-out set)."""
    path = Path(path)
    if (path / "notes.yaml").is_file() or (path / "sentences.yaml").is_file():
        return load_case_dir(path)
    folders = sorted(p for p in path.iterdir() if (p / "notes.yaml").is_file() or (p / "sentences.yaml").is_file())
    if not folders:
        raise CaseError(f"{path}: no case directories (notes.yaml with draft.txt or sentences.yaml)")
    return [case for folder in folders for case in load_case_dir(folder)]


def read_case(case: Case) -> Outcome:
    """Read the case's text (no notes) and pair each label with the figure the extractor found there."""
    quantities = extract_quantities(case.text)
    outcome = Outcome(case)
    for label in case.labels:
        found = [q for q in quantities if q.start < label.end and label.start < q.end]
        if not found:
            outcome.pairs.append((label, NOT_EXTRACTED))
            continue
        q = found[0]
        read = {"value": q.value, "unit": q.unit, "qualifier": q.qualifier.value, "high": q.high,
                "placeholder": q.placeholder}
        outcome.pairs.append((label, Got(FIGURE, q.unit, q.text, f"{q.value} {q.unit} {q.qualifier.value}",
                                         read=tuple((key, _text(read[key])) for key, _ in label.read))))
    outcome.unlabelled = [Finding(q.text, q.start, q.end, SUPPORTED, Kind.MATCH, None, None, "read", rule="read")
                          for q in quantities
                          if not any(q.start < lb.end and lb.start < q.end for lb in case.labels)]
    return outcome


def run_case(case: Case, checker: FigureChecker | None = None) -> Outcome:
    """Check the case's text and pair each label with what the checker said of it (or, without notes, with
    what the extractor read there)."""
    if case.notes is None:
        return read_case(case)
    checker = checker or FigureChecker(load_notes(case.notes))
    report = checker.check(case.text, partial=case.partial)
    findings = [f for f in report.findings if f.kind != "unused" and f.start is not None]
    outcome = Outcome(case)
    for label in case.labels:
        overlaps = [(min(f.end or 0, label.end) - max(f.start or 0, label.start), f) for f in findings
                    if (f.start or 0) < label.end and label.start < (f.end or 0)]
        if not overlaps:
            outcome.pairs.append((label, NOT_EXTRACTED))
            continue
        _, f = max(overlaps, key=lambda pair: pair[0])
        outcome.pairs.append((label, Got(str(f.verdict), str(f.kind), f.text, f.message, f.expected or "",
                                         str(f.confidence))))
    outcome.unlabelled = [f for f in findings if not any((f.start or 0) < lb.end and lb.start < (f.end or 0)
                                                         for lb in case.labels)]
    return outcome


def run_cases(cases: Sequence[Case]) -> list[Outcome]:
    """Every case checked, one checker per notes file."""
    checkers: dict[Path, FigureChecker] = {}
    out = []
    for case in cases:
        if case.notes is None:
            out.append(read_case(case))
            continue
        if case.notes not in checkers:
            checkers[case.notes] = FigureChecker(load_notes(case.notes))
        out.append(run_case(case, checkers[case.notes]))
    return out


def is_figure(label: Label) -> bool:
    """Whether a label is of a figure (not of a span that is none, nor of a placeholder mask)."""
    return label.expect not in (NON_FIGURE, PLACEHOLDER)


def _ratio(a: int, b: int, empty: float = 1.0) -> float:
    return a / b if b else empty


def scores(outcomes: Iterable[Outcome]) -> dict[str, float]:
    """The figures of a set of cases (each a share unless it is a count):
    recall (labelled errors flagged; on partial sets, those the data covers), precision (flags on labelled
    errors among all error verdicts, stray ones included), false_alarms (correct figures flagged; on partial sets,
    those the data covers), kinds (verdict right and the labelled kind named), wrong_corrections and withheld
    (of errors with a labelled fix, those proposing another value, and those proposing none), harmful (counts:
    a value proposed on a true figure, the data covering it or not), errors_on_uncovered (partial sets: errors on figures the data does
    not cover), not_extracted, non_figures_extracted."""
    outcomes = list(outcomes)
    pairs = [pair for outcome in outcomes for pair in outcome.pairs]
    stray = sum(f.verdict == "error" for o in outcomes for f in o.unlabelled)
    figures = [(lb, g) for lb, g in pairs if is_figure(lb)]
    covered = [(lb, g) for lb, g in figures if lb.covered is not False]
    errors = [(lb, g) for lb, g in covered if lb.expect == "error"]
    correct = [(lb, g) for lb, g in covered if lb.expect == "supported"]
    flagged = [(lb, g) for lb, g in figures if g.verdict == "error"]
    non_figures = [(lb, g) for lb, g in pairs if lb.expect == NON_FIGURE]
    with_kind = [(lb, g) for lb, g in figures if lb.kind and g.verdict == lb.expect]
    with_fix = [(lb, g) for lb, g in errors if lb.fix and g.verdict == "error"]
    wrong = [(lb, g) for lb, g in with_fix
             if g.expected and (lb.fix == NO_FIX or not any(alt in g.expected + g.message for alt in lb.fix.split("|")))]
    non_figure_errors = sum(g.verdict == "error" for _, g in non_figures)
    placeholders = [(lb, g) for lb, g in pairs if lb.expect == PLACEHOLDER]
    return {
        "figures": len(figures),
        "recall": _ratio(sum(g.verdict == "error" for _, g in errors), len(errors)),
        "precision": _ratio(sum(lb.expect == "error" for lb, _ in flagged), len(flagged) + stray + non_figure_errors),
        "false_alarms": _ratio(sum(g.verdict == "error" for _, g in correct), len(correct), 0.0),
        "kinds": _ratio(sum(lb.agrees(g.kind) for lb, g in with_kind), len(with_kind)),
        "wrong_corrections": len(wrong),
        "withheld": sum(not g.expected for lb, g in with_fix if lb.fix != NO_FIX),
        "harmful": sum(g.verdict == "error" and bool(g.expected) for lb, g in figures if lb.expect != "error"),
        "errors_on_uncovered": sum(g.verdict == "error" for lb, g in figures if lb.covered is False),
        "not_extracted": _ratio(sum(g.verdict == "-" for _, g in figures), len(figures), 0.0),
        "non_figures_extracted": _ratio(sum(g.verdict != "-" for _, g in non_figures), len(non_figures), 0.0),
        "placeholders": _ratio(sum(g.kind == PLACEHOLDER for _, g in placeholders), len(placeholders)),
    }
