"""Makes docs/review.png, the README's picture: the shipped example drafted offline in the real server,
two of its figures then changed by hand (as a chief might) and the text checked on the 核对 page, the
wrong figure clicked.  python docs/screenshot.py"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from web_server import CHROMIUM, CHROMIUM_FLAGS, make_home, running_server  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, running_server(make_home(Path(tmp) / "home")) as served, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_context(base_url=served.url, viewport={"width": 1200, "height": 700},
                                   device_scale_factor=1).new_page()
        page.goto("/notes")
        page.set_input_files("#notes-file", str(REPO / "examples" / "hongjiang.yaml"))
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector('#save-status[data-ok="yes"]')
        page.goto("/draft")
        page.uncheck('input[name="retrieval"]')
        page.click("#start-form button[type=submit]")
        page.wait_for_selector('.job[data-status="done"]', timeout=120_000)
        with page.expect_download() as download:
            page.goto("/review")
            page.click("#dl-md")
        edited = Path(tmp) / "洪江市科技局总结（修改稿）.md"
        download.value.save_as(edited)
        text = edited.read_text(encoding="utf-8").replace("知识价值信用贷款达2008万元", "知识价值信用贷款达2000万元", 1)
        edited.write_text(text.replace("有效期内高新技术企业达28家", "有效期内高新技术企业达38家", 1), encoding="utf-8")
        page.goto("/check")
        page.set_input_files('#check-form input[name="text"]', str(edited))
        page.set_input_files('#check-form input[name="data"]', str(REPO / "examples" / "hongjiang.yaml"))
        page.click("#check-form button[type=submit]")
        wrong = page.locator("#paper mark.v-error").first
        wrong.click()
        page.evaluate("document.querySelector('#paper mark.v-error').scrollIntoView({block: 'center'})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(REPO / "docs" / "review.png"))
        browser.close()


if __name__ == "__main__":
    main()
