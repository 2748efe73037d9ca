"""The notes file (NOTES_FORMAT): title, unit, year, indicator table and outline of facts.

YAML or JSON, UTF-8 or GB18030, English keys or their Chinese aliases. Every validation error
names the file, the key path and the line, and says how to fix it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import InputError
from drafter.files import read_text
from drafter.quantity.lexicon import APPROXIMATION_SPELLINGS
from drafter.quantity.numerals import parse_number

KINDS = ("总结", "计划", "总结和计划", "上半年总结", "述职报告")
APPROX_WORDS = APPROXIMATION_SPELLINGS  # every approximation word the checker knows (余 超 将近 以上 …)

TOP_KEYS = {"title": "标题", "unit": "单位", "year": "年度", "date": "日期", "kind": "文种",
            "indicators": "指标", "sections": "提纲"}
INDICATOR_KEYS = {"name": "名称", "value": "数值", "unit": "单位", "period": "时期", "previous": "上期值",
                  "previous_period": "上期", "approx": "约数", "section": "章节", "note": "备注"}
SECTION_KEYS = {"heading": "标题", "facts": "要点", "sections": "小节", "length": "字数",
                "instruction": "要求"}


@dataclass(frozen=True)
class Indicator:
    """One row of the indicator table. ``value`` has 万/亿 written in the value folded in;
    ``unit`` is as the user wrote it (万元 stays 万元: the checker folds unit scales)."""

    name: str
    value: Decimal
    unit: str
    period: str | None = None
    previous: Decimal | None = None
    previous_period: str | None = None
    approx: str | None = None
    section: str | None = None
    note: str | None = None
    raw_value: str = ""
    origin: str = ""  # where it was written: "notes.yaml:12" or "table.xlsx row 3"


@dataclass
class OutlineSection:
    """One item of the outline; numbering comes from nesting, never from the user."""

    heading: str
    facts: list[str] = field(default_factory=list)
    sections: list[OutlineSection] = field(default_factory=list)
    length: int | None = None
    instruction: str | None = None
    line: int | None = None

    def walk(self, parents: tuple[OutlineSection, ...] = ()
             ) -> Iterator[tuple[tuple[OutlineSection, ...], OutlineSection]]:
        yield parents, self
        for child in self.sections:
            yield from child.walk((*parents, self))


@dataclass
class Notes:
    title: str
    unit: str
    year: int
    sections: list[OutlineSection]
    date: dt.date = field(default_factory=dt.date.today)
    kind: str = "总结和计划"
    indicators: list[Indicator] = field(default_factory=list)
    path: Path | None = None

    def walk(self) -> Iterator[tuple[tuple[OutlineSection, ...], OutlineSection]]:
        """Every outline section with its ancestors, in outline order."""
        for top in self.sections:
            yield from top.walk()


# --------------------------------------------------------------------------- reading


class _Located:
    """Plain data from a YAML node tree, plus the line of every key path."""

    def __init__(self) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}

    def convert(self, node: yaml.Node, path: tuple[Any, ...] = ()) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self.convert(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return yaml.SafeLoader(io.StringIO("")).construct_object(node, deep=True)

    def line(self, path: tuple[Any, ...]) -> int | None:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)


def _key_path(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Validator:
    def __init__(self, file: Path, located: _Located):
        self.file, self.located = file, located

    def fail(self, path: tuple[Any, ...], reason: str) -> InputError:
        return InputError(self.file, reason, key=_key_path(path) or None, line=self.located.line(path))

    def fields(self, data: Any, path: tuple[Any, ...], keys: dict[str, str], what: str) -> dict[str, Any]:
        """Map English/Chinese keys to English names; unknown or doubled keys are errors."""
        if not isinstance(data, dict):
            raise self.fail(path, f"{what} must be a mapping of keys ({', '.join(keys)})")
        alias = {v: k for k, v in keys.items()}
        out: dict[str, Any] = {}
        for key, value in data.items():
            name = key if key in keys else alias.get(key)
            if name is None:
                known = ", ".join(f"{k}/{v}" for k, v in keys.items())
                raise self.fail((*path, key), f"unknown key {key!r} in {what}; known keys: {known}")
            if name in out:
                raise self.fail((*path, key), f"{name!r} is given twice (as {name} and {keys[name]})")
            out[name] = (value, (*path, key))
        return out

    def text(self, item: tuple[Any, tuple[Any, ...]] | None, *, required: str | None = None) -> str | None:
        if item is None or item[0] is None or (isinstance(item[0], str) and not item[0].strip()):
            if required:
                raise self.fail(item[1] if item else (), required)
            return None
        value, path = item
        if isinstance(value, (dict, list)):
            raise self.fail(path, "must be a single value, not a list or mapping")
        return str(value).strip()


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", str(value))
    if not match:
        raise ValueError(value)
    return dt.date(*map(int, match.groups()))


def _number(v: _Validator, item: tuple[Any, tuple[Any, ...]], what: str) -> Decimal:
    value, path = item
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise v.fail(path, f"{what} must be a number such as 28, 14.5 or \"3.5万\"")
    try:
        return parse_number(str(value))
    except ValueError:
        raise v.fail(path, f"{what} {value!r} is not a number; write e.g. 28, 14.5, \"3.5万\" or \"两千零八\"") \
            from None


def _indicator(v: _Validator, data: Any, path: tuple[Any, ...], origin: str) -> Indicator:
    f = v.fields(data, path, INDICATOR_KEYS, "an indicator")
    for required in ("name", "value", "unit"):
        if required not in f:
            raise v.fail(path, f"indicator is missing {required!r} ({INDICATOR_KEYS[required]})")
    approx = v.text(f.get("approx"))
    if approx and approx not in APPROX_WORDS:
        raise v.fail(f["approx"][1], f"approx {approx!r} is not one of {', '.join(APPROX_WORDS)}")
    return Indicator(
        name=v.text(f["name"], required="indicator name is empty") or "",
        value=_number(v, f["value"], "value"),
        unit=v.text(f["unit"], required="indicator unit is empty; write 家, 项, 万元, % …") or "",
        period=v.text(f.get("period")),
        previous=_number(v, f["previous"], "previous") if f.get("previous", (None,))[0] is not None else None,
        previous_period=v.text(f.get("previous_period")),
        approx=approx,
        section=v.text(f.get("section")),
        note=v.text(f.get("note")),
        raw_value=str(f["value"][0]),
        origin=origin,
    )


def _section(v: _Validator, data: Any, path: tuple[Any, ...], depth: int) -> OutlineSection:
    if isinstance(data, str):  # a bare heading
        return OutlineSection(heading=data.strip(), line=v.located.line(path))
    f = v.fields(data, path, SECTION_KEYS, "a section")
    heading = v.text(f.get("heading"), required="section has no heading (标题)") if "heading" in f else None
    if not heading:
        raise v.fail(path, "section has no heading (标题)")
    facts_value, facts_path = f.get("facts", ([], path))
    if facts_value is None:
        facts_value = []
    if not isinstance(facts_value, list):
        raise v.fail(facts_path, "facts (要点) must be a list of sentences")
    facts = []
    for i, fact in enumerate(facts_value):
        if not isinstance(fact, (str, int, float)) or not str(fact).strip():
            raise v.fail((*facts_path, i), "each fact must be a non-empty sentence")
        facts.append(str(fact).strip())
    children_value, children_path = f.get("sections", ([], path))
    if children_value and depth >= 4:
        raise v.fail(children_path, "sections nest at most 4 levels (一、（一）1.（1）)")
    if children_value is not None and not isinstance(children_value, list):
        raise v.fail(children_path, "sections (小节) must be a list")
    length = None
    if "length" in f:
        try:
            length = int(f["length"][0])
        except (TypeError, ValueError):
            raise v.fail(f["length"][1], "length (字数) must be a whole number of characters") from None
    return OutlineSection(
        heading=heading,
        facts=facts,
        sections=[_section(v, c, (*children_path, i), depth + 1) for i, c in enumerate(children_value or [])],
        length=length,
        instruction=v.text(f.get("instruction")),
        line=v.located.line(path),
    )


def load_indicator_table(path: Path) -> list[Indicator]:
    """Indicators from .xlsx or .csv; the first row holds column names (English or Chinese)."""
    if not path.is_file():
        raise InputError(path, "indicator table not found; give a path relative to the notes file")
    if path.suffix.lower() == ".csv":
        rows = list(csv.reader(io.StringIO(read_text(path))))
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InputError(path, f"not a readable .xlsx workbook ({type(exc).__name__})") from None
        rows = [["" if c is None else c for c in row] for row in sheet.iter_rows(values_only=True)]
    else:
        raise InputError(path, "indicator table must be .xlsx or .csv")
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise InputError(path, "indicator table is empty; the first row must name the columns")
    header = [str(c).strip() for c in rows[0]]
    located = _Located()
    v = _Validator(path, located)
    out = []
    for number, row in enumerate(rows[1:], start=2):
        data = {h: c for h, c in zip(header, row, strict=False) if h and str(c).strip() != ""}
        located.lines[(f"row {number}",)] = number
        for key in data:
            located.lines[(f"row {number}", key)] = number
        out.append(_indicator(v, data, (f"row {number}",), f"{path.name} row {number}"))
    return out


def load_notes(path: str | Path) -> Notes:
    """Read and validate a notes file; raises InputError naming file, key path and line."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a directory; give the notes .yaml or .json file")
    if not path.is_file():
        raise InputError(path, "file not found")
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise InputError(path, "notes must be a .yaml, .yml or .json file")
    try:
        node = yaml.compose(read_text(path), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(path, f"not valid YAML/JSON: {exc.problem}", line=line) from None
    if node is None:
        raise InputError(path, "the notes file is empty; see the example in README.md")
    located = _Located()
    data = located.convert(node)
    v = _Validator(path, located)
    f = v.fields(data, (), TOP_KEYS, "the notes file")
    for required in ("title", "unit", "year", "sections"):
        if required not in f:
            raise v.fail((), f"missing required key {required!r} ({TOP_KEYS[required]})")
    year_value, year_path = f["year"]
    if isinstance(year_value, bool) or not re.fullmatch(r"\s*\d{4}\s*年?\s*", str(year_value)):
        raise v.fail(year_path, f"year must be a four-digit year such as 2025, got {year_value!r}")
    kind = v.text(f.get("kind")) or "总结和计划"
    if kind not in KINDS:
        raise v.fail(f["kind"][1], f"kind {kind!r} is not one of {', '.join(KINDS)}")
    date = dt.date.today()
    if f.get("date", (None,))[0] is not None:
        try:
            date = _parse_date(f["date"][0])
        except ValueError:
            raise v.fail(f["date"][1], "date must look like 2026-01-15 or 2026年1月15日") from None

    indicators: list[Indicator] = []
    ind_value, ind_path = f.get("indicators", ([], ()))
    if isinstance(ind_value, str):
        indicators = load_indicator_table((path.parent / ind_value).resolve())
    elif isinstance(ind_value, list):
        indicators = [_indicator(v, item, (*ind_path, i), f"{path.name}:{located.line((*ind_path, i))}")
                      for i, item in enumerate(ind_value)]
    elif ind_value is not None:
        raise v.fail(ind_path, "indicators (指标) must be a list or a path to an .xlsx/.csv table")

    sec_value, sec_path = f["sections"]
    if not isinstance(sec_value, list) or not sec_value:
        raise v.fail(sec_path, "sections (提纲) must be a non-empty list of sections")
    return Notes(
        title=v.text(f["title"], required="title (标题) is empty") or "",
        unit=v.text(f["unit"], required="unit (单位) is empty") or "",
        year=int(str(year_value).strip().rstrip("年")),
        date=date,
        kind=kind,
        indicators=indicators,
        sections=[_section(v, s, (*sec_path, i), 1) for i, s in enumerate(sec_value)],
        path=path,
    )
