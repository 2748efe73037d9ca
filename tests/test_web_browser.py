"""The web app in a real headless Chromium against the real `drafter serve` on 127.0.0.1.

Screenshots of every page go to test-screenshots/ (not in git) for a person to look at.
"""

from __future__ import annotations

import pytest
from web_server import CHROMIUM, CHROMIUM_FLAGS, REPO, SCREENSHOTS, browser_or_skip, make_home, running_server

SCRIPT_FACT = "<script>window.pwned=1</script>举办<b>科技</b>活动3场"


@pytest.fixture(scope="module")
def server(tmp_path_factory):  # type: ignore[no-untyped-def]
    home = make_home(tmp_path_factory.mktemp("webhome"))
    with running_server(home) as served:
        yield served.url


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    sync_playwright = browser_or_skip()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def new_page(browser, server: str):  # type: ignore[no-untyped-def]
    """A page in a fresh browser context: a new session, as a second person's browser would be."""
    context = browser.new_context(base_url=server, viewport={"width": 1360, "height": 900},
                                  accept_downloads=True, locale="zh-CN")
    return context.new_page()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    page = new_page(browser, server)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def fill_small_notes(page) -> None:  # type: ignore[no-untyped-def]
    """Type a two-part outline with a sub-section, facts and one indicator, as a user would."""
    page.goto("/notes")
    page.fill('[data-path="标题"]', "青山县科学技术局2025年工作总结和2026年工作计划")
    page.fill('[data-path="单位"]', "青山县科学技术局")
    page.fill('[data-path="年度"]', "2025")
    page.fill('[data-path="日期"]', "2025-12-20")
    page.click("#add-top")
    page.fill('[data-path="提纲[0].标题"]', "2025年工作回顾")
    page.click('[data-path="提纲[0]"] button[title="添加小节"]')
    page.fill('[data-path="提纲[0].小节[0].标题"]', "加强科技宣传和普及")
    page.fill('[data-path="提纲[0].小节[0].要点"]', f"开展科普宣传活动10余次\n发放资料3.5万余份\n{SCRIPT_FACT}")
    page.click("#add-top")
    page.fill('[data-path="提纲[1].标题"]', "2026年工作计划")
    page.fill('[data-path="提纲[1].要点"]', "计划新增高新技术企业2家")
    page.click("#add-indicator")
    page.fill('[data-path="指标[0].名称"]', "有效期内高新技术企业")
    page.fill('[data-path="指标[0].数值"]', "28")
    page.fill('[data-path="指标[0].单位"]', "家")
    page.fill('[data-path="指标[0].章节"]', "加强科技宣传和普及")
    page.wait_for_selector('#save-status[data-ok="yes"]')


def test_a_user_fills_notes_drafts_reviews_rewrites_and_downloads_the_word_file(page, tmp_path):
    page.set_default_timeout(30_000)
    fill_small_notes(page)
    assert "3 节，1 项指标" in page.inner_text("#save-status")
    shot(page, "1-notes")

    page.goto("/draft")
    page.uncheck('input[name="retrieval"]')
    page.click("#start-form button[type=submit]")
    page.wait_for_selector('.job[data-status="done"]', timeout=60_000)
    assert page.locator(".job .sec-state.ok").count() >= 3
    shot(page, "2-draft")

    page.click(".job .review-link")
    page.wait_for_selector("#paper")
    paper = page.inner_text("#paper")
    assert "一、2025年工作回顾" in paper and "（一）加强科技宣传和普及" in paper
    assert SCRIPT_FACT.split("举办")[0] in paper or "<script>" in paper  # user text shown as text
    assert page.locator("#paper script, #paper b").count() == 0
    figure = page.locator("#paper mark.fig", has_text="28家").first
    figure.click()
    page.wait_for_selector("#detail:not([hidden])")
    assert "有效期内高新技术企业" in page.inner_text("#d-source")
    assert page.inner_text("#d-verdict").startswith("通过")
    shot(page, "3-review")

    page.click('.rewrite-open[data-key="二"]')
    page.fill('#rewrite-form input[name="instruction"]', "更精炼，突出成效")
    page.fill('#rewrite-form textarea[name="facts"]', "新增省级科技特派员12名")
    page.click("#rw-go")
    page.wait_for_selector("#rw-result:not([hidden])")
    assert "12名" in page.inner_text("#rw-new")
    assert page.locator("#rw-new ins").count() >= 1
    assert page.is_visible("#rw-to-notes-row") and page.is_checked("#rw-to-notes")  # offered, plainly
    shot(page, "4-rewrite")

    other = page.context.new_page()  # a second tab of the same browser rewrites another section meanwhile
    other.goto(page.url)
    other.click('.rewrite-open[data-key="一"]')
    other.fill('#rewrite-form input[name="instruction"]', "更精炼")
    other.click("#rw-go")
    other.wait_for_selector("#rw-result:not([hidden])")
    assert other.is_hidden("#rw-to-notes-row")  # no facts added there: nothing to offer

    page.click("#rw-accept")
    page.wait_for_function("() => document.querySelector('#paper').innerText.includes('12名')")
    assert "一、2025年工作回顾" in page.inner_text("#paper")  # the rest is still there
    page.wait_for_selector("#toast.show")
    assert "补充要点已加入新建提要的“2026年工作计划”一节" in page.inner_text("#toast")

    other.click("#rw-accept")  # made from the draft before the first tab's change: refused, with the reason
    other.wait_for_selector("#rw-decide-error:not([hidden])")
    assert "另一个窗口采用了改写" in other.inner_text("#rw-decide-error") and other.is_disabled("#rw-accept")
    shot(other, "4b-rewrite-stale")
    other.close()
    page.reload()
    assert "12名" in page.inner_text("#paper")  # the first tab's rewrite stands

    with page.expect_download() as download:
        page.click("#dl-docx")
    target = tmp_path / "draft.docx"
    download.value.save_as(target)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert text.startswith("青山县科学技术局\n2025年工作总结和2026年工作计划")  # the title breaks after the unit
    assert "12名" in text and "28家" in text and "<script>window.pwned=1</script>" in text

    page.goto("/notes")  # the fact added in the rewrite is in the notes form too, as chosen
    assert page.input_value('[data-path="提纲[1].要点"]').splitlines() == ["计划新增高新技术企业2家", "新增省级科技特派员12名"]


def test_a_broken_notes_upload_shows_the_cli_error_and_the_server_keeps_running(page, tmp_path):
    from drafter.errors import InputError
    from drafter.notes import load_notes

    broken = "标题: 洪江\n提纲: [unclosed\n"
    page.goto("/notes")
    page.set_input_files("#notes-file", files=[{"name": "notes.yaml", "mimeType": "application/x-yaml",
                                                "buffer": broken.encode()}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-error:not([hidden])")
    shown = page.inner_text("#upload-error")
    (tmp_path / "notes.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as cli:
        load_notes(tmp_path / "notes.yaml")
    assert shown == f"error: {str(cli.value).replace(str(tmp_path) + '/', '')}"
    assert shown.startswith("error: notes.yaml:") and "\n" not in shown
    shot(page, "5-broken-upload")
    page.reload()
    assert page.inner_text("h1") == "新建提要"


def test_a_script_typed_into_the_form_stays_text_after_reload(page):
    page.goto("/notes")
    page.click("#add-top")
    page.fill('[data-path="提纲[0].标题"]', "<img src=x onerror=window.pwned=1>平台建设")
    page.fill('[data-path="提纲[0].要点"]', SCRIPT_FACT)
    page.reload()  # at once: what was typed in the last moment is kept too
    assert page.input_value('[data-path="提纲[0].标题"]') == "<img src=x onerror=window.pwned=1>平台建设"
    assert page.input_value('[data-path="提纲[0].要点"]') == SCRIPT_FACT
    assert page.evaluate("() => window.pwned") is None
    page.fill('[data-path="年度"]', "二〇二五")
    error = ".basic label:has([data-path='年度']) .field-error"
    page.wait_for_function(f"() => document.querySelector(\"{error}\").textContent.includes('二〇二五')")
    assert page.inner_text(error) == "年度要写四位数的年份，如 2025，不能是“二〇二五”"
    shot(page, "7-notes-error")
    assert page.locator("main img, main script:not([type=\"application/json\"])").count() == 0


def test_a_second_session_does_not_see_the_first_ones_workspace(server, browser, page):
    page.goto("/notes")
    page.fill('[data-path="标题"]', "第一位用户的标题")
    page.wait_for_function("() => !document.querySelector('#save-status').textContent.includes('正在保存')")
    other = new_page(browser, server)
    try:
        other.goto("/notes")
        assert other.input_value('[data-path="标题"]') == ""
        other.goto("/draft")
        assert other.locator(".job").count() == 0
        page.reload()
        assert page.input_value('[data-path="标题"]') == "第一位用户的标题"
    finally:
        other.context.close()


def test_checking_a_word_file_the_chief_sent_back_marks_its_wrong_figure(page, tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph("洪江市科学技术局2025年工作总结")
    word.add_paragraph("一、加强科技宣传和普及")
    word.add_paragraph("全市开展科普宣传活动10余次，有效期内高新技术企业达到30家。")
    sent_back = tmp_path / "退回稿.docx"
    word.save(str(sent_back))
    page.goto("/check")
    page.set_input_files('#check-form input[name="text"]', str(sent_back))
    page.set_input_files('#check-form input[name="data"]', str(REPO / "examples" / "hongjiang.yaml"))
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#paper mark.v-error")
    page.locator("#paper mark.v-error", has_text="30家").click()
    assert page.inner_text("#d-verdict").startswith("错误")
    assert "有效期内高新技术企业" in page.inner_text("#d-source")
    assert page.locator("#paper mark.v-supported", has_text="10余次").count() == 1
    assert page.locator(".problems .plist li").count() >= 1
    shot(page, "6-check")
