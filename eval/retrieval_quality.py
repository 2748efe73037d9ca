"""Retrieval quality on the corpus: does a section's query find sections of the same kind elsewhere?

For every section of every document, query with its heading (pass 1) and with heading + body (pass 2),
leaving out the document's near-duplicate group; a hit is a section of the same kind among the top 5.
Prints hit@5 and MRR per kind, for vector search alone and for the hybrid (vectors + BM25 over
character bigrams, fused by reciprocal rank) that Retriever uses by default.
Target: hit@5 >= 0.9 for review and plan.

    python eval/retrieval_quality.py          # indexes a copy of the corpus in a temporary directory
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from drafter.config import load_settings
from drafter.corpus import load_corpus
from drafter.corpus.model import Document, Section, SectionKind
from drafter.store import Retriever, document_group, index_corpus

TOP = 5
Query = Callable[[Section], str]
PASSES: dict[str, Query] = {
    "heading": lambda section: section.heading,
    "heading+body": lambda section: "\n".join([section.heading, *section.body]),
}


def evaluate(retriever: Retriever, documents: list[Document], query_of: Query) -> dict[str, tuple[int, float, float]]:
    """Per kind (and "all"): (queries, hit@5, MRR over the top 5)."""
    ranks: dict[str, list[int | None]] = defaultdict(list)
    for document in documents:
        for _, section in document.walk():
            query = query_of(section).strip()
            if not query:
                continue
            hits = retriever.search(query, k=TOP, exclude_group=document_group(document))
            rank = next((i for i, hit in enumerate(hits, 1) if hit.kind == section.kind), None)
            ranks[str(section.kind)].append(rank)
            ranks["all"].append(rank)
    return {kind: (len(found), sum(r is not None for r in found) / len(found),
                   sum(1 / r for r in found if r) / len(found)) for kind, found in ranks.items()}


def main() -> int:
    settings = load_settings()
    documents = load_corpus(settings)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_settings = replace(settings, home=Path(scratch), chroma_url=None)
        stats = index_corpus(scratch_settings, documents)
        print(f"{stats.documents} documents, {stats.entries} passages; embedder {stats.embedder.split()[0]}")
        order = [*(str(kind) for kind in SectionKind), "all"]
        for hybrid in (False, True):
            retriever = Retriever(scratch_settings, hybrid=hybrid)
            for name, query_of in PASSES.items():
                results = evaluate(retriever, documents, query_of)
                print(f"\n{'hybrid (vectors + BM25)' if hybrid else 'vectors only'}, query = {name}")
                print(f"{'kind':<10}{'sections':>9}{'hit@5':>8}{'MRR':>8}")
                for kind in (k for k in order if k in results):
                    count, hit, mrr = results[kind]
                    print(f"{kind:<10}{count:>9}{hit:>8.3f}{mrr:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
