"""The openai backend against a real chat-completions server on 127.0.0.1 (tests/openai_stub.py)."""

from __future__ import annotations

import dataclasses
import math
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from openai_stub import OpenAIStub, Reply

from drafter.backends import get_backend
from drafter.backends.base import Round, SectionTask
from drafter.backends.openai_compat import OpenAIBackend
from drafter.config import Settings, load_settings
from drafter.errors import BackendError, DeadlineError, DrafterError, RequestFailedError

REPO = Path(__file__).resolve().parent.parent
BODY = "一是加强科普宣传，开展“科技三下乡”等科普宣传活动10余次。\n二是承办“科技潇湘行”活动，130多名专家开展科技服务150场次。"
MESSAGES = ({"role": "system", "content": "你是科技局工作人员。"}, {"role": "user", "content": "请写本节正文。"})
ROUND = Round(messages=MESSAGES)


def task(**changes: object) -> SectionTask:
    base = SectionTask(
        key="一.（一）.1", number="1.", heading="加强科技宣传和普及，营造科技创新良好环境", level=3,
        doc_title="洪江市科学技术局2025年工作总结和2026年工作计划", doc_kind="总结和计划",
        unit="洪江市科学技术局", year=2025, section_kind="review",
        facts=["开展科普宣传活动10余次", "130多名专家开展科技服务150场次"],
    )
    return dataclasses.replace(base, **changes)


def ask(backend: OpenAIBackend) -> str:
    """The reply text to the fixed messages."""
    return backend.write(task(), ROUND).text


def settings_for(stub: OpenAIStub, **changes: object) -> Settings:
    base = Settings(home=REPO, base_url=stub.url, api_key=stub.api_key, model="stub-model", temperature=0.2,
                    timeout=5.0, max_retries=3)
    return dataclasses.replace(base, **changes)


class Sleeps(list[float]):
    """Records the waits between retries instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- replies


def test_the_reply_comes_back_whole_with_its_finish_reason_model_and_usage(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(BODY)
    reply = OpenAIBackend(settings_for(openai_stub)).write(task(), ROUND)
    assert reply.text == BODY and reply.finish_reason == "stop" and reply.complete
    assert reply.model == "stub-model"
    prompt_chars = sum(len(m["content"]) for m in MESSAGES)  # the stub counts one token per character
    assert reply.usage is not None and (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (
        prompt_chars, len(BODY))


def test_a_reply_cut_off_at_the_token_limit_says_so(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply("申报科技项目：13项（时期", finish_reason="length"))
    reply = OpenAIBackend(settings_for(openai_stub)).write(task(), ROUND)
    assert reply.finish_reason == "length" and not reply.complete


def test_the_request_is_a_chat_completion_with_the_rounds_messages(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(BODY)
    OpenAIBackend(settings_for(openai_stub)).write(task(), ROUND)
    (request,) = openai_stub.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "stub-model" and request.body["temperature"] == 0.2
    assert request.messages == list(MESSAGES)
    assert request.headers["authorization"] == f"Bearer {openai_stub.api_key}"


def test_a_codex_model_is_asked_through_chat_completions_too(
        openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(BODY)
    OpenAIBackend(settings_for(openai_stub, model="gpt-5-codex")).write(task(), ROUND)
    assert [(r.path, r.body["model"]) for r in openai_stub.requests] == [("/v1/chat/completions", "gpt-5-codex")]


def test_a_streamed_reply_is_joined_from_its_chunks_with_reason_and_usage(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(BODY, finish_reason="length"))
    reply = OpenAIBackend(settings_for(openai_stub), stream=True).write(task(), ROUND)
    assert reply.text == BODY and reply.finish_reason == "length"
    assert reply.usage is not None and reply.usage.completion_tokens == len(BODY)
    assert openai_stub.requests[0].body["stream"] is True


def test_markdown_in_the_reply_is_returned_as_the_model_wrote_it(openai_stub: OpenAIStub) -> None:
    raw = f"```markdown\n### 1. 加强科技宣传和普及，营造科技创新良好环境\n\n**一是**{BODY[2:]}\n```"
    openai_stub.enqueue(raw)
    assert ask(OpenAIBackend(settings_for(openai_stub))) == raw  # cleaning is the drafting loop's


def test_a_round_without_messages_is_rendered_from_the_prompts(home: Path, openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(BODY)
    backend = OpenAIBackend(settings_for(openai_stub, home=home, max_prompt_tokens=4000))
    backend.write(task(), Round())
    system, user = openai_stub.requests[0].messages
    assert "洪江市科学技术局的工作人员" in system["content"]
    assert "本节：1.加强科技宣传和普及，营造科技创新良好环境" in user["content"]


# --------------------------------------------------------------------------- retries and errors


def test_429_and_500_are_retried_with_backoff_then_succeed(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(status=429, headers={"Retry-After": "2"}), 500, 503, BODY)
    sleeps = Sleeps()
    assert ask(OpenAIBackend(settings_for(openai_stub), sleep=sleeps, backoff=0.5)) == BODY
    assert sleeps == [2.0, 1.0, 2.0]  # Retry-After as given, then 0.5 × 2^attempt
    assert len(openai_stub.chat_requests) == 4


def test_a_long_retry_after_falls_back_to_our_backoff(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(status=429, headers={"Retry-After": "3600"}), BODY)
    sleeps = Sleeps()
    ask(OpenAIBackend(settings_for(openai_stub), sleep=sleeps, backoff=0.5))
    assert sleeps == [0.5]


def test_a_server_that_keeps_failing_fails_the_request_alone_after_max_retries(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(500, 500, 500, BODY)
    backend = OpenAIBackend(settings_for(openai_stub, max_retries=2), sleep=Sleeps())
    with pytest.raises(RequestFailedError, match=r"HTTP 500 after 3 attempts"):
        backend.write(task(), ROUND)
    assert len(openai_stub.chat_requests) == 3


def test_persistent_rate_limiting_suggests_lower_concurrency(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(429, 429)
    with pytest.raises(BackendError, match=r"HTTP 429.*--concurrency"):
        OpenAIBackend(settings_for(openai_stub, max_retries=1), sleep=Sleeps()).write(task(), ROUND)


def test_a_wrong_api_key_says_to_check_openai_api_key_and_nothing_more_is_sent(openai_stub: OpenAIStub) -> None:
    backend = OpenAIBackend(settings_for(openai_stub, api_key="sk-wrong"), sleep=Sleeps())
    for _ in range(3):
        with pytest.raises(BackendError, match=r"HTTP 401.*check OPENAI_API_KEY") as error:
            backend.write(task(), ROUND)
        assert not isinstance(error.value, RequestFailedError)
    assert len(openai_stub.requests) == 1


def test_an_unknown_model_says_to_set_drafter_model() -> None:
    with OpenAIStub(models=("qwen2.5-7b-instruct",)) as stub:
        backend = OpenAIBackend(settings_for(stub, model="gpt-4o-mini"), sleep=Sleeps())
        with pytest.raises(BackendError) as error:
            backend.write(task(), ROUND)
        assert str(error.value).startswith(f"model 'gpt-4o-mini' not found at {stub.url} (HTTP 404)")
        assert "set DRAFTER_MODEL" in str(error.value)
        assert len(stub.requests) == 1


def test_an_unreachable_endpoint_suggests_offline() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    backend = OpenAIBackend(Settings(home=REPO, base_url=url, api_key="k"), sleep=Sleeps())
    with pytest.raises(BackendError, match=rf"cannot reach {url}; check OPENAI_BASE_URL or use --offline"):
        backend.write(task(), ROUND)


def test_an_endpoint_that_never_answered_and_stays_silent_stops_the_run_after_one_request(
        openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(BODY, delay=math.inf))
    backend = OpenAIBackend(settings_for(openai_stub, timeout=0.3, max_retries=3), sleep=Sleeps())
    start = time.monotonic()
    with pytest.raises(BackendError, match=r"accepted the request but sent nothing for 0\.3 s.*raise timeout"):
        ask(backend)
    assert time.monotonic() - start < 2 and len(openai_stub.chat_requests) == 1
    with pytest.raises(BackendError, match="sent nothing"):  # and nothing more is sent
        ask(backend)
    assert len(openai_stub.chat_requests) == 1


def test_an_endpoint_that_sends_headers_and_then_nothing_stops_the_run_too(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply(BODY, delay=30))  # a stream's headers at once, its text never in time
    backend = OpenAIBackend(settings_for(openai_stub, timeout=0.3, max_retries=3), sleep=Sleeps(), stream=True)
    with pytest.raises(BackendError, match=r"sent nothing for 0\.3 s") as error:
        ask(backend)
    assert not isinstance(error.value, RequestFailedError) and len(openai_stub.chat_requests) == 1


def test_a_silent_request_to_an_endpoint_that_answers_is_retried_then_fails_alone(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(BODY, Reply(BODY, delay=1.0), Reply(BODY, delay=1.0))
    sleeps = Sleeps()
    backend = OpenAIBackend(settings_for(openai_stub, timeout=0.2, max_retries=1), sleep=sleeps)
    assert ask(backend) == BODY
    with pytest.raises(RequestFailedError, match=r"no reply from .* within 0\.2 s \(2 attempts\)"):
        ask(backend)
    assert len(sleeps) == 1 and len(openai_stub.chat_requests) == 3


def test_until_the_endpoint_answers_one_request_goes_at_a_time_so_a_wrong_key_costs_one(
        openai_stub: OpenAIStub) -> None:
    backend = OpenAIBackend(settings_for(openai_stub, api_key="sk-wrong"), sleep=Sleeps())
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda _: _raised(lambda: ask(backend)), range(8)))
    assert all(isinstance(o, BackendError) and "HTTP 401" in str(o) for o in outcomes)
    assert len(openai_stub.chat_requests) == 1


def test_once_the_endpoint_answered_requests_go_out_together(openai_stub: OpenAIStub) -> None:
    openai_stub.default = Reply(BODY, delay=0.3)
    backend = OpenAIBackend(settings_for(openai_stub), sleep=Sleeps())
    ask(backend)
    start = time.monotonic()
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: ask(backend), range(6)))
    assert time.monotonic() - start < 1.2  # six replies of 0.3 s each, side by side


def test_a_request_after_the_runs_deadline_is_never_sent(openai_stub: OpenAIStub) -> None:
    backend = OpenAIBackend(settings_for(openai_stub), sleep=Sleeps())
    late = Round(messages=MESSAGES, deadline=time.monotonic() - 1)
    with pytest.raises(DeadlineError, match=r"deadline of 1800 s passed"):
        backend.write(task(), late)
    assert openai_stub.chat_requests == []


def _raised(call):  # type: ignore[no-untyped-def]
    try:
        call()
    except Exception as exc:  # noqa: BLE001 - the test looks at what was raised
        return exc
    return None


def test_a_bad_request_is_reported_with_the_servers_message(openai_stub: OpenAIStub) -> None:
    openai_stub.enqueue(Reply("maximum context length is 4096 tokens", status=400))
    with pytest.raises(BackendError, match=r"HTTP 400.*maximum context length"):
        OpenAIBackend(settings_for(openai_stub), sleep=Sleeps()).write(task(), ROUND)


def test_no_endpoint_at_all_is_refused_with_a_hint() -> None:
    with pytest.raises(BackendError, match="OPENAI_API_KEY.*--offline"):
        OpenAIBackend(Settings(home=REPO))


# --------------------------------------------------------------------------- choosing a backend


def test_the_environment_endpoint_selects_the_openai_backend(openai_stub: OpenAIStub,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.url)
    monkeypatch.setenv("OPENAI_API_KEY", openai_stub.api_key or "")
    monkeypatch.setenv("DRAFTER_MODEL", "stub-model")
    backend = get_backend(load_settings())
    assert isinstance(backend, OpenAIBackend) and backend.name == "openai" and backend.url == openai_stub.url
    openai_stub.enqueue(BODY)
    assert ask(backend) == BODY


def test_an_unknown_backend_name_is_an_error() -> None:
    with pytest.raises(DrafterError, match=r"unknown backend 'claude'.*offline, openai"):
        get_backend(Settings(home=REPO, backend="claude"))


def test_without_an_endpoint_the_offline_composer_is_chosen() -> None:
    from drafter.backends.offline import OfflineComposer

    assert isinstance(get_backend(Settings(home=REPO)), OfflineComposer)


# --------------------------------------------------------------------------- unit tests without HTTP


def test_an_endpoint_that_refuses_stream_options_is_streamed_without_them(openai_stub: OpenAIStub) -> None:
    def respond(body: dict) -> Reply:
        if "stream_options" in body:
            return Reply("Unrecognized request argument supplied: stream_options", status=400)
        return Reply(BODY)

    openai_stub.responder = respond
    backend = OpenAIBackend(settings_for(openai_stub), stream=True)
    assert ask(backend) == BODY and ask(backend) == BODY
    assert ["stream_options" in r.body for r in openai_stub.chat_requests] == [True, False, False]


def test_the_identity_names_endpoint_model_and_temperature(openai_stub: OpenAIStub) -> None:
    backend = OpenAIBackend(settings_for(openai_stub))
    assert backend.identity == {"backend": "openai", "base_url": openai_stub.url, "model": "stub-model",
                                "temperature": 0.2}


# --------------------------------------------------------------------------- the stub's other endpoints


def test_the_stub_lists_models_and_serves_deterministic_embeddings(openai_stub: OpenAIStub) -> None:
    import math

    import openai

    client = openai.OpenAI(base_url=openai_stub.url, api_key=openai_stub.api_key)
    assert [m.id for m in client.models.list()] == ["stub-model"]
    texts = ["高新技术企业培育", "高新技术企业培育工作", "科普宣传活动"]
    first = [d.embedding for d in client.embeddings.create(model="bge-m3", input=texts).data]  # base64
    again = client.embeddings.create(model="bge-m3", input=texts, encoding_format="float").data
    assert all(math.isclose(a, b, abs_tol=1e-6) for v, d in zip(first, again, strict=True)
               for a, b in zip(v, d.embedding, strict=True))
    assert len(first[0]) == openai_stub.dimensions

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cosine(first[0], first[1]) > cosine(first[0], first[2])
