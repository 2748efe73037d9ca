"""Replies are cached on disk by what was asked: a rerun makes no second HTTP call."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import MockBackend
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from openai_stub import OpenAIStub

from drafter.backends.base import SectionTask
from drafter.backends.openai_compat import OpenAIBackend
from drafter.cache import CachedBackend, ReplyCache, reply_key
from drafter.config import Settings
from drafter.errors import DrafterError

REPO = Path(__file__).resolve().parent.parent
BODY = "一是开展“科技三下乡”等科普宣传活动10余次。二是发放资料3.5万余份。"
MESSAGES = [{"role": "system", "content": "你是洪江市科学技术局的工作人员。"},
            {"role": "user", "content": "请起草“加强科技宣传和普及”一节的正文。"}]


def task(**changes: object) -> SectionTask:
    base = SectionTask(key="一.（一）.1", number="1.", heading="加强科技宣传和普及", level=3,
                       doc_title="洪江市科学技术局2025年工作总结", doc_kind="总结", unit="洪江市科学技术局",
                       year=2025, section_kind="review", facts=["开展科普宣传活动10余次"], messages=MESSAGES)
    return dataclasses.replace(base, **changes)


def test_a_rerun_is_answered_from_the_cache_without_a_second_http_call(openai_stub: OpenAIStub,
                                                                       tmp_path: Path) -> None:
    settings = Settings(home=REPO, base_url=openai_stub.url, api_key=openai_stub.api_key, model="stub-model")
    openai_stub.enqueue(BODY)
    first = CachedBackend(OpenAIBackend(settings), ReplyCache(tmp_path / "replies"))
    assert first.write(task()) == BODY and (first.hits, first.misses) == (0, 1)
    rerun = CachedBackend(OpenAIBackend(settings), ReplyCache(tmp_path / "replies"))  # a new process, same dir
    assert rerun.write(task()) == BODY and (rerun.hits, rerun.misses) == (1, 0)
    assert len(openai_stub.chat_requests) == 1
    assert rerun.name == "openai"


def test_a_cached_reply_is_replayed_instead_of_asking_the_model_again(tmp_path: Path) -> None:
    fake = FakeListChatModel(responses=[BODY, "第二次调用的回复。"])
    backend = CachedBackend(OpenAIBackend(Settings(home=REPO), chat_model=fake), ReplyCache(tmp_path))
    assert [backend.write(task()), backend.write(task())] == [BODY, BODY]
    assert backend.write(task(messages=[*MESSAGES, {"role": "user", "content": "再写一遍。"}])) == "第二次调用的回复。"


def test_model_temperature_backend_and_messages_all_change_the_key() -> None:
    base = reply_key("openai", "gpt-4o-mini", MESSAGES, 0.3)
    assert base == reply_key("openai", "gpt-4o-mini", [dict(m) for m in MESSAGES], 0.3)
    variants = {reply_key("openai", "qwen2.5", MESSAGES, 0.3), reply_key("openai", "gpt-4o-mini", MESSAGES, 0.7),
                reply_key("offline", "gpt-4o-mini", MESSAGES, 0.3),
                reply_key("openai", "gpt-4o-mini", MESSAGES[:1], 0.3)}
    assert base not in variants and len(variants) == 4


def test_a_backend_writing_from_the_task_itself_is_keyed_on_its_fields(tmp_path: Path,
                                                                        mock_backend: MockBackend) -> None:
    mock_backend.enqueue("第一节正文。", "事实变了之后的正文。")
    backend = CachedBackend(mock_backend, ReplyCache(tmp_path))
    structured = task(messages=[])
    assert backend.write(structured) == "第一节正文。"
    assert backend.write(dataclasses.replace(structured)) == "第一节正文。"
    assert backend.write(task(messages=[], facts=["开展科普宣传活动12次"])) == "事实变了之后的正文。"
    assert len(mock_backend.history) == 2


def test_an_empty_reply_is_not_cached(tmp_path: Path, mock_backend: MockBackend) -> None:
    mock_backend.enqueue("", BODY)
    backend = CachedBackend(mock_backend, ReplyCache(tmp_path))
    assert backend.write(task()) == ""
    assert backend.write(task()) == BODY


def test_a_damaged_cache_file_is_a_miss_and_is_replaced_whole(tmp_path: Path) -> None:
    cache = ReplyCache(tmp_path)
    key = reply_key("openai", "m", MESSAGES, 0.3)
    cache.path(key).parent.mkdir(parents=True)
    cache.path(key).write_text('{"reply": "半截', encoding="utf-8")
    assert cache.get(key) is None
    cache.put(key, BODY)
    assert cache.get(key) == BODY
    assert [p.name for p in cache.path(key).parent.iterdir()] == [f"{key}.json"]  # no temporary files left


def test_a_cache_directory_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "replies"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(DrafterError, match=r"cannot write the reply cache"):
        ReplyCache(blocker).put(reply_key("openai", "m", MESSAGES, 0.3), BODY)
    assert blocker.read_text(encoding="utf-8") == "not a directory"
