"""Blind held-out evaluation of the figure checker on hand-written drafts it has never seen.

Each case under eval/checker/heldout/<case>/ holds notes.yaml (the supplied data), draft.txt (a draft
as an LLM would write it, with planted figure mistakes) and labels.yaml (the expected verdict of every
figure, and spans that are not figures). Labels follow issue 3 and DOMAIN.md, not the checker's output.
Uses only the public API: load_notes and check_text.

Run: python eval/checker/heldout.py [CASES_DIR]   (default: eval/checker/heldout; the second, blind set is
eval/checker/heldout2)
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from drafter.figures.reconcile import check_text
from drafter.notes import load_notes

CASES_DIR = Path(__file__).with_name("heldout")
# A label must not start in the middle of a number: "5家" is not the tail of "2315家".
NUMBER_CHARS = set("0123456789０１２３４５６７８９.．,零〇一二两兩三四五六七八九十百千万萬亿億点點")


@dataclass(frozen=True)
class Label:
    case: str
    text: str
    n: int
    start: int
    end: int
    expect: str  # "supported" | "error" | "non_figure"
    kind: str | None
    type: str
    note: str
    debatable: str
    fix: str  # for an error: what the correction should say ("a|b" = either)


@dataclass(frozen=True)
class Got:
    verdict: str  # supported | error | warning | "-" (not extracted)
    kind: str
    text: str
    message: str
    expected: str = ""


NOT_EXTRACTED = Got("-", "-", "", "not extracted")


def locate(text: str, needle: str, n: int, case: str) -> tuple[int, int]:
    """Start and end of the n-th occurrence of needle that does not start inside a number."""
    seen, pos = 0, text.find(needle)
    while pos >= 0:
        if pos == 0 or text[pos - 1] not in NUMBER_CHARS or needle[0] not in NUMBER_CHARS:
            seen += 1
            if seen == n:
                return pos, pos + len(needle)
        pos = text.find(needle, pos + 1)
    sys.exit(f"labels of {case}: occurrence {n} of {needle!r} not found in draft.txt")


def read_labels(case_dir: Path, text: str) -> list[Label]:
    raw = yaml.safe_load((case_dir / "labels.yaml").read_text(encoding="utf-8"))
    labels = []
    for entry, expect_default in [(e, None) for e in raw["figures"]] + [(e, "non_figure") for e in raw.get("non_figures", [])]:
        n = int(entry.get("n", 1))
        start, end = locate(text, entry["text"], n, case_dir.name)
        labels.append(Label(case_dir.name, entry["text"], n, start, end, expect_default or entry["expect"],
                            entry.get("kind"), entry.get("type", "non_figure"), entry.get("note", ""),
                            entry.get("debatable", ""), entry.get("fix", "")))
    return labels


def best_finding(label: Label, findings: list) -> Got:
    overlaps = [(min(f.end, label.end) - max(f.start, label.start), f) for f in findings
                if f.start < label.end and label.start < f.end]
    if not overlaps:
        return NOT_EXTRACTED
    _, f = max(overlaps, key=lambda pair: pair[0])
    return Got(f.verdict, f.kind, f.text, f.message, f.expected or "")


def evaluate_case(case_dir: Path) -> tuple[list[tuple[Label, Got]], list[tuple[str, object]]]:
    """Pairs (label, what the checker said) and the findings that overlap no label."""
    text = (case_dir / "draft.txt").read_text(encoding="utf-8")
    notes = load_notes(case_dir / "notes.yaml")
    findings = [f for f in check_text(text, notes).findings if f.kind != "unused" and f.start is not None]
    labels = read_labels(case_dir, text)
    pairs = [(label, best_finding(label, findings)) for label in labels]
    unlabelled = [(case_dir.name, f) for f in findings
                  if not any(f.start < lb.end and lb.start < f.end for lb in labels)]
    return pairs, unlabelled


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.3f}" if b else "n/a"


def main() -> None:
    cases_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else CASES_DIR
    pairs: list[tuple[Label, Got]] = []
    unlabelled: list[tuple[str, object]] = []
    for case_dir in sorted(p for p in cases_dir.iterdir() if (p / "labels.yaml").exists()):
        case_pairs, case_unlabelled = evaluate_case(case_dir)
        pairs += case_pairs
        unlabelled += case_unlabelled

    figures = [(lb, g) for lb, g in pairs if lb.expect != "non_figure"]
    errors = [(lb, g) for lb, g in figures if lb.expect == "error"]
    correct = [(lb, g) for lb, g in figures if lb.expect == "supported"]
    non_figures = [(lb, g) for lb, g in pairs if lb.expect == "non_figure"]
    cases = sorted({lb.case for lb, _ in pairs})
    print(f"held-out cases: {len(cases)}; labelled figures: {len(figures)} "
          f"({len(errors)} planted errors, {len(correct)} correct); labelled non-figures: {len(non_figures)}\n")

    print("Recall per planted error type (verdict error; kind = the rule named, where the label names one)")
    print(f"{'type':22} {'n':>3} {'flagged':>8} {'recall':>7} {'kind ok':>8}")
    by_type: dict[str, list[tuple[Label, Got]]] = defaultdict(list)
    for lb, g in errors:
        by_type[lb.type].append((lb, g))
    for typ in sorted(by_type):
        rows = by_type[typ]
        hit = sum(g.verdict == "error" for _, g in rows)
        with_kind = [(lb, g) for lb, g in rows if lb.kind and g.verdict == "error"]
        kind_ok = sum(g.kind == lb.kind for lb, g in with_kind)
        print(f"{typ:22} {len(rows):>3} {hit:>8} {hit / len(rows):>7.2f} {f'{kind_ok}/{len(with_kind)}':>8}")
    hit_all = sum(g.verdict == "error" for _, g in errors)
    print(f"{'ALL':22} {len(errors):>3} {hit_all:>8} {hit_all / len(errors):>7.2f}\n")

    print("Correct figures by written form (supported = verdict supported)")
    print(f"{'form':22} {'n':>3} {'supported':>10} {'error':>6} {'missed':>7}")
    by_form: dict[str, list[Got]] = defaultdict(list)
    for lb, g in correct:
        by_form[lb.type].append(g)
    for form in sorted(by_form):
        gots = by_form[form]
        c = Counter(g.verdict for g in gots)
        print(f"{form:22} {len(gots):>3} {c['supported']:>10} {c['error']:>6} {c['-']:>7}")
    print()

    flagged = [(lb, g) for lb, g in figures if g.verdict == "error"]
    true_flags = sum(lb.expect == "error" for lb, _ in flagged)
    stray_errors = sum(g.verdict == "error" for _, g in non_figures) + sum(
        f.verdict == "error" for _, f in unlabelled)
    false_alarms = [(lb, g) for lb, g in correct if g.verdict == "error"]
    print("Summary")
    print(f"  error recall (all planted errors):          {ratio(hit_all, len(errors))}")
    print(f"  precision of error verdicts:                {ratio(true_flags, len(flagged) + stray_errors)}")
    print(f"  false-alarm rate on correct figures:        {ratio(len(false_alarms), len(correct))}")
    print(f"  correct figures confirmed supported:        "
          f"{ratio(sum(g.verdict == 'supported' for _, g in correct), len(correct))}")
    missed = [(lb, g) for lb, g in figures if g.verdict == "-"]
    print(f"  figures not extracted at all:               {ratio(len(missed), len(figures))}")
    extracted_non = [(lb, g) for lb, g in non_figures if g.verdict != "-"]
    print(f"  labelled non-figures extracted:             {ratio(len(extracted_non), len(non_figures))}")
    print(f"  extractions overlapping no label:           {len(unlabelled)}")
    kind_rows = [(lb, g) for lb, g in figures if lb.kind and g.verdict == lb.expect]
    print(f"  kind agrees (verdict right, kind labelled): "
          f"{ratio(sum(g.kind == lb.kind for lb, g in kind_rows), len(kind_rows))}\n")

    def row(lb: Label, g: Got) -> str:
        extra = f"  [label: {lb.note}]" if lb.note else ""
        extra += f"  [debatable: {lb.debatable}]" if lb.debatable else ""
        got = "not extracted" if g.verdict == "-" else f"{g.verdict}/{g.kind} on {g.text!r}: {g.message}"
        want = lb.expect + (f"/{lb.kind}" if lb.kind else "")
        return f"  {lb.case:32} {lb.text!r:18} #{lb.n} [{lb.type}] expected {want}; got {got}{extra}"

    print("Disagreements: verdict")
    verdict_wrong = [(lb, g) for lb, g in figures if g.verdict != lb.expect]
    for lb, g in verdict_wrong:
        print(row(lb, g))
    print(f"  ({len(verdict_wrong)})\n")

    print("Disagreements: kind (verdict agrees, rule differs)")
    kind_wrong = [(lb, g) for lb, g in kind_rows if g.kind != lb.kind]
    for lb, g in kind_wrong:
        print(row(lb, g))
    print(f"  ({len(kind_wrong)})\n")

    print("Right verdict, wrong correction (labels with a fix: the expected value the report should give;"
          " a correction withheld as uncertain is counted apart)")
    with_fix = [(lb, g) for lb, g in errors if lb.fix and g.verdict == "error"]
    withheld = [(lb, g) for lb, g in with_fix if not g.expected]
    wrong_fix = [(lb, g) for lb, g in with_fix if g.expected
                 and not any(alt in g.expected + g.message for alt in lb.fix.split("|"))]
    for lb, g in wrong_fix:
        print(row(lb, g) + f"  [report says expected {g.expected!r}; should say {lb.fix!r}]")
    print(f"  ({len(wrong_fix)} wrong, {len(withheld)} withheld as uncertain, "
          f"{len(with_fix) - len(wrong_fix) - len(withheld)} right, of {len(with_fix)})\n")

    print("Extracted non-figures (labelled as not a figure, or overlapping no label)")
    for lb, g in extracted_non:
        print(row(lb, g))
    for case, f in unlabelled:
        print(f"  {case:32} {f.text!r:18} @{f.start} got {f.verdict}/{f.kind}: {f.message}")
    print(f"  ({len(extracted_non) + len(unlabelled)})")


if __name__ == "__main__":
    main()
