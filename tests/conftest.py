"""Shared fixtures: deterministic fakes of the two protocols, and an isolated project home."""

from __future__ import annotations

import shutil
from collections import deque
from pathlib import Path

import pytest

from drafter.backends.base import Reply, Round, SectionTask

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "corpus" / "raw"


class MockBackend:
    """A Backend that replays enqueued replies (texts, or Reply objects) and records every task and
    round it was given."""

    name = "mock"
    identity = {"backend": "mock"}

    def __init__(self) -> None:
        self.replies: deque[str | Reply] = deque()
        self.history: list[SectionTask] = []
        self.rounds: list[Round] = []

    def enqueue(self, *replies: str | Reply) -> MockBackend:
        self.replies.extend(replies)
        return self

    def write(self, task: SectionTask, round: Round | None = None) -> Reply:
        self.history.append(task)
        self.rounds.append(round or Round())
        if not self.replies:
            raise AssertionError(f"MockBackend has no reply left for section {task.key}")
        reply = self.replies.popleft()
        return reply if isinstance(reply, Reply) else Reply(reply, model="mock")


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches a real endpoint or reads the developer's configuration by accident."""
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTER_MODEL", "DRAFTER_BACKEND", "DRAFTER_HOME",
                "DRAFTER_CHROMA_URL", "DRAFTER_EMBEDDER", "DRAFTER_EMBEDDING_MODEL", "DRAFTER_CONCURRENCY"):
        monkeypatch.delenv(var, raising=False)
    # commands run with the built-in hashing embedder: the default (e5, a real model) costs ~0.1 s a
    # query on 2 cores, and has its own few tests (test_embed_e5.py) that ask for it by name
    monkeypatch.setenv("DRAFTER_EMBEDDER", "hashing")


@pytest.fixture
def mock_backend() -> MockBackend:
    return MockBackend()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh project home with the raw seeds and the prompts, set as DRAFTER_HOME."""
    root = tmp_path / "home"
    shutil.copytree(RAW, root / "corpus" / "raw")
    shutil.copytree(REPO / "prompts", root / "prompts")
    monkeypatch.setenv("DRAFTER_HOME", str(root))
    return root


class FakeEmbedder:
    """A deterministic Embedder (character counts hashed by code point) that counts what it embeds."""

    name = "fake"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.embedded = 0

    @property
    def config(self) -> dict[str, int]:
        return {"dim": self.dim}

    def embed(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        vectors = []
        for text in texts:
            vector = [0.0] * self.dim
            for char in text:
                vector[ord(char) % self.dim] += 1.0
            norm = sum(v * v for v in vector) ** 0.5 or 1.0
            vectors.append([v / norm for v in vector])
        return vectors


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    """A FakeEmbedder, registered so that an index built with it can be reopened."""
    from drafter.embed import register_embedder

    register_embedder(FakeEmbedder.name, lambda config: FakeEmbedder(**config))
    return FakeEmbedder()


@pytest.fixture
def openai_stub():  # type: ignore[no-untyped-def]
    """A running OpenAI-compatible server on 127.0.0.1 (tests/openai_stub.py): .enqueue(...),
    .requests, .url (base URL ending in /v1), .api_key."""
    from openai_stub import OpenAIStub

    with OpenAIStub() as stub:
        yield stub
