"""The web app: pages 新建 (notes), 起草 (draft), 审阅 (review and rewrite), 核对 (check), over the
same library calls as the CLI. Handlers parse the request, call the library, and render; every
user text reaches the page through Jinja's autoescaping or the DOM's textContent."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from drafter.config import Settings
from drafter.errors import DrafterError, InputError
from drafter.files import atomic_write_text
from drafter.web import jobs as J
from drafter.web import review
from drafter.web.guard import Guard
from drafter.web.uploads import ACCEPTED, LimitUploads, page_error, store_upload
from drafter.web.workspace import (DAY, Workspace, add_facts, expire_workspaces, field_place, form_from_notes, form_key,
                                   form_title, new_id, notes_yaml)

HERE = Path(__file__).resolve().parent
log = logging.getLogger("drafter.web")


@dataclass(frozen=True)
class WebConfig:
    """How the server runs: where workspaces live, the token (None on 127.0.0.1), limits, and how long
    an unused workspace is kept (``workspace_days``; 0 keeps it for ever), looked at every ``expire_every``
    seconds."""

    settings: Settings
    token: str | None = None
    upload_limit: int = 20 * 1024 * 1024
    max_drafts: int = 2
    workspace_days: int = 30
    expire_every: float = DAY

    @property
    def root(self) -> Path:
        return self.settings.home / "workspaces"


def _notes_xlsx_writer() -> Any | None:
    """The library's notes writer (``save_notes``, which writes a notes workbook for .xlsx), once the
    notes workbook has landed; None before."""
    try:
        from drafter.notes_write import save_notes  # type: ignore[import-not-found]
    except ImportError:
        return None
    return lambda notes, path: save_notes(notes, path, force=True)


def create_app(config: WebConfig) -> Starlette:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    # the vendored CSS and JavaScript go inside each page: one request for a page, no internet
    env.globals["static_css"] = Markup((HERE / "static" / "app.css").read_text(encoding="utf-8"))
    env.filters["said"] = said
    env.globals["static_js"] = Markup((HERE / "static" / "app.js").read_text(encoding="utf-8"))
    for name in env.list_templates(extensions=["html"]):  # compiled now, not on a user's first visit
        env.get_template(name)
    import drafter.notes  # noqa: F401  (validating the form needs it on every first page)

    queue = J.JobQueue(config.settings, config.max_drafts)
    config.root.mkdir(parents=True, exist_ok=True)
    J.mark_interrupted(config.root)
    accepting = threading.Lock()  # one 采用 at a time: a rewrite is checked against the draft it replaces

    def drafting(folder: Path) -> bool:
        """Whether a workspace has a draft queued or running (it is never removed then)."""
        return queue.busy(folder) or any(
            (record := J.load_record(job.parent)) is not None and record.status in (J.QUEUED, J.RUNNING)
            for job in folder.glob("jobs/*/job.json"))

    def expire() -> None:
        removed = expire_workspaces(config.root, config.workspace_days, drafting)
        if removed:
            log.warning("removed %d workspace(s) unused for more than %d days", len(removed), config.workspace_days)

    expire()

    def workspace(request: Request) -> Workspace:
        ws = Workspace(config.root, request.scope["state"]["session"])
        ws.touch()
        return ws

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context |= {"active": name.removesuffix(".html"), "backend": _backend_info(config.settings),
                    "xlsx": _notes_xlsx_writer() is not None, "workspace_days": config.workspace_days}
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    def job_folder(request: Request) -> tuple[Path, J.JobRecord]:
        try:
            folder = workspace(request).folder("jobs", request.path_params["id"])
        except KeyError:
            raise HTTPException(404) from None
        record = J.load_record(folder)
        if record is None:
            raise HTTPException(404)
        return folder, record

    # ----------------------------------------------------------------- 新建

    async def home(request: Request) -> RedirectResponse:
        return RedirectResponse("/notes", status_code=303)

    async def notes_page(request: Request) -> HTMLResponse:
        ws = workspace(request)
        from drafter.notes import APPROX_WORDS, KINDS

        return page(request, "notes.html", form=ws.load_form(), kinds=KINDS, approx=APPROX_WORDS,
                    check=_validate(ws))

    async def save_notes(request: Request) -> JSONResponse:
        ws = workspace(request)
        try:
            form = await request.json()
        except ValueError:
            return JSONResponse({"error": "表单数据无法读取，请刷新页面"}, status_code=400)
        if not isinstance(form, dict):
            return JSONResponse({"error": "表单数据无法读取，请刷新页面"}, status_code=400)
        await run_in_threadpool(ws.save_form, form)
        return JSONResponse(await run_in_threadpool(_validate, ws))

    async def upload_notes(request: Request) -> JSONResponse:
        ws = workspace(request)
        upload = (await request.form(max_part_size=config.upload_limit)).get("file")
        if upload is None or isinstance(upload, str):
            return JSONResponse({"error": "请选择一个文件"}, status_code=400)
        data = await upload.read()
        folder = ws.folder("uploads", new_id())
        stored = []
        try:
            stored.append(store_upload(folder, upload.filename or "", data, "notes"))
            from drafter.notes import load_data

            notes = await run_in_threadpool(load_data, stored[0].path)  # what `drafter check --data` takes
            form = form_from_notes(notes, stored[0].name)
        except DrafterError as exc:
            return JSONResponse({"error": page_error(exc, stored, what="提要文件", hint=ACCEPTED["notes"],
                                                     folder=folder)}, status_code=400)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if not notes.sections:  # an indicator table alone: its rows for the 指标 grid; the page puts them in
            return JSONResponse({"table": form["指标"], "name": stored[0].name})
        await run_in_threadpool(ws.save_form, form)
        return JSONResponse({"form": form, **_validate(ws)})

    async def download_notes(request: Request) -> FileResponse:
        ws = workspace(request)
        fmt = request.path_params["fmt"]
        if not ws.notes_path.is_file():
            raise HTTPException(404)
        if fmt == "yaml":
            return FileResponse(ws.notes_path, filename="notes.yaml", media_type="application/x-yaml")
        writer = _notes_xlsx_writer()
        if fmt != "xlsx" or writer is None:
            raise HTTPException(404)
        from drafter.notes import load_notes

        try:
            notes = load_notes(ws.notes_path)
        except DrafterError as exc:
            raise HTTPException(400, page_error(exc, hint="请在“新建提要”页改正后再下载", folder=ws.root)) from None
        out = ws.root / "notes.xlsx"
        await run_in_threadpool(writer, notes, out)
        return FileResponse(out, filename="notes.xlsx")

    # ----------------------------------------------------------------- 起草

    async def draft_page(request: Request) -> HTMLResponse:
        ws = workspace(request)
        records = sorted(_records(ws), key=lambda r: r[1].created, reverse=True)
        listing = [J.progress(folder, record, queue) for folder, record in records]
        return page(request, "draft.html", jobs=listing, check=_validate(ws))

    async def start_job(request: Request) -> JSONResponse:
        ws = workspace(request)
        body = await _json(request)
        check = await run_in_threadpool(_validate, ws)
        if check.get("error"):
            return JSONResponse({"error": "提要尚未填写完整：" + said(check["error"])}, status_code=400)
        backend = "openai" if body.get("backend") == "openai" else "offline"
        if backend == "openai" and not _backend_info(config.settings)["configured"]:
            return JSONResponse({"error": "服务器没有配置模型接口（OPENAI_BASE_URL / OPENAI_API_KEY）"},
                                status_code=400)
        ident = new_id()
        folder = ws.folder("jobs", ident)
        folder.mkdir(parents=True)
        shutil.copy2(ws.notes_path, folder / "notes.yaml")
        shutil.copy2(ws.form_path, folder / "form.json")
        record = J.JobRecord(id=ident, status=J.QUEUED, backend=backend,
                             model=config.settings.model if backend == "openai" else None,
                             retrieval=bool(body.get("retrieval", True)), created=J._now())
        queue.submit(folder, record)
        return JSONResponse({"id": ident, "title": form_title(folder)})

    async def job_state(request: Request) -> JSONResponse:
        folder, record = job_folder(request)
        return JSONResponse(J.progress(folder, record, queue))

    async def job_events(request: Request) -> StreamingResponse:
        folder, _ = job_folder(request)

        def stamp(name: str) -> int:
            try:
                return (folder / name).stat().st_mtime_ns
            except OSError:
                return 0

        async def stream():  # type: ignore[no-untyped-def]
            """Sends the job's state when it changed: a change of status at once (within 50 ms), the
            sections' steps at most four times a second, a waiting job's place in the queue each second."""
            seen, sent_at, status = (0, 0), 0.0, None
            while not await request.is_disconnected():
                now_seen = (stamp("job.json"), stamp("events.jsonl"))
                record = J.load_record(folder) if now_seen[0] != seen[0] or status is None else None
                moved = record is not None and record.status != status
                waited = time.monotonic() - sent_at
                if moved or (now_seen != seen and waited >= 0.25) or (status == J.QUEUED and waited >= 1):
                    record = record or J.load_record(folder)
                    if record is None:
                        return
                    state = await run_in_threadpool(J.progress, folder, record, queue)
                    yield f"data: {json.dumps(state, ensure_ascii=False)}\n\n"
                    seen, sent_at, status = now_seen, time.monotonic(), record.status
                    if record.status not in (J.QUEUED, J.RUNNING):
                        yield "event: end\ndata: {}\n\n"
                        return
                await asyncio.sleep(0.05)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"cache-control": "no-cache", "x-accel-buffering": "no"})

    async def cancel_job(request: Request) -> JSONResponse:
        folder, record = job_folder(request)
        if not queue.cancel(folder):
            return JSONResponse({"error": "该稿件没有在起草"}, status_code=409)
        return JSONResponse({"ok": True})

    async def resume_job(request: Request) -> JSONResponse:
        folder, record = job_folder(request)
        if record.status not in J.RESUMABLE:
            return JSONResponse({"error": "该稿件不能继续起草"}, status_code=409)
        queue.submit(folder, record)
        return JSONResponse({"id": record.id})

    # ----------------------------------------------------------------- 审阅 and 改写

    async def review_page(request: Request) -> HTMLResponse:
        folder, record = job_folder(request)
        if record.status != J.DONE or not (folder / "draft.docx").is_file():
            return RedirectResponse("/draft", status_code=303)  # type: ignore[return-value]
        shown = await run_in_threadpool(review.load_review, folder)
        return page(request, "review.html", job=record, review=shown)

    async def latest_review(request: Request) -> RedirectResponse:
        done = [record for _, record in _records(workspace(request)) if record.status == J.DONE]
        if not done:
            return RedirectResponse("/draft", status_code=303)
        return RedirectResponse(f"/review/{max(done, key=lambda r: r.finished or '').id}", status_code=303)

    async def rewrite(request: Request) -> JSONResponse:
        folder, record = job_folder(request)
        body = await _json(request)
        key = str(body.get("key") or "")
        instruction = str(body.get("instruction") or "").strip() or None
        facts = [f.strip() for f in str(body.get("facts") or "").splitlines() if f.strip()]
        candidate = folder / "rewrites" / new_id()
        try:
            result = await run_in_threadpool(review.rewrite_candidate, folder, candidate, key, instruction, facts,
                                             J.settings_for(config.settings, record))
        except DrafterError as exc:
            shutil.rmtree(candidate, ignore_errors=True)
            return JSONResponse({"error": page_error(exc, hint="可以换一个改写要求，或改用大模型改写", folder=folder)},
                                status_code=400)
        return JSONResponse(result)

    async def rewrite_decide(request: Request) -> JSONResponse:
        """采用 or 放弃 one rewrite, named by its own id. A rewrite made from a draft that has changed since
        (another tab's rewrite was accepted) is refused with a message: accepting it would undo that change."""
        folder, record = job_folder(request)
        decision = request.path_params["decision"]
        if decision not in ("accept", "discard"):
            raise HTTPException(404)
        try:
            candidate = folder / "rewrites" / _rewrite_id(request)
        except KeyError:
            raise HTTPException(404) from None
        if not (candidate / "rewrite.docx").is_file() or not (candidate / "asked.json").is_file():
            return JSONResponse({"error": "这份改写已经采用或放弃了"}, status_code=409)
        if decision == "discard":
            shutil.rmtree(candidate, ignore_errors=True)
            return JSONResponse({"ok": True})
        to_notes = bool((await _json(request)).get("to_notes"))
        asked = json.loads((candidate / "asked.json").read_text(encoding="utf-8"))
        outcome = await run_in_threadpool(_accept, workspace(request), folder, candidate, asked, to_notes)
        return JSONResponse(outcome, status_code=409 if "error" in outcome else 200)

    def _accept(ws: Workspace, folder: Path, candidate: Path, asked: dict[str, Any], to_notes: bool) -> dict[str, Any]:
        with accepting:
            if asked.get("draft") != review.draft_stamp(folder):
                shutil.rmtree(candidate, ignore_errors=True)
                return {"error": "稿件在这份改写之后已经改过（另一个窗口采用了改写），这份改写是按旧稿做的，"
                                 "采用会冲掉那次修改，所以没有采用。请刷新页面后重新改写这一节。"}
            facts = list(asked.get("facts") or [])
            if facts:  # the added facts become data of the draft, so its check knows them
                form = json.loads((folder / "form.json").read_text(encoding="utf-8"))
                if add_facts(form, asked["key"], facts) is not None:
                    atomic_write_text(folder / "form.json", json.dumps(form, ensure_ascii=False, indent=1))
                    atomic_write_text(folder / "notes.yaml", notes_yaml(form))
            os.replace(candidate / "rewrite.docx", folder / "draft.docx")
            shutil.rmtree(candidate, ignore_errors=True)
            review.refresh(folder)
        outcome: dict[str, Any] = {"ok": True}
        if facts and to_notes:  # offered on the page: the workspace's own notes (新建提要) get them too
            heading = str(asked.get("heading") or "")
            form = ws.load_form()
            section = add_facts(form, asked["key"], facts, heading=heading or None)
            if section is None:
                outcome["notes"] = f"新建提要里没有“{heading}”这一节，补充要点只用于这份稿件"
            else:
                ws.save_form(form)
                outcome["notes"] = f"补充要点已加入新建提要的“{section.get('标题', heading)}”一节"
        return outcome

    async def download_job(request: Request) -> FileResponse:
        folder, record = job_folder(request)
        kind = request.path_params["kind"]
        if record.status != J.DONE:
            raise HTTPException(404)
        name = review.file_stem(folder)
        if kind == "docx":
            out = await run_in_threadpool(review.annotated_copy, folder)
            return FileResponse(out, filename=f"{name}.docx")
        if kind == "md":
            return FileResponse(folder / "draft.md", filename=f"{name}.md", media_type="text/markdown")
        if kind == "report":
            return FileResponse(folder / "draft.check.json", filename=f"{name}.check.json",
                                media_type="application/json")
        raise HTTPException(404)

    # ----------------------------------------------------------------- 核对

    async def check_page(request: Request) -> HTMLResponse:
        return page(request, "check.html", partial=review.partial_supported())

    async def start_check(request: Request) -> JSONResponse:
        ws = workspace(request)
        form = await request.form(max_part_size=config.upload_limit)
        text, data = form.get("text"), form.get("data")
        if text is None or isinstance(text, str) or data is None or isinstance(data, str):
            return JSONResponse({"error": "请选择要核对的文稿和数据文件"}, status_code=400)
        ident = new_id()
        folder = ws.folder("checks", ident)
        stored: list[Any] = []
        role = "text"  # which of the two files an error is about
        try:
            stored.append(store_upload(folder / "text", text.filename or "", await text.read(), "text"))
            role = "data"
            stored.append(store_upload(folder / "data", data.filename or "", await data.read(), "data"))
            role = ""
            await run_in_threadpool(review.check_upload, folder, stored[0], stored[1], form.get("partial") == "1")
        except DrafterError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            if not role:
                role = "text" if isinstance(exc, InputError) and Path(str(exc.path)) == stored[0].path else "data"
            what = {"text": "文稿", "data": "数据文件"}[role]
            return JSONResponse({"error": page_error(exc, stored, what=what, hint=ACCEPTED[role], folder=folder)},
                                status_code=400)
        return JSONResponse({"id": ident})

    async def check_result(request: Request) -> HTMLResponse:
        try:
            folder = workspace(request).folder("checks", request.path_params["id"])
        except KeyError:
            raise HTTPException(404) from None
        if not (folder / "report.json").is_file():
            raise HTTPException(404)
        shown, meta = await run_in_threadpool(review.load_check, folder)
        return page(request, "check.html", review=shown, meta=meta, check_id=folder.name,
                    partial=review.partial_supported())

    async def download_check(request: Request) -> FileResponse:
        try:
            folder = workspace(request).folder("checks", request.path_params["id"])
        except KeyError:
            raise HTTPException(404) from None
        kind = request.path_params["kind"]
        stem = review.checked_stem(folder)
        if kind == "report" and (folder / "report.json").is_file():
            return FileResponse(folder / "report.json", filename=f"{stem}（核对）.check.json",
                                media_type="application/json")
        if kind == "annotated" and (folder / "annotated.docx").is_file():
            return FileResponse(folder / "annotated.docx", filename=f"{stem}（核对）.docx")
        raise HTTPException(404)

    # ----------------------------------------------------------------- helpers

    def _records(ws: Workspace) -> list[tuple[Path, J.JobRecord]]:
        out = []
        for path in (ws.root / "jobs").glob("*/job.json"):
            record = J.load_record(path.parent)
            if record is not None:
                out.append((path.parent, record))
        return out

    async def not_found(request: Request, exc: Exception) -> HTMLResponse:
        status = getattr(exc, "status_code", 500)
        detail = getattr(exc, "detail", "")
        message = {404: "找不到这个页面或文件", 400: detail or "请求有误"}.get(status, detail or "出错了")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)  # type: ignore[return-value]
        return page(request, "error.html", status=status, message=message)

    async def internal(request: Request, exc: Exception) -> HTMLResponse:
        """A bug is logged with its traceback; the user sees one line and the server goes on."""
        log.exception("%s %s failed", request.method, request.url.path)
        message = f"内部错误（{type(exc).__name__}）；详情见服务器日志"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=500)  # type: ignore[return-value]
        return page(request, "error.html", status=500, message=message)

    routes = [
        Route("/", home),
        Route("/notes", notes_page),
        Route("/api/notes", save_notes, methods=["POST"]),
        Route("/api/notes/upload", upload_notes, methods=["POST"]),
        Route("/download/notes.{fmt}", download_notes),
        Route("/draft", draft_page),
        Route("/api/jobs", start_job, methods=["POST"]),
        Route("/api/jobs/{id}", job_state),
        Route("/api/jobs/{id}/events", job_events),
        Route("/api/jobs/{id}/cancel", cancel_job, methods=["POST"]),
        Route("/api/jobs/{id}/resume", resume_job, methods=["POST"]),
        Route("/api/jobs/{id}/rewrite", rewrite, methods=["POST"]),
        Route("/api/jobs/{id}/rewrites/{candidate}/{decision}", rewrite_decide, methods=["POST"]),
        Route("/review", latest_review),
        Route("/review/{id}", review_page),
        Route("/download/jobs/{id}/{kind}", download_job),
        Route("/check", check_page),
        Route("/api/checks", start_check, methods=["POST"]),
        Route("/check/{id}", check_result),
        Route("/download/checks/{id}/{kind}", download_check),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        async def daily() -> None:  # workspaces unused too long go once a day too, not only at start
            while True:
                await asyncio.sleep(config.expire_every)
                try:
                    await run_in_threadpool(expire)
                except Exception:
                    log.exception("removing unused workspaces failed")

        task = asyncio.create_task(daily())
        yield
        task.cancel()
        queue.stop()

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: internal}, lifespan=lifespan,
                    middleware=[Middleware(LimitUploads, limit=config.upload_limit),
                                Middleware(Guard, token=config.token)])
    app.state.queue = queue
    app.state.expire = expire
    return app


def _rewrite_id(request: Request) -> str:
    """The id of a rewrite from the request's path; KeyError for one of the wrong shape."""
    from drafter.web.workspace import ID

    ident = str(request.path_params["candidate"])
    if not ID.match(ident):
        raise KeyError(ident)
    return ident


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _validate(ws: Workspace) -> dict[str, Any]:
    """The notes of the workspace checked as ``drafter draft`` checks them: ok, or the first error
    with its key path (the form field) and the CLI's words."""
    from drafter.errors import InputError
    from drafter.notes import load_notes

    if not ws.notes_path.is_file():
        return {"ok": False, "error": {"key": "", "place": "", "message": "还没有填写提要"}}
    try:
        notes = load_notes(ws.notes_path)
    except InputError as exc:
        form = ws.load_form()
        key = form_key(form, exc.key or "")
        return {"ok": False, "error": {"key": key, "place": field_place(form, key), "message": exc.reason}}
    except DrafterError as exc:
        return {"ok": False, "error": {"key": "", "place": "", "message": str(exc)}}
    count = sum(1 for _ in notes.walk())
    return {"ok": True, "sections": count, "indicators": len(notes.indicators)}


def said(error: dict[str, Any]) -> str:
    """A form error in one line: where it is on the page, then the library's reason."""
    return f"{error['place']}：{error['message']}" if error.get("place") else str(error.get("message") or "")


def _backend_info(settings: Settings) -> dict[str, Any]:
    """What the page may know of the configured model: never the key."""
    configured = bool(settings.api_key or settings.base_url)
    return {"configured": configured, "model": settings.model if configured else None,
            "base_url": settings.base_url if configured else None, "default": settings.resolved_backend}
