"""Per-session workspaces on disk, and the notes form kept in them.

Each browser session (a random cookie) owns one folder under ``<home>/workspaces/``; nothing of
one session is reachable from another, and every file the app serves is found by an id looked up
in that folder, never by a path taken from the request::

    workspaces/<sha256(session)[:24]>/
        form.json          the notes form exactly as typed (even half-filled)
        notes.yaml         the same as a notes file (what 下载 .yaml gives and drafting reads)
        jobs/<id>/         one draft: job.json, notes.yaml, draft.docx, draft.check.json, draft.md
        checks/<id>/       one 核对: the uploaded text and data, report.json, annotated.docx
        uploads/<id>/      notes files uploaded into the form

The form is the notes file's own structure with its Chinese keys (标题, 提纲[0].小节[1].要点 …), so
a validation error's key path from ``load_notes`` names the form field it belongs to.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from drafter.files import atomic_write_text
from drafter.notes import Notes, OutlineSection

SESSION_COOKIE = "drafter_session"
ID = re.compile(r"^[0-9a-f]{12}$")  # job, check and upload ids
_SESSION = re.compile(r"^[A-Za-z0-9_-]{32}$")

INDICATOR_FIELDS = ("名称", "数值", "单位", "时期", "上期值", "上期", "约数", "章节")
BASIC_FIELDS = ("标题", "单位", "年度", "日期", "文种")


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


def form_title(folder: Path) -> str:
    """The 标题 of the form kept in ``folder`` (a workspace or a job), "" when there is none."""
    try:
        return str(json.loads((folder / "form.json").read_text(encoding="utf-8")).get("标题") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def empty_form() -> dict[str, Any]:
    return {"标题": "", "单位": "", "年度": "", "日期": "", "文种": "总结和计划", "指标": [], "提纲": []}


# --------------------------------------------------------------------------- form → notes file


def _scalar(value: Any) -> Any:
    """A typed cell as YAML should carry it: 28 and 14.5 as numbers, everything else as written."""
    text = str(value).strip() if value is not None else ""
    if re.fullmatch(r"-?\d{1,15}", text):
        return int(text)
    if re.fullmatch(r"-?\d{1,12}\.\d{1,6}", text) and str(float(text)) == text:
        return float(text)
    return text


def _clean_section(node: Any) -> dict[str, Any]:
    node = node if isinstance(node, dict) else {}
    out: dict[str, Any] = {"标题": str(node.get("标题", "")).strip()}
    facts = [str(f).strip() for f in node.get("要点") or [] if str(f).strip()]
    if facts:
        out["要点"] = facts
    for key in ("字数", "要求"):
        if str(node.get(key) or "").strip():
            out[key] = _scalar(node[key])
    children = [_clean_section(c) for c in node.get("小节") or []]
    if children:
        out["小节"] = children
    return out


def clean_form(form: dict[str, Any]) -> dict[str, Any]:
    """The form as a notes mapping: empty optional cells dropped, numbers as numbers, in key order.
    Required keys stay even when empty, so ``load_notes`` says what is missing."""
    out: dict[str, Any] = {}
    for key in BASIC_FIELDS:
        value = str(form.get(key) or "").strip()
        if value or key in ("标题", "单位", "年度"):
            out[key] = _scalar(value) if key == "年度" else value
    rows = []
    for row in form.get("指标") or []:
        row = row if isinstance(row, dict) else {}
        cleaned = {k: _scalar(row.get(k)) if k in ("数值", "上期值") else str(row.get(k) or "").strip()
                   for k in INDICATOR_FIELDS}
        if not any(str(v) for v in cleaned.values()):
            continue  # an empty row the user added and left
        rows.append({k: v for k, v in cleaned.items() if str(v) or k in ("名称", "数值", "单位")})
    if rows:
        out["指标"] = rows
    out["提纲"] = [_clean_section(s) for s in form.get("提纲") or []]
    return out


def notes_yaml(form: dict[str, Any]) -> str:
    """The notes file of a form, as a person would write it (Chinese keys, block style)."""
    return yaml.safe_dump(clean_form(form), allow_unicode=True, sort_keys=False, width=1000)


# --------------------------------------------------------------------------- notes → form


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    try:
        return format(value.normalize(), "f")
    except InvalidOperation:
        return str(value)


def _form_section(section: OutlineSection) -> dict[str, Any]:
    return {"标题": section.heading, "要点": list(section.facts), "字数": _text(section.length),
            "要求": _text(section.instruction), "小节": [_form_section(s) for s in section.sections]}


def form_from_notes(notes: Notes) -> dict[str, Any]:
    """The form showing a loaded notes file (values as the user wrote them: "3.5万" stays "3.5万")."""
    return {
        "标题": notes.title, "单位": notes.unit, "年度": str(notes.year), "日期": notes.date.isoformat(),
        "文种": notes.kind,
        "指标": [{"名称": i.name, "数值": i.raw_value or _number_text(i.value), "单位": i.unit,
                  "时期": _text(i.period), "上期值": _number_text(i.previous), "上期": _text(i.previous_period),
                  "约数": _text(i.approx), "章节": _text(i.section)} for i in notes.indicators],
        "提纲": [_form_section(s) for s in notes.sections],
    }


def add_facts(form: dict[str, Any], key: str, facts: list[str]) -> bool:
    """Append ``facts`` to the outline section whose number path is ``key`` ("一.（二）.3" → the third
    child of the second child of the first section). False when the form has no such section."""
    from drafter.export.model import marker_value

    nodes: list[Any] = form.get("提纲") or []
    node: dict[str, Any] | None = None
    for part in key.split("."):
        index = marker_value(part)
        if index is None or not 0 < index <= len(nodes):
            return False
        node = nodes[index - 1]
        nodes = node.setdefault("小节", [])
    if node is None:
        return False
    node["要点"] = [*(node.get("要点") or []), *facts]
    return True
