"""`drafter notes from-report`: this year's notes from last year's report, whatever form the report is in."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from drafter.cli import app
from drafter.derive import move_years, notes_data, notes_from_report, tidy_name
from drafter.notes import load_notes

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()

SECTIONS = [
    (1, "一、", "2025年工作情况", []),
    (2, "（一）", "强化企业创新主体地位", ["全年新增高新技术企业6家，科技型中小企业入库58家。",
                                          "知识价值信用贷款发放2008万元。"]),
    (2, "（二）", "推动科技项目建设", ["争取省级以上科技项目12项，到位资金860万元。",
                                        "技术合同成交额由2023年的2.74亿元增加到2024年的9.81亿元。",
                                        "选派97名本级科技特派员到村服务。"]),
    (1, "二、", "存在的问题", ["部分企业研发投入偏低，创新人才不足。"]),
    (1, "三、", "2026年工作计划", ["力争2026年新增高新技术企业8家。"]),
]
TITLE = "石门县科学技术局2025年工作总结和2026年工作计划"


def word_report(path: Path, *, styled: bool) -> Path:
    document = docx.Document()
    document.add_paragraph(TITLE, style="Title" if styled else None)
    document.add_paragraph("2025年，我局在县委、县政府的领导下扎实开展各项工作。现总结如下：")
    for level, number, heading, body in SECTIONS:
        if styled:  # Word's built-in heading styles; the numbers are Word's to print, not in the text
            document.add_paragraph(heading, style=f"Heading {level}")
        else:
            document.add_paragraph(number + heading)
        for text in body:
            document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.mark.parametrize("styled", [True, False], ids=["heading-styles", "numbered-paragraphs"])
def test_a_word_report_gives_next_years_outline_indicators_to_fill_and_reminders(tmp_path: Path,
                                                                                 styled: bool) -> None:
    report = word_report(tmp_path / "2025.docx", styled=styled)
    out = tmp_path / "notes.yaml"
    result = runner.invoke(app, ["notes", "from-report", str(report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["标题"] == "石门县科学技术局2026年工作总结和2027年工作计划" and data["年度"] == 2026
    assert [s["标题"] for s in data["提纲"]] == ["2026年工作情况", "存在的问题", "2027年工作计划"]
    assert [s["标题"] for s in data["提纲"][0]["小节"]] == ["强化企业创新主体地位", "推动科技项目建设"]
    rows = {(row["上期值"], row["单位"]): row for row in data["指标"]}
    assert set(rows) >= {(6, "家"), (58, "家"), (2008, "万元"), (12, "项"), (860, "万元")}
    assert all(row["数值"] == "待填" for row in data["指标"])
    assert rows[(6, "家")]["上期"] == rows[(2008, "万元")]["上期"] == 2025  # no year in the clause: the report's
    assert "      # - 全年新增高新技术企业6家，科技型中小企业入库58家。" in text  # last year's words, commented
    assert "要点" not in data["提纲"][0]["小节"][0] or not data["提纲"][0]["小节"][0]["要点"]
    drafted = runner.invoke(app, ["draft", str(out), "-o", str(tmp_path / "d.docx"), "--offline"])
    assert drafted.exit_code == 2 and "的数值是“待填”" in drafted.output and "（notes.yaml:" in drafted.output


@pytest.mark.parametrize("styled", [True, False], ids=["heading-styles", "numbered-paragraphs"])
def test_each_figure_keeps_the_year_its_clause_writes_and_a_plain_name(tmp_path: Path, styled: bool) -> None:
    report = word_report(tmp_path / "2025.docx", styled=styled)
    notes = notes_from_report(report)
    rows = {(i.raw_previous, i.unit): i for i in notes.notes.indicators}
    later = rows[("9.81", "亿元")]  # "由2023年的2.74亿元增加到2024年9.81亿元": one indicator, the latest year
    assert (later.name, later.previous_period) == ("技术合同成交额", "2024") and ("2.74", "亿元") not in rows
    assert later.note == "去年报告还写了2023年为2.74亿元"
    assert rows[("97", "名")].name == "选派本级科技特派员" and rows[("97", "名")].previous_period == "2025"
    target = rows[("8", "家")]  # last year's plan for this year: a target, and the file says so
    assert target.previous_period == "2026" and "目标" in (target.note or "")
    assert rows[("6", "家")].note is None


@pytest.mark.parametrize(("rough", "plain"), [
    ("技术合同成交额由的增加到", "技术合同成交额"),
    ("科技型中小企业由的", "科技型中小企业"),
    ("R&D经费支出占GDP比重由年度的完成占比到年度完成占比为", "R&D经费支出占GDP比重"),
    ("二是引进各类人才", "引进各类人才"),
    ("至累计申报省级以上科技项目", "累计申报省级以上科技项目"),
    ("怀化市科技特派员分别", "怀化市科技特派员"),
    ("建设自由贸易试验区", "建设自由贸易试验区"),  # 由 inside a word opens no change
    ("从事研发的人员", "从事研发的人员"),
    ("到企", "到企"),  # nothing cut below two characters
])
def test_names_lose_the_leftovers_of_their_clause(rough: str, plain: str) -> None:
    assert tidy_name(rough) == plain


def test_make_case_rows_carry_the_year_their_clause_writes_when_not_the_reports() -> None:
    from drafter.corpus.store import from_markdown

    path = REPO / "corpus" / "docs" / "003-hongjiang.md"
    document = from_markdown(path.read_text(encoding="utf-8"), path)
    rows = notes_data(document)["indicators"]
    by_value = {(r["value"], r["unit"]): r for r in rows}
    assert by_value[(2.74, "亿元")]["period"] == 2023 and by_value[(9.81, "亿元")]["period"] == 2024
    assert by_value[(2.74, "亿元")]["name"] == by_value[(9.81, "亿元")]["name"] == "技术合同成交额"
    assert "period" not in by_value[(2008, "万元")]  # the report's own year is not repeated


def test_filled_notes_from_a_report_draft(tmp_path: Path) -> None:
    report = word_report(tmp_path / "2025.docx", styled=True)
    out = tmp_path / "notes.yaml"
    assert runner.invoke(app, ["notes", "from-report", str(report), "-o", str(out), "--year", "2026"]).exit_code == 0
    filled = out.read_text(encoding="utf-8").replace("数值: 待填", "数值: 9")
    out.write_text(filled, encoding="utf-8")
    notes = load_notes(out)
    assert not notes.unfilled and notes.indicators[0].previous_period == "2025"


def test_a_corpus_document_moves_on_a_year(tmp_path: Path) -> None:
    derived = notes_from_report(REPO / "corpus" / "docs" / "003-hongjiang.md", year=2026)
    assert derived.notes.title == "洪江市科学技术局2026年工作总结和2027年工作计划"
    headings = [s.heading for _, s in derived.notes.walk()]
    assert "2026年科技工作回顾" in headings and "加强科技宣传和普及，营造科技创新良好环境" in headings
    assert any(i.raw_previous == "2008" and i.unit == "万元" for i in derived.notes.indicators)
    assert derived.reminders[(0, 0, 0)][0] == "一是抓科技宣传。"


def test_years_move_but_plan_periods_and_numbers_do_not() -> None:
    assert move_years("2025年及“十四五”规划工作回顾；2021—2025年", 1) == "2026年及“十四五”规划工作回顾；2022—2026年"
    assert move_years("新增企业2025家", 1) == "新增企业2025家"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("x.pdf", b"%PDF-1.4", "must be a .docx, .md or .txt"),
    ("x.txt", "只有一段话，没有任何标题。".encode(), "no numbered headings"),
])
def test_a_report_without_headings_is_one_line_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    result = runner.invoke(app, ["notes", "from-report", str(tmp_path / name), "-o", str(tmp_path / "n.yaml")])
    assert result.exit_code == 2 and reason in result.output
    assert not (tmp_path / "n.yaml").exists()


def test_next_years_notes_have_one_row_per_indicator_with_the_year_to_fill_named() -> None:
    # the tester's report: "全县有效期内高新技术企业由2025年的26家增加到2026年的31家" gave two 待填 rows
    derived = notes_from_report(Path(__file__).parent / "data" / "usertest" / "qingxi.docx", year=2027)
    notes = derived.notes
    named = [(i.name, i.unit) for i in notes.indicators]
    assert len(named) == len(set(named))
    row = next(i for i in notes.indicators if i.name == "全县有效期内高新技术企业")
    assert (row.raw_previous, row.previous_period, row.period) == ("31", "2026", "2027")
    assert row.note == "去年报告还写了2025年为26家"
    assert {i.period for i in notes.indicators if i.section == "2028年工作计划"} == {"2028"}  # next year's targets
    assert {i.period for i in notes.indicators if i.section != "2028年工作计划"} == {"2027"}
    assert notes.title == "青溪县科学技术局2027年工作总结和2028年工作计划"  # the two printed lines as one
