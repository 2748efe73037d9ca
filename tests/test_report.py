"""The check report for people: only problems by default, one entry per problem, where it is (section
number and the sentence with the figure marked), readable at 80 columns; the JSON keeps everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from drafter.cli import app
from drafter.figures.findings import Kind, Verdict
from drafter.figures.report import KIND_LABEL, VERDICT_LABEL
from drafter.textwrap_zh import wrap

REPO = Path(__file__).resolve().parent.parent
CASE = REPO / "eval" / "cases" / "003-hongjiang"
runner = CliRunner()


def test_every_verdict_and_kind_the_checker_has_is_named_in_the_label_tables() -> None:
    assert set(VERDICT_LABEL) == set(Verdict) and set(KIND_LABEL) == set(Kind)


@pytest.fixture
def checked(tmp_path: Path):  # type: ignore[no-untyped-def]
    text = (CASE / "reference.md").read_text(encoding="utf-8")
    text = text.replace("有效期内高新技术企业28家", "有效期内高新技术企业30家").replace("2008万元", "2080万元")
    draft = tmp_path / "draft.md"
    draft.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(draft), "--data", str(CASE / "notes.yaml"), "--json",
                                 str(tmp_path / "r.json")], env={"COLUMNS": "80"})
    return result, json.loads((tmp_path / "r.json").read_text(encoding="utf-8")), draft


def test_only_problems_are_listed_each_once_with_section_and_marked_sentence(checked) -> None:  # type: ignore[no-untyped-def]
    result, report, _ = checked
    assert result.exit_code == 1
    out = result.output
    assert "通过·" not in out and out.count("错误·") == 2
    assert "2. 错误·数值不符  2080万元  一.（一）.4" in out
    assert "申请知识价值信用贷款【2080万元】。”" in out and "应为“2008万元”" in out
    assert "因此数据“2008万元”未在文中使用" in out  # the unused echo joins its error …
    assert "数据未使用  2008万元" not in out  # … instead of being an entry of its own
    unused = [f for f in report["findings"] if f["kind"] == "unused" and f["expected"] == "2008万元"]
    assert len(unused) == 2  # the JSON keeps every finding


def test_every_line_fits_80_columns_and_no_file_name_is_broken(checked) -> None:  # type: ignore[no-untyped-def]
    result, _, _ = checked
    lines = result.output.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert any("(notes.yaml:76)" in line for line in lines)
    assert not any(line.strip().startswith(("，", "。", "、", "；", "）", "”")) for line in lines)


def test_all_lists_every_figure_in_text_order(checked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, report, draft = checked
    result = runner.invoke(app, ["check", str(draft), "--data", str(CASE / "notes.yaml"), "--all"],
                           env={"COLUMNS": "80"})
    figures = [f for f in report["findings"] if f["kind"] != "unused"]
    assert result.output.count("通过·") == sum(f["verdict"] == "supported" for f in figures)
    assert result.output.index("【10余次】") < result.output.index("【2080万元】")


def test_wrapping_keeps_sentences_words_and_figures_whole() -> None:
    text = "依据：指标 企业申请知识价值信用贷款 (very_long_notes_file_name.yaml:76)；因此数据“2008万元”未在文中使用。"
    lines = wrap(text, 40, first="   ", indent="   ")
    assert all(cell_len(line) <= 40 for line in lines)
    assert any("very_long_notes_file_name.yaml:76)" in line for line in lines)
    assert lines[-1].strip().startswith("因此")  # the next sentence starts a line rather than splitting
