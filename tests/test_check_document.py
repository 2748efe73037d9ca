"""Binding that respects the document: a figure of one section is not supported by the amount alone of another
section's fact. (Vague amounts and counts of the text's own items: tests/checker_cases/anhua-vague.) Sentences
written for these tests, an invented county (none from the seeds or the held-out sets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.figures.reconcile import CheckReport, check_text
from drafter.notes import Notes, load_notes


@pytest.fixture(scope="module")
def notes() -> Notes:
    return load_notes(Path(__file__).parent / "checker_cases" / "anhua-vague" / "notes.yaml")


def verdicts(report: CheckReport) -> list[tuple[str, str, str]]:
    return [(f.text, f.verdict, f.kind) for f in report.findings if f.kind != "unused"]


def test_an_invented_figure_matching_the_amount_of_another_sections_fact_is_not_supported(notes: Notes) -> None:
    text = "一、2025年工作情况\n组织3家企业申报省级工程技术研究中心。\n二、2026年工作计划\n力争新增省级星创天地2家，科技企业孵化器新增3家。\n"
    assert verdicts(check_text(text, notes)) == [
        ("3家", "supported", "match"), ("2家", "supported", "match"), ("3家", "error", "unsupported")]
    [invented] = check_text(text, notes, partial=True).unverified
    assert invented.start == text.rindex("3家")


def test_a_figure_in_the_words_of_another_sections_fact_is_still_that_fact(notes: Notes) -> None:
    text = "一、2025年工作情况\n回顾全年工作。\n二、2026年工作计划\n继续组织3家企业申报省级工程技术研究中心。\n"
    assert verdicts(check_text(text, notes)) == [("3家", "supported", "match")]


def test_the_summary_counts_the_figures_of_the_text_not_the_warnings_on_its_sentences() -> None:
    from drafter.figures.findings import SUPPORTED, WARNING, CheckReport, Finding, Kind

    text = "全年新认定高新技术企业9家，已完成全年任务。"
    figure = Finding("9家", 11, 13, SUPPORTED, Kind.MATCH, "9家", "指标", "与数据一致", rule="match.value")
    tense = Finding(text, 0, len(text), WARNING, "tense", None, None, "计划写成了已完成", rule="tense.done")
    summary = CheckReport(text, [figure, tense]).summary
    assert (summary.figures, summary.supported, summary.warnings) == (1, 1, 1)


XIYANG = """\
标题: 西阳县科学技术局2025年工作总结
单位: 西阳县科学技术局
年度: 2025
指标:
  - {名称: 科普活动, 数值: 30, 单位: 场, 约数: 余}
  - {名称: 技术合同成交额, 数值: 2.6, 单位: 亿元}
提纲:
  - 标题: 2025年工作回顾
    要点:
      - 举办科技周、科普日等主题宣传活动30余场
      - 技术合同成交额2.6亿元
"""


def test_a_figure_written_once_uses_both_the_fact_and_the_indicator_that_carry_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(XIYANG, encoding="utf-8")
    notes = load_notes(path)
    text = "一、2025年工作回顾\n全年举办科技周、科普日等主题宣传活动30余场，技术合同成交额2.6亿元。\n"
    report = check_text(text, notes)
    assert verdicts(report) == [("30余场", "supported", "match"), ("2.6亿元", "supported", "match")]
    assert [f.text for f in report.findings if f.kind == "unused"] == []
    # a text that leaves the figure out leaves both unused
    report = check_text("一、2025年工作回顾\n技术合同成交额2.6亿元。\n", notes)
    assert [f.text for f in report.findings if f.kind == "unused"] == ["30余场", "30余场"]
