"""The figure checker on sentences it was never tuned on, beyond their verdicts (which the case tables in
tests/checker_cases/ hold): the corrections, formulas and messages of the rules, against the notes of the
invented counties of those tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.figures.reconcile import CheckReport, check_text
from drafter.notes import Notes, load_notes

CASES = Path(__file__).parent / "checker_cases"


@pytest.fixture(scope="module")
def notes() -> Notes:
    return load_notes(CASES / "linjiang-city" / "notes.yaml")


def verdicts(report: CheckReport) -> list[tuple[str, str, str]]:
    return [(f.text, f.verdict, f.kind) for f in report.findings if f.kind != "unused"]


def test_a_wrong_period_names_the_figure_of_that_year(notes: Notes) -> None:
    [finding] = check_text("2024年全市高新技术企业156家。", notes).errors
    assert finding.expected == "131家"
    assert "2025年" in finding.message and "2024年" in finding.message


def test_a_growth_written_in_times_is_expected_in_the_same_form(notes: Notes) -> None:
    [finding] = check_text("技术合同登记额增长1.3倍。", notes).errors
    assert finding.expected == "增长0.3倍"
    assert "12.36亿元÷9.6亿元" in finding.message


def test_a_whole_paragraph_of_clean_figures_passes(notes: Notes) -> None:
    text = ("2025年，全市高新技术企业达156家，较上年净增25家，增长19.1%；科技型中小企业入库412家，"
            "孵化器在孵企业86家。全年技术合同登记额12.36亿元，落实研发费用加计扣除8650万元，"
            "争取上级科技资金3280万元。组织科技特派员开展技术培训126场次，培训农民4300余人次，"
            "举办科技成果对接会5场，促成校企合作项目23项。")
    report = check_text(text, notes)
    assert report.errors == []
    assert [f.kind for f in report.findings if f.kind != "unused"].count("derived") == 2


@pytest.fixture(scope="module")
def times_notes() -> Notes:
    return load_notes(CASES / "qingfeng-county" / "notes.yaml")


def test_a_previous_value_stated_as_current_names_both_periods(times_notes: Notes) -> None:
    [finding] = check_text("全县全社会研发经费投入强度达到1.32%。", times_notes).errors
    assert finding.expected == "1.86%"
    assert "2020年" in finding.message and "2025年" in finding.message


def test_a_yearly_average_is_compound_growth_over_the_years_between(times_notes: Notes) -> None:
    report = check_text("企业研发机构由60个增至150个，年均增长30%。", times_notes)
    [finding] = report.errors
    assert finding.expected == "20%"  # (150÷60)^(1/5)−1 = 20.1%, not the total growth of 150%
    assert "(150个÷60个)^(1/5)−1" in finding.message


def test_a_sum_shows_its_formula(times_notes: Notes) -> None:
    report = check_text("建成县级众创空间5家、省级星创天地11家，合计16家。", times_notes)
    total = next(f for f in report.findings if f.text == "16家")
    assert "5家+11家" in total.message


def test_a_fall_written_as_growth_is_corrected_to_a_fall(times_notes: Notes) -> None:
    [rate] = check_text("新登记科技型企业171家，同比增长10%。", times_notes).errors
    assert rate.expected == "下降10%"
    [amount] = check_text("新登记科技型企业171家，比上年增加19家。", times_notes).errors
    assert amount.expected == "减少19家"


def test_a_doubling_is_checked_against_the_same_indicator_a_year_before(times_notes: Notes) -> None:
    [finding] = check_text("发明专利申请1420件，有效发明专利96件，较2023年翻了一番。", times_notes).errors
    assert finding.expected == "翻了两番"
    assert "96件÷24件" in finding.message and "1420" not in finding.message


@pytest.fixture(scope="module")
def rules_notes() -> Notes:
    return load_notes(CASES / "songxi-county" / "notes.yaml")


def test_a_qualifier_swap_names_the_figure_of_the_qualifier_written(rules_notes: Notes) -> None:
    report = check_text("全县省级创新平台31个、市级创新平台14个。", rules_notes)
    assert [f.expected for f in report.errors] == ["14个", "31个"]


def test_the_section_heading_picks_the_row_of_an_indicator_kept_for_several_years(rules_notes: Notes) -> None:
    text = "一、2025年工作回顾\n全县选派农业科技特派员92名。\n二、2024年工作回顾\n全县选派农业科技特派员92名。"
    report = check_text(text, rules_notes)
    [stale] = report.errors
    assert (stale.kind, stale.expected, stale.start) == ("stale_period", "105名", text.index("92名"))
    assert "2024年" in stale.message and "2025年" in stale.message


def test_a_total_of_two_figures_gets_no_correction_to_one_of_them(rules_notes: Notes) -> None:
    [total] = check_text("全年共获得省市两级科技奖励25项。", rules_notes).errors
    assert total.expected is None


def test_a_figure_named_with_another_qualifier_gets_no_correction(rules_notes: Notes) -> None:
    [invented] = check_text("村均培育科技示范户5户。", rules_notes).errors
    assert invented.expected is None and "12户" not in invented.message


def test_approximation_advice_is_itself_true_of_the_data(rules_notes: Notes) -> None:
    [low] = check_text("举办乡村科普讲座近110场。", rules_notes).errors
    assert "110余场" in low.message and "112场" in low.message
    [far] = check_text("走访服务企业超过800家。", rules_notes).errors
    assert "近800" not in far.message


@pytest.fixture(scope="module")
def plan_notes() -> Notes:
    return load_notes(CASES / "shimen-plan" / "notes.yaml")


def test_a_wrong_completion_names_the_share_of_the_target(plan_notes: Notes) -> None:
    [rate] = check_text("企业研发投入9亿元，完成年度目标的80%。", plan_notes).errors
    assert rate.expected == "75%" and "9亿元÷12亿元" in rate.message


def test_a_correction_keeps_the_approximation_word_and_the_unit_of_the_data(plan_notes: Notes) -> None:
    [value] = check_text("力争引进高层次人才15名以上。", plan_notes).errors
    assert value.expected == "12名以上"
    [unit] = check_text("发放知识产权质押贷款15家。", plan_notes).errors
    assert unit.expected == "15笔"


def test_newly_recognised_counts_are_the_increase_of_their_indicator(tmp_path):
    """新认定/新培育/新建 … count what was added: the difference of value and previous value."""
    path = tmp_path / "notes.yaml"
    path.write_text("标题: 青峰县科技局2025年工作总结\n单位: 青峰县科技局\n年度: 2025\n指标:\n"
                    "  - {名称: 省级众创空间, 数值: 11, 单位: 家, 时期: 2025, 上期值: 8, 上期: 2024}\n"
                    "提纲:\n  - 标题: 工作情况\n", encoding="utf-8")
    notes = load_notes(path)

    def verdicts(text: str) -> list[tuple[str, str, str]]:
        return [(f.text, f.verdict, f.kind) for f in check_text(text, notes).findings if f.kind != "unused"]

    assert verdicts("今年新培育省级众创空间3家，全县总数增至11家。") == [
        ("3家", "supported", "derived"), ("11家", "supported", "match")]
    assert verdicts("新建省级众创空间3家。")[0][1:] == ("supported", "derived")
    assert verdicts("今年新培育省级众创空间4家，全县总数增至11家。")[0][1] == "error"


@pytest.fixture(scope="module")
def average_notes() -> Notes:
    return load_notes(CASES / "shimen-averages" / "notes.yaml")


def test_an_average_shows_its_formula_and_a_wrong_one_its_value(average_notes: Notes) -> None:
    right = check_text("石门县兑现企业研发奖补资金12800万元，获奖补企业395家，平均每家受益企业获补助约32.4万元。",
                       average_notes).findings[2]
    assert "12800万元÷395家 = 32.4" in right.message
    [wrong] = check_text("驻村科技特派员64名结对服务农户1520户，人均联系农户30户。", average_notes).errors
    assert (wrong.kind, wrong.expected) == ("derived", "24户") and "1520户÷64名" in wrong.message
