"""Every measured draft rendered by LibreOffice with the fallback fonts, against GB/T 9704's 22 lines of 28
characters and against its own text: `python eval/render_grid.py [NOTES_OR_DOCX ...]`.

Without arguments it measures the offline drafts of examples/*.yaml and eval/notes/*.yaml and the drafts of
the recorded strong model (eval/replies/strong, replayed through the local server; tests/render_grid.py:
draft_set); with arguments, the offline draft of each notes file or the .docx itself. Each document is
rendered to PDF with drafter's fontconfig aliases (what a Linux machine without the 公文 fonts uses) and
printed on one row: the characters of its text the PDF does not print (whitespace and page numbers
ignored; each lost one is listed under the table in its context), pages, lines off the 22-line grid, how
many full-width Chinese lines hold how many characters (28:56 = 56 lines of 28; 28 expected, fewer where a
character went down with the mark after it, an opening mark went down or a figure could not be broken —
any other line is listed as unexplained), marks hung past the right margin, lines that begin with a
mark no line may begin with, and page-fill faults (tests/render_grid.py: page_fill_faults — a page that ends
before grid line 22 with no kept paragraph to explain it, a signature with no text on its page; each listed
under the table). Then the lines on each page, and the fonts the PDFs embed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from render_grid import (  # noqa: E402
    document_text,
    draft_set,
    grid_report,
    lost_characters,
    lost_count,
    page_fill_faults,
    printed_text,
    render_pdfs,
    soffice,
)


def documents(args: list[str], folder: Path) -> dict[str, Path]:
    if not args:
        return draft_set(folder)
    from drafter.config import load_settings
    from drafter.draft import draft_file
    from drafter.notes import load_notes

    out = {}
    for arg in map(Path, args):
        if arg.suffix == ".docx":
            out[arg.name] = arg
        else:
            out[arg.stem] = path = folder / f"{arg.stem}.docx"
            draft_file(load_notes(arg), path, load_settings(backend="offline"), retrieval=False)
    return out


def main() -> None:
    from drafter.export import read_draft
    from drafter.export.title import title_lines

    if soffice() is None:
        sys.exit("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = documents(sys.argv[1:], folder)
        pdfs = render_pdfs(list(docs.values()), folder)
        width = max(len(name) for name in docs)
        print(f"{'document':<{width}} {'lost':>4} {'pages':>5} {'off':>3}  {'full (chars:n)':<18}"
              f"{'hung':>4} {'bad':>4} {'fill':>4}")
        total_lost, counts, losses, fonts, unexplained, per_page = 0, Counter(), [], set(), [], []
        fill_faults = []
        for (name, docx), pdf in zip(docs.items(), pdfs, strict=True):
            doc = read_draft(docx)
            report = grid_report(pdf, titles=tuple(title_lines(doc.title, doc.unit)))
            lost = lost_characters(document_text(docx), printed_text(pdf))
            faults = page_fill_faults(docx, pdf)
            fill_faults += [f"{name}: {fault}" for fault in faults]
            losses += [f"{name}: {entry}" for entry in lost]
            unexplained += [(name, entry) for entry in report["unexplained"]]
            per_page.append(f"{name}: {' '.join(map(str, report['lines_per_page']))}")
            total_lost += lost_count(lost)
            per_line = Counter(n for _, n in report["full_cjk_lines"])
            counts += per_line
            spread = " ".join(f"{n}:{c}" for n, c in sorted(per_line.items(), reverse=True))
            print(f"{name:<{width}} {lost_count(lost):>4} {report['pages']:>5} {len(report['off_grid']):>3}  "
                  f"{spread:<18}{len(report['beyond_margin']):>4} {len(report['bad_starts']):>4} {len(faults):>4}")
            listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                                    check=True).stdout.splitlines()[2:]
            fonts |= {line.split()[0].split("+")[-1] for line in listed}
        full = sum(counts.values())
        print(f"total: {len(docs)} documents, {total_lost} characters lost")
        spread = ", ".join(f"{n}: {c}" for n, c in sorted(counts.items(), reverse=True))
        print(f"full-width Chinese lines: {full}; by characters held: {spread}")
        print("lines per page (grid: 22):")
        for entry in per_page:
            print(f"  {entry}")
        for entry in losses:
            print(f"  lost {entry}")
        for name, entry in unexplained:
            print(f"  unexplained line {name}: {entry}")
        for entry in fill_faults:
            print(textwrap.fill(f"page fill {entry}", 80, initial_indent="  ", subsequent_indent="    "))
        print(textwrap.fill("fonts: " + ", ".join(sorted(fonts)), 80, subsequent_indent="  "))


if __name__ == "__main__":
    main()
