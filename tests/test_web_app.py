"""The web app's safety and job handling, over HTTP (Starlette's test client, or the real server)."""

from __future__ import annotations

import io
import json
import signal
import time
from pathlib import Path

import httpx
import pytest
import yaml
from starlette.testclient import TestClient
from web_server import make_home, running_server

from drafter.config import load_settings
from drafter.errors import InputError
from drafter.notes import load_notes
from drafter.notes_write import notes_data
from drafter.web.app import WebConfig, create_app

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "hongjiang.yaml"
SMALL_NOTES = {
    "标题": "青山县科学技术局2025年工作总结", "单位": "青山县科学技术局", "年度": 2025, "日期": "2025-12-20",
    "指标": [{"名称": "有效期内高新技术企业", "数值": 28, "单位": "家"}],
    "提纲": [{"标题": "加强科技宣传", "要点": ["开展科普宣传活动10余次"]},
             {"标题": "培育创新主体", "要点": ["新增高新技术企业5家"]},
             {"标题": "推进成果转化", "要点": ["登记技术合同45项"]},
             {"标题": "存在的主要问题", "要点": ["企业研发投入不足"]}],
}


def client_for(home: Path, **config: object) -> TestClient:
    client = TestClient(create_app(WebConfig(load_settings(), **config)))  # type: ignore[arg-type]
    client.headers["X-Drafter"] = "1"
    return client


def wait_for(client: TestClient | httpx.Client, job: str, until: str = "done", timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job}").json()
        if state["status"] == until or (until == "done" and state["status"] in ("failed", "cancelled")):
            return state
        time.sleep(0.1)
    raise AssertionError(f"job {job} never reached {until}: {state}")


def upload(client: TestClient | httpx.Client, name: str, data: bytes) -> httpx.Response:
    return client.post("/api/notes/upload", files={"file": (name, data)})


def test_the_example_notes_go_through_the_form_and_back_without_loss(home):
    client = client_for(home)
    response = upload(client, "hongjiang.yaml", EXAMPLE.read_bytes())
    assert response.status_code == 200 and response.json()["ok"]
    workspace_notes = next((home / "workspaces").glob("*/notes.yaml"))
    assert notes_data(load_notes(workspace_notes)) == notes_data(load_notes(EXAMPLE))


def test_a_notes_workbook_uploads_into_the_form_and_the_form_downloads_as_a_workbook(home, tmp_path):
    from drafter.notes_write import save_notes

    client = client_for(home)
    workbook = tmp_path / "notes.xlsx"
    save_notes(load_notes(EXAMPLE), workbook)
    form = upload(client, "提要.xlsx", workbook.read_bytes()).json()["form"]
    assert form["标题"] == "洪江市科学技术局2025年工作总结和2026年工作计划" and len(form["指标"]) == len(load_notes(EXAMPLE).indicators)
    downloaded = tmp_path / "back.xlsx"
    downloaded.write_bytes(client.get("/download/notes.xlsx").content)
    back, original = load_notes(downloaded), load_notes(EXAMPLE)
    assert [(i.name, i.value, i.unit) for i in back.indicators] == [(i.name, i.value, i.unit) for i in original.indicators]
    assert [s.heading for _, s in back.walk()] == [s.heading for _, s in original.walk()]


def test_a_broken_workbook_gives_the_cli_error_naming_sheet_row_and_column(home, tmp_path):
    import openpyxl

    from drafter.notes_write import save_notes

    client = client_for(home)
    workbook = tmp_path / "notes.xlsx"
    save_notes(load_notes(EXAMPLE), workbook)
    book = openpyxl.load_workbook(workbook)
    book["指标"]["B2"] = "很多"
    book.save(workbook)
    with pytest.raises(InputError) as cli:
        load_notes(workbook)
    shown = upload(client, "notes.xlsx", workbook.read_bytes()).json()["error"]
    assert shown == f"error: {str(cli.value).replace(str(tmp_path) + '/', '')}"
    assert "工作表“指标”第2行B列（数值）" in shown


def test_a_form_error_names_its_field_in_the_words_of_the_cli(home):
    client = client_for(home)
    form = {**SMALL_NOTES, "年度": "2025", "指标": [{"名称": "高新技术企业", "数值": "二十八多", "单位": "家"}]}
    result = client.post("/api/notes", json=form).json()
    assert result["ok"] is False
    assert result["error"]["key"] == "指标[0].数值"
    assert result["error"]["message"] == "指标“高新技术企业”的数值“二十八多”不是数字；数值只写 二十八，约数词“多”选在“约数”里"
    assert client.get("/notes").text.count("二十八多") == 1  # kept as typed, shown once in the form state


def test_an_upload_over_the_limit_is_refused_and_nothing_is_kept(home):
    client = client_for(home, upload_limit=1024)
    response = upload(client, "big.yaml", b"# " + b"x" * 4096)
    assert response.status_code == 413 and "上限" in response.json()["error"]
    assert not list((home / "workspaces").glob("*/uploads/*/*"))
    assert client.get("/notes").status_code == 200  # the server goes on


def test_uploads_are_read_by_their_content_not_their_name(home, tmp_path):
    import docx

    client = client_for(home)
    word = docx.Document()
    word.add_paragraph("全县有效期内高新技术企业30家。")
    buffer = io.BytesIO()
    word.save(buffer)
    refused = upload(client, "notes.yaml", buffer.getvalue())
    assert refused.status_code == 400
    assert refused.json()["error"] == ("error: notes.yaml: is a Word document, not notes; "
                                       "give the notes as .yaml, .json or .xlsx")
    accepted = upload(client, "notes.txt", yaml.safe_dump(SMALL_NOTES, allow_unicode=True).encode("gb18030"))
    assert accepted.status_code == 200 and accepted.json()["form"]["标题"] == SMALL_NOTES["标题"]
    picture = upload(client, "notes.yaml", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert picture.json()["error"].startswith("error: notes.yaml: not a notes file")


def test_a_change_without_the_apps_header_is_refused(home):
    client = client_for(home)
    del client.headers["X-Drafter"]
    response = client.post("/api/notes", json=SMALL_NOTES)
    assert response.status_code == 403
    assert not list((home / "workspaces").glob("*/notes.yaml"))


def test_with_a_token_every_page_needs_it_and_the_link_with_it_opens_the_app(home):
    client = client_for(home, token="s3cret-token")
    assert client.get("/notes").status_code == 401
    assert client.get("/notes?token=wrong").status_code == 401
    opened = client.get("/notes?token=s3cret-token", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/notes"
    assert client.get("/notes").status_code == 200  # the cookie carries it from now on


def test_serving_beyond_this_machine_prints_a_token_and_requires_it(tmp_path):
    home = make_home(tmp_path / "home")
    with running_server(home, "--host", "0.0.0.0") as served, httpx.Client(base_url=served.url) as client:
        assert client.get("/notes").status_code == 401
    (home / "drafter.toml").write_text('serve_token = "from-the-toml"\n', encoding="utf-8")
    with running_server(home, "--host", "0.0.0.0") as served, httpx.Client(base_url=served.url) as client:
        assert client.get("/notes?token=from-the-toml", follow_redirects=True).status_code == 200


def test_downloads_are_found_by_id_never_by_a_path(home):
    client = client_for(home)
    client.post("/api/notes", json=SMALL_NOTES)
    for path in ("/download/jobs/..%2F..%2Fnotes/docx", "/download/jobs/000000000000/docx",
                 "/download/checks/../../etc/report", "/download/notes.txt", "/download/jobs/abc/md"):
        assert client.get(path).status_code == 404, path
    assert client.get("/download/notes.yaml").text.startswith("标题: 青山县科学技术局2025年工作总结")


def test_the_api_key_is_never_sent_to_the_browser(home, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://10.0.0.5:8000/v1")
    client = client_for(home)
    page = client.get("/draft").text
    assert "sk-very-secret" not in page and "http://10.0.0.5:8000/v1" in page


def test_a_draft_from_the_api_is_the_cli_draft_and_its_review_marks_every_figure(home):
    client = client_for(home)
    upload(client, "hongjiang.yaml", EXAMPLE.read_bytes())
    job = client.post("/api/jobs", json={"backend": "offline", "retrieval": False}).json()["id"]
    state = wait_for(client, job)
    assert state["status"] == "done" and state["done"] == state["total"] == 23
    page = client.get(f"/review/{job}").text
    report = json.loads(client.get(f"/download/jobs/{job}/report").text)
    located = [f for f in report["findings"] if f["start"] is not None]
    assert page.count('<mark class="fig v-') == len(located) + 5  # + the legend's five samples
    assert client.get(f"/download/jobs/{job}/md").text.startswith("# 洪江市科学技术局2025年工作总结和2026年工作计划")


def test_checking_an_uploaded_word_file_gives_its_findings_and_a_commented_copy(home):
    import docx

    client = client_for(home)
    word = docx.Document()
    word.add_paragraph("全市有效期内高新技术企业达到30家，开展科普宣传活动10余次。")
    buffer = io.BytesIO()
    word.save(buffer)
    response = client.post("/api/checks", files={"text": ("退回稿.docx", buffer.getvalue()),
                                                 "data": ("hongjiang.yaml", EXAMPLE.read_bytes())})
    check = response.json()["id"]
    page = client.get(f"/check/{check}").text
    assert "退回稿.docx" in page and 'class="fig v-error"' in page and 'class="fig v-supported"' in page
    annotated = client.get(f"/download/checks/{check}/annotated")
    comments = docx.Document(io.BytesIO(annotated.content)).comments
    assert any("28" in c.text for c in comments)


def test_against_partial_data_a_figure_the_data_does_not_cover_is_unverified_not_an_error(home):
    client = client_for(home)
    text = "全市有效期内高新技术企业达到28家，建成院士工作站9个。".encode()
    data = EXAMPLE.read_bytes()
    assert 'name="partial"' in client.get("/check").text
    partial = client.post("/api/checks", files={"text": ("稿.txt", text), "data": ("hongjiang.yaml", data)},
                          data={"partial": "1"}).json()["id"]
    whole = client.post("/api/checks", files={"text": ("稿.txt", text), "data": ("hongjiang.yaml", data)}).json()["id"]
    page = client.get(f"/check/{partial}").text
    assert "（部分数据）" in page and '<mark class="fig v-unverified" id="fig-1"' in page
    assert '<mark class="fig v-error" id="fig-1"' in client.get(f"/check/{whole}").text
    assert client.get(f"/download/checks/{partial}/report").json()["partial"] is True
    assert client.get(f"/download/checks/{whole}/report").json()["partial"] is False


def test_every_verdict_has_its_colour_and_a_value_is_proposed_only_when_the_checker_is_certain():
    from drafter.figures.reconcile import Finding
    from drafter.web.review import info

    def finding(verdict: str, kind: str, confidence: str = "certain") -> Finding:
        return Finding("30家", 0, 3, verdict, kind, "28家", "指标 有效期内高新技术企业", "数值与数据不符",
                       confidence=confidence)  # type: ignore[arg-type]

    shades = [info(0, finding(v, k))["shade"] for v, k in (("supported", "match"), ("supported", "derived"),
                                                          ("error", "wrong_value"), ("warning", "unused"),
                                                          ("unverified", "uncovered"))]
    assert shades == ["supported", "derived", "error", "warning", "unverified"]
    assert info(0, finding("error", "wrong_value"))["expected"] == "28家"
    assert info(0, finding("error", "misattributed", "uncertain"))["expected"] is None


def test_a_broken_data_file_in_a_check_gives_the_cli_error(home):
    client = client_for(home)
    response = client.post("/api/checks", files={"text": ("稿.txt", "高新技术企业28家。".encode()),
                                                 "data": ("data.yaml", "标题: [unclosed".encode())})
    assert response.status_code == 400
    assert response.json()["error"].startswith("error: data.yaml:1: 不是有效的 YAML/JSON")


def test_drafts_beyond_the_limit_wait_and_a_running_draft_can_be_cancelled(home, openai_stub, monkeypatch):
    from openai_stub import Reply

    openai_stub.default = Reply("围绕本节工作，我局扎实推进各项任务，取得积极成效。", delay=0.2)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.url)
    monkeypatch.setenv("OPENAI_API_KEY", openai_stub.api_key)
    monkeypatch.setenv("DRAFTER_CONCURRENCY", "1")
    client = client_for(home, max_drafts=1)
    client.post("/api/notes", json=SMALL_NOTES)
    first = client.post("/api/jobs", json={"backend": "openai", "retrieval": False}).json()["id"]
    second = client.post("/api/jobs", json={"backend": "offline", "retrieval": False}).json()["id"]
    running = wait_for(client, first, "running")
    waiting = client.get(f"/api/jobs/{second}").json()
    assert waiting["status"] == "queued" and waiting["place"] == 0 and running["place"] is None
    deadline = time.monotonic() + 20
    while client.get(f"/api/jobs/{first}").json()["done"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.post(f"/api/jobs/{first}/cancel").json() == {"ok": True}
    cancelled = wait_for(client, first, "cancelled")
    assert cancelled["label"] == "已取消" and cancelled["resumable"] and 1 <= cancelled["done"] < cancelled["total"]
    assert wait_for(client, second)["status"] == "done"  # the queue moves on


def test_a_server_that_stops_leaves_its_running_draft_interrupted_to_resume(home, openai_stub, monkeypatch):
    from openai_stub import Reply

    openai_stub.default = Reply("围绕本节工作，我局扎实推进各项任务，取得积极成效。", delay=0.2)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.url)
    monkeypatch.setenv("OPENAI_API_KEY", openai_stub.api_key)
    monkeypatch.setenv("DRAFTER_CONCURRENCY", "1")
    client = client_for(home)
    client.post("/api/notes", json=SMALL_NOTES)
    job = client.post("/api/jobs", json={"backend": "openai", "retrieval": False}).json()["id"]
    deadline = time.monotonic() + 20
    while client.get(f"/api/jobs/{job}").json()["done"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    client.app.state.queue.stop()  # what the server does when it is stopped (Ctrl+C, a service manager)
    state = wait_for(client, job, "interrupted", timeout=10)
    assert state["label"] == "已中断" and state["resumable"] and state["done"] < state["total"]


def test_a_draft_interrupted_by_a_crash_resumes_after_restart_without_redrafting_finished_sections(
        tmp_path, openai_stub):
    from openai_stub import Reply

    openai_stub.default = Reply("围绕本节工作，我局扎实推进各项任务，取得积极成效。", delay=0.15)
    home = make_home(tmp_path / "home")
    env = {"OPENAI_BASE_URL": openai_stub.url, "OPENAI_API_KEY": openai_stub.api_key, "DRAFTER_CONCURRENCY": "1"}
    with running_server(home, env=env) as served, \
            httpx.Client(base_url=served.url, headers={"X-Drafter": "1"}) as client:
        client.post("/api/notes", json=SMALL_NOTES)
        job = client.post("/api/jobs", json={"backend": "openai", "retrieval": False}).json()["id"]
        deadline = time.monotonic() + 30
        while client.get(f"/api/jobs/{job}").json()["done"] < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        served.process.send_signal(signal.SIGKILL)  # the machine went down mid-draft
        served.process.wait()
        cookies = client.cookies
    with running_server(home, env=env) as served, \
            httpx.Client(base_url=served.url, cookies=cookies, headers={"X-Drafter": "1"}) as client:
        state = client.get(f"/api/jobs/{job}").json()
        assert state["status"] == "interrupted" and state["resumable"] and 2 <= state["done"] < state["total"]
        before = len(openai_stub.chat_requests)
        assert client.post(f"/api/jobs/{job}/resume").json() == {"id": job}
        done = wait_for(client, job)
        assert done["status"] == "done" and done["done"] == done["total"]
        assert len(openai_stub.chat_requests) - before == state["total"] - state["done"]


def test_a_port_in_use_is_one_line_and_exit_code_2(home):
    import socket

    from typer.testing import CliRunner

    from drafter.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip() == (f"error: cannot listen on 127.0.0.1:{port} (Address already in use); "
                                     "choose another port with --port, or stop the program using it")


# --------------------------------------------------------------------------- workspaces that expire

DAY = 24 * 60 * 60


def aged(folder: Path, days: float) -> Path:
    """A workspace last used ``days`` ago (its .last-use marker, as every request of its session leaves)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "form.json").write_text(json.dumps({"标题": folder.name}, ensure_ascii=False), encoding="utf-8")
    marker = folder / ".last-use"
    marker.touch()
    when = time.time() - days * DAY
    import os

    os.utime(marker, (when, when))
    return folder


def test_workspaces_unused_longer_than_the_setting_go_at_start_and_daily_but_never_with_a_draft_running(home):
    root = home / "workspaces"
    stale_at_start = aged(root / ("a" * 24), 31)
    kept = aged(root / ("b" * 24), 29)
    app = create_app(WebConfig(load_settings(), workspace_days=30, expire_every=0.1))
    assert not stale_at_start.exists() and kept.exists()  # at start

    idle = aged(root / ("c" * 24), 40)
    drafting = aged(root / ("d" * 24), 40)
    job = drafting / "jobs" / "0123456789ab"
    job.mkdir(parents=True)
    record = {"id": job.name, "status": "running", "backend": "offline", "model": None, "retrieval": False,
              "created": "2025-01-01T00:00:00"}
    (job / "job.json").write_text(json.dumps(record), encoding="utf-8")
    with TestClient(app):  # the server runs: its daily round comes every 0.1 s here
        deadline = time.monotonic() + 10
        while idle.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not idle.exists() and drafting.exists() and kept.exists()
        (job / "job.json").write_text(json.dumps(record | {"status": "done"}), encoding="utf-8")
        while drafting.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not drafting.exists() and kept.exists()


def test_a_workspace_in_use_is_kept_and_zero_days_keeps_every_workspace(home):
    client = client_for(home, workspace_days=30)
    client.post("/api/notes", json=SMALL_NOTES)
    folder = next((home / "workspaces").glob("*/notes.yaml")).parent
    old = time.time() - 60 * DAY
    import os

    os.utime(folder / ".last-use", (old, old))
    assert client.get("/notes").status_code == 200  # a request of the session marks it used again …
    assert (folder / ".last-use").stat().st_mtime > time.time() - 60
    client.app.state.expire()
    assert folder.exists()  # … so it stays
    os.utime(folder / ".last-use", (old, old))
    client_for(home, workspace_days=0).app.state.expire()
    assert folder.exists()
    client.app.state.expire()
    assert not folder.exists()
    page = client.get("/notes")  # the same browser afterwards: an empty form, no error
    assert page.status_code == 200 and "还没有填写提要" in page.text and "连续 30 天不用" in page.text


# --------------------------------------------------------------------------- rewrites in two tabs


def drafted(home: Path) -> tuple[TestClient, str]:
    client = client_for(home)
    client.post("/api/notes", json=SMALL_NOTES)
    job = client.post("/api/jobs", json={"backend": "offline", "retrieval": False}).json()["id"]
    assert wait_for(client, job)["status"] == "done"
    return client, job


def test_two_tabs_rewriting_one_draft_each_keep_their_rewrite_and_a_stale_one_is_refused(home):
    import docx

    client, job = drafted(home)
    first = client.post(f"/api/jobs/{job}/rewrite", json={"key": "二", "facts": "新增高新技术企业5家，其中制造业3家"}).json()
    second = client.post(f"/api/jobs/{job}/rewrite", json={"key": "三", "facts": "登记技术合同45项，成交额2.3亿元"}).json()
    assert first["candidate"] != second["candidate"]
    assert "制造业3家" in json.dumps(first["new"], ensure_ascii=False)
    assert "2.3亿元" in json.dumps(second["new"], ensure_ascii=False)  # the second did not replace the first
    accepted = client.post(f"/api/jobs/{job}/rewrites/{first['candidate']}/accept", json={})
    assert accepted.status_code == 200 and accepted.json() == {"ok": True}
    refused = client.post(f"/api/jobs/{job}/rewrites/{second['candidate']}/accept", json={})
    assert refused.status_code == 409 and "另一个窗口采用了改写" in refused.json()["error"]
    folder = next((home / "workspaces").glob(f"*/jobs/{job}"))
    text = "\n".join(p.text for p in docx.Document(str(folder / "draft.docx")).paragraphs)
    assert "制造业3家" in text and "2.3亿元" not in text  # the first tab's change was not undone
    again = client.post(f"/api/jobs/{job}/rewrites/{second['candidate']}/accept", json={})
    assert again.status_code == 409 and again.json()["error"] == "这份改写已经采用或放弃了"
    third = client.post(f"/api/jobs/{job}/rewrite", json={"key": "三", "facts": "登记技术合同45项，成交额2.3亿元"}).json()
    assert client.post(f"/api/jobs/{job}/rewrites/{third['candidate']}/accept", json={}).status_code == 200
    text = "\n".join(p.text for p in docx.Document(str(folder / "draft.docx")).paragraphs)
    assert "制造业3家" in text and "2.3亿元" in text
    assert client.post(f"/api/jobs/{job}/rewrites/../accept", json={}).status_code == 404


def test_facts_added_in_a_rewrite_join_the_notes_form_only_when_the_user_chooses(home):
    client, job = drafted(home)
    fact = "新增高新技术企业5家，其中制造业3家"
    one = client.post(f"/api/jobs/{job}/rewrite", json={"key": "二", "facts": fact}).json()
    assert one["facts"] == [fact]
    assert client.post(f"/api/jobs/{job}/rewrites/{one['candidate']}/accept", json={"to_notes": False}).json() == {
        "ok": True}
    workspace = next((home / "workspaces").glob(f"*/jobs/{job}")).parent.parent
    job_notes = load_notes(workspace / "jobs" / job / "notes.yaml")
    assert fact in job_notes.sections[1].facts  # the draft's own notes know it, so its check does
    assert fact not in load_notes(workspace / "notes.yaml").sections[1].facts  # not chosen: 新建 unchanged

    two = client.post(f"/api/jobs/{job}/rewrite", json={"key": "三", "facts": "登记技术合同45项，成交额2.3亿元"}).json()
    said = client.post(f"/api/jobs/{job}/rewrites/{two['candidate']}/accept", json={"to_notes": True}).json()
    assert said["notes"] == "补充要点已加入新建提要的“推进成果转化”一节"
    notes = load_notes(workspace / "notes.yaml")
    assert notes.sections[2].facts == ["登记技术合同45项", "登记技术合同45项，成交额2.3亿元"]
    import re

    shown = re.search(r'id="form-state">(.*?)</script>', client.get("/notes").text, re.S)
    assert shown and json.loads(shown.group(1))["提纲"][2]["要点"][-1] == "登记技术合同45项，成交额2.3亿元"

    # the 新建 outline changed since the draft: the section is found by its title, or the user is told
    form = json.loads((workspace / "form.json").read_text(encoding="utf-8"))
    form["提纲"].insert(0, {"标题": "总体情况", "要点": ["全年工作平稳"]})
    client.post("/api/notes", json=form)
    three = client.post(f"/api/jobs/{job}/rewrite", json={"key": "四", "facts": "研发人员不足"}).json()
    said = client.post(f"/api/jobs/{job}/rewrites/{three['candidate']}/accept", json={"to_notes": True}).json()
    assert said["notes"] == "补充要点已加入新建提要的“存在的主要问题”一节"
    assert load_notes(workspace / "notes.yaml").sections[4].facts[-1] == "研发人员不足"
    form = json.loads((workspace / "form.json").read_text(encoding="utf-8"))
    form["提纲"] = [{"标题": "另起的提纲", "要点": ["别的内容"]}]
    client.post("/api/notes", json=form)
    four = client.post(f"/api/jobs/{job}/rewrite", json={"key": "一", "facts": "举办科普讲座8场"}).json()
    said = client.post(f"/api/jobs/{job}/rewrites/{four['candidate']}/accept", json={"to_notes": True}).json()
    assert said["notes"] == "新建提要里没有“加强科技宣传”这一节，补充要点只用于这份稿件"
    assert json.loads((workspace / "form.json").read_text(encoding="utf-8"))["提纲"] == form["提纲"]
