"""Real reports checked against part of their own figures: does the checker ever make a true text worse?

Every figure of a published report is taken as true. For each corpus document with real figures, a seeded
random third of its data is supplied, in one of two ways:
- facts: a third of the sentences that hold figures become the facts of a notes file, under the headings of
  the sections they stand in (the outline mirrors the document's);
- indicators: a third of the figures become indicator rows, each named by the words of its clause.
The whole document is then checked, without and with ``partial`` (proofreading against partial data).

Printed, per document and in total:
- harmful corrections: errors that propose a value ("应为 X", a non-empty ``expected``) on a true figure —
  the target is 0;
- false alarms on supplied figures: errors on figures the data holds — target 0;
- errors on uncovered figures with --partial — target 0 (they should be ``unverified`` notices);
- verified (of them, figures the data does not hold: derived from it, or an amount it holds for something
  else that the clause does not rule out) and unverified counts.

Run: python eval/checker/partial.py [--seeds 5] [--show]   (exit 1 when a target is missed)
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from drafter.export import read_document_text
from drafter.figures.extract import extract_quantities
from drafter.figures.model import Quantity
from drafter.figures.reconcile import FigureChecker, Finding
from drafter.figures.sections import TextSection, find_sections, sentence_spans
from drafter.figures.supplied import clause_words
from drafter.notes import Indicator, Notes, OutlineSection
from drafter.quantity.lexicon import APPROXIMATION_IN_FIGURE
from drafter.quantity.units import scale_factor
from drafter.quantity.writing import plain_number

DOCS = Path(__file__).resolve().parents[2] / "corpus" / "docs"
DOCUMENTS = ("002-yuanling", "003-hongjiang", "004-3", "004-5-jianye")
SHARE = 3  # a third of the data is supplied


@dataclass
class Tally:
    figures: int = 0
    supplied: int = 0
    harmful: int = 0  # an error proposing a value, on a true figure
    supplied_alarms: int = 0  # an error on a figure the data holds
    uncovered_errors: int = 0  # with partial: an error on a figure the data does not hold
    verified: int = 0
    verified_not_held: int = 0  # supported though the data does not hold it: a derived figure, or a coincidence
    unverified: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("figures", "supplied", "harmful", "supplied_alarms", "uncovered_errors", "verified",
                     "verified_not_held", "unverified"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.examples += other.examples


def sentences_with_figures(text: str, quantities: list[Quantity]) -> list[tuple[int, int, list[int]]]:
    """(start, end, figure indexes) of every sentence holding figures (no placeholder)."""
    out = []
    for start, end in sentence_spans(text):
        inside = [i for i, q in enumerate(quantities) if start <= q.start < end]
        if inside and not any(quantities[i].placeholder for i in inside):
            out.append((start, end, inside))
    return out


def outline_of(sections: list[TextSection], facts: dict[int, list[str]]) -> list[OutlineSection]:
    """The document's sections as a notes outline (nested by heading level), each with its supplied facts."""
    top: list[OutlineSection] = []
    stack: list[tuple[int, OutlineSection]] = []
    for number, section in enumerate(sections):
        node = OutlineSection(heading=section.heading or f"第{number + 1}节", facts=facts.get(number, []))
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        (stack[-1][1].sections if stack else top).append(node)
        stack.append((section.level, node))
    return top or [OutlineSection(heading="正文", facts=facts.get(-1, []))]


def section_of(sections: list[TextSection], position: int) -> int:
    """The innermost section holding a position (-1 before the first heading)."""
    inside = [k for k, s in enumerate(sections) if s.start <= position < s.end]
    return inside[-1] if inside else -1


_LEADING = re.compile(r"^(?:其中|同时|目前|今年|全年|当年|此外|并|已|共|累计)+")
_TRAILING = re.compile(r"(?:已|共|累计|分别|均|总计|合计)*(?:达到|达|实现|为|超过|突破|有|约)$")


def indicator_of(text: str, quantities: list[Quantity], index: int) -> Indicator | None:
    """An indicator row for a figure, named as a user would name it: the words of its clause as the checker
    reads them (``clause_words``), time words and a trailing 达/为 trimmed, or the words after it."""
    q = quantities[index]
    if q.value is None or q.high is not None or not q.unit:
        return None
    before, after = clause_words(text, quantities, index)
    name = _TRAILING.sub("", _LEADING.sub("", before)) or after[:12]
    if len(name) < 2:
        return None
    factor = scale_factor(q.scale) if q.scale else Decimal(1)
    word = APPROXIMATION_IN_FIGURE.search(q.text)
    return Indicator(name=name, value=q.value / factor, unit=f"{q.scale}{q.unit}",
                     raw_value=plain_number(q.value / factor), approx=word.group().strip() if word else None,
                     origin=f"figure {index}")


def supplied_data(name: str, text: str, rng: random.Random, mode: str) -> tuple[Notes, set[int], list[Quantity]]:
    """A notes file holding a third of the document's data, the indexes of the figures it holds, and all
    the document's figures."""
    quantities = extract_quantities(text)
    sections = find_sections(text)
    held: set[int] = set()
    facts: dict[int, list[str]] = {}
    indicators: list[Indicator] = []
    if mode == "facts":
        sentences = sentences_with_figures(text, quantities)
        for start, end, inside in rng.sample(sentences, len(sentences) // SHARE):
            facts.setdefault(section_of(sections, start), []).append(text[start:end].strip())
            held.update(inside)
    else:
        candidates = [i for i, q in enumerate(quantities) if not q.placeholder]
        for i in sorted(rng.sample(candidates, len(candidates) // SHARE)):
            indicator = indicator_of(text, quantities, i)
            if indicator is not None:
                indicators.append(indicator)
                held.add(i)
    notes = Notes(title=name, unit="科技局", year=2025, sections=outline_of(sections, facts), indicators=indicators)
    return notes, held, quantities


def tally(text: str, findings: list[Finding], quantities: list[Quantity], held: set[int], show: bool,
          label: str) -> Tally:
    out = Tally(figures=sum(not q.placeholder for q in quantities), supplied=len(held))
    at = {q.start: i for i, q in enumerate(quantities) if not q.placeholder}
    for f in findings:
        if f.kind == "unused" or f.start is None or f.start not in at:
            continue  # masked years of the corpus copy (20xx年) are placeholders, not true figures
        i = at[f.start]
        if f.verdict == "supported":
            out.verified += 1
            out.verified_not_held += i not in held
        elif f.verdict == "unverified":
            out.unverified += 1
        if f.verdict != "error":
            continue
        where = f"{label} {f.text!r} [{f.kind}] {text[max(0, f.start - 20):f.end].strip()}"
        if f.expected:
            out.harmful += 1
            out.examples.append(f"harmful: {where} → 应为 {f.expected!r} ({f.source})")
        if i in held:
            out.supplied_alarms += 1
            out.examples.append(f"supplied alarm: {where}: {f.message}")
        else:
            out.uncovered_errors += 1
    if show:
        for line in out.examples:
            print("   ", line)
    return out


def measure(seeds: int = 5, show: bool = False, table: bool = False) -> dict[tuple[str, bool], Tally]:
    """Every document against random thirds of its data, per mode and with or without partial (see the module)."""
    totals = {(mode, partial): Tally() for mode in ("facts", "indicators") for partial in (False, True)}
    if table:
        print(f"{'document':<16}{'mode':<12}{'partial':<9}{'figures':>8}{'held':>6}{'verified':>9}{'not held':>9}"
              f"{'unverif.':>9}{'harmful':>8}{'alarms':>7}{'uncov.err':>10}")
    for name in DOCUMENTS:
        text = read_document_text(DOCS / f"{name}.md")
        for mode in ("facts", "indicators"):
            for partial in (False, True):
                doc = Tally()
                for seed in range(seeds):
                    rng = random.Random(f"{name}/{mode}/{seed}")
                    notes, held, quantities = supplied_data(name, text, rng, mode)
                    report = FigureChecker(notes).check(text, partial=partial)
                    doc.add(tally(text, report.findings, quantities, held, show,
                                  f"{name}/{mode}/{seed}{'/partial' if partial else ''}"))
                totals[(mode, partial)].add(doc)
                if table:
                    print(f"{name:<16}{mode:<12}{'yes' if partial else 'no':<9}{doc.figures:>8}{doc.supplied:>6}"
                          f"{doc.verified:>9}{doc.verified_not_held:>9}{doc.unverified:>9}{doc.harmful:>8}"
                          f"{doc.supplied_alarms:>7}"
                          f"{doc.uncovered_errors:>10}")
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="random thirds per document and mode (default 5)")
    parser.add_argument("--show", action="store_true", help="print every harmful correction and false alarm")
    args = parser.parse_args()
    totals = measure(args.seeds, args.show, table=True)
    print()
    missed = False
    for (mode, partial), t in totals.items():
        errors = f", errors on uncovered figures {t.uncovered_errors}" if partial else ""
        print(f"{mode:<11} partial={'yes' if partial else 'no ':<4} figures {t.figures}, held {t.supplied}: "
              f"harmful corrections {t.harmful}, false alarms on supplied figures {t.supplied_alarms}{errors}")
        missed |= t.harmful > 0 or t.supplied_alarms > 0 or (partial and t.uncovered_errors > 0)
    kinds = Counter(line.split("[")[1].split("]")[0] for t in totals.values() for line in t.examples
                    if line.startswith("harmful"))
    if kinds:
        print("harmful corrections by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("targets (0 harmful, 0 alarms on supplied figures, 0 errors on uncovered with partial): "
          + ("NOT met" if missed else "met"))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
