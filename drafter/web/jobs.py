"""Drafts started from the browser: a queue with a limit, cancelling, and resuming after a restart.

A job is a folder of the session's workspace (``jobs/<id>/``) holding its own copy of the notes,
``job.json`` (state, backend, run directory) and, when done, the draft. The drafting itself is
``draft_file`` — the CLI's — with the run directory made up front, so a server stopped mid-draft
finds the job "interrupted" on its next start, and 继续 resumes the same run directory, as
``drafter draft --resume`` does. Progress per section is read from that run directory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
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


class CancellableBackend:
    """A backend that refuses new sections once the job is cancelled (a request under way finishes)."""

    def __init__(self, inner: Any, cancelled: threading.Event):
        self.inner, self.cancelled = inner, cancelled
        self.name = inner.name

    def write(self, task: Any) -> Any:
        if self.cancelled.is_set():
            raise Cancelled
        return self.inner.write(task)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


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
    """Runs at most ``limit`` drafts at once; more wait in order."""

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
            save_record(folder, record)
            record.summary = run_draft(folder, record, settings_for(self.settings, record), cancelled)
            record.status = DONE
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
        """The server is stopping: drafts end after the request under way; they resume on restart."""
        self.stopping = True
        with self.lock:
            events = list(self.cancel_events.values())
        for event in events:
            event.set()
        self.pool.shutdown(wait=False, cancel_futures=True)


def run_draft(folder: Path, record: JobRecord, settings: Settings, cancelled: threading.Event) -> dict[str, Any]:
    """Draft the job's notes into ``draft.docx`` (clean) and ``draft.md`` with ``draft.check.json``
    beside them, resuming the job's run directory; returns the check summary."""
    from drafter.draft import draft_file, new_run_dir, open_backend
    from drafter.export import write_markdown
    from drafter.notes import load_notes

    notes = load_notes(folder / "notes.yaml")
    if record.run_dir is None:
        run_dir = new_run_dir(settings, notes)
        (run_dir / "sections").mkdir(exist_ok=True)
        record.run_dir = str(run_dir)
        save_record(folder, record)
    backend = CancellableBackend(open_backend(settings), cancelled)
    outcome = draft_file(notes, folder / "draft.docx", settings, force=True, annotate=False,
                         resume=Path(record.run_dir), retrieval=record.retrieval, backend=backend)
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


def progress(folder: Path, record: JobRecord, queue: JobQueue) -> dict[str, Any]:
    """The job as the page shows it: state, and each section with its rounds and flagged figures."""
    from drafter.backends.base import OPENING_KEY
    from drafter.draft import plan_sections
    from drafter.notes import load_notes
    from drafter.runs import section_states

    states = section_states(Path(record.run_dir)) if record.run_dir else {}
    try:
        plans = [p for p in plan_sections(load_notes(folder / "notes.yaml")) if p.has_body]
    except DrafterError:
        plans = []
    rows = [(OPENING_KEY, "", "开头段落", 0), *((p.key, p.number, p.heading, p.level) for p in plans)]
    sections = []
    for key, number, heading, level in rows:
        state = states.get(key)
        sections.append({"key": key, "title": f"{number}{heading}", "level": level,
                         "rounds": state.rounds if state else 0, "done": bool(state and state.done),
                         "started": state is not None, "errors": state.errors if state else 0})
    return {"id": record.id, "title": form_title(folder), "status": record.status, "label": STATUS_LABEL[record.status],
            "backend": record.backend, "model": record.model, "error": record.error,
            "place": queue.place(folder), "done": sum(s["done"] for s in sections), "total": len(sections),
            "sections": sections, "summary": record.summary, "created": record.created,
            "resumable": record.status in RESUMABLE}
