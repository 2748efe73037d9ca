"""A faulty endpoint never turns into text and never loses what a section had: rate limits, server
errors, slow, cut-off and empty replies end with every section written or visibly marked (exit 1
naming it); a wrong key, a hanging endpoint or a passed deadline stop the run at once; a resume
with other notes is refused. Against the real HTTP stub on 127.0.0.1, with small backoffs."""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

import pytest
from docx import Document as open_docx
from openai_stub import OpenAIStub, Reply
from typer.testing import CliRunner

from drafter.backends import register_backend
from drafter.backends.openai_compat import OpenAIBackend
from drafter.cli import app
from drafter.config import Settings

runner = CliRunner()

NOTES = """\
标题: 沅陵县科学技术局2025年工作总结
单位: 沅陵县科学技术局
年度: 2025
文种: 总结
日期: 2026-01-15
提纲:
  - 标题: 科普宣传
    要点: [开展科普宣传活动12次]
  - 标题: 项目申报
    要点: [申报科技项目13项]
  - 标题: 企业培育
    要点: [新增高新技术企业5家]
  - 标题: 成果转化
    要点: [登记技术合同21项]
  - 标题: 人才引育
    要点: [选派科技特派员97名]
"""
GOOD = {"科普宣传": "全年开展科普宣传活动12次。", "项目申报": "全年申报科技项目13项。",
        "企业培育": "全年新增高新技术企业5家。", "成果转化": "全年登记技术合同21项。",
        "人才引育": "全年选派科技特派员97名。"}
OPENING = "2025年，县科技局扎实推进各项科技工作。现将2025年工作情况总结如下："


@pytest.fixture(autouse=True)
def fast_openai() -> None:
    """The openai backend with backoffs of milliseconds, chosen by name: --backend fast-openai."""
    register_backend("fast-openai", lambda settings: OpenAIBackend(settings, backoff=0.01))


def heading_of(body: dict) -> str:
    asked = "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")
    match = re.search(r"本节：[一二三四五六七八九十]+、(.+)", asked)
    return match.group(1) if match else "opening"


def draft(tmp_path: Path, stub: OpenAIStub, *extra: str, notes: str = NOTES):  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.yaml"
    path.write_text(notes, encoding="utf-8")
    return runner.invoke(app, ["draft", str(path), "-o", str(tmp_path / "draft.docx"), "--backend", "fast-openai",
                               "--base-url", stub.url, "--model", "stub-model", "--no-retrieval", *extra],
                         env={"OPENAI_API_KEY": stub.api_key or "k"})


def body_text(tmp_path: Path) -> str:
    return "\n".join(p.text for p in open_docx(str(tmp_path / "draft.docx")).paragraphs)


def test_rate_limits_errors_slow_cut_off_and_empty_replies_end_written_or_marked(home: Path, tmp_path: Path,
                                                                                 openai_stub: OpenAIStub) -> None:
    script = {  # per section: the replies it gets, in order; then it repeats its last one
        "opening": [Reply(OPENING)],
        "科普宣传": [Reply(status=429, headers={"Retry-After": "0"}), Reply(GOOD["科普宣传"])],
        "项目申报": [Reply(status=500)],  # for good: the section is marked
        "企业培育": [Reply(GOOD["企业培育"], delay=0.2)],  # slow, but never silent for the timeout
        "成果转化": [Reply("全年登记技术合同21项（时期", finish_reason="length"), Reply(GOOD["成果转化"])],
        "人才引育": [Reply("")],  # empty, every time: marked
    }
    asked: dict[str, int] = {}

    def respond(body: dict) -> Reply:
        heading = heading_of(body)
        replies = script[heading]
        asked[heading] = asked.get(heading, 0) + 1
        return replies[min(asked[heading], len(replies)) - 1]

    openai_stub.responder = respond
    result = draft(tmp_path, openai_stub)
    assert result.exit_code == 1, result.output
    text = body_text(tmp_path)
    for heading in ("科普宣传", "企业培育", "成果转化"):
        assert GOOD[heading] in text
    assert "（时期" not in text  # a cut-off reply is never text
    assert text.count("【待补充：") == 2
    assert "【待补充：接口多次请求失败，请根据要点补写本节】" in text
    assert "【待补充：模型多次返回空白回复，请根据要点补写本节】" in text
    output = result.output.replace("\n", "")
    assert "section 二 has no text" in output and "HTTP 500 after 4 attempts" in output
    assert "section 五 has no text" in output and "empty reply ×4" in output
    assert "figures flagged: 0; sections without text: 2" in output
    assert asked["人才引育"] == 4 and asked["项目申报"] == 4  # max_retries 3: four tries each


def test_a_run_with_marked_sections_can_be_resumed_and_completed(home: Path, tmp_path: Path,
                                                                 openai_stub: OpenAIStub) -> None:
    openai_stub.responder = lambda body: "" if heading_of(body) == "人才引育" else GOOD.get(heading_of(body), OPENING)
    first = draft(tmp_path, openai_stub)
    assert first.exit_code == 1 and "section 五 has no text" in first.output
    run_dir = Path(re.search(r"run\s+(\S+?)\);", first.output.replace("\n", "")).group(1))
    record = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    assert record["sections"]["五"]["marked"] == "empty reply ×4"
    calls = len(openai_stub.chat_requests)
    openai_stub.responder = lambda body: GOOD.get(heading_of(body), OPENING)  # the endpoint is healthy again
    again = draft(tmp_path, openai_stub, "--resume", str(run_dir), "--force")
    assert again.exit_code == 0, again.output
    assert [heading_of(r.body) for r in openai_stub.chat_requests[calls:]] == ["人才引育"]
    assert GOOD["人才引育"] in body_text(tmp_path) and "【待补充：" not in body_text(tmp_path)


def test_a_wrong_key_stops_the_run_after_one_request(home: Path, tmp_path: Path) -> None:
    with OpenAIStub(api_key="the-right-key") as stub:
        path = tmp_path / "notes.yaml"
        path.write_text(NOTES, encoding="utf-8")
        result = runner.invoke(app, ["draft", str(path), "-o", str(tmp_path / "d.docx"), "--backend", "fast-openai",
                                     "--base-url", stub.url, "--no-retrieval"], env={"OPENAI_API_KEY": "wrong"})
        assert result.exit_code == 2, result.output
        assert "HTTP 401" in result.output and "OPENAI_API_KEY" in result.output and "--resume" in result.output
        assert len(stub.chat_requests) == 1
    assert not (tmp_path / "d.docx").exists()


def test_a_hanging_endpoint_fails_within_its_timeout(home: Path, tmp_path: Path, openai_stub: OpenAIStub) -> None:
    (home / "drafter.toml").write_text("timeout = 0.5\n", encoding="utf-8")
    openai_stub.default = Reply(OPENING, delay=math.inf)
    start = time.monotonic()
    result = draft(tmp_path, openai_stub)
    assert time.monotonic() - start < 5
    assert result.exit_code == 2, result.output
    assert "sent nothing for 0.5 s" in result.output and len(openai_stub.chat_requests) == 1


def test_the_runs_deadline_stops_it_and_keeps_what_was_finished(home: Path, tmp_path: Path,
                                                               openai_stub: OpenAIStub) -> None:
    openai_stub.responder = lambda body: Reply(GOOD.get(heading_of(body), OPENING), delay=0.4)
    result = draft(tmp_path, openai_stub, "--deadline", "1", "--concurrency", "1")
    assert result.exit_code == 2, result.output
    flat = result.output.replace("\n", "")
    assert "deadline of 1 s passed" in flat and "sections were finished and are kept" in flat and "--resume" in flat
    assert not (tmp_path / "draft.docx").exists()


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_deadline_of_zero_or_less_is_a_clear_error(home: Path, tmp_path: Path, openai_stub: OpenAIStub,
                                                      value: str) -> None:
    result = draft(tmp_path, openai_stub, "--deadline", value)
    assert result.exit_code == 2
    assert "deadline must be a number of seconds above 0" in result.output and "Traceback" not in result.output
    assert openai_stub.chat_requests == []


def test_a_deadline_setting_of_zero_is_refused_wherever_it_comes_from() -> None:
    from drafter.errors import DrafterError

    with pytest.raises(DrafterError, match="deadline must be a number of seconds above 0"):
        Settings(deadline=0)


def test_a_resume_with_other_notes_is_refused(home: Path, tmp_path: Path, openai_stub: OpenAIStub) -> None:
    openai_stub.responder = lambda body: GOOD.get(heading_of(body), OPENING)
    first = draft(tmp_path, openai_stub)
    assert first.exit_code == 0, first.output
    run_dir = re.search(r"run\s+(\S+?)\);", first.output.replace("\n", "")).group(1)
    calls = len(openai_stub.chat_requests)
    other = draft(tmp_path, openai_stub, "--resume", run_dir, "--force", notes=NOTES.replace("12次", "15次"))
    assert other.exit_code == 2
    assert "made from other notes" in other.output.replace("\n", "")
    assert len(openai_stub.chat_requests) == calls
    same = draft(tmp_path, openai_stub, "--resume", run_dir, "--force")
    assert same.exit_code == 0 and len(openai_stub.chat_requests) == calls  # every section was finished
