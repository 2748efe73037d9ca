"""Content warnings: a body well over its target length, and a section with no notes that the model
filled anyway — warnings the person sees, never changes to the text."""

from __future__ import annotations

import datetime as dt

from drafter.content import content_warnings
from drafter.draft import assemble, plan_sections
from drafter.export import plain_text
from drafter.notes import Notes, OutlineSection

NOTES = Notes(title="某县科学技术局2025年工作总结", unit="某县科学技术局", year=2025, kind="总结",
              date=dt.date(2026, 1, 15), sections=[
                  OutlineSection(heading="科普宣传", facts=["开展科普活动10次"]),
                  OutlineSection(heading="党建引领")])
PLANS = plan_sections(NOTES)
OPENING = "现将2025年工作情况总结如下："


def warnings_on(bodies: dict[str, str], targets: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    document = assemble(NOTES, PLANS, bodies, OPENING)
    found = content_warnings(document, targets or {"一": 100, "二": 50, "": 150},
                             {"一": True, "二": False})
    return found, plain_text(document)


def test_a_body_well_over_its_target_is_warned_on_the_whole_body() -> None:
    padded = "全年开展科普活动10次。" + "群众科学素质持续提升，创新氛围日益浓厚，科技支撑作用不断增强。" * 4
    (warning,), text = warnings_on({"一": padded, "二": "【待补充】"})
    assert warning.rule == "content.over_length" and warning.verdict == "warning" and warning.kind == "content"
    assert text[warning.start:warning.end] == padded
    assert f"本节约{len(padded)}字，超出目标篇幅（约100字）较多" in warning.message


def test_a_body_within_a_fifth_over_its_target_is_not_warned() -> None:
    assert warnings_on({"一": "全年开展科普活动10次。" + "群" * 100, "二": "【待补充】"})[0] == []


def test_a_section_without_notes_that_the_model_filled_is_warned() -> None:
    (warning,), _ = warnings_on({"一": "全年开展科普活动10次。", "二": "认真落实“第一议题”制度，坚持“三会一课”。"})
    assert warning.rule == "content.unsupplied" and warning.text == "认真落实“第一议题”制度，坚持“三会一课”。"


def test_a_section_without_notes_left_as_a_placeholder_is_not_warned() -> None:
    assert warnings_on({"一": "全年开展科普活动10次。", "二": "本节情况待补充。【待补充】"})[0] == []
