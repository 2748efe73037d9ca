"""The offline composer writes 公文-style sections that state only the figures it was given."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

import composer_phrasing as phrasing
from drafter.backends.base import Round, SectionTask
from drafter.backends.offline import PLACEHOLDER, OfflineComposer
from drafter.export.model import DraftDocument
from drafter.figures.extract import extract_quantities
from drafter.notes import Indicator, Notes, OutlineSection, load_notes

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HONGJIANG = "洪江市科学技术局"
TOP_KINDS = ("review", "problems", "plan")  # 一 回顾, 二 问题, 三 计划 in both examples
NUMBER = re.compile(r"\d+(?:\.\d+)?")
MARKER = re.compile(r"[一二三四五六七八九十]+是")


def make_task(heading: str, facts: list[str] | None = None, indicators: list[Indicator] | None = None, *,
              kind: str = "review", key: str = "一.（一）.1", unit: str = HONGJIANG, doc_kind: str = "总结和计划",
              title: str = "洪江市科学技术局2025年工作总结和2026年工作计划", target_length: int = 300) -> SectionTask:
    return SectionTask(key=key, number="1.", heading=heading, level=3, doc_title=title, doc_kind=doc_kind,
                       unit=unit, year=2025, section_kind=kind, facts=facts or [], indicators=indicators or [],
                       target_length=target_length)


def indicator(name: str, value: str, unit: str, **extra: str) -> Indicator:
    previous = extra.pop("previous", None)
    return Indicator(name=name, value=Decimal(value), unit=unit, raw_value=value,
                     previous=Decimal(previous) if previous else None, **extra)


def compose(task: SectionTask) -> str:
    return OfflineComposer().write(task).text


def supplied_numbers(task: SectionTask) -> set[str]:
    """Every number string the task supplies (facts, indicator values, periods, heading, year)."""
    texts = [*task.facts, task.heading, task.doc_title, str(task.year)]
    for item in task.indicators:
        texts += [item.raw_value, format(item.value.normalize(), "f"), item.period or "", item.previous_period or ""]
        if item.previous is not None:
            texts.append(format(item.previous.normalize(), "f"))
    return {n for text in texts for n in NUMBER.findall(text)}


def quantities(text: str) -> set[tuple[Decimal | None, str, str, Decimal | None]]:
    """The figures the checker sees in a text."""
    return {(q.value, q.unit, str(q.qualifier), q.high) for q in extract_quantities(text) if not q.placeholder}


def supplied_quantities(task: SectionTask) -> set[tuple[Decimal | None, str, str, Decimal | None]]:
    found = quantities("；".join(task.facts))
    for item in task.indicators:
        approx = item.approx or ""
        written = (f"{approx}{item.raw_value}{item.unit}" if approx in ("近", "约", "超过", "不到", "不足", "逾")
                   else f"{item.raw_value}{item.unit}{approx}" if approx in ("以上", "左右", "上下")
                   else f"{item.raw_value}{approx}{item.unit}")
        found |= quantities(f"{item.name}{written}")
        if item.previous is not None:
            found |= quantities(f"{item.name}{format(item.previous.normalize(), 'f')}{item.unit}")
    return found


def example_tasks(notes: Notes) -> list[SectionTask]:
    """One task per section with a body, its indicators bound by their 章节 (most specific heading)."""
    tasks = []
    for top_index, top in enumerate(notes.sections):
        for position, (parents, section) in enumerate(top.walk()):
            bound = [i for i in notes.indicators if i.section and i.section in section.heading]
            if section.sections and not section.facts and not bound:
                continue
            tasks.append(SectionTask(
                key=f"{top_index}.{position}", number="", heading=section.heading, level=len(parents) + 1,
                doc_title=notes.title, doc_kind=notes.kind, unit=notes.unit, year=notes.year,
                section_kind=TOP_KINDS[top_index], facts=section.facts, indicators=bound))
    return tasks


ALL_EXAMPLE_TASKS = [task for name in ("hongjiang.yaml", "yuanling.yaml")
                     for task in example_tasks(load_notes(EXAMPLES / name))]


@pytest.mark.parametrize("task", ALL_EXAMPLE_TASKS, ids=lambda t: t.heading[:16])
def test_every_number_in_an_example_section_is_supplied(task: SectionTask) -> None:
    text = compose(task)
    assert set(NUMBER.findall(text)) <= supplied_numbers(task), text
    assert quantities(text) <= supplied_quantities(task), text
    assert PLACEHOLDER not in text


@pytest.mark.parametrize("name", ["hongjiang.yaml", "yuanling.yaml"])
def test_the_checker_finds_no_error_in_a_composed_example(name: str) -> None:
    from drafter.export.model import number_marker
    from drafter.figures.reconcile import check_text

    notes = load_notes(EXAMPLES / name)
    opening = replace(make_task("", key="opening", unit=notes.unit, doc_kind=notes.kind, title=notes.title),
                      level=0)
    bodies = {task.heading: compose(task) for task in example_tasks(notes)}
    parts = [notes.title, compose(opening)]

    def write(sections: list[OutlineSection], level: int) -> None:
        for index, section in enumerate(sections, start=1):
            parts.append(number_marker(level, index) + section.heading)
            parts.extend([bodies[section.heading]] if section.heading in bodies else [])
            write(section.sections, level + 1)

    write(notes.sections, 1)
    report = check_text("\n".join(parts), notes)
    assert report.summary.figures > 20
    assert report.errors == []


def test_indicators_are_written_with_name_value_unit_and_both_supplied_values() -> None:
    text = compose(make_task("科技创新投入稳步增长", indicators=[
        indicator("R&D经费支出占GDP比重", "2.79", "%", period="2023", previous="2.06", previous_period="2020"),
        indicator("技术合同成交额", "9.81", "亿元", period="2024", previous="2.74", previous_period="2023"),
        indicator("有效期内高新技术企业", "28", "家"),
        indicator("开展科普宣传活动", "10", "次", approx="余"),
    ]))
    assert "R&D经费支出占GDP比重由2020年的2.06%提高到2023年的2.79%" in text
    assert "技术合同成交额由2023年的2.74亿元增加到2024年的9.81亿元" in text
    assert "有效期内高新技术企业达28家" in text
    assert "开展科普宣传活动10余次" in text
    assert text.count("全市") == 1  # the area is named once, on the first indicator


def test_a_falling_value_is_described_as_a_fall() -> None:
    text = compose(make_task("研发投入情况", indicators=[
        indicator("研发人员占比", "0.27", "%", period="2024", previous="0.34", previous_period="2023")]))
    assert "由2023年的0.34%下降到2024年的0.27%" in text


def test_an_indicator_already_stated_in_a_fact_is_not_repeated() -> None:
    fact = "目前，洪江市有效期内高新技术企业28家"
    text = compose(make_task("强化科技创新主体地位，激发企业创新活力", [fact],
                             [indicator("有效期内高新技术企业", "28", "家")]))
    assert text.count("28家") == 1


def test_facts_are_enumerated_in_order() -> None:
    facts = ["开展科普宣传活动10余次", "承办湖南省“科技潇湘行”活动，130多名专家开展科技服务150场次",
             "发放资料3.5万余份，覆盖企业200余家、群众5.5万余人"]
    text = compose(make_task("加强科技宣传和普及，营造科技创新良好环境", facts))
    assert text.startswith("一是开展科普宣传活动10余次；")  # the heading is printed above: the body starts with content
    positions = [text.index(f"{marker}是{fact}") for marker, fact in zip("一二三", facts, strict=True)]
    assert positions == sorted(positions)
    assert MARKER.findall(text) == ["一是", "二是", "三是"]


def test_a_single_fact_gets_no_enumeration_marker() -> None:
    text = compose(make_task("加强科技宣传和普及，营造科技创新良好环境", ["开展科普宣传活动10余次"]))
    assert not MARKER.search(text)
    assert "开展科普宣传活动10余次。" in text


def test_the_users_own_list_markers_are_replaced_by_the_enumeration() -> None:
    text = compose(make_task("加强项目申报和管理", ["1、做好政策研究", "二是提前谋划，建立科技项目库。", "（3）加强项目监管"]))
    assert "一是做好政策研究；二是提前谋划，建立科技项目库；三是加强项目监管。" in text
    assert "1、" not in text and "（3）" not in text


def test_many_facts_are_split_into_paragraphs_with_continuing_markers() -> None:
    firms = ("惠瑞农业", "大隆农业", "茂丰菊业", "林泉药业", "锐乐健康", "安亿玻璃", "盛翔牧业", "宇昌生物",
             "钒盛钒业", "金土地", "原匠电子", "创力体育")
    facts = [f"走访{firm}了解技术需求，建立问题清单并跟踪解决，推动企业与高校院所开展产学研对接、联合攻关和成果转化"
             for firm in firms]
    text = compose(make_task("推动产学研融合，集聚科技创新人才", facts, target_length=300))
    paragraphs = text.split("\n")
    assert len(paragraphs) > 1
    assert MARKER.findall(text) == [f"{n}是" for n in [*"一二三四五六七八九十", "十一", "十二"]]
    assert all(p.endswith("。") for p in paragraphs)


def test_plan_sections_speak_in_the_plan_voice_and_end_with_their_last_item() -> None:
    task = make_task("推进高新技术企业、科技型中小企业培育",
                     ["建立高新技术企业、科技型中小企业培育库", "新增国家级科技企业孵化器1家"],
                     [indicator("新增高新技术企业", "2", "家", period="2026")], kind="plan", key="三.（二）.2")
    text = compose(task)
    assert text.startswith("2026年，力争全市新增高新技术企业2家。")
    assert "一是建立高新技术企业" in text  # no figure, no 力争
    assert text.endswith("二是力争新增国家级科技企业孵化器1家。")  # no slogan after the list
    assert "成效" not in text and "推进高新技术企业" not in text


def test_the_target_word_goes_before_the_clause_that_sets_the_figure() -> None:
    text = compose(make_task("聚焦主体培育", ["建立科技型企业梯次培育库，入库企业不少于300家",
                                         "技术合同成交额力争突破10亿元", "落实研发投入后补助，计划兑现资金6000万元",
                                         "争创省级重点实验室1家", "组织第二批高企申报，力争全年新认定高企20家以上"],
                             kind="plan"))
    assert "一是建立科技型企业梯次培育库，力争入库企业不少于300家；" in text
    assert "二是技术合同成交额力争突破10亿元；" in text  # already a target: no second 力争
    assert "三是落实研发投入后补助，计划兑现资金6000万元；" in text
    assert "四是争创省级重点实验室1家；" in text
    assert "五是组织第二批高企申报，力争全年新认定高企20家以上。" in text
    assert "力争力争" not in text and "力争争" not in text


def test_a_level_reached_before_the_plan_year_is_stated_as_a_level_not_a_target() -> None:
    task = make_task("总体思路和主要目标", ["力争全社会R&D经费投入强度达到2.8%", "有效期内高新技术企业突破460家"],
                     [indicator("有效期内高新技术企业", "412", "家", period="2025"),
                      indicator("全社会R&D经费投入强度", "2.68", "%", period="2024"),
                      indicator("新增高新技术企业", "50", "家", period="2026")],
                     kind="plan", key="一", doc_kind="计划", title="洪江市科学技术局2026年工作计划")
    task = replace(task, year=2026)
    text = compose(task)
    assert text.startswith("2025年，全市有效期内高新技术企业达412家，2024年全社会R&D经费投入强度达2.68%。")
    assert "2026年，力争全市新增高新技术企业50家。" in text
    assert "力争全市有效期内高新技术企业" not in text and "达到2.68%" not in text
    assert "2026年的主要目标是：一是力争全社会R&D经费投入强度达到2.8%；二是力争有效期内高新技术企业突破460家。" in text


def test_a_plan_names_programmes_without_turning_them_into_targets() -> None:
    text = compose(make_task("发挥科技项目赋能作用，推动产业转型升级", ["围绕“4+9”现代化产业体系争取项目", "争取中央引导资金"],
                             kind="plan"))
    assert "力争围绕" not in text and "力争争取" not in text


def test_problems_are_stated_plainly() -> None:
    problems = ["企业自主创新意识不强，研发投入不足", "产学研合作深度不够", "科技创新平台服务能力薄弱"]
    text = compose(make_task("存在的主要问题", problems, kind="problems", key="二"))
    assert "一是企业自主创新意识不强，研发投入不足；二是产学研合作深度不够；三是科技创新平台服务能力薄弱。" in text
    assert "力争" not in text and "取得积极成效" not in text
    specific = compose(make_task("企业自主创新意识不强", ["传统产业较多，研发投入不足", "投资积极性不高"], kind="problems"))
    assert specific == "传统产业较多，研发投入不足。投资积极性不高。"


@pytest.mark.parametrize("kind", ["review", "plan", "problems"])
def test_a_section_without_facts_or_indicators_says_what_is_missing(kind: str) -> None:
    text = compose(make_task("加强科技金融服务", kind=kind))
    assert "\n" not in text
    assert text.endswith(PLACEHOLDER) and text.count(PLACEHOLDER) == 1
    assert "“加强科技金融服务”" in text and "待补充" in text and "方面" not in text
    assert not re.search(r"\d", text)


def test_the_same_task_gives_the_same_text_and_a_repair_round_changes_nothing() -> None:
    task = make_task("增强科技赋能，推动重点项目建设", ["组织10余家企业申报科技项目13项，立项5项", "已通过专家评审"])
    first = compose(task)
    assert compose(task) == first
    repair = Round(attempt=1, repair=["句中“13项”与数据不符"], previous_reply=first)
    assert OfflineComposer(settings=None).write(task, repair).text == first


def test_wording_varies_between_sections_but_not_between_runs() -> None:
    def lead(ordinal: int) -> str:
        task = replace(make_task("下一步打算", ["建立科技项目库", "加强项目监管"], kind="plan", key=f"三.（{ordinal}）"),
                       ordinal=ordinal)
        return compose(task).split("：")[0]

    leads = [lead(i) for i in range(4)]
    assert leads == ["下一步，我局将重点抓好以下工作", "下一步，我局将着力抓好以下几项工作"] * 2
    assert leads == [lead(i) for i in range(4)]
    assert lead(4).startswith("一是")  # every variant used twice: the fifth section opens with its facts


def test_a_topical_heading_gets_no_lead_and_a_whole_part_introduces_its_list() -> None:
    facts = ["开展科普宣传活动10余次", "组织培训5次"]
    for kind in ("review", "plan"):
        assert compose(make_task("强化创新平台建设，提升科技服务意识", facts, kind=kind)).startswith("一是")
        assert compose(make_task("布局数字工程", facts, kind=kind)).startswith("一是")
    assert compose(make_task("2025年工作情况", facts, key="一")).startswith("我局重点做了以下工作：一是")
    assert compose(make_task("下一步打算", facts[:1], kind="plan", key="三")) == "力争开展科普宣传活动10余次。"


@pytest.mark.parametrize("kind", ["review", "plan", "problems"])
def test_a_heading_with_a_comma_is_never_wrapped_in_a_template(kind: str) -> None:
    heading = "强化创新平台建设，提升科技服务意识"
    for ordinal in range(9):
        text = compose(replace(make_task(heading, ["建设省级工程技术研究中心", "完善孵化器服务功能"], kind=kind),
                               ordinal=ordinal))
        assert "强化创新平台建设" not in text and "方面" not in text, text


def test_a_personal_report_speaks_as_本人() -> None:
    task = make_task("下步打算", ["新认定高企5家以上", "推动项目管理数字化"], kind="plan", key="四", doc_kind="述职报告")
    assert compose(task).startswith("下一步，本人将重点抓好以下工作：一是力争新认定高企5家以上")
    problems = compose(make_task("存在的不足", ["理论学习不够系统", "调研不够深入"], kind="problems", key="三",
                                 doc_kind="述职报告"))
    assert problems == "对照岗位职责和组织要求，本人还存在一些不足，主要是：一是理论学习不够系统；二是调研不够深入。"


def test_a_part_whose_notes_open_with_their_own_lead_gets_no_second_one() -> None:
    own = "虽然取得了一定的成绩，但还存在着很多不足之处，主要表现在："
    assert compose(make_task("存在的问题", [own], kind="problems", key="二")) == own  # its sub-sections follow
    text = compose(make_task("存在的问题", [own, "企业创新能力不强"], kind="problems", key="二"))
    assert text.startswith("虽然取得了一定的成绩") and "清醒地认识到" not in text


def test_the_one_closing_line_ends_a_document_whose_last_section_is_its_plan() -> None:
    facts = ["组织第二批高企申报", "推进中试基地投入运营"]
    outline = ["一、上半年工作进展", "二、存在的问题", "三、下半年工作打算"]
    last = replace(make_task("下半年工作打算", facts, kind="plan", key="三", doc_kind="上半年总结"),
                   number="三、", outline=outline)
    text = compose(last)
    assert text.startswith("下半年，我局将重点抓好以下工作：")
    assert text.endswith("二是推进中试基地投入运营。我局将逐项细化措施、压实责任，确保各项任务按期落实。")
    not_last = replace(last, outline=[*outline, "四、保障措施"])
    assert compose(not_last).endswith("二是推进中试基地投入运营。")
    topical = replace(last, heading="强化创新平台建设", outline=["一、回顾", "二、强化创新平台建设"], number="二、")
    assert compose(topical).endswith("二是推进中试基地投入运营。")


def test_a_figure_the_facts_write_in_words_is_not_repeated_in_digits() -> None:
    text = compose(make_task("“十五”期间的科技工作", ["先后两次通过全国科技进步考核", "建立示范点185个"],
                             [indicator("先后通过全国科技进步考核", "2", "次"), indicator("示范户", "3660", "户")]))
    assert "2次" not in text and text.count("两次") == 1
    assert "示范户达3660户" in text  # a figure the facts do not state is still written


def template_pattern(template: str) -> re.Pattern[str]:
    """A template as a regex over the text it makes ({me}, {scope}, {when} stand for anything)."""
    parts = re.split(r"\{(?:me|scope|when)\}", template)
    return re.compile(".{0,60}?".join(re.escape(p) for p in parts))


QINGXI = EXAMPLES.parent / "tests" / "data" / "qingxi.xlsx"  # the usability test's workbook, as the tester filled it
DOCUMENTS = [EXAMPLES / "hongjiang.yaml", EXAMPLES / "yuanling.yaml", *sorted(
    (EXAMPLES.parent / "eval" / "notes").glob("*.yaml")), *sorted((EXAMPLES.parent / "eval" / "cases").glob("*/notes.yaml")),
    QINGXI]


DOCUMENT_IDS = [p.parent.name if p.stem == "notes" else p.stem for p in DOCUMENTS]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], DraftDocument]:
    """Each document drafted offline once for the tests of this module that read whole drafts."""
    from drafter.config import load_settings
    from drafter.draft import draft_document

    home = tmp_path_factory.mktemp("home")
    settings = load_settings(home=home, backend="offline")
    (home / "prompts").symlink_to(EXAMPLES.parent / "prompts")
    cache: dict[Path, DraftDocument] = {}

    def draft(path: Path) -> DraftDocument:
        if path not in cache:
            cache[path] = draft_document(load_notes(path), settings, backend=OfflineComposer()).document
        return cache[path]

    return draft


@pytest.mark.parametrize("path", DOCUMENTS, ids=DOCUMENT_IDS)
def test_no_sentence_template_stands_more_than_twice_in_a_document(path: Path, drafted: Callable) -> None:
    from drafter.backends.offline import TEMPLATES
    from drafter.export import plain_text

    text = plain_text(drafted(path))
    for family, templates in TEMPLATES.items():
        for template in templates:
            uses = len(template_pattern(template).findall(text))
            assert uses <= 2, (family, template, uses)


@pytest.mark.parametrize("path", DOCUMENTS, ids=DOCUMENT_IDS)
def test_no_body_starts_by_restating_its_heading(path: Path, drafted: Callable) -> None:
    assert phrasing.restated_headings(drafted(path), load_notes(path)) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=DOCUMENT_IDS)
def test_a_heading_never_stands_inside_a_template(path: Path, drafted: Callable) -> None:
    assert phrasing.wrapped_headings(drafted(path)) == []  # 在强化创新平台建设，提升科技服务意识方面 …


@pytest.mark.parametrize("path", DOCUMENTS, ids=DOCUMENT_IDS)
def test_no_sentence_of_the_composers_own_stands_twice_in_a_document(path: Path, drafted: Callable) -> None:
    from drafter.backends.offline import TEMPLATES

    notes = load_notes(path)
    assert phrasing.repeated_sentences(drafted(path), notes) == []
    closings = [s for s in phrasing.own_sentences(drafted(path), notes)
                if any(template_pattern(t).fullmatch(s) for t in TEMPLATES["plan.closing"])]
    assert len(closings) <= 1


@pytest.mark.parametrize("path", DOCUMENTS, ids=DOCUMENT_IDS)
def test_no_body_claims_a_result_the_notes_do_not_state(path: Path, drafted: Callable) -> None:
    assert phrasing.claims(drafted(path), load_notes(path)) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=DOCUMENT_IDS)
def test_no_figure_is_stated_twice_in_a_row(path: Path, drafted: Callable) -> None:
    assert phrasing.figures_twice_in_a_row(drafted(path), load_notes(path)) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=DOCUMENT_IDS)
def test_every_indicator_is_written_in_the_draft(path: Path, drafted: Callable) -> None:
    from drafter.backends.offline import current_text, stated_in_facts
    from drafter.export import plain_text

    text = plain_text(drafted(path))  # its value (2次 may be written 两次); a fact comparing it needs no earlier one
    missing = [f"{i.name} {current_text(i)}" for i in load_notes(path).indicators
               if i.value is not None and not stated_in_facts(replace(i, previous=None), text)]
    assert missing == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=DOCUMENT_IDS)
def test_no_problems_section_reports_a_rise_or_a_fall_as_a_change(path: Path, drafted: Callable) -> None:
    from drafter.draft import plan_sections

    notes = load_notes(path)
    problems = {p.key for p in plan_sections(notes) if p.kind == "problems"}
    own = [p for s in drafted(path).walk() if s.key in problems for p in s.paragraphs]
    facts = "".join(f for _, s in notes.walk() for f in s.facts)
    assert [p for p in own if re.search(r"由.{0,12}?(?:提高|增加|下降|减少)到", p) and not re.search(
        r"由.{0,12}?(?:提高|增加|下降|减少)到", facts)] == []


def test_punctuation_is_full_width_and_sentences_end_with_a_stop() -> None:
    facts = ["发放资料3.5万余份,覆盖企业1,200余家;群众5.5万余人.", "开展 \"科技活动周\" (第五届)活动。",
             "组织培训5次；", "举办讲座2场,"]
    text = compose(make_task("加强科技宣传和普及，营造科技创新良好环境", facts))
    assert "“科技活动周”（第五届）活动" in text
    assert "3.5万余份，覆盖企业1,200余家；群众5.5万余人" in text
    assert not re.search(r"[,;:?!()\"]|。。|；。|，。|。；", text.replace("1,200", ""))
    assert all(p.endswith("。") for p in text.split("\n"))


def test_sentences_inside_a_fact_make_the_list_use_full_stops() -> None:
    text = compose(make_task("加强科技宣传和普及，营造科技创新良好环境",
                             ["抓科技宣传。开展活动10余次", "实施科技培训。组织讲座5次"]))
    assert "一是抓科技宣传。开展活动10余次。二是实施科技培训。组织讲座5次。" in text


def test_template_words_carry_no_figures() -> None:
    facts = ["深入企业摸底，建立培育库", "广泛宣传激励政策，鼓励企业申报"]
    for kind in ("review", "plan", "problems"):
        text = compose(make_task("推进高新技术企业、科技型中小企业培育", facts, kind=kind))
        assert not re.search(r"\d", text)
        assert quantities(text) == set()


@pytest.mark.parametrize(("kind", "formula"), [
    ("总结", "现将2025年工作情况总结如下："),
    ("上半年总结", "现将2025年上半年工作情况总结如下："),
    ("计划", "现将2026年工作计划报告如下："),
    ("总结和计划", "现将2025年工作总结和2026年工作计划报告如下："),
    ("述职报告", "现将本人2025年履职情况报告如下："),
])
def test_opening_ends_with_the_formula_of_its_kind(kind: str, formula: str) -> None:
    text = compose(replace(make_task("", key="opening", doc_kind=kind), level=0))
    assert text.endswith(formula)
    assert "\n" not in text
    assert "二十大" in text and "市委、市政府" in text
    assert set(NUMBER.findall(text)) <= {"2025", "2026"}


@pytest.mark.parametrize(("unit", "leadership", "scope"), [
    ("洪江市科学技术局", "市委、市政府", "全市"),
    ("沅陵县科学技术局", "县委、县政府", "全县"),
    ("南京市建邺区科学技术局", "区委、区政府", "全区"),
    ("湖南省科学技术厅", "省委、省政府", "全省"),
])
def test_opening_names_the_leadership_of_the_units_level(unit: str, leadership: str, scope: str) -> None:
    text = compose(replace(make_task("", key="opening", unit=unit, doc_kind="总结"), level=0))
    assert text.startswith(f"2025年，{unit}在{leadership}的正确领导")
    assert f"紧紧围绕{scope}经济社会发展大局" in text


def test_opening_states_given_facts_and_no_other_figure() -> None:
    task = replace(make_task("", ["全年争取上级科技项目资金490万元"], key="opening", doc_kind="总结"), level=0)
    text = compose(task)
    assert "全年争取上级科技项目资金490万元。现将2025年工作情况总结如下：" in text
    assert set(NUMBER.findall(text)) <= {"2025", "490"}
