"""Record the section replies that tests replay through the stub OpenAI server during `drafter eval`.

Run once (and again only when the committed cases change):

    python tests/data/record_eval_replies.py

It drafts every committed case with the offline composer (no retrieval) and writes
tests/data/eval_replies.json: one entry per section prompt, keyed by the document title and the
section's printed heading ("" for the opening), which is what the stub's responder matches on.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from drafter import evaluate as ev
from drafter.backends.base import Reply, Round, SectionTask
from drafter.backends.offline import OfflineComposer
from drafter.config import load_settings

HERE = Path(__file__).resolve().parent
OUT = HERE / "eval_replies.json"


class Recorder(OfflineComposer):
    """The offline composer, remembering every reply it gives."""

    def __init__(self) -> None:
        super().__init__()
        self.replies: list[dict[str, str]] = []

    def write(self, task: SectionTask, round: Round | None = None) -> Reply:
        reply = super().write(task, round)
        self.replies.append({"title": task.doc_title, "section": f"{task.number}{task.heading}", "reply": reply.text})
        return reply


def main() -> None:
    settings = load_settings(backend="offline", concurrency=1)
    recorder = Recorder()
    with tempfile.TemporaryDirectory() as scratch:
        ev.run_eval(settings, ev.load_cases(settings), backend=recorder, retrieval=False, output_dir=Path(scratch))
    OUT.write_text(json.dumps(recorder.replies, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(recorder.replies)} replies)")


if __name__ == "__main__":
    main()
