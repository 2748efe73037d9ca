"""The drafting loop: notes → per section retrieve → prompt → backend → check → repair → a draft.

Each run keeps its artifacts in a run directory with fixed names, so it can be inspected, resumed
and replayed::

    runs/<stamp>-<slug>/
        notes.<ext>                 copy of the notes the run started from
        run.json                    backend, model, endpoint and loop settings of each start/resume
        sections/<NN>-<key>/task.json       the section's input (facts, indicators, references)
        sections/<NN>-<key>/prompt-<r>.json messages sent in round r
        sections/<NN>-<key>/reply-<r>.json  the raw reply of round r: text, finish_reason, model, usage
        sections/<NN>-<key>/body-<r>.txt    the section body cleaned from reply r (what is checked)
        sections/<NN>-<key>/check-<r>.json  checker findings on body r
        sections/<NN>-<key>/result.json     the attempt kept (written last: a section is done)
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.attempts import DEGRADED, Attempt, better, judge
from drafter.backends.base import OPENING_KEY, Backend, Reference, Round, SectionTask
from drafter.cleaning import clean_reply, is_refusal
from drafter.config import Settings
from drafter.corpus.kinds import classify_kind, named_spans
from drafter.doc_kinds import doc_kind
from drafter.errors import BackendError, DrafterError, RequestFailedError
from drafter.export.model import DraftDocument, DraftSection, number_marker, section_key
from drafter.figures.reconcile import CheckReport, FigureChecker, check_text, repair_instructions
from drafter.files import atomic_write_text
from drafter.notes import Indicator, Notes, OutlineSection
from drafter.progress import ProgressCallback, SectionEvent, Step, ignore
from drafter.prompts import messages_for
from drafter.runs import RoundCost, check_resumable, check_same_notes, dump_json, new_run_dir, record_sections, record_start



@dataclass(frozen=True)
class LengthRule:
    """The target length of a section body when the notes give no 字数: enough to write each fact and
    indicator out properly, never so much that a model pads a thin section with claims nobody made.

    A lead sentence, then per fact twice its own length (within ``fact_min``…``fact_max``, and never
    less than the fact itself: a fact longer than ``fact_max`` counts its own length) and
    ``per_indicator`` per indicator, kept within ``floor``…``ceiling`` and rounded to tens; a section
    with no fact and no indicator gets ``empty`` (one sentence saying what is missing).
    One fact "开展科普宣传活动10余次" → 50 + 50 = 100 characters; five long facts and three
    indicators → about 470.
    """

    lead: int = 50
    fact_min: int = 50
    fact_max: int = 150
    per_indicator: int = 40
    floor: int = 100
    ceiling: int = 600
    empty: int = 50

    def target(self, facts: Sequence[str], indicators: Sequence[Indicator]) -> int:
        if not facts and not indicators:
            return self.empty
        body = sum(min(max(2 * len(fact), self.fact_min), max(self.fact_max, len(fact))) for fact in facts)
        total = self.lead + body + self.per_indicator * len(indicators)
        return round(min(max(total, self.floor), self.ceiling), -1)


LENGTH_RULE = LengthRule()
OPENING_LENGTH = 150


@dataclass
class PlannedSection:
    """One outline section with its place in the document and the data bound to it."""

    index: int
    key: str
    number: str
    level: int
    heading: str
    kind: str
    source: OutlineSection
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def has_body(self) -> bool:
        """Sections with sub-sections and nothing of their own get no body paragraph."""
        return bool(self.source.facts or self.indicators or not self.source.sections)


@dataclass
class SectionDraft:
    """The attempt kept for one section and what the checker says of it.

    ``rounds`` is the round of the attempt kept (1: the first reply); ``marked`` says why no usable
    reply came (the text is then the 【待补充：…】 marker); ``costs`` are the requests and tokens of
    each round; ``missing`` the facts and indicators the kept text does not cover.
    """

    key: str
    text: str
    rounds: int
    errors: int
    report: CheckReport | None = None
    marked: str | None = None
    costs: list[RoundCost] = field(default_factory=list)
    missing: tuple[str, ...] = ()


@dataclass
class DraftResult:
    document: DraftDocument
    sections: list[SectionDraft]
    backend: str
    run_dir: Path
    tokens: RoundCost = field(default_factory=lambda: RoundCost(0))
    unplaced: list[Indicator] = field(default_factory=list)  # indicators no section could take (see _section_for)

    @property
    def marked(self) -> list[SectionDraft]:
        """The sections that carry a 【待补充：…】 marker instead of text."""
        return [s for s in self.sections if s.marked]


def section_kind(heading: str, notes: Notes) -> str:
    """What a top-level section is — review, problems, plan or other (综合) — by, in order: the cue
    words of its heading (存在问题, 下一步打算, 工作回顾 …); the 文种 when it has one part only (every
    section of a 计划 is a plan, of a 总结 a review); the year the heading names against the notes'
    year (2026年重点工作 in a 2025 总结和计划 is the plan). What none of these decides is "other"
    (党建引领, 队伍建设 …)."""
    cued = str(classify_kind(heading))
    if cued != "other":
        return cued
    kind = doc_kind(notes.kind)
    if kind.plans != kind.reviews:
        return "plan" if kind.plans else "review"
    years = [span.first for span in named_spans(heading)]
    if years:
        return "plan" if max(years) > notes.year else "review"
    return "other"


def plan_sections(notes: Notes) -> list[PlannedSection]:
    """Number the outline (一、（一）1.（1）), classify each top-level section and bind indicators."""
    plans: list[PlannedSection] = []

    def visit(items: list[OutlineSection], parent_key: str, level: int, kind: str | None) -> None:
        for i, item in enumerate(items, start=1):
            number = number_marker(level, i)
            key = section_key(parent_key, number)
            own_kind = kind or section_kind(item.heading, notes)
            plans.append(PlannedSection(len(plans), key, number, level, item.heading, own_kind, item))
            visit(item.sections, key, level + 1, own_kind)

    visit(notes.sections, "", 1, None)
    for indicator in notes.indicators:
        target = _section_for(indicator, plans, notes)
        if target is not None:
            target.indicators.append(indicator)
    return plans


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _overlap(a: str, b: str) -> int:
    """Shared character bigrams: a cheap, robust similarity for short Chinese phrases."""
    grams = _bigrams(a)
    return sum(1 for i in range(len(b) - 1) if b[i:i + 2] in grams)


def _is_plan_period(indicator: Indicator, notes: Notes) -> bool | None:
    """Whether the indicator's period lies after the year reviewed (a target), before or in it (a level
    reached), or None when its period names no year or the document has only one part."""
    kind = doc_kind(notes.kind)
    years = [int(y) for y in re.findall(r"\d{4}", indicator.period or "")]
    if not years or not (kind.reviews and kind.plans):
        return None
    return max(years) > notes.year


TELLING = math.log(3)  # as telling as one bigram of the name that a third of the sections have


def _section_for(indicator: Indicator, plans: list[PlannedSection], notes: Notes) -> PlannedSection | None:
    """The section an indicator belongs to.

    Its 章节 when given (the most specific heading that names it). Else the topical section whose heading
    and facts share the most *telling* bigrams with its name, each weighed by how few sections have it
    (log of sections / sections having it), if they weigh at least TELLING: in a 科技局 report every
    section says 科技, so 科技 tells nothing, and 财政科技支出 is not 推动科技成果转化's. A problems section never takes an indicator
    unasked, nor a plan a level already reached (or a review a target). An indicator that no section
    tells apart goes to the overview: the body of the first top-level part of its kind (一、2026年工作
    回顾 opens with the year's figures before its sub-sections), so none is left out.
    """
    if indicator.section:
        named = [p for p in plans if indicator.section in p.heading or p.heading in indicator.section]
        if named:
            return max(named, key=lambda p: p.level)  # the most specific match
    planned = _is_plan_period(indicator, notes)
    fits = [p for p in plans if p.kind != "problems"
            and (planned is None or (p.kind == "plan") == planned or p.kind == "other")]
    fits = fits or [p for p in plans if p.kind != "problems"]
    candidates = [p for p in fits if p.source.facts or not p.source.sections]
    texts = {p.key: p.heading + "".join(p.source.facts) for p in candidates}
    spread = {g: sum(1 for t in texts.values() if g in t) for g in _bigrams(indicator.name)}
    weight = {g: math.log(len(candidates) / n) for g, n in spread.items() if n}  # 0 for a bigram every section has
    scored = [(round(sum(w for g, w in weight.items() if g in texts[p.key]), 6), _overlap(indicator.name, texts[p.key]),
               -p.index, p) for p in candidates]
    best = max(scored, default=None, key=lambda s: s[:3])
    if best and best[0] >= TELLING:
        return best[3]
    tops = [p for p in fits if p.level == 1]
    return next((p for p in tops if p.kind != "other"), tops[0] if tops else None)


def outline_lines(sections: Iterable[PlannedSection | DraftSection]) -> list[str]:
    """The numbered outline a prompt shows: one indented "number+heading" line per section."""
    return [f"{'  ' * (s.level - 1)}{s.number}{s.heading}" for s in sections]


def kind_ordinals(plans: list[PlannedSection]) -> dict[str, int]:
    """Each section's place among the sections of its kind that have a body (0 for the first)."""
    seen: dict[str, int] = {}
    ordinals = {}
    for plan in plans:
        if plan.has_body:
            ordinals[plan.key] = seen.get(plan.kind, 0)
            seen[plan.kind] = ordinals[plan.key] + 1
    return ordinals


def section_task(notes: Notes, plan: PlannedSection, outline: list[str], references: list[Reference], *,
                 ordinal: int = 0) -> SectionTask:
    """The backend's input for one planned section."""
    return SectionTask(
        key=plan.key, number=plan.number, heading=plan.heading, level=plan.level,
        doc_title=notes.title, doc_kind=notes.kind, unit=notes.unit, year=notes.year,
        section_kind=plan.kind, facts=tuple(plan.source.facts), indicators=tuple(plan.indicators),
        references=references, outline=outline,
        target_length=plan.source.length or LENGTH_RULE.target(plan.source.facts, plan.indicators),
        length_given=bool(plan.source.length), instruction=plan.source.instruction, ordinal=ordinal,
    )


def opening_task(notes: Notes, outline: list[str]) -> SectionTask:
    """The opening paragraph (leadership line and '现将…总结如下：')."""
    return SectionTask(key=OPENING_KEY, number="", heading="", level=0, doc_title=notes.title,
                       doc_kind=notes.kind, unit=notes.unit, year=notes.year, section_kind="other",
                       outline=outline, target_length=OPENING_LENGTH)


def section_folder(index: int, key: str) -> str:
    """The name of a section's folder in a run (and in a replay set): "03-一_（一）_1"; the opening is 00."""
    return f"{index:02d}-{key.replace('.', '_')}"


def plan_folder(plan: PlannedSection) -> str:
    return section_folder(plan.index + 1, plan.key)


class Progress:
    """Counts the run's finished sections and turns each step of a section into a ``SectionEvent``."""

    def __init__(self, total: int, callback: ProgressCallback | None = None) -> None:
        self.total, self.done = total, 0
        self._callback = callback or ignore
        self._lock = threading.Lock()

    def step(self, step: Step, task: SectionTask, **details: object) -> None:
        with self._lock:
            if step in (Step.DONE, Step.MARKED):
                self.done += 1
            event = SectionEvent(step, task.key, task.heading, self.done, self.total, **details)  # type: ignore[arg-type]
            self._callback(event)


MARKER = "【待补充：{reason}，请根据要点补写本节】"  # the text of a section no usable reply came for


@dataclass
class _Answer:
    """The outcome of asking for one round: a usable reply's body, or why none came."""

    body: str = ""
    failure: str | None = None  # English, for the summary: "empty reply ×4", "HTTP 500 after 4 attempts"
    marker: str | None = None  # Chinese, for the document's 【待补充：…】


class SectionWriter:
    """Runs one section through backend → clean → check → repair rounds, recording every round.

    Each round's reply is asked for until it is usable: an empty reply, one cut off before its end
    (finish_reason other than stop) or a refusal is a fault, asked again up to ``max_retries`` times
    and never taken as text. Attempts are kept by drafter.attempts' rules (errors AND content kept).
    A section with no usable attempt gets a visible 【待补充：原因】 marker and is reported as marked.
    With ``check=False`` (rewriting without notes) the first usable reply is kept as it is.
    """

    def __init__(self, notes: Notes, settings: Settings, backend: Backend, run_dir: Path, *, check: bool = True,
                 progress: Progress | None = None, deadline: float | None = None):
        self.settings, self.backend, self.run_dir = settings, backend, run_dir
        self.checker = FigureChecker(notes) if check else None
        self.progress = progress or Progress(0)
        self.deadline = deadline

    def section_dir(self, index: int, key: str) -> Path:
        return self.run_dir / "sections" / section_folder(index, key)

    def write(self, index: int, task: SectionTask) -> SectionDraft:
        folder = self.section_dir(index, task.key)
        done = folder / "result.json"
        self.progress.step(Step.STARTED, task)
        if done.is_file():  # resumed run: this section finished before (a marked one is tried again)
            kept = json.loads(done.read_text(encoding="utf-8"))
            if not kept.get("marked"):
                return self._resumed(task, kept)
        folder.mkdir(parents=True, exist_ok=True)
        dump_json(folder / "task.json", dataclasses.asdict(task))
        kept: Attempt | None = None
        costs: list[RoundCost] = []
        failure: _Answer | None = None
        degraded: str | None = None  # why the last unusable attempt was no text
        for attempt in range(self.settings.repair_rounds + 1 if self.checker else 1):
            state = Round(attempt=attempt, section=folder.name, deadline=self.deadline,
                          repair=tuple(repair_instructions(kept.report)) if kept and kept.report else (),
                          previous_reply=kept.body if kept else None)
            state = dataclasses.replace(state, messages=messages_for(task, state, self.settings))
            dump_json(folder / f"prompt-{attempt}.json", list(state.messages))
            answer, cost = self._ask(task, state, folder)
            costs.append(cost)
            if answer.failure:
                failure = answer
                break
            atomic_write_text(folder / f"body-{attempt}.txt", answer.body + "\n")
            report = self.checker.check(answer.body, section=task.key) if self.checker else None
            if report is not None:
                dump_json(folder / f"check-{attempt}.json", report.to_dict())
            candidate = judge(attempt + 1, answer.body, report, task)
            self.progress.step(Step.ROUND, task, round=attempt + 1, errors=candidate.errors)
            degraded = candidate.degraded or degraded
            if better(candidate, kept):
                kept = candidate
            if kept is not None and (not kept.errors or self.checker is None):
                break
        if kept is None:
            failure = failure or _Answer(failure=f"{degraded} reply", marker=DEGRADED.get(degraded or "", "无回复"))
        return self._finish(task, done, kept, failure, costs)

    def _ask(self, task: SectionTask, state: Round, folder: Path) -> tuple[_Answer, RoundCost]:
        """A usable reply to one round, asking again after each fault (at most max_retries times)."""
        cost = RoundCost(state.attempt + 1)
        faults: list[str] = []
        for try_ in range(self.settings.max_retries + 1):
            try:
                reply = self.backend.write(task, dataclasses.replace(state, retry=try_))
            except RequestFailedError as exc:
                return _Answer(failure=str(exc), marker=DEGRADED["failed"]), cost
            usage = reply.usage if reply.usage and not reply.cached else None
            cost = cost + RoundCost(cost.round, 0 if reply.cached else 1, usage.prompt_tokens if usage else 0,
                                    usage.completion_tokens if usage else 0)
            suffix = "" if try_ == 0 else f".{try_}"
            dump_json(folder / f"reply-{state.attempt}{suffix}.json", reply.to_dict())
            body = clean_reply(reply.text, heading=task.heading, title=task.doc_title, outline=task.outline,
                               data=task_data(task)).text
            fault = ("truncated" if not reply.complete else "empty" if not body.strip()
                     else "refusal" if is_refusal(reply.text) else None)
            if fault is None:
                return _Answer(body), cost
            faults.append(fault if fault != "truncated" else f"truncated (finish_reason={reply.finish_reason})")
        common = max(set(faults), key=faults.count)
        marker = DEGRADED[common.split(" ")[0]]
        return _Answer(failure=f"{common} reply ×{len(faults)}", marker=marker), cost

    def _finish(self, task: SectionTask, done: Path, kept: Attempt | None, failure: _Answer | None,
                costs: list[RoundCost]) -> SectionDraft:
        if kept is None:
            assert failure is not None and failure.failure
            result = SectionDraft(task.key, MARKER.format(reason=failure.marker), len(costs), 0, None,
                                  marked=failure.failure, costs=costs)
            self.progress.step(Step.MARKED, task, round=len(costs), reason=failure.failure)
        else:
            result = SectionDraft(task.key, kept.body, kept.round, kept.errors, kept.report, costs=costs,
                                  missing=kept.missing)
            self.progress.step(Step.DONE, task, round=kept.round, errors=kept.errors)
        dump_json(done, {"key": result.key, "text": result.text, "rounds": result.rounds, "errors": result.errors,
                         "marked": result.marked, "costs": [dataclasses.asdict(c) for c in costs]})
        return result

    def _resumed(self, task: SectionTask, kept: dict[str, Any]) -> SectionDraft:
        costs = [RoundCost(**c) for c in kept.get("costs", [])]
        result = SectionDraft(task.key, kept["text"], kept["rounds"], kept["errors"],
                              self.checker.check(kept["text"], section=task.key) if self.checker else None,
                              costs=costs)
        self.progress.step(Step.DONE, task, round=result.rounds, errors=result.errors, resumed=True)
        return result


def task_data(task: SectionTask) -> list[str]:
    """The texts a section's figures come from: its facts and its indicators as the prompt lists them."""
    from drafter.prompts import indicator_line

    return [*task.facts, *(indicator_line(i) for i in task.indicators)]


def paragraphs_of(text: str) -> list[str]:
    """A backend's reply as paragraphs: its non-blank lines, stripped."""
    return [p.strip() for p in text.splitlines() if p.strip()]


def assemble(notes: Notes, plans: list[PlannedSection], bodies: dict[str, str], opening: str) -> DraftDocument:
    """The numbered section tree of the draft, in outline order."""
    nodes: dict[str, DraftSection] = {}
    roots: list[DraftSection] = []
    for plan in plans:
        node = DraftSection(level=plan.level, number=plan.number, heading=plan.heading,
                            paragraphs=paragraphs_of(bodies.get(plan.key, "")), children=[], key=plan.key)
        nodes[plan.key] = node
        parent = plan.key.rpartition(".")[0]
        (nodes[parent].children if parent else roots).append(node)
    return DraftDocument(title=notes.title, unit=notes.unit, date=notes.date,
                         opening=paragraphs_of(opening), sections=roots, recipient=notes.recipient,
                         issuer=notes.issuer, issue_date=notes.issue_date)


def draft_document(
    notes: Notes,
    settings: Settings,
    *,
    backend: Backend,
    references: Callable[[PlannedSection], list[Reference]] | None = None,
    run_dir: Path | None = None,
    on_event: ProgressCallback | None = None,
) -> DraftResult:
    """Draft every section of ``notes`` (concurrently, bounded by settings.concurrency).

    ``references`` returns the style passages for a section (retrieval); ``run_dir`` resumes a run;
    ``on_event`` receives a ``SectionEvent`` for every step of every section (see drafter.progress).
    """
    if not notes.sections:
        raise DrafterError(f"{notes.path or notes.title}: the outline (提纲) has no sections; "
                           "list at least one section under 提纲")
    plans = plan_sections(notes)
    outline = outline_lines(plans)
    if run_dir is not None:
        check_same_notes(run_dir, notes)
    run_dir = run_dir or new_run_dir(settings, notes)
    record_start(run_dir, settings, backend, notes)

    jobs: list[tuple[int, SectionTask]] = [(0, opening_task(notes, outline))]
    ordinals = kind_ordinals(plans)
    for plan in plans:
        if plan.has_body:
            refs = references(plan) if references else []
            jobs.append((plan.index + 1, section_task(notes, plan, outline, refs, ordinal=ordinals[plan.key])))
    writer = SectionWriter(notes, settings, backend, run_dir, progress=Progress(len(jobs), on_event),
                           deadline=time.monotonic() + settings.deadline)
    try:
        with ThreadPoolExecutor(max_workers=max(1, settings.concurrency)) as pool:
            results = list(pool.map(lambda job: writer.write(*job), jobs))
    except BackendError as exc:
        finished = len(list(run_dir.glob("sections/*/result.json")))
        raise type(exc)(f"{exc}. {finished} of {len(jobs)} sections were finished and are kept: resume with "
                        f"--resume {run_dir}") from None
    tokens = record_sections(run_dir, {r.key: (r.costs, r.marked) for r in results})
    opening, *drafted = results
    document = assemble(notes, plans, {r.key: r.text for r in drafted}, opening.text)
    bound = {id(i) for plan in plans for i in plan.indicators}
    return DraftResult(document, [opening, *drafted], backend.name, run_dir, tokens,
                       unplaced=[i for i in notes.indicators if id(i) not in bound])


@dataclass
class DraftOutcome:
    """A finished draft on disk with its whole-document check report."""

    result: DraftResult
    output: Path
    report: CheckReport
    report_path: Path


def open_backend(settings: Settings) -> Backend:
    """The configured backend; a remote model's replies are cached on disk by prompt hash."""
    from drafter.backends import get_backend
    from drafter.cache import CachedBackend, ReplyCache

    backend = get_backend(settings)
    return backend if backend.name == "offline" else CachedBackend(backend, ReplyCache(settings.cache_dir / "replies"))


def retrieval_for(settings: Settings, exclude_group: str | None) -> Callable[[PlannedSection], list[Reference]]:
    from drafter.store import Retriever, ensure_index

    ensure_index(settings)
    retriever = Retriever(settings)
    return lambda plan: retriever.references(plan.heading, plan.source.facts, plan.kind, k=3,
                                             exclude_group=exclude_group)


def draft_file(
    notes: Notes,
    output: Path,
    settings: Settings,
    *,
    force: bool = False,
    annotate: bool = True,
    resume: Path | None = None,
    retrieval: bool = True,
    exclude_group: str | None = None,
    backend: Backend | None = None,
    on_event: ProgressCallback | None = None,
) -> DraftOutcome:
    """Draft ``notes`` into ``output`` (.docx or .md) with a check report beside it.

    The report holds every figure's verdict and the tense and time warnings (drafter.tense); its
    offsets are those of the draft's plain text. With ``annotate`` (the default) every figure still
    flagged and every warned sentence is visible in the draft: highlighted with a Word comment in a
    .docx, marked <mark>…</mark> in a .md.
    """
    from drafter.export import write_docx, write_markdown
    from drafter.files import refuse_overwrite
    from drafter.summary import flagged

    output = Path(output)
    if output.suffix.lower() not in (".docx", ".md"):
        raise DrafterError(f"{output}: the output must end in .docx or .md")
    report_path = output.with_name(output.stem + ".check.json")
    refuse_overwrite(output, force)
    refuse_overwrite(report_path, force)
    if resume is not None:
        check_resumable(resume, notes)
    backend = backend or open_backend(settings)
    references = retrieval_for(settings, exclude_group) if retrieval else None
    result = draft_document(notes, settings, backend=backend, references=references, run_dir=resume,
                            on_event=on_event)
    report = document_report(result.document, notes)
    marks = [*flagged(report), *marker_spans(result)] if annotate else ()
    if output.suffix.lower() == ".docx":  # plain_text is the text read_document_text reads back from it
        write_docx(result.document, output, flagged=marks)
    else:
        write_markdown(result.document, output, flagged=marks)
    atomic_write_text(report_path, report.to_json() + "\n")
    return DraftOutcome(result, output, report, report_path)


def document_report(document: DraftDocument, notes: Notes) -> CheckReport:
    """The check report of a draft: every figure's verdict (offsets in plain_text(document)), and the
    tense, time and content warnings on its sentences (drafter.tense, drafter.content)."""
    from drafter.content import content_warnings
    from drafter.export import plain_text
    from drafter.tense import tense_warnings

    plans = plan_sections(notes)
    kinds = {plan.key: plan.kind for plan in plans}
    targets = {plan.key: plan.source.length or LENGTH_RULE.target(plan.source.facts, plan.indicators)
               for plan in plans} | {"": OPENING_LENGTH}
    supplied = {plan.key: bool(plan.source.facts or plan.indicators) for plan in plans}
    warnings = tense_warnings(document, kinds, notes) + content_warnings(document, targets, supplied)
    return with_findings(check_text(plain_text(document), notes), warnings)


@dataclass(frozen=True)
class MarkerSpan:
    """A section's 【待补充：…】 marker in the draft's plain text, to highlight and comment like a finding."""

    start: int
    end: int
    message: str


def marker_spans(result: DraftResult) -> list[MarkerSpan]:
    """Where the markers of the sections without text stand in plain_text(result.document)."""
    from drafter.export import plain_text

    text, spans = plain_text(result.document), []
    for section in result.marked:
        at = text.find(section.text)
        if at >= 0:
            spans.append(MarkerSpan(at, at + len(section.text), f"本节没有得到可用的回复（{section.marked}），"
                                                                 "请根据要点补写，或重新起草"))
    return spans


def with_findings(report: CheckReport, extra: list[Any]) -> CheckReport:
    """``report`` with ``extra`` findings in text order (findings without a place stay last)."""
    findings = sorted([*report.findings, *extra], key=lambda f: (f.start is None, f.start or 0))
    return dataclasses.replace(report, findings=findings)
