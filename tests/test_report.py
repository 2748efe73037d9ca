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


FIVE = REPO / "eval" / "checker" / "002-yuanling-five.yaml"  # five of the published report's own figures


@pytest.fixture
def proofread(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The published 沅陵 report proofread against part of its data, one value mistyped (31 for its 30个)
    and one row the report never uses: an error, a warning and 28 figures the data does not cover."""
    notes = FIVE.read_text(encoding="utf-8").replace("数值: 30, 单位: 个", "数值: 31, 单位: 个").replace(
        "  - {名称: 科技型企业获批", "  - {名称: 新增省级科技创新平台, 数值: 6, 单位: 个}\n  - {名称: 科技型企业获批")
    data = tmp_path / "part.yaml"
    data.write_text(notes, encoding="utf-8")
    result = runner.invoke(app, ["check", str(REPO / "corpus" / "docs" / "002-yuanling.md"), "--data", str(data),
                                 "--partial", "--json", str(tmp_path / "r.json")], env={"COLUMNS": "80"})
    return result, json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


def test_errors_come_first_then_warnings_then_the_unverified(proofread) -> None:  # type: ignore[no-untyped-def]
    result, report = proofread
    out = result.output
    assert result.exit_code == 1
    error, warning = out.index("1. 错误·约数不符  30个"), out.index("2. 提示·数据未使用  6个")
    first_unverified = out.index("未核实·")
    assert error < warning < first_unverified
    # in the text the error comes after many unverified figures: the JSON keeps text order
    starts = [f["start"] for f in report["findings"] if f["start"] is not None]
    assert starts == sorted(starts)
    verdicts = [f["verdict"] for f in report["findings"]]
    assert verdicts[:verdicts.index("error")].count("unverified") >= 5


def test_many_unverified_figures_are_one_line_each_after_the_problems_and_counted_in_the_header(
        proofread) -> None:  # type: ignore[no-untyped-def]
    result, report = proofread
    lines = result.output.splitlines()
    unverified = sum(f["verdict"] == "unverified" for f in report["findings"])
    assert unverified == 28
    header = "".join(lines[:4])
    assert "28 个未核实" in header and "再列 28 个未核实的数字" in header
    start = next(i for i, line in enumerate(lines) if line.startswith("未核实·数据中没有"))
    short = lines[start + 1:]
    not_in_data = sum(f["rule"] == "partial.unsupported" for f in report["findings"])
    assert len([line for line in short if line.strip()]) == not_in_data and not_in_data > 20
    assert all("【" in line and "】" in line for line in short if line.strip())  # one line holds the figure
    assert any(line.endswith("一.（四）  “…社51个，进行技术指导352次，提供产业发展建议方案【28条】。”") for line in short)
    assert max(cell_len(line) for line in lines) <= 80
    # an unverified figure with a reason of its own (it cannot be derived) keeps its full entry, before the list
    assert result.output.index("未核实·数据未涵盖  480%") < result.output.index("未核实·数据中没有")


def test_a_few_unverified_figures_keep_full_entries_after_the_warnings(tmp_path: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text("一、工作回顾\n全市有效期内高新技术企业28家，科技型中小企业评价入库70家，举办培训5期。\n",
                    encoding="utf-8")
    table = tmp_path / "data.csv"
    table.write_text("名称,数值,单位\n有效期内高新技术企业,28,家\n技术合同成交额,14.5,亿元\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(text), "--data", str(table), "--partial"], env={"COLUMNS": "80"})
    out = result.output
    assert result.exit_code == 0, out
    assert out.index("1. 提示·数据未使用  14.5亿元") < out.index("2. 未核实·数据未涵盖  70家") < out.index("3. 未核实")
    assert "每个一行" not in out


USERTEST = REPO / "tests" / "data" / "usertest"  # files of the blind usability test (a 科员's workbook)


def test_the_header_counts_the_entries_listed_and_says_how_many_unused_echoes_joined_an_error() -> None:
    import re

    result = runner.invoke(app, ["check", str(USERTEST / "kz2.txt"), "--data", str(USERTEST / "qingxi.xlsx")],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 1
    out = result.output
    header = "".join(out.split("只列出问题")[0].split())
    errors, warnings = (int(n) for n in re.search(r"(\d+)个错误，(\d+)个提示", header).groups())
    assert (errors, warnings) == (out.count(". 错误·"), out.count(". 提示·")) == (5, 10)  # it said 17 提示
    merged = int(re.search(r"另有(\d+)个“数据未使用”提示并入所属的错误", header).group(1))
    assert merged == 7  # 31家, 约1.2亿元 and 20余场 as an indicator and as a fact, 2360万元 once …
    assert out.count("因此数据“") == 4  # … each named once under the error that explains it
