"""The shipped example notes load, keep the seeds' outline, and carry only the seeds' figures."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from drafter.notes import Notes, load_indicator_table, load_notes
from drafter.text import to_simplified

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
RAW = REPO / "corpus" / "raw"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def headings(notes: Notes) -> list[str]:
    return [section.heading for _, section in notes.walk()]


def seed_text(prefix: str) -> str:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return to_simplified(path.read_text(encoding="utf-8"))


def test_hongjiang_is_the_full_summary_and_plan_of_seed_003() -> None:
    notes = load_notes(EXAMPLES / "hongjiang.yaml")
    assert (notes.title, notes.unit, notes.year, notes.kind) == (
        "洪江市科学技术局2025年工作总结和2026年工作计划", "洪江市科学技术局", 2025, "总结和计划")
    review, problems, plan = notes.sections
    assert [len(part.sections) for part in review.sections] == [5, 5]
    assert len(problems.sections) == 3
    assert [len(part.sections) for part in plan.sections] == [5, 4]
    assert all(section.facts for _, section in notes.walk() if not section.sections)
    assert len(notes.indicators) == 22
    rd = next(i for i in notes.indicators if i.name == "R&D经费支出占GDP比重")
    assert (str(rd.value), rd.unit, rd.period, str(rd.previous), rd.previous_period) == ("2.79", "%", "2023", "2.06", "2020")


def test_yuanling_reads_its_indicators_from_the_xlsx_table() -> None:
    notes = load_notes(EXAMPLES / "yuanling.yaml")
    assert (notes.unit, notes.kind) == ("沅陵县科学技术局", "总结")
    assert len(notes.indicators) == 19
    assert all(i.origin.startswith("yuanling-indicators.xlsx 第") for i in notes.indicators)
    deal = next(i for i in notes.indicators if i.name == "技术成果合同成交额")
    assert (str(deal.value), deal.unit) == ("14.5", "亿元")
    assert [i.approx for i in notes.indicators if i.approx] == ["以上", "以上"]


def test_the_csv_twin_holds_the_same_indicators_as_the_xlsx() -> None:
    from_xlsx = load_indicator_table(EXAMPLES / "yuanling-indicators.xlsx")
    from_csv = load_indicator_table(EXAMPLES / "yuanling-indicators.csv")
    assert [replace(i, origin="") for i in from_xlsx] == [replace(i, origin="") for i in from_csv]


@pytest.mark.parametrize("name", ["hongjiang.yaml", "yuanling.yaml"])
def test_every_indicator_names_exactly_one_section(name: str) -> None:
    notes = load_notes(EXAMPLES / name)
    for indicator in notes.indicators:
        matches = [h for h in headings(notes) if indicator.section and indicator.section in h]
        assert len(matches) == 1, (indicator.name, indicator.section, matches)


@pytest.mark.parametrize(("name", "seed"), [("hongjiang.yaml", "003"), ("yuanling.yaml", "002")])
def test_every_figure_in_an_example_is_written_in_its_seed(name: str, seed: str) -> None:
    notes = load_notes(EXAMPLES / name)
    source = seed_text(seed)
    written = [fact for _, section in notes.walk() for fact in section.facts]
    written += [i.raw_value for i in notes.indicators]
    written += [format(i.previous.normalize(), "f") for i in notes.indicators if i.previous is not None]
    numbers = {n for text in written for n in NUMBER.findall(text)}
    assert numbers, "the example carries figures"
    missing = {n for n in numbers if not re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", source)}
    assert not missing
