"""Certainty: a value is proposed only when the clause names its supplied figure with certainty; otherwise the
finding says what is wrong, proposes nothing and lists candidates; the repair round never asks for a guess.
Sentences written for these tests (none from the seeds or the held-out sets), an invented county."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.figures.reconcile import CheckReport, Finding, check_text, repair_instructions
from drafter.notes import Notes, load_notes

NOTES = """\
标题: 桃源县科学技术局2025年工作总结
单位: 桃源县科学技术局
年度: 2025
指标:
  - {名称: 有效期内高新技术企业, 数值: 64, 单位: 家}
  - {名称: 科技型中小企业入库, 数值: 187, 单位: 家}
  - {名称: 技术合同登记额, 数值: 6.4, 单位: 亿元, 时期: 2025, 上期值: 5.1, 上期: 2024}
  - {名称: 科技特派员服务基地, 数值: 18, 单位: 个}
提纲:
  - 标题: 2025年工作情况
    小节:
      - 标题: 培育创新主体
        要点:
          - 组织茶叶加工企业开展技术攻关，解决关键技术难题9项
      - 标题: 服务乡村振兴
        要点:
          - 举办农村实用技术培训班36期，培训茶农2100人次
"""


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    path = tmp_path_factory.mktemp("certainty") / "notes.yaml"
    path.write_text(NOTES, encoding="utf-8")
    return load_notes(path)


def error(report: CheckReport, text: str) -> Finding:
    return next(f for f in report.errors if f.text == text)


def test_a_clause_naming_the_indicator_in_full_gets_the_value_with_certainty(notes: Notes) -> None:
    wrong = error(check_text("全县有效期内高新技术企业达到46家。", notes), "46家")
    assert (wrong.kind, wrong.expected, wrong.confidence, wrong.rule) == ("wrong_value", "64家", "certain", "value.wrong")
    assert "应为“64家”" in wrong.message


def test_a_word_that_changes_what_is_counted_withholds_the_value(notes: Notes) -> None:
    wrong = error(check_text("今年申报高新技术企业23家。", notes), "23家")
    assert (wrong.verdict, wrong.expected, wrong.confidence) == ("error", None, "uncertain")
    assert "应为" not in wrong.message and wrong.source is None
    assert [c.text for c in wrong.candidates][:1] == ["64家"]


def test_a_growth_between_two_different_indicators_is_never_proposed(notes: Notes) -> None:
    report = check_text("有效期内高新技术企业64家、科技型中小企业入库187家，分别增长120%、85%。", notes)
    for text in ("120%", "85%"):
        finding = error(report, text)
        assert finding.expected is None and "应为" not in finding.message


def test_a_wrong_growth_of_one_indicator_over_time_is_proposed(notes: Notes) -> None:
    wrong = error(check_text("技术合同登记额6.4亿元，同比增长30%。", notes), "30%")
    assert (wrong.kind, wrong.expected, wrong.confidence, wrong.rule) == ("derived", "25%", "certain", "derived.growth")


def test_a_fact_of_another_section_is_no_certain_correction(notes: Notes) -> None:
    text = "一、2025年工作情况\n（一）培育创新主体\n举办农村实用技术培训班12期。\n"
    wrong = error(check_text(text, notes), "12期")
    assert wrong.expected is None and wrong.confidence == "uncertain"


def test_a_value_the_text_states_truly_elsewhere_is_not_proposed_for_a_second_amount(notes: Notes) -> None:
    report = check_text("“十三五”期间累计建成科技特派员服务基地18个。今年新落成科技特派员服务基地达到7个。", notes)
    assert next((f.text, f.verdict) for f in report.findings if f.kind != "unused") == ("18个", "supported")
    assert error(report, "7个").expected is None


def test_repair_instructions_never_carry_a_guessed_value(notes: Notes) -> None:
    report = check_text("今年申报高新技术企业23家。全县有效期内高新技术企业达到46家。", notes)
    uncertain, certain = repair_instructions(report)
    assert "23家" in uncertain and "64家" not in uncertain and "不要自行推算或换成其他数字" in uncertain
    assert certain.startswith("句中“46家”与数据不符，应为“64家”")


def test_the_json_report_carries_confidence_rule_and_candidates(notes: Notes, tmp_path: Path) -> None:
    data = check_text("今年申报高新技术企业23家。", notes).to_dict()
    [first] = [f for f in data["findings"] if f["kind"] != "unused"]
    assert (first["confidence"], first["rule"]) == ("uncertain", "value.wrong")
    assert first["candidates"][0] == {"text": "64家", "source": "指标 有效期内高新技术企业 (notes.yaml:5)"}


DRAFT_NOTES = """\
标题: 桃源县科学技术局2025年工作总结
单位: 桃源县科学技术局
年度: 2025
文种: 总结
指标:
  - {名称: 有效期内高新技术企业, 数值: 64, 单位: 家}
提纲:
  - 标题: 培育创新主体
    要点:
      - 组织茶叶加工企业开展技术攻关，解决关键技术难题9项
"""


def test_the_drafting_loop_never_sends_a_guessed_value(home, tmp_path: Path, openai_stub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from drafter.cli import app

    monkeypatch.setenv("OPENAI_API_KEY", openai_stub.api_key)
    openai_stub.responder = lambda body: "全县新增高新技术企业23家，解决关键技术难题9项。"  # 新增: not the 64 that exist
    notes = tmp_path / "notes.yaml"
    notes.write_text(DRAFT_NOTES, encoding="utf-8")
    result = CliRunner().invoke(app, ["draft", str(notes), "-o", str(tmp_path / "draft.md"), "--backend", "openai",
                                      "--base-url", openai_stub.url, "--model", "stub", "--no-retrieval"])
    assert result.exit_code == 1, result.output  # the figure stays flagged
    repairs = [m["content"] for r in openai_stub.chat_requests for m in r.body["messages"][-1:]
               if m["role"] == "user" and "存在以下问题" in m["content"]]
    assert repairs, "a repair round was asked for"
    for repair in repairs:
        [line] = [line for line in repair.splitlines() if "23家" in line]
        assert "64" not in line and "应为" not in line and "不要自行推算" in line


def test_a_match_by_amount_alone_is_supported_but_not_certain(notes: Notes) -> None:
    named, unnamed = (f for f in check_text("全县有效期内高新技术企业64家。全年走访64家。", notes).findings
                      if f.kind != "unused")
    assert (named.verdict, named.confidence) == ("supported", "certain")
    assert (unnamed.verdict, unnamed.confidence) == ("supported", "uncertain")


PLAN_NOTES = """\
标题: 桃源县科学技术局2025年工作总结和2026年工作计划
单位: 桃源县科学技术局
年度: 2025
指标:
  - {名称: 开展科普讲座, 数值: 12, 单位: 场, 时期: 2025, 章节: 科普惠民}
提纲:
  - 标题: 2025年工作情况
    小节:
      - 标题: 科普惠民
        要点: [科普讲座进社区]
  - 标题: 2026年工作计划
    要点: [继续办好科普讲座]
"""


def test_a_section_body_checked_on_its_own_knows_its_period_and_proposes_no_value_across_it(tmp_path: Path) -> None:
    from drafter.figures.checker import FigureChecker

    path = tmp_path / "notes.yaml"
    path.write_text(PLAN_NOTES, encoding="utf-8")
    checker = FigureChecker(load_notes(path))
    body = "全年开展科普讲座10场，覆盖城乡社区。"
    in_plan = next(f for f in checker.check(body, section="二").errors if f.text == "10场")
    assert (in_plan.expected, in_plan.confidence) == (None, "uncertain")  # a 2026 aim is no 2025 count
    in_review = next(f for f in checker.check(body, section="一.（一）").errors if f.text == "10场")
    assert (in_review.expected, in_review.confidence) == ("12场", "certain")


def test_candidates_are_rows_the_clause_names_or_values_the_figure_may_be_a_slip_of(notes: Notes) -> None:
    far = error(check_text("组织专家深入走访服务企业300余家。", notes), "300余家")
    assert far.candidates == ()  # 64家 or 187家 of rows the clause hardly names are no value it may have been
    slip = error(check_text("今年申报高新技术企业46家。", notes), "46家")
    assert [c.text for c in slip.candidates] == ["64家"]  # the same digits, and a row the clause nearly names


def test_a_clause_without_the_word_that_makes_the_row_its_count_gets_no_value(notes: Notes) -> None:
    visited = error(check_text("走访服务科技型中小企业300余家。", notes), "300余家")
    assert (visited.expected, visited.confidence) == (None, "uncertain")  # served, not the 187 入库


def test_a_finding_without_a_value_asks_to_rephrase_and_names_none(notes: Notes) -> None:
    report = check_text("2026年全县技术合同登记额6.4亿元。", notes)  # the 2025 row dated a year later
    [finding] = report.errors
    assert (finding.kind, finding.expected, finding.rule) == ("stale_period", None, "period.written_year")
    [instruction] = repair_instructions(report)
    assert "应为" not in instruction and "None" not in instruction and "不要自行推算或换成其他数字" in instruction
