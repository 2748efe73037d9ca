"""Writing notes: the same Notes as YAML (Chinese keys, indicator rows one a line), JSON or a notes
workbook, so a file converts between the three without losing anything the format holds.

What a notes file holds survives a conversion: every key given, values as written (3.5万 stays
"3.5万", 28 stays 28), indicators still to fill (待填). Comments in a YAML file and cell comments in a
workbook are notes to the reader, not data, and are not carried over.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from drafter.errors import InputError
from drafter.notes import TO_FILL, Indicator, Notes, OutlineSection

# Reminders shown beside a section (from last year's report): outline position (0, 2, 1) → sentences.
Reminders = Mapping[tuple[int, ...], Sequence[str]]

_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?\d+\.\d+")


def scalar(raw: str) -> int | float | str:
    """A value as a file should hold it: 28 → 28, "14.5" → 14.5, "3.5万" stays text; a float only when
    it reads back as the same text (so nothing is rounded)."""
    if _INT.fullmatch(raw) and len(raw.lstrip("-")) < 16 and not (len(raw.lstrip("-")) > 1
                                                                   and raw.lstrip("-").startswith("0")):
        return int(raw)
    if _FLOAT.fullmatch(raw) and repr(float(raw)) == raw:
        return float(raw)
    return raw


def _period(text: str | None) -> int | str | None:
    if text is None:
        return None
    return int(text) if re.fullmatch(r"(19|20|21)\d\d", text) else text


def indicator_data(indicator: Indicator) -> dict[str, Any]:
    """One indicator row with Chinese keys, in the format's column order; empty fields left out."""
    row: dict[str, Any] = {
        "名称": indicator.name,
        "数值": TO_FILL if indicator.value is None else scalar(indicator.raw_value),
        "单位": indicator.unit,
        "时期": _period(indicator.period),
        "上期值": scalar(indicator.raw_previous) if indicator.raw_previous else None,
        "上期": _period(indicator.previous_period),
        "约数": indicator.approx,
        "章节": indicator.section,
        "备注": indicator.note,
    }
    return {k: v for k, v in row.items() if v is not None}


def section_data(section: OutlineSection) -> dict[str, Any]:
    out: dict[str, Any] = {"标题": section.heading}
    if section.length is not None:
        out["字数"] = section.length
    if section.instruction:
        out["要求"] = section.instruction
    if section.facts:
        out["要点"] = list(section.facts)
    if section.sections:
        out["小节"] = [section_data(child) for child in section.sections]
    return out


def notes_data(notes: Notes) -> dict[str, Any]:
    """The notes as plain data with Chinese keys, in NOTES_FORMAT order; optional keys only when given."""
    data: dict[str, Any] = {"标题": notes.title, "单位": notes.unit, "年度": notes.year}
    if notes.date_given:
        data["日期"] = notes.date
    data["文种"] = notes.kind
    for key, value in (("主送机关", notes.recipient), ("印发机关", notes.issuer), ("印发日期", notes.issue_date)):
        if value is not None:
            data[key] = value
    if notes.indicators:
        data["指标"] = [indicator_data(i) for i in notes.indicators]
    data["提纲"] = [section_data(s) for s in notes.sections]
    return data


# --------------------------------------------------------------------------- YAML


def _flow(mapping: dict[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(mapping, allow_unicode=True, default_flow_style=True, sort_keys=False,
                          width=10**6).strip()


def _scalar_text(value: Any) -> str:
    import yaml

    if isinstance(value, dt.date):
        return value.isoformat()
    text = yaml.safe_dump(value, allow_unicode=True, width=10**6)
    return text.removesuffix("\n...\n").removesuffix("\n")


def _comment(text: str) -> str:
    return " ".join(text.split())


def _yaml_sections(sections: list[dict[str, Any]], indent: str, position: tuple[int, ...],
                   reminders: Reminders) -> list[str]:
    lines: list[str] = []
    for index, section in enumerate(sections):
        here = (*position, index)
        lines.append(f"{indent}- 标题: {_scalar_text(section['标题'])}")
        inner = indent + "  "
        for key in ("字数", "要求"):
            if key in section:
                lines.append(f"{inner}{key}: {_scalar_text(section[key])}")
        facts, reminded = section.get("要点", []), reminders.get(here, ())
        if facts or reminded:
            lines.append(f"{inner}要点:" + ("  # 去年的原话：改成今年的情况，再删去行首的 #" if reminded else ""))
            lines += [f"{inner}  - {_scalar_text(fact)}" for fact in facts]
            lines += [f"{inner}  # - {_comment(text)}" for text in reminded]
        if "小节" in section:
            lines.append(f"{inner}小节:")
            lines += _yaml_sections(section["小节"], inner + "  ", here, reminders)
    return lines


def render_yaml(notes: Notes, *, header: Sequence[str] = (), reminders: Reminders | None = None) -> str:
    """The notes as YAML with Chinese keys: top-level keys, one indicator a line, the outline nested.
    ``header`` lines become comments at the top; ``reminders`` become commented-out facts."""
    data = notes_data(notes)
    lines = [f"# {_comment(line)}" if line else "#" for line in header]
    for key in ("标题", "单位", "年度", "日期", "文种", "主送机关", "印发机关", "印发日期"):
        if key in data:
            lines.append(f"{key}: {_scalar_text(data[key])}")
    if "指标" in data:
        lines.append("指标:")
        lines += [f"  - {_flow(row)}" for row in data["指标"]]
    lines.append("提纲:")
    lines += _yaml_sections(data["提纲"], "  ", (), reminders or {})
    return "\n".join(lines) + "\n"


def render_json(notes: Notes) -> str:
    data = notes_data(notes)
    for key in ("日期", "印发日期"):
        if key in data:
            data[key] = data[key].isoformat()
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- any format

WRITABLE = (".yaml", ".yml", ".json", ".xlsx")


def save_notes(notes: Notes, path: Path, *, force: bool = False, header: Sequence[str] = (),
               reminders: Reminders | None = None) -> None:
    """Write ``notes`` as .yaml/.yml, .json or a notes workbook .xlsx (chosen by the suffix), atomically;
    an existing file is replaced only with ``force``."""
    from drafter.files import atomic_write_bytes, atomic_write_text, refuse_overwrite

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITABLE:
        raise InputError(path, "notes can be written as .yaml, .yml, .json or .xlsx; change the file name")
    refuse_overwrite(path, force)
    if suffix == ".xlsx":
        from drafter.workbook import workbook_bytes

        atomic_write_bytes(path, workbook_bytes(notes, reminders=reminders, target=path))
    elif suffix == ".json":
        atomic_write_text(path, render_json(notes))
    else:
        atomic_write_text(path, render_yaml(notes, header=header, reminders=reminders))


def convert_notes(source: Path, target: Path, *, force: bool = False) -> Notes:
    """Read notes in one format and write them in another (indicators still to fill stay to fill)."""
    from drafter.notes import load_notes

    source, target = Path(source), Path(target)
    if source.resolve() == target.resolve():
        raise InputError(target, "is the file being converted; give another output name")
    notes = load_notes(source, allow_unfilled=True)
    save_notes(notes, target, force=force)
    return notes

