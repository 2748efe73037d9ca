"""Quantity extraction on real seed sentences (copied verbatim) and on the edge cases of each rule; the tables of
sentences written for the rules are data: tests/checker_cases/extraction/sentences.yaml."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from itertools import pairwise

import pytest

from drafter.figures.extract import extract_quantities, normalise_unit, parse_quantity
from drafter.figures.model import Qualifier
from tests.conftest import RAW


@cache
def _seed_texts() -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8") for path in sorted(RAW.glob("*.txt")))


def seed(sentence: str) -> str:
    """A sentence copied from a seed document; fails if it is not there verbatim."""
    assert any(sentence in text for text in _seed_texts()), f"not a seed sentence: {sentence}"
    return sentence


def figures(text: str) -> list[tuple[str, Decimal | None, str]]:
    return [(q.text, q.value, q.unit) for q in extract_quantities(text)]


def test_units_and_scales_fold_into_base_unit_value() -> None:
    text = seed("全面提高知识信用价值贷款工作水平,全县科技型企业已获批贷款3100万元。")
    [loan] = extract_quantities(text)
    assert (loan.text, loan.value, loan.unit, loan.scale) == ("3100万元", Decimal(31000000), "元", "万")
    text = seed("对成果市场化过程进行有效监督与服务,全年技术成果合同成交实现14.5亿元。")
    [deals] = extract_quantities(text)
    assert (deals.value, deals.unit, deals.scale) == (Decimal(1450000000), "元", "亿")
    assert parse_quantity("2008万元").value == parse_quantity("0.2008亿元").value == Decimal(20080000)
    text = seed("举办各类科技培训21期,参训群众2500人次。")
    assert figures(text) == [("21期", 21, "期"), ("2500人次", 2500, "人次")]
    text = seed("结合“科普之冬(春)”、“科技活动周”、“科技下乡”及支柱产业开发进行科技宣讲7500场次,参加31万人次;")
    assert figures(text) == [("7500场次", 7500, "场次"), ("31万人次", 310000, "人次")]


def test_percent_and_percentage_point_are_different_units() -> None:
    text = seed("科技型中小企业、高新技术企业与“十四五”同期相比分别增加480%、225%,")
    assert figures(text) == [("480%", 480, "%"), ("225%", 225, "%")]


def test_approximation_words_set_the_qualifier_and_stay_in_the_span() -> None:
    text = seed("發放《中華人民共和國科學技術普及法》《科技惠企政策》《節氣養生科普知識讀本》等資料3.5萬余份,覆蓋企業200余家")
    found = extract_quantities(text)
    assert [(q.text, q.value, q.unit, q.qualifier) for q in found] == [
        ("3.5萬余份", Decimal(35000), "份", Qualifier.AT_LEAST), ("200余家", 200, "家", Qualifier.AT_LEAST)]
    [expenses] = extract_quantities(seed("與企業聯合申報科技項目12項,爭取項目資金約130萬元"))[1:]
    assert (expenses.text, expenses.qualifier) == ("約130萬元", Qualifier.ABOUT)
    assert expenses.value == Decimal(1300000)
    [loans] = extract_quantities(seed("科技*款额近5.5亿元"))
    assert (loans.text, loans.value, loans.qualifier) == ("近5.5亿元", Decimal(550000000), Qualifier.BELOW)
    [growth] = extract_quantities(seed("破解企业创新动力不足问题,全县研发投入强度增长20%以上。"))
    assert (growth.text, growth.qualifier) == ("20%以上", Qualifier.AT_LEAST)
    [experts] = extract_quantities(seed("組織全省醫療、教育、農業、工業四大領域的130多名頂尖的專家學者"))
    assert (experts.text, experts.value, experts.qualifier) == ("130多名", 130, Qualifier.AT_LEAST)


def test_ranges_keep_both_ends() -> None:
    [projects] = extract_quantities(seed("县财政设立3-5个“重金悬赏”揭榜挂帅项目。"))
    assert (projects.text, projects.value, projects.high, projects.unit) == ("3-5个", 3, 5, "个")
    [meetings] = extract_quantities(seed("一是召开1——2次领导小组会议"))
    assert (meetings.value, meetings.high, meetings.unit) == (1, 2, "次")
    [skills] = extract_quantities(seed("掌握一至二门实用技术"))
    assert (skills.text, skills.value, skills.high) == ("一至二门", 1, 2)


def test_chinese_numerals_are_parsed() -> None:
    assert figures(seed("先后两次通过全国科技进步考核")) == [("两次", 2, "次")]
    assert figures(seed("势加透博、卓远机器人两家企业的项目荣获")) == [("两家", 2, "家")]


def test_traditional_script_maps_units_and_keeps_spans() -> None:
    text = seed("積極指導洪江市原匠電子商務有限公司、洪江市礬盛礬業科技有限公司、湖南竹炭世佳竹業發展有限公司等20多家企業申請知識價值信用貸款2008萬元。")
    found = extract_quantities(text)
    assert [(q.text, q.value, q.unit, q.scale) for q in found] == [
        ("20多家", 20, "家", ""), ("2008萬元", 20080000, "元", "万")]
    assert all(text[q.start:q.end] == q.text for q in found)
    text = seed("規模以上工業企業中有研發活動企業占比由2022年的47.37%到2024年55.26%。")
    assert figures(text) == [("47.37%", Decimal("47.37"), "%"), ("55.26%", Decimal("55.26"), "%")]
    assert figures(seed("全年技術合同成交額由2023年的2.74億元增加到2024年9.81億元")) == [
        ("2.74億元", 274000000, "元"), ("9.81億元", 981000000, "元")]


def test_multiples_are_ratios_new_over_old() -> None:
    text = seed("科技平台数量达到30个与“十四五”同期相比翻了一番。")
    assert figures(text) == [("30个", 30, "个"), ("翻了一番", 2, "倍")]


def test_ocr_full_stop_between_digits_before_a_unit_is_a_decimal_point() -> None:
    text = seed("“十五”期间共争取各级各类科技计划项目36项,经费159。3万元,其中:国列5项、11万元")
    assert figures(text) == [("36项", 36, "项"), ("159。3万元", 1593000, "元"), ("5项", 5, "项"),
                             ("11万元", 110000, "元")]


def test_years_dates_times_and_ordinals_are_not_figures() -> None:
    text = seed("2025年,县科技局党组在县委、县政府的正确领导下,聚焦“四区三地一中心”建设")
    assert extract_quantities(text) == []
    assert extract_quantities(seed("7月20日 20:009:00 石传花 家庭生活知识")) == []
    text = seed("精心组织指导“辰州矿业战略金属锑高端提纯技术研究与示范”申报全省重大科技攻关项目,获专家评审第二名。")
    assert extract_quantities(text) == []
    text = seed("推荐“皇妃碣滩花香红茶工艺文旅产品开发与农文旅融合示范”项目入选第五届湖南旅游发展大会(怀化)科技专项,获70万元资金支持")
    assert figures(text) == [("70万元", 700000, "元")]


def test_fixed_names_quoted_programmes_and_titles_are_not_figures() -> None:
    text = seed("深入贯彻党的二十大及二十届历次全会、习近平总书记关于湖南工作的重要讲话重要指示精神")
    assert extract_quantities(text) == []
    assert extract_quantities(seed("坚定拥护“两个确立”、坚决做到“两个维护”。")) == []
    text = seed("充分利用“科技三下鄉”“3·15科研誠信宣傳”“5·12科技防災減災宣傳日”等開展系列科普宣傳活動10余次")
    assert figures(text) == [("10余次", 10, "次")]
    assert extract_quantities(seed("同時圍繞科技賦能“4+9”現代化產業體系布局")) == []
    assert extract_quantities(seed("立足“2+N”产业体系")) == []
    text = seed("出台《关于应对疫情影响支持企业渡过难关的二十条意见》")
    assert extract_quantities(text) == []
    assert extract_quantities(seed("巩固拓展深入贯彻中央八项规定精神学习教育成果")) == []
    assert figures(seed("明确10条具体举措")) == [("10条", 10, "条")]


def test_list_markers_document_numbers_and_codes_are_not_figures() -> None:
    text = seed("1、加強科技宣傳和普及,營造科技創新良好環境。一是抓科技宣傳。")
    assert extract_quantities(text) == []


def test_lone_yi_before_a_measure_word_is_the_indefinite_article() -> None:
    text = seed("一是加強科技企業培育。實施科技企業培育工程,依據產業需求和市場導向,著力挖掘一批科技型中小企業,打造一批高新技術企業。")
    assert extract_quantities(text) == []


def test_bare_arabic_numbers_are_figures_without_unit() -> None:
    text = seed("基礎研究支出占研發支出比重由2023年的1.78%提到2024年的2.7;")
    assert figures(text) == [("1.78%", Decimal("1.78"), "%"), ("2.7", Decimal("2.7"), "")]


def test_placeholders_are_flagged_without_value() -> None:
    text = seed("今年共申报高企X家,认定X家,通过数位居南通第二;X-X月,我市规上工业企业中有研发活动企业数占比达X%")
    found = extract_quantities(text)
    assert [(q.text, q.unit, q.placeholder, q.value) for q in found] == [
        ("X家", "家", True, None), ("X家", "家", True, None), ("X%", "%", True, None)]
    [amount] = extract_quantities(seed("全市认定登记技术合同已达X项,成交额达X6.X亿元")[-12:])
    assert (amount.text, amount.unit, amount.scale, amount.placeholder) == ("X6.X亿元", "元", "亿", True)
    assert [q.text for q in extract_quantities(seed("县科技局于20xx年和20xx年分别被国家人事部"))] == ["20xx年", "20xx年"]
    assert [q.text for q in extract_quantities(seed("争取各类科技资金20xx万元"))] == ["20xx万元"]
    [experts] = extract_quantities("专家【待填】名")
    assert (experts.text, experts.unit, experts.placeholder) == ("专家【待填】名"[2:], "名", True)


def test_masked_names_are_not_placeholders() -> None:
    text = seed("一是建起了XX星火科技网;二是建立了XX县科技管理网,并与全国科技管理部门相连")
    assert extract_quantities(text) == []
    assert extract_quantities(seed("科技*款额")) == []


def test_spans_index_the_original_text_of_every_seed() -> None:
    for text in _seed_texts():
        found = extract_quantities(text)
        assert found, "every seed has figures"
        assert all(text[q.start:q.end] == q.text for q in found)
        assert all(a.end <= b.start for a, b in pairwise(found))


def test_no_seed_year_or_date_comes_back_as_a_figure() -> None:
    for text in _seed_texts():
        for quantity in extract_quantities(text):
            assert not (quantity.unit == "" and quantity.value is not None and 1900 <= quantity.value <= 2099)
            assert text[quantity.end:quantity.end + 1] not in ("月", "日") or quantity.unit


@pytest.mark.parametrize(("written", "expected"), [
    ("3.5万余份", ("3.5万余份", Decimal(35000), "份", Qualifier.AT_LEAST)),
    ("2008万元", ("2008万元", Decimal(20080000), "元", Qualifier.EXACT)),
    ("百分之二十", ("百分之二十", Decimal(20), "%", Qualifier.EXACT)),
    ("0.4个百分点", ("0.4个百分点", Decimal("0.4"), "个百分点", Qualifier.EXACT)),
    (" 2008 ", ("2008", Decimal(2008), "", Qualifier.EXACT)),
    ("约130万元", ("约130万元", Decimal(1300000), "元", Qualifier.ABOUT)),
    ("一家", ("一家", Decimal(1), "家", Qualifier.EXACT)),
])
def test_parse_quantity_reads_a_figure_standing_alone(written: str, expected: tuple) -> None:
    quantity = parse_quantity(written)
    assert quantity is not None
    assert (quantity.text, quantity.value, quantity.unit, quantity.qualifier) == expected
    assert written[quantity.start:quantity.end] == quantity.text


def test_parse_quantity_refuses_text_that_is_not_one_figure() -> None:
    assert parse_quantity("高新技术企业") is None
    assert parse_quantity("28家和30个") is None
    assert parse_quantity("") is None


@pytest.mark.parametrize(("unit", "expected"), [
    ("万元", ("元", Decimal(10**4))), ("亿元", ("元", Decimal(10**8))), ("萬元", ("元", Decimal(10**4))),
    ("%", ("%", Decimal(1))), ("％", ("%", Decimal(1))), ("个百分点", ("个百分点", Decimal(1))),
    ("百分点", ("个百分点", Decimal(1))), ("家", ("家", Decimal(1))), ("万人次", ("人次", Decimal(10**4))),
    ("項", ("项", Decimal(1))), ("亿", ("", Decimal(10**8))), ("千米", ("千米", Decimal(1))), ("", ("", Decimal(1))),
])
def test_normalise_unit_splits_magnitude_and_maps_script(unit: str, expected: tuple[str, Decimal]) -> None:
    assert normalise_unit(unit) == expected
