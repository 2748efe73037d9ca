"""Recorded replies replayed through the package's own HTTP server: recording writes every request
without a reply as a pending file, the next recording run reaches the repair rounds those replies
trigger, and `drafter eval --replay` drafts from the recorded replies or names the missing one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.replay import ReplayDocument, document_name

NOTES = """\
标题: 沅陵县科学技术局2025年工作总结
单位: 沅陵县科学技术局
年度: 2025
文种: 总结
日期: 2026-01-15
指标:
  - {名称: 高新技术企业, 数值: 47, 单位: 家, 章节: 突出创新主体}
提纲:
  - 标题: 突出创新主体
    要点:
      - 今年科技型中小企业数量达223家，申报高新技术企业20家
  - 标题: 存在的问题
    要点: [企业自主创新意识不强]
"""

# the replies a model persona gave, chatter and one slip included
OPENING = "好的，以下是开头段：\n\n2025年，县科技局扎实推进各项科技工作。现将2025年工作情况总结如下："
SLIPPED = ("**（一）突出创新主体**\n\n2025年，全县科技型中小企业数量达到230家，申报高新技术企业20家，"
           "有效期内高新技术企业达47家。\n\n希望对您有所帮助！")
REPAIRED = "2025年，全县科技型中小企业数量达到223家，申报高新技术企业20家，有效期内高新技术企业达47家。"
PROBLEMS = "企业自主创新意识不强，研发投入仍显不足。"

runner = CliRunner()


@pytest.fixture
def notes_file(tmp_path: Path) -> Path:
    path = tmp_path / "yuanling-small.yaml"
    path.write_text(NOTES, encoding="utf-8")
    return path


def record(home: Path, notes: Path, replies: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["eval", "record", str(notes), "--persona", "strong", "--replies", str(replies),
                                 "--no-retrieval"])
    return result.exit_code, result.output


def write_reply(document: Path, section: str, round_: int, text: str) -> None:
    (document / section / f"round-{round_}.reply.txt").write_text(text, encoding="utf-8")


def test_a_notes_file_named_notes_goes_by_its_folder() -> None:
    assert document_name(Path("eval/cases/003-hongjiang/notes.yaml")) == "003-hongjiang"
    assert document_name(Path("examples/hongjiang.yaml")) == "hongjiang"


def test_recording_writes_pending_requests_until_every_round_has_its_reply(home: Path, tmp_path: Path,
                                                                            notes_file: Path) -> None:
    replies = tmp_path / "replies"
    document = replies / "strong" / "yuanling-small"

    code, output = record(home, notes_file, replies)
    assert code == 1, output
    pending = [p.relative_to(document).as_posix() for p in sorted(document.glob("*/*.request.md"))]
    assert pending == ["00-opening/round-0.request.md", "01-一/round-0.request.md", "02-二/round-0.request.md"]
    assert "3 pending" in output
    request = json.loads((document / "01-一" / "round-0.request.json").read_text(encoding="utf-8"))
    assert request["model"] == "strong" and "temperature" in request
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    readable = (document / "01-一" / "round-0.request.md").read_text(encoding="utf-8")
    assert "round-0.reply.txt" in readable and "今年科技型中小企业数量达223家" in readable
    assert (document / "yuanling-small.yaml").read_text(encoding="utf-8") == NOTES  # under its own name

    write_reply(document, "00-opening", 0, OPENING)
    write_reply(document, "01-一", 0, SLIPPED)
    write_reply(document, "02-二", 0, PROBLEMS)
    code, output = record(home, notes_file, replies)
    assert code == 1, output  # the slip earns a repair round, which waits for its reply
    assert [r.section for r in ReplayDocument(document).pending()] == ["01-一"]
    repair = json.loads((document / "01-一" / "round-1.request.json").read_text(encoding="utf-8"))["messages"]
    assert repair[-2] == {"role": "assistant", "content": SLIPPED.split("\n\n")[1]}  # the cleaned reply
    assert "230家" in repair[-1]["content"]

    write_reply(document, "01-一", 1, REPAIRED)
    code, output = record(home, notes_file, replies)
    assert code == 0, output
    assert "4 requests answered from recorded replies; 0 pending" in output


def test_the_notes_a_set_was_recorded_from_cannot_be_swapped(home: Path, tmp_path: Path, notes_file: Path) -> None:
    record(home, notes_file, tmp_path / "replies")
    notes_file.write_text(NOTES.replace("223家", "224家"), encoding="utf-8")
    code, output = record(home, notes_file, tmp_path / "replies")
    assert code == 2 and "differs from the notes" in output and "remove" in output


@pytest.fixture
def recorded_set(home: Path, tmp_path: Path, notes_file: Path) -> Path:
    """A complete replay set for one persona."""
    replies = tmp_path / "replies"
    document = replies / "strong" / "yuanling-small"
    record(home, notes_file, replies)
    for section, text in (("00-opening", OPENING), ("01-一", SLIPPED), ("02-二", PROBLEMS)):
        write_reply(document, section, 0, text)
    record(home, notes_file, replies)
    write_reply(document, "01-一", 1, REPAIRED)
    return replies / "strong"


def test_eval_replays_the_recorded_replies_and_ships_no_chatter(home: Path, recorded_set: Path) -> None:
    result = runner.invoke(app, ["eval", "--replay", str(recorded_set)])
    assert result.exit_code == 0, result.output
    report = json.loads(Path(result.output.split("results: ")[1].split(" and ")[0]).read_text(encoding="utf-8"))
    case = report["cases"]["yuanling-small"]
    assert case["metrics"]["errors_left"] == 0 and "rouge_l" not in case["metrics"]
    draft = Path(case["draft_path"]).read_text(encoding="utf-8")
    assert "223家" in draft and "230家" not in draft
    for chatter in ("好的", "以下是", "希望对您有所帮助", "**"):
        assert chatter not in draft


def test_a_missing_reply_names_the_request_and_exits_2(home: Path, recorded_set: Path) -> None:
    missing = recorded_set / "yuanling-small" / "01-一" / "round-1.reply.txt"
    missing.unlink()
    result = runner.invoke(app, ["eval", "--replay", str(recorded_set)])
    assert result.exit_code == 2, result.output
    assert "yuanling-small, section 01-一, round 1" in result.output and "round-1.reply.txt" in result.output
    assert "Traceback" not in result.output


def test_a_request_changed_since_recording_is_answered_and_reported(home: Path, recorded_set: Path) -> None:
    request = recorded_set / "yuanling-small" / "02-二" / "round-0.request.json"
    body = json.loads(request.read_text(encoding="utf-8"))
    body["messages"][-1]["content"] += "（旧版提示）"
    request.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["eval", "--replay", str(recorded_set)])
    assert result.exit_code == 0, result.output
    assert "changed since recorded" in result.output and "section 02-二, round 0" in result.output


REPO = Path(__file__).resolve().parent.parent
PERSONAS = sorted(p for p in (REPO / "eval" / "replies").glob("*") if p.is_dir() and any(p.glob("*/replay.json")))


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_every_recorded_persona_replays_without_chatter_or_a_lost_section(persona: Path, home: Path) -> None:
    result = runner.invoke(app, ["eval", "--replay", str(persona)])
    assert result.exit_code in (0, 1), result.output  # 1: a metric fell against the persona's baseline
    report = json.loads(Path(result.output.split("results: ")[1].split(" and ")[0]).read_text(encoding="utf-8"))
    assert report["overall"]["chatter_paragraphs"] == 0
    assert report["overall"]["sections_lost"] == 0


def test_recording_the_notes_of_a_corpus_report_leaves_that_report_out_of_retrieval(home: Path) -> None:
    from drafter.config import load_settings
    from drafter.evaluate import exclude_group_for
    from drafter.notes import load_notes

    settings = load_settings(home=home)
    assert exclude_group_for(settings, "yuanling", load_notes(REPO / "examples" / "yuanling.yaml")) == "002-yuanling"
    assert exclude_group_for(settings, "hongjiang", load_notes(REPO / "examples" / "hongjiang.yaml")) is not None
    blind = REPO / "eval" / "notes" / "lanshan-city-plan-2026.yaml"
    assert exclude_group_for(settings, "lanshan-city-plan-2026", load_notes(blind)) is None


def test_a_faulty_recorded_reply_is_asked_again_as_a_retry_of_its_own(home: Path, tmp_path: Path,
                                                                      notes_file: Path) -> None:
    replies = tmp_path / "replies"
    document = replies / "strong" / "yuanling-small"
    record(home, notes_file, replies)
    write_reply(document, "00-opening", 0, OPENING)
    write_reply(document, "01-一", 0, REPAIRED)
    (document / "02-二" / "round-0.reply.json").write_text(json.dumps(
        {"text": "企业自主创新意识不强，研发", "finish_reason": "length"}, ensure_ascii=False), encoding="utf-8")
    code, output = record(home, notes_file, replies)
    assert code == 1 and "02-二/round-0.retry-1.request.md" in output
    write_reply(document, "02-二", 0, "")  # ignored: the .json reply wins
    (document / "02-二" / "round-0.retry-1.reply.txt").write_text(PROBLEMS, encoding="utf-8")
    code, output = record(home, notes_file, replies)
    assert code == 0, output
    result = runner.invoke(app, ["eval", "--replay", str(replies / "strong")])
    assert result.exit_code == 0, result.output
    draft = Path(json.loads(Path(result.output.split("results: ")[1].split(" and ")[0]).read_text(
        encoding="utf-8"))["cases"]["yuanling-small"]["draft_path"]).read_text(encoding="utf-8")
    assert PROBLEMS in draft and "研发\n" not in draft


def test_a_replay_quotes_the_references_the_requests_were_recorded_with(home: Path, recorded_set: Path) -> None:
    from drafter.backends.base import Reference

    document = ReplayDocument(recorded_set / "yuanling-small")
    quoted = Reference("x", "某县科技局2024年工作总结", "一、工作回顾", "全年开展科普活动多次，成效明显。")
    document.save_references("01-一", [quoted])
    assert document.references("01-一") == [quoted]
    assert document.references("02-二") == []  # recorded without retrieval: read back from its request


def test_a_folder_recorded_with_the_notes_renamed_gets_their_name_back(home: Path, tmp_path: Path,
                                                                     notes_file: Path) -> None:
    replies = tmp_path / "replies"
    record(home, notes_file, replies)
    document = replies / "strong" / "yuanling-small"
    (document / "yuanling-small.yaml").rename(document / "notes.yaml")  # as sets recorded before kept them
    settings = json.loads((document / "replay.json").read_text(encoding="utf-8"))
    (document / "replay.json").write_text(json.dumps({k: v for k, v in settings.items() if k != "notes"}),
                                          encoding="utf-8")
    record(home, notes_file, replies)
    assert (document / "yuanling-small.yaml").is_file() and not (document / "notes.yaml").exists()
    assert json.loads((document / "replay.json").read_text(encoding="utf-8"))["notes"] == "yuanling-small.yaml"
