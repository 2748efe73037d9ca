"""The notes workbook: what a staff member fills in Excel or WPS, read like the YAML notes file, converted
both ways without loss, and errors that name the sheet, row and column."""

from __future__ import annotations

import csv
import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.errors import InputError
from drafter.notes import load_notes
from drafter.notes_write import convert_notes, save_notes
from drafter.workbook import marker_level, template_notes

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "80"})


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "notes.xlsx"
    result = run("notes", "template", str(path))
    assert result.exit_code == 0, result.output
    return path


def comparable(notes):
    """Everything a notes file says, without where it was read from."""
    return (notes.title, notes.unit, notes.year, notes.date_given and notes.date, notes.kind, notes.recipient,
            notes.issuer, notes.issue_date, [dataclasses.replace(i, origin="") for i in notes.indicators],
            [(len(parents), s.heading, s.facts, s.length, s.instruction) for parents, s in notes.walk()])


def test_the_template_has_the_four_sheets_headers_lists_number_checks_and_an_example(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["基本信息", "提纲", "指标", "说明"]
    assert [c.value for c in book["指标"][1]] == ["名称", "数值", "单位", "时期", "上期值", "上期", "约数", "章节", "备注"]
    assert [c.value for c in book["提纲"][1]] == ["序号", "标题", "要点", "字数", "要求"]
    assert book["指标"]["A2"].value == "有效期内高新技术企业" and book["指标"]["B2"].value == 28
    rules = {(r.type, str(r.sqref).split(":")[0]): r for s in book.worksheets for r in s.data_validations.dataValidation}
    assert "总结和计划" in rules[("list", "B6")].formula1
    assert rules[("custom", "B2")].showErrorMessage
    assert "余" in rules[("list", "G2")].formula1 and "万元" in rules[("list", "C2")].formula1
    notes = load_notes(template)
    assert notes.title.startswith("洪江市") and len(notes.indicators) == 3 and notes.sections[0].sections


def test_xlsx_to_yaml_to_xlsx_gives_the_same_bytes(template: Path, tmp_path: Path) -> None:
    assert run("notes", "convert", str(template), str(tmp_path / "n.yaml")).exit_code == 0
    assert run("notes", "convert", str(tmp_path / "n.yaml"), str(tmp_path / "again.xlsx")).exit_code == 0
    assert (tmp_path / "again.xlsx").read_bytes() == template.read_bytes()


@pytest.mark.parametrize("example", ["hongjiang.yaml", "yuanling.yaml"])
def test_the_shipped_examples_survive_yaml_to_xlsx_to_json_to_yaml(example: str, tmp_path: Path) -> None:
    original = load_notes(REPO / "examples" / example)
    convert_notes(REPO / "examples" / example, tmp_path / "n.xlsx")
    convert_notes(tmp_path / "n.xlsx", tmp_path / "n.json")
    convert_notes(tmp_path / "n.json", tmp_path / "n.yaml")
    assert comparable(load_notes(tmp_path / "n.yaml")) == comparable(original)
    assert comparable(load_notes(tmp_path / "n.xlsx")) == comparable(original)


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        save_notes(template_notes(), tmp_path / "n.yaml")
    finally:
        os.umask(old)
    assert (tmp_path / "n.yaml").stat().st_mode & 0o777 == 0o640


def edit(path: Path, sheet: str, cell: str, value) -> Path:  # type: ignore[no-untyped-def]
    book = openpyxl.load_workbook(path)
    book[sheet][cell] = value
    book.save(path)
    return path


@pytest.mark.parametrize(("sheet", "cell", "value", "place", "reason"), [
    ("指标", "B3", "两千多", "工作表“指标”第3行B列（数值）", "指标“知识价值信用贷款”的数值“两千多”不是数字；数值只写 两千，"
     "约数词“多”选在“约数”里"),
    ("指标", "J1", "负责人", "工作表“指标”第1行J列", "没有“负责人”这一列；列名只能是 名称、数值"),
    ("指标", "G2", "大概", "工作表“指标”第2行G列（约数）", "约数“大概”不是约数词"),
    ("基本信息", "B4", "二〇二五", "工作表“基本信息”第4行B列（年度）", "年度要写四位数的年份，如 2025，不能是“二〇二五”"),
    ("基本信息", "B5", "2025-02-30", "工作表“基本信息”第5行B列（日期）", "日期“2025-02-30”这一天不存在"),
    ("基本信息", "A9", "签发人", "工作表“基本信息”第9行A列", "没有“签发人”这一项；A 列只能是 标题、单位"),
    ("提纲", "A3", "第一", "工作表“提纲”第3行A列（序号）", "“第一”不是序号；请写 一、 （一） 1. （1）"),
    ("提纲", "A3", "（1）", "工作表“提纲”第3行A列（序号）", "“（1）”是第四级标题，上面要先有第三级标题，如“1.”；"
     "请补上，或把序号改成“（一）”"),
    ("提纲", "D3", -20, "工作表“提纲”第3行D列（字数）", "字数要写正整数"),
    ("提纲", "C2", None, None, None),  # a section row may hold no fact
])
def test_errors_name_the_sheet_row_and_column(template: Path, sheet, cell, value, place, reason) -> None:
    edit(template, sheet, cell, value)
    if place is None:
        load_notes(template)
        return
    with pytest.raises(InputError) as caught:
        load_notes(template)
    assert caught.value.key == place and reason in caught.value.reason
    assert str(caught.value).startswith(f"{template} ({place}): ")


def test_a_fact_row_before_any_section_is_an_error_naming_its_row(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    book["提纲"].insert_rows(2)
    book["提纲"]["C2"] = "孤立的要点"
    book.save(template)
    with pytest.raises(InputError, match=r"工作表“提纲”第2行C列（要点）.*这条要点前面还没有任何一节"):
        load_notes(template)


def test_a_percent_typed_in_excel_is_read_as_percent(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    book["指标"]["B4"] = 0.0279
    book["指标"]["B4"].number_format = "0.00%"
    book.save(template)
    assert str(load_notes(template).indicators[2].value) == "2.79"


def test_levels_come_from_numbers_as_printed_or_level_words() -> None:
    assert [marker_level(m) for m in ("一、", "十二", "（三）", "(三)", "1.", "12", "（1）", "二级", "四级标题")] == \
        [1, 1, 2, 2, 3, 3, 4, 2, 4]
    assert marker_level("1", as_level=True) == 1 and marker_level("1") == 3 and marker_level("第一") is None


def test_indicators_still_to_fill_are_named_and_refused_by_draft_and_check(template: Path, tmp_path: Path) -> None:
    edit(template, "指标", "B3", "待填")
    with pytest.raises(InputError, match=r"还有 1 个指标的数值是“待填”：知识价值信用贷款（notes.xlsx 指标 第3行）"):
        load_notes(template)
    assert load_notes(template, allow_unfilled=True).unfilled[0].name == "知识价值信用贷款"
    text = tmp_path / "t.txt"
    text.write_text("全市高新技术企业28家。", encoding="utf-8")
    for args in (["draft", str(template), "-o", str(tmp_path / "d.docx"), "--offline", "--no-retrieval"],
                 ["check", str(text), "--data", str(template)]):
        result = run(*args)
        assert result.exit_code == 2 and "的数值是“待填”" in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert run("notes", "convert", str(template), str(tmp_path / "n.yaml")).exit_code == 0
    assert "数值: 待填" in (tmp_path / "n.yaml").read_text(encoding="utf-8")


def test_draft_check_and_rewrite_read_the_workbook(template: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.docx"
    drafted = run("draft", str(template), "-o", str(out), "--offline", "--no-retrieval")
    assert drafted.exit_code == 0, drafted.output
    assert run("check", str(out), "--data", str(template)).exit_code == 0
    rewritten = run("rewrite", str(out), "--section", "二", "-o", str(tmp_path / "r.docx"), "--data", str(template),
                    "--offline")
    assert rewritten.exit_code == 0, rewritten.output


USERTEST = REPO / "tests" / "data" / "usertest"  # the workbooks of the blind usability test


def test_a_sheet_renamed_near_its_name_is_read_and_every_place_names_it_as_it_is() -> None:
    notes = load_notes(USERTEST / "g_renamed_sheet.xlsx")  # 指标 renamed 指标表: all 8 indicators were dropped
    assert len(notes.indicators) == 8
    assert notes.indicators[0].origin == "g_renamed_sheet.xlsx 指标表 第2行"


@pytest.mark.parametrize(("sheet", "renamed"), [("指标", "数据"), ("提纲", "大纲"), ("基本信息", "封面")])
def test_a_sheet_renamed_beyond_recognition_is_one_line_naming_what_was_expected_and_found(
        tmp_path: Path, sheet: str, renamed: str) -> None:
    book = openpyxl.load_workbook(USERTEST / "qingxi.xlsx")
    book[sheet].title = renamed
    book.save(tmp_path / "qingxi.xlsx")
    result = run("draft", str(tmp_path / "qingxi.xlsx"), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 2 and not (tmp_path / "out.docx").exists()
    line = result.output.strip()
    assert "\n" not in line and line.startswith("error: ") and "qingxi.xlsx" in line
    assert f"没有“{sheet}”工作表" in line and f"“{renamed}”" in line


def test_two_rows_of_one_indicator_and_period_with_other_figures_are_an_error_naming_both_rows(
        tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_notes(USERTEST / "l_dup_indicator.xlsx")  # 有效期内高新技术企业 2026: 31 in row 2, 30 in row 10
    error = raised.value
    assert error.key == "工作表“指标”第10行"
    assert "31家（l_dup_indicator.xlsx 指标 第2行）和 30家（l_dup_indicator.xlsx 指标 第10行）" in error.reason
    # the same notes as YAML: the same rule, the rows named by their lines
    book = openpyxl.load_workbook(USERTEST / "l_dup_indicator.xlsx")
    book["指标"]["B10"] = 31  # first the same figure twice: harmless, accepted
    book.save(tmp_path / "same.xlsx")
    assert len(load_notes(tmp_path / "same.xlsx").indicators) == 9
    convert_notes(tmp_path / "same.xlsx", tmp_path / "dup.yaml")
    text = (tmp_path / "dup.yaml").read_text(encoding="utf-8")
    last = text.rindex("数值: 31")
    (tmp_path / "dup.yaml").write_text(text[:last] + "数值: 30" + text[last + len("数值: 31"):], encoding="utf-8")
    result = run("check", str(USERTEST / "kz2.txt"), "--data", str(tmp_path / "dup.yaml"))
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and "dup.yaml:" in line and "(指标[8])" in line
    assert "31家（dup.yaml:" in line and "和 30家（dup.yaml:" in line


def test_the_value_column_accepts_what_its_prompt_and_the_help_sheet_say_to_type(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    rule = next(r for r in book["指标"].data_validations.dataValidation if str(r.sqref).startswith("B2"))
    # a number or 待填, nothing else: Excel refused the 待填 its own prompt asked for (a decimal rule)
    assert (rule.type, rule.formula1, rule.showErrorMessage) == ("custom", 'OR(ISNUMBER(B2),B2="待填")', True)
    assert "待填" in rule.prompt and "待填" in rule.error and "约数" in rule.error
    help_text = "\n".join(str(c.value) for c in book["说明"]["A"] if c.value)
    assert "待填" in help_text and "数值填20，约数选“余”" in help_text


def test_a_figure_typed_with_its_approximation_word_says_where_the_word_goes(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(USERTEST / "qingxi.xlsx")
    book["指标"]["B6"] = "20余"  # the tester's 科普活动 20 余 场, typed in one cell
    book.save(tmp_path / "qingxi.xlsx")
    result = run("draft", str(tmp_path / "qingxi.xlsx"), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "工作表“指标”第6行B列（数值）" in result.output
    assert "数值只写 20，约数词“余”选在“约数”里" in result.output and "3.5万" not in result.output


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_evaluates_the_value_rule_true_for_numbers_and_dai_tian_only(tmp_path: Path) -> None:
    """The 数值 rule's formula, computed by a spreadsheet program beside each value it must judge."""
    from drafter.workbook import build_workbook

    book = build_workbook(template_notes())
    sheet = book["指标"]
    rule = next(r for r in sheet.data_validations.dataValidation if str(r.sqref).startswith("B2"))
    typed = [28, 14.5, "待填", "20余", "31家", "待 填", "二十八"]
    for row, value in enumerate(typed, start=2):
        sheet.cell(row=row, column=2, value=value)
        sheet.cell(row=row, column=12, value="=" + rule.formula1.replace("B2", f"B{row}"))
    for name in ("基本信息", "提纲", "说明"):
        del book[name]
    book.save(tmp_path / "rule.xlsx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(tmp_path), str(tmp_path / "rule.xlsx")], check=True, capture_output=True,
                   timeout=180)  # its own profile: another soffice running does not block this one
    rows = list(csv.reader((tmp_path / "rule.csv").read_text(encoding="utf-8").splitlines()))[1:len(typed) + 1]
    assert [row[11] for row in rows] == ["TRUE", "TRUE", "TRUE", "FALSE", "FALSE", "FALSE", "FALSE"]
