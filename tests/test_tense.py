"""Tense and time warnings: a plan reporting completion, a review written only as intention, and a
relative time word whose year is not the section's — each a warning on its sentence, in the check
report and, by default, as a Word comment."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from conftest import MockBackend
from typer.testing import CliRunner

from drafter.cli import app
from drafter.draft import assemble, plan_sections
from drafter.notes import Notes, OutlineSection
from drafter.tense import tense_warnings

NOTES = Notes(title="某县科学技术局2025年工作总结和2026年工作计划", unit="某县科学技术局", year=2025,
              kind="总结和计划", date=dt.date(2026, 1, 15), sections=[
                  OutlineSection(heading="2025年工作回顾", sections=[
                      OutlineSection(heading="乡村振兴", facts=["村人均收入增加1500元"]),
                      OutlineSection(heading="科普宣传", facts=["开展科普活动10次"])]),
                  OutlineSection(heading="2026年工作计划", facts=["新增高新技术企业5家"])])
PLANS = plan_sections(NOTES)
KINDS = {p.key: p.kind for p in PLANS}


def warnings_on(bodies: dict[str, str], opening: str = "现将2025年工作总结和2026年工作计划报告如下：") -> list:
    document = assemble(NOTES, PLANS, bodies, opening)
    return tense_warnings(document, KINDS, NOTES)


@pytest.mark.parametrize("sentence", ["全县科技创新能力得到了进一步提升。", "已完成高新技术企业认定5家。",
                                      "科技成果转化成效显著。"])
def test_a_plan_sentence_reporting_completion_is_warned(sentence: str) -> None:
    (warning,) = warnings_on({"二": f"2026年将新增高新技术企业5家。{sentence}"})
    assert warning.text == sentence and warning.rule == "tense.plan_as_done" and warning.verdict == "warning"
    assert "工作计划" in warning.message


@pytest.mark.parametrize("sentence", ["力争新增高新技术企业5家，全县创新能力得到进一步提升。",
                                      "在2025年取得显著成效的基础上，2026年将新增高新技术企业5家。",
                                      "计划新增高新技术企业5家。"])
def test_a_plan_sentence_that_looks_ahead_is_not_warned(sentence: str) -> None:
    assert warnings_on({"二": sentence}) == []


def test_a_review_section_written_only_as_intention_is_warned_once() -> None:
    (warning,) = warnings_on({"一.（二）": "将进一步加强科普宣传。力争开展科普活动10次。"})
    assert warning.rule == "tense.review_as_intent" and warning.text == "将进一步加强科普宣传。"


@pytest.mark.parametrize("body", ["持续加强科普宣传，全年开展科普活动10次。", "申报省级科技计划项目3项，开展科普活动10次。",
                                  "经过努力，全年共争取国家、省、市科技计划项目8项。",  # real report sentences
                                  "区入选市科技顶尖专家集聚计划2人，自主培养国家“万人计划”3人。"])
def test_a_review_that_reports_work_is_not_warned(body: str) -> None:
    assert warnings_on({"一.（二）": body}) == []


def test_a_relative_year_that_contradicts_the_reports_year_is_warned() -> None:
    (warning,) = warnings_on({"一.（一）": "该村今年人均收入增加1500元。"})
    assert warning.rule == "time.relative" and warning.text == "该村今年人均收入增加1500元。"
    assert "“今年”按成文日期是2026年，而本节写的是2025年" in warning.message


def test_last_year_in_the_plan_part_is_the_reviewed_year_and_is_warned() -> None:
    (warning,) = warnings_on({"二": "去年新增高新技术企业5家，2026年将继续培育。"})
    assert "“去年”按成文日期是2025年，而本节写的是2026年" in warning.message


@pytest.mark.parametrize("body", ["村人均收入比上年增加1500元。", "村人均收入较上年同期增加1500元。"])
def test_a_comparison_with_the_previous_year_is_no_relative_year(body: str) -> None:
    assert warnings_on({"一.（一）": body}) == []


def test_the_warning_offsets_are_the_sentence_in_the_drafts_plain_text() -> None:
    from drafter.export import plain_text

    bodies = {"一.（一）": "村人均收入增加1500元。该村今年人均收入增加1500元。"}
    (warning,) = warnings_on(bodies)
    text = plain_text(assemble(NOTES, PLANS, bodies, "现将2025年工作总结和2026年工作计划报告如下："))
    assert text[warning.start:warning.end] == "该村今年人均收入增加1500元。"


def test_a_drafted_plan_reporting_completion_gets_a_warning_and_a_word_comment(
        home: Path, tmp_path: Path, mock_backend: MockBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text("标题: 某县科学技术局2026年工作计划\n单位: 某县科学技术局\n年度: 2026\n文种: 计划\n"
                     "日期: 2026-02-10\n提纲:\n  - 标题: 培育创新主体\n    要点: [力争新增高新技术企业5家]\n",
                     encoding="utf-8")
    from drafter.backends import register_backend

    mock_backend.enqueue("2026年，我局将统筹推进各项工作。现将2026年工作计划报告如下：",
                         "力争新增高新技术企业5家。全县科技创新能力得到了进一步提升。")
    register_backend("scripted", lambda settings: mock_backend)
    output = tmp_path / "draft.docx"
    result = CliRunner().invoke(app, ["draft", str(notes), "-o", str(output), "--backend", "scripted",
                                      "--no-retrieval", "--concurrency", "1"])
    assert result.exit_code == 0, result.output  # a warning is no error
    assert "全县科技创新能力得到了进一步提升" in result.output.replace("\n", "")
    report = json.loads((tmp_path / "draft.check.json").read_text(encoding="utf-8"))
    (warning,) = [f for f in report["findings"] if f["rule"] == "tense.plan_as_done"]
    assert warning["verdict"] == "warning" and warning["text"] == "全县科技创新能力得到了进一步提升。"
    with zipfile.ZipFile(output) as package:
        assert "本节是工作计划" in package.read("word/comments.xml").decode()


def test_a_relative_year_that_is_right_still_asks_for_the_year() -> None:
    (warning,) = warnings_on({"二": "今年将新增高新技术企业5家。"})  # dated 2026-01-15, planning 2026
    assert warning.rule == "time.relative_word" and "“今年”即2026年；公文中宜写明年份" in warning.message
