"""`drafter check`: exit codes, the table, --json, --annotate, and bad input naming file, key and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

NOTES = """\
标题: 洪江市科学技术局2025年工作总结
单位: 洪江市科学技术局
年度: 2025
指标:
  - {名称: 有效期内高新技术企业, 数值: 28, 单位: 家}
  - {名称: 科技型中小企业评价入库, 数值: 70, 单位: 家}
提纲:
  - 标题: 2025年科技工作回顾
    要点:
      - 选派97名本级科技特派员到村服务
"""
CLEAN = "目前，洪江市有效期内高新技术企业28家。今年科技型中小企业评价入库70家。选派97名本级科技特派员到村服务。"
SWAPPED = "目前，洪江市有效期内高新技术企业70家。今年科技型中小企业评价入库28家。选派97名本级科技特派员到村服务。"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(NOTES, encoding="utf-8")
    return path


def run(*args: object) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def write_docx(path: Path, *paragraphs: str) -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def test_clean_text_exits_zero_with_the_summary_and_all_lists_every_figure(tmp_path: Path, notes: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    result = run("check", text, "--data", notes)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("数字核对：") and "0 个错误" in result.output and "28家" not in result.output
    every = run("check", text, "--data", notes, "--all")
    assert every.exit_code == 0 and "通过·与数据一致  28家" in every.output


def test_errors_exit_one_and_json_has_the_documented_shape(tmp_path: Path, notes: Path) -> None:
    text = tmp_path / "draft.md"
    text.write_text(SWAPPED, encoding="utf-8")
    out = tmp_path / "report.json"
    result = run("check", text, "--data", notes, "--json", out)
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"findings", "summary", "partial"}
    first = data["findings"][0]
    assert set(first) == {"text", "start", "end", "verdict", "kind", "expected", "source", "message", "confidence",
                          "rule", "candidates"}
    assert (first["text"], first["verdict"], first["kind"], first["expected"]) == ("70家", "error", "misattributed", "28家")
    assert SWAPPED[first["start"]:first["end"]] == "70家"
    assert data["summary"]["errors"] == 2


def test_an_existing_json_output_is_kept_without_force(tmp_path: Path, notes: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "report.json"
    out.write_text("mine", encoding="utf-8")
    result = run("check", text, "--data", notes, "--json", out)
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "mine"


def test_docx_offsets_and_annotated_copy_carry_a_comment_per_problem(tmp_path: Path, notes: Path) -> None:
    import docx

    source = write_docx(tmp_path / "draft.docx", "一、2025年科技工作回顾", *SWAPPED.split("。")[:2])
    out, annotated = tmp_path / "report.json", tmp_path / "annotated.docx"
    result = run("check", source, "--data", notes, "--json", out, "--annotate", annotated)
    assert result.exit_code == 1, result.output
    joined = "\n".join(p.text for p in docx.Document(str(source)).paragraphs)
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert [joined[f["start"]:f["end"]] for f in findings if f["verdict"] == "error"] == ["70家", "28家"]
    comments = [c.text for c in docx.Document(str(annotated)).comments]
    assert len(comments) == 3  # two misattributed figures and the unused 97名 under its section heading
    assert any("28家" in c for c in comments)
    assert docx.Document(str(source)).comments is not None and not list(docx.Document(str(source)).comments)


def test_a_docx_that_is_not_one_exits_two(tmp_path: Path, notes: Path) -> None:
    fake = tmp_path / "draft.docx"
    fake.write_text("not a zip", encoding="utf-8")
    result = run("check", fake, "--data", notes)
    assert result.exit_code == 2
    assert "draft.docx" in result.output and "Word" in result.output


def test_missing_notes_exit_two_naming_the_file(tmp_path: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    result = run("check", text, "--data", tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "missing.yaml" in result.output


def check_with_notes(tmp_path: Path, notes_text: str) -> object:
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    notes = tmp_path / "notes.yaml"
    notes.write_text(notes_text, encoding="utf-8")
    return run("check", text, "--data", notes)


def test_an_unparseable_indicator_value_names_file_key_and_line(tmp_path: Path) -> None:
    result = check_with_notes(tmp_path, NOTES.replace("数值: 70", "数值: 七十多"))
    assert result.exit_code == 2
    assert "notes.yaml:6" in result.output and "指标[1].数值" in result.output and "七十多" in result.output


def test_malformed_notes_yaml_exits_two_with_its_line(tmp_path: Path) -> None:
    result = check_with_notes(tmp_path, NOTES.replace("  - {名称: 科技型中小企业评价入库", "  - {名称: [科技型"))
    assert result.exit_code == 2
    assert "notes.yaml:" in result.output


REPO = Path(__file__).resolve().parent.parent


def test_a_published_report_against_five_of_its_figures_has_five_verified_and_no_error(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("check", REPO / "corpus" / "docs" / "002-yuanling.md", "--data",
                 REPO / "eval" / "checker" / "002-yuanling-five.yaml", "--partial", "--json", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    summary = data["summary"]
    assert data["partial"] is True
    assert (summary["supported"], summary["errors"], summary["unverified"]) == (5, 0, summary["figures"] - 5)
    figures = [f for f in data["findings"] if f["kind"] != "unused"]
    assert not any(f["expected"] for f in figures if f["verdict"] != "supported")
    assert "应为" not in " ".join(f["message"] for f in figures)
    assert "28 个未核实" in result.output


def test_without_partial_the_same_report_has_errors_but_proposes_no_value(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("check", REPO / "corpus" / "docs" / "002-yuanling.md", "--data",
                 REPO / "eval" / "checker" / "002-yuanling-five.yaml", "--json", out)
    assert result.exit_code == 1
    errors = [f for f in json.loads(out.read_text(encoding="utf-8"))["findings"] if f["verdict"] == "error"]
    assert len(errors) == 28 and not any(f["expected"] for f in errors)
    assert {f["text"]: f["confidence"] for f in errors}["20家"] == "uncertain"  # 申报高新技术企业20家: not the 47


def test_an_indicator_table_alone_is_data_enough(tmp_path: Path) -> None:
    table = tmp_path / "indicators.csv"
    table.write_text("名称,数值,单位\n有效期内高新技术企业,28,家\n科技型中小企业评价入库,70,家\n", encoding="utf-8")
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    result = run("check", text, "--data", table, "--partial")
    assert result.exit_code == 0, result.output
    assert "2 个通过" in result.output and "1 个未核实" in result.output


def test_with_partial_a_wrong_figure_whose_clause_names_its_row_is_an_error(tmp_path: Path) -> None:
    import openpyxl

    table = tmp_path / "zhibiao.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "指标"
    book.active.append(["名称", "数值", "单位", "时期", "上期值", "上期"])
    book.active.append(["有效期内高新技术企业", 44, "家", 2025, 37, 2024])
    book.active.append(["技术合同成交额", 2.6, "亿元", 2025, None, None])
    book.save(table)
    draft = write_docx(tmp_path / "kezhang.docx", "一、2025年工作回顾", "（一）培育科技型企业",
                       "本年度全县有效期内高新技术企业由2024年的37家增至2025年的47家。一是新培育企业8家，"
                       "全县有效期内高新技术企业总数为44家；二是举办政策宣讲5场。")
    result = run("check", draft, "--data", table, "--partial")
    assert result.exit_code == 1, result.output  # the table covers 47家: its clause names the row word for word
    assert "47家" in result.output and "应为“44家”" in result.output and "zhibiao.xlsx" in result.output and "第2行" in result.output
    assert "5场" in result.output and "未核实" in result.output  # what the table does not hold stays a notice


def test_partial_with_no_figures_in_the_data_is_bad_input(tmp_path: Path) -> None:
    notes = tmp_path / "empty.yaml"
    notes.write_text("标题: 空\n单位: 局\n年度: 2025\n提纲:\n  - 标题: 工作回顾\n", encoding="utf-8")
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    result = run("check", text, "--data", notes, "--partial")
    assert result.exit_code == 2
    assert "empty.yaml" in result.output and "no indicators" in result.output and "Traceback" not in result.output


def test_a_table_without_the_value_column_names_file_row_and_column(tmp_path: Path) -> None:
    import openpyxl

    table = tmp_path / "indicators.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["名称", "单位"])
    book.active.append(["有效期内高新技术企业", "家"])
    book.save(table)
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    result = run("check", text, "--data", table, "--partial")
    assert result.exit_code == 2, result.output
    assert "indicators.xlsx" in result.output and "第2行" in result.output and "数值" in result.output


def test_a_notes_workbook_is_read_as_notes_not_as_an_indicator_table(notes: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "notes.xlsx"
    assert run("notes", "convert", notes, workbook).exit_code == 0
    text = tmp_path / "draft.txt"
    text.write_text(SWAPPED, encoding="utf-8")
    result = run("check", text, "--data", workbook, "--json", tmp_path / "out.json")
    assert result.exit_code == 1, result.output
    findings = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["findings"]
    # the fact of the outline (97名) is data too: only a workbook read as notes knows it
    assert any(f["text"] == "97名" and f["verdict"] == "supported" for f in findings)
    assert {f["text"] for f in findings if f["verdict"] == "error"} == {"70家", "28家"}
