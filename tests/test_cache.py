"""Replies are cached on disk by what was asked and who answered: a rerun makes no second HTTP call,
and only complete replies are ever replayed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import MockBackend
from openai_stub import OpenAIStub
from openai_stub import Reply as Scripted

from drafter.backends.base import Reply, Round, SectionTask, Usage
from drafter.backends.openai_compat import OpenAIBackend
from drafter.cache import CachedBackend, ReplyCache, reply_key
from drafter.config import Settings
from drafter.errors import DrafterError

REPO = Path(__file__).resolve().parent.parent
BODY = "一是开展“科技三下乡”等科普宣传活动10余次。二是发放资料3.5万余份。"
MESSAGES = [{"role": "system", "content": "你是洪江市科学技术局的工作人员。"},
            {"role": "user", "content": "请起草“加强科技宣传和普及”一节的正文。"}]
ROUND = Round(messages=MESSAGES)
IDENTITY = {"backend": "openai", "base_url": "http://10.0.0.5:8000/v1", "model": "gpt-4o-mini", "temperature": 0.3}


def task(**changes: object) -> SectionTask:
    base = SectionTask(key="一.（一）.1", number="1.", heading="加强科技宣传和普及", level=3,
                       doc_title="洪江市科学技术局2025年工作总结", doc_kind="总结", unit="洪江市科学技术局",
                       year=2025, section_kind="review", facts=["开展科普宣传活动10余次"])
    return dataclasses.replace(base, **changes)


def settings_for(stub: OpenAIStub, **changes: object) -> Settings:
    return Settings(home=REPO, base_url=stub.url, api_key=stub.api_key, model="stub-model", **changes)  # type: ignore[arg-type]


def test_a_rerun_is_answered_from_the_cache_without_a_second_http_call(openai_stub: OpenAIStub,
                                                                       tmp_path: Path) -> None:
    settings = settings_for(openai_stub)
    openai_stub.enqueue(BODY)
    first = CachedBackend(OpenAIBackend(settings), ReplyCache(tmp_path / "replies"))
    reply = first.write(task(), ROUND)
    assert reply.text == BODY and not reply.cached and (first.hits, first.misses) == (0, 1)
    rerun = CachedBackend(OpenAIBackend(settings), ReplyCache(tmp_path / "replies"))  # a new process, same dir
    again = rerun.write(task(), ROUND)
    assert again.text == BODY and again.cached and (rerun.hits, rerun.misses) == (1, 0)
    assert again.usage == reply.usage and again.finish_reason == "stop"
    assert len(openai_stub.chat_requests) == 1
    assert rerun.name == "openai"


def test_the_same_messages_to_another_endpoint_are_asked_again(openai_stub: OpenAIStub, tmp_path: Path) -> None:
    with OpenAIStub() as other:
        openai_stub.enqueue(BODY)
        other.enqueue("另一个端点的回复。")
        cache = ReplyCache(tmp_path)
        assert CachedBackend(OpenAIBackend(settings_for(openai_stub)), cache).write(task(), ROUND).text == BODY
        assert CachedBackend(OpenAIBackend(settings_for(other)), cache).write(task(), ROUND).text == "另一个端点的回复。"


def test_a_truncated_reply_is_not_cached_and_a_healthy_rerun_asks_again(openai_stub: OpenAIStub,
                                                                        tmp_path: Path) -> None:
    openai_stub.enqueue(Scripted("申报科技项目：13项（时期", finish_reason="length"), BODY)
    backend = CachedBackend(OpenAIBackend(settings_for(openai_stub)), ReplyCache(tmp_path))
    assert backend.write(task(), ROUND).finish_reason == "length"
    assert backend.write(task(), ROUND).text == BODY
    assert backend.write(task(), ROUND).cached
    assert len(openai_stub.chat_requests) == 2


def test_a_cached_reply_is_replayed_instead_of_asking_the_model_again(openai_stub: OpenAIStub,
                                                                       tmp_path: Path) -> None:
    openai_stub.enqueue(BODY, "第二次调用的回复。")
    backend = CachedBackend(OpenAIBackend(settings_for(openai_stub)), ReplyCache(tmp_path))
    assert [backend.write(task(), ROUND).text, backend.write(task(), ROUND).text] == [BODY, BODY]
    longer = Round(messages=[*MESSAGES, {"role": "user", "content": "再写一遍。"}])
    assert backend.write(task(), longer).text == "第二次调用的回复。"
    assert len(openai_stub.chat_requests) == 2


def test_endpoint_model_temperature_backend_and_messages_all_change_the_key() -> None:
    base = reply_key(IDENTITY, MESSAGES)
    assert base == reply_key(dict(IDENTITY), [dict(m) for m in MESSAGES])
    variants = {reply_key(IDENTITY | {"model": "qwen2.5"}, MESSAGES),
                reply_key(IDENTITY | {"temperature": 0.7}, MESSAGES),
                reply_key(IDENTITY | {"base_url": "https://api.openai.com/v1"}, MESSAGES),
                reply_key(IDENTITY | {"backend": "offline"}, MESSAGES),
                reply_key(IDENTITY, MESSAGES[:1])}
    assert base not in variants and len(variants) == 5


def test_a_backend_writing_from_the_task_itself_is_keyed_on_its_fields(tmp_path: Path,
                                                                        mock_backend: MockBackend) -> None:
    mock_backend.enqueue("第一节正文。", "事实变了之后的正文。")
    backend = CachedBackend(mock_backend, ReplyCache(tmp_path))
    assert backend.write(task(), Round()).text == "第一节正文。"
    assert backend.write(dataclasses.replace(task()), Round()).text == "第一节正文。"
    assert backend.write(task(facts=["开展科普宣传活动12次"]), Round()).text == "事实变了之后的正文。"
    assert len(mock_backend.history) == 2


def test_an_empty_reply_is_not_cached(tmp_path: Path, mock_backend: MockBackend) -> None:
    mock_backend.enqueue("", BODY)
    backend = CachedBackend(mock_backend, ReplyCache(tmp_path))
    assert backend.write(task(), ROUND).text == ""
    assert backend.write(task(), ROUND).text == BODY


def test_a_damaged_cache_file_is_a_miss_and_is_replaced_whole(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path)
    key = reply_key(IDENTITY, MESSAGES)
    cache.path(key).parent.mkdir(parents=True)
    cache.path(key).write_text('{"reply": {"text": "半截', encoding="utf-8")
    assert cache.get(key) is None
    cache.put(key, Reply(BODY, model="m", usage=Usage(40, 12)))
    assert cache.get(key) == Reply(BODY, model="m", usage=Usage(40, 12), cached=True)
    assert [p.name for p in cache.path(key).parent.iterdir()] == [f"{key}.json"]  # no temporary files left


def test_a_cache_directory_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "replies"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(DrafterError, match=r"cannot write the reply cache"):
        ReplyCache(blocker).put(reply_key(IDENTITY, MESSAGES), Reply(BODY))
    assert blocker.read_text(encoding="utf-8") == "not a directory"
