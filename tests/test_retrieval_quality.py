"""The topical retrieval benchmark (eval/retrieval_quality.py) on a tiny labelled set written here.

These labels are a test fixture, not the benchmark: the benchmark's labels come from examiners who
never saw the retriever (eval/retrieval/).
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

from drafter.config import Settings
from drafter.corpus.model import Document, Section, SectionKind
from drafter.store import section_entries

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("retrieval_quality", REPO / "eval" / "retrieval_quality.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # dataclasses look their module up there
_spec.loader.exec_module(bench)

TOPIC_TEXT = {
    "T01": ("加强科技宣传和普及", "组织开展科技活动周、科普日、科技三下乡等科普宣传活动，发放科普资料。"),
    "T06": ("强化科技人才支撑", "选派科技特派员深入乡镇开展技术服务，引进高层次科技人才团队。"),
    "T09": ("加强机关党的建设", "落实全面从严治党主体责任，加强党风廉政建设和作风建设。"),
}


def _document(doc_id: str, topics: list[str]) -> Document:
    children = [Section(2, f"（{i}）", TOPIC_TEXT[t][0], SectionKind.REVIEW, body=[TOPIC_TEXT[t][1]])
                for i, t in enumerate(topics, 1)]
    return Document(id=doc_id, title=f"{doc_id}科技局工作总结", source=f"{doc_id}.txt", unit=f"{doc_id}科技局",
                    years=[2025], dup_group=doc_id,
                    sections=[Section(1, "一、", "2025年工作情况", SectionKind.REVIEW, children=children)])


@pytest.fixture
def documents() -> list[Document]:
    return [_document("own", ["T01", "T06", "T09"]), _document("b", ["T01", "T09"]), _document("c", ["T06", "T09"])]


def _write_labels(folder: Path, documents: list[Document], disagree: bool = False) -> None:
    """Labeller "x" labels by the section's topic; "y" agrees, except (with ``disagree``) on T09."""
    topic_of_heading = {heading: code for code, (heading, _) in TOPIC_TEXT.items()}
    for labeller in ("x", "y"):
        lines = []
        for document in documents:
            for entry in section_entries(document):
                topic = topic_of_heading.get(str(entry.metadata["heading"]), "T16")
                if labeller == "y" and disagree and topic == "T09":
                    topic = "T13"
                lines.append({"id": entry.id, "document": document.id, "path": entry.metadata["section_path"],
                              "text": entry.text, "topics": [topic], "note": ""})
        (folder / f"passages.{labeller}.jsonl").write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
        notes = "eval/cases/own/notes.yaml"
        queries = [{"id": f"{notes}#{heading}", "notes": notes, "path": heading, "heading": heading,
                    "facts": [], "topics": [code]} for code, (heading, _) in TOPIC_TEXT.items()]
        (folder / f"queries.{labeller}.jsonl").write_text(
            "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries), encoding="utf-8")


def test_labels_map_to_index_entries_by_id_or_by_text(tmp_path: Path, documents: list[Document]) -> None:
    _write_labels(tmp_path, documents)
    entries = [e for d in documents for e in section_entries(d)]
    labels = bench.load_labels(tmp_path, entries)
    assert labels.labellers == ["x", "y"] and not labels.unmapped
    assert len(labels.passages) == len(entries) and len(labels.queries) == 3
    # chunking changed: an old id whose text now sits under another id is found by its text
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("passages.x.jsonl", "queries.x.jsonl"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        (moved / name).write_text(text.replace('"own#1.0"', '"own#9.0"'), encoding="utf-8")
    relabelled = bench.load_labels(moved, entries)
    assert "own#1.0" in relabelled.passages and not relabelled.unmapped


def test_a_query_leaves_out_the_documents_its_notes_came_from(documents: list[Document]) -> None:
    facts = [TOPIC_TEXT["T01"][1], TOPIC_TEXT["T06"][1]]  # sentences of every document's sections
    assert bench.own_groups("eval/cases/own/notes.yaml", [], documents) == {"own"}
    assert bench.own_groups("notes/new.yaml", ["完全不同的一句话，不在任何文档里出现。"], documents) == set()
    assert bench.own_groups("notes/new.yaml", facts, documents) == {"own", "b", "c"}


def test_precision_and_ndcg_of_a_ranking_and_of_chance() -> None:
    topics = {"p1": ["T01"], "p2": ["T06", "T01"], "p3": ["T09"], "p4": ["T09"]}
    allowed = ["p1", "p2", "p3", "p4"]
    p, n, random_p, random_n = bench.scores(["p3", "p1", "p4", "p2"], allowed, ["T01"], topics, "any")
    assert p == pytest.approx(1 / 3) and random_p == pytest.approx(2 / 4)
    ideal = 1 + 1 / math.log2(3)
    assert n == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)
    assert random_n == pytest.approx(0.5 * sum(1 / math.log2(i + 2) for i in range(5)) / ideal)
    assert bench.scores(["p2", "p1"], allowed, ["T01"], topics, "main")[0] == pytest.approx(1 / 3)


def test_agreement_is_cohens_kappa_on_the_main_topic_and_jaccard_on_the_sets() -> None:
    items = [{"a": ["T01"], "b": ["T01"]}, {"a": ["T02", "T05"], "b": ["T02"]},
             {"a": ["T03"], "b": ["T04"]}, {"a": ["T03"], "b": ["T03", "T04"]}]
    count, same, kappa, jaccard = bench.agreement(items, "a", "b")
    assert (count, same) == (4, 0.75)
    expected = (1 * 1 + 1 * 1 + 2 * 1) / 16  # a: T01 T02 T03 T03; b: T01 T02 T04 T03
    assert kappa == pytest.approx((0.75 - expected) / (1 - expected))
    assert jaccard == pytest.approx((1 + 0.5 + 0 + 0.5) / 4)


def test_benchmark_scores_a_topical_retriever_above_chance_without_its_own_document(
        tmp_path: Path, documents: list[Document]) -> None:
    _write_labels(tmp_path, documents, disagree=True)
    entries = [e for d in documents for e in section_entries(d)]
    labels = bench.load_labels(tmp_path, entries)
    settings = Settings(home=tmp_path / "home", embedder="hashing")
    run = bench.rank_all(settings, documents, labels, ["hashing"], say=lambda _: None)
    assert set(run.ranked) == {"hashing vectors", "hashing hybrid", "bm25"}
    assert all(not pid.startswith("own#") for ranked in run.ranked.values() for ids in ranked.values()
               for pid in ids)
    rows = bench.table(run, labels, "any")
    # b and c have 3 passages each (the heading-only parent, two topics): T01 and T06 are found once,
    # T09 twice; labeller y calls the passages on T09 T13 and so finds nothing for that query
    assert rows["hashing hybrid"]["pass. x"][0] == pytest.approx((1 / 3 + 1 / 3 + 2 / 3) / 3)
    assert rows["hashing hybrid"]["pass. y"][0] == pytest.approx((1 / 3 + 1 / 3 + 0) / 3)
    assert rows["random"]["pass. x"][0] == pytest.approx((1 / 6 + 1 / 6 + 2 / 6) / 3)
    assert rows["hashing hybrid"]["all"][0] == pytest.approx((4 / 9 + 2 / 9) / 2)
    assert rows["hashing hybrid"]["queries"] == rows["hashing hybrid"]["all"]  # the only set here
