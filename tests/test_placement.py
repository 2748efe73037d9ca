"""Where an indicator is written when the notes do not say (no 章节), and what the draft says of the
data it could not write."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from drafter.backends.base import SectionTask
from drafter.backends.offline import OfflineComposer
from drafter.cli import app
from drafter.draft import plan_sections
from drafter.notes import Indicator, load_notes

QINGXI = Path(__file__).resolve().parent / "data" / "qingxi.xlsx"  # the usability test's workbook


def test_an_indicator_no_section_tells_apart_opens_its_part_instead_of_joining_a_topic_by_a_common_word():
    placed = {i.name: p.key for p in plan_sections(load_notes(QINGXI)) for i in p.indicators}
    # 财政科技支出 shares only 科技 with 推动科技成果转化 — as every section of a 科技局 report does
    assert placed["财政科技支出"] == "一" and placed["知识价值信用代款"] == "一"
    assert placed["科技型中小企业入库"] == "一.（一）" and placed["技术合同登记"] == "一.（二）"
    assert placed["R&D经费投入强度"] == "二"  # its 章节 says 存在的主要问题: the person's choice stands


def task(kind: str, facts: list[str], indicators: list[Indicator]) -> SectionTask:
    return SectionTask(key="二", number="二、", heading="存在的主要问题", level=1, doc_title="青溪县科学技术局2026年工作总结",
                       doc_kind="总结", unit="青溪县科学技术局", year=2026, section_kind=kind, facts=facts,
                       indicators=indicators, target_length=200)


RD = Indicator(name="R&D经费投入强度", value=Decimal("1.35"), unit="%", raw_value="1.35", period="2025",
               previous=Decimal("1.21"), previous_period="2024")


def test_a_problems_section_states_its_data_plainly_inside_the_problem_it_is_evidence_of():
    text = OfflineComposer().write(task("problems", ["全社会研发投入强度偏低，低于全省平均水平", "科技人才总量不足"], [RD])).text
    assert "一是全社会研发投入强度偏低，2025年全县R&D经费投入强度为1.35%（2024年为1.21%），低于全省平均水平；" in text
    assert "提高到" not in text


def test_a_problems_section_states_data_no_problem_names_after_the_list_without_a_verdict():
    text = OfflineComposer().write(task("problems", ["科技人才总量不足", "基层科技服务力量薄弱"], [RD])).text
    assert text.endswith("2025年全县R&D经费投入强度为1.35%（2024年为1.21%）。") and "提高到" not in text


NOTES = """\
标题: 青溪县科学技术局2026年科技工作存在的问题
单位: 青溪县科学技术局
年度: 2026
文种: 总结
指标:
  - {名称: 知识价值信用贷款, 数值: 1580, 单位: 万元}
提纲:
  - 标题: 存在的主要问题
    要点: [全社会研发投入强度偏低, 科技人才总量不足]
"""


def test_the_closing_summary_names_data_the_draft_could_not_write_and_why(home, tmp_path):
    notes = tmp_path / "notes.yaml"
    notes.write_text(NOTES, encoding="utf-8")
    result = CliRunner().invoke(app, ["draft", str(notes), "-o", str(tmp_path / "draft.md"), "--offline",
                                      "--no-retrieval"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "1580万元" not in (tmp_path / "draft.md").read_text(encoding="utf-8")  # not among the problems
    assert "未写入文中的数据（1）：" in result.output
    assert "“1580万元” 指标 知识价值信用贷款 (notes.yaml:6)：没有一节可以写它" in result.output
    assert "请在指标的“章节”里写上它所属的一节" in result.output


def review(facts: list[str], indicators: list[Indicator]) -> str:
    return OfflineComposer().write(SectionTask(
        key="一.（一）", number="（一）", heading="培育壮大创新主体", level=2, doc_title="青溪县科学技术局2026年工作总结",
        doc_kind="总结", unit="青溪县科学技术局", year=2026, section_kind="review", facts=facts, indicators=indicators,
        target_length=200)).text


def firms(value: str, previous: str, name: str = "有效期内高新技术企业") -> Indicator:
    return Indicator(name=name, value=Decimal(value), unit="家", raw_value=value, period="2026",
                     previous=Decimal(previous), previous_period="2025")


def test_a_change_is_written_in_the_fact_that_states_the_value_not_in_a_sentence_before_it():
    text = review(["新认定高新技术企业5家，全县有效期内高新技术企业达到31家", "科技型中小企业入库评价62家"], [firms("31", "26")])
    assert text == ("一是新认定高新技术企业5家，全县有效期内高新技术企业由2025年的26家增加到2026年的31家；"
                    "二是科技型中小企业入库评价62家。")


def test_a_fact_that_already_compares_the_value_is_left_as_it_is():
    facts = ["有效期内高新技术企业达31家，比上年净增5家", "科技型中小企业入库评价62家"]
    assert review(facts, [firms("31", "26")]) == "一是有效期内高新技术企业达31家，比上年净增5家；二是科技型中小企业入库评价62家。"


def test_a_fact_sharing_one_common_word_with_the_indicator_is_not_taken_for_it():
    text = review(["走访服务企业62家", "组织政策宣讲3场"], [firms("62", "50", name="科技型中小企业入库")])
    assert "走访服务企业62家" in text and "服务企业由" not in text
    assert text.startswith("全县科技型中小企业入库由2025年的50家增加到2026年的62家。")


SMALL = """\
标题: 洪江市科学技术局2025年工作总结和2026年工作计划
单位: 洪江市科学技术局
年度: 2025
指标:
  - {名称: 有效期内高新技术企业, 数值: 28, 单位: 家}
  - {名称: 财政科技支出, 数值: 2360, 单位: 万元}
提纲:
  - 标题: 2025年工作回顾
    小节:
      - {标题: 培育创新主体, 要点: [新认定高新技术企业5家]}
      - {标题: 加强科技普及, 要点: [开展科技活动10次]}
  - 标题: 下一步打算
    要点: [新增高新技术企业3家]
"""


def test_in_a_short_outline_words_two_sections_share_still_tell_the_topic_apart_from_the_rest(tmp_path):
    notes = tmp_path / "notes.yaml"
    notes.write_text(SMALL, encoding="utf-8")
    placed = {i.name: p.key for p in plan_sections(load_notes(notes)) for i in p.indicators}
    assert placed == {"有效期内高新技术企业": "一.（一）", "财政科技支出": "一"}
