"""Topical retrieval quality: does a section's query find passages on the same topic?

Labels (eval/retrieval/labels/, made by examiners who never saw the retriever, two per item; see its
README.md and TOPICS.md): ``passages.<labeller>.jsonl`` — one line per index entry, ``{"id":
"002-yuanling#3.0", "text": …, "topics": ["T02", "T05"]}`` (topics main first);
``<set>.<labeller>.jsonl`` for every set of queries (``queries``: the examples and eval cases;
``queries2``: the blind notes files of eval/notes/) — one line per outline section of a notes file,
``{"id": …, "notes": "examples/hongjiang.yaml", "heading": …, "facts": […], "topics": […]}``.

Each query (heading and facts, as drafting asks for references) searches the corpus for 5 passages,
leaving out its own document group: the corpus documents the notes file was derived from (an eval
case's folder names its document; a document of the same unit or title, or one that holds the notes'
facts, counts too) and their near-duplicates. Scores, each the mean over queries:

- any topic: a retrieved passage is a hit when it shares a topic with the query;
- main topic: a hit when its main topic is the query's main topic.

The passages and the queries were labelled by different pairs of examiners for the blind notes, so
a hit is judged for every pair (query labeller, passage labeller) and the pairs are averaged: a
query's score is the mean over its labellers, and the columns "pass. A"/"pass. B" show the score with
each passage labeller's labels alone. P@3 is the share of hits among the first
three (the three references a section gets); nDCG@5 uses binary gains and the best ranking the
allowed passages permit. "random" is the exact expectation for passages drawn at random from the
allowed ones. Agreement between the labellers: Cohen's kappa on the main topic and the mean Jaccard
of the topic sets.

    python eval/retrieval_quality.py [--labels eval/retrieval] [--embedders hashing,e5] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from drafter.config import PACKAGE_HOME, Settings, load_settings
from drafter.corpus import load_corpus
from drafter.corpus.model import Document
from drafter.store import Entry, Retriever, document_group, index_corpus, section_entries

TOP = 5
FIRST = 3
MODES = ("vectors", "hybrid")
LABELS = PACKAGE_HOME / "eval" / "retrieval" / "labels"


# -- labels -------------------------------------------------------------------------------------------

@dataclass
class Query:
    id: str
    notes: str
    heading: str
    facts: list[str]
    set: str = "queries"  # the label file's name before the labeller: "queries", "queries2" …
    topics: dict[str, list[str]] = field(default_factory=dict)  # labeller → topics, main first

    @property
    def text(self) -> str:
        return "\n".join([self.heading, *self.facts])


@dataclass
class Labels:
    labellers: list[str]  # of the passages
    passages: dict[str, dict[str, list[str]]]  # entry id → labeller → topics
    queries: list[Query]
    unmapped: list[str]  # passage label ids that match no index entry


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON ({exc})") from None
    return rows


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def load_labels(folder: Path, entries: Sequence[Entry]) -> Labels:
    """Both kinds of labels of every labeller; passage ids mapped to the current index entries (by id
    when its text still matches, else by text), so a change of chunking keeps the labels usable."""
    labellers = sorted(p.name.split(".")[1] for p in folder.glob("passages.*.jsonl"))
    if not labellers:
        raise SystemExit(f"no passages.<labeller>.jsonl under {folder}")
    by_id = {e.id: e for e in entries}
    by_text = {(_squash(e.text), str(e.metadata["doc_id"])): e.id for e in entries}
    passages: dict[str, dict[str, list[str]]] = defaultdict(dict)
    unmapped: set[str] = set()
    queries: dict[str, Query] = {}
    for labeller in labellers:
        for row in _read_jsonl(folder / f"passages.{labeller}.jsonl"):
            entry = by_id.get(row["id"])
            if entry is None or ("text" in row and _squash(entry.text) != _squash(row["text"])):
                entry_id = by_text.get((_squash(row.get("text", "")), row["id"].split("#")[0]))
                entry = by_id.get(entry_id) if entry_id else None
            if entry is None:
                unmapped.add(row["id"])
                continue
            passages[entry.id][labeller] = list(row["topics"])
    for query_file in sorted(folder.glob("queries*.*.jsonl")):
        query_set, labeller = query_file.name.split(".")[:2]
        for row in _read_jsonl(query_file):
            query = queries.setdefault(row["id"], Query(row["id"], row["notes"], row["heading"], list(row["facts"]),
                                                        query_set))
            query.topics[labeller] = list(row["topics"])
    return Labels(labellers, dict(passages), list(queries.values()), sorted(unmapped))


# -- own document groups ------------------------------------------------------------------------------

def own_groups(notes_path: str, facts: Iterable[str], documents: Sequence[Document]) -> set[str]:
    """The groups a notes file's queries must not retrieve: its eval case's document, documents of the
    same unit or title, and documents that hold a fifth or more of its facts (a 12-character run)."""
    groups: set[str] = set()
    case = re.search(r"eval/cases/([^/]+)/", notes_path)
    unit = title = None
    try:
        from drafter.notes import load_notes

        notes = load_notes(PACKAGE_HOME / notes_path)
        unit, title = notes.unit, notes.title
    except Exception:  # noqa: BLE001 (a notes file the benchmark cannot load: facts still decide)
        pass
    facts = [_squash(f) for f in facts if len(_squash(f)) >= 12]
    for document in documents:
        text = _squash("\n".join(s.text() for s in document.sections))
        shared = sum(any(fact[i:i + 12] in text for i in range(0, len(fact) - 11, 4)) for fact in facts)
        if ((case and document.id == case.group(1)) or (unit and document.unit == unit)
                or (title and document.title == title) or (facts and shared >= max(1, len(facts) / 5))):
            groups.add(document_group(document))
    return groups


# -- metrics ------------------------------------------------------------------------------------------

def _relevant(query_topics: list[str], passage_topics: list[str] | None, match: str) -> bool:
    if not query_topics or not passage_topics:
        return False
    if match == "main":
        return passage_topics[0] == query_topics[0]
    return bool(set(query_topics) & set(passage_topics))


def _dcg(gains: Sequence[int]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def scores(ranked: list[str], allowed: list[str], query_topics: list[str],
           passage_topics: dict[str, list[str]], match: str) -> tuple[float, float, float, float]:
    """(P@3, nDCG@5, random P@3, random nDCG@5) of one ranking for one labeller's topics."""
    relevant = {pid for pid in allowed if _relevant(query_topics, passage_topics.get(pid), match)}
    ideal = _dcg([1] * min(TOP, len(relevant)))
    gains = [int(pid in relevant) for pid in ranked[:TOP]]
    share = len(relevant) / len(allowed) if allowed else 0.0
    precision = sum(gains[:FIRST]) / FIRST
    ndcg = _dcg(gains) / ideal if ideal else 0.0
    random_ndcg = share * _dcg([1] * TOP) / ideal if ideal else 0.0
    return precision, ndcg, share, random_ndcg


def kappa(pairs: Sequence[tuple[str, str]]) -> float:
    """Cohen's kappa of two labellers' categorical labels."""
    if not pairs:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / len(pairs)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[t] * second[t] for t in first) / len(pairs) ** 2
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(labelled: Iterable[dict[str, list[str]]], a: str, b: str) -> tuple[int, float, float, float]:
    """(items, main-topic agreement, Cohen's kappa on the main topic, mean Jaccard of the sets)."""
    both = [(t[a], t[b]) for t in labelled if t.get(a) and t.get(b)]
    if not both:
        return 0, float("nan"), float("nan"), float("nan")
    mains = [(x[0], y[0]) for x, y in both]
    jaccard = sum(len(set(x) & set(y)) / len(set(x) | set(y)) for x, y in both) / len(both)
    return len(both), sum(x == y for x, y in mains) / len(mains), kappa(mains), jaccard


# -- the run ------------------------------------------------------------------------------------------

@dataclass
class Run:
    """Rankings of every system for every query, and what each query may retrieve."""

    allowed: dict[str, list[str]]  # query id → allowed labelled passage ids
    ranked: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # system → query id → ids


def rank_all(settings: Settings, documents: list[Document], labels: Labels, embedders: Sequence[str],
             say=print) -> Run:  # type: ignore[no-untyped-def]
    entries = [e for d in documents for e in section_entries(d)]
    group_of = {e.id: str(e.metadata["dup_group"]) for e in entries}
    excluded: dict[str, set[str]] = {}
    for notes_path in sorted({q.notes for q in labels.queries}):
        facts = [f for q in labels.queries if q.notes == notes_path for f in q.facts]
        excluded[notes_path] = own_groups(notes_path, facts, documents)
        say(f"  {notes_path}: leaves out {', '.join(sorted(excluded[notes_path])) or 'nothing'}")
    run = Run({q.id: [pid for pid in labels.passages if group_of.get(pid) not in excluded[q.notes]]
               for q in labels.queries})
    for name in embedders:
        with tempfile.TemporaryDirectory() as scratch:
            scratch_settings = replace(settings, home=Path(scratch), chroma_url=None, embedder=name)
            stats = index_corpus(scratch_settings, documents, waiting=None)
            say(f"  indexed {stats.entries} passages with {stats.embedder.split()[0]} in {stats.seconds:.1f} s")
            modes = [*MODES, "bm25"] if name == embedders[0] else MODES
            for mode in modes:
                retriever = Retriever(scratch_settings, mode=mode)  # type: ignore[arg-type]
                system = "bm25" if mode == "bm25" else f"{name} {mode}"
                run.ranked[system] = {q.id: [h.entry_id for h in retriever.search(
                    q.text, k=TOP, exclude_group=excluded[q.notes])] for q in labels.queries}
                retriever.close()
    return run


Cell = tuple[float, float]  # (P@3, nDCG@5)


def _mean(cells: Sequence[Cell]) -> Cell:
    return (sum(c[0] for c in cells) / len(cells), sum(c[1] for c in cells) / len(cells)) if cells else (math.nan,) * 2


def query_scores(run: Run, labels: Labels, system: str, query: Query, match: str) -> dict[str, Cell]:
    """Passage labeller → the query's (P@3, nDCG@5), averaged over the query's own labellers."""
    result = {}
    for passage_labeller in labels.labellers:
        topics = {pid: t[passage_labeller] for pid, t in labels.passages.items() if passage_labeller in t}
        cells = []
        for query_topics in query.topics.values():
            ranked = run.ranked[system][query.id] if system != "random" else []
            p, n, rp, rn = scores(ranked, run.allowed[query.id], query_topics, topics, match)
            cells.append((rp, rn) if system == "random" else (p, n))
        result[passage_labeller] = _mean(cells)
    return result


def table(run: Run, labels: Labels, match: str) -> dict[str, dict[str, Cell]]:
    """system (and "random") → column → (P@3, nDCG@5); columns: "all", each query set, and
    "pass. <labeller>" (all queries, that passage labeller's labels alone)."""
    sets = sorted({q.set for q in labels.queries})
    result: dict[str, dict[str, Cell]] = {}
    for system in [*run.ranked, "random"]:
        per_query = {q.id: query_scores(run, labels, system, q, match) for q in labels.queries}
        mean_of = {qid: _mean(list(cells.values())) for qid, cells in per_query.items()}
        row = {"all": _mean(list(mean_of.values()))}
        row |= {name: _mean([mean_of[q.id] for q in labels.queries if q.set == name]) for name in sets}
        row |= {f"pass. {lab}": _mean([per_query[q.id][lab] for q in labels.queries]) for lab in labels.labellers}
        result[system] = row
    return result


def print_table(name: str, rows: dict[str, dict[str, Cell]]) -> None:
    print(f"\n{name}")
    columns = list(next(iter(rows.values())))
    pairs = [c for c in columns if not c.startswith("pass. ")]
    print(f"{'':<16}" + "".join(f"{c[:13]:>14}" for c in pairs) + "".join(f"{c:>9}" for c in columns if c not in pairs))
    print(f"{'system':<16}" + f"{'P@3':>7}{'nDCG@5':>7}" * len(pairs) + f"{'P@3':>9}" * (len(columns) - len(pairs)))
    for system, cells in rows.items():
        print(f"{system:<16}" + "".join(f"{cells[c][0]:>7.3f}{cells[c][1]:>7.3f}" for c in pairs)
              + "".join(f"{cells[c][0]:>9.3f}" for c in columns if c not in pairs))


def by_topic(run: Run, labels: Labels, systems: Sequence[str]) -> dict[str, dict[str, float]]:
    """Main topic of the query (its first labeller's) → system → any-topic P@3 over those queries."""
    groups: dict[str, list[Query]] = defaultdict(list)
    for query in labels.queries:
        first = query.topics[min(query.topics)]
        groups[first[0] if first else "-"].append(query)
    return {topic: {"queries": len(queries), **{system: _mean([
        _mean(list(query_scores(run, labels, system, q, "any").values())) for q in queries])[0]
        for system in systems}} for topic, queries in sorted(groups.items())}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="folder of the label files")
    parser.add_argument("--embedders", default="hashing,e5")
    parser.add_argument("--json", type=Path, help="also write every figure and ranking here")
    args = parser.parse_args(argv)

    settings = load_settings()
    documents = load_corpus(settings)
    entries = [e for d in documents for e in section_entries(d)]
    labels = load_labels(args.labels, entries)
    sets = sorted({q.set for q in labels.queries})
    print(f"labels: {len(labels.passages)} of {len(entries)} passages ({', '.join(labels.labellers)}); "
          + "; ".join(f"{name}: {sum(q.set == name for q in labels.queries)} queries" for name in sets)
          + (f"; {len(labels.unmapped)} passage labels match no entry" if labels.unmapped else ""))
    print("agreement between the two labellers of each file pair:")
    groups = [("passages", list(labels.passages.values()))]
    groups += [(name, [q.topics for q in labels.queries if q.set == name]) for name in sets]
    for what, items in groups:
        names = sorted({lab for item in items for lab in item})
        if len(names) >= 2:
            count, same, k, jac = agreement(items, names[0], names[1])
            print(f"  {what:<8} {names[0]}/{names[1]} {count:>4} items: same main {same:.3f}, "
                  f"kappa (main) {k:.3f}, Jaccard {jac:.3f}")
    print("own document groups left out:")
    run = rank_all(settings, documents, labels, args.embedders.split(","))
    report = {}
    for match, title in (("any", "ANY TOPIC: a hit shares a topic with the query"),
                         ("main", "MAIN TOPIC: a hit's main topic is the query's main topic")):
        report[match] = table(run, labels, match)
        print_table(f"{title} ({len(labels.queries)} queries, top {TOP})", report[match])
    systems = [*run.ranked, "random"]
    topics = by_topic(run, labels, systems)
    print("\nANY TOPIC P@3 by the query's main topic")
    print(f"{'topic':<6}{'queries':>8}" + "".join(f"{name[:9]:>10}" for name in systems))
    for topic, row in topics.items():
        print(f"{topic:<6}{row['queries']:>8}" + "".join(f"{row[name]:>10.3f}" for name in systems))
    if args.json:
        args.json.write_text(json.dumps({"scores": report, "by_topic": topics, "rankings": run.ranked}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
