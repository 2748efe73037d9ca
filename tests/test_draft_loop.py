"""The drafting loop's contract: a frozen section input, a fresh state per round, a reply object,
backends chosen by name, and typed progress events per section."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import MockBackend
from typer.testing import CliRunner

from drafter.backends import backend_names, get_backend, register_backend
from drafter.backends.base import Reply, Round, SectionTask, Usage
from drafter.cli import app
from drafter.config import Settings, load_settings
from drafter.draft import draft_document
from drafter.notes import Notes, OutlineSection
from drafter.progress import SectionEvent, Step

NOTES = Notes(title="某县科学技术局2025年工作总结", unit="某县科学技术局", year=2025, kind="总结", sections=[
    OutlineSection(heading="科普宣传", facts=["开展科普活动12次"]),
    OutlineSection(heading="项目申报", facts=["申报科技项目13项"]),
])
OPENING = "2025年，县科技局扎实推进各项工作。现将有关情况总结如下："


def run(backend: MockBackend, home: Path, events: list[SectionEvent] | None = None, **settings: object):  # type: ignore[no-untyped-def]
    config = load_settings(home=home, concurrency=1, **settings)
    return draft_document(NOTES, config, backend=backend, on_event=(events.append if events is not None else None))


def test_a_section_task_is_frozen_and_stores_its_lists_as_tuples() -> None:
    task = SectionTask(key="一", number="一、", heading="科普宣传", level=1, doc_title="t", doc_kind="总结",
                       unit="u", year=2025, section_kind="review", facts=["开展科普活动12次"])
    assert task.facts == ("开展科普活动12次",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        task.facts = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Round().attempt = 1  # type: ignore[misc]


def test_each_round_gets_its_own_state_and_the_input_never_changes(home: Path, mock_backend: MockBackend) -> None:
    mock_backend.enqueue(OPENING, "开展科普活动15次。", "开展科普活动12次。", "申报科技项目13项。")
    run(mock_backend, home)
    tasks, rounds = mock_backend.history, mock_backend.rounds
    assert [t.heading for t in tasks] == ["", "科普宣传", "科普宣传", "项目申报"]
    assert tasks[1] is tasks[2]  # the same frozen input for both rounds of a section
    first, repair = rounds[1], rounds[2]
    assert (first.attempt, first.repair, first.previous_reply) == (0, (), None)
    assert repair.attempt == 1 and repair.previous_reply == "开展科普活动15次。"
    assert any("15次" in finding for finding in repair.repair)
    assert repair.messages[-2] == {"role": "assistant", "content": "开展科普活动15次。"}


def test_progress_events_tell_each_section_started_its_rounds_and_done(home: Path,
                                                                      mock_backend: MockBackend) -> None:
    mock_backend.enqueue(OPENING, "开展科普活动15次。", "开展科普活动12次。", "申报科技项目13项。")
    events: list[SectionEvent] = []
    run(mock_backend, home, events)
    science = [(e.step, e.round, e.errors) for e in events if e.heading == "科普宣传"]
    assert science == [(Step.STARTED, None, None), (Step.ROUND, 1, 1), (Step.ROUND, 2, 0), (Step.DONE, 2, 0)]
    assert [e.done for e in events if e.finished] == [1, 2, 3] and {e.total for e in events} == {3}
    assert events[-1].to_dict() == {"step": "done", "key": "二", "heading": "项目申报", "done": 3, "total": 3,
                                    "round": 1, "errors": 0, "reason": None, "resumed": False}
    json.dumps([e.to_dict() for e in events], ensure_ascii=False)  # ready to stream


def test_each_round_keeps_the_raw_reply_with_its_finish_reason_and_usage(home: Path,
                                                                        mock_backend: MockBackend) -> None:
    mock_backend.enqueue(Reply(OPENING, model="m-1", usage=Usage(900, 40)),
                         Reply("**开展科普活动12次。**", model="m-1", usage=Usage(1200, 15)),
                         "申报科技项目13项。")
    result = run(mock_backend, home)
    folder = next((result.run_dir / "sections").glob("01-*"))
    raw = json.loads((folder / "reply-0.json").read_text(encoding="utf-8"))
    assert raw == {"text": "**开展科普活动12次。**", "finish_reason": "stop", "model": "m-1",
                   "usage": {"prompt_tokens": 1200, "completion_tokens": 15}, "cached": False}
    assert (folder / "body-0.txt").read_text(encoding="utf-8") == "开展科普活动12次。\n"
    assert result.sections[1].text == "开展科普活动12次。"


def test_a_backend_registered_by_name_is_chosen_by_the_cli(home: Path, tmp_path: Path) -> None:
    class Echo:
        """Writes each section's facts back, one per line."""

        name = "echo"
        identity = {"backend": "echo"}

        def __init__(self, settings: Settings) -> None:
            self.settings = settings

        def write(self, task: SectionTask, round: Round | None = None) -> Reply:
            return Reply("\n".join(f"{fact}。" for fact in task.facts) or OPENING, model="echo")

    register_backend("echo", Echo)
    assert "echo" in backend_names() and isinstance(get_backend(Settings(backend="echo")), Echo)
    notes = tmp_path / "notes.yaml"
    notes.write_text("标题: 某县科学技术局2025年工作总结\n单位: 某县科学技术局\n年度: 2025\n文种: 总结\n"
                     "提纲:\n  - 标题: 科普宣传\n    要点: [开展科普活动12次]\n", encoding="utf-8")
    output = tmp_path / "draft.md"
    result = CliRunner().invoke(app, ["draft", str(notes), "-o", str(output), "--backend", "echo",
                                      "--no-retrieval"])
    assert result.exit_code == 0, result.output
    assert "backend: echo" in result.output
    assert "开展科普活动12次。" in output.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- nothing lost

TWO_FACTS = Notes(title="某县科学技术局2025年工作总结", unit="某县科学技术局", year=2025, kind="总结", sections=[
    OutlineSection(heading="科普宣传", facts=["开展科普活动12次", "发放资料3.5万余份"])])
FULL_WITH_SLIP = "全年开展科普活动15次，发放资料3.5万余份，群众科学素质稳步提高。"


def draft_two(mock_backend: MockBackend, home: Path, *replies: str | Reply):  # type: ignore[no-untyped-def]
    mock_backend.enqueue(OPENING, *replies)
    config = load_settings(home=home, concurrency=1)
    return draft_document(TWO_FACTS, config, backend=mock_backend).sections[1]


@pytest.mark.parametrize("repair", ["本节内容待补充。【待补充】", "抱歉，我无法完成这个请求。"])
def test_a_placeholder_or_refusal_never_replaces_the_fuller_attempt_with_a_slip(
        home: Path, mock_backend: MockBackend, repair: str) -> None:
    section = draft_two(mock_backend, home, FULL_WITH_SLIP, *[repair] * 9)
    assert section.text == FULL_WITH_SLIP and section.errors == 1 and not section.marked


def test_an_empty_repair_is_a_fault_asked_again_and_never_text(home: Path, mock_backend: MockBackend) -> None:
    fixed = FULL_WITH_SLIP.replace("15次", "12次")
    section = draft_two(mock_backend, home, FULL_WITH_SLIP, "", Reply("全年开展科普活动12次，发放资", finish_reason="length"),
                        fixed)
    assert section.text == fixed and section.errors == 0
    assert [r.attempt for r in mock_backend.rounds[1:]] == [0, 1, 1, 1]  # the fault retries stay in round 1


def test_a_repair_that_drops_a_fact_to_drop_its_slip_never_replaces_the_fuller_attempt(
        home: Path, mock_backend: MockBackend) -> None:
    section = draft_two(mock_backend, home, FULL_WITH_SLIP, "全年发放资料3.5万余份。", "全年发放资料3.5万余份。")
    assert section.text == FULL_WITH_SLIP and section.errors == 1


def test_a_much_shorter_repair_never_replaces_the_fuller_attempt(home: Path, mock_backend: MockBackend) -> None:
    long = FULL_WITH_SLIP[:-1] + "，" + "科普阵地建设不断加强，宣传覆盖面持续扩大，" * 4 + "成效明显。"
    short = "开展科普活动12次，发放资料3.5万余份。"
    section = draft_two(mock_backend, home, long, short, short)
    assert section.text == long


def test_a_section_that_gets_no_usable_reply_is_marked_and_named(home: Path, mock_backend: MockBackend) -> None:
    events: list[SectionEvent] = []
    mock_backend.enqueue(OPENING, *[""] * 4)
    result = draft_document(TWO_FACTS, load_settings(home=home, concurrency=1), backend=mock_backend,
                            on_event=events.append)
    (marked,) = result.marked
    assert marked.key == "一" and marked.marked == "empty reply ×4"
    assert marked.text == "【待补充：模型多次返回空白回复，请根据要点补写本节】"
    assert events[-1].step == Step.MARKED and events[-1].reason == "empty reply ×4"


def test_tokens_are_counted_per_section_and_round_from_the_endpoints_usage(home: Path,
                                                                          mock_backend: MockBackend) -> None:
    mock_backend.enqueue(Reply(OPENING, usage=Usage(900, 40)), Reply(FULL_WITH_SLIP, usage=Usage(1200, 30)),
                         Reply("", usage=Usage(1300, 0)), Reply(FULL_WITH_SLIP.replace("15次", "12次"),
                                                                usage=Usage(1300, 30)))
    result = draft_document(TWO_FACTS, load_settings(home=home, concurrency=1), backend=mock_backend)
    record = json.loads((result.run_dir / "run.json").read_text(encoding="utf-8"))
    assert record["sections"]["一"]["rounds"] == [
        {"round": 1, "requests": 1, "prompt_tokens": 1200, "completion_tokens": 30},
        {"round": 2, "requests": 2, "prompt_tokens": 2600, "completion_tokens": 30}]
    assert record["tokens"] == {"prompt_tokens": 4700, "completion_tokens": 100, "requests": 4}
    assert (result.tokens.prompt_tokens, result.tokens.completion_tokens) == (4700, 100)
