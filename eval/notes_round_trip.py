"""Notes converted between formats without loss: `python eval/notes_round_trip.py`.

For the template and both shipped examples (and next year's notes derived from corpus 003, with
indicators still to fill): .xlsx → .yaml → .xlsx must give the same bytes, and .yaml → .xlsx → .json →
.yaml the same notes (every key, value as written, indicator, section and fact). Prints one line each.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.derive import notes_from_report  # noqa: E402
from drafter.notes import Notes, load_notes  # noqa: E402
from drafter.notes_write import convert_notes, save_notes  # noqa: E402
from drafter.workbook import template_notes  # noqa: E402


def content(notes: Notes) -> tuple[object, ...]:
    return (notes.title, notes.unit, notes.year, notes.date_given and notes.date, notes.kind, notes.recipient,
            notes.issuer, notes.issue_date, [dataclasses.replace(i, origin="") for i in notes.indicators],
            [(len(p), s.heading, s.facts, s.length, s.instruction) for p, s in notes.walk()])


def main() -> None:
    sources = {"template": template_notes(), "hongjiang.yaml": load_notes(ROOT / "examples" / "hongjiang.yaml"),
               "yuanling.yaml": load_notes(ROOT / "examples" / "yuanling.yaml"),
               "from-report 003": notes_from_report(ROOT / "corpus" / "docs" / "003-hongjiang.md").notes}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, notes in sources.items():
            save_notes(notes, work / "a.xlsx", force=True)
            convert_notes(work / "a.xlsx", work / "b.yaml", force=True)
            convert_notes(work / "b.yaml", work / "c.xlsx", force=True)
            same_bytes = (work / "a.xlsx").read_bytes() == (work / "c.xlsx").read_bytes()
            save_notes(notes, work / "d.yaml", force=True)
            convert_notes(work / "d.yaml", work / "e.xlsx", force=True)
            convert_notes(work / "e.xlsx", work / "f.json", force=True)
            convert_notes(work / "f.json", work / "g.yaml", force=True)
            same_notes = content(load_notes(work / "g.yaml", allow_unfilled=True)) == content(notes)
            print(f"{name:<16} xlsx→yaml→xlsx identical bytes: {'yes' if same_bytes else 'NO'}; "
                  f"yaml→xlsx→json→yaml same notes: {'yes' if same_notes else 'NO'} "
                  f"({len(notes.indicators)} indicators, {sum(1 for _ in notes.walk())} sections)")


if __name__ == "__main__":
    main()
