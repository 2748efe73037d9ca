"""The real `drafter serve` in a subprocess on a free 127.0.0.1 port, and headless Chromium.

Chromium is Debian's (/usr/bin/chromium): no browser is ever downloaded. Without it the browser
tests skip with one line — unless DRAFTER_REQUIRE_BROWSER is set (CI sets it), when they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("DRAFTER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "test-screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_home(root: Path) -> Path:
    """A project home with the prompts and the raw corpus (as the tests' `home` fixture makes)."""
    shutil.copytree(REPO / "corpus" / "raw", root / "corpus" / "raw")
    shutil.copytree(REPO / "prompts", root / "prompts")
    return root


@dataclass
class Served:
    url: str
    process: subprocess.Popen  # type: ignore[type-arg]


@contextmanager
def running_server(home: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """`python -m drafter serve --port P …` with DRAFTER_HOME=home, until it answers on its port."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("OPENAI_", "DRAFTER_"))} | {"DRAFTER_HOME": str(home)} | (env or {})
    process = subprocess.Popen([sys.executable, "-m", "drafter", "serve", "--port", str(port), *args],
                               env=environment, cwd=home, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"drafter serve did not start: {process.stdout.read() if process.stdout else ''}")
                time.sleep(0.05)
        yield Served(f"http://127.0.0.1:{port}", process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def browser_or_skip():  # type: ignore[no-untyped-def]
    """Playwright's sync API with the system Chromium, or a skip (a failure when it is required)."""
    reason = None
    if not CHROMIUM.is_file():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright for Python is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("DRAFTER_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests are required here (DRAFTER_REQUIRE_BROWSER): {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    return sync_playwright
