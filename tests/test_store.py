"""The retrieval index: embedded and on a real Chroma server, incremental, and safe with bad input."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter import generations
from drafter.cli import app
from drafter.config import Settings
from drafter.corpus.model import Document, Section, SectionKind
from drafter.embed import HashingEmbedder
from drafter.errors import BackendError, StoreError
from drafter.store import Retriever, index_corpus, section_entries

PUBLICITY = "加强科技宣传和普及"
PUBLICITY_BODY = "今年组织开展科技活动周、科普日等宣传活动，发放科普资料，营造崇尚科学的良好氛围。"
PLAN_BODY = "力争新增高新技术企业，推动科技型中小企业入库，加快科技成果转化。"
PROBLEM_BODY = "企业研发投入不足，科技人才短缺，创新平台建设有待加强。"


def _document(doc_id: str, *, masked: bool = False, group: str = "", extra: str = "") -> Document:
    review = Section(1, "一、", "2025年工作情况", SectionKind.REVIEW, children=[
        Section(2, "（一）", PUBLICITY, SectionKind.REVIEW, body=[PUBLICITY_BODY + extra]),
        Section(2, "（二）", "强化企业创新主体地位", SectionKind.REVIEW,
                body=["全年新认定高新技术企业，组织企业申报省级研发中心。" * 20]),
    ])
    problems = Section(1, "二、", "存在的问题", SectionKind.PROBLEMS, body=[PROBLEM_BODY])
    plan = Section(1, "三、", "2026年工作计划", SectionKind.PLAN, children=[
        Section(2, "（一）", "培育壮大创新主体", SectionKind.PLAN, body=[PLAN_BODY]),
    ])
    return Document(id=doc_id, title=f"{doc_id}科技局工作总结", source=f"{doc_id}.txt", unit=f"{doc_id}科技局",
                    years=[2025, 2026], masked=masked, dup_group=group or doc_id,
                    sections=[review, problems, plan])


@pytest.fixture
def documents() -> list[Document]:
    return [_document("alpha"), _document("beta", group="beta"), _document("gamma", group="beta"),
            _document("delta", masked=True)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The store's mechanics with the fast built-in embedder (e5 has its own few tests)."""
    return Settings(home=tmp_path / "home", embedder="hashing")


def test_every_section_is_indexed_and_long_ones_are_chunked_on_sentences(documents: list[Document]) -> None:
    entries = section_entries(documents[0])
    assert {e.metadata["section_path"] for e in entries} == {
        "一、2025年工作情况", f"一、2025年工作情况 / （一）{PUBLICITY}", "一、2025年工作情况 / （二）强化企业创新主体地位",
        "二、存在的问题", "三、2026年工作计划", "三、2026年工作计划 / （一）培育壮大创新主体"}
    long = [e for e in entries if e.metadata["heading"] == "强化企业创新主体地位"]
    assert len(long) > 1 and all(e.text.endswith("。") for e in long)
    assert "".join(e.text for e in long) == "全年新认定高新技术企业，组织企业申报省级研发中心。" * 20
    parent = next(e for e in entries if e.metadata["section_path"] == "一、2025年工作情况")
    assert parent.text == f"（一）{PUBLICITY}；（二）强化企业创新主体地位"
    assert parent.metadata.items() >= {"doc_id": "alpha", "level": 1, "kind": "review", "masked": False,
                                       "year": 2026, "unit": "alpha科技局", "dup_group": "alpha"}.items()


def test_search_returns_the_section_on_the_topic(settings: Settings, documents: list[Document]) -> None:
    index_corpus(settings, documents)
    hits = Retriever(settings).search(PUBLICITY, k=3)
    assert [h.heading for h in hits] == [PUBLICITY] * 3
    assert hits[0].text == PUBLICITY_BODY and hits[0].score > hits[-1].score - 1e-6
    plan_hits = Retriever(settings).search("高新技术企业", kind="plan", k=10)
    assert plan_hits and {h.kind for h in plan_hits} == {"plan"}


def test_reindexing_embeds_only_new_or_changed_documents(settings: Settings, documents: list[Document],
                                                         fake_embedder) -> None:
    first = index_corpus(settings, documents, embedder=fake_embedder)
    assert first.embedded_entries == fake_embedder.embedded == first.entries
    again = index_corpus(settings, documents, embedder=fake_embedder)
    assert (again.embedded_documents, again.unchanged_documents, fake_embedder.embedded) == (0, 4, first.entries)

    changed = [_document("alpha", extra="另举办科技下乡活动。"), *documents[1:3]]  # delta removed
    stats = index_corpus(settings, changed, embedder=fake_embedder)
    assert (stats.embedded_documents, stats.unchanged_documents, stats.removed_documents) == (1, 2, 1)
    assert fake_embedder.embedded == first.entries + len(section_entries(changed[0]))
    hits = Retriever(settings, fake_embedder).search(PUBLICITY_BODY, k=20)
    assert "delta" not in {h.doc_id for h in hits}
    assert any(h.text.endswith("另举办科技下乡活动。") for h in hits)


def test_index_built_with_another_embedder_is_refused_with_a_rebuild_hint(
        settings: Settings, documents: list[Document], fake_embedder) -> None:
    index_corpus(settings, documents, embedder=fake_embedder)
    with pytest.raises(StoreError, match=r"built with embedder fake.*--rebuild"):
        Retriever(settings)  # the settings ask for the built-in hashing embedder
    with pytest.raises(StoreError, match="built with embedder fake"):
        index_corpus(settings, documents)
    with pytest.raises(StoreError, match=r'"dim": 32.*--rebuild'):
        Retriever(settings, type(fake_embedder)(dim=32))

    stats = index_corpus(settings, documents, rebuild=True)
    assert stats.embedder.startswith("hashing") and stats.embedded_documents == 4
    assert Retriever(settings).search(PUBLICITY, k=1)[0].heading == PUBLICITY


def test_reopened_index_embeds_queries_with_the_idf_it_was_fitted_on(settings: Settings,
                                                                      documents: list[Document]) -> None:
    index_corpus(settings, documents)
    retriever = Retriever(settings)
    assert isinstance(retriever.embedder, HashingEmbedder) and retriever.embedder.idf
    texts = [e.embed_text for d in documents for e in section_entries(d)]
    assert retriever.embedder.config == HashingEmbedder().fitted(texts).config


def test_hashing_embedder_is_identical_across_processes() -> None:
    code = "from drafter.embed import HashingEmbedder; print(HashingEmbedder(dim=64).embed(['科技创新2025年'])[0])"
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1
    assert outputs.pop().strip() == str(HashingEmbedder(dim=64).embed(["科技创新2025年"])[0])


def test_exclude_group_leaves_out_every_document_of_the_group(settings: Settings,
                                                              documents: list[Document]) -> None:
    index_corpus(settings, documents)
    retriever = Retriever(settings)
    assert {h.doc_id for h in retriever.search(PUBLICITY, k=50)} == {"alpha", "beta", "gamma", "delta"}
    hits = retriever.search(PUBLICITY, k=50, exclude_group="beta")
    assert {h.doc_id for h in hits} == {"alpha", "delta"}
    references = retriever.references(PUBLICITY, ["开展科技活动周"], "review", k=3, exclude_group="beta")
    assert {r.doc_id for r in references} <= {"alpha", "delta"}


def test_references_rank_masked_documents_last_one_passage_per_document(
        settings: Settings, documents: list[Document]) -> None:
    # the masked document matches the query best, yet comes after every unmasked one
    documents[3].sections[0].children[0].body = ["开展科技活动周宣传活动，发放科普资料X份。"]
    index_corpus(settings, documents)
    retriever = Retriever(settings)
    assert retriever.search("开展科技活动周宣传活动，发放科普资料", k=1)[0].doc_id == "delta"
    references = retriever.references(PUBLICITY, ["开展科技活动周宣传活动，发放科普资料"], "review", k=4)
    assert [r.doc_id for r in references][-1] == "delta"
    assert len({r.doc_id for r in references}) == 4
    assert all(r.section_path.endswith(PUBLICITY) for r in references)


def test_a_heading_only_section_is_never_a_reference(settings: Settings, documents: list[Document]) -> None:
    index_corpus(settings, documents)
    retriever = Retriever(settings)
    query = f"2025年工作情况 （一）{PUBLICITY}；（二）强化企业创新主体地位"
    assert retriever.search(query, k=1)[0].outline  # the outline entry matches best …
    references = retriever.references("2025年工作情况", [f"（一）{PUBLICITY}；（二）强化企业创新主体地位"], "review", k=4)
    assert len(references) == 4 and all(r.section_path.count(" / ") == 1 for r in references)  # … yet never comes


def test_references_fall_back_to_other_kinds_when_too_few(settings: Settings,
                                                          documents: list[Document]) -> None:
    index_corpus(settings, documents)
    references = Retriever(settings).references("科技人才短缺", [], "problems", k=6, exclude_group="beta")
    paths = [r.section_path for r in references]
    assert paths[:2] == ["二、存在的问题"] * 2 and len(paths) == 6


def test_corrupted_vectorstore_is_reported_and_kept(settings: Settings, documents: list[Document]) -> None:
    index_corpus(settings, documents)
    live = generations.live(settings.vectorstore_dir)
    assert live is not None and live.parent == settings.vectorstore_dir
    (live / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match=r"unreadable.*--rebuild"):
        Retriever(settings)
    with pytest.raises(StoreError, match=r"unreadable.*--rebuild"):
        index_corpus(settings, documents)
    assert (live / "chroma.sqlite3").read_bytes() == b"not a database" * 100

    stats = index_corpus(settings, documents, rebuild=True)
    assert stats.set_aside and (stats.set_aside / "chroma.sqlite3").read_bytes() == b"not a database" * 100
    assert generations.live(settings.vectorstore_dir) not in {None, live}
    assert Retriever(settings).search(PUBLICITY, k=1)[0].heading == PUBLICITY


def test_missing_index_and_empty_corpus_say_what_to_do(settings: Settings) -> None:
    with pytest.raises(StoreError, match="drafter corpus index"):
        Retriever(settings)
    with pytest.raises(StoreError, match="corpus .* is empty.*drafter corpus build"):
        index_corpus(settings, [])
    assert not settings.vectorstore_dir.exists()


def test_unreachable_server_is_reported(settings: Settings) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreError, match=rf"{url} is unreachable.*chroma run"):
        Retriever(replace(settings, chroma_url=url))


def test_cli_search_without_index_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["corpus", "search", PUBLICITY])
    assert result.exit_code == 2 and "drafter corpus index" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A real `chroma run` on 127.0.0.1, stopped afterwards."""
    beside = Path(sys.executable).with_name("chroma")  # the venv's, when its bin/ is not on PATH
    binary = str(beside) if beside.exists() else shutil.which("chroma")
    if binary is None:
        pytest.skip("the `chroma` command (installed with chromadb) is not on PATH")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "run", "--host", "127.0.0.1", "--port", str(port),
                               "--path", str(tmp_path / "server-data")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"`chroma run` did not start on {url}") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_index_and_search_on_a_chroma_server(chroma_server: str, settings: Settings,
                                             documents: list[Document]) -> None:
    remote = replace(settings, chroma_url=chroma_server)
    stats = index_corpus(remote, documents)
    assert stats.location == chroma_server and stats.embedded_documents == 4
    assert not settings.vectorstore_dir.exists()  # nothing written locally
    hits = Retriever(remote).search(PUBLICITY, k=2, exclude_group="beta")
    assert [(h.doc_id, h.heading) for h in hits] == [("alpha", PUBLICITY), ("delta", PUBLICITY)]
    assert index_corpus(remote, documents).embedded_documents == 0


def test_openai_compatible_embeddings_endpoint_builds_and_searches_the_index(
        settings: Settings, documents: list[Document], openai_stub) -> None:
    remote = replace(settings, embedder="openai", embedding_model="bge-m3", base_url=openai_stub.url,
                     api_key=openai_stub.api_key)
    stats = index_corpus(remote, documents)
    assert stats.embedder == 'openai {"model": "bge-m3"}'
    assert {r.body["model"] for r in openai_stub.requests} == {"bge-m3"}
    assert Retriever(remote).search(PUBLICITY_BODY, k=1)[0].text == PUBLICITY_BODY
    with pytest.raises(StoreError, match=r'built with embedder openai \{"model": "bge-m3"\}.*--rebuild'):
        Retriever(replace(remote, embedding_model="text-embedding-3-small"))
    with pytest.raises(BackendError, match=rf"embedding endpoint {openai_stub.url} failed.*OPENAI_API_KEY"):
        Retriever(replace(remote, api_key="wrong-key")).search(PUBLICITY, k=1)


def test_cli_indexes_and_searches_the_real_corpus(home: Path) -> None:
    runner = CliRunner()
    indexed = runner.invoke(app, ["corpus", "index"])
    assert indexed.exit_code == 0, indexed.output
    assert "12 embedded, 0 unchanged" in indexed.output.replace("\n", " ") and (home / "vectorstore").is_dir()
    again = runner.invoke(app, ["corpus", "index"])
    assert again.exit_code == 0 and "(0 embedded, 12 unchanged" in again.output.replace("\n", " ")

    from drafter.config import load_settings
    from drafter.corpus import load_corpus

    settings = load_settings()
    hongjiang = next(d for d in load_corpus(settings) if d.id.startswith("003"))
    retriever = Retriever(settings)
    top = retriever.search(PUBLICITY, k=3)
    assert top[0].heading.startswith(PUBLICITY) and top[0].doc_id in {"000", hongjiang.id}
    assert hongjiang.dup_group not in {h.dup_group for h in retriever.search(PUBLICITY, k=10,
                                                                            exclude_group=hongjiang.dup_group)}
    plans = retriever.search("力争新增高新技术企业", kind="plan", k=5)
    assert len(plans) == 5 and {h.kind for h in plans} == {"plan"}

    shown = runner.invoke(app, ["corpus", "search", PUBLICITY, "--kind", "review", "--k", "2"])
    first = retriever.search(PUBLICITY, kind="review", k=1)[0]
    assert shown.exit_code == 0 and first.doc_id in shown.output and f"{first.score:.3f}" in shown.output


# -- concurrent use ----------------------------------------------------------------------------------

def test_a_second_build_waits_for_the_lock_then_fails_clearly(settings: Settings, documents: list[Document],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[str] = []
    with generations.build_lock(settings.vectorstore_dir):
        holder = subprocess.run(  # another process cannot take it either
            [sys.executable, "-c", "import sys; from pathlib import Path; from drafter import generations\n"
             "try:\n with generations.build_lock(Path(sys.argv[1]), timeout=0.2): pass\n"
             "except Exception as e: print(e)", str(settings.vectorstore_dir)],
            capture_output=True, text=True, check=True)
        assert "locked by another build" in holder.stdout and "vectorstore.lock" in holder.stdout
        monkeypatch.setattr(generations, "LOCK_TIMEOUT", 0.3)
        with pytest.raises(StoreError, match=r"locked by another build for 0 s .*vectorstore\.lock"):
            index_corpus(settings, documents, waiting=heard.append)
    assert heard and "waiting" in heard[0]
    assert index_corpus(settings, documents, waiting=heard.append).embedded_documents == 4
    assert len(heard) == 1  # the free lock is taken without a word


def test_a_reader_keeps_its_generation_while_a_build_publishes_a_new_one(
        settings: Settings, documents: list[Document]) -> None:
    index_corpus(settings, documents)
    first = generations.live(settings.vectorstore_dir)
    reader = Retriever(settings)
    changed = [_document("alpha", extra="另举办科技下乡活动。"), *documents[1:]]
    stats = index_corpus(settings, changed)
    assert stats.embedded_documents == 1 and stats.unchanged_documents == 3
    second = generations.live(settings.vectorstore_dir)
    assert second != first and first is not None and first.is_dir()  # pinned by the open reader
    assert not any(h.text.endswith("另举办科技下乡活动。") for h in reader.search(PUBLICITY_BODY, k=20))
    assert any(h.text.endswith("另举办科技下乡活动。") for h in Retriever(settings).search(PUBLICITY_BODY, k=20))
    reader.close()
    index_corpus(settings, documents)  # the next build removes the generation no reader pins
    assert not first.exists()
    assert sorted(p.name for p in settings.vectorstore_dir.iterdir() if p.is_dir()) == \
        [generations.live(settings.vectorstore_dir).name]


def test_an_index_that_is_up_to_date_is_not_rewritten(settings: Settings, documents: list[Document]) -> None:
    index_corpus(settings, documents)
    live = generations.live(settings.vectorstore_dir)
    assert index_corpus(settings, documents).embedded_documents == 0
    assert generations.live(settings.vectorstore_dir) == live


CONCURRENT_NOTES = """\
标题: 测试县科学技术局2025年工作总结
单位: 测试县科学技术局
年度: 2025
文种: 总结
提纲:
  - 标题: 加强科技宣传和普及
    要点: [开展科技活动周、科普日等宣传活动10余次]
  - 标题: 强化企业创新主体地位
    要点: [新认定高新技术企业5家]
"""


def test_two_index_builds_and_two_drafts_on_first_use_at_once_all_succeed(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text(CONCURRENT_NOTES, encoding="utf-8")
    commands = [["corpus", "index"], ["corpus", "index"],
                ["draft", str(notes), "-o", str(tmp_path / "a.docx"), "--offline"],
                ["draft", str(notes), "-o", str(tmp_path / "b.docx"), "--offline"]]
    env = {**os.environ, "DRAFTER_HOME": str(home), "COLUMNS": "80"}
    runs = [subprocess.Popen([sys.executable, "-m", "drafter", *command], env=env, cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for command in commands]
    outcomes = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for command, (code, out, err) in zip(commands, outcomes, strict=True):
        print(f"{' '.join(command[:2])}: exit {code}, {'waited for the lock' if 'waiting' in err else 'no wait'}")
        assert code == 0, f"{command}: {out}{err}"
        assert "unreadable" not in out + err
    assert (tmp_path / "a.docx").stat().st_size > 0 and (tmp_path / "b.docx").stat().st_size > 0
    from drafter.config import load_settings

    settings = load_settings()
    assert [p for p in settings.vectorstore_dir.iterdir() if p.is_dir()] == [generations.live(settings.vectorstore_dir)]
    assert Retriever(settings).search(PUBLICITY, k=1)[0].heading.startswith(PUBLICITY)
