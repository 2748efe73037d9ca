"""Retrieval quality on the corpus: does a section's query find sections of the same kind elsewhere?

For every section of every document, query with its heading (pass 1) and with heading + body (pass 2),
leaving out the document's near-duplicate group; a hit is a section of the same kind among the top 5.
Prints hit@5 and MRR per kind, for vector search alone and for the hybrid (vectors + BM25 over
character bigrams, fused by reciprocal rank) that Retriever uses by default, next to the hit@5 and
MRR that five passages drawn at random from the other documents would reach (chance: a kind that most
passages share is found by chance too, so compare against it).
Target: hit@5 >= 0.9 for review and plan.

    python eval/retrieval_quality.py          # indexes a copy of the corpus in a temporary directory
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from math import comb
from pathlib import Path

from drafter.config import load_settings
from drafter.corpus import load_corpus
from drafter.corpus.model import Document, Section, SectionKind
from drafter.store import Retriever, document_group, index_corpus, section_entries

TOP = 5
Query = Callable[[Section], str]
PASSES: dict[str, Query] = {
    "heading": lambda section: section.heading,
    "heading+body": lambda section: "\n".join([section.heading, *section.body]),
}


def evaluate(retriever: Retriever, documents: list[Document], query_of: Query
             ) -> dict[str, tuple[int, float, float]]:
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


def chance_scores(documents: list[Document]) -> dict[str, tuple[float, float]]:
    """Per kind (and "all"): mean (hit@5, MRR) of five passages drawn at random from the other groups."""
    passages = Counter((document_group(d), str(e.metadata["kind"]))
                       for d in documents for e in section_entries(d))
    chances: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for document in documents:
        group = document_group(document)
        others = sum(n for (g, _), n in passages.items() if g != group)
        for _, section in document.walk():
            same = sum(n for (g, kind), n in passages.items() if g != group and kind == section.kind)
            # P(first passage of the kind at rank r) = P(none in the first r-1) * P(this one is)
            first_at = [comb(others - same, r - 1) / comb(others, r - 1) * same / (others - r + 1)
                        for r in range(1, TOP + 1)]
            chance = (sum(first_at), sum(p / r for r, p in enumerate(first_at, 1)))
            chances[str(section.kind)].append(chance)
            chances["all"].append(chance)
    return {kind: (sum(h for h, _ in values) / len(values), sum(m for _, m in values) / len(values))
            for kind, values in chances.items()}


def main() -> int:
    settings = load_settings()
    documents = load_corpus(settings)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_settings = replace(settings, home=Path(scratch), chroma_url=None)
        stats = index_corpus(scratch_settings, documents)
        print(f"{stats.documents} documents, {stats.entries} passages; embedder {stats.embedder.split()[0]}")
        order = [*(str(kind) for kind in SectionKind), "all"]
        chance = chance_scores(documents)
        for hybrid in (False, True):
            retriever = Retriever(scratch_settings, hybrid=hybrid)
            for name, query_of in PASSES.items():
                results = evaluate(retriever, documents, query_of)
                print(f"\n{'hybrid (vectors + BM25)' if hybrid else 'vectors only'}, query = {name}")
                print(f"{'kind':<10}{'sections':>9}{'hit@5':>8}{'MRR':>8}   chance: {'hit@5':>6}{'MRR':>7}")
                for kind in (k for k in order if k in results):
                    count, hit, mrr = results[kind]
                    print(f"{kind:<10}{count:>9}{hit:>8.3f}{mrr:>8.3f}{'':>11}{chance[kind][0]:>6.3f}{chance[kind][1]:>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
