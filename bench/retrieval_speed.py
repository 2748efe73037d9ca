"""Retrieval speed: index the corpus replicated to 10,000 sections, then time queries (embedded Chroma).

Targets (2 cores): indexing <= 120 s and <= 1 GB with the configured embedder; query p50 <= 30 ms.
Every passage is embedded for real: the vector cache is off (the replicas repeat the corpus's texts,
which the cache would answer without embedding anything). Peak memory is the process's.

    python bench/retrieval_speed.py [--sections 10000] [--queries 300] [--embedder e5|hashing]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from copy import deepcopy
from dataclasses import replace
from pathlib import Path

import drafter.store
from drafter.config import load_settings
from drafter.corpus import load_corpus
from drafter.corpus.model import Document
from drafter.store import Retriever, document_group, index_corpus


def replicate(documents: list[Document], sections: int) -> list[Document]:
    """Copies of the corpus (new ids and groups) until they hold at least ``sections`` sections."""
    copies: list[Document] = []
    round_ = 0
    while sum(d.section_count for d in copies) < sections:
        copies += [replace(d, id=f"{d.id}~{round_}", dup_group=f"{document_group(d)}~{round_}") for d in documents]
        round_ += 1
    return copies


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _edited(document: Document) -> Document:
    """The document with one sentence added to its first section that has a body."""
    copy = deepcopy(document)
    section = next(s for _, s in copy.walk() if s.body)
    section.body = [*section.body[:-1], section.body[-1] + "另举办科技下乡活动。"]
    return copy


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--embedder", help="e5, hashing … (default: the configured one)")
    args = parser.parse_args()

    drafter.store.is_cacheable = lambda embedder: False  # measure embedding, not the cache
    settings = load_settings(embedder=args.embedder)
    corpus = load_corpus(settings)
    documents = replicate(corpus, args.sections)
    headings = [s.heading for d in corpus for _, s in d.walk() if s.heading]
    queries = [(headings[i % len(headings)], documents[i % len(documents)]) for i in range(args.queries)]
    with tempfile.TemporaryDirectory() as scratch:
        bench_settings = replace(settings, home=Path(scratch), chroma_url=None)
        started, cpu = time.perf_counter(), _cpu_seconds()
        stats = index_corpus(bench_settings, documents)
        indexing, indexing_cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        again = index_corpus(bench_settings, documents)
        reindexing = time.perf_counter() - started
        edited = [_edited(documents[0]), *documents[1:]]
        started = time.perf_counter()
        one = index_corpus(bench_settings, edited)
        one_changed = time.perf_counter() - started
        retriever = Retriever(bench_settings)
        retriever.search(headings[0], k=5)  # warm up

        def timed(run: object) -> list[float]:
            samples = []
            for query, document in queries:
                started = time.perf_counter()
                run(query, document)  # type: ignore[operator]
                samples.append(time.perf_counter() - started)
            return samples

        plain = timed(lambda q, d: retriever.search(q, k=5))
        filtered = timed(lambda q, d: retriever.search(q, kind="plan", k=5, exclude_group=document_group(d)))
        references = timed(lambda q, d: retriever.references(q, ["新增高新技术企业15家"], "review", k=3,
                                                             exclude_group=document_group(d)))
    sections = sum(d.section_count for d in documents)
    print(f"corpus: {len(corpus)} documents replicated to {len(documents)} documents, {sections} sections, "
          f"{stats.entries} passages; embedder {stats.embedder.split()[0]}")
    print(f"index from scratch: {indexing:.1f} s (target <= 120 s), peak memory {peak_mb:.0f} MB (target <= 1 GB)")
    print(f"  its CPU time: {indexing_cpu:.1f} s, all threads (on 2 idle cores: ~{indexing_cpu / 2:.0f} s wall at best)")
    print(f"incremental re-index, nothing changed: {reindexing:.1f} s ({again.embedded_entries} embedded)")
    print(f"incremental re-index, one document changed: {one_changed:.1f} s ({one.embedded_entries} embedded)")
    print(f"search k=5 ({len(queries)} queries): {milliseconds(plain)} (target p50 <= 30 ms)")
    print(f"search k=5, kind + exclude_group filter: {milliseconds(filtered)}")
    print(f"references k=3 (heading + facts, kind, exclude_group): {milliseconds(references)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
