"""Per-session workspaces on disk, and the notes form kept in them.

Each browser session (a random cookie) owns one folder under ``<home>/workspaces/``; nothing of
one session is reachable from another, and every file the app serves is found by an id looked up
in that folder, never by a path taken from the request::

    workspaces/<sha256(session)[:24]>/
        .last-use          touched by every request of the session: when the workspace was last used
        form.json          the notes form exactly as typed (even half-filled)
        notes.yaml         the same as a notes file (what 下载 .yaml gives and drafting reads)
        jobs/<id>/         one draft: job.json, notes.yaml, draft.docx, draft.check.json, draft.md,
                           rewrites/<id>/ (one 改写 waiting to be accepted or discarded)
        checks/<id>/       one 核对: the uploaded text and data, report.json, annotated.docx
        uploads/<id>/      notes files uploaded into the form

The form is the notes file's own structure with its Chinese keys (标题, 提纲[0].小节[1].要点 …), so
a validation error's key path from ``load_notes`` names the form field it belongs to.

A workspace unused for ``workspace_days`` (drafter.toml, 30 by default; 0 keeps them for ever) is
removed when the server starts and once a day — never one with a draft queued or running.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from drafter.files import atomic_write_text
from drafter.notes import Notes

SESSION_COOKIE = "drafter_session"
ID = re.compile(r"^[0-9a-f]{12}$")  # job, check, upload and rewrite ids
LAST_USE = ".last-use"
DAY = 24 * 60 * 60
_SESSION = re.compile(r"^[A-Za-z0-9_-]{32}$")

INDICATOR_FIELDS = ("名称", "数值", "单位", "时期", "上期值", "上期", "约数", "章节", "备注")
BASIC_FIELDS = ("标题", "单位", "年度", "日期", "文种", "主送机关", "印发机关", "印发日期")


def new_session() -> str:
    return secrets.token_urlsafe(24)


def valid_session(value: str | None) -> bool:
    return bool(value and _SESSION.match(value))


def new_id() -> str:
    return secrets.token_hex(6)


class Workspace:
    """The folder of one session."""

    def __init__(self, root: Path, session: str):
        self.root = root / hashlib.sha256(session.encode()).hexdigest()[:24]

    @property
    def form_path(self) -> Path:
        return self.root / "form.json"

    @property
    def notes_path(self) -> Path:
        return self.root / "notes.yaml"

    def touch(self) -> None:
        """Record that the session used its workspace now (nothing is made for a session that has none)."""
        if self.root.is_dir():
            marker = self.root / LAST_USE
            try:
                marker.touch()
            except OSError:
                pass

    def folder(self, kind: str, ident: str) -> Path:
        """``jobs/<id>``, ``checks/<id>`` or ``uploads/<id>``; KeyError for an id of the wrong shape."""
        if kind not in ("jobs", "checks", "uploads") or not ID.match(ident):
            raise KeyError(ident)
        return self.root / kind / ident

    def load_form(self) -> dict[str, Any]:
        try:
            form = json.loads(self.form_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return empty_form()
        return form if isinstance(form, dict) else empty_form()

    def save_form(self, form: dict[str, Any]) -> None:
        """Keep the form as typed and as a notes file (the .yaml the user downloads and drafts from)."""
        atomic_write_text(self.form_path, json.dumps(form, ensure_ascii=False, indent=1))
        atomic_write_text(self.notes_path, notes_yaml(form))
        self.touch()


def last_use(folder: Path) -> float:
    """When a workspace was last used: its .last-use marker, else (a workspace older than the marker)
    the newest of the folder and what it holds directly."""
    try:
        return (folder / LAST_USE).stat().st_mtime
    except OSError:
        pass
    times = [folder.stat().st_mtime]
    for entry in os.scandir(folder):
        try:
            times.append(entry.stat(follow_symlinks=False).st_mtime)
        except OSError:
            continue
    return max(times)


def expire_workspaces(root: Path, days: int, drafting: Callable[[Path], bool],
                      now: float | None = None) -> list[Path]:
    """Remove the workspaces under ``root`` unused for more than ``days`` days (none when ``days`` is 0),
    except those where ``drafting(workspace)`` says a draft is queued or running. Returns those removed."""
    if days <= 0 or not root.is_dir():
        return []
    limit = (time.time() if now is None else now) - days * DAY
    removed = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.is_symlink():
            continue
        try:
            old = last_use(folder) < limit
        except OSError:
            continue
        if old and not drafting(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def form_title(folder: Path) -> str:
    """The 标题 of the form kept in ``folder`` (a workspace or a job), "" when there is none."""
    try:
        return str(json.loads((folder / "form.json").read_text(encoding="utf-8")).get("标题") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def empty_form() -> dict[str, Any]:
    return {**{key: "" for key in BASIC_FIELDS}, "文种": "总结和计划", "指标": [], "提纲": []}


# --------------------------------------------------------------------------- form → notes file


def _scalar(value: Any) -> Any:
    """A typed cell as the notes file should carry it: 28 and 14.5 as numbers, anything else as written."""
    from drafter.notes_write import scalar

    return scalar(str(value).strip() if value is not None else "")


def _list(value: Any) -> list[Any]:
    """A list from the browser, or an empty one for anything else it might send."""
    return value if isinstance(value, list) else []


def _clean_section(node: Any) -> dict[str, Any]:
    node = node if isinstance(node, dict) else {}
    out: dict[str, Any] = {"标题": str(node.get("标题", "")).strip()}
    facts = [str(f).strip() for f in _list(node.get("要点")) if str(f).strip()]
    if facts:
        out["要点"] = facts
    for key in ("字数", "要求"):
        if str(node.get(key) or "").strip():
            out[key] = _scalar(node[key])
    children = [_clean_section(c) for c in _list(node.get("小节"))]
    if children:
        out["小节"] = children
    return out


def _indicator_rows(form: dict[str, Any]) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
    """(row number in the page's grid, the row as typed, the row as the notes file holds it) of every
    indicator row the notes file keeps: a row left empty is dropped."""
    out = []
    for number, row in enumerate(_list(form.get("指标")), start=1):
        row = row if isinstance(row, dict) else {}
        cleaned = {k: _scalar(row.get(k)) if k in ("数值", "上期值") else str(row.get(k) or "").strip()
                   for k in INDICATOR_FIELDS}
        if not any(str(v) for v in cleaned.values()):
            continue  # an empty row the user added and left
        out.append((number, row, {k: v for k, v in cleaned.items() if str(v) or k in ("名称", "数值", "单位")}))
    return out


def clean_form(form: dict[str, Any]) -> dict[str, Any]:
    """The form as a notes mapping: empty optional cells dropped, numbers as numbers, in key order.
    Required keys stay even when empty, so ``load_notes`` says what is missing."""
    out: dict[str, Any] = {}
    for key in BASIC_FIELDS:
        value = str(form.get(key) or "").strip()
        if value or key in ("标题", "单位", "年度"):
            out[key] = _scalar(value) if key == "年度" else value
    rows = [row for _, _, row in _indicator_rows(form)]
    if rows:
        out["指标"] = rows
    out["提纲"] = [_clean_section(s) for s in _list(form.get("提纲"))]
    return out


def notes_yaml(form: dict[str, Any]) -> str:
    """The notes file of a form, as a person would write it (Chinese keys, block style)."""
    return yaml.safe_dump(clean_form(form), allow_unicode=True, sort_keys=False, width=1000)


# --------------------------------------------------------------------------- notes → form


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _form_section(data: dict[str, Any]) -> dict[str, Any]:
    return {"标题": data["标题"], "要点": list(data.get("要点", [])), "字数": _cell(data.get("字数")),
            "要求": _cell(data.get("要求")), "小节": [_form_section(c) for c in data.get("小节", [])]}


def form_from_notes(notes: Notes, name: str | None = None) -> dict[str, Any]:
    """The form showing a loaded notes file, from the library's own plain data of it (``notes_data``):
    values as the user wrote them ("3.5万" stays "3.5万"), every key the format has. Each indicator row
    keeps where it was written (``ORIGIN``: "qingxi.xlsx 指标 row 2", the file named ``name`` as the user
    chose it) until the user changes the row on the page."""
    from drafter.notes_write import notes_data

    data = notes_data(notes)
    stored = notes.path.name if notes.path is not None else ""
    rows = [{key: _cell(row.get(key)) for key in INDICATOR_FIELDS} for row in data.get("指标", [])]
    if len(rows) == len(notes.indicators):
        for row, indicator in zip(rows, notes.indicators, strict=True):
            origin = indicator.origin
            if name and stored and origin.startswith(stored):
                origin = name + origin[len(stored):]
            if origin:
                row[ORIGIN] = origin
    return {
        **{key: _cell(data.get(key)) for key in BASIC_FIELDS},
        "指标": rows,
        "提纲": [_form_section(s) for s in data["提纲"]],
    }


# --------------------------------------------------------------------------- places in the form

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def form_key(form: dict[str, Any], key: str) -> str:
    """The key path of the notes file as the key path of the form's field: rows the user left empty are
    not in the notes file, so 指标[1] there is the third row of the grid when its second row is empty."""
    match = re.match(r"指标\[(\d+)\]", key)
    rows = _indicator_rows(form)
    if match and int(match.group(1)) < len(rows):
        return f"指标[{rows[int(match.group(1))][0] - 1}]{key[match.end():]}"
    return key


def field_place(form: dict[str, Any], key: str) -> str:
    """Where a validation error's key path is on the page, in words: "指标[0].数值" → 指标第1行（高新技术企业）的
    “数值”; "提纲[1].小节[0].要点[2]" → 提纲“（一）加强科技宣传”的“要点”第3条; "年度" → “年度”. "" for no key."""
    from drafter.export.model import number_marker

    steps: list[str | int] = [m.group(1) if m.group(1) else int(m.group(2)) for m in _STEP.finditer(key)]
    if not steps:
        return ""
    head, rest = steps[0], steps[1:]
    place = f"“{head}”"
    if head == "指标" and rest and isinstance(rest[0], int):
        rows = _list(form.get("指标"))
        row = rows[rest[0]] if rest[0] < len(rows) and isinstance(rows[rest[0]], dict) else {}
        name = str(row.get("名称") or "").strip()
        place, rest = f"指标第{rest[0] + 1}行" + (f"（{name}）" if name else ""), rest[1:]
    elif head == "提纲" and rest and isinstance(rest[0], int):
        nodes, node, level, number = _list(form.get("提纲")), None, 0, ""
        while rest and isinstance(rest[0], int) and rest[0] < len(nodes) and isinstance(nodes[rest[0]], dict):
            node, level = nodes[rest[0]], level + 1
            number = number_marker(min(level, 4), rest[0] + 1)
            nodes, rest = _list(node.get("小节")), rest[1:]
            if len(rest) >= 2 and rest[0] == "小节":
                rest = rest[1:]
        title = str((node or {}).get("标题") or "").strip()
        place = f"提纲“{number}{title}”"
    for step in rest:
        place += f"第{step + 1}条" if isinstance(step, int) else f"的“{step}”"
    return place


# --------------------------------------------------------------------------- where an indicator was written

ORIGIN = "来源"  # an indicator row's origin in the form: the uploaded file's row, until the row is edited


def indicator_origins(form: dict[str, Any]) -> list[str]:
    """Where each indicator of the form's notes file was written, as the user knows it: the row of the
    file they uploaded ("qingxi.xlsx 指标 row 2") while the row is as uploaded, else its row in the page's
    grid ("新建提要 指标 第3行") — never the line of the server's notes.yaml."""
    return [str(row.get(ORIGIN) or "").strip() or f"新建提要 指标 第{number}行"
            for number, row, _ in _indicator_rows(form)]


def job_notes(folder: Path) -> Notes:
    """The notes of a job (or a workspace) as drafting and checking read them: its notes.yaml, with each
    indicator's origin where the user wrote it (``indicator_origins`` of its form.json), so a figure's
    source names the user's file and row."""
    from drafter.notes import load_notes

    notes = load_notes(folder / "notes.yaml")
    try:
        form = json.loads((folder / "form.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return notes
    origins = indicator_origins(form) if isinstance(form, dict) else []
    if len(origins) == len(notes.indicators):
        notes.indicators = [dataclasses.replace(i, origin=o) for i, o in zip(notes.indicators, origins, strict=True)]
    return notes


def form_section(form: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The outline section whose number path is ``key`` ("一.（二）.3" → the third child of the second
    child of the first section), None when the form has no such section."""
    from drafter.export.model import marker_value

    nodes: list[Any] = form.get("提纲") or []
    node: dict[str, Any] | None = None
    for part in key.split("."):
        index = marker_value(part)
        if index is None or not 0 < index <= len(nodes) or not isinstance(nodes[index - 1], dict):
            return None
        node = nodes[index - 1]
        nodes = _list(node.get("小节"))
    return node


def _walk_form(nodes: Any) -> list[dict[str, Any]]:
    out = []
    for node in _list(nodes):
        if isinstance(node, dict):
            out += [node, *_walk_form(node.get("小节"))]
    return out


def add_facts(form: dict[str, Any], key: str, facts: list[str], heading: str | None = None) -> dict[str, Any] | None:
    """Append ``facts`` (those not already there) to a section of the form: the one at number path
    ``key``, or — when ``heading`` is given and that section has another 标题 (the outline changed since)
    — the one section titled ``heading``. Returns the section, None when the form has no such section."""
    node = form_section(form, key)
    if heading is not None and (node is None or str(node.get("标题", "")).strip() != heading):
        titled = [n for n in _walk_form(form.get("提纲")) if str(n.get("标题", "")).strip() == heading]
        node = titled[0] if len(titled) == 1 else None
    if node is None:
        return None
    known = [str(f).strip() for f in _list(node.get("要点"))]
    node["要点"] = [*_list(node.get("要点")), *(f for f in dict.fromkeys(facts) if f.strip() not in known)]
    return node
