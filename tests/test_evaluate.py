"""`drafter eval`: metrics, cases, baseline comparison, and proof that the harness bites."""

from __future__ import annotations

import dataclasses

import json
import random
import shutil
from pathlib import Path

import pytest
from conftest import RAW, REPO
from typer.testing import CliRunner

from drafter import evaluate as ev
from drafter.cli import app
from drafter.config import load_settings

CASES = REPO / "eval" / "cases"
BASELINE = REPO / "eval" / "baseline.json"
REPLIES = Path(__file__).parent / "data" / "eval_replies.json"


# --------------------------------------------------------------------------- metrics


def _dp_lcs(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, start=1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def test_bit_parallel_lcs_agrees_with_dynamic_programming() -> None:
    rng = random.Random(7)
    for _ in range(200):
        a = "".join(rng.choice("科技局企业家项") for _ in range(rng.randint(0, 40)))
        b = "".join(rng.choice("科技局企业家项") for _ in range(rng.randint(0, 40)))
        assert ev.lcs_length(a, b) == _dp_lcs(a, b), (a, b)


def test_rouge_l_equals_rouge_chinese_on_space_separated_characters() -> None:
    from rouge_chinese import Rouge

    draft = "全县高新技术企业已达47家，科技型中小企业数量达223家。"
    reference = "今年科技型中小企业数量达223家，申报高新技术企业20家，全县高新技术企业已达47家。"
    expected = Rouge().get_scores(" ".join(draft), " ".join(reference))[0]["rouge-l"]["f"]
    assert ev.rouge_l(draft, reference) == pytest.approx(expected, abs=1e-6)
    assert ev.rouge_l(reference, reference) == pytest.approx(1.0)
    assert ev.rouge_l("", reference) == 0.0


def test_length_score_follows_longwriter() -> None:
    reference = "字" * 100
    assert ev.length_score("字" * 100, reference) == pytest.approx(100)
    assert ev.length_score("字" * 200, reference) == pytest.approx(100 * (1 - 1 / 3))  # longer: gentle
    assert ev.length_score("字" * 50, reference) == pytest.approx(50)  # shorter: steep
    assert ev.length_score("字" * 500, reference) == 0


def test_style_lints_name_each_fault_and_spare_the_users_own_words() -> None:
    text = ("作为一个人工智能，我认为:全年举办培训21期,参训2500人次。\n"
            "**重点工作**\n# 标题\n- 推进APP建设，加强innovation。")
    hits = ev.style_lints(text, allowed_words={"app"})
    rules = [hit.rule for hit in hits]
    assert rules.count("lint_punctuation") == 2  # "为:" and "期,"
    assert rules.count("lint_markdown") == 4  # "**" twice, "# ", "- "
    assert [h.text for h in hits if h.rule == "lint_english"] == ["innovation"]
    assert rules.count("lint_ai_phrase") == 1
    assert ev.style_lints("全年举办培训21期，参训2500人次。", set()) == []


def _run(metrics: dict[str, float], case: str = "002-yuanling") -> ev.EvalRun:
    return ev.EvalRun("offline", "t", [ev.CaseScore(case, metrics)], ev.overall_metrics([ev.CaseScore(case, metrics)]))


def test_baseline_comparison_names_metrics_that_fell_beyond_tolerance() -> None:
    before = {"figure_recall": 0.9, "rouge_l": 0.5, "errors_left": 0.0, "length_score": 80.0}
    baseline = ev.Baseline({"figure_recall": 0.02, "rouge_l": 0.02, "errors_left": 0, "length_score": 5},
                           overall=before, cases={"002-yuanling": before})
    assert ev.compare_with_baseline(_run(dict(before, figure_recall=0.89, length_score=76)), baseline) == []
    fallen = ev.compare_with_baseline(_run(dict(before, figure_recall=0.5, errors_left=1.0)), baseline)
    assert {(r.scope, r.metric) for r in fallen} == {
        ("002-yuanling", "figure_recall"), ("overall", "figure_recall"),
        ("002-yuanling", "errors_left"), ("overall", "errors_left")}
    assert "figure_recall fell from 0.9 to 0.5" in str(fallen[0])


def test_baseline_is_compared_case_by_case_when_only_some_cases_ran() -> None:
    metrics = {"rouge_l": 0.5}
    baseline = ev.Baseline({}, overall=metrics, cases={"002-yuanling": metrics, "003-hongjiang": metrics})
    fallen = ev.compare_with_baseline(_run({"rouge_l": 0.1}), baseline)
    assert [(r.scope, r.metric) for r in fallen] == [("002-yuanling", "rouge_l")]


def test_malformed_baseline_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"overall": {"rouge_l": "high"}}', encoding="utf-8")
    with pytest.raises(ev.InputError, match=r"baseline\.json \(overall\): must map metric names to numbers"):
        ev.load_baseline(path)


# --------------------------------------------------------------------------- the committed cases


@pytest.fixture(scope="session")
def eval_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project home with the committed cases and baseline, its corpus and index built once."""
    from drafter.corpus import load_corpus
    from drafter.store import ensure_index

    root = tmp_path_factory.mktemp("eval") / "home"
    shutil.copytree(RAW, root / "corpus" / "raw")
    shutil.copytree(REPO / "prompts", root / "prompts")
    shutil.copytree(CASES, root / "eval" / "cases")
    shutil.copy2(BASELINE, root / "eval" / "baseline.json")
    settings = load_settings(home=root, embedder="hashing")  # as the tests' commands (conftest)
    load_corpus(settings)
    ensure_index(settings)
    return root


def _eval(home: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("DRAFTER_HOME", str(home))
    result = CliRunner().invoke(app, ["eval", *args])
    return result.exit_code, result.output


def test_offline_eval_of_the_committed_cases_passes_against_the_committed_baseline(
        eval_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = _eval(eval_home, monkeypatch)
    assert code == 0, output
    assert "REGRESSION" not in output
    report = json.loads(Path(output.split("results: ")[1].split(" and ")[0]).read_text(encoding="utf-8"))
    assert sorted(report["cases"]) == sorted(p.name for p in CASES.iterdir() if p.is_dir())
    assert report["overall"]["figure_precision"] == 1.0  # the composer never invents a figure
    assert report["overall"]["errors_left"] == 0


def _replay(recorded: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    """A stub responder answering each prompt with the reply recorded for its document and section."""

    def respond(body: dict[str, object]) -> str | int:
        prompt = "\n".join(str(m["content"]) for m in body["messages"])  # type: ignore[index, union-attr]
        for record in recorded:
            own = f"本节：{record['section']}\n" in prompt if record["section"] else "本节：" not in prompt
            if f"请为《{record['title']}》" in prompt and own:
                return record["reply"]
        return 400

    return respond


def test_eval_through_the_stub_openai_server_replaying_recorded_replies(
        eval_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openai_stub import OpenAIStub

    from drafter.corpus import load_corpus

    recorded = json.loads(REPLIES.read_text(encoding="utf-8"))
    with OpenAIStub() as stub:
        stub.responder = _replay(recorded)
        monkeypatch.setenv("OPENAI_BASE_URL", stub.url)
        monkeypatch.setenv("OPENAI_API_KEY", stub.api_key or "")
        code, output = _eval(eval_home, monkeypatch, "--backend", "openai", "--baseline", str(BASELINE))
    assert code == 0, output
    assert "backend: openai" in output
    assert len(stub.chat_requests) == len(recorded)
    # leave-one-out: no prompt of a case quotes its own document or a near-duplicate as a reference
    documents = load_corpus(load_settings(home=eval_home))
    for case in ev.load_cases(load_settings(home=eval_home)):
        group = next(d.dup_group for d in documents if d.id == case.id)
        banned = [f"来源：《{d.title}》" for d in documents if d.dup_group == group]
        prompts = [str(r.messages) for r in stub.chat_requests if f"请为《{case.notes.title}》" in str(r.messages)]
        assert prompts and not [b for b in banned for p in prompts if b in p], case.id
        assert any("来源：《" in p for p in prompts)  # retrieval did supply references


def test_a_composer_that_drops_facts_makes_eval_fail_naming_the_fallen_metrics(
        eval_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.backends.offline import OfflineComposer

    honest = OfflineComposer.write

    def forgetful(self: OfflineComposer, task, round=None):  # type: ignore[no-untyped-def]
        return honest(self, dataclasses.replace(task, facts=task.facts[:1]), round)

    monkeypatch.setattr(OfflineComposer, "write", forgetful)
    code, output = _eval(eval_home, monkeypatch, "--baseline", str(BASELINE), "--no-retrieval")
    assert code == 1, output
    assert "REGRESSION overall: rouge_l fell" in output
    assert "REGRESSION overall: length_score fell" in output


def test_a_composer_that_invents_a_figure_makes_eval_fail_on_precision_and_errors(
        eval_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.backends.offline import OfflineComposer

    honest = OfflineComposer.write

    def boastful(self: OfflineComposer, task, round=None):  # type: ignore[no-untyped-def]
        reply = honest(self, task, round)
        return dataclasses.replace(reply, text=reply.text + ("全年新增发明专利授权987件。" if task.facts else ""))

    monkeypatch.setattr(OfflineComposer, "write", boastful)
    code, output = _eval(eval_home, monkeypatch, "--baseline", str(BASELINE), "--no-retrieval")
    assert code == 1, output
    assert "REGRESSION overall: figure_precision fell" in output
    assert "REGRESSION overall: errors_left rose from 0 to" in output


# --------------------------------------------------------------------------- bad input


@pytest.fixture
def small_home(tmp_path: Path) -> Path:
    """A home with one committed case and the raw samples (corpus not built yet)."""
    root = tmp_path / "home"
    shutil.copytree(RAW, root / "corpus" / "raw")
    shutil.copytree(REPO / "prompts", root / "prompts")
    shutil.copytree(CASES / "002-yuanling", root / "eval" / "cases" / "002-yuanling")
    shutil.copy2(BASELINE, root / "eval" / "baseline.json")
    return root


def test_case_notes_that_break_the_notes_format_are_named_with_key_and_line(
        small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = small_home / "eval" / "cases" / "002-yuanling" / "notes.yaml"
    notes.write_text(notes.read_text(encoding="utf-8").replace("year:", "yaer:", 1), encoding="utf-8")
    code, output = _eval(small_home, monkeypatch, "--no-retrieval")
    assert code == 2
    assert f"{notes}" in output and "没有“yaer”这一项" in output


def test_a_case_without_its_reference_is_named(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = small_home / "eval" / "cases" / "002-yuanling" / "reference.md"
    reference.unlink()
    code, output = _eval(small_home, monkeypatch, "--no-retrieval")
    assert code == 2
    assert f"{reference}: missing" in output


def test_an_empty_corpus_is_an_error_naming_the_corpus(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(small_home / "corpus" / "raw")
    (small_home / "corpus" / "raw").mkdir()
    code, output = _eval(small_home, monkeypatch, "--no-retrieval")
    assert code == 2
    assert f"error: {small_home / 'corpus'}: the corpus is empty" in output
    assert not (small_home / "eval" / "results").exists()
    code, output = _eval(small_home, monkeypatch, "make-case", "002-yuanling")
    assert code == 2 and "the corpus is empty" in output


def test_an_unknown_case_lists_the_cases(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = _eval(small_home, monkeypatch, "--case", "999-nowhere")
    assert code == 2
    assert "no case '999-nowhere'; cases: 002-yuanling" in output


# --------------------------------------------------------------------------- make-case


def test_make_case_derives_outline_facts_and_bound_indicators(
        small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(small_home / "eval" / "cases")
    monkeypatch.setenv("DRAFTER_HOME", str(small_home))
    result = CliRunner().invoke(app, ["eval", "make-case", "002-yuanling"])
    assert result.exit_code == 0, result.output
    case = ev.load_case(small_home / "eval" / "cases" / "002-yuanling")
    assert [s.heading for s in case.notes.sections] == ["2025年工作情况", "存在的问题", "下一步打算"]
    assert [len(s.sections) for s in case.notes.sections] == [5, 3, 4]
    first = case.notes.sections[0].sections[1]
    assert first.heading == "突出创新主体，抢占科技创新“制高点”"
    assert any("223家" in fact for fact in first.facts)
    named = {(i.name, str(i.value), i.unit) for i in case.notes.indicators}
    assert ("全县高新技术企业", "47", "家") in named
    assert ("技术成果合同成交", "14.5", "亿元") in named
    assert all(i.section for i in case.notes.indicators)
    assert "今年科技型中小企业数量达223家" in case.reference
    assert sorted(p.name for p in (small_home / "eval").rglob("*") if p.is_file()) == [
        "baseline.json", "notes.yaml", "reference.md"]


def test_make_case_refuses_to_overwrite_a_reviewed_case_without_force(
        small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = small_home / "eval" / "cases" / "002-yuanling" / "notes.yaml"
    reviewed = notes.read_text(encoding="utf-8")
    monkeypatch.setenv("DRAFTER_HOME", str(small_home))
    result = CliRunner().invoke(app, ["eval", "make-case", "002-yuanling"])
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert notes.read_text(encoding="utf-8") == reviewed
    assert CliRunner().invoke(app, ["eval", "make-case", "002-yuanling", "--force"]).exit_code == 0


def test_make_case_refuses_a_masked_document(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.corpus import load_corpus

    masked = next(d.id for d in load_corpus(load_settings(home=small_home)) if d.masked)
    monkeypatch.setenv("DRAFTER_HOME", str(small_home))
    result = CliRunner().invoke(app, ["eval", "make-case", masked])
    assert result.exit_code == 2
    assert "masked" in result.output
    assert not (small_home / "eval" / "cases" / masked).exists()
