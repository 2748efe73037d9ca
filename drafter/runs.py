"""The run directory of a draft and its record, run.json.

    runs/<stamp>-<slug>/run.json = {
        "notes_sha256": "…",          the notes the run was made from (a resume with other notes is refused)
        "starts": [{…}, …],            each start or resume: backend, endpoint, model, settings, prompt versions
        "sections": {"一.（一）.1": {"rounds": [{"round": 1, "requests": 1, "prompt_tokens": 1830,
                                               "completion_tokens": 412}, …], "marked": null}, …},
        "tokens": {"prompt_tokens": …, "completion_tokens": …, "requests": …}   the whole draft
    }

Tokens are the endpoint's own counts (the API's ``usage``); a reply answered from the cache costs
nothing and counts nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.backends.base import Backend
from drafter.config import Settings
from drafter.errors import DrafterError
from drafter.files import atomic_write_text
from drafter.notes import Notes

RUN_FILE = "run.json"


def dump_json(path: Path, data: object) -> None:
    """``data`` as indented UTF-8 JSON, written atomically."""
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def notes_fingerprint(notes: Notes) -> str:
    """SHA-256 of what the notes say (title, unit, year, 文种, outline, indicators), not of how the file
    is laid out: re-indenting the YAML keeps the fingerprint, changing a fact or a value does not."""
    indicators = [{k: v for k, v in dataclasses.asdict(i).items() if k != "origin"} for i in notes.indicators]
    content = {"title": notes.title, "unit": notes.unit, "year": notes.year, "kind": notes.kind,
               "sections": [dataclasses.asdict(s) for s in notes.sections], "indicators": indicators}
    payload = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _slug(text: str) -> str:
    return re.sub(r"[^\w一-鿿]+", "-", text).strip("-")[:40] or "draft"


def new_run_dir(settings: Settings, notes: Notes) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    run_dir = settings.home / "runs" / f"{stamp}-{_slug(notes.path.stem if notes.path else notes.title)}"
    run_dir.mkdir(parents=True)
    if notes.path:
        shutil.copy2(notes.path, run_dir / f"notes{notes.path.suffix}")
    return run_dir


def read_record(run_dir: Path) -> dict[str, Any]:
    """run.json as data ({} when there is none)."""
    path = run_dir / RUN_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DrafterError(f"{path}: unreadable run record ({exc}); start a new run without --resume") from None
    if isinstance(data, list):  # runs made before run.json became an object held the starts alone
        return {"starts": data}
    return data if isinstance(data, dict) else {}


def check_resumable(run_dir: Path, notes: Notes) -> None:
    """A run directory can be resumed with the notes it was made from, and only with those."""
    if not (run_dir / "sections").is_dir():
        raise DrafterError(f"{run_dir}: not a run directory (no sections/ inside); give a folder under runs/")
    check_same_notes(run_dir, notes)


def check_same_notes(run_dir: Path, notes: Notes) -> None:
    """The notes a run directory records (if any) are ``notes``."""
    recorded = read_record(run_dir).get("notes_sha256")
    if recorded and recorded != notes_fingerprint(notes):
        source = notes.path or notes.title
        raise DrafterError(f"{run_dir}: this run was made from other notes than {source}; resume it with the "
                           "notes it was made from, or start a new run without --resume")


def record_start(run_dir: Path, settings: Settings, backend: Backend, notes: Notes) -> None:
    """Add this start (or resume) of the run to run.json: which model wrote it, and how."""
    from drafter.prompts import prompt_versions

    record = read_record(run_dir)
    remote = backend.name != "offline"
    record.setdefault("notes_sha256", notes_fingerprint(notes))
    record.setdefault("starts", []).append({
        "started": dt.datetime.now().isoformat(timespec="seconds"), "backend": backend.name,
        "identity": dict(backend.identity), "model": settings.model if remote else None,
        "base_url": settings.base_url if remote else None, "concurrency": settings.concurrency,
        "repair_rounds": settings.repair_rounds, "max_prompt_tokens": settings.max_prompt_tokens,
        "timeout": settings.timeout, "deadline": settings.deadline, "prompts": prompt_versions(settings.prompts_dir)})
    dump_json(run_dir / RUN_FILE, record)


@dataclass(frozen=True)
class RoundCost:
    """What one round of a section cost: requests sent (fault retries included) and tokens counted."""

    round: int
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: RoundCost) -> RoundCost:
        return RoundCost(self.round, self.requests + other.requests, self.prompt_tokens + other.prompt_tokens,
                         self.completion_tokens + other.completion_tokens)


def total_cost(costs: list[RoundCost]) -> RoundCost:
    total = RoundCost(0)
    for cost in costs:
        total = total + cost
    return total


def record_sections(run_dir: Path, sections: dict[str, tuple[list[RoundCost], str | None]]) -> RoundCost:
    """Write each section's cost per round (and its mark) and the draft's total into run.json."""
    record = read_record(run_dir)
    record["sections"] = {key: {"rounds": [dataclasses.asdict(c) for c in costs], "marked": marked}
                          for key, (costs, marked) in sections.items()}
    total = total_cost([c for costs, _ in sections.values() for c in costs])
    record["tokens"] = {"prompt_tokens": total.prompt_tokens, "completion_tokens": total.completion_tokens,
                        "requests": total.requests}
    dump_json(run_dir / RUN_FILE, record)
    return total
