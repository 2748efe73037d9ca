"""Reading a run directory (see ``drafter.draft``) while it is written or after: which sections have
started, how many rounds each took so far, which are done and with how many figures still flagged.

The run directory is the truth of a run — a server restarted mid-draft reads the same state the
drafting loop left — so progress shown to a user is read from it, not kept in memory::

    sections/03-一_（一）_1/reply-0.txt, check-0.json   round 1 written and checked
    sections/03-一_（一）_1/reply-1.txt                  round 2 (the first repair) written
    sections/03-一_（一）_1/result.json                  done: {"rounds": 2, "errors": 0, …}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

_FOLDER = re.compile(r"^(\d+)-(.+)$")


@dataclass(frozen=True)
class SectionState:
    """One section of a run as its folder shows it. ``rounds`` counts replies written (1 = no repair)."""

    key: str
    rounds: int
    done: bool
    errors: int = 0


def folder_key(name: str) -> str | None:
    """"03-一_（一）_1" → "一.（一）.1"; "00-opening" → "opening"; None for any other name."""
    match = _FOLDER.match(name)
    return match.group(2).replace("_", ".") if match else None


def section_states(run_dir: Path) -> dict[str, SectionState]:
    """Every section folder of ``run_dir`` by section key; an unreadable result counts as not done."""
    states: dict[str, SectionState] = {}
    folder = Path(run_dir) / "sections"
    if not folder.is_dir():
        return states
    for entry in folder.iterdir():
        key = folder_key(entry.name)
        if key is None or not entry.is_dir():
            continue
        rounds = sum(1 for _ in entry.glob("reply-*.txt"))
        result = entry / "result.json"
        done, errors = False, 0
        if result.is_file():
            try:
                kept = json.loads(result.read_text(encoding="utf-8"))
                done, errors = True, int(kept.get("errors", 0))
                rounds = max(rounds, int(kept.get("rounds", rounds)))
            except (ValueError, OSError):
                pass
        states[key] = SectionState(key, rounds, done, errors)
    return states
