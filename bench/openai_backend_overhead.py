"""What one chat call costs through OpenAIBackend against the local stub, and how calls overlap.

    python bench/openai_backend_overhead.py [--calls 50] [--delay 0.2] [--sections 15] [--workers 15]

Prints the mean time of a call the stub answers at once (HTTP + the openai SDK), then
``--sections`` calls the stub answers after ``--delay`` seconds, run on ``--workers`` threads sharing one
backend: wall time divided by the delay (1.0 is perfect overlap).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from openai_stub import OpenAIStub, Reply

from drafter.backends.base import Reply as Answer
from drafter.backends.base import Round, SectionTask
from drafter.backends.openai_compat import OpenAIBackend
from drafter.config import Settings

BODY = "一是开展“科技三下乡”等科普宣传活动10余次。二是发放资料3.5万余份。"


def task(n: int) -> SectionTask:
    return SectionTask(key=str(n), number=f"{n}.", heading=f"第{n}节", level=3, doc_title="基准", doc_kind="总结",
                       unit="某市科学技术局", year=2025, section_kind="review")


def ask(backend: OpenAIBackend, n: int) -> Answer:
    return backend.write(task(n), Round(messages=[{"role": "user", "content": f"请写第{n}节。"}]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--sections", type=int, default=15)
    parser.add_argument("--workers", type=int, default=15)
    args = parser.parse_args()
    with OpenAIStub(default=BODY) as stub:
        backend = OpenAIBackend(Settings(home=REPO, base_url=stub.url, api_key=stub.api_key, model="stub-model"))
        ask(backend, 0)  # warm up: imports, connection
        start = time.perf_counter()
        for n in range(args.calls):
            ask(backend, n)
        per_call = (time.perf_counter() - start) / args.calls
        print(f"one call, instant reply: {per_call * 1000:.1f} ms (mean of {args.calls})")

        stub.default = Reply(BODY, delay=args.delay)
        start = time.perf_counter()
        with ThreadPoolExecutor(args.workers) as pool:
            list(pool.map(lambda n: ask(backend, n), range(args.sections)))
        wall = time.perf_counter() - start
        print(f"{args.sections} calls of {args.delay:g} s on {args.workers} threads: {wall:.2f} s wall, "
              f"{wall / args.delay:.2f} × one call's delay")


if __name__ == "__main__":
    main()
