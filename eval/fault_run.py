"""A faulty endpoint never turns into text: drafts a notes file with the real CLI (default settings)
against a local OpenAI-compatible server that answers with 429, 500, slow, cut-off and empty replies,
and prints what the draft holds.

    python eval/fault_run.py [examples/hongjiang.yaml] [--seed 7] [--fault-rate 0.5]

Every request draws a fault with the given rate (429 with Retry-After 0, 500, a reply 3 s late, a
reply cut off with finish_reason "length", an empty reply), else the section's correct text (the
offline composer's). Two sections are broken for good (one always 500, one always empty), so the
run must end with them marked and exit code 1. Prints: sections written, sections marked (named),
cut-off text found in the draft, empty paragraphs, exit code, requests by answer, wall time.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drafter.backends.offline import OfflineComposer  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.draft import draft_document  # noqa: E402
from drafter.notes import load_notes  # noqa: E402
from drafter.stub import OpenAIStub, Reply  # noqa: E402

CUT = "（时期"  # what a cut-off reply ends with: it must never reach the draft


def correct_replies(notes_path: Path, home: Path) -> dict[str, str]:
    """The offline composer's text for every section, by the "本节：" line of its prompt."""
    notes = load_notes(notes_path)
    result = draft_document(notes, load_settings(home=home, backend="offline"), backend=OfflineComposer())
    texts = {"opening": "\n".join(result.document.opening)}
    for section in result.document.walk():
        texts[f"{section.number}{section.heading}"] = "\n".join(section.paragraphs)
    return texts


def section_of(body: dict) -> str:
    asked = "\n".join(m["content"] for m in body.get("messages", []) if m["role"] == "user")
    found = re.search(r"本节：(.+)", asked)
    return found.group(1).strip() if found else "opening"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", nargs="?", type=Path, default=REPO / "examples" / "hongjiang.yaml")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fault-rate", type=float, default=0.5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        (home / "prompts").mkdir(parents=True)
        for prompt in (REPO / "prompts").glob("*.md"):
            (home / "prompts" / prompt.name).write_text(prompt.read_text(encoding="utf-8"), encoding="utf-8")
        texts = correct_replies(args.notes, home)
        sections = [s for s in texts if s != "opening" and texts[s]]
        always_500, always_empty = sections[1], sections[-1]
        answers: Counter[str] = Counter()

        def respond(body: dict) -> Reply:
            section = section_of(body)
            good = texts.get(section, "")
            if section == always_500:
                answers["500 (for good)"] += 1
                return Reply(status=500)
            if section == always_empty:
                answers["empty (for good)"] += 1
                return Reply("")
            if rng.random() < args.fault_rate:
                fault = rng.choice(("429", "500", "slow", "truncated", "empty"))
                answers[fault] += 1
                return {"429": Reply(status=429, headers={"Retry-After": "0"}), "500": Reply(status=500),
                        "slow": Reply(good, delay=3.0), "truncated": Reply(good[:12] + CUT, finish_reason="length"),
                        "empty": Reply("")}[fault]
            answers["correct"] += 1
            return Reply(good)

        with OpenAIStub(default="") as stub:
            stub.responder = respond
            output = Path(scratch) / "draft.docx"
            env = {**os.environ, "OPENAI_BASE_URL": stub.url, "OPENAI_API_KEY": stub.api_key or "k",
                   "DRAFTER_HOME": str(home), "COLUMNS": "80"}
            env.pop("DRAFTER_BACKEND", None)
            start = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "drafter", "draft", str(args.notes), "-o", str(output),
                                   "--no-retrieval", "--model", "stub-model"], env=env, capture_output=True,
                                  text=True, timeout=900)
            wall = time.monotonic() - start
        from docx import Document

        paragraphs = [p.text for p in Document(str(output)).paragraphs] if output.exists() else []
        marked = [p for p in paragraphs if p.startswith("【待补充：")]
        named = re.findall(r"section (\S+) has no text", done.stderr + done.stdout)
        body_sections = len(sections)
    print(f"notes: {args.notes.name}; sections with a body: {body_sections} (+ the opening)")
    print(f"requests by answer: {dict(sorted(answers.items()))}")
    print(f"sections written: {body_sections + 1 - len(marked)}; sections marked: {len(marked)} "
          f"(named in the summary: {', '.join(named) or 'none'}; broken for good: {always_500}, {always_empty})")
    print(f"cut-off text in the draft: {sum(CUT in p for p in paragraphs)}; empty paragraphs: "
          f"{sum(not p.strip() for p in paragraphs[1:-2])}")
    print(f"exit code: {done.returncode} (1 expected: a section is marked)")
    print(f"wall time: {wall:.1f} s")


if __name__ == "__main__":
    main()
