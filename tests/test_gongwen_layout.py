"""The Word layout per GB/T 9704-2012 on any machine: fonts declared with fallbacks, the title broken between
phrases, the signature and date of §7.3.5, 主送机关 and 版记, and LibreOffice's rendering of the example on
the 22 × 28 grid with the fallback fonts."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest

from drafter.config import load_settings
from drafter.draft import draft_file
from drafter.export import DraftDocument, DraftSection, number_outline, read_draft, write_docx
from drafter.export.gbt9704 import FONTS, fontconfig_aliases, signature_layout
from drafter.export.title import title_lines, width
from drafter.notes import load_notes
from render_grid import grid_report, render_pdf, soffice

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("title", "unit", "lines"), [
    ("洪江市科学技术局2025年工作总结和2026年工作计划", "洪江市科学技术局",
     ["洪江市科学技术局", "2025年工作总结和2026年工作计划"]),
    ("沅陵县科学技术局2025年工作总结", "沅陵县科学技术局", ["沅陵县科学技术局2025年工作总结"]),
    ("中共石门县科学技术局党组关于2025年度落实全面从严治党主体责任情况的报告", "中共石门县科学技术局党组",
     ["中共石门县科学技术局党组关于2025年度", "落实全面从严治党主体责任情况的报告"]),
])
def test_titles_break_between_phrases_never_inside_a_year(title: str, unit: str, lines: list[str]) -> None:
    assert title_lines(title, unit) == lines
    assert all(width(line) <= 20 for line in lines)


def test_a_three_line_title_is_a_trapezoid_or_a_diamond_never_an_hourglass() -> None:
    lines = title_lines("长沙高新技术产业开发区管理委员会科技创新和产业促进局2025年上半年工作总结及下半年工作计划",
                        "长沙高新技术产业开发区管理委员会科技创新和产业促进局")
    widths = [width(line) for line in lines]
    assert len(lines) == 3 and not (widths[1] < widths[0] and widths[1] < widths[2])
    assert "".join(lines).count("2025年") == 1 and not any(line.endswith("202") for line in lines)


@pytest.mark.parametrize(("unit", "date", "expected"), [
    ("洪江市科学技术局", "2025年12月20日", (2.0, ("left", 20.0))),  # date starts 2 right of the signature
    ("科技局", "2025年12月20日", (8.0, ("right", 2.0))),  # longer date: date 2 from the right, signature moves
])
def test_signature_and_date_follow_7_3_5(unit: str, date: str, expected) -> None:  # type: ignore[no-untyped-def]
    assert signature_layout(unit, date) == expected


def test_every_chinese_font_is_declared_with_a_stock_windows_alternate_and_gb2312(tmp_path: Path) -> None:
    doc = DraftDocument("某县科学技术局2025年工作总结", "某县科学技术局", dt.date(2026, 1, 15), [],
                        [DraftSection(0, "", "工作情况", ["全年新增企业6家。"])])
    number_outline(doc.sections)
    write_docx(doc, tmp_path / "d.docx")
    table = zipfile.ZipFile(tmp_path / "d.docx").read("word/fontTable.xml").decode()
    for spec in FONTS:
        assert f'w:name="{spec.name}"><w:altName w:val="{spec.alternate}"/>' in table
        assert len(spec.alternate) <= 31  # Word keeps at most 31 characters of w:altName, and never splits it
    assert table.count('<w:charset w:val="86"/>') >= len(FONTS)
    assert "<family>AR PL UKai CN</family>" in fontconfig_aliases()


def test_recipient_and_imprint_come_from_the_notes_and_read_back(tmp_path: Path) -> None:
    notes_path = tmp_path / "notes.yaml"
    notes_path.write_text((REPO / "examples" / "hongjiang.yaml").read_text(encoding="utf-8").replace(
        "单位: 洪江市科学技术局\n", "单位: 洪江市科学技术局\n主送机关: 市人民政府\n印发机关: 洪江市科学技术局办公室\n"
        "印发日期: 2025-12-22\n", 1), encoding="utf-8")
    notes = load_notes(notes_path)
    out = tmp_path / "draft.docx"
    draft_file(notes, out, load_settings(backend="offline"), retrieval=False)
    paragraphs = docx.Document(str(out)).paragraphs
    assert (paragraphs[1].style.name, paragraphs[1].text) == ("主送机关", "市人民政府：")
    assert (paragraphs[-1].style.name, paragraphs[-1].text) == ("版记", "洪江市科学技术局办公室\t2025年12月22日印发")
    assert paragraphs[-1]._p.pPr.find(docx.oxml.ns.qn("w:framePr")).get(docx.oxml.ns.qn("w:yAlign")) == "bottom"
    back = read_draft(out)
    assert (back.recipient, back.issuer, back.issue_date) == ("市人民政府", "洪江市科学技术局办公室", dt.date(2025, 12, 22))
    assert back.title == notes.title and back.unit == notes.unit and back.date == notes.date


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_example_on_22_lines_of_28_characters_with_fallback_fonts(tmp_path: Path) -> None:
    import subprocess

    notes = load_notes(REPO / "examples" / "hongjiang.yaml")
    out = tmp_path / "draft.docx"
    draft_file(notes, out, load_settings(backend="offline"), retrieval=False)
    pdf = render_pdf(out, tmp_path)
    report = grid_report(pdf, titles=tuple(title_lines(notes.title, notes.unit)))
    assert max(report["lines_per_page"]) == 22 and report["off_grid"] == []
    counts = Counter(n for _, n in report["full_cjk_lines"])
    assert counts.most_common(1)[0][0] == 28 and counts[28] >= 0.9 * sum(counts.values())
    assert max(counts) <= 29  # a line-end punctuation mark may be squeezed in
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    if "UKai" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
        assert "UKai" in fonts  # 楷体_GB2312 fell back to a 楷 font, not to the sans default
