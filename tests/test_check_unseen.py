"""The figure checker on sentences it was never tuned on: written for these tests in a 科技局's style
(none is taken from the seeds or from the held-out set), against small notes files of an invented city
and county. Each sentence has an
exact expected verdict per figure; the clean ones must raise no error at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drafter.figures.reconcile import CheckReport, check_text
from drafter.notes import Notes, load_notes
from drafter.text import to_simplified

NOTES = """\
标题: 临江市科学技术局2025年工作总结
单位: 临江市科学技术局
年度: 2025
指标:
  - {名称: 技术合同登记额, 数值: 12.36, 单位: 亿元, 时期: 2025, 上期值: 9.6, 上期: 2024}
  - {名称: 高新技术企业, 数值: 156, 单位: 家, 时期: 2025, 上期值: 131, 上期: 2024}
  - {名称: 科技型中小企业入库, 数值: 412, 单位: 家}
  - {名称: 省级科技特派员, 数值: 38, 单位: 名}
  - {名称: 研发费用加计扣除额, 数值: 8650, 单位: 万元}
  - {名称: 发明专利授权量, 数值: 327, 单位: 件, 上期值: 285}
  - {名称: 孵化器在孵企业, 数值: 86, 单位: 家, 上期值: 43, 上期: 2020}
  - {名称: 全社会研发经费投入强度, 数值: 2.45, 单位: "%", 时期: 2025, 上期值: 2.18, 上期: 2024}
  - {名称: 争取上级科技资金, 数值: 3280, 单位: 万元}
提纲:
  - 标题: 2025年工作回顾
    要点:
      - 组织科技特派员开展技术培训126场次，培训农民4300余人次
      - 举办科技成果对接会5场，促成校企合作项目23项
      - 新认定省级星创天地2家、市级众创空间3家
      - 全市有效期内高新技术企业156家
  - 标题: 2026年工作计划
    要点:
      - 力争新增高新技术企业20-25家
"""

S, E = "supported", "error"

CLEAN = [
    # figures as supplied, in other words, scripts and scales
    ("全县科技型中小企业评价入库412家，创历史新高。", [("412家", S, "match")]),
    ("全年技术合同登记额123600万元。", [("123600万元", S, "match")]),
    ("技術合同登記額達十二點三六億元。", [("十二點三六億元", S, "match")]),
    ("选派省级科技特派员三十八名深入乡镇开展服务。", [("三十八名", S, "match")]),
    ("选派省级科技特派员38人。", [("38人", S, "match")]),
    ("落实研发费用加计扣除0.865亿元，惠及企业。", [("0.865亿元", S, "match")]),
    ("全社会研发经费投入强度为百分之二点四五。", [("百分之二点四五", S, "match")]),
    ("新认定省级星创天地两家、市级众创空间三家。", [("两家", S, "match"), ("三家", S, "match")]),
    ("力争新增高新技术企业20-25家。", [("20-25家", S, "match")]),
    # approximation words true of the data
    ("落实企业研发费用加计扣除近0.87亿元。", [("近0.87亿元", S, "match")]),
    ("争取上级科技资金3000余万元。", [("3000余万元", S, "match")]),
    ("全市高新技术企业150余家。", [("150余家", S, "match")]),
    ("技术合同登记额突破12亿元。", [("突破12亿元", S, "match")]),
    ("组织科技特派员开展技术培训126场次，培训农民4000余人次。", [("126场次", S, "match"), ("4000余人次", S, "match")]),
    # derived figures that follow from value and previous, or from two named figures
    ("全年技术合同登记额达12.36亿元，同比增长28.8%。", [("12.36亿元", S, "match"), ("28.8%", S, "derived")]),
    ("技术合同登记额较上年增加2.76亿元，是上年的1.3倍。", [("2.76亿元", S, "derived"), ("1.3倍", S, "derived")]),
    ("全社会研发经费投入强度达到2.45%，比上年提高0.27个百分点。",
     [("2.45%", S, "match"), ("0.27个百分点", S, "derived")]),
    ("孵化器在孵企业86家，较2020年翻了一番。", [("86家", S, "match"), ("翻了一番", S, "derived")]),
    ("孵化器在孵企业由2020年的43家增至86家，实现翻番。",
     [("43家", S, "match"), ("86家", S, "match"), ("翻番", S, "derived")]),
    ("研发投入强度2.45%，高于上年0.27个百分点。", [("2.45%", S, "match"), ("0.27个百分点", S, "derived")]),
    ("全年發明專利授權量327件，同比增長14.7%。", [("327件", S, "match"), ("14.7%", S, "derived")]),
    ("全市高新技术企业156家，是2024年131家的1.2倍。", [("156家", S, "match"), ("131家", S, "match"), ("1.2倍", S, "derived")]),
    ("科技型中小企业入库412家，是高新技术企业的2.6倍。", [("412家", S, "match"), ("2.6倍", S, "derived")]),
    # the order of 由…到…, the years next to the figures, and 分别 lists
    ("高新技术企业数量由2024年的131家增加到2025年的156家。", [("131家", S, "match"), ("156家", S, "match")]),
    ("2024年全市高新技術企業131家。", [("131家", S, "match")]),
    ("高新技术企业、科技型中小企业分别达到156家、412家。", [("156家", S, "match"), ("412家", S, "match")]),
]

WRONG = [
    ("孵化器在孵企业156家。", [("156家", E, "misattributed")]),
    ("科技型中小企业入库86家，孵化器在孵企业412家。", [("86家", E, "misattributed"), ("412家", E, "misattributed")]),
    ("高新技术企业、科技型中小企业分别达到412家、156家。", [("412家", E, "misattributed"), ("156家", E, "misattributed")]),
    ("新认定省级星创天地3家、市级众创空间2家。", [("3家", E, "misattributed"), ("2家", E, "misattributed")]),
    ("2024年全市高新技术企业156家。", [("156家", E, "misattributed")]),
    ("高新技术企业数量由2024年的156家增加到2025年的131家。", [("156家", E, "misattributed"), ("131家", E, "misattributed")]),
    ("全年技术合同登记额12.36亿元，同比增长35%。", [("12.36亿元", S, "match"), ("35%", E, "derived")]),
    ("技术合同登记额增长1.3倍。", [("增长1.3倍", E, "derived")]),
    ("全市高新技术企业156家，是2024年131家的1.5倍。", [("156家", S, "match"), ("131家", S, "match"), ("1.5倍", E, "derived")]),
    ("发明专利授权量327件，比上年增加52件。", [("327件", S, "match"), ("52件", E, "derived")]),
    ("全社会研发经费投入强度比上年提高0.27%。", [("0.27%", E, "percent_point")]),
    ("全社会研发经费投入强度2.45个百分点。", [("2.45个百分点", E, "percent_point")]),
    ("落实企业研发费用加计扣除8650亿元。", [("8650亿元", E, "wrong_scale")]),
    ("发明专利授权量327项。", [("327项", E, "wrong_unit")]),
    ("培训农民4300人次。", [("4300人次", E, "approximation")]),
    ("全市高新技术企业160余家。", [("160余家", E, "approximation")]),
    ("全市技术合同登记额12亿元。", [("12亿元", E, "approximation")]),
    ("力争新增高新技术企业20-30家。", [("20-30家", E, "wrong_value")]),
    ("争取上级科技资金3280万元，比上年增长15%。", [("3280万元", S, "match"), ("15%", E, "unsupported")]),
    ("新建院士专家工作站4个。", [("4个", E, "unsupported")]),
    ("新增省级科技特派员X名，争取资金【待填】万元。", [("X名", E, "placeholder"), ("【待填】万元", E, "placeholder")]),
]


def load(tmp_path_factory: pytest.TempPathFactory, text: str) -> Notes:
    path = tmp_path_factory.mktemp("unseen") / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    return load_notes(path)


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    return load(tmp_path_factory, NOTES)


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


# A second invented county, for the rules of time and of derived figures: a value of this year and a
# target of next, an indicator's previous value, yearly averages, sums, falls, doublings.
TIMES_NOTES = """\
标题: 青峰县科学技术局2025年工作总结和2026年工作计划
单位: 青峰县科学技术局
年度: 2025
指标:
  - {名称: 规上工业企业研发投入, 数值: 6.8, 单位: 亿元, 时期: 2025}
  - {名称: 获得上级科技项目资金, 数值: 2240, 单位: 万元, 时期: 2025}
  - {名称: 农业科技特派员, 数值: 64, 单位: 名}
  - {名称: 全社会研发经费投入强度, 数值: 1.86, 单位: "%", 时期: 2025, 上期值: 1.32, 上期: 2020}
  - {名称: 企业研发机构, 数值: 150, 单位: 个, 时期: 2025, 上期值: 60, 上期: 2020}
  - {名称: 新登记科技型企业, 数值: 171, 单位: 家, 时期: 2025, 上期值: 190, 上期: 2024}
  - {名称: 有效发明专利, 数值: 96, 单位: 件, 时期: 2025, 上期值: 24, 上期: 2023}
  - {名称: 发明专利申请, 数值: 1420, 单位: 件}
  - {名称: 技术交易额, 数值: 31.5, 单位: 亿元}
提纲:
  - 标题: 2025年工作回顾
    要点:
      - 邀请农业专家70余名开展田间指导95场次
      - 建成县级众创空间5家、省级星创天地11家
      - 科技企业孵化器由2021年的8家增至20家
  - 标题: 2026年工作计划
    要点:
      - 规上工业企业研发投入突破8亿元，增长18%左右
      - 争取上级科技项目资金2500万元以上
"""

TIMES_CLEAN = [
    # a value of this year as the start of next year's target: each end carries its own value
    ("规上工业企业研发投入由2025年的6.8亿元突破8亿元，增长18%左右。",
     [("6.8亿元", S, "match"), ("突破8亿元", S, "match"), ("18%左右", S, "match")]),
    ("在2025年获得上级科技项目资金2240万元的基础上，力争争取上级科技项目资金2500万元以上。",
     [("2240万元", S, "match"), ("2500万元以上", S, "match")]),
    # the subject noun binds, in either script
    ("邀请农业专家70余名开展田间指导95场次，选派农业科技特派员64名。",
     [("70余名", S, "match"), ("95场次", S, "match"), ("64名", S, "match")]),
    ("選派農業科技特派員64名。", [("64名", S, "match")]),
    # a previous value the sentence dates or compares
    ("全社会研发经费投入强度由2020年的1.32%提高到1.86%。", [("1.32%", S, "match"), ("1.86%", S, "match")]),
    ("回看2020年，全社会研发经费投入强度仅为1.32%。", [("1.32%", S, "match")]),
    ("全社会研发经费投入强度较“十三五”末的1.32%提高0.54个百分点。",
     [("1.32%", S, "match"), ("0.54个百分点", S, "derived")]),
    # yearly averages over the years between the periods, total growth, sums
    ("企业研发机构由60个增至150个，年均增长20.1%。",
     [("60个", S, "match"), ("150个", S, "match"), ("20.1%", S, "derived")]),
    ("企业研发机构由2020年的60个增加到150个，增长150%。",
     [("60个", S, "match"), ("150个", S, "match"), ("150%", S, "derived")]),
    ("企业研发机构150个，五年来年均新增18个。", [("150个", S, "match"), ("18个", S, "derived")]),
    ("科技企业孵化器由2021年的8家增至20家，年均增长25.7%。",
     [("8家", S, "match"), ("20家", S, "match"), ("25.7%", S, "derived")]),
    ("建成县级众创空间5家、省级星创天地11家，合计16家。",
     [("5家", S, "match"), ("11家", S, "match"), ("16家", S, "derived")]),
    ("现有县级众创空间5家、省级星创天地11家、科技企业孵化器20家，三者合计36家。",
     [("5家", S, "match"), ("11家", S, "match"), ("20家", S, "match"), ("36家", S, "derived")]),
    # 亿/万 with 元 left out
    ("规上工业企业研发投入达到6.8亿。", [("6.8亿", S, "match")]),
    ("获得上级科技项目资金2240万。", [("2240万", S, "match")]),
    ("規上工業企業研發投入達到6.8億。", [("6.8億", S, "match")]),
    # service hours are no figures
    ("开通7×24小时科技服务热线，实行5*8小时坐班答疑。", []),
    # falls and doublings in the right words
    ("新登记科技型企业171家，同比下降10%。", [("171家", S, "match"), ("10%", S, "derived")]),
    ("有效发明专利96件，比2023年翻了两番。", [("96件", S, "match"), ("翻了两番", S, "derived")]),
]

TIMES_WRONG = [
    ("规上工业企业研发投入由2025年的31.5亿元突破8亿元。",
     [("31.5亿元", E, "misattributed"), ("突破8亿元", S, "match")]),
    ("在2025年获得上级科技项目资金2500万元以上的基础上，争取上级科技项目资金2240万元。",
     [("2500万元以上", E, "misattributed"), ("2240万元", E, "misattributed")]),
    ("邀请农业专家64名开展田间指导95场次。", [("64名", E, "misattributed"), ("95场次", S, "match")]),
    ("邀請農業專家64名開展田間指導95場次。", [("64名", E, "misattributed"), ("95場次", S, "match")]),
    ("全县全社会研发经费投入强度达到1.32%。", [("1.32%", E, "stale_period")]),
    ("全縣全社會研發經費投入強度達到1.32%。", [("1.32%", E, "stale_period")]),
    ("企业研发机构由60个增至150个，年均增长30%。",
     [("60个", S, "match"), ("150个", S, "match"), ("30%", E, "derived")]),
    ("建成县级众创空间5家、省级星创天地11家，共计17家。",
     [("5家", S, "match"), ("11家", S, "match"), ("17家", E, "unsupported")]),
    ("规上工业企业研发投入达到6.8万。", [("6.8万", E, "wrong_scale")]),
    ("规上工业企业研发投入达到7.8亿。", [("7.8亿", E, "wrong_value")]),
    ("新登记科技型企业171家，同比增长10%。", [("171家", S, "match"), ("10%", E, "derived")]),
    ("新登记科技型企业171家，比上年增加19家。", [("171家", S, "match"), ("19家", E, "derived")]),
    ("发明专利申请1420件，有效发明专利96件，较2023年翻了一番。",
     [("1420件", S, "match"), ("96件", S, "match"), ("翻了一番", E, "derived")]),
]


@pytest.fixture(scope="module")
def times_notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    return load(tmp_path_factory, TIMES_NOTES)


def cases(city: list, county: list) -> list:  # type: ignore[type-arg]
    """Sentences against the city's notes, then against the county's, as pytest parameters."""
    return [pytest.param("notes", s, e, id=s) for s, e in city] + [
        pytest.param("times_notes", s, e, id=s) for s, e in county]


@pytest.mark.parametrize(("notes_name", "sentence", "expected"), cases(CLEAN, TIMES_CLEAN))
def test_clean_sentences_raise_no_error(request: pytest.FixtureRequest, notes_name: str, sentence: str,
                                        expected: list[tuple[str, str, str]]) -> None:
    report = check_text(sentence, request.getfixturevalue(notes_name))
    assert verdicts(report) == expected
    assert report.errors == []


@pytest.mark.parametrize(("notes_name", "sentence", "expected"), cases(WRONG, TIMES_WRONG))
def test_wrong_figures_get_the_verdict_of_their_rule(request: pytest.FixtureRequest, notes_name: str,
                                                    sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert verdicts(check_text(sentence, request.getfixturevalue(notes_name))) == expected


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


def all_sentences() -> list[str]:
    """Every sentence of this module's tables; the rules' tests further down use more of the same kind."""
    return [s for s, _ in CLEAN + WRONG + TIMES_CLEAN + TIMES_WRONG + RULES_CLEAN + RULES_WRONG + PLAN_CLEAN
            + PLAN_WRONG + AVERAGE_SENTENCES]


def test_no_sentence_is_taken_from_the_seeds() -> None:
    raw = Path(__file__).parent.parent / "corpus" / "raw"
    seeds = to_simplified("".join(path.read_text(encoding="utf-8") for path in raw.glob("*.txt")))
    assert [s for s in all_sentences() if to_simplified(s).rstrip("。").split("，")[0] in seeds] == []


def test_no_sentence_is_taken_from_either_held_out_set() -> None:
    checker_eval = Path(__file__).parent.parent / "eval" / "checker"
    drafts = to_simplified("".join(path.read_text(encoding="utf-8")
                                   for path in checker_eval.glob("heldout*/*/draft.txt")))
    assert len(list(checker_eval.glob("heldout*/*/draft.txt"))) >= 16
    clauses = [c for s in all_sentences() for c in re.split("[，。；]", to_simplified(s)) if len(c) >= 8]
    assert [c for c in clauses if c in drafts] == []


# A third invented county, one group of sentences per rule the second held-out set taught: qualifiers that
# tell two things apart, shares stated stale, rows of one indicator over several years, intermediate years
# after a from→to pair, completion of a target, totals, corrections only where one figure is meant,
# and the counts 一个 / 两成.
RULES_NOTES = """\
标题: 松溪县科学技术局2025年工作总结和2026年工作计划
单位: 松溪县科学技术局
年度: 2025
指标:
  - {名称: 省级创新平台, 数值: 14, 单位: 个, 时期: 2025}
  - {名称: 市级创新平台, 数值: 31, 单位: 个, 时期: 2025}
  - {名称: 国家级星创天地, 数值: 2, 单位: 家}
  - {名称: 省级星创天地, 数值: 9, 单位: 家}
  - {名称: 累计入库科技型中小企业, 数值: 260, 单位: 家}
  - {名称: 规上企业中有研发机构的企业占比, 数值: 38.5, 单位: "%", 时期: 2025, 上期值: 33.2, 上期: 2024}
  - {名称: 农业科技特派员, 数值: 80, 单位: 名, 时期: 2023}
  - {名称: 农业科技特派员, 数值: 92, 单位: 名, 时期: 2024}
  - {名称: 农业科技特派员, 数值: 105, 单位: 名, 时期: 2025, 上期值: 64, 上期: 2020}
  - {名称: 技术交易额, 数值: 4.2, 单位: 亿元, 时期: 2025}
  - {名称: 技术交易额年度目标, 数值: 6, 单位: 亿元, 时期: 2025}
  - {名称: 获得省级科技奖励, 数值: 6, 单位: 项, 时期: 2025}
  - {名称: 获得市级科技奖励, 数值: 15, 单位: 项, 时期: 2025}
  - {名称: 企业研发投入, 数值: 8.6, 单位: 亿元, 时期: 2025, 上期值: 7.1, 上期: 2024}
  - {名称: 开展科技培训, 数值: 3000, 单位: 人次, 约数: 以上, 时期: 2025}
提纲:
  - 标题: 2025年工作回顾
    要点:
      - 新增入库科技型中小企业40家
      - 举办乡村科普讲座112场，走访服务企业310家
      - 乡均培育科技示范户12户
      - 新建院士专家工作站1个
  - 标题: 2026年工作计划
    要点:
      - 力争新增省级创新平台3个
"""

RULES_CLEAN = [
    # qualifiers in their places
    ("全县省级创新平台14个、市级创新平台31个。", [("14个", S, "match"), ("31个", S, "match")]),
    ("新增入库科技型中小企业40家，累计入库科技型中小企业260家。", [("40家", S, "match"), ("260家", S, "match")]),
    # a share, current, or the previous one dated by a comparison
    ("规上企业中有研发机构的企业占比达38.5%，比上年提高5.3个百分点。",
     [("38.5%", S, "match"), ("5.3个百分点", S, "derived")]),
    ("规上企业中有研发机构的企业占比由上年的33.2%提高到38.5%。", [("33.2%", S, "match"), ("38.5%", S, "match")]),
    # rows of one indicator: the year written picks the row; an intermediate year after a from→to pair
    ("2024年选派农业科技特派员92名。", [("92名", S, "match")]),
    ("农业科技特派员从2020年的64名增至2025年的105名，其中2023年为80名。",
     [("64名", S, "match"), ("105名", S, "match"), ("80名", S, "match")]),
    ("农业科技特派员由2020年的64名增加到2025年的105名，2024年已有92名。",
     [("64名", S, "match"), ("105名", S, "match"), ("92名", S, "match")]),
    # completion of a target is a share of it
    ("技术交易额4.2亿元，完成年度目标的70%。", [("4.2亿元", S, "match"), ("70%", S, "derived")]),
    # totals: of parts stated before in the passage, or of two indicators the sentence names
    ("获得省级科技奖励6项、市级科技奖励15项。全年共获得科技奖励21项。",
     [("6项", S, "match"), ("15项", S, "match"), ("21项", S, "derived")]),
    ("全年共获得省市两级科技奖励21项。", [("21项", S, "derived")]),
    # 近 a little below, 约 on both sides
    ("举办乡村科普讲座近120场。", [("近120场", S, "match")]),
    ("举办乡村科普讲座约110场。", [("约110场", S, "match")]),
    # a change that is the figure's own predicate
    ("企业研发投入8.6亿元，比上年增加1.5亿元。", [("8.6亿元", S, "match"), ("1.5亿元", S, "derived")]),
    # 一 closing its phrase counts; 成 are tenths
    ("新建院士专家工作站一个，形成一批可推广的经验。", [("一个", S, "match")]),
    ("企业研发投入同比增长两成。", [("两成", S, "derived")]),
]

RULES_WRONG = [
    ("全县省级创新平台31个、市级创新平台14个。", [("31个", E, "misattributed"), ("14个", E, "misattributed")]),
    ("建成国家级星创天地9家。", [("9家", E, "misattributed")]),
    ("新增入库科技型中小企业260家。", [("260家", E, "misattributed")]),
    ("规上企业中有研发机构的企业占比为33.2%。", [("33.2%", E, "stale_period")]),
    # a wrong completion of a target is a wrong derived figure (4.2÷6 = 70%), corrected as such
    ("技术交易额4.2亿元，完成年度目标的80%。", [("4.2亿元", S, "match"), ("80%", E, "derived")]),
    ("全年共获得省市两级科技奖励25项。", [("25项", E, "unsupported")]),
    ("举办乡村科普讲座近130场。", [("近130场", E, "wrong_value")]),
    ("举办乡村科普讲座近110场。", [("近110场", E, "approximation")]),
    ("开展科技培训3000人次左右。", [("3000人次左右", E, "approximation")]),
    ("村均培育科技示范户5户。", [("5户", E, "unsupported")]),
    ("企业研发投入8.6亿元，带动企业新增销售收入约3亿元。", [("8.6亿元", S, "match"), ("约3亿元", E, "unsupported")]),
]


@pytest.fixture(scope="module")
def rules_notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    return load(tmp_path_factory, RULES_NOTES)


@pytest.mark.parametrize(("sentence", "expected"), RULES_CLEAN, ids=[s for s, _ in RULES_CLEAN])
def test_clean_sentences_of_the_second_rule_set_raise_no_error(rules_notes: Notes, sentence: str,
                                                              expected: list[tuple[str, str, str]]) -> None:
    report = check_text(sentence, rules_notes)
    assert verdicts(report) == expected
    assert report.errors == []


@pytest.mark.parametrize(("sentence", "expected"), RULES_WRONG, ids=[s for s, _ in RULES_WRONG])
def test_wrong_figures_of_the_second_rule_set_get_their_rule(rules_notes: Notes, sentence: str,
                                                             expected: list[tuple[str, str, str]]) -> None:
    assert verdicts(check_text(sentence, rules_notes)) == expected


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


# A fourth invented county, for the rules the third held-out set taught: rates of two figures of one fact
# or of two named indicators, completion of a target next to a wrong figure, growth from the base year
# the sentence names, and no derivation borrowed from a row the clause does not speak of.
PLAN_NOTES = """\
标题: 石门县科学技术局2026年科技工作计划
单位: 石门县科学技术局
年度: 2026
指标:
  - {名称: 技术合同登记额, 数值: 8, 单位: 亿元, 时期: 2025}
  - {名称: 规上工业企业营业收入, 数值: 500, 单位: 亿元, 时期: 2025}
  - {名称: 高新技术企业营业收入, 数值: 320, 单位: 亿元, 时期: 2025}
  - {名称: 科技成果转化项目, 数值: 45, 单位: 项, 时期: 2025}
  - {名称: 企业研发投入年度目标, 数值: 12, 单位: 亿元, 时期: 2025}
  - {名称: 企业研发投入, 数值: 9, 单位: 亿元, 时期: 2025}
  - {名称: 科技特派员服务行政村覆盖率, 数值: 94, 单位: "%", 时期: 2025, 上期值: 91, 上期: 2024}
  - {名称: 举办农技培训, 数值: 46, 单位: 场次, 时期: 2025}
  - {名称: 新建科研用房, 数值: 6, 单位: 栋, 时期: 2025}
  - {名称: 引进外地专家, 数值: 14, 单位: 人, 时期: 2025}
  - {名称: 科普进村入户服务, 数值: 9650, 单位: 人次, 时期: 2025}
  - {名称: 科普经费投入, 数值: 560, 单位: 万元, 时期: 2025}
  - {名称: 科技担保贷款, 数值: 3000, 单位: 万元, 时期: 2025}
  - {名称: “创新贷”惠及企业, 数值: 640, 单位: 家}
提纲:
  - 标题: 2025年工作回顾
    要点:
      - 受理科技项目申报材料60份，审核通过48份
      - 发放知识产权质押贷款15笔
      - 兑现研发奖补资金820万元，惠及企业95家
  - 标题: 2026年工作计划
    要点:
      - 技术合同登记额确保9亿元，力争突破10亿元
      - 力争引进高层次人才12名以上
"""

PLAN_CLEAN = [
    ("受理科技项目申报材料60份，审核通过48份，通过率80%。",
     [("60份", S, "match"), ("48份", S, "match"), ("80%", S, "derived")]),
    ("高新技术企业营业收入320亿元，占规上工业企业营业收入的64%。", [("320亿元", S, "match"), ("64%", S, "derived")]),
    ("技术合同登记额确保达到9亿元、力争突破10亿元，较2025年增长25%。",
     [("9亿元", S, "match"), ("突破10亿元", S, "match"), ("25%", S, "derived")]),
    ("特派员服务行政村覆盖率达到94%，比上年提高3个百分点。", [("94%", S, "match"), ("3个百分点", S, "derived")]),
    # counters that say the same thing: 场 for 场次, 位 or 名 for 人
    ("全年举办农技培训46场。", [("46场", S, "match")]),
    ("引进外地专家14位。", [("14位", S, "match")]),
    # a target is a floor to reach: 突破 its amount aims at it
    ("全年企业研发投入确保突破12亿元。", [("突破12亿元", S, "match")]),
    ("全年兑现企业研发奖补资金820万元，惠及企业95家。", [("820万元", S, "match"), ("95家", S, "match")]),
    # 近万 is a little under ten thousand
    ("全年开展科普进村入户服务近万人次。", [("近万人次", S, "match")]),
]

PLAN_WRONG = [
    # one wrong figure does not block the rate the sentence goes on to state
    ("企业研发投入近9亿元，完成年度目标的75%。", [("近9亿元", E, "approximation"), ("75%", S, "derived")]),
    ("高新技术企业营业收入近320亿元，占规上工业企业营业收入的64%。",
     [("近320亿元", E, "approximation"), ("64%", S, "derived")]),
    # a rise of a rate written in % is a rise in points, not a rounded relative growth (94÷91 = 3.3%)
    ("特派员服务行政村覆盖率达到94%，比上年提高3%。", [("94%", S, "match"), ("3%", E, "percent_point")]),
    ("特派员服务行政村覆盖率达到94%，比上年提高5%。", [("94%", S, "match"), ("5%", E, "derived")]),
    # other counters stay errors
    ("全年举办农技培训46次。", [("46次", E, "wrong_unit")]),
    ("新建科研用房6座。", [("6座", E, "wrong_unit")]),
    # …but a target stated as what was done is the other row's amount
    ("全年企业研发投入12亿元。", [("12亿元", E, "misattributed")]),
    # corrections only from the figure the clause speaks of, in its own unit and approximation word
    ("全县科普经费投入560万元，人均科普经费4.8元。", [("560万元", S, "match"), ("4.8元", E, "unsupported")]),
    ("带动社会资本投入超30亿元。", [("超30亿元", E, "unsupported")]),
    ("力争引进高层次人才15名以上。", [("15名以上", E, "wrong_value")]),
    ("发放知识产权质押贷款15家。", [("15家", E, "wrong_unit")]),
    # the fact the sentence restates binds its figure, not a row sharing only 惠及企业 with the clause
    ("全年兑现企业研发奖补资金820万元，惠及企业640家。", [("820万元", S, "match"), ("640家", E, "misattributed")]),
    # a completion that does not follow is corrected like any derived figure
    ("企业研发投入9亿元，完成年度目标的80%。", [("9亿元", S, "match"), ("80%", E, "derived")]),
    # the growth of a row the notes do not hold is not borrowed from the next clause's target
    ("力争科技成果转化项目增长20%以上，技术合同登记额力争突破10亿元。",
     [("20%以上", E, "unsupported"), ("突破10亿元", S, "match")]),
]


@pytest.fixture(scope="module")
def plan_notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    return load(tmp_path_factory, PLAN_NOTES)


@pytest.mark.parametrize(("sentence", "expected"), PLAN_CLEAN + PLAN_WRONG, ids=[s for s, _ in PLAN_CLEAN + PLAN_WRONG])
def test_sentences_of_the_plan_county_get_their_verdicts(plan_notes: Notes, sentence: str,
                                                        expected: list[tuple[str, str, str]]) -> None:
    assert verdicts(check_text(sentence, plan_notes)) == expected


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


# A fifth invented county: per-unit averages (平均每家, 人均, 户均 …) of two figures of its sentence or section.
AVERAGE_NOTES = """\
标题: 石门县科学技术局2025年工作总结
单位: 石门县科学技术局
年度: 2025
指标:
  - {名称: 企业研发奖补资金, 数值: 12800, 单位: 万元, 时期: 2025}
  - {名称: 获奖补企业, 数值: 395, 单位: 家, 时期: 2025}
  - {名称: 驻村科技特派员, 数值: 64, 单位: 名, 时期: 2025}
提纲:
  - 标题: 2025年工作回顾
    要点:
      - 特派员结对服务农户1520户
"""

AVERAGE_SENTENCES = [
    ("石门县兑现企业研发奖补资金12800万元，获奖补企业395家，平均每家受益企业获补助约32.4万元。",
     [("12800万元", S, "match"), ("395家", S, "match"), ("约32.4万元", S, "derived")]),
    ("驻村科技特派员64名结对服务农户1520户，人均联系农户23.8户。",
     [("64名", S, "match"), ("1520户", S, "match"), ("23.8户", S, "derived")]),
    # the figures stated earlier in the section still count
    ("石门县兑现企业研发奖补资金1.28亿元，惠及企业395家。每家企业平均获得奖补32.41万元。",
     [("1.28亿元", S, "match"), ("395家", S, "match"), ("32.41万元", S, "derived")]),
    # a wrong average is a wrong derived figure
    ("石门县兑现企业研发奖补资金12800万元，获奖补企业395家，平均每家受益企业获补助约40万元。",
     [("12800万元", S, "match"), ("395家", S, "match"), ("约40万元", E, "derived")]),
    # without a cue of average, or without its operands in scope, a quotient is no derived figure
    ("石门县兑现企业研发奖补资金12800万元，获奖补企业395家，企业获补助32.4万元。",
     [("12800万元", S, "match"), ("395家", S, "match"), ("32.4万元", E, "unsupported")]),
    ("平均每家受益企业获补助约32.4万元。", [("约32.4万元", E, "unsupported")]),
]


@pytest.fixture(scope="module")
def average_notes(tmp_path_factory: pytest.TempPathFactory) -> Notes:
    return load(tmp_path_factory, AVERAGE_NOTES)


def test_a_per_unit_average_is_derived_only_from_figures_in_scope(average_notes: Notes) -> None:
    got = {sentence: verdicts(check_text(sentence, average_notes)) for sentence, _ in AVERAGE_SENTENCES}
    assert got == dict(AVERAGE_SENTENCES)


def test_an_average_shows_its_formula_and_a_wrong_one_its_value(average_notes: Notes) -> None:
    right = check_text("石门县兑现企业研发奖补资金12800万元，获奖补企业395家，平均每家受益企业获补助约32.4万元。",
                       average_notes).findings[2]
    assert "12800万元÷395家 = 32.4" in right.message
    [wrong] = check_text("驻村科技特派员64名结对服务农户1520户，人均联系农户30户。", average_notes).errors
    assert (wrong.kind, wrong.expected) == ("derived", "24户") and "1520户÷64名" in wrong.message
