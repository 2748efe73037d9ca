"""Token counting works with the network blocked and tiktoken's download cache empty."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from drafter import tokens
from drafter.backends.openai_compat import OpenAIBackend
from drafter.config import Settings

REPO = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}
TEXT = "2025年，全市有效期内高新技术企业达28家，技术合同成交额14.5亿元，R&D经费投入强度2.79%。"


@pytest.fixture
def network_blocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No name resolution or connection beyond 127.0.0.1; tiktoken's file cache empty and forgotten."""
    import tiktoken.registry

    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in LOCAL_HOSTS:
            raise socket.gaierror(f"network blocked by the test: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):  # type: ignore[no-untyped-def]
        if isinstance(address, tuple) and address[0] not in LOCAL_HOSTS:
            raise OSError(f"network blocked by the test: {address[0]}")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty-tiktoken-cache"))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    tokens.offline_encoding.cache_clear()


def test_blocked_network_really_stops_tiktoken_downloads(network_blocked: None) -> None:
    import tiktoken

    with pytest.raises(Exception, match="blocked"):
        tiktoken.get_encoding("o200k_base")


def test_counting_works_with_the_network_blocked(network_blocked: None) -> None:
    count = tokens.count_tokens(TEXT, "gpt-4o-mini")
    assert 0 < count < len(TEXT)
    assert tokens.offline_encoding().decode(tokens.token_ids(TEXT)) == TEXT


def test_every_model_name_counts_the_same_without_a_lookup(network_blocked: None) -> None:
    counts = {model: tokens.count_tokens(TEXT, model) for model in ("gpt-4o", "gpt-5-mini", "qwen2.5:7b")}
    assert len(set(counts.values())) == 1


def test_special_token_text_is_counted_as_plain_text() -> None:
    assert tokens.count_tokens("<|endoftext|>", "gpt-4o-mini") > 1


def test_message_tokens_add_each_message_and_its_overhead() -> None:
    one = [{"role": "system", "content": TEXT}]
    two = one + [{"role": "user", "content": TEXT}]
    assert tokens.count_message_tokens(two, "m") - tokens.count_message_tokens(one, "m") == (
        tokens.TOKENS_PER_MESSAGE + tokens.count_tokens("user", "m") + tokens.count_tokens(TEXT, "m"))


def test_building_the_openai_backend_and_counting_its_prompt_need_no_network(network_blocked: None) -> None:
    backend = OpenAIBackend(Settings(home=REPO, base_url="http://127.0.0.1:9/v1", model="gpt-4o-mini"))
    assert backend.client.base_url.host == "127.0.0.1"
    messages = [{"role": "system", "content": "你是科技局工作人员。"}, {"role": "user", "content": TEXT}]
    assert tokens.count_message_tokens(messages, backend.model) > tokens.count_tokens(TEXT, "gpt-4o-mini")
