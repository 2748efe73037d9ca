"""Recall of `drafter notes from-report` on the four corpus documents with real figures:
`python eval/from_report_recall.py`.

Each document is given to from-report in four forms a user may have: the corpus Markdown
(corpus/docs/<id>.md), a Word file whose headings carry Word's built-in Heading 1–4 styles (numbers
removed, as Word's own heading numbering would leave them), a Word file of plain numbered paragraphs
(一、（一）1.（1） typed in Normal paragraphs), and a plain .txt. Printed per document and form:

- headings: share of the document's headings (years moved on by one) that the derived outline holds, at
  the same depth and in order (longest common subsequence);
- figures: share of the document's distinct figures (value and unit, as the checker reads them) that
  the derived indicator table holds as 上期值 + 单位, or names in 备注 (an indicator's earlier years: one
  row per indicator holds the latest year as 上期值, "去年报告还写了2025年为26家" in 备注); the 上期值 column
  counts those held as 上期值 alone.

`--names` prints, after the table, every indicator the Markdown form gives: name, 上期值 and 上期 (the
year its clause writes, else the report's), for a person to read.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.config import load_settings  # noqa: E402
from drafter.corpus import load_corpus  # noqa: E402
from drafter.corpus.model import Document, Section  # noqa: E402
from drafter.derive import figure_key, move_years, notes_from_report  # noqa: E402
from drafter.evaluate import lcs_length  # noqa: E402
from drafter.figures.extract import extract_quantities  # noqa: E402

DOCUMENTS = ("002-yuanling", "003-hongjiang", "004-3", "004-5-jianye")


def walk(sections: list[Section], depth: int = 1) -> Iterator[tuple[int, Section]]:
    for section in sections:
        yield depth, section
        yield from walk(section.children, depth + 1)


def figures_of(text: str) -> set[tuple[Decimal, str]]:
    return {key for q in extract_quantities(text) if q.unit and (key := figure_key(q)) is not None}


def write_docx(document: Document, path: Path, *, styled: bool) -> None:
    import docx

    word = docx.Document()
    word.add_paragraph(document.title, style="Title" if styled else None)
    for text in document.preamble:
        word.add_paragraph(text)
    for depth, section in walk(document.sections):
        if styled:
            word.add_paragraph(section.heading, style=f"Heading {depth}")
        else:
            word.add_paragraph(section.title_line)
        for text in section.body:
            word.add_paragraph(text)
    word.save(str(path))


def write_txt(document: Document, path: Path) -> None:
    lines = [document.title, *document.preamble]
    for _, section in walk(document.sections):
        lines += [section.title_line, *section.body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def recall(document: Document, report: Path) -> tuple[float, float, float, str]:
    derived = notes_from_report(report)
    shift = derived.notes.year - (min(document.years) if document.years else derived.notes.year - 1)
    expected = [(depth, move_years(s.heading.rstrip("。：:；;，, "), shift)) for depth, s in walk(document.sections)]
    found = [(len(parents) + 1, s.heading) for parents, s in derived.notes.walk()]
    headings = lcs_length(expected, found) / len(expected)
    wanted: set[tuple[Decimal, str]] = set()
    for _, section in walk(document.sections):
        wanted |= figures_of("\n".join(section.body))
    previous: set[tuple[Decimal, str]] = set()
    for indicator in derived.notes.indicators:
        previous |= figures_of(f"{indicator.raw_previous}{indicator.unit}")
    held = previous.union(*(figures_of(indicator.note or "") for indicator in derived.notes.indicators))
    figures = len(wanted & held) / len(wanted) if wanted else 1.0
    as_previous = len(wanted & previous) / len(wanted) if wanted else 1.0
    missing = sorted(f"{v}{u}" for v, u in wanted - held)[:4]
    return headings, figures, as_previous, ", ".join(missing)


def main() -> None:
    corpus = {d.id: d for d in load_corpus(load_settings(home=ROOT))}
    print(f"{'document':<14} {'form':<13} {'headings':>8} {'figures':>8} {'上期值':>5}  missing figures")
    totals: dict[str, list[float]] = {"headings": [], "figures": [], "previous": []}
    with tempfile.TemporaryDirectory() as folder:
        for doc_id in DOCUMENTS:
            document = corpus[doc_id]
            forms = {"markdown": ROOT / "corpus" / "docs" / f"{doc_id}.md"}
            forms["word-styles"] = Path(folder) / f"{doc_id}-styles.docx"
            write_docx(document, forms["word-styles"], styled=True)
            forms["word-numbered"] = Path(folder) / f"{doc_id}-numbered.docx"
            write_docx(document, forms["word-numbered"], styled=False)
            forms["text"] = Path(folder) / f"{doc_id}.txt"
            write_txt(document, forms["text"])
            for form, path in forms.items():
                headings, figures, as_previous, missing = recall(document, path)
                totals["headings"].append(headings)
                totals["figures"].append(figures)
                totals["previous"].append(as_previous)
                print(f"{doc_id:<14} {form:<13} {headings:>8.1%} {figures:>8.1%} {as_previous:>8.1%}  {missing}")
    print(f"{'mean':<28} {sum(totals['headings']) / len(totals['headings']):>8.1%} "
          f"{sum(totals['figures']) / len(totals['figures']):>8.1%} "
          f"{sum(totals['previous']) / len(totals['previous']):>8.1%}")
    if "--names" in sys.argv[1:]:
        for doc_id in DOCUMENTS:
            print(f"\n{doc_id}")
            for indicator in notes_from_report(ROOT / "corpus" / "docs" / f"{doc_id}.md").notes.indicators:
                print(f"  {indicator.name}  {indicator.raw_previous}{indicator.unit}（{indicator.previous_period}）"
                      + (f"  备注：{indicator.note}" if indicator.note else ""))


if __name__ == "__main__":
    main()
