"""Quantity extraction on real seed sentences (copied verbatim) and on the edge cases of each rule."""

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
    [point] = extract_quantities("研发投入强度提高0.4个百分点")
    assert (point.text, point.value, point.unit) == ("0.4个百分点", Decimal("0.4"), "个百分点")
    assert extract_quantities("提高0.4百分点")[0].unit == "个百分点"


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
    assert [q.qualifier for q in extract_quantities("不到10家、不足5项、超过3个、逾百分之二十、约20家左右")] == [
        Qualifier.BELOW, Qualifier.BELOW, Qualifier.AT_LEAST, Qualifier.AT_LEAST, Qualifier.ABOUT]
    [record] = extract_quantities("技术合同登记额突破12亿元")
    assert (record.text, record.qualifier) == ("突破12亿元", Qualifier.AT_LEAST)


def test_ranges_keep_both_ends() -> None:
    [projects] = extract_quantities(seed("县财政设立3-5个“重金悬赏”揭榜挂帅项目。"))
    assert (projects.text, projects.value, projects.high, projects.unit) == ("3-5个", 3, 5, "个")
    [meetings] = extract_quantities(seed("一是召开1——2次领导小组会议"))
    assert (meetings.value, meetings.high, meetings.unit) == (1, 2, "次")
    [skills] = extract_quantities(seed("掌握一至二门实用技术"))
    assert (skills.text, skills.value, skills.high) == ("一至二门", 1, 2)
    assert [(q.value, q.high) for q in extract_quantities("3至5个、3～5个、3万-5万元、20%-30%")] == [
        (3, 5), (3, 5), (30000, 50000), (20, 30)]


def test_adjacent_chinese_digits_are_an_approximate_range() -> None:
    found = extract_quantities("走访两三家企业,引进十五六家,培育二三十家")
    assert [(q.value, q.high, q.qualifier) for q in found] == [
        (2, 3, Qualifier.ABOUT), (15, 16, Qualifier.ABOUT), (20, 30, Qualifier.ABOUT)]


def test_chinese_numerals_are_parsed() -> None:
    assert figures(seed("先后两次通过全国科技进步考核")) == [("两次", 2, "次")]
    assert figures(seed("势加透博、卓远机器人两家企业的项目荣获")) == [("两家", 2, "家")]
    found = figures("选派九十七名科技特派员,贷款两千零八万元,成交十四点五亿元,占百分之二十,强度百分之二点七九,"
                    "开展十余次,培育二十多家,三千五百万元")
    assert found == [("九十七名", 97, "名"), ("两千零八万元", 20080000, "元"), ("十四点五亿元", 1450000000, "元"),
                     ("百分之二十", 20, "%"), ("百分之二点七九", Decimal("2.79"), "%"), ("十余次", 10, "次"),
                     ("二十多家", 20, "家"), ("三千五百万元", 35000000, "元")]


def test_traditional_script_maps_units_and_keeps_spans() -> None:
    text = seed("積極指導洪江市原匠電子商務有限公司、洪江市礬盛礬業科技有限公司、湖南竹炭世佳竹業發展有限公司等20多家企業申請知識價值信用貸款2008萬元。")
    found = extract_quantities(text)
    assert [(q.text, q.value, q.unit, q.scale) for q in found] == [
        ("20多家", 20, "家", ""), ("2008萬元", 20080000, "元", "万")]
    assert all(text[q.start:q.end] == q.text for q in found)
    assert figures("申報項目13項,爭取資金兩億元,兩個") == [("13項", 13, "项"), ("兩億元", 200000000, "元"), ("兩個", 2, "个")]
    text = seed("規模以上工業企業中有研發活動企業占比由2022年的47.37%到2024年55.26%。")
    assert figures(text) == [("47.37%", Decimal("47.37"), "%"), ("55.26%", Decimal("55.26"), "%")]
    assert figures(seed("全年技術合同成交額由2023年的2.74億元增加到2024年9.81億元")) == [
        ("2.74億元", 274000000, "元"), ("9.81億元", 981000000, "元")]


def test_multiples_are_ratios_new_over_old() -> None:
    text = seed("科技平台数量达到30个与“十四五”同期相比翻了一番。")
    assert figures(text) == [("30个", 30, "个"), ("翻了一番", 2, "倍")]
    [doubled] = extract_quantities("平台数量相比超过翻了一番")
    assert (doubled.text, doubled.value, doubled.qualifier) == ("超过翻了一番", 2, Qualifier.AT_LEAST)
    assert figures("产值增长一倍,收入翻两番,规模翻番,是去年的3倍") == [
        ("增长一倍", 2, "倍"), ("翻两番", 4, "倍"), ("翻番", 2, "倍"), ("3倍", 3, "倍")]


def test_full_width_digits_and_thousands_separators() -> None:
    assert figures("新增１２家企业,占比２．７９％,投入1,234.5万元") == [
        ("１２家", 12, "家"), ("２．７９％", Decimal("2.79"), "%"), ("1,234.5万元", 12345000, "元")]


def test_ocr_full_stop_between_digits_before_a_unit_is_a_decimal_point() -> None:
    text = seed("“十五”期间共争取各级各类科技计划项目36项,经费159。3万元,其中:国列5项、11万元")
    assert figures(text) == [("36项", 36, "项"), ("159。3万元", 1593000, "元"), ("5项", 5, "项"),
                             ("11万元", 110000, "元")]
    assert figures("共计36项。3家企业参加") == [("36项", 36, "项"), ("3家", 3, "家")]


def test_years_dates_times_and_ordinals_are_not_figures() -> None:
    text = seed("2025年,县科技局党组在县委、县政府的正确领导下,聚焦“四区三地一中心”建设")
    assert extract_quantities(text) == []
    assert extract_quantities(seed("7月20日 20:009:00 石传花 家庭生活知识")) == []
    assert extract_quantities("2026年2月11日印发,发布时间:2026-02-11 15:14,1——2年内,X-X月") == []
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
    assert extract_quantities("坚定拥护两个确立,增强四个意识,出台十六条措施,统筹五位一体") == []
    assert figures(seed("明确10条具体举措")) == [("10条", 10, "条")]


def test_list_markers_document_numbers_and_codes_are_not_figures() -> None:
    text = seed("1、加強科技宣傳和普及,營造科技創新良好環境。一是抓科技宣傳。")
    assert extract_quantities(text) == []
    assert extract_quantities("（1）推进。(2)落实。3.加强。二、工作") == []
    assert extract_quantities("根据云政发【2020】12号文件和市委1号文,拨打0745-1234567,访问gov.cn/2025") == []
    assert extract_quantities("推进5G网络和GPT-4应用、3D打印") == []


def test_a_product_of_two_numbers_is_a_schedule_not_a_figure() -> None:
    assert extract_quantities("热线7×24小时在线，窗口实行5*8小时服务，场地按24✕7开放") == []
    assert figures("全年服务企业24小时内响应率达到98%") == [("24小时", 24, "小时"), ("98%", 98, "%")]
    assert [q.text for q in extract_quantities("新增××家，投入**万元")] == ["××家", "**万元"]  # placeholders stay


def test_lone_yi_before_a_measure_word_is_the_indefinite_article() -> None:
    text = seed("一是加強科技企業培育。實施科技企業培育工程,依據產業需求和市場導向,著力挖掘一批科技型中小企業,打造一批高新技術企業。")
    assert extract_quantities(text) == []
    assert figures("配置一套微机设备,培育一万家") == [("一万家", 10000, "家")]
    assert extract_quantities("开展一次性奖补，形成一项工作机制，建成一个平台") == []


def test_yi_closing_its_phrase_after_the_noun_is_a_count() -> None:
    assert figures("新建院士工作站一个，引进研发团队一支。") == [("一个", 1, "个"), ("一支", 1, "支")]
    assert figures("配置微机等设备一套,培育一万家") == [("一套", 1, "套"), ("一万家", 10000, "家")]


def test_tenths_are_percent_where_the_phrase_ends() -> None:
    assert figures("研发投入增长近四成，三成以上的企业有研发活动，占比达6成。") == [
        ("近四成", 40, "%"), ("三成以上", 30, "%"), ("6成", 60, "%")]
    assert [q.text for q in extract_quantities("三五成群，建成3座桥，两座成为样板，完成任务")] == ["3座", "两座"]


def test_idioms_and_counts_of_the_texts_own_items_are_not_figures() -> None:
    assert extract_quantities("走进千家万户,入选万人计划,聚焦稳链、强链两项重点任务,从三个方面推进,抓好以下四项工作") == []
    assert figures("新增两个省级平台，推进重点项目3个") == [("两个", 2, "个"), ("3个", 3, "个")]


def test_vague_amounts_are_approximate_figures() -> None:
    found = extract_quantities("培育数十家企业、几十个项目，上百人参加，近千家企业受益，逾万人次观看，百余人到场")
    assert [(q.text, q.value, q.qualifier) for q in found] == [
        ("数十家", 10, Qualifier.SEVERAL), ("几十个", 10, Qualifier.SEVERAL), ("上百人", 100, Qualifier.AT_LEAST),
        ("近千家", 1000, Qualifier.BELOW), ("逾万人次", 10000, Qualifier.AT_LEAST), ("百余人", 100, Qualifier.AT_LEAST)]
    assert extract_quantities("最近千家企业反映") == []


def test_service_line_numbers_and_numbered_sessions_are_not_figures() -> None:
    assert extract_quantities("企业可拨打12366纳税服务热线或0739-5201234咨询，开通110报警联动") == []
    assert extract_quantities("认真传达县委十五届六次全会精神，学习党的二十届四中全会") == []
    assert figures("全年召开局务会议十二次，开通热线2条") == [("十二次", 12, "次"), ("2条", 2, "条")]


def test_a_magnitude_word_after_an_approximation_word_counts_one_of_it() -> None:
    assert figures("全年受益群众近万人次，带动产值逾亿元") == [("近万人次", 10000, "人次"), ("逾亿元", 10**8, "元")]
    assert [q.qualifier.name for q in extract_quantities("受益群众近万人次，带动产值逾亿元")] == ["BELOW", "AT_LEAST"]
    assert [q.text for q in extract_quantities("吸引上万人参观，惠及千家万户")] == ["上万人"]  # issue 9: a vague amount


def test_bare_arabic_numbers_are_figures_without_unit() -> None:
    text = seed("基礎研究支出占研發支出比重由2023年的1.78%提到2024年的2.7;")
    assert figures(text) == [("1.78%", Decimal("1.78"), "%"), ("2.7", Decimal("2.7"), "")]
    assert figures("新增1.45亿") == [("1.45亿", 145000000, "")]


def test_placeholders_are_flagged_without_value() -> None:
    text = seed("今年共申报高企X家,认定X家,通过数位居南通第二;X-X月,我市规上工业企业中有研发活动企业数占比达X%")
    found = extract_quantities(text)
    assert [(q.text, q.unit, q.placeholder, q.value) for q in found] == [
        ("X家", "家", True, None), ("X家", "家", True, None), ("X%", "%", True, None)]
    [amount] = extract_quantities(seed("全市认定登记技术合同已达X项,成交额达X6.X亿元")[-12:])
    assert (amount.text, amount.unit, amount.scale, amount.placeholder) == ("X6.X亿元", "元", "亿", True)
    assert [q.text for q in extract_quantities(seed("县科技局于20xx年和20xx年分别被国家人事部"))] == ["20xx年", "20xx年"]
    assert [q.text for q in extract_quantities(seed("争取各类科技资金20xx万元"))] == ["20xx万元"]
    found = extract_quantities("新增××家,投入**万元,完成【待填】项,〔待补〕,贷款某万元,增长某%,共＿＿家")
    assert [q.text for q in found] == ["××家", "**万元", "【待填】项", "〔待补〕", "某万元", "某%", "＿＿家"]
    assert all(q.placeholder and q.value is None for q in found)
    [experts] = extract_quantities("专家【待填】名")
    assert (experts.text, experts.unit, experts.placeholder) == ("专家【待填】名"[2:], "名", True)


def test_a_slot_asking_for_text_is_not_a_figure_unless_a_unit_follows() -> None:
    assert extract_quantities("本部分待补充。【待补充】") == []
    assert [q.text for q in extract_quantities("新增【待补充】家")] == ["【待补充】家"]


def test_masked_names_are_not_placeholders() -> None:
    text = seed("一是建起了XX星火科技网;二是建立了XX县科技管理网,并与全国科技管理部门相连")
    assert extract_quantities(text) == []
    assert extract_quantities(seed("科技*款额")) == []
    assert extract_quantities("某家企业、某项技术、某种产品") == []


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
