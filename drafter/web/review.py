"""What the 审阅 and 核对 pages show, and the library calls behind 改写 and 核对.

A finding is shown by its verdict as a colour (``SHADES``: 通过, 推算, 错误, 提示, 未核实) and, on a
click, with its rule, the checker's message, its source and — only where the checker is certain —
the value expected. The figures are placed by ``view_document`` on the very characters the checker
read; rewriting is ``rewrite_section`` on a copy, accepted or discarded by the user.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import functools
import inspect
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.config import Settings
from drafter.export.view import DocumentView, view_document
from drafter.figures.reconcile import CheckReport, Finding
from drafter.files import atomic_write_text
from drafter.web.uploads import Upload
from drafter.web.workspace import form_title, job_notes

SHADES = {"supported": "通过", "derived": "推算", "error": "错误", "warning": "提示", "unverified": "未核实"}
KIND_LABEL = {
    "match": "与数据一致", "derived": "由数据推算", "wrong_value": "数值不符", "wrong_scale": "数量级不符",
    "wrong_unit": "单位不符", "percent_point": "百分数与百分点混用", "approximation": "约数写法不符",
    "misattributed": "是另一项的数字", "stale_period": "上期数据当作本期", "unsupported": "数据中没有",
    "placeholder": "占位符未填写", "unused": "数据未使用", "uncovered": "数据未覆盖，未核实",
}
_CERTAIN = ("certain", "high", "sure")


def shade(finding: Finding) -> str:
    """The colour class of a finding: its verdict, with derived figures apart from matched ones."""
    if finding.verdict == "supported":
        return "derived" if finding.kind == "derived" else "supported"
    return finding.verdict if finding.verdict in SHADES else "warning"


def expected_shown(finding: Finding) -> str | None:
    """The expected value, only where the checker is certain of it (a guessed value is never shown)."""
    if finding.verdict == "supported" or not finding.expected or finding.expected == finding.text:
        return None
    confidence = getattr(finding, "confidence", None)
    if confidence is None:
        return finding.expected
    if isinstance(confidence, (int, float)):
        return finding.expected if confidence >= 0.99 else None
    return finding.expected if str(confidence).lower() in _CERTAIN else None


def _candidate(candidate: Any) -> str:
    """"28家（指标 有效期内高新技术企业 …）" from a Candidate, or its JSON form."""
    if isinstance(candidate, dict):
        text, source = candidate.get("text", ""), candidate.get("source")
    else:
        text, source = getattr(candidate, "text", str(candidate)), getattr(candidate, "source", None)
    return f"{text}（{source}）" if source else str(text)


NO_SOURCE = "（数据中没有对应的指标或要点）"


def source_line(finding: Finding) -> str:
    """The panel's 依据: the supplied figure the finding rests on; for an uncertain one without it, the
    candidates it may be about ("可能是 31家（指标 有效期内高新技术企业 …）"); only with neither, that the
    data holds nothing for it."""
    if finding.source:
        return finding.source
    candidates = getattr(finding, "candidates", None) or []
    if candidates:
        return "可能是 " + "；".join(_candidate(c) for c in candidates)
    return NO_SOURCE


def info(index: int, finding: Finding) -> dict[str, Any]:
    """A finding as the page's figure panel shows it. ``candidates`` are listed apart only when the
    source line does not already give them."""
    candidates = getattr(finding, "candidates", None) or []
    return {"i": index, "text": finding.text, "shade": shade(finding), "verdict": SHADES[shade(finding)],
            "kind": finding.kind, "kind_label": KIND_LABEL.get(finding.kind, finding.kind),
            "rule": getattr(finding, "rule", None) or finding.kind, "message": finding.message,
            "source": finding.source, "source_line": source_line(finding), "expected": expected_shown(finding),
            "candidates": [_candidate(c) for c in candidates] if finding.source else [],
            "unused": finding.kind == "unused",
            "located": finding.start is not None and finding.kind != "unused", "para": None, "echoes": []}


@dataclass
class Shown:
    """One document with its findings, ready for the template: ``problems`` and ``unused`` are the
    report's entries (``drafter.figures.report.entries``, as ``drafter check`` lists them): an unused
    figure that only echoes an error (the text wrote 68项 where the data says 86项) is listed under that
    error, not again as unused."""

    title: str
    view: DocumentView
    findings: list[dict[str, Any]]
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    unused: list[dict[str, Any]] = field(default_factory=list)


def read_findings(path: Path) -> list[Finding]:
    """The findings of a check report file (fields this version does not know are left out)."""
    known = {f.name for f in dataclasses.fields(Finding)}
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Finding(**{k: v for k, v in item.items() if k in known}) for item in data.get("findings", [])]


def _listed(findings: list[Finding]) -> tuple[list[tuple[int, list[int]]], list[int]]:
    """(problems as (index, indexes of the unused findings it explains), unused indexes) in the order of
    the report's entries."""
    from drafter.figures.report import entries

    index = {id(f): i for i, f in enumerate(findings)}
    problems, unused = [], []
    for entry in entries(CheckReport("", list(findings))):
        i = index[id(entry.finding)]
        if entry.finding.kind == "unused":
            unused.append(i)
        elif entry.finding.start is not None:
            problems.append((i, [index[id(e)] for e in entry.echoes]))
    return problems, unused


def tally(findings: list[Finding]) -> dict[str, int]:
    """The counts the pages show, the same on 起草 and 审阅: the figures marked in the text by colour
    (通过, 推算, 错误, 提示, 未核实 — the legend), ``figures`` (the text's figures, as the report's summary
    counts them), and ``unused``: data never used, each once (not those that echo an error)."""
    from drafter.figures.findings import NOT_FIGURES

    marked = [f for f in findings if f.start is not None and f.kind != "unused"]
    counts = {name: sum(1 for f in marked if shade(f) == name) for name in SHADES}
    counts["figures"] = sum(1 for f in findings if f.kind not in NOT_FIGURES)
    counts["unused"] = len(_listed(findings)[1])
    return counts


def shown(title: str, document: Path, findings: list[Finding]) -> Shown:
    """The document with its figures marked; data never used is listed beside it, linked to the
    paragraph where its section starts (not linked when the data names no section), and not marked
    as a figure of the text."""
    infos = [info(i, f) for i, f in enumerate(findings)]
    figures = [dataclasses.replace(f, start=None, end=None) if f.kind == "unused" else f for f in findings]
    view = view_document(document, figures)
    starts = [p.offset for p in view.paragraphs]
    for item, finding in zip(infos, findings, strict=True):
        if item["unused"] and finding.start is not None and starts:
            item["para"] = max(0, bisect.bisect_right(starts, finding.start) - 1)
    problems, unused = _listed(findings)
    for i, echoes in problems:  # the same figure unused twice (an indicator and a fact) is said once, placed
        said: dict[str, dict[str, Any]] = {}
        for e in echoes:
            if len(infos[e]["message"]) > len(said.get(infos[e]["text"], {}).get("message", "")):
                said[infos[e]["text"]] = infos[e]
        infos[i]["echoes"] = list(said.values())
    return Shown(title, view, infos, tally(findings), [infos[i] for i, _ in problems], [infos[i] for i in unused])


def problems_of(findings: list[Finding]) -> list[Finding]:
    """The findings a Word copy comments: every figure that is not plainly supported."""
    return [f for f in findings if f.verdict != "supported" and f.start is not None]


# --------------------------------------------------------------------------- drafts


def file_stem(folder: Path) -> str:
    """Downloads are named after the document's title (洪江市科学技术局2025年工作总结….docx)."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "", form_title(folder))[:60]
    return stem or "draft"


@functools.lru_cache(maxsize=64)
def _report_tally(path: Path, mtime_ns: int) -> dict[str, int]:
    return tally(read_findings(path))


def draft_tally(folder: Path) -> dict[str, int] | None:
    """The counts of a job's draft as its 审阅 page shows them now (after every 采用 too), None before
    the draft has a report."""
    path = folder / "draft.check.json"
    try:
        return _report_tally(path, path.stat().st_mtime_ns)
    except (OSError, ValueError):
        return None


def load_review(folder: Path) -> Shown:
    return shown(form_title(folder), folder / "draft.docx", read_findings(folder / "draft.check.json"))


def refresh(folder: Path) -> CheckReport:
    """After the draft changed: check it again against the job's notes, and rewrite the .md."""
    from drafter.export import read_document_text, read_draft, write_markdown
    from drafter.figures.reconcile import check_text

    draft = folder / "draft.docx"
    report = check_text(read_document_text(draft), job_notes(folder))
    atomic_write_text(folder / "draft.check.json", report.to_json() + "\n")
    write_markdown(read_draft(draft), folder / "draft.md")
    return report


def annotated_copy(folder: Path) -> Path:
    """The draft to download: a copy with a Word comment on every figure that is not plainly supported."""
    from drafter.export import annotate_docx

    out = folder / "download.docx"
    annotate_docx(folder / "draft.docx", out, problems_of(read_findings(folder / "draft.check.json")))
    return out


def _lines(section: Any) -> list[tuple[str, str]]:
    """(role, text) of a section's heading and paragraphs, its sub-sections' after."""
    return [line for node in section.walk()
            for line in [("heading", node.title_line), *(("body", p) for p in node.paragraphs)]]


_SHORT = 4  # a common run shorter than this between two changes is coincidence, shown as changed


def _segments(a: str, b: str) -> list[tuple[str, str]]:
    """(old text, new text) pairs, equal where both are the same; a character diff whose short
    coincidental runs ("是", "科技") are folded into the changes around them, so a rewritten
    sentence is marked as one change while a long shared phrase stays unmarked."""
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    merged: list[tuple[str, str, bool]] = []  # (old, new, changed)
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        old, new = a[i1:i2], b[j1:j2]
        changed = tag != "equal" or (0 < k < len(opcodes) - 1 and len(old) < _SHORT and "\n" not in old)
        if changed and merged and merged[-1][2]:
            merged[-1] = (merged[-1][0] + old, merged[-1][1] + new, True)
        else:
            merged.append((old, new, changed))
    return [(old, new) if changed else (old, old) for old, new, changed in merged]


def side_by_side(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> dict[str, Any]:
    """Both versions as paragraphs of (text, "same" | "del" | "ins") pieces, changes marked."""
    a, b = "\n".join(t for _, t in old), "\n".join(t for _, t in new)
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for before, after in _segments(a, b):
        if before == after:
            left.append((before, "same"))
            right.append((after, "same"))
        else:
            left.append((before, "del"))
            right.append((after, "ins"))

    def paragraphs(pieces: list[tuple[str, str]], roles: list[tuple[str, str]]) -> list[dict[str, Any]]:
        out: list[list[tuple[str, str]]] = [[]]
        for text, tag in pieces:
            for k, part in enumerate(text.split("\n")):
                if k:
                    out.append([])
                if part:
                    out[-1].append((part, tag))
        return [{"role": role, "pieces": p} for (role, _), p in zip(roles, out, strict=False)]

    return {"old": paragraphs(left, old), "new": paragraphs(right, new), "changed": a != b}


def draft_stamp(folder: Path) -> str:
    """What the job's draft is now (a hash of draft.docx): a rewrite made from another draft is stale."""
    import hashlib

    return hashlib.sha256((folder / "draft.docx").read_bytes()).hexdigest()


def rewrite_candidate(folder: Path, candidate: Path, key: str, instruction: str | None, facts: list[str],
                      settings: Settings) -> dict[str, Any]:
    """Rewrite one section of the job's draft into ``candidate``/rewrite.docx (the draft itself is
    untouched until the user accepts; each rewrite has a folder of its own, so two tabs rewriting the
    same draft never overwrite each other's) and return both versions side by side. ``asked.json``
    keeps what was asked and which draft it was made from."""
    from drafter.export import find_section, read_draft
    from drafter.rewrite import rewrite_section

    draft = folder / "draft.docx"
    stamp = draft_stamp(folder)
    old = find_section(read_draft(draft), key)
    candidate.mkdir(parents=True, exist_ok=True)
    outcome = rewrite_section(draft, key, candidate / "rewrite.docx", settings, instruction=instruction,
                              notes=job_notes(folder), add_facts=facts, force=True)
    atomic_write_text(candidate / "asked.json", json.dumps(
        {"key": old.key, "heading": old.heading, "instruction": instruction, "facts": facts, "draft": stamp},
        ensure_ascii=False))
    flagged = [info(i, f) for i, f in enumerate(outcome.report.findings if outcome.report else [])
               if f.verdict != "supported"]
    compared = side_by_side(_lines(old), _lines(outcome.section))
    return {"candidate": candidate.name, "key": old.key, "title": old.title_line, "facts": facts,
            "flagged": flagged, "notice": rewrite_notice(outcome, compared["changed"]),
            **compared}


def rewrite_notice(outcome: Any, changed: bool) -> str:
    """What the page says of a rewrite beside the comparison, in Chinese: the library's own notice
    (``RewriteOutcome.notice``: 未改动, or each part of the instruction not carried out with its reason)
    when a part was not carried out or nothing changed; "" when the rewrite did what was asked."""
    skipped = list(getattr(outcome, "not_followed", None) or [])
    if changed and not skipped:
        return ""
    notice = getattr(outcome, "notice", None)
    if isinstance(notice, str) and notice:
        return notice
    said = "、".join(str(p) for p in skipped)  # an outcome without a notice of its own
    return (f"未能照办：{said}。" if said else "") + ("" if changed else "文稿与原稿相同。")


# --------------------------------------------------------------------------- 核对


def partial_supported() -> bool:
    """Whether this checker offers proofreading against partial data (``check_text(partial=…)``)."""
    from drafter.figures.reconcile import check_text

    return "partial" in inspect.signature(check_text).parameters


def check_upload(folder: Path, text: Upload, data: Upload, partial: bool) -> None:
    """``drafter check TEXT --data DATA [--partial]``: the data read as the CLI reads it (``load_data``: notes,
    a notes workbook, or an indicator table alone, .xlsx or .csv); report.json, and annotated.docx for a
    Word text. InputError naming the file when there is nothing to check."""
    from drafter.errors import InputError
    from drafter.export import annotate_docx, read_document_text
    from drafter.figures.reconcile import check_text
    from drafter.notes import load_data

    notes = load_data(data.path)
    if partial and not notes.indicators and not any(s.facts for _, s in notes.walk()):
        raise InputError(data.path, "没有指标，也没有要点，没有可以用来核对的数字；请选择写有数字的数据文件")
    content = read_document_text(text.path)
    if not content.strip():
        raise InputError(text.path, "没有可以核对的文字；请选择文稿本身（.docx、.txt 或 .md）")
    options = {"partial": True} if partial and partial_supported() else {}
    report = check_text(content, notes, **options)
    atomic_write_text(folder / "report.json", report.to_json() + "\n")
    atomic_write_text(folder / "meta.json", json.dumps(
        {"text": text.path.name, "data": data.path.name, "text_name": text.name, "data_name": data.name,
         "partial": bool(options)}, ensure_ascii=False))
    if text.path.suffix.lower() == ".docx":
        annotate_docx(text.path, folder / "annotated.docx", problems_of(report.findings))


def checked_stem(folder: Path) -> str:
    """The name a 核对's downloads are given: the checked document's own name without its suffix
    ("青溪县2026年工作总结（科长改）" → 青溪县2026年工作总结（科长改）（核对）.docx)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "核对"
    stem = Path(str(meta.get("text_name") or meta.get("text") or "")).stem
    return re.sub(r'[\\/:*?"<>|]+', "_", stem).strip() or "核对"


def load_check(folder: Path) -> tuple[Shown, dict[str, Any]]:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta.setdefault("text_name", meta["text"])
    meta.setdefault("data_name", meta["data"])
    text_path = folder / "text" / meta["text"]
    return shown(meta["text_name"], text_path, read_findings(folder / "report.json")), meta
