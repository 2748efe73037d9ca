"""Binding that respects the document: a figure of one section is not supported by the amount alone of another
section's fact; counts of the text's own items are no claims; vague amounts (近千家, 上千家, 数百家) are checked
like 近/余. Sentences written for these tests, an invented county (none from the seeds or the held-out sets)."""

from __future__ import annotations

import pytest

from drafter.figures.reconcile import CheckReport, check_text
from drafter.notes import Notes, load_notes

NOTES = """\
标题: 安化县科学技术局2025年工作总结和2026年工作计划
单位: 安化县科学技术局
年度: 2025
指标:
  - {名称: 科技特派员服务茶企, 数值: 960, 单位: 家}
  - {名称: 农民技术培训, 数值: 1260, 单位: 人次}
提纲:
  - 标题: 2025年工作情况
    要点:
      - 组织3家企业申报省级工程技术研究中心
  - 标题: 2026年工作计划
    要点:
      - 力争新增省级星创天地2家
"""


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    path = tmp_path_factory.mktemp("document") / "notes.yaml"
    path.write_text(NOTES, encoding="utf-8")
    return load_notes(path)


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


def test_counts_of_the_texts_own_items_raise_no_alarm(notes: Notes) -> None:
    text = "聚焦稳链、强链、延链三项重点任务，从四个方面发力，重点抓好以下五项工作，实施一批科技项目。"
    assert verdicts(check_text(text, notes)) == []


@pytest.mark.parametrize(("sentence", "verdict"), [
    ("科技特派员服务茶企近千家。", "supported"),
    ("科技特派员服务茶企数百家。", "supported"),
    ("科技特派员服务茶企上千家。", "error"),
    ("科技特派员服务茶企数十家。", "error"),
    ("开展农民技术培训上千人次。", "supported"),
    ("开展农民技术培训近千人次。", "error"),
])
def test_vague_amounts_are_checked_like_approximation_words(notes: Notes, sentence: str, verdict: str) -> None:
    [(_, got, _)] = verdicts(check_text(sentence, notes))
    assert got == verdict
