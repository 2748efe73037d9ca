"""Held-out evaluation of the figure checker on hand-written drafts it has never seen.

Each case under a set's folder (eval/checker/heldout/<case>/) holds notes.yaml (the supplied data),
draft.txt (a draft as an LLM would write it, with planted figure mistakes) and labels.yaml (the expected
verdict of every figure, and spans that are not figures); see drafter.figures.cases for the format,
including `covered: true|false` per figure for sets checked against partial data (--partial). Labels follow
the issues and DOMAIN.md, not the checker's output.

Run: python eval/checker/heldout.py [SET_DIR …]   (default: eval/checker/heldout; the later sets are
eval/checker/heldout2 … heldout4)
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

from drafter.figures.cases import NON_FIGURE, PLACEHOLDER, Got, Label, Outcome, is_figure, load_cases, run_cases, scores

SET_DIR = Path(__file__).with_name("heldout")


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.3f}" if b else "n/a"


def row(lb: Label, g: Got) -> str:
    extra = f"  [label: {lb.note}]" if lb.note else ""
    extra += f"  [debatable: {lb.debatable}]" if lb.debatable else ""
    got = "not extracted" if g.verdict == "-" else f"{g.verdict}/{g.kind} on {g.text!r}: {g.message}"
    want = lb.expect + (f"/{lb.kind}" if lb.kind else "") + ("" if lb.covered is None else f" (covered: {lb.covered})")
    return f"  {lb.case:32} {lb.text!r:18} #{lb.n} [{lb.type}] expected {want}; got {got}{extra}"


def report(outcomes: list[Outcome]) -> None:
    pairs = [pair for o in outcomes for pair in o.pairs]
    figures = [(lb, g) for lb, g in pairs if is_figure(lb)]
    covered = [(lb, g) for lb, g in figures if lb.covered is not False]
    errors = [(lb, g) for lb, g in covered if lb.expect == "error"]
    correct = [(lb, g) for lb, g in covered if lb.expect == "supported"]
    non_figures = [(lb, g) for lb, g in pairs if lb.expect == NON_FIGURE]
    partial = any(o.case.partial for o in outcomes)
    print(f"held-out cases: {len(outcomes)}; labelled figures: {len(figures)} "
          f"({len(errors)} planted errors, {len(correct)} correct"
          + (f", {len(figures) - len(covered)} the partial data does not cover" if partial else "")
          + f"); labelled non-figures: {len(non_figures)}\n")

    print("Recall per planted error type (verdict error; kind = the rule named, where the label names one)")
    print(f"{'type':22} {'n':>3} {'flagged':>8} {'recall':>7} {'kind ok':>8}")
    by_type: dict[str, list[tuple[Label, Got]]] = defaultdict(list)
    for lb, g in errors:
        by_type[lb.type].append((lb, g))
    for typ in sorted(by_type):
        rows = by_type[typ]
        hit = sum(g.verdict == "error" for _, g in rows)
        with_kind = [(lb, g) for lb, g in rows if lb.kind and g.verdict == "error"]
        kind_ok = sum(lb.agrees(g.kind) for lb, g in with_kind)
        print(f"{typ:22} {len(rows):>3} {hit:>8} {hit / len(rows):>7.2f} {f'{kind_ok}/{len(with_kind)}':>8}")
    hit_all = sum(g.verdict == "error" for _, g in errors)
    print(f"{'ALL':22} {len(errors):>3} {hit_all:>8} {hit_all / len(errors) if errors else 0:>7.2f}\n")

    print("Correct figures by written form (supported = verdict supported)")
    print(f"{'form':22} {'n':>3} {'supported':>10} {'error':>6} {'unverif.':>9} {'missed':>7}")
    by_form: dict[str, list[Got]] = defaultdict(list)
    for lb, g in correct:
        by_form[lb.type].append(g)
    for form in sorted(by_form):
        c = Counter(g.verdict for g in by_form[form])
        print(f"{form:22} {len(by_form[form]):>3} {c['supported']:>10} {c['error']:>6} {c['unverified']:>9} "
              f"{c['-']:>7}")
    print()

    s = scores(outcomes)
    flagged = [(lb, g) for lb, g in figures if g.verdict == "error"]
    stray = sum(g.verdict == "error" for _, g in non_figures) + sum(f.verdict == "error" for o in outcomes
                                                                     for f in o.unlabelled)
    false_alarms = [(lb, g) for lb, g in correct if g.verdict == "error"]
    unlabelled = [(o.case.name, f) for o in outcomes for f in o.unlabelled]
    print("Summary")
    print(f"  error recall (all planted errors):          {ratio(hit_all, len(errors))}")
    print(f"  precision of error verdicts:                "
          f"{ratio(sum(lb.expect == 'error' for lb, _ in flagged), len(flagged) + stray)}")
    print(f"  false-alarm rate on correct figures:        {ratio(len(false_alarms), len(correct))}")
    print(f"  correct figures confirmed supported:        "
          f"{ratio(sum(g.verdict == 'supported' for _, g in correct), len(correct))}")
    print(f"  figures not extracted at all:               "
          f"{ratio(sum(g.verdict == '-' for _, g in figures), len(figures))}")
    extracted_non = [(lb, g) for lb, g in non_figures if g.verdict != "-"]
    print(f"  labelled non-figures extracted:             {ratio(len(extracted_non), len(non_figures))}")
    print(f"  extractions overlapping no label:           {len(unlabelled)}")
    kind_rows = [(lb, g) for lb, g in figures if lb.kind and g.verdict == lb.expect]
    print(f"  kind agrees (verdict right, kind labelled): "
          f"{ratio(sum(lb.agrees(g.kind) for lb, g in kind_rows), len(kind_rows))}")
    print(f"  harmful corrections (a value proposed on a true figure): {s['harmful']}")
    masks = [(lb, g) for lb, g in pairs if lb.expect == PLACEHOLDER]
    if masks:
        print(f"  placeholders flagged (masks such as 20xx年):  {ratio(sum(g.kind == PLACEHOLDER for _, g in masks), len(masks))}")
    if partial:
        uncovered = [(lb, g) for lb, g in figures if lb.covered is False]
        print(f"  errors on figures the data does not cover:  {ratio(int(s['errors_on_uncovered']), len(uncovered))}")
        print(f"  covered figures left unverified:            "
              f"{ratio(sum(g.verdict == 'unverified' for _, g in covered), len(covered))}")
    print()

    print("Disagreements: verdict")
    verdict_wrong = [(lb, g) for lb, g in covered if g.verdict != lb.expect]
    verdict_wrong += [(lb, g) for lb, g in figures if lb.covered is False and g.verdict == "error"]
    for lb, g in verdict_wrong:
        print(row(lb, g))
    print(f"  ({len(verdict_wrong)})\n")

    print("Disagreements: kind (verdict agrees, rule differs)")
    kind_wrong = [(lb, g) for lb, g in kind_rows if not lb.agrees(g.kind)]
    for lb, g in kind_wrong:
        print(row(lb, g))
    print(f"  ({len(kind_wrong)})\n")

    print("Right verdict, wrong correction (labels with a fix: the expected value the report should give;"
          " a correction withheld as uncertain is counted apart)")
    with_fix = [(lb, g) for lb, g in errors if lb.fix and g.verdict == "error"]
    wrong_fix = [(lb, g) for lb, g in with_fix if g.expected
                 and not any(alt in g.expected + g.message for alt in lb.fix.split("|"))]
    for lb, g in wrong_fix:
        print(row(lb, g) + f"  [report says expected {g.expected!r}; should say {lb.fix!r}]")
    print(f"  ({s['wrong_corrections']} wrong, {s['withheld']} withheld as uncertain, "
          f"{len(with_fix) - s['wrong_corrections'] - s['withheld']} right, of {len(with_fix)})\n")

    print("Extracted non-figures (labelled as not a figure, or overlapping no label)")
    for lb, g in extracted_non:
        print(row(lb, g))
    for case, f in unlabelled:
        print(f"  {case:32} {f.text!r:18} @{f.start} got {f.verdict}/{f.kind}: {f.message}")
    print(f"  ({len(extracted_non) + len(unlabelled)})")


def main() -> None:
    for folder in [Path(a) for a in sys.argv[1:]] or [SET_DIR]:
        if len(sys.argv) > 2:
            print(f"=== {folder}")
        report(run_cases(load_cases(folder)))


if __name__ == "__main__":
    main()
