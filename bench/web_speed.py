"""The web app's figures, measured against the real `drafter serve` in headless Chromium:

- first page load (a new browser session opening /notes: navigation start → load event), in a
  browser that has already shown a Chinese page (as a user's browser has: CJK fonts loaded), and the
  very first load in a browser just started, apart;
- a figure-click round trip on the review page (click → the figure's source shown), as seen from
  the driving process, so it includes the browser automation's own overhead;
- drafting examples/hongjiang.yaml from the browser (click 开始起草 → the job shows 已完成) against
  `drafter draft examples/hongjiang.yaml` run as a command (both with retrieval, on a warm index);
- memory (RSS) of the idle server, just started, and after the draft.

    python bench/web_speed.py          # targets: load and click ≤ 300 ms, draft ≤ CLI + 1 s, idle ≤ 150 MB
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from web_server import CHROMIUM, CHROMIUM_FLAGS, make_home, running_server  # noqa: E402

EXAMPLE = REPO / "examples" / "hongjiang.yaml"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cli_draft(home: Path, out: Path) -> float:
    env = {"DRAFTER_HOME": str(home), "PATH": "/usr/bin:/bin"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "drafter", "draft", str(EXAMPLE), "-o", str(out), "--force", "--offline"],
                   env=env, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        home = make_home(Path(tmp) / "home")
        cli_draft(home, Path(tmp) / "warm.docx")  # builds the corpus index once, as a first run would
        cli_runs: list[float] = []
        web_runs: list[float] = []
        with running_server(home) as served, sync_playwright() as p:
            time.sleep(1.0)
            idle_mb = rss_mb(served.process.pid)
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            cold = browser.new_context(base_url=served.url).new_page()
            cold.goto("/notes")
            cold_ms = cold.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            cold.context.close()
            loads = []
            for _ in range(6):
                context = browser.new_context(base_url=served.url)
                page = context.new_page()
                page.goto("/notes")
                loads.append(page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd"))
                context.close()

            context = browser.new_context(base_url=served.url)
            page = context.new_page()
            page.goto("/notes")
            page.set_input_files("#notes-file", str(EXAMPLE))
            page.click("#upload-form button[type=submit]")
            page.wait_for_selector('#save-status[data-ok="yes"]')
            for i in range(3):  # alternate with the command, so both meet the same load on the machine
                cli_runs.append(cli_draft(home, Path(tmp) / f"cli{i}.docx"))
                page.goto("/draft")
                start = time.perf_counter()
                page.click("#start-form button[type=submit]")
                page.wait_for_function("n => document.querySelectorAll('.job[data-status=\"done\"]').length === n",
                                       arg=i + 1, timeout=120_000)
                web_runs.append(time.perf_counter() - start)
            after_mb = rss_mb(served.process.pid)
            cli_seconds, web_seconds = statistics.median(cli_runs), statistics.median(web_runs)

            page.click(".job[data-status=done] .review-link")
            page.wait_for_selector("#paper mark.fig")
            marks = page.locator("#paper mark.fig")
            clicks = []
            for i in range(min(12, marks.count())):
                mark = marks.nth(i)
                mark.scroll_into_view_if_needed()
                text = mark.inner_text()
                start = time.perf_counter()
                mark.click()
                page.wait_for_function("t => document.querySelector('#d-text').textContent === t "
                                       "&& !document.querySelector('#detail').hidden", arg=text)
                clicks.append((time.perf_counter() - start) * 1000)
            browser.close()

    print(f"first page load (new session, /notes): median {statistics.median(loads):.0f} ms, max {max(loads):.0f} ms "
          f"over {len(loads)} sessions (target ≤ 300 ms); in a browser just started: {cold_ms:.0f} ms")
    print(f"figure click → source shown: median {statistics.median(clicks):.0f} ms, max {max(clicks):.0f} ms "
          f"over {len(clicks)} figures (target ≤ 300 ms)")
    print(f"drafting examples/hongjiang.yaml (median of 3, alternating): browser {web_seconds:.2f} s, "
          f"`drafter draft` {cli_seconds:.2f} s, difference {web_seconds - cli_seconds:+.2f} s (target ≤ +1 s)")
    print(f"  runs: browser {', '.join(f'{x:.2f}' for x in web_runs)}; command {', '.join(f'{x:.2f}' for x in cli_runs)}")
    print(f"server memory (RSS): idle {idle_mb:.0f} MB (target ≤ 150 MB), after the draft {after_mb:.0f} MB")


if __name__ == "__main__":
    main()
