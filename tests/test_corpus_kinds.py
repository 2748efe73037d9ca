"""Section kinds of the real seed documents: heading cue words, periods named, tense and mood of the text."""

from __future__ import annotations

import inspect
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import RAW

from drafter.config import load_settings
from drafter.corpus import Document, Section, SectionKind, build_corpus
from drafter.corpus import kinds as kinds_module
from drafter.corpus.kinds import Span, assign_kinds, classify_kind, content_votes, decide, named_spans
from drafter.corpus.store import from_markdown, to_markdown
from drafter.errors import StoreError

REVIEW, PROBLEMS, PLAN, OTHER = SectionKind.REVIEW, SectionKind.PROBLEMS, SectionKind.PLAN, SectionKind.OTHER


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    root = tmp_path_factory.mktemp("kinds") / "home"
    shutil.copytree(RAW, root / "corpus" / "raw")
    return {d.id: d for d in build_corpus(load_settings(home=root))}


def top_kinds(document: Document) -> list[tuple[str, SectionKind]]:
    return [(s.number + s.heading, s.kind) for s in document.sections]


def test_county_fifteenth_plan_review_is_split_by_period_and_tense(docs) -> None:
    """004-3 names “十五” and “十一五” and two masked years (20xx); no heading has a cue word."""
    document = docs["004-3"]
    assert top_kinds(document) == [
        ("一、“十五”期间的科技工作", REVIEW),  # the earliest period named: the one reported on
        ("二、20xx年的科技工作", REVIEW),  # figures reported: 共争取…8项, 完成技术改造27项
        ("三、“十一五”期间的科技工作", PLAN),  # a later period
        ("四、20xx年的科技工作", PLAN),  # tasks without anything reported
    ]
    assert all(s.kind is top.kind for top in document.sections for _, s in top.walk())
    assert document.sections[2].children[-1].heading == "保障措施"


def test_district_year_summary_without_cue_words_is_a_review(docs) -> None:
    """004-5 has no 一、 headings: its （一） headings are top-level, each reporting figures."""
    document = docs["004-5-jianye"]
    assert [s.level for s in document.sections] == [2] * 5
    assert [kind for _, kind in top_kinds(document)] == [REVIEW] * 5
    assert top_kinds(document)[0][0] == "（一）抓“两落地一融合”，持续加快科技成果转化落地"


def test_flat_task_list_takes_the_kind_its_items_decide_together(docs) -> None:
    """004-2 is fourteen one-line tasks (1、…); each alone is too short, together they are a plan,
    and 工作成绩 after the first comma of a task does not make it a review."""
    document = docs["004-2"]
    assert len(document.sections) == 14 and {s.level for s in document.sections} == {3}
    assert {s.kind for s in document.sections} == {PLAN}
    assert document.sections[9].heading.startswith("做好信息宣传工作，积极梳理我局工作亮点")


def test_documents_with_cue_words_keep_their_kinds(docs) -> None:
    assert [kind for _, kind in top_kinds(docs["002-yuanling"])] == [REVIEW, PROBLEMS, PLAN]
    assert [kind for _, kind in top_kinds(docs["003-hongjiang"])] == [REVIEW, PROBLEMS, PLAN]
    assert [kind for _, kind in top_kinds(docs["001-2-yunhe"])] == [REVIEW, PROBLEMS, PLAN]
    assert [kind for _, kind in top_kinds(docs["001-3-fuzhou"])] == [REVIEW, PLAN]
    assert top_kinds(docs["004-4"]) == [
        ("一、指导思想", OTHER), ("二、工作目标", PLAN), ("三、重点工作", PLAN), ("四、主要措施", PLAN)]


def test_content_never_contradicts_the_heading_cue_words(docs) -> None:
    """The tense-and-mood rules, run on sections whose headings name their kind, agree with the heading
    whenever they decide — and they decide most of them."""
    cued = [s for d in docs.values() for s in d.sections if classify_kind(s.heading) is not OTHER]
    decided = [(classify_kind(s.heading), decide(content_votes(s.text()))) for s in cued]
    assert all(by_content in (by_heading, OTHER) for by_heading, by_content in decided), decided
    assert sum(by_content is not OTHER for _, by_content in decided) >= 0.8 * len(cued)


def test_classification_does_not_depend_on_which_document_it_is(docs) -> None:
    """Renamed and re-sourced, every document gets the same kinds; the rules name no document."""
    source = inspect.getsource(kinds_module)
    for document in docs.values():
        assert document.id not in source
        anonymous = replace(document, id="anonymous", source="user/anonymous.txt", unit=None, place=None,
                            sections=[_copy(s) for s in document.sections])
        assign_kinds(anonymous)
        assert [s.kind for _, s in anonymous.walk()] == [s.kind for _, s in document.walk()], document.id


def _copy(section: Section) -> Section:
    return replace(section, kind=OTHER, children=[_copy(c) for c in section.children])


def _document(title: str, *headings_and_bodies: tuple[str, str]) -> Document:
    sections = [Section(1, f"{n}、", heading, body=[body])
                for n, (heading, body) in zip("一二三", headings_and_bodies, strict=False)]
    document = Document(id="t", title=title, source="t.txt", sections=sections)
    assign_kinds(document)
    return document


def test_a_year_after_the_reporting_year_is_a_plan_and_the_year_itself_a_review() -> None:
    body = "全面推进科技创新工作。"  # says nothing either way
    summary = _document("某县科技局2025年工作总结", ("2025年科技工作", body), ("2026年科技工作", body))
    assert [s.kind for s in summary.sections] == [REVIEW, PLAN]
    plan = _document("某县科技局2026年工作计划", ("2025年科技工作", body), ("2026年科技工作", body))
    assert [s.kind for s in plan.sections] == [REVIEW, PLAN]
    undated = _document("科技工作", ("“十三五”期间的科技工作", body), ("“十四五”期间的科技工作", body))
    assert [s.kind for s in undated.sections] == [REVIEW, PLAN]


def test_tense_and_mood_decide_headings_without_cue_words_or_dates() -> None:
    document = _document(
        "科技工作",
        ("抓企业培育", "全年新增高新技术企业64家。获得市级以上科技项目230个。举办了创业大赛30余场。"),
        ("抓平台建设", "力争新增省级研发平台5家以上。拟建设科创中心。进一步完善孵化体系。"),
        ("抓创新主体", "企业自主创新能力不强。研发投入不足。产学研合作有待加强。"),
    )
    assert [s.kind for s in document.sections] == [REVIEW, PLAN, PROBLEMS]


def test_named_spans_read_years_and_five_year_periods() -> None:
    assert named_spans("2025年及“十四五”规划") == [Span(2025, 2025), Span(2021, 2025)]
    assert named_spans("“十五”期间与“十五五”时期") == [Span(2001, 2005), Span(2026, 2030)]
    assert named_spans("争取资金2000万元，未来十五年") == []


def test_stored_kinds_are_read_back_and_damaged_ones_reported(docs, tmp_path: Path) -> None:
    document = docs["004-3"]
    text = to_markdown(document)
    assert "\nkinds: [review, review, plan, plan]\n" in text
    path = tmp_path / "004-3.md"
    assert from_markdown(text, path) == document
    without = text.replace("kinds: [review, review, plan, plan]\n", "")
    assert from_markdown(without, path) == document  # written before kinds were stored: classified
    with pytest.raises(StoreError, match=r"004-3.md: 'kinds' does not list .* `drafter corpus build`"):
        from_markdown(text.replace("[review, review, plan, plan]", "[review, plan]"), path)

