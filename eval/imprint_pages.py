"""Where the 版记 lands, rendered by LibreOffice: `python eval/imprint_pages.py`.

GB/T 9704 §7.4 puts the 版记 at the foot of the last page, an even page (封四); §7.5 numbers neither a
blank page before it nor the 版记 page then. drafter decides on the page grid's estimate of where the text
ends (drafter/export/pagination.py) whether the 版记 fits at the foot of that page or goes to the next even
page of its own. For the shipped example, the four eval cases' notes (each given a 印发机关) and reports made
to end on page 1, with room on page 2 and filling page 2 to its last line, this prints per document: where
the estimate put the end of the text and where LibreOffice did (page, line), the page of the 版记, whether
it is even, at the foot and alone, and which pages carry numbers.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from render_grid import is_page_number, pages_of, render_pdfs, soffice  # noqa: E402

NOTES = ("examples/hongjiang.yaml", "examples/yuanling.yaml", "eval/cases/002-yuanling/notes.yaml",
         "eval/cases/003-hongjiang/notes.yaml", "eval/cases/004-3/notes.yaml", "eval/cases/004-5-jianye/notes.yaml")
FOUR_LINES = "全年新增高新技术企业六家，科技型中小企业评价入库七十家，技术合同成交额稳步增长。" * 2 + "推动创新发展。"


def made(paragraphs: int):  # type: ignore[no-untyped-def]
    from drafter.export import DraftDocument, DraftSection, number_outline

    doc = DraftDocument("某县科学技术局2025年工作总结", "某县科学技术局", dt.date(2026, 1, 15),
                        ["2025年，我局扎实开展各项工作。"], [DraftSection(0, "", "工作情况", [FOUR_LINES] * paragraphs)],
                        issuer="某县科学技术局办公室", issue_date=dt.date(2026, 1, 16))
    number_outline(doc.sections)
    return doc


def main() -> None:
    import dataclasses

    from drafter.config import load_settings
    from drafter.draft import draft_file
    from drafter.export import read_draft, write_docx
    from drafter.export.gbt9704 import LINE_PITCH_TWIPS, imprint_placement
    from drafter.export.model import Role, format_date, layout
    from drafter.export.pagination import text_end
    from drafter.notes import load_notes

    if soffice() is None:
        sys.exit("LibreOffice (soffice) is not installed")
    documents = {}
    settings = load_settings(backend="offline")
    with tempfile.TemporaryDirectory() as folder:
        for name in NOTES:
            key = Path(name).parent.name if name.startswith("eval") else Path(name).stem
            draft_file(load_notes(ROOT / name), Path(folder) / f"{key}.docx", settings, retrieval=False,
                       annotate=False)
            doc = read_draft(Path(folder) / f"{key}.docx")
            documents[key] = dataclasses.replace(doc, issuer=f"{doc.unit}办公室")
    documents |= {"ends-page-1": made(2), "room-page-2": made(4), "fills-page-2": made(9)}
    pitch, top = LINE_PITCH_TWIPS / 20, 37 * 72 / 25.4
    print(f"{'document':<16} {'estimate':>9} {'rendered':>9}  版记: page even foot alone  numbered pages")
    good = 0
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for key, doc in documents.items():
            paths.append(Path(folder) / f"{key}.docx")
            write_docx(doc, paths[-1])
        for (key, doc), pdf in zip(documents.items(), render_pdfs(paths, Path(folder), blank_pages=True), strict=True):
            blocks = layout(doc)
            end = text_end([b for b in blocks if b.role is not Role.IMPRINT])
            pages = pages_of(pdf)
            date, imprint, alone = None, None, False
            for page in pages:
                body = [line for line in page.lines if not is_page_number(line)]
                for line in body:
                    slot = round((line.y - top) / pitch)
                    if line.text.replace(" ", "") == format_date(doc.date):
                        date = (page.number, slot)
                    if line.text.replace(" ", "").startswith(doc.issuer) and line.text.endswith("印发"):
                        imprint, alone = (page.number, slot), len(body) == 1
            numbered = [p.number for p in pages if any(is_page_number(line) for line in p.lines)]
            even, foot = imprint[0] % 2 == 0, imprint[1] >= 21
            good += even and foot
            own = "own page" if imprint_placement(blocks).own_page else "same page"
            print(f"{key:<16} {end.page:>4}:{end.used:<4} {date[0]:>4}:{date[1]:<4}  {imprint[0]:>4} "
                  f"{'yes' if even else 'NO':>4} {'yes' if foot else 'NO':>4} {'yes' if alone else 'no':>5}"
                  f"  {numbered[0]}–{numbered[-1]} of {len(pages)} ({own})")
    print(f"版记 at the foot of an even page: {good} of {len(documents)}")


if __name__ == "__main__":
    main()
