"""The example rendered by LibreOffice with the fallback fonts, measured against GB/T 9704's 22 lines of 28
characters: `python eval/render_grid.py [NOTES]` (default examples/hongjiang.yaml).

Drafts the notes offline, renders the .docx to PDF with drafter's fontconfig aliases (what a Linux machine
without the 公文 fonts uses), and prints the lines per page, the lines off the 22-line grid, and how many
characters the full-width Chinese lines hold (28 expected; fewer on a line stretched before an unbreakable
word), and the fonts the PDF embeds.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from render_grid import grid_report, render_pdf, soffice  # noqa: E402


def main() -> None:
    from drafter.config import load_settings
    from drafter.draft import draft_file
    from drafter.export.title import title_lines
    from drafter.notes import load_notes

    if soffice() is None:
        sys.exit("LibreOffice (soffice) is not installed")
    notes = load_notes(sys.argv[1] if len(sys.argv) > 1 else ROOT / "examples" / "hongjiang.yaml")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "draft.docx"
        draft_file(notes, out, load_settings(backend="offline"), retrieval=False)
        pdf = render_pdf(out, Path(folder))
        report = grid_report(pdf, titles=tuple(title_lines(notes.title, notes.unit)))
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    counts = Counter(n for _, n in report["full_cjk_lines"])
    print(f"pages: {report['pages']}; lines per page: {report['lines_per_page']} (grid: 22)")
    print(f"lines off the 22-line grid: {len(report['off_grid'])} {report['off_grid'][:5]}")
    print(f"full-width Chinese lines: {sum(counts.values())}; characters per line: "
          + ", ".join(f"{n}: {c} lines" for n, c in sorted(counts.items(), reverse=True)))
    print("fonts: " + ", ".join(sorted({line.split()[0].split("+")[-1] for line in fonts})))


if __name__ == "__main__":
    main()
