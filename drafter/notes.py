"""The notes file (NOTES_FORMAT): title, unit, year, indicator table and outline of facts.

YAML, JSON or the notes workbook (.xlsx, see drafter/workbook.py); UTF-8 or GB18030; English keys or
their Chinese aliases. Every validation error names the file and the place — key path and line in a
YAML/JSON file, sheet, row and column in a workbook — and says how to fix it.

An indicator whose value is still to be filled (数值: 待填, or an empty 数值 cell) loads only when the
caller allows it (``allow_unfilled``, for converting files); drafting and checking refuse such notes
and name every indicator still to fill.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
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
TO_FILL = "待填"  # the value of an indicator still to fill; 【待填】 and 待补 mean the same
_TO_FILL_FORMS = {"待填", "【待填】", "待补", "【待补】", "〔待填〕", "〔待补〕", "TODO", "todo"}

TOP_KEYS = {"title": "标题", "unit": "单位", "year": "年度", "date": "日期", "kind": "文种",
            "recipient": "主送机关", "issuer": "印发机关", "issue_date": "印发日期",
            "indicators": "指标", "sections": "提纲"}
INDICATOR_KEYS = {"name": "名称", "value": "数值", "unit": "单位", "period": "时期", "previous": "上期值",
                  "previous_period": "上期", "approx": "约数", "section": "章节", "note": "备注"}
SECTION_KEYS = {"heading": "标题", "facts": "要点", "sections": "小节", "length": "字数",
                "instruction": "要求"}
MAX_NODES = 100_000  # YAML nodes after alias expansion: a notes file has a few thousand at most
MAX_DEPTH = 40


@dataclass(frozen=True)
class Indicator:
    """One row of the indicator table. ``value`` has 万/亿 written in the value folded in;
    ``unit`` is as the user wrote it (万元 stays 万元: the checker folds unit scales).
    ``value`` is None only for an indicator still to fill (loaded with ``allow_unfilled``)."""

    name: str
    value: Decimal | None
    unit: str
    period: str | None = None
    previous: Decimal | None = None
    previous_period: str | None = None
    approx: str | None = None
    section: str | None = None
    note: str | None = None
    raw_value: str = ""
    origin: str = ""  # where it was written: "notes.yaml:12" or "notes.xlsx 指标 row 3"
    raw_previous: str = ""

    @property
    def unfilled(self) -> bool:
        return self.value is None


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
    """A loaded notes file. ``date_given`` says whether the file names its 成文日期 (``date`` is today
    otherwise); ``recipient`` (主送机关) and ``issuer``/``issue_date`` (版记: 印发机关, 印发日期) are
    optional parts of the Word layout."""

    title: str
    unit: str
    year: int
    sections: list[OutlineSection]
    date: dt.date = field(default_factory=dt.date.today)
    kind: str = "总结和计划"
    indicators: list[Indicator] = field(default_factory=list)
    path: Path | None = None
    recipient: str | None = None
    issuer: str | None = None
    issue_date: dt.date | None = None
    date_given: bool = True

    def walk(self) -> Iterator[tuple[tuple[OutlineSection, ...], OutlineSection]]:
        """Every outline section with its ancestors, in outline order."""
        for top in self.sections:
            yield from top.walk()

    @property
    def unfilled(self) -> list[Indicator]:
        """The indicators whose value (数值) is still to fill."""
        return [i for i in self.indicators if i.value is None]


# --------------------------------------------------------------------------- where things are


class Located:
    """Plain data read from a file, plus where each key path was written: a line (YAML/JSON) or a
    place such as "sheet 指标, row 5, column B (数值)" (a workbook)."""

    def __init__(self, file: Path):
        self.file = file
        self.lines: dict[tuple[Any, ...], int] = {}
        self.places: dict[tuple[Any, ...], str] = {}
        self.origins: dict[tuple[Any, ...], str] = {}

    def _nearest(self, table: dict[tuple[Any, ...], Any], path: tuple[Any, ...]) -> Any:
        while path and path not in table:
            path = path[:-1]
        return table.get(path)

    def line(self, path: tuple[Any, ...]) -> int | None:
        return self._nearest(self.lines, path)

    def error(self, path: tuple[Any, ...], reason: str) -> InputError:
        place = self._nearest(self.places, path)
        if place:
            return InputError(self.file, reason, key=place)
        return InputError(self.file, reason, key=_key_path(path) or None, line=self.line(path))

    def origin(self, path: tuple[Any, ...]) -> str:
        return self._nearest(self.origins, path) or f"{self.file.name}:{self.line(path)}"


def _key_path(path: tuple[Any, ...]) -> str:
    if len(path) > 8:  # a runaway nesting: its start and end say enough
        return f"{_key_path(path[:4])}…{_key_path(path[-2:])}"
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --------------------------------------------------------------------------- YAML / JSON

_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp",
                                                         "map", "seq")}
_SOFT_BREAK_MARK = "\ue00b"  # stands for \x0b while YAML (which refuses control characters) parses


class _YamlReader:
    """YAML nodes to plain data with the line of every key path; aliases are expanded within a budget,
    doubled keys and impossible scalars (2025-02-30, .inf) are errors at their line."""

    def __init__(self, located: Located):
        self.located, self.nodes = located, 0
        self.constructor = yaml.SafeLoader(io.StringIO(""))

    def convert(self, node: yaml.Node, path: tuple[Any, ...] = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.located.error(path, f"expands to more than {MAX_NODES:,} values (aliases * nested "
                                           f"inside aliases?); write the notes out plainly")
        if len(path) > MAX_DEPTH:
            raise self.located.error(path, f"nests deeper than {MAX_DEPTH} levels; the outline has 4")
        self.located.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self._fail(node, path, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not "
                                         f"allowed in notes; remove it and write the plain value")
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, path, "a key must be a plain word such as 标题")
                key = _unmark(str(key_node.value))
                if key in out:
                    first = self.located.lines.get((*path, key))
                    raise self._fail(key_node, (*path, key), f"key {key!r} is given twice in the same "
                                                              f"mapping; keep one (the other is on line {first})")
                self.located.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self.convert(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: tuple[Any, ...]) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError as exc:  # timestamps such as 2025-02-30
            raise self._fail(node, path, f"{node.value!r} is not a real date ({exc}); "
                                         f"write a date that exists, e.g. 2026-01-15") from None
        except yaml.YAMLError as exc:
            raise self._fail(node, path, f"{node.value!r} cannot be read ({getattr(exc, 'problem', exc)}); "
                                         f"write plain text or a number") from None
        if isinstance(value, float) and value != value:
            raise self._fail(node, path, f"{node.value!r} is not a number (NaN); write the figure")
        if isinstance(value, float) and value in (float("inf"), float("-inf")):
            raise self._fail(node, path, f"{node.value!r} is infinite; write the figure in full, "
                                         f"e.g. 14.5亿 rather than 1e400")
        if isinstance(value, (bytes, set)):
            raise self._fail(node, path, "binary or set values are not allowed here")
        return _unmark(value) if isinstance(value, str) else value

    def _fail(self, node: yaml.Node, path: tuple[Any, ...], reason: str) -> InputError:
        self.located.lines[path] = node.start_mark.line + 1
        return self.located.error(path, reason)


def _unmark(text: str) -> str:
    return text.replace(_SOFT_BREAK_MARK, "\n")


def read_yaml(path: Path) -> tuple[Any, Located]:
    """A YAML or JSON notes file as plain data with the line of every key path."""
    text = _read_yaml_text(path)
    located = Located(path)
    _check_flow_depth(path, text)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(path, f"not valid YAML/JSON: {exc.problem or exc.context}; check the indentation "
                               f"and quotes on this line", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML/JSON ({exc})") from None
    except RecursionError:
        raise InputError(path, f"nests deeper than {MAX_DEPTH} levels; the outline has 4") from None
    if node is None:
        raise InputError(path, "the notes file is empty; see the example in README.md")
    size = _expanded_size(path, node, {}, set())
    if size > MAX_NODES:
        raise InputError(path, f"expands to more than {MAX_NODES:,} values through its aliases (*name); a notes "
                               f"file has a few thousand at most: write the notes out plainly")
    return _YamlReader(located).convert(node), located


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def _check_flow_depth(path: Path, text: str) -> None:
    """[[[[…]]]] nested thousands deep takes YAML's scanner seconds before it fails: refuse it first."""
    depth = 0
    for bracket in re.finditer(r"[\[\]{}]", _QUOTED.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, bracket.start()) + 1 if "\n" in text else 1
            raise InputError(path, f"brackets nest deeper than {MAX_DEPTH} levels; the outline has 4", line=line)


def _expanded_size(path: Path, node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values ``node`` stands for once every alias is expanded, counted without expanding
    (each node once): a 500-byte file of nested aliases standing for a billion values is caught here."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in open_nodes:
        raise InputError(path, "an alias (*name) refers to the value that contains it; write the value out",
                         line=node.start_mark.line + 1)
    open_nodes.add(id(node))
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    total = 1
    for child in children:
        total += _expanded_size(path, child, sizes, open_nodes)
        if total > MAX_NODES:
            break
    open_nodes.discard(id(node))
    sizes[id(node)] = total
    return total


def _read_yaml_text(path: Path) -> str:
    """The file's text with Word's soft breaks kept as a mark YAML accepts (they become line breaks
    inside the values); other control characters are errors that name their line."""
    from drafter.files import decode_text, settle_controls

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    text = decode_text(path, data).replace("\r\n", "\n").replace("\r", "\n")
    text = settle_controls(path, text.replace("\x0b", _SOFT_BREAK_MARK))
    return text.replace("\ufeff", "")


# --------------------------------------------------------------------------- validation


class _Validator:
    def __init__(self, file: Path, located: Located):
        self.file, self.located = file, located

    def fail(self, path: tuple[Any, ...], reason: str) -> InputError:
        return self.located.error(path, reason)

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

    def text(self, item: tuple[Any, tuple[Any, ...]] | None, *, required: str | None = None,
             multiline: bool = False) -> str | None:
        """A text value. One-line values (titles, names, units) join the lines a soft break made."""
        if item is None or item[0] is None or (isinstance(item[0], str) and not item[0].strip()):
            if required:
                raise self.fail(item[1] if item else (), required)
            return None
        value, path = item
        if isinstance(value, (dict, list)):
            raise self.fail(path, "must be a single value, not a list or mapping")
        if isinstance(value, bool):
            raise self.fail(path, f"{value!r} is a yes/no value; write text (quote it: \"{value}\")")
        text = str(value).strip()
        if not multiline:
            text = "".join(part.strip() for part in text.splitlines())
        return text


def _is_to_fill(value: Any) -> bool:
    return value is None or (isinstance(value, str) and (not value.strip() or value.strip() in _TO_FILL_FORMS))


def parse_date(value: Any) -> dt.date:
    """A date as a user writes it: a YAML/Excel date, 2026-01-15, 2026/1/15, 2026.1.15, 2026年1月15日.
    Raises ValueError (also for a date that does not exist, such as 2025-02-30)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", str(value))
    if not match:
        raise ValueError(value)
    return dt.date(*map(int, match.groups()))


def _date(v: _Validator, item: tuple[Any, tuple[Any, ...]], what: str) -> dt.date:
    value, path = item
    try:
        return parse_date(value)
    except ValueError:
        if re.fullmatch(r"\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*", str(value)):
            raise v.fail(path, f"{what} {value} does not exist; write a real date such as 2026-01-15") from None
        raise v.fail(path, f"{what} must look like 2026-01-15 or 2026年1月15日, not {value!r}") from None


def _number(v: _Validator, item: tuple[Any, tuple[Any, ...]], what: str) -> Decimal:
    value, path = item
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list, dt.date)):
        raise v.fail(path, f"{what} must be a number such as 28, 14.5 or \"3.5万\"")
    text = str(value).strip()
    if re.fullmatch(r"[-+]?\d[\d.,]*[eE][-+]?\d+", text):
        raise v.fail(path, f"{what} {text} is in scientific notation; write the figure in full, "
                           f"e.g. 28, 14.5 or \"14.5亿\"")
    try:
        return parse_number(text)
    except ValueError:
        raise v.fail(path, f"{what} {value!r} is not a number; write e.g. 28, 14.5, \"3.5万\" or \"两千零八\"") \
            from None


def _plain(value: Any) -> str:
    """The text of a scalar as the user wrote it: 28, 14.5 (a float read back in its shortest form)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _indicator(v: _Validator, data: Any, path: tuple[Any, ...], origin: str, *, allow_unfilled: bool
               ) -> Indicator:
    f = v.fields(data, path, INDICATOR_KEYS, "an indicator")
    for required in ("name", "unit"):
        if required not in f:
            raise v.fail(path, f"indicator is missing {required!r} ({INDICATOR_KEYS[required]})")
    name = v.text(f["name"], required="indicator name is empty") or ""
    approx = v.text(f.get("approx"))
    if approx and approx not in APPROX_WORDS:
        raise v.fail(f["approx"][1], f"approx {approx!r} is not one of {', '.join(APPROX_WORDS)}")
    value_item = f.get("value", (None, (*path, INDICATOR_KEYS["value"])))
    if _is_to_fill(value_item[0]):
        if "value" not in f and not allow_unfilled:
            raise v.fail(path, f"indicator {name!r} is missing 'value' (数值); write the figure, or {TO_FILL} "
                               f"while you do not have it")
        value, raw_value = None, TO_FILL
    else:
        value, raw_value = _number(v, value_item, "value"), _plain(value_item[0])
    previous_item = f.get("previous")
    has_previous = previous_item is not None and not _is_to_fill(previous_item[0])
    return Indicator(
        name=name,
        value=value,
        unit=v.text(f["unit"], required="indicator unit is empty; write 家, 项, 万元, % …") or "",
        period=v.text(f.get("period")),
        previous=_number(v, previous_item, "previous") if has_previous and previous_item else None,
        previous_period=v.text(f.get("previous_period")),
        approx=approx,
        section=v.text(f.get("section")),
        note=v.text(f.get("note"), multiline=True),
        raw_value=raw_value,
        origin=origin,
        raw_previous=_plain(previous_item[0]) if has_previous and previous_item else "",
    )


def _length(v: _Validator, item: tuple[Any, tuple[Any, ...]]) -> int:
    value, path = item
    text = _plain(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else ""
    if not re.fullmatch(r"\d+", text) or int(text) <= 0:
        raise v.fail(path, f"length (字数) must be a positive whole number of characters, not {value!r}")
    return int(text)


def _section(v: _Validator, data: Any, path: tuple[Any, ...], depth: int) -> OutlineSection:
    if isinstance(data, str) and data.strip():  # a bare heading
        return OutlineSection(heading=v.text((data, path)) or "", line=v.located.line(path))
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
        if isinstance(fact, bool) or not isinstance(fact, (str, int, float)) or not str(fact).strip():
            raise v.fail((*facts_path, i), "each fact must be a non-empty sentence")
        facts.append(v.text((fact, (*facts_path, i)), multiline=True) or "")
    children_value, children_path = f.get("sections", ([], path))
    if children_value and depth >= 4:
        raise v.fail(children_path, "sections nest at most 4 levels (一、（一）1.（1）)")
    if children_value is not None and not isinstance(children_value, list):
        raise v.fail(children_path, "sections (小节) must be a list")
    return OutlineSection(
        heading=heading,
        facts=facts,
        sections=[_section(v, c, (*children_path, i), depth + 1) for i, c in enumerate(children_value or [])],
        length=_length(v, f["length"]) if f.get("length", (None,))[0] is not None else None,
        instruction=v.text(f.get("instruction"), multiline=True),
        line=v.located.line(path),
    )


def validate_indicators(file: Path, items: list[Any], located: Located, base: tuple[Any, ...], *,
                        allow_unfilled: bool = False) -> list[Indicator]:
    """Indicator rows (plain data, as read) validated; errors name each row's place."""
    v = _Validator(file, located)
    return [_indicator(v, item, (*base, i), located.origin((*base, i)), allow_unfilled=allow_unfilled)
            for i, item in enumerate(items)]


def indicators_from_rows(file: Path, rows: list[list[Any]], *, allow_unfilled: bool = False,
                         places: dict[int, str] | None = None) -> list[Indicator]:
    """Indicators from table rows, the first holding the column names (English or Chinese)."""
    rows = [r for r in rows if any(str(c).strip() for c in r if c is not None)]
    if not rows:
        raise InputError(file, "indicator table is empty; the first row must name the columns")
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    located = Located(file)
    v = _Validator(file, located)
    out = []
    for number, row in enumerate(rows[1:], start=2):
        data = {h: c for h, c in zip(header, row, strict=False) if h and c is not None and str(c).strip() != ""}
        path = (f"row {number}",)
        located.lines[path] = number
        for key in data:
            located.lines[(*path, key)] = number
        out.append(_indicator(v, data, path, f"{file.name} row {number}", allow_unfilled=allow_unfilled))
    return out


def load_indicator_table(path: Path, *, allow_unfilled: bool = False) -> list[Indicator]:
    """Indicators from .xlsx (the 指标 sheet of a notes workbook, else the first sheet) or .csv; the first
    row holds column names (English or Chinese)."""
    if not path.is_file():
        raise InputError(path, "indicator table not found; give a path relative to the notes file")
    if path.suffix.lower() == ".csv":
        return indicators_from_rows(path, list(csv.reader(io.StringIO(read_text(path)))),
                                    allow_unfilled=allow_unfilled)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from drafter.workbook import read_indicator_sheet

        return read_indicator_sheet(path, allow_unfilled=allow_unfilled)
    raise InputError(path, "indicator table must be .xlsx or .csv")


NOTES_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def load_notes(path: str | Path, *, allow_unfilled: bool = False) -> Notes:
    """Read and validate a notes file (.yaml/.yml/.json or a notes workbook .xlsx); raises InputError
    naming the file and the place. Indicators still to fill (待填) are an error naming each of them,
    unless ``allow_unfilled``."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a directory; give the notes .yaml, .json or .xlsx file")
    if not path.is_file():
        raise InputError(path, "file not found")
    suffix = path.suffix.lower()
    if suffix not in NOTES_SUFFIXES:
        raise InputError(path, "notes must be a .yaml, .yml, .json or .xlsx file")
    if suffix == ".xlsx":
        from drafter.workbook import read_workbook

        data, located = read_workbook(path)
    else:
        data, located = read_yaml(path)
    notes = notes_from_data(path, data, located, allow_unfilled=allow_unfilled)
    if notes.unfilled and not allow_unfilled:
        raise unfilled_error(notes)
    return notes


def unfilled_error(notes: Notes) -> InputError:
    """Notes with indicators still to fill: one line naming each of them (the first eight) and where."""
    todo = notes.unfilled
    named = ", ".join(f"{i.name} ({i.origin})" for i in todo[:8])
    more = f" and {len(todo) - 8} more" if len(todo) > 8 else ""
    return InputError(notes.path, f"{len(todo)} indicator(s) still to fill (数值: {TO_FILL}): {named}{more}; "
                                  f"write this year's figures first")


def conflicting_rows(indicators: list[Indicator], year: int, facts: Sequence[str] = ()) -> tuple[int, str] | None:
    """The first indicator that repeats an earlier one — same 名称, 单位 and 时期 (an empty 时期 is the
    notes' year) — with another figure: (its index, the reason naming both rows). Both figures would pass
    the check, so the person must say which is right: 有效期内高新技术企业 31家 in row 2 and 30家 in row 10.
    Rows whose figures the facts (要点) both state are two things a sentence names alike ("示范点185个，
    其中…2个"; "分别增加480%和225%"), not a conflict."""
    seen: dict[tuple[str, str, str], Indicator] = {}
    for index, indicator in enumerate(indicators):
        if indicator.value is None:
            continue
        period = re.sub(r"\s|年$", "", indicator.period or "") or str(year)
        key = (re.sub(r"\s", "", indicator.name), indicator.unit, period)
        first = seen.setdefault(key, indicator)
        if first is indicator or (first.value, first.approx) == (indicator.value, indicator.approx):
            continue
        if all(_stated(row, facts) for row in (first, indicator)):
            continue
        return index, (f"指标“{indicator.name}”（{period}年）写了两行，数值不同："
                       f"{first.approx or ''}{first.raw_value}{first.unit}（{first.origin}）和 "
                       f"{indicator.approx or ''}{indicator.raw_value}{indicator.unit}（{indicator.origin}）；"
                       f"留下正确的一行，删去另一行")
    return None


def _stated(indicator: Indicator, facts: Sequence[str]) -> bool:
    """Whether a fact writes the indicator's figure: 185个, 600余家, 约130万元."""
    figure = re.compile(rf"(?<![\d.]){re.escape(indicator.raw_value)}(?:{'|'.join(map(re.escape, APPROX_WORDS))})?"
                        rf"{re.escape(indicator.unit)}")
    return any(figure.search(fact) for fact in facts)


def notes_from_data(path: Path, data: Any, located: Located, *, allow_unfilled: bool = False) -> Notes:
    """Validate plain data (as read from YAML/JSON or a workbook) into Notes."""
    v = _Validator(path, located)
    f = v.fields(data, (), TOP_KEYS, "the notes file")
    for required in ("title", "unit", "year", "sections"):
        if required not in f:
            raise v.fail((), f"missing required key {required!r} ({TOP_KEYS[required]})")
    year_value, year_path = f["year"]
    year_text = _plain(year_value) if isinstance(year_value, (int, float, str)) else ""
    if isinstance(year_value, bool) or not re.fullmatch(r"\s*(19|20|21)\d\d\s*年?\s*", year_text):
        raise v.fail(year_path, f"year must be a four-digit year such as 2025, got {year_value!r}")
    kind = v.text(f.get("kind")) or "总结和计划"
    if kind not in KINDS:
        raise v.fail(f["kind"][1], f"kind {kind!r} is not one of {', '.join(KINDS)}")
    date_given = f.get("date", (None,))[0] is not None and str(f["date"][0]).strip() != ""
    issue_given = f.get("issue_date", (None,))[0] is not None and str(f["issue_date"][0]).strip() != ""

    indicators: list[Indicator] = []
    ind_value, ind_path = f.get("indicators", ([], ()))
    if isinstance(ind_value, str):
        table = (path.parent / ind_value.strip()).resolve()
        if not table.is_file():
            raise v.fail(ind_path, f"indicator table {ind_value.strip()!r} not found (looked for {table}); "
                                   f"give its path relative to the notes file")
        indicators = load_indicator_table(table, allow_unfilled=allow_unfilled)
    elif isinstance(ind_value, list):
        indicators = validate_indicators(path, ind_value, located, ind_path, allow_unfilled=allow_unfilled)
    elif ind_value is not None:
        raise v.fail(ind_path, "indicators (指标) must be a list or a path to an .xlsx/.csv table")

    year = int(year_text.strip().rstrip("年").strip())
    sec_value, sec_path = f["sections"]
    if not isinstance(sec_value, list) or not sec_value:
        raise v.fail(sec_path, "sections (提纲) must be a non-empty list of sections")
    sections = [_section(v, s, (*sec_path, i), 1) for i, s in enumerate(sec_value)]
    conflict = conflicting_rows(indicators, year, [fact for top in sections for _, s in top.walk() for fact in s.facts])
    if conflict:
        index, reason = conflict
        if isinstance(ind_value, list):
            raise v.fail((*ind_path, index), reason)
        raise InputError(path, reason)
    return Notes(
        title=v.text(f["title"], required="title (标题) is empty") or "",
        unit=v.text(f["unit"], required="unit (单位) is empty") or "",
        year=year,
        date=_date(v, f["date"], "date") if date_given else dt.date.today(),
        date_given=date_given,
        kind=kind,
        indicators=indicators,
        sections=sections,
        path=path,
        recipient=v.text(f.get("recipient")),
        issuer=v.text(f.get("issuer")),
        issue_date=_date(v, f["issue_date"], "issue_date (印发日期)") if issue_given else None,
    )


TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def load_data(path: str | Path) -> Notes:
    """The data to check a text against: a notes file (a notes workbook among them), or an indicator
    table (.xlsx/.csv with the notes' indicator columns) alone — no outline needed. A table's year is the latest its rows' periods name
    (时期 2025 → 2025), else this year."""
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        return load_notes(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    if path.suffix.lower() == ".xlsx":
        from drafter.workbook import is_notes_workbook

        if is_notes_workbook(path):
            return load_notes(path)
    indicators = load_indicator_table(path)
    years = [int(y) for i in indicators for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", i.period or "")]
    year = max(years, default=dt.date.today().year)
    conflict = conflicting_rows(indicators, year)
    if conflict:
        raise InputError(path, conflict[1])
    return Notes(title=path.stem, unit="", year=year, sections=[],
                 indicators=indicators, path=path)
