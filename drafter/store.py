"""The retrieval index: every section of every corpus document in Chroma, searched by similarity.

Embedded (a PersistentClient in the live generation under ``settings.vectorstore_dir``, see
:mod:`drafter.generations`) by default, or a shared Chroma server (``settings.chroma_url`` →
HttpClient). Each entry is one section, or one sentence-aligned chunk of a long section, with its
document's metadata. The collection records the embedder that built it; the index is updated
incrementally (a document whose content hash is unchanged is not re-embedded). Builds are serialised
by a file lock and written aside, so a reader never sees a half-built index.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from drafter.backends.base import Reference
from drafter.config import Settings
from drafter.corpus.build import load_corpus
from drafter.corpus.model import Document, SectionKind
from drafter import generations
from drafter.embed import (
    CorpusFitted,
    Embedder,
    char_ngrams,
    chroma_embedding_function,
    embed_queries,
    embedder_from_config,
    make_embedder,
    register_with_chroma,
)
from drafter.errors import DrafterError, StoreError
from drafter.sanitize import sanitize_reference
from drafter.text import split_sentences
from drafter.vectors import VectorCache, is_cacheable

COLLECTION = "drafter-corpus"
SCHEMA = 1  # bump when the layout of entries changes: every document is then re-embedded
CHUNK_CHARS = 320  # a long section is cut into sentence-aligned chunks of about this size
CHUNK_ABOVE = 480  # ... when its text is longer than this
BATCH = 256
REBUILD_HINT = "`drafter corpus index --rebuild`"

Progress = Callable[[int, int], None]  # (entries embedded so far, entries to embed)
Mode = Literal["vectors", "bm25", "hybrid"]
Groups = str | Collection[str] | None  # near-duplicate groups to leave out: one, several or none


@dataclass(frozen=True)
class Entry:
    """One indexed passage: a section's text (or a chunk of it) with its document's metadata."""

    id: str
    text: str  # the passage as stored and shown
    embed_text: str  # what is embedded: heading and passage
    metadata: dict[str, str | int | bool]


@dataclass(frozen=True)
class Hit:
    """A retrieved passage."""

    doc_id: str
    title: str
    section_path: str
    heading: str
    kind: str
    text: str
    score: float
    masked: bool
    dup_group: str
    entry_id: str = ""  # the index entry: "<doc id>#<section order>.<chunk>"
    outline: bool = False  # a heading-only section: its text only lists the sub-headings


@dataclass(frozen=True)
class IndexStats:
    """What ``index_corpus`` did."""

    location: str
    documents: int
    entries: int
    embedded_documents: int  # new or changed documents (re-)embedded
    unchanged_documents: int
    removed_documents: int
    embedded_entries: int
    embedder: str
    seconds: float
    set_aside: Path | None = None  # an unreadable index directory moved away by --rebuild


# -- entries ----------------------------------------------------------------------------------------

def _passages(text: str) -> list[str]:
    """The text whole, or in sentence-aligned chunks when it is long."""
    if len(text) <= CHUNK_ABOVE:
        return [text]
    chunks, current = [], ""
    for sentence in split_sentences(text):
        if current and len(current) + len(sentence) > CHUNK_CHARS:
            chunks.append(current)
            current = ""
        current += sentence
    return [*chunks, current] if current else chunks


def document_group(document: Document) -> str:
    """The near-duplicate group a document is left out with (itself when it has none)."""
    return document.dup_group or document.id


def section_entries(document: Document) -> list[Entry]:
    """The index entries of one document, in reading order."""
    entries = []
    for order, (ancestors, section) in enumerate(document.walk()):
        path = " / ".join(s.title_line for s in (*ancestors, section))
        body = "\n".join(section.body).strip()
        # a heading-only section is embedded by its heading and shows the outline of its sub-sections
        outline = "；".join(child.title_line for child in section.children)
        for chunk, passage in enumerate(_passages(body) if body else [outline]):
            entries.append(Entry(
                id=f"{document.id}#{order}.{chunk}",
                text=passage,
                embed_text=f"{section.heading}\n{passage if body else ''}",
                metadata={
                    "doc_id": document.id, "title": document.title, "unit": document.unit or "",
                    "year": max(document.years, default=0), "section_path": path,
                    "heading": section.heading, "level": section.level, "kind": str(section.kind),
                    "masked": document.masked, "dup_group": document_group(document),
                    "order": order, "chunk": chunk, "outline": not body,
                },
            ))
    return entries


def _content_hash(entries: Sequence[Entry]) -> str:
    payload = json.dumps([SCHEMA, [(e.id, e.text, e.embed_text, e.metadata) for e in entries]],
                         ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


# -- Chroma access ----------------------------------------------------------------------------------

def _location(settings: Settings) -> str:
    return settings.chroma_url or str(settings.vectorstore_dir)


@contextmanager
def _chroma_errors(settings: Settings, doing: str) -> Iterator[None]:
    """Turn chromadb's failures into a StoreError that says what to do."""
    try:
        yield
    except DrafterError:
        raise
    except Exception as exc:  # noqa: BLE001 (chromadb raises many types, bare ValueError included)
        if settings.chroma_url:
            raise StoreError(f"Chroma server {settings.chroma_url} failed while {doing}: {exc}; check that "
                             "`chroma run` is up there, or unset chroma_url to use the local index") from None
        raise StoreError(f"vectorstore {settings.vectorstore_dir} is unreadable ({doing}: {exc}); rebuild "
                         f"it with {REBUILD_HINT} (the damaged directory is kept aside)") from None


def _client(settings: Settings, path: Path | None = None) -> Any:
    """A client of the Chroma server, or of the local index directory ``path``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    register_with_chroma()
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url if "//" in settings.chroma_url else f"http://{settings.chroma_url}")
        if not url.hostname:
            raise StoreError(f"chroma_url {settings.chroma_url!r} is not a URL like http://127.0.0.1:8000")
        try:
            client = chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                         settings=chroma_settings)
            client.heartbeat()
        except Exception as exc:  # noqa: BLE001 (connection errors come in many types)
            raise StoreError(f"Chroma server {settings.chroma_url} is unreachable ({type(exc).__name__}); "
                             "start it with `chroma run --host HOST --port PORT --path DIR` or unset "
                             "chroma_url (--chroma-url, $DRAFTER_CHROMA_URL) to use the local index") from None
        return client
    assert path is not None, "a local index is opened in one of its generations"
    with _chroma_errors(settings, "opening it"):
        client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        client.list_collections()
    return client


def _existing(client: Any, name: str) -> Any | None:
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    return client.get_collection(name) if name in names else None


def _recorded_embedder(settings: Settings, collection: Any) -> Embedder:
    """The embedder the collection was built with, rebuilt from the config it persisted."""
    function = (collection.configuration_json or {}).get("embedding_function") or {}
    if function.get("name") != "drafter":
        raise StoreError(f"the index at {_location(settings)} was not built by drafter (embedding function "
                         f"{function.get('name')!r}); rebuild it with {REBUILD_HINT}")
    config = function.get("config") or {}
    try:
        return embedder_from_config(config["embedder"], config["config"])
    except (DrafterError, KeyError, TypeError) as exc:
        raise StoreError(f"the index at {_location(settings)} records an embedder this installation cannot "
                         f"rebuild ({exc}); rebuild it with {REBUILD_HINT}") from None


def _describe(embedder: Embedder) -> str:
    shown = {k: v for k, v in embedder.config.items() if len(str(v)) <= 64}  # not a fitted table
    return f"{embedder.name} {json.dumps(shown, ensure_ascii=False, sort_keys=True)}"


def _reconcile(settings: Settings, recorded: Embedder, requested: Embedder) -> Embedder:
    """The embedder to use with an existing index: the recorded one, provided it agrees with every
    setting of the requested one (the recorded one may add what it fitted on the corpus)."""
    wanted, built = requested.config, recorded.config
    if recorded.name != requested.name or any(built.get(k) != v for k, v in wanted.items()):
        raise StoreError(f"the index at {_location(settings)} was built with embedder {_describe(recorded)}, "
                         f"but {_describe(requested)} is configured; rebuild it with {REBUILD_HINT} "
                         "or configure the embedder it was built with")
    return requested if built == wanted else recorded


# -- indexing ---------------------------------------------------------------------------------------

@dataclass
class _Plan:
    """What a build does: the embedder to use, and the documents to (re-)embed or drop."""

    active: Embedder
    hashes: dict[str, str]  # content hash of every corpus document
    known: dict[str, str]  # content hash of every indexed document

    @property
    def todo(self) -> list[str]:
        return [doc_id for doc_id in self.hashes if self.known.get(doc_id) != self.hashes[doc_id]]

    @property
    def stale(self) -> list[str]:
        return [doc_id for doc_id in self.known if self.hashes.get(doc_id) != self.known[doc_id]]


def _plan(settings: Settings, current: Any | None, entries_by_doc: dict[str, list[Entry]],
          requested: Embedder) -> _Plan:
    hashes = {doc_id: _content_hash(entries) for doc_id, entries in entries_by_doc.items()}
    if current is not None:
        return _Plan(_reconcile(settings, _recorded_embedder(settings, current), requested), hashes,
                     _indexed_hashes(current))
    texts = [e.embed_text for entries in entries_by_doc.values() for e in entries]
    return _Plan(requested.fitted(texts) if isinstance(requested, CorpusFitted) else requested, hashes, {})


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def index_corpus(settings: Settings, documents: Sequence[Document] | None = None,
                 progress: Progress | None = None, *, embedder: Embedder | None = None,
                 rebuild: bool = False, waiting: Callable[[str], None] | None = _say) -> IndexStats:
    """Bring the index up to date with the corpus; only new or changed documents are embedded.

    One build at a time (a file lock; ``waiting`` hears it when another build holds it). The local
    index is written aside and swapped in when complete; ``rebuild`` builds it afresh (e.g. after
    changing the embedder), and an unreadable index directory is then moved aside, never deleted.
    """
    started = time.perf_counter()
    documents = list(documents) if documents is not None else load_corpus(settings)
    if not documents:
        raise StoreError(f"the corpus under {settings.corpus_dir} is empty: nothing to index; build it with "
                         "`drafter corpus build` or add samples with `drafter corpus add FILE`")
    entries_by_doc = {doc.id: section_entries(doc) for doc in documents}
    requested = embedder or make_embedder(settings)
    with generations.build_lock(settings.vectorstore_dir, waiting):
        build = _index_on_server if settings.chroma_url else _index_locally
        plan, set_aside = build(settings, entries_by_doc, requested, rebuild, progress)
    todo = plan.todo
    return IndexStats(
        location=_location(settings), documents=len(documents),
        entries=sum(map(len, entries_by_doc.values())), embedded_documents=len(todo),
        unchanged_documents=len(documents) - len(todo),
        removed_documents=len(set(plan.known) - set(plan.hashes)),
        embedded_entries=sum(len(entries_by_doc[doc_id]) for doc_id in todo), embedder=_describe(plan.active),
        seconds=time.perf_counter() - started, set_aside=set_aside)


def _index_locally(settings: Settings, entries_by_doc: dict[str, list[Entry]], requested: Embedder,
                   rebuild: bool, progress: Progress | None) -> tuple[_Plan, Path | None]:
    """Update a copy of the live generation (or build a fresh one) and publish it when complete."""
    store = settings.vectorstore_dir
    live, current, set_aside = generations.live(store), None, None
    if live is not None:
        try:
            client = _client(settings, live)
            with _chroma_errors(settings, "reading it"):
                current = _existing(client, COLLECTION)
                if current is not None and not rebuild:
                    plan = _plan(settings, current, entries_by_doc, requested)
        except StoreError:
            if not rebuild:
                raise
            set_aside = generations.set_aside(live)
    if rebuild or current is None:
        current, plan = None, _plan(settings, None, entries_by_doc, requested)
    elif not plan.todo and not plan.stale:
        return plan, None  # up to date: nothing is written
    target = generations.new_generation(store, copy_of=live if current is not None else None)
    try:
        client = _client(settings, target)
        with _chroma_errors(settings, "indexing"):
            collection = _existing(client, COLLECTION) if current is not None else \
                _fresh_collection(client, plan.active, COLLECTION)
            _apply(settings, collection, plan, entries_by_doc, progress)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    generations.publish(store, target)
    return plan, set_aside


def _index_on_server(settings: Settings, entries_by_doc: dict[str, list[Entry]], requested: Embedder,
                     rebuild: bool, progress: Progress | None) -> tuple[_Plan, Path | None]:
    """Update the server's collection in place, or build a fresh one aside and swap it in."""
    client = _client(settings)
    with _chroma_errors(settings, "indexing"):
        current = None if rebuild else _existing(client, COLLECTION)
        plan = _plan(settings, current, entries_by_doc, requested)
        target = current if current is not None else _fresh_collection(client, plan.active, f"{COLLECTION}-building")
        _apply(settings, target, plan, entries_by_doc, progress)
        if current is None:
            _swap_in(client, target)
    return plan, None


def _apply(settings: Settings, collection: Any, plan: _Plan, entries_by_doc: dict[str, list[Entry]],
           progress: Progress | None) -> None:
    for doc_id in plan.stale:
        collection.delete(where={"doc_id": doc_id})
    pending = [(e, plan.hashes[doc_id]) for doc_id in plan.todo for e in entries_by_doc[doc_id]]
    _embed_into(settings, collection, plan.active, pending, progress)


def ensure_index(settings: Settings, progress: Progress | None = None) -> IndexStats | None:
    """Make sure an index exists before retrieval: the local index is brought up to date with the
    corpus (cheap when nothing changed); a shared server's index is only built when it has none."""
    if settings.chroma_url:
        with _chroma_errors(settings, "looking for the index"):
            existing = _existing(_client(settings), COLLECTION)
            if existing is not None and existing.count():
                return None
    return index_corpus(settings, progress=progress)


def _indexed_hashes(collection: Any) -> dict[str, str]:
    metadatas = collection.get(include=["metadatas"])["metadatas"] or []
    return {str(m["doc_id"]): str(m["doc_hash"]) for m in metadatas}


def _fresh_collection(client: Any, embedder: Embedder, name: str) -> Any:
    if _existing(client, name) is not None:  # left over by an interrupted rebuild
        client.delete_collection(name)
    return client.create_collection(name, embedding_function=chroma_embedding_function(embedder),
                                    configuration={"hnsw": {"space": "cosine"}},
                                    metadata={"drafter_schema": SCHEMA})


def _swap_in(client: Any, building: Any) -> None:
    """Replace the live collection with the completed one."""
    if _existing(client, COLLECTION) is not None:
        client.delete_collection(COLLECTION)
    building.modify(name=COLLECTION)


def _embed_into(settings: Settings, collection: Any, embedder: Embedder, pending: list[tuple[Entry, str]],
                progress: Progress | None) -> None:
    """Embed and add the pending entries; a model's vectors come from (and go to) the vector cache."""
    cache = VectorCache.for_settings(settings, embedder) if is_cacheable(embedder) else None
    try:
        for start in range(0, len(pending), BATCH):
            batch = pending[start:start + BATCH]
            texts = [e.embed_text for e, _ in batch]
            collection.add(ids=[e.id for e, _ in batch],
                           embeddings=(cache or embedder).embed(texts),
                           documents=[e.text for e, _ in batch],
                           metadatas=[{**e.metadata, "doc_hash": h} for e, h in batch])
            if progress:
                progress(start + len(batch), len(pending))
    finally:
        if cache is not None:
            cache.save()  # even when interrupted: what was embedded is not embedded again


# -- retrieval --------------------------------------------------------------------------------------

def _groups(exclude_group: Groups) -> list[str]:
    if not exclude_group:
        return []
    return [exclude_group] if isinstance(exclude_group, str) else sorted(exclude_group)


def _where(kind: str | None, exclude_group: Groups) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if kind:
        clauses.append({"kind": kind})
    groups = _groups(exclude_group)
    if groups:
        clauses.append({"dup_group": {"$ne": groups[0]} if len(groups) == 1 else {"$nin": groups}})
    if len(clauses) > 1:
        return {"$and": clauses}
    return clauses[0] if clauses else None


class _Catalogue:
    """Every indexed passage in memory: for filtering vector candidates and for BM25 over character
    bigrams (passage with its heading), scored with numpy."""

    K1, B = 1.2, 0.75

    def __init__(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]], bm25: bool) -> None:
        import numpy as np

        self.ids, self.texts, self.metadatas = ids, texts, metadatas
        self.row_of = {entry_id: row for row, entry_id in enumerate(ids)}
        self.kinds = np.array([str(m["kind"]) for m in metadatas])
        self.groups = np.array([str(m["dup_group"]) for m in metadatas])
        self.postings: dict[str, tuple[Any, Any]] | None = self._postings() if bm25 else None

    def _postings(self) -> dict[str, tuple[Any, Any]]:
        import numpy as np

        bags = [Counter({g: c for g, c in char_ngrams(f"{m['heading']}\n{text}", 2).items() if len(g) == 2})
                for text, m in zip(self.texts, self.metadatas, strict=True)]
        lengths = np.array([sum(bag.values()) for bag in bags], dtype=np.float64)
        norm = self.K1 * (1 - self.B + self.B * lengths / max(lengths.mean(), 1.0))
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for row, bag in enumerate(bags):
            for gram, count in bag.items():
                rows, weights = postings.setdefault(gram, ([], []))
                rows.append(row)
                weights.append(count * (self.K1 + 1) / (count + norm[row]))
        total = len(bags)
        return {gram: (np.array(rows), np.array(weights) * math.log(1 + (total - len(rows) + 0.5) / (len(rows) + 0.5)))
                for gram, (rows, weights) in postings.items()}

    def allowed(self, kind: str | None, exclude_group: Groups) -> Any:
        """A boolean mask of the rows that pass the filters."""
        import numpy as np

        mask = np.ones(len(self.ids), dtype=bool)
        if kind:
            mask &= self.kinds == kind
        groups = _groups(exclude_group)
        if groups:
            mask &= ~np.isin(self.groups, groups)
        return mask

    def bm25_top(self, query: str, n: int, allowed: Any) -> list[int]:
        """Rows of the ``n`` best BM25 passages among the allowed ones (none scoring zero)."""
        import numpy as np

        assert self.postings is not None
        scores = np.zeros(len(self.ids))
        for gram in {g for g in char_ngrams(query, 2) if len(g) == 2}:
            if gram in self.postings:
                rows, weights = self.postings[gram]
                scores[rows] += weights
        scores[~allowed] = 0.0
        best = np.argsort(-scores, kind="stable")[:n]
        return [int(row) for row in best if scores[row] > 0]


class Retriever:
    """Searches the index built by :func:`index_corpus` (embedded or on a Chroma server).

    ``mode`` "hybrid" (the default) fuses vector similarity and BM25 over character bigrams by
    reciprocal rank, and ``Hit.score`` is the fused score scaled to 0..1; "vectors" ranks by cosine
    similarity alone (the score), "bm25" by BM25 alone (the score is then its reciprocal-rank share).
    The passages are read once, when the Retriever is made: it keeps using that generation of the
    local index (pinned until :meth:`close`) even when a build publishes a newer one.
    """

    RRF_K = 60
    CANDIDATES = 50  # per ranking, before fusion and spreading over groups
    REMEMBERED = 256  # query vectors kept: references() may search twice with one query
    OVERSAMPLE = 4  # vector candidates fetched unfiltered (fast) and filtered in memory

    def __init__(self, settings: Settings, embedder: Embedder | None = None, *, mode: Mode = "hybrid") -> None:
        self.settings, self.mode = settings, mode
        self._vectors: dict[str, list[list[float]]] = {}
        self._pin = None if settings.chroma_url else generations.Pin(settings.vectorstore_dir)
        if self._pin is not None and self._pin.generation is None:
            raise StoreError(f"no index at {settings.vectorstore_dir}; build it with `drafter corpus index`")
        try:
            self._open(settings, embedder)
        except BaseException:
            self.close()
            raise

    def _open(self, settings: Settings, embedder: Embedder | None) -> None:
        client = _client(settings, self._pin.generation if self._pin else None)
        with _chroma_errors(settings, "opening the index"):
            collection = _existing(client, COLLECTION)
            if collection is None:
                raise StoreError(f"no index in {_location(settings)}; build it with `drafter corpus index`")
            self.embedder = _reconcile(settings, _recorded_embedder(settings, collection),
                                       embedder or make_embedder(settings))
            got = collection.get(include=["documents", "metadatas"])
        if not got["ids"]:
            raise StoreError(f"the index at {_location(settings)} is empty; build it with {REBUILD_HINT}")
        self._catalogue = _Catalogue(got["ids"], got["documents"], got["metadatas"], bm25=self.mode != "vectors")
        self._collection = collection

    def close(self) -> None:
        """Let a later build remove the generation this Retriever reads (also done when it is freed)."""
        pin = getattr(self, "_pin", None)  # absent when __init__ failed before pinning
        if pin is not None:
            pin.release()

    def __del__(self) -> None:
        self.close()

    def _vector_top(self, vector: list[list[float]], n: int, allowed: Any, where: dict[str, Any] | None
                    ) -> tuple[list[int], list[float]]:
        """Rows and cosine similarities of the ``n`` nearest allowed passages. Chroma's metadata
        filter is slow on large indexes, so unfiltered candidates are tried first."""
        size = len(self._catalogue.ids)
        with _chroma_errors(self.settings, "searching"):
            result = self._collection.query(query_embeddings=vector, include=["distances"],
                                            n_results=min(size, n * self.OVERSAMPLE if where else n))
            rows = [self._catalogue.row_of.get(i) for i in result["ids"][0]]
            kept = [(row, 1.0 - d) for row, d in zip(rows, result["distances"][0], strict=True)
                    if row is not None and allowed[row]]
            if where and len(kept) < min(n, int(allowed.sum())):
                result = self._collection.query(query_embeddings=vector, include=["distances"],
                                                n_results=min(size, n), where=where)
                kept = [(self._catalogue.row_of[i], 1.0 - d)
                        for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]
        return [row for row, _ in kept[:n]], [score for _, score in kept[:n]]

    def search(self, query: str, *, kind: str | None = None, k: int = 5,
               exclude_group: Groups = None) -> list[Hit]:
        """The ``k`` passages closest to ``query`` (of one section kind, leaving out near-duplicate
        groups, when asked), spread over near-duplicate groups: each group's best passage comes first."""
        if kind is not None and kind not in set(SectionKind):
            raise DrafterError(f"unknown section kind {kind!r}; use one of: {', '.join(SectionKind)}")
        if k <= 0 or not query.strip():
            return []
        catalogue = self._catalogue
        allowed = catalogue.allowed(kind, exclude_group)
        wanted = max(k, self.CANDIDATES)
        rankings = []
        if self.mode != "bm25":
            rows, scores = self._vector_top(self._query_vector(query), wanted, allowed, _where(kind, exclude_group))
            score_of = dict(zip(rows, scores, strict=True))
            rankings.append(rows)
        if self.mode != "vectors":
            rankings.append(catalogue.bm25_top(query, wanted, allowed))
            score_of = _fused(rankings, self.RRF_K)
        ranked = sorted(score_of, key=lambda row: -score_of[row])
        hits = [self._hit(row, score_of[row]) for row in ranked]
        return _spread(hits, key=lambda hit: hit.dup_group)[:k]

    def _query_vector(self, query: str) -> list[list[float]]:
        vector = self._vectors.get(query)
        if vector is None:
            vector = embed_queries(self.embedder, [query])
            if len(self._vectors) >= self.REMEMBERED:
                self._vectors.pop(next(iter(self._vectors)))
            self._vectors[query] = vector
        return vector

    def _hit(self, row: int, score: float) -> Hit:
        m = self._catalogue.metadatas[row]
        return Hit(doc_id=str(m["doc_id"]), title=str(m["title"]), section_path=str(m["section_path"]),
                   heading=str(m["heading"]), kind=str(m["kind"]), text=self._catalogue.texts[row],
                   score=score, masked=bool(m["masked"]), dup_group=str(m["dup_group"]),
                   entry_id=self._catalogue.ids[row], outline=bool(m.get("outline", False)))

    def references(self, heading: str, facts: list[str], kind: str | None, *, k: int = 3,
                   exclude_group: Groups = None) -> list[Reference]:
        """Style references for drafting one section: passages close to its heading and facts, of its
        kind when there are enough, unmasked documents first, one passage per document where possible.
        A heading-only section (a list of sub-headings) teaches no style and is never one. Each passage
        is sanitised (:func:`drafter.sanitize.sanitize_reference`): a sentence that gives the reader
        instructions never reaches a prompt, and a passage with nothing else left is skipped."""
        query = "\n".join([heading, *facts])
        pool = max(4 * k, 12)
        hits = [h for h in self.search(query, kind=kind, k=pool, exclude_group=exclude_group) if not h.outline]
        if kind and len(hits) < k:
            seen = {(h.doc_id, h.section_path, h.text) for h in hits}
            hits += [h for h in self.search(query, k=pool, exclude_group=exclude_group)
                     if not h.outline and (h.doc_id, h.section_path, h.text) not in seen]
        unmasked_first = sorted(hits, key=lambda hit: hit.masked)  # stable: rank order within each
        references: list[Reference] = []
        for hit in _spread(unmasked_first, key=lambda hit: hit.doc_id):
            text = sanitize_reference(hit.text)
            if text and len(references) < k:
                references.append(Reference(hit.doc_id, hit.title, hit.section_path, text, hit.score))
        return references


def _fused(rankings: list[list[int]], rrf_k: int) -> dict[int, float]:
    """Reciprocal-rank fusion, scaled so that first in every ranking scores 1."""
    score_of: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking, 1):
            score_of[row] = score_of.get(row, 0.0) + (rrf_k + 1) / (len(rankings) * (rrf_k + rank))
    return score_of


def _spread(hits: list[Hit], key: Callable[[Hit], str]) -> list[Hit]:
    """The first hit of each document (or group) in rank order, then the others in rank order."""
    seen: set[str] = set()
    firsts, others = [], []
    for hit in hits:
        (others if key(hit) in seen else firsts).append(hit)
        seen.add(key(hit))
    return firsts + others
