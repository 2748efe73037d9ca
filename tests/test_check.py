"""The figure checker, one test per rule, on real sentences of the seeds (003 洪江, 002 沅陵, 004 篇5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.figures.reconcile import CheckReport, Finding, check_text, repair_instructions
from drafter.notes import Notes, load_notes
from drafter.text import to_simplified

NOTES = """\
标题: 洪江市科学技术局2025年工作总结和2026年工作计划
单位: 洪江市科学技术局
年度: 2025
指标:
  - {名称: 有效期内高新技术企业, 数值: 28, 单位: 家}
  - {名称: 科技型中小企业评价入库, 数值: 70, 单位: 家}
  - {名称: 知识价值信用贷款, 数值: 2008, 单位: 万元}
  - {名称: R&D经费支出占GDP比重, 数值: 2.79, 单位: "%", 时期: 2023, 上期值: 2.06, 上期: 2020}
  - {名称: 技术合同成交额, 数值: 9.81, 单位: 亿元, 时期: 2024, 上期值: 2.74, 上期: 2023}
  - {名称: 科技平台数量, 数值: 30, 单位: 个, 上期值: 15}
提纲:
  - 标题: 2025年及“十四五”规划工作回顾
    小节:
      - 标题: 2025年科技工作回顾
        小节:
          - 标题: 加强科技宣传和普及，营造科技创新良好环境
            要点:
              - 开展“科技三下乡”“5·12科技防灾减灾宣传日”等科普宣传活动12次
              - 承办湖南省“科技潇湘行”活动，130多名专家开展科技服务150场次
              - 发放资料3.5万余份，覆盖企业200余家、群众5.5万余人
          - 标题: 推动产学研融合，集聚科技创新人才
            要点:
              - 争取并落实9名省级科技特派员、5名怀化市级科技特派员，选派97名本级科技特派员到村服务
  - 标题: 2026年重点工作计划
    要点:
      - 计划新增高新技术企业2家，完成科技型中小企业入库65家
"""


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    path = tmp_path_factory.mktemp("notes") / "notes.yaml"
    path.write_text(NOTES, encoding="utf-8")
    return load_notes(path)


def verdicts(report: CheckReport) -> list[tuple[str, str, str]]:
    """(figure, verdict, kind) for the figures of the text (unused-data warnings left out)."""
    return [(f.text, f.verdict, f.kind) for f in report.findings if f.kind != "unused"]


def finding(report: CheckReport, text: str) -> Finding:
    return next(f for f in report.findings if f.text == text and f.kind != "unused")


def test_figures_as_supplied_are_supported_with_their_source(notes: Notes) -> None:
    text = ("目前，洪江市有效期内高新技术企业28家。今年科技型中小企业评价入库70家，提前完成部署任务。"
            "积极指导20多家企业申请知识价值信用贷款2008万元。")
    report = check_text(text, notes)
    assert verdicts(report)[:2] == [("28家", "supported", "match"), ("70家", "supported", "match")]
    loan = finding(report, "2008万元")
    assert loan.verdict == "supported"
    assert loan.source == "指标 知识价值信用贷款 (notes.yaml:7)"
    assert text[loan.start:loan.end] == "2008万元"


def test_approximation_words_consistent_with_the_data_are_supported(notes: Notes) -> None:
    report = check_text("开展“科技三下乡”等科普宣传活动10余次。积极指导企业申请知识价值信用贷款2000余万元。", notes)
    assert verdicts(report) == [("10余次", "supported", "match"), ("2000余万元", "supported", "match")]
    assert finding(report, "10余次").expected == "12次"


def test_rounding_without_a_marker_is_an_approximation_error(notes: Notes) -> None:
    report = check_text("积极指导企业申请知识价值信用贷款2000万元。", notes)
    loan = finding(report, "2000万元")
    assert (loan.verdict, loan.kind, loan.expected) == ("error", "approximation", "2008万元")
    assert "2000余万元" in loan.message


def test_an_approximation_word_the_data_contradicts_is_an_error(notes: Notes) -> None:
    report = check_text("积极指导企业申请知识价值信用贷款近2000万元，开展科普宣传活动近12次。", notes)
    assert verdicts(report) == [("近2000万元", "error", "approximation"), ("近12次", "error", "approximation")]


def test_a_wrong_value_names_the_figure_the_sentence_speaks_of(notes: Notes) -> None:
    report = check_text("目前，洪江市有效期内高新技术企业29家。", notes)
    wrong = finding(report, "29家")
    assert (wrong.verdict, wrong.kind, wrong.expected) == ("error", "wrong_value", "28家")
    assert wrong.source == "指标 有效期内高新技术企业 (notes.yaml:5)"


def test_a_lost_magnitude_word_is_a_scale_error(notes: Notes) -> None:
    report = check_text("全年技术合同成交额9.81万元。", notes)
    wrong = finding(report, "9.81万元")
    assert (wrong.verdict, wrong.kind, wrong.expected) == ("error", "wrong_scale", "9.81亿元")


def test_the_same_amount_in_another_unit_is_a_unit_error(notes: Notes) -> None:
    report = check_text("目前，洪江市有效期内高新技术企业28项。", notes)
    wrong = finding(report, "28项")
    assert (wrong.verdict, wrong.kind, wrong.expected) == ("error", "wrong_unit", "28家")


def test_percent_written_for_percentage_points_is_an_error(notes: Notes) -> None:
    report = check_text("我市R&D经费支出占GDP比重由2020年的2.06%提高到2.79%，提高0.73%。", notes)
    assert verdicts(report)[:2] == [("2.06%", "supported", "match"), ("2.79%", "supported", "match")]
    wrong = finding(report, "0.73%")
    assert (wrong.verdict, wrong.kind, wrong.expected) == ("error", "percent_point", "0.73个百分点")


def test_swapped_company_counts_are_flagged(notes: Notes) -> None:
    report = check_text("目前，洪江市有效期内高新技术企业70家。今年科技型中小企业评价入库28家，提前完成部署任务。", notes)
    assert verdicts(report) == [("70家", "error", "misattributed"), ("28家", "error", "misattributed")]
    assert finding(report, "70家").expected == "28家"
    assert finding(report, "28家").expected == "70家"


def test_swapped_specialist_counts_in_one_clause_are_flagged(notes: Notes) -> None:
    report = check_text("争取并落实5名省级科技特派员、9名怀化市级科技特派员深入洪江企业开展科技服务指导工作。", notes)
    assert verdicts(report) == [("5名", "error", "misattributed"), ("9名", "error", "misattributed")]


def test_placeholders_are_always_errors(notes: Notes) -> None:
    report = check_text("今年科技型中小企业评价入库X家，争取资金XX万元，专家【待填】名。", notes)
    assert [kind for _, _, kind in verdicts(report)] == ["placeholder"] * 3


def test_an_invented_figure_is_unsupported(notes: Notes) -> None:
    report = check_text("全年新增科技企业孵化器15家。", notes)
    assert verdicts(report) == [("15家", "error", "unsupported")]
    assert finding(report, "15家").expected is None


def test_a_growth_rate_following_from_value_and_previous_is_supported_with_its_formula(notes: Notes) -> None:
    report = check_text("全年技术合同成交额由2023年的2.74亿元增加到2024年9.81亿元，增长258%。", notes)
    rate = finding(report, "258%")
    assert (rate.verdict, rate.kind) == ("supported", "derived")
    assert "(9.81亿元−2.74亿元)÷2.74亿元" in rate.message
    assert "指标 技术合同成交额" in (rate.source or "")


def test_a_growth_rate_that_does_not_follow_is_a_derived_error(notes: Notes) -> None:
    report = check_text("全年技术合同成交额达9.81亿元，比2023年增长300%。", notes)
    rate = finding(report, "300%")
    assert (rate.verdict, rate.kind, rate.expected) == ("error", "derived", "258%")


def test_doubling_and_percentage_points_follow_from_previous_values(notes: Notes) -> None:
    report = check_text("科技平台数量达到30个，与“十四五”同期相比翻了一番。"
                        "R&D经费支出占GDP比重达2.79%，比2020年提高0.73个百分点。", notes)
    assert ("翻了一番", "supported", "derived") in verdicts(report)
    assert ("0.73个百分点", "supported", "derived") in verdicts(report)


def test_a_value_and_previous_value_the_wrong_way_round_are_misattributed(notes: Notes) -> None:
    report = check_text("全年技术合同成交额由2023年的9.81亿元增加到2024年2.74亿元。", notes)
    assert verdicts(report) == [("9.81亿元", "error", "misattributed"), ("2.74亿元", "error", "misattributed")]


def test_the_same_amount_written_another_way_is_supported(notes: Notes) -> None:
    text = ("选派九十七名本级科技特派员到村服务。全年技术合同成交额98100万元。"
            "积极指导企业申请知识价值信用贷款0.2008亿元。R&D经费支出占GDP比重为百分之二点七九。")
    assert [v for _, v, _ in verdicts(check_text(text, notes))] == ["supported"] * 4


def test_traditional_script_of_seed_003_is_checked_as_written(notes: Notes) -> None:
    raw = next((Path(__file__).parent.parent / "corpus" / "raw").glob("003_*.txt")).read_text(encoding="utf-8")
    sentence = next(s for s in raw.split("。") if "發放" in s and "萬余份" in s) + "。"
    report = check_text(sentence, notes)
    assert ("3.5萬余份", "supported", "match") in verdicts(report)
    assert ("130多名", "supported", "match") in verdicts(report)
    assert check_text(to_simplified(sentence), notes).errors == report.errors


def test_supplied_figures_the_text_never_uses_are_warnings_in_their_section(notes: Notes) -> None:
    text = ("一、2025年及“十四五”规划工作回顾\n（一）2025年科技工作回顾\n"
            "1、加强科技宣传和普及，营造科技创新良好环境。开展科普宣传活动12次。\n"
            "二、2026年重点工作计划\n计划新增高新技术企业2家。\n")
    report = check_text(text, notes)
    unused = {f.text: f for f in report.warnings}
    assert "12次" not in unused and "2家" not in unused
    assert unused["65家"].verdict == "warning" and "2026年重点工作计划" in unused["65家"].message
    assert text[unused["65家"].start:].startswith("二、2026年重点工作计划")
    assert "150场次" in unused and "上期值" not in " ".join(f.source or "" for f in report.warnings)


def test_repair_instructions_say_what_to_write_in_plain_chinese(notes: Notes) -> None:
    report = check_text("今年科技型中小企业评价入库28家。全年新增科技企业孵化器15家。", notes)
    assert repair_instructions(report) == [
        "句中“28家”是另一项指标的数字，与句中所说的内容不符，应为“70家”（来源：指标 科技型中小企业评价入库 (notes.yaml:6)）。",
        "句中“15家”在所给数据中没有依据，请删除这个数字或改写这句话，不要换成其他数字。",
    ]


def test_the_json_form_has_the_documented_shape(notes: Notes) -> None:
    data = check_text("目前，洪江市有效期内高新技术企业29家。", notes).to_dict()
    assert set(data) == {"findings", "summary", "partial"}
    assert set(data["findings"][0]) == {"text", "start", "end", "verdict", "kind", "expected", "source", "message",
                                        "confidence", "rule", "candidates"}
    assert (data["findings"][0]["verdict"], data["findings"][0]["confidence"]) == ("error", "certain")
    assert data["summary"]["errors"] == 1 and data["summary"]["figures"] == 1


def test_a_figure_supplied_as_indicator_and_in_a_fact_is_used_once_for_both(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(NOTES.replace("      - 计划新增高新技术企业2家", "      - 计划新增高新技术企业2家\n"
                                  "      - 目前全市有效期内高新技术企业28家，科技型中小企业评价入库65家"),
                    encoding="utf-8")
    notes = load_notes(path)
    for text in ("洪江市高新技术企业28家。", "目前全市有效期内高新技术企业28家。"):
        unused = [f.text for f in check_text(text, notes).warnings]
        assert "28家" not in unused  # the indicator's 28家 and the fact's are one figure, used once
        assert unused.count("65家") == 2 and "70家" in unused  # the fact's other figure and the plan's stay unused


SEED_FACTS = """\
标题: 洪江市科学技术局2025年工作总结
单位: 洪江市科学技术局
年度: 2025
指标:
  - {名称: 研发人员占比, 数值: 0.34, 单位: "%", 时期: 2024, 上期值: 0.27, 上期: 2023}
提纲:
  - 标题: 科技创新投入稳步增长
    要点:
      - 技术合同成交额占GDP比重由2023年的1.98%增加到2024年的6.74%
      - “十五”期间共争取各级各类科技计划项目36项，经费159.3万元，其中：国列5项、11万元，省列24项、97万元，市列7项、51.3万元
"""


@pytest.fixture(scope="module")
def seed_facts(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    path = tmp_path_factory.mktemp("facts") / "notes.yaml"
    path.write_text(SEED_FACTS, encoding="utf-8")
    return load_notes(path)


def test_the_end_point_of_a_from_to_clause_speaks_of_the_clause_subject(seed_facts: Notes) -> None:
    clean = check_text("研发人员占比由2023年的0.27%到2024年的0.34%。", seed_facts)
    assert verdicts(clean) == [("0.27%", "supported", "match"), ("0.34%", "supported", "match")]
    swapped = check_text("研发人员占比由2023年的0.34%到2024年的0.27%。", seed_facts)
    assert verdicts(swapped) == [("0.34%", "error", "misattributed"), ("0.27%", "error", "misattributed")]
    assert [f.expected for f in swapped.errors] == ["0.27%", "0.34%"]


def test_a_second_measure_joined_by_a_pause_mark_counts_for_the_item_before_it(seed_facts: Notes) -> None:
    text = "其中：国列5项、11万元，省列24项、{}，市列7项、{}。"
    assert check_text(text.format("97万元", "51.3万元"), seed_facts).errors == []
    swapped = check_text(text.format("51.3万元", "97万元"), seed_facts)
    assert [(f.text, f.kind, f.expected) for f in swapped.errors] == [
        ("51.3万元", "misattributed", "97万元"), ("97万元", "misattributed", "51.3万元")]
