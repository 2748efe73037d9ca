"""How well drafting overlaps sections: a 15-section document against the local OpenAI stub.

    python bench/draft_speed.py [--sections 15] [--delay 0.5] [--concurrency 16]

The stub answers every chat call after ``--delay`` seconds with a reply the checker accepts, so each
section takes exactly one round. Prints, for the whole drafting loop (prompt rendering, HTTP, checking,
run-directory writes), wall time divided by one section's delay — the number of rounds the document
cost (target <= 1.2) — and the speed-up over drafting the sections one by one (concurrency 1).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from openai_stub import OpenAIStub, Reply  # noqa: E402

from drafter.backends.openai_compat import OpenAIBackend  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.draft import draft_document  # noqa: E402
from drafter.notes import Notes, OutlineSection  # noqa: E402


def notes(sections: int) -> Notes:
    """Three top-level sections sharing ``sections`` sub-sections, one fact with one figure each."""
    subs = [OutlineSection(heading=f"第{i + 1}项重点工作", facts=[f"组织第{i + 1}项活动{i + 3}次"])
            for i in range(sections)]
    thirds = [subs[i::3] for i in range(3)]
    tops = [OutlineSection(heading=h, sections=s) for h, s in zip(("工作回顾", "存在问题", "工作计划"), thirds, strict=True)]
    return Notes(title="某市科学技术局2025年工作总结", unit="某市科学技术局", year=2025, sections=tops)


def reply_for(body: dict) -> str:
    asked = "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")
    match = re.search(r"组织第\d+项活动\d+次", asked)
    return f"{match.group(0)}。" if match else "现将有关情况总结如下："


def timed(stub: OpenAIStub, home: Path, concurrency: int, document: Notes) -> float:
    settings = load_settings(home=home, backend="openai", base_url=stub.url, api_key=stub.api_key,
                             model="stub-model", concurrency=concurrency)
    start = time.perf_counter()
    result = draft_document(document, settings, backend=OpenAIBackend(settings))
    wall = time.perf_counter() - start
    assert all(s.errors == 0 and s.rounds == 1 for s in result.sections), "a section needed repair"
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=15)
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    document = notes(args.sections)
    with tempfile.TemporaryDirectory() as tmp, OpenAIStub() as stub:
        home = Path(tmp)
        (home / "prompts").symlink_to(REPO / "prompts")
        stub.responder = lambda body: Reply(reply_for(body))
        cold = timed(stub, home, args.concurrency, document)  # imports, encodings, clients: once a process
        stub.responder = lambda body: Reply(reply_for(body), delay=args.delay)
        calls = args.sections + 1  # the sections and the opening paragraph
        concurrent = timed(stub, home, args.concurrency, document)
        serial = timed(stub, home, 1, document)
    print(f"{args.sections} sections + opening = {calls} calls, stub delay {args.delay:.2f} s each")
    print(f"first run in this process (instant replies; imports and set-up): {cold:.2f} s")
    print(f"concurrency {args.concurrency:>2}: wall {concurrent:6.2f} s = {concurrent / args.delay:5.2f} × delay "
          f"(target <= 1.2)")
    print(f"concurrency  1: wall {serial:6.2f} s = {serial / args.delay:5.2f} × delay")
    print(f"speed-up over one by one: {serial / concurrent:.1f}×")


if __name__ == "__main__":
    main()
