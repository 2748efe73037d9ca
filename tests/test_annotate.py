"""Word comments on a checked .docx: each anchored on whole words a reader can see as one thing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import yaml

from drafter.export import DraftDocument, DraftSection, annotate_docx, number_outline, read_document_text, write_docx
from drafter.figures.reconcile import check_text
from drafter.notes import load_notes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The usability test's 青溪 notes, cut down: the draft lost 86项 from （二）推动科技成果转化.
NOTES = {
    "标题": "青溪县科学技术局2026年工作总结", "单位": "青溪县科学技术局", "年度": 2026,
    "提纲": [{"标题": "2026年工作回顾", "小节": [
        {"标题": "培育壮大创新主体", "要点": ["新认定高新技术企业5家"]},
        {"标题": "推动科技成果转化", "要点": ["登记技术合同86项，成交额约1.2亿元"]},
    ]}],
}


def highlighted_and_commented(path: Path) -> list[tuple[str, str]]:
    """(the highlighted text of each paragraph with a comment, the comment) read back from the file."""
    document = docx.Document(str(path))
    comments = [c.text for c in document.comments]
    marked = ["".join(r.text for r in p.runs if r.font.highlight_color) for p in document.paragraphs]
    return list(zip([m for m in marked if m], comments, strict=True))


def test_an_unused_figure_is_commented_on_its_whole_section_heading_not_part_of_it(tmp_path: Path) -> None:
    notes_path = tmp_path / "notes.yaml"
    notes_path.write_text(yaml.safe_dump(NOTES, allow_unicode=True), encoding="utf-8")
    sections = [DraftSection(0, "", "2026年工作回顾", [], [
        DraftSection(0, "", "培育壮大创新主体", ["全县新认定高新技术企业5家。"], []),
        DraftSection(0, "", "推动科技成果转化", ["全县技术合同成交额约1.2亿元。"], []),
    ])]
    number_outline(sections)
    source = tmp_path / "draft.docx"
    write_docx(DraftDocument(title=NOTES["标题"], unit=NOTES["单位"], date=dt.date(2026, 12, 18), opening=[],
                             sections=sections), source)
    report = check_text(read_document_text(source), load_notes(notes_path))
    placed = [f for f in report.findings if f.kind == "unused" and f.start is not None]
    assert [f.text for f in placed] == ["86项"]

    out = tmp_path / "annotated.docx"
    assert annotate_docx(source, out, placed) == 1
    assert read_document_text(out) == read_document_text(source)
    [(highlighted, comment)] = highlighted_and_commented(out)
    assert highlighted == "（二）推动科技成果转化"
    assert "86项" in comment
