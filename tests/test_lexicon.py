"""The lexicon of figures (drafter.quantity.lexicon): every approximation word is read by the extractor with
its meaning, accepted by the notes loader, written back in its place, and reworded in the checker's advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.figures.extract import extract_quantities
from drafter.figures.reconcile import check_text
from drafter.figures.supplied import supplied_figures
from drafter.notes import load_notes
from drafter.quantity.lexicon import APPROXIMATION_WORDS, Position
from drafter.quantity.writing import written_figure

SPELLINGS = [(w, s) for w in APPROXIMATION_WORDS for s in (w.word, *w.spellings)]


def notes_with(tmp_path: Path, indicator: str, text: str = "开展科技服务") -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(f"标题: 测试\n单位: 桃源县科学技术局\n年度: 2025\n指标:\n  - {indicator}\n"
                    f"提纲:\n  - 标题: 工作回顾\n    要点: [{text}]\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("word", "spelling"), SPELLINGS, ids=[s for _, s in SPELLINGS])
def test_every_approximation_word_is_accepted_in_the_notes_and_written_in_its_place(
        tmp_path: Path, word, spelling: str) -> None:
    notes = load_notes(notes_with(tmp_path, f"{{名称: 走访服务企业, 数值: 60, 单位: 家, 约数: {spelling}}}"))
    assert notes.indicators[0].approx == spelling
    [figure] = supplied_figures(notes)
    assert figure.qualifier is word.qualifier
    expected = {Position.BEFORE: f"{spelling}60家", Position.INSIDE: f"60{spelling}家",
                Position.AFTER: f"60家{spelling}"}[word.position]
    assert figure.text == expected == written_figure("60", "家", spelling)


@pytest.mark.parametrize(("word", "spelling"), SPELLINGS, ids=[s for _, s in SPELLINGS])
def test_the_extractor_reads_every_approximation_word_with_its_meaning(word, spelling: str) -> None:
    figure = written_figure("60", "家", spelling)
    [quantity] = extract_quantities(f"今年走访服务企业{figure}，反响良好。")
    assert (quantity.text, quantity.value, quantity.qualifier) == (figure, 60, word.qualifier)


def test_超_as_the_notes_write_it_supports_the_text(tmp_path: Path) -> None:
    notes = load_notes(notes_with(tmp_path, "{名称: 科技专家服务企业, 数值: 3800, 单位: 家次, 约数: 超}"))
    [finding] = [f for f in check_text("全年科技专家服务企业超3800家次。", notes).findings if f.kind != "unused"]
    assert (finding.verdict, finding.expected) == ("supported", "超3800家次")


def test_the_advice_rewords_a_two_character_approximation_word_in_place(tmp_path: Path) -> None:
    notes = load_notes(notes_with(tmp_path, "{名称: 走访服务企业, 数值: 62, 单位: 家}"))
    [finding] = check_text("今年走访服务企业将近60家。", notes).errors
    assert finding.kind == "approximation"
    assert "“60余家”" in finding.message and "余将近" not in finding.message


@pytest.mark.parametrize(("value", "unit", "written", "advice"), [("7.64", "亿元", "7.6亿元", "7.6亿余元"),
                                                                  ("2.43", "%", "2.4%", "超2.4%"),
                                                                  ("3016", "万元", "3000万元", "3000余万元")])
def test_the_advice_writes_余_after_the_magnitude_of_a_decimal_or_超_before_it(
        tmp_path: Path, value: str, unit: str, written: str, advice: str) -> None:
    notes = load_notes(notes_with(tmp_path, f"{{名称: 科技信贷投放额, 数值: {value}, 单位: \"{unit}\"}}"))
    [finding] = check_text(f"全年科技信贷投放额{written}。", notes).errors
    assert f"“{advice}”" in finding.message and "余亿" not in finding.message and "余%" not in finding.message


def test_short_names_are_written_in_full_and_area_words_as_one_without_touching_full_names() -> None:
    from drafter.quantity.lexicon import AREA, full_names

    assert full_names("新认定高企9家，科小入库126家") == "新认定高新技术企业9家，科技型中小企业入库126家"
    assert full_names("选派特派员64名，科技特派员不变") == "选派科技特派员64名，科技特派员不变"
    assert full_names("R&D经费投入强度") == full_names("研发经费投入强度") == "研发经费投入强度"
    assert full_names("全县研发经费") == full_names("全社会研发经费") == f"{AREA}研发经费"


@pytest.mark.parametrize(("words", "aims"), [("力争突破10亿元", True), ("计划全年开展", True), ("确保全年", True),
                                             ("组织申报科技计划项目", False), ("实施“倍增”计划，新认定", False),
                                             ("提前完成目标任务，增长", False), ("强度预计为", False),
                                             ("争取上级资金", False)])
def test_aim_words_mark_a_target_but_not_a_programme_an_estimate_or_funds_obtained(words: str, aims: bool) -> None:
    from drafter.quantity.lexicon import AIMS

    assert (AIMS.search(words) is not None) is aims
