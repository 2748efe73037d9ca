"""Drafts started from the browser: a queue with a limit, cancelling, and resuming after a restart.

A job is a folder of the session's workspace (``jobs/<id>/``) holding its own copy of the notes,
``job.json`` (state, backend, run directory) and, when done, the draft. The drafting itself is
``draft_file`` — the CLI's — in a process of its own, with the run directory made up front, so a
server stopped mid-draft finds the job "interrupted" on its next start, and 继续 resumes the same
run directory, as ``drafter draft --resume`` does. Progress per section is read from that run
directory; progress comes from the draft's own events (``drafter.progress``), kept in ``events.jsonl``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.config import Settings
from drafter.errors import DrafterError
from drafter.files import atomic_write_text
from drafter.web.workspace import form_title

log = logging.getLogger("drafter.web")

QUEUED, RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED = (
    "queued", "running", "done", "failed", "cancelled", "interrupted")
STATUS_LABEL = {QUEUED: "排队中", RUNNING: "起草中", DONE: "已完成", FAILED: "失败", CANCELLED: "已取消",
                INTERRUPTED: "已中断"}
RESUMABLE = (FAILED, CANCELLED, INTERRUPTED)


class Cancelled(Exception):
    """The user cancelled the draft; sections already done stay in the run directory."""


@dataclass
class JobRecord:
    """What job.json holds."""

    id: str
    status: str
    backend: str
    model: str | None
    retrieval: bool
    created: str
    run_dir: str | None = None
    error: str | None = None
    finished: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)


def load_record(folder: Path) -> JobRecord | None:
    try:
        data = json.loads((folder / "job.json").read_text(encoding="utf-8"))
        known = {f.name for f in dataclasses.fields(JobRecord)}
        return JobRecord(**{k: v for k, v in data.items() if k in known})
    except (OSError, ValueError, TypeError):
        return None


def save_record(folder: Path, record: JobRecord) -> None:
    atomic_write_text(folder / "job.json", json.dumps(dataclasses.asdict(record), ensure_ascii=False, indent=1))


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def settings_for(settings: Settings, record: JobRecord) -> Settings:
    return settings.with_overrides(backend=record.backend, model=record.model)


class JobQueue:
    """Runs at most ``limit`` drafts at once, each in a process of its own; more wait in order.

    A draft's process holds the corpus index, the model client and the document while it runs and
    gives that memory back when it ends, so the server itself stays small; cancelling ends the
    process (sections already done stay in the run directory, and 继续 picks them up).
    """

    def __init__(self, settings: Settings, limit: int):
        self.settings = settings
        self.pool = ThreadPoolExecutor(max_workers=max(1, limit), thread_name_prefix="draft")
        self.cancel_events: dict[Path, threading.Event] = {}
        self.waiting: list[Path] = []
        self.lock = threading.Lock()
        self.stopping = False

    def submit(self, folder: Path, record: JobRecord) -> None:
        record.status, record.error, record.finished = QUEUED, None, None
        save_record(folder, record)
        with self.lock:
            self.cancel_events[folder] = threading.Event()
            self.waiting.append(folder)
        self.pool.submit(self._run, folder)

    def place(self, folder: Path) -> int | None:
        """How many drafts wait before this one (0: next), None when it is not waiting."""
        with self.lock:
            return self.waiting.index(folder) if folder in self.waiting else None

    def busy(self, workspace: Path) -> bool:
        """Whether a draft of this workspace is waiting or running in this queue."""
        with self.lock:
            return any(folder.parent.parent == workspace for folder in self.cancel_events)

    def cancel(self, folder: Path) -> bool:
        with self.lock:
            event = self.cancel_events.get(folder)
        if event is None:
            return False
        event.set()
        return True

    def _run(self, folder: Path) -> None:
        with self.lock:
            self.waiting.remove(folder)
            cancelled = self.cancel_events[folder]
        record = load_record(folder)
        if record is None:
            return
        try:
            if cancelled.is_set():
                raise Cancelled
            record.status = RUNNING
            if record.run_dir is None:
                record.run_dir = str(new_run(folder, settings_for(self.settings, record)))
            save_record(folder, record)
            outcome = _in_process(folder, record, settings_for(self.settings, record), cancelled)
            if "error" in outcome:
                record.status, record.error = FAILED, outcome["error"]
            else:
                record.status, record.summary = DONE, outcome["summary"]
        except Cancelled:  # by the user, or by the server stopping (then it can be resumed on restart)
            record.status = INTERRUPTED if self.stopping else CANCELLED
        except DrafterError as exc:
            record.status, record.error = FAILED, str(exc)
        except Exception as exc:  # a bug must not take the server down; the log has the traceback
            log.exception("draft %s failed", folder.name)
            record.status, record.error = FAILED, f"内部错误（{type(exc).__name__}: {exc}）；详情见服务器日志"
        finally:
            with self.lock:
                self.cancel_events.pop(folder, None)
        record.finished = _now()
        save_record(folder, record)

    def stop(self) -> None:
        """The server is stopping: running drafts end now; they resume on restart."""
        self.stopping = True
        with self.lock:
            events = list(self.cancel_events.values())
        for event in events:
            event.set()
        self.pool.shutdown(wait=False, cancel_futures=True)


def new_run(folder: Path, settings: Settings) -> Path:
    """The run directory of a job, made before its first start, so every start resumes it."""
    from drafter.draft import new_run_dir
    from drafter.notes import load_notes

    run_dir = new_run_dir(settings, load_notes(folder / "notes.yaml"))
    (run_dir / "sections").mkdir(exist_ok=True)
    return run_dir


def _in_process(folder: Path, record: JobRecord, settings: Settings, cancelled: threading.Event) -> dict[str, Any]:
    """Run ``run_draft`` in a fresh process; its outcome ({"summary": …} or {"error": …}) comes back in
    ``outcome.json``. Raises Cancelled when the user cancelled (the process is ended)."""
    import multiprocessing

    result = folder / "outcome.json"
    result.unlink(missing_ok=True)
    process = multiprocessing.get_context("spawn").Process(
        target=_child, args=(folder, record.run_dir, record.retrieval, settings), name=f"draft-{record.id}")
    process.start()
    while process.is_alive():
        process.join(0.1)  # returns the moment the process ends
        if cancelled.is_set():
            process.terminate()
            process.join(5)
            if process.is_alive():
                process.kill()
            raise Cancelled
    process.join()
    try:
        return json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"error": f"起草进程意外退出（退出码 {process.exitcode}）；可以点“继续起草”再试"}


def _child(folder: Path, run_dir: str, retrieval: bool, settings: Settings) -> None:
    """The draft's process: ends with the server (Linux), writes outcome.json whatever happens."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: no orphan keeps drafting
    except (OSError, AttributeError):
        pass
    try:
        outcome: dict[str, Any] = {"summary": run_draft(folder, Path(run_dir), retrieval, settings)}
    except DrafterError as exc:
        outcome = {"error": str(exc)}
    except Exception as exc:
        logging.basicConfig()
        log.exception("draft %s failed", folder.name)
        outcome = {"error": f"内部错误（{type(exc).__name__}: {exc}）；详情见服务器日志"}
    atomic_write_text(folder / "outcome.json", json.dumps(outcome, ensure_ascii=False))


def run_draft(folder: Path, run_dir: Path, retrieval: bool, settings: Settings) -> dict[str, Any]:
    """``drafter draft notes.yaml -o draft.docx --resume RUN_DIR`` for a job: the clean draft.docx,
    draft.md and draft.check.json in the job's folder; returns the check summary."""
    from drafter.draft import draft_file
    from drafter.export import write_markdown
    from drafter.web.workspace import job_notes

    notes = job_notes(folder)  # its indicators' sources name the user's file and row
    with (folder / "events.jsonl").open("a", encoding="utf-8") as log_file:

        def record(event: Any) -> None:  # one JSON line per SectionEvent, read by ``progress``
            log_file.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            log_file.flush()

        outcome = draft_file(notes, folder / "draft.docx", settings, force=True, annotate=False, resume=run_dir,
                             retrieval=retrieval, on_event=record)
    write_markdown(outcome.result.document, folder / "draft.md")
    return dataclasses.asdict(outcome.report.summary)


def mark_interrupted(root: Path) -> int:
    """On start: drafts left queued or running by a stopped server become "interrupted" (resumable)."""
    count = 0
    for path in root.glob("*/jobs/*/job.json"):
        record = load_record(path.parent)
        if record is not None and record.status in (QUEUED, RUNNING):
            record.status, record.finished = INTERRUPTED, _now()
            save_record(path.parent, record)
            count += 1
    return count


@functools.lru_cache(maxsize=64)
def _outline(notes: Path, mtime_ns: int) -> tuple[tuple[str, str, str, int], ...]:
    """(key, number, heading, level) of every section a draft of ``notes`` writes, opening first."""
    from drafter.backends.base import OPENING_KEY
    from drafter.draft import plan_sections
    from drafter.notes import load_notes

    try:
        plans = [p for p in plan_sections(load_notes(notes)) if p.has_body]
    except DrafterError:
        plans = []
    return ((OPENING_KEY, "", "开头段落", 0), *((p.key, p.number, p.heading, p.level) for p in plans))


def section_events(folder: Path) -> dict[str, dict[str, Any]]:
    """The last progress event of each section (``drafter.progress.SectionEvent`` as JSON), by key,
    from every start of the job; a line cut short by a crash is skipped."""
    latest: dict[str, dict[str, Any]] = {}
    try:
        lines = (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()
    except OSError:
        return latest
    for line in lines:
        try:
            event = json.loads(line)
            latest[event["key"]] = event
        except (ValueError, KeyError, TypeError):
            continue
    return latest


def progress(folder: Path, record: JobRecord, queue: JobQueue) -> dict[str, Any]:
    """The job as the page shows it: state, and each section with its step, round and figure errors."""
    events = section_events(folder)
    notes = folder / "notes.yaml"
    sections = []
    for key, number, heading, level in _outline(notes, notes.stat().st_mtime_ns):
        event = events.get(key, {})
        sections.append({"key": key, "title": f"{number}{heading}", "level": level,
                         "step": event.get("step", "waiting"), "round": event.get("round") or 0,
                         "errors": event.get("errors") or 0, "reason": event.get("reason")})
    done = sum(s["step"] in ("done", "marked") for s in sections)
    from drafter.web.review import draft_tally

    return {"counts": draft_tally(folder) if record.status == DONE else None,"id": record.id, "title": form_title(folder), "status": record.status,
            "label": STATUS_LABEL[record.status], "backend": record.backend, "model": record.model,
            "error": record.error, "place": queue.place(folder), "done": done, "total": len(sections),
            "sections": sections, "summary": record.summary, "created": record.created,
            "resumable": record.status in RESUMABLE}
