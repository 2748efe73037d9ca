"""Regression evaluation against the sample documents: cases, metrics, results, baseline.

A case is a folder ``eval/cases/<document id>/`` holding ``notes.yaml`` (NOTES_FORMAT) and
``reference.md`` (the document's own text). Each case is drafted with its document and that
document's near-duplicate group left out of retrieval; the draft is scored against the notes and the
reference. Metrics are a dict of floats per case and overall; a run is written as
``eval/results/<stamp>.json`` plus a Markdown report, and ``compare_with_baseline`` is the one
function that decides whether a metric fell.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.config import Settings
from drafter.errors import DrafterError, InputError
from drafter.files import atomic_write_text

if TYPE_CHECKING:
    from drafter.backends.base import Backend, Reference
    from drafter.corpus.model import Document, Section
    from drafter.draft import DraftResult, PlannedSection
    from drafter.figures.model import Quantity
    from drafter.notes import Notes

NOTES_FILE = "notes.yaml"
REFERENCE_FILE = "reference.md"


# --------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Metric:
    """One score: its direction, how much it may fall before a run fails, how cases add up."""

    name: str
    higher_is_better: bool
    tolerance: float
    total: str  # "mean" of the cases, or "sum" for counts
    meaning: str


METRICS: tuple[Metric, ...] = (
    Metric("figure_precision", True, 0.02, "mean", "share of the draft's figures the checker supports"),
    Metric("figure_recall", True, 0.02, "mean", "share of the supplied figures the draft uses"),
    Metric("errors_left", False, 0, "sum", "checker errors left in the draft after repair"),
    Metric("outline_fidelity", True, 0.0, "mean", "share of outline headings present, in order"),
    Metric("rouge_l", True, 0.02, "mean", "character-level ROUGE-L F1 against the reference"),
    Metric("length_score", True, 5.0, "mean", "LongWriter S_l of the draft length against the reference (0–100)"),
    Metric("lint_punctuation", False, 0, "sum", "half-width punctuation inside Chinese text"),
    Metric("lint_markdown", False, 0, "sum", "Markdown residue (**, #, bullets, code fences)"),
    Metric("lint_english", False, 0, "sum", "English words the notes do not contain"),
    Metric("lint_ai_phrase", False, 0, "sum", "assistant phrases such as 作为AI / 作为一个人工智能"),
    Metric("chatter_paragraphs", False, 0, "sum", "paragraphs of talk to the user (preamble, sign-off, notes, "
                                                  "Markdown) left in the draft"),
    Metric("sections_lost", False, 0, "sum", "sections with no usable reply (marked 【待补充：…】)"),
    Metric("repair_share", False, 0.05, "mean", "share of sections that needed a repair round"),
    Metric("sentence_warnings", False, 0, "sum", "tense, time and content warnings: plans reporting completion, "
                                                 "reviews only of intent, relative years, padding, unsupplied content"),
)
METRIC_BY_NAME = {m.name: m for m in METRICS}


def lcs_length(a: Iterable[object], b: Iterable[object]) -> int:
    """Length of the longest common subsequence (bit-parallel, Hyyrö 2004: O(len(b)) big-int steps)."""
    a, b = list(a), list(b)
    masks: dict[object, int] = {}
    for i, item in enumerate(a):
        masks[item] = masks.get(item, 0) | (1 << i)
    full = (1 << len(a)) - 1
    row = full
    for item in b:
        match = row & masks.get(item, 0)
        row = ((row + match) | (row - match)) & full
    return len(a) - row.bit_count()


def _characters(text: str) -> str:
    return re.sub(r"\s+", "", text)


def rouge_l(draft: str, reference: str) -> float:
    """ROUGE-L F1 over characters (whitespace ignored), as rouge-chinese computes on spaced characters."""
    hyp, ref = _characters(draft), _characters(reference)
    if not hyp or not ref:
        return 0.0
    common = lcs_length(ref, hyp)
    if not common:
        return 0.0
    precision, recall = common / len(hyp), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def length_score(draft: str, reference: str) -> float:
    """LongWriter's S_l: 100 when the lengths agree, falling faster for a short draft than a long one."""
    y, x = len(_characters(draft)), len(_characters(reference))
    if not x or not y:
        return 0.0
    if y > x:
        return 100 * max(0.0, 1 - (y / x - 1) / 3)
    return 100 * max(0.0, 1 - (x / y - 1) / 2)


_CJK = r"[\u3400-\u9fff]"
_HALF_WIDTH_PUNCT = re.compile(rf"(?<={_CJK})[,;:?!()]|[,;:?!()](?={_CJK})")
_MARKDOWN = re.compile(r"\*\*|__|`{3}|^\s*#{1,6}\s|^\s*[-*+]\s+|^\s*>\s|\[[^\]]+\]\([^)]+\)", re.MULTILINE)
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_AI_PHRASE = re.compile(r"作为(?:一[个名]|一款)?(?:AI|ＡＩ|人工智能|语言模型|大模型|智能助手)|我是(?:一[个名])?(?:AI|人工智能|语言模型)"
                        r"|(?:AI|人工智能)(?:语言模型|助手)|as an AI|language model", re.IGNORECASE)


@dataclass
class LintHit:
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.text}"


def style_lints(text: str, allowed_words: set[str]) -> list[LintHit]:
    """Style faults in generated text; English words that occur in ``allowed_words`` are not faults."""

    def around(match: re.Match[str]) -> str:
        return text[max(0, match.start() - 8):match.end() + 8].replace("\n", " ")

    hits = [LintHit("lint_punctuation", around(m)) for m in _HALF_WIDTH_PUNCT.finditer(text)]
    hits += [LintHit("lint_markdown", around(m)) for m in _MARKDOWN.finditer(text)]
    hits += [LintHit("lint_english", m.group()) for m in _ENGLISH_WORD.finditer(text)
             if m.group().lower() not in allowed_words and not _AI_PHRASE.search(around(m))]
    hits += [LintHit("lint_ai_phrase", around(m)) for m in _AI_PHRASE.finditer(text)]
    return hits


def notes_words(notes: Notes) -> set[str]:
    """English words the user wrote in the notes (APP, GDP, R&D …): a draft may repeat them."""
    parts = [notes.title, notes.unit]
    parts += [part for _, section in notes.walk() for part in (section.heading, *section.facts)]
    parts += [i.name for i in notes.indicators]
    return {w.lower() for w in _ENGLISH_WORD.findall(" ".join(parts))}


def _figure_key(quantity: Quantity) -> tuple[Decimal, str] | None:
    from drafter.derive import figure_key

    return figure_key(quantity)


def supplied_keys(notes: Notes) -> set[tuple[Decimal, str]]:
    """The distinct single figures the notes supply, as (value in base unit, base unit)."""
    from drafter.figures.supplied import supplied_figures

    return {(f.value.normalize(), f.unit) for f in supplied_figures(notes) if f.high is None}


def outline_fidelity(notes: Notes, draft_text: str) -> float:
    """Share of the outline's numbered headings that the draft prints as lines, in outline order."""
    from drafter.draft import plan_sections

    def norm(line: str) -> str:
        return re.sub(r"[\s。：:；;，,]+$", "", line.strip())

    expected = [norm(plan.number + plan.heading) for plan in plan_sections(notes)]
    wanted = set(expected)
    found = [line for line in map(norm, draft_text.splitlines()) if line in wanted]
    return lcs_length(expected, found) / len(expected) if expected else 1.0


@dataclass
class CaseScore:
    """The metrics of one drafted case, with the findings behind them for the report."""

    case_id: str
    metrics: dict[str, float]
    problems: list[str] = field(default_factory=list)
    draft_path: str = ""
    run_dir: str = ""


def score_draft(notes: Notes, reference: str | None, result: DraftResult) -> tuple[dict[str, float], list[str]]:
    """Every metric of one draft, and one line per problem found (flagged figures, lint hits)."""
    from drafter.cleaning import chatter_paragraphs
    from drafter.export.model import plain_text
    from drafter.figures.extract import extract_quantities
    from drafter.figures.reconcile import check_text

    text = plain_text(result.document)
    report = check_text(text, notes)
    figures = [f for f in report.findings if f.kind != "unused"]
    supported = [f for f in figures if f.verdict == "supported"]
    supplied = supplied_keys(notes)
    used = {_figure_key(q) for q in extract_quantities(text)} & supplied
    generated = "\n".join(section.text for section in result.sections)
    lints = style_lints(generated, notes_words(notes))
    metrics = {
        "figure_precision": len(supported) / len(figures) if figures else 1.0,
        "figure_recall": len(used) / len(supplied) if supplied else 1.0,
        "errors_left": float(len(report.errors)),
        "outline_fidelity": outline_fidelity(notes, text),
    }
    if reference is not None:
        metrics |= {"rouge_l": rouge_l(text, reference), "length_score": length_score(text, reference)}
    for metric in METRICS:
        if metric.name.startswith("lint_"):
            metrics[metric.name] = float(sum(1 for hit in lints if hit.rule == metric.name))
    chatter = chatter_paragraphs(p for s in result.sections for p in s.text.splitlines())
    metrics["chatter_paragraphs"] = float(len(chatter))
    metrics["sections_lost"] = float(len(result.marked))
    metrics["repair_share"] = sum(len(s.costs) > 1 for s in result.sections) / len(result.sections)
    problems = [f"{f.verdict} {f.kind}: “{f.text}” {f.message}".rstrip() for f in report.errors]
    problems += [str(hit) for hit in lints]
    problems += [f"chatter: {p}" for p in chatter] + [f"lost {s.key}: {s.marked}" for s in result.marked]
    return metrics, problems


def overall_metrics(scores: list[CaseScore]) -> dict[str, float]:
    """Cases combined: the mean of each score, the sum of each count."""
    out: dict[str, float] = {}
    for metric in METRICS:
        values = [s.metrics[metric.name] for s in scores if metric.name in s.metrics]
        if values:
            out[metric.name] = sum(values) if metric.total == "sum" else sum(values) / len(values)
    return out


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    """One evaluation case: the notes to draft from and the reference text to score against (None for
    a replayed document that has none: the metrics that need it are left out)."""

    id: str
    folder: Path
    notes: Notes
    reference: str | None


def cases_dir(settings: Settings) -> Path:
    return settings.home / "eval" / "cases"


def read_reference(path: Path) -> str:
    """The reference text without Markdown heading marks."""
    if not path.is_file():
        raise InputError(path, f"missing; every case needs its reference text (derive it with "
                               f"'drafter eval make-case {path.parent.name}')")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^#{1,6}\s*", "", text, flags=re.MULTILINE)
    if not text.strip():
        raise InputError(path, "the reference text is empty")
    return text


def load_case(folder: Path) -> Case:
    """A case folder; its notes must follow NOTES_FORMAT and its reference must exist."""
    from drafter.notes import load_notes

    notes_path = folder / NOTES_FILE
    if not notes_path.is_file():
        raise InputError(notes_path, f"missing; every case needs its notes (derive them with "
                                     f"'drafter eval make-case {folder.name}')")
    notes = load_notes(notes_path)
    return Case(folder.name, folder, notes, read_reference(folder / REFERENCE_FILE))


def load_cases(settings: Settings, ids: list[str] | None = None) -> list[Case]:
    """The committed cases, all of them or those named, in id order."""
    root = cases_dir(settings)
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if not folders:
        raise DrafterError(f"{root}: no evaluation cases; derive one with 'drafter eval make-case DOC'")
    if ids:
        known = {p.name: p for p in folders}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise DrafterError(f"{root}: no case {unknown[0]!r}; cases: {', '.join(sorted(known))}")
        folders = [known[i] for i in ids]
    return [load_case(folder) for folder in folders]


def corpus_documents(settings: Settings) -> dict[str, Document]:
    """The corpus by document id; an empty corpus is an error that says how to fill it."""
    from drafter.corpus import load_corpus

    documents = {d.id: d for d in load_corpus(settings)}
    if not documents:
        raise DrafterError(f"{settings.corpus_dir}: the corpus is empty; put the sample documents in "
                           f"{settings.corpus_dir / 'raw'} and run 'drafter corpus build'")
    return documents


def _case_documents(settings: Settings, cases: list[Case]) -> dict[str, Document]:
    """The corpus document each case was derived from (its id names the case)."""
    documents = corpus_documents(settings)
    for case in cases:
        if case.id not in documents:
            raise InputError(case.folder, f"no corpus document {case.id!r}; a case folder is named after "
                                          f"its document (ids: {', '.join(sorted(documents))})")
    return documents


# --------------------------------------------------------------------------- running


@dataclass
class EvalRun:
    """A finished evaluation: per-case scores and the overall figures."""

    backend: str
    stamp: str
    cases: list[CaseScore]
    overall: dict[str, float]
    retrieval: bool = True

    def to_json(self) -> dict[str, object]:
        return {"backend": self.backend, "stamp": self.stamp, "retrieval": self.retrieval,
                "overall": self.overall, "cases": {c.case_id: asdict(c) for c in self.cases}}


def results_dir(settings: Settings) -> Path:
    return settings.home / "eval" / "results"


def run_eval(
    settings: Settings,
    cases: list[Case],
    *,
    backend: Backend | None = None,
    retrieval: bool = True,
    output_dir: Path | None = None,
) -> EvalRun:
    """Draft every case (its own near-duplicate group left out of retrieval) and score it.

    Drafts and run directories go to ``<output_dir>/<stamp>/<case>/``.
    """
    from drafter.draft import open_backend, retrieval_for

    documents = _case_documents(settings, cases)
    backend = backend or open_backend(settings)
    stamp = new_stamp()
    work = (output_dir or results_dir(settings)) / stamp
    scores = []
    for case in cases:
        document = documents[case.id]
        references = retrieval_for(settings, document.dup_group or document.id) if retrieval else None
        scores.append(draft_case(case, settings, backend, references, work))
    return EvalRun(backend.name, stamp, scores, overall_metrics(scores), retrieval)


def new_stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def draft_case(case: Case, settings: Settings, backend: Backend,
               references: Callable[[PlannedSection], list[Reference]] | None, work: Path) -> CaseScore:
    """Draft one case into ``work/<case>/`` (draft.md and the run) and score it."""
    from drafter.draft import document_report, draft_document
    from drafter.export import write_markdown
    from drafter.summary import SENTENCE_KINDS

    result = draft_document(case.notes, settings, backend=backend, references=references,
                            run_dir=work / case.id / "run")
    draft_path = work / case.id / "draft.md"
    write_markdown(result.document, draft_path)
    report = document_report(result.document, case.notes)  # as `drafter draft` writes it beside the draft
    atomic_write_text(draft_path.with_name("draft.check.json"), report.to_json() + "\n")
    metrics, problems = score_draft(case.notes, case.reference, result)
    sentence = [f for f in report.findings if f.kind in SENTENCE_KINDS]
    metrics["sentence_warnings"] = float(len(sentence))
    problems += [f"warning {f.rule}: “{f.text}” {f.message}" for f in sentence]
    return CaseScore(case.id, metrics, problems, str(draft_path), str(result.run_dir))


def exclude_group_for(settings: Settings, document_id: str, notes: Notes | None = None) -> str | None:
    """The near-duplicate group to leave out of retrieval when drafting the notes of a corpus document,
    so that no draft is written from its own source: the document with id ``document_id``, or the one
    ``notes`` come from — the same title, or the same place's report of the same year (examples/
    yuanling.yaml is the notes of corpus 002, a 沅陵 report of 2025). None when there is none."""
    from drafter.corpus import load_corpus

    place = re.split(r"科学技术|科技", notes.unit, maxsplit=1)[0].strip() if notes else ""
    for document in load_corpus(settings):
        same = document.id == document_id
        if notes is not None and not same:
            text = document.text()
            same = document.title.strip() == notes.title.strip() or (
                len(place) >= 2 and place in text and str(notes.year) in text)
        if same:
            return document.dup_group or document.id
    return None


# --------------------------------------------------------------------------- baseline


@dataclass
class Baseline:
    """The committed scores a run must not fall below, with a tolerance per metric."""

    tolerances: dict[str, float]
    overall: dict[str, float]
    cases: dict[str, dict[str, float]]
    backend: str = "offline"


@dataclass(frozen=True)
class Regression:
    scope: str  # a case id or "overall"
    metric: str
    baseline: float
    current: float
    tolerance: float

    def __str__(self) -> str:
        worse = "fell" if METRIC_BY_NAME[self.metric].higher_is_better else "rose"
        return (f"{self.scope}: {self.metric} {worse} from {self.baseline:.4g} to {self.current:.4g} "
                f"(tolerance {self.tolerance:g})")


def _floats(path: Path, data: object, key: str) -> dict[str, float]:
    if not isinstance(data, dict) or not all(isinstance(v, (int, float)) for v in data.values()):
        raise InputError(path, "must map metric names to numbers", key=key)
    unknown = sorted(set(data) - set(METRIC_BY_NAME))
    if unknown:
        raise InputError(path, f"unknown metric {unknown[0]!r}; metrics: {', '.join(METRIC_BY_NAME)}", key=key)
    return {k: float(v) for k, v in data.items()}


def load_baseline(path: Path) -> Baseline:
    if not path.is_file():
        raise InputError(path, "baseline not found; create it with 'drafter eval --update-baseline'")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not a JSON baseline ({exc}); restore it or run --update-baseline") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases", {}), dict):
        raise InputError(path, "a baseline holds 'tolerances', 'overall' and 'cases'")
    return Baseline(
        tolerances=_floats(path, data.get("tolerances", {}), "tolerances"),
        overall=_floats(path, data.get("overall", {}), "overall"),
        cases={cid: _floats(path, m, f"cases.{cid}") for cid, m in data.get("cases", {}).items()},
        backend=str(data.get("backend", "offline")),
    )


def compare_with_baseline(run: EvalRun, baseline: Baseline) -> list[Regression]:
    """Every metric that got worse than the baseline by more than its tolerance.

    Cases are compared one by one; the overall figures only when the run covers every baseline case.
    """
    scopes = [(c.case_id, c.metrics, baseline.cases.get(c.case_id, {})) for c in run.cases]
    if set(baseline.cases) <= {c.case_id for c in run.cases}:
        scopes.append(("overall", run.overall, baseline.overall))
    regressions = []
    for scope, current, before in scopes:
        for metric in METRICS:
            if metric.name not in before or metric.name not in current:
                continue
            tolerance = baseline.tolerances.get(metric.name, metric.tolerance)
            change = current[metric.name] - before[metric.name]
            loss = -change if metric.higher_is_better else change
            if loss > tolerance + 1e-9:
                regressions.append(Regression(scope, metric.name, before[metric.name], current[metric.name],
                                              tolerance))
    return regressions


def baseline_from_run(run: EvalRun, previous: Baseline | None = None) -> Baseline:
    """A new baseline holding this run's scores, keeping the tolerances already chosen."""
    tolerances = {m.name: m.tolerance for m in METRICS} | (previous.tolerances if previous else {})
    cases = dict(previous.cases) if previous else {}
    cases.update({c.case_id: c.metrics for c in run.cases})
    overall = run.overall if set(cases) <= {c.case_id for c in run.cases} else overall_metrics(
        [CaseScore(cid, metrics) for cid, metrics in sorted(cases.items())])
    return Baseline(tolerances, overall, dict(sorted(cases.items())), run.backend)


def write_baseline(baseline: Baseline, path: Path) -> None:
    data = {"backend": baseline.backend, "tolerances": baseline.tolerances, "overall": _rounded(baseline.overall),
            "cases": {cid: _rounded(m) for cid, m in baseline.cases.items()}}
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _rounded(metrics: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 6) for k, v in metrics.items()}


# --------------------------------------------------------------------------- results


def markdown_report(run: EvalRun, regressions: list[Regression], baseline: Baseline | None) -> str:
    """A human-readable report: the metrics table, what fell, and the problems per case."""
    names = [m.name for m in METRICS]
    summary = f"Backend: {run.backend}; retrieval: {'on' if run.retrieval else 'off'}; cases: {len(run.cases)}"
    lines = [f"# Evaluation {run.stamp}", "", summary, "", "| case | " + " | ".join(names) + " |",
             "|---|" + "---|" * len(names)]
    for scope, metrics in [*((c.case_id, c.metrics) for c in run.cases), ("overall", run.overall)]:
        lines.append(f"| {scope} | " + " | ".join(f"{metrics.get(n, float('nan')):.4g}" for n in names) + " |")
    lines += ["", "## Against the baseline", ""]
    if baseline is None:
        lines.append("No baseline compared.")
    elif regressions:
        lines += [f"- {r}" for r in regressions]
    else:
        lines.append("No metric fell by more than its tolerance.")
    lines += ["", "## Metrics", ""] + [f"- {m.name}: {m.meaning}" for m in METRICS]
    for case in run.cases:
        lines += ["", f"## {case.case_id}", "", f"Draft: {case.draft_path}", ""]
        lines += [f"- {p}" for p in case.problems] or ["No problem found."]
    return "\n".join(lines) + "\n"


def write_results(run: EvalRun, regressions: list[Regression], baseline: Baseline | None,
                  directory: Path) -> tuple[Path, Path]:
    """``<directory>/<stamp>.json`` and ``<stamp>.md``."""
    json_path, md_path = directory / f"{run.stamp}.json", directory / f"{run.stamp}.md"
    data = run.to_json() | {"regressions": [asdict(r) for r in regressions]}
    atomic_write_text(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(md_path, markdown_report(run, regressions, baseline))
    return json_path, md_path


# --------------------------------------------------------------------------- deriving a case


def derive_case(document: Document) -> tuple[str, str]:
    """Notes (YAML) and reference text (Markdown) derived from a corpus document.

    Headings become the outline, body sentences its facts, every figure an indicator bound to the
    noun phrase it counts and to its section.
    """
    import yaml

    from drafter.derive import document_year, notes_data

    _, year_found = document_year(document)
    notes = notes_data(document)
    header = (f"# Evaluation case derived by 'drafter eval make-case {document.id}' from {document.source}.\n"
              f"# Review it (headings → outline, sentences → facts, figures → indicators) before committing.\n")
    if not year_found:
        header += "# The document names no year: 'year' is a guess.\n"
    notes_text = header + yaml.safe_dump(notes, allow_unicode=True, sort_keys=False, width=4096)
    parts = [f"# {document.title}", *document.preamble]
    for _, section in document.walk():
        parts += [section.title_line, *section.body]
    return notes_text, "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def make_case(settings: Settings, document_id: str, *, force: bool = False) -> Case:
    """Derive ``eval/cases/<id>/`` from a corpus document; refuses to overwrite without ``force``."""
    from drafter.files import refuse_overwrite

    documents = corpus_documents(settings)
    if document_id not in documents:
        raise DrafterError(f"unknown document {document_id!r}; known ids: {', '.join(documents)}")
    document = documents[document_id]
    if document.masked:
        raise DrafterError(f"{document.id}: its figures are masked (X, XX); a case needs a document with "
                           f"real figures")
    root = cases_dir(settings).resolve()
    folder = (root / document.id).resolve()
    if folder.parent != root:
        raise DrafterError(f"{document.id!r}: not usable as a case folder name under {root}")
    notes_text, reference_text = derive_case(document)
    for name in (NOTES_FILE, REFERENCE_FILE):
        refuse_overwrite(folder / name, force)
    atomic_write_text(folder / NOTES_FILE, notes_text)
    atomic_write_text(folder / REFERENCE_FILE, reference_text)
    return load_case(folder)
