"""How long a hanging endpoint takes to fail a draft with the default settings.

    python bench/hang.py [examples/hongjiang.yaml]

Starts a local OpenAI-compatible server that accepts every request and never answers, runs
`drafter draft NOTES` against it with the defaults (no drafter.toml: timeout 25 s, deadline 1800 s,
8 sections at once) and prints the wall time until the command ends, its exit code, its last line and
how many requests reached the server. The target is at most 30 s, one request, exit code 2.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drafter.stub import OpenAIStub, Reply  # noqa: E402


def main() -> None:
    notes = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "examples" / "hongjiang.yaml"
    with tempfile.TemporaryDirectory() as scratch, OpenAIStub(default=Reply(delay=math.inf)) as stub:
        home = Path(scratch) / "home"
        (home / "prompts").mkdir(parents=True)
        for prompt in (REPO / "prompts").glob("*.md"):
            (home / "prompts" / prompt.name).write_text(prompt.read_text(encoding="utf-8"), encoding="utf-8")
        env = {**os.environ, "OPENAI_BASE_URL": stub.url, "OPENAI_API_KEY": stub.api_key or "k",
               "DRAFTER_HOME": str(home), "COLUMNS": "80"}
        for name in ("DRAFTER_BACKEND", "DRAFTER_DEADLINE", "DRAFTER_CONCURRENCY"):
            env.pop(name, None)
        start = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "drafter", "draft", str(notes), "-o",
                               str(Path(scratch) / "draft.docx"), "--no-retrieval"], env=env, capture_output=True,
                              text=True, timeout=600, cwd=scratch)
        wall = time.monotonic() - start
        requests = len(stub.chat_requests)
    last = (done.stdout + done.stderr).strip().splitlines()
    print(f"hanging endpoint, default settings: failed after {wall:.1f} s (target <= 30 s), exit code "
          f"{done.returncode}, {requests} request(s) sent")
    print(f"last line: {' '.join(last[-3:]) if last else ''}")


if __name__ == "__main__":
    main()
