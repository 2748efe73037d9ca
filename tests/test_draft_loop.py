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
