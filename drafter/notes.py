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
            raise self.located.error(path, f"展开后超过 {MAX_NODES:,} 个值（别名 * 套着别名？）；"
                                           f"请把笔记直接写出来，不用别名")
        if len(path) > MAX_DEPTH:
            raise self.located.error(path, f"嵌套超过 {MAX_DEPTH} 层；提纲最多 4 级")
        self.located.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self._fail(node, path, f"笔记里不能用 YAML 标记 "
                                         f"{node.tag.replace('tag:yaml.org,2002:', '!!')}；删去它，直接写值")
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, path, "键名要写成普通的词，如 标题")
                key = _unmark(str(key_node.value))
                if key in out:
                    first = self.located.lines.get((*path, key))
                    raise self._fail(key_node, (*path, key), f"“{key}”写了两次"
                                                              f"（另一处在第 {first} 行）；只留一处")
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
            raise self._fail(node, path, f"“{node.value}”不是真实存在的日期；"
                                         f"请写实际的日期，如 2026-01-15") from None
        except yaml.YAMLError as exc:
            raise self._fail(node, path, f"“{node.value}”无法读取"
                                         f"（{getattr(exc, 'problem', exc)}）；请写普通文字或数字") from None
        if isinstance(value, float) and value != value:
            raise self._fail(node, path, f"“{node.value}”不是数字；请写实际的数")
        if isinstance(value, float) and value in (float("inf"), float("-inf")):
            raise self._fail(node, path, f"“{node.value}”是无穷大；请把数写全，"
                                         f"如 14.5亿，不要写 1e400")
        if isinstance(value, (bytes, set)):
            raise self._fail(node, path, "这里不能写二进制或集合值；请写普通文字或数字")
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
        if "'\\t'" in str(exc.problem):
            raise InputError(path, "这一行用了制表符（Tab）缩进；YAML 只能用空格缩进，请把 Tab 换成空格",
                             line=line) from None
        raise InputError(path, f"不是有效的 YAML/JSON（{exc.problem or exc.context}）；请检查这一行的缩进"
                               f"和引号", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"不是有效的 YAML/JSON（{exc}）；请检查缩进和引号") from None
    except RecursionError:
        raise InputError(path, f"嵌套超过 {MAX_DEPTH} 层；提纲最多 4 级") from None
    if node is None:
        raise InputError(path, "笔记文件是空的；请照 README.md 里的例子填写")
    size = _expanded_size(path, node, {}, set())
    if size > MAX_NODES:
        raise InputError(path, f"通过别名（*名字）展开后超过 {MAX_NODES:,} 个值，笔记"
                               f"最多几千个：请把笔记直接写出来，不用别名")
    return _YamlReader(located).convert(node), located


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def _check_flow_depth(path: Path, text: str) -> None:
    """[[[[…]]]] nested thousands deep takes YAML's scanner seconds before it fails: refuse it first."""
    depth = 0
    for bracket in re.finditer(r"[\[\]{}]", _QUOTED.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, bracket.start()) + 1 if "\n" in text else 1
            raise InputError(path, f"括号嵌套超过 {MAX_DEPTH} 层；提纲最多 4 级", line=line)


def _expanded_size(path: Path, node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values ``node`` stands for once every alias is expanded, counted without expanding
    (each node once): a 500-byte file of nested aliases standing for a billion values is caught here."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in open_nodes:
        raise InputError(path, "别名（*名字）指向了包含它自己的值；请把值直接写出来",
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
        raise InputError(path, f"无法读取（{exc.strerror or exc}）") from None
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
            raise self.fail(path, f"{what}要写成“键: 值”的形式（{'、'.join(keys.values())}）")
        alias = {v: k for k, v in keys.items()}
        out: dict[str, Any] = {}
        for key, value in data.items():
            name = key if key in keys else alias.get(key)
            if name is None:
                known = "、".join(f"{v}（{k}）" for k, v in keys.items())
                raise self.fail((*path, key), f"{what}里没有“{key}”这一项；可用的有：{known}")
            if name in out:
                raise self.fail((*path, key), f"“{keys[name]}”写了两次（{name} 和 {keys[name]} 是同一项）；只留一处")
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
            raise self.fail(path, "这里只能写一个值，不能是列表或多项")
        if isinstance(value, bool):
            raise self.fail(path, f"{value!r} 被当成了是/否；请写文字（加引号：\"{value}\"）")
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
            raise v.fail(path, f"{what}“{value}”这一天不存在；请写实际的日期，如 2026-01-15") from None
        raise v.fail(path, f"{what}要写成 2026-01-15 或 2026年1月15日 这样，不能是“{value}”") from None


def _number(v: _Validator, item: tuple[Any, tuple[Any, ...]], what: str, name: str = "") -> Decimal:
    """A figure (数值 or 上期值). A figure written with its approximation word or its unit (20余, 31家) is
    an error saying where each part goes: 数值 20, 约数 余."""
    value, path = item
    subject = f"指标“{name}”的{what}" if name else what
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list, dt.date)):
        raise v.fail(path, f"{subject}要写数字，如 28、14.5 或“3.5万”")
    text = str(value).strip()
    if re.fullmatch(r"[-+]?\d[\d.,]*[eE][-+]?\d+", text):
        raise v.fail(path, f"{subject}“{text}”是科学计数法；请把数写全，如 28、14.5 或“14.5亿”")
    try:
        return parse_number(text)
    except ValueError:
        raise v.fail(path, f"{subject}“{text}”不是数字；{_number_hint(text, what)}") from None


def _number_hint(text: str, what: str) -> str:
    """How to write a figure that is not one: "20余" → 数值只写 20、约数词“余”选在约数里; "31家" → 单位“家”
    写在单位里; "约1.2亿元" → both (the longest figure first: 1.2, with 亿元 as the unit)."""
    approx_key, unit_key = INDICATOR_KEYS["approx"], INDICATOR_KEYS["unit"]
    word = next((w for w in sorted(APPROX_WORDS, key=len, reverse=True) if text.startswith(w)), "")
    core = text[len(word):]
    for cut in range(len(core), 0, -1):
        figure, rest = core[:cut], core[cut:]
        try:
            parse_number(figure)
        except ValueError:
            continue
        if not word:
            word = next((w for w in sorted(APPROX_WORDS, key=len, reverse=True) if rest.startswith(w)), "")
            rest = rest[len(word):]
        if rest and figure[-1] in "万亿":  # 1.2亿元: the unit is 亿元
            figure, rest = figure[:-1], figure[-1] + rest
        if re.search(r"\d", rest) or not (word or rest):
            break
        parts = [f"{what}只写 {figure}"]
        if word:
            parts.append(f"约数词“{word}”选在“{approx_key}”里")
        if rest:
            parts.append(f"单位“{rest}”写在“{unit_key}”里")
        return "，".join(parts)
    return "请写 28、14.5、“3.5万”或“两千零八”这样的数"


def _plain(value: Any) -> str:
    """The text of a scalar as the user wrote it: 28, 14.5 (a float read back in its shortest form)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _indicator(v: _Validator, data: Any, path: tuple[Any, ...], origin: str, *, allow_unfilled: bool
               ) -> Indicator:
    f = v.fields(data, path, INDICATOR_KEYS, "指标")
    if "name" not in f:
        raise v.fail(path, f"这个指标没有{INDICATOR_KEYS['name']}；请写上指标名称")
    name = v.text(f["name"], required=f"指标的{INDICATOR_KEYS['name']}是空的；请写上指标名称") or ""
    if "unit" not in f:
        raise v.fail(path, f"指标“{name}”没有{INDICATOR_KEYS['unit']}；请写 家、项、万元、% 等")
    approx = v.text(f.get("approx"))
    if approx and approx not in APPROX_WORDS:
        raise v.fail(f["approx"][1], f"指标“{name}”的{INDICATOR_KEYS['approx']}“{approx}”不是约数词；"
                                     f"只能是 {'、'.join(APPROX_WORDS)} 之一，或不填")
    value_item = f.get("value", (None, (*path, INDICATOR_KEYS["value"])))
    if _is_to_fill(value_item[0]):
        if "value" not in f and not allow_unfilled:
            raise v.fail(path, f"指标“{name}”没有{INDICATOR_KEYS['value']}；请写上数字，还没拿到就写“{TO_FILL}”")
        value, raw_value = None, TO_FILL
    else:
        value, raw_value = _number(v, value_item, INDICATOR_KEYS["value"], name), _plain(value_item[0])
    previous_item = f.get("previous")
    has_previous = previous_item is not None and not _is_to_fill(previous_item[0])
    return Indicator(
        name=name,
        value=value,
        unit=v.text(f["unit"], required=f"指标“{name}”的{INDICATOR_KEYS['unit']}是空的；请写 家、项、万元、% 等") or "",
        period=v.text(f.get("period")),
        previous=_number(v, previous_item, INDICATOR_KEYS["previous"], name) if has_previous and previous_item else None,
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
        raise v.fail(path, f"{SECTION_KEYS['length']}要写正整数（这一节大约多少字），不能是“{value}”")
    return int(text)


def _section(v: _Validator, data: Any, path: tuple[Any, ...], depth: int) -> OutlineSection:
    if isinstance(data, str) and data.strip():  # a bare heading
        return OutlineSection(heading=v.text((data, path)) or "", line=v.located.line(path))
    f = v.fields(data, path, SECTION_KEYS, "提纲的一节")
    no_heading = f"这一节没有{SECTION_KEYS['heading']}；请写上标题，或删去这一节"
    heading = v.text(f.get("heading"), required=no_heading) if "heading" in f else None
    if not heading:
        raise v.fail(path, no_heading)
    facts_value, facts_path = f.get("facts", ([], path))
    if facts_value is None:
        facts_value = []
    if not isinstance(facts_value, list):
        raise v.fail(facts_path, f"{SECTION_KEYS['facts']}要写成列表，一条一句")
    facts = []
    for i, fact in enumerate(facts_value):
        if isinstance(fact, bool) or not isinstance(fact, (str, int, float)) or not str(fact).strip():
            raise v.fail((*facts_path, i), f"{SECTION_KEYS['facts']}不能是空的；每条写一句话，空的删去")
        facts.append(v.text((fact, (*facts_path, i)), multiline=True) or "")
    children_value, children_path = f.get("sections", ([], path))
    if children_value and depth >= 4:
        raise v.fail(children_path, "提纲最多 4 级（一、（一）1.（1））；请把更深的一级并入上一级")
    if children_value is not None and not isinstance(children_value, list):
        raise v.fail(children_path, f"{SECTION_KEYS['sections']}要写成列表，一节一项")
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
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(str(c).strip() for c in r if c is not None)]
    if not numbered:
        raise InputError(file, f"指标表是空的；第一行写列名（{'、'.join(INDICATOR_KEYS.values())}），下面一行一个指标")
    header = [str(c).strip() if c is not None else "" for c in numbered[0][1]]
    located = Located(file)
    v = _Validator(file, located)
    out = []
    for number, row in numbered[1:]:  # numbered as the file counts its lines, blank ones too
        data = {h: c for h, c in zip(header, row, strict=False) if h and c is not None and str(c).strip() != ""}
        path = (f"第{number}行",)
        located.places[path] = f"第{number}行"
        for index, key in enumerate(header):
            if key:
                letter = chr(ord("A") + index) if index < 26 else f"第{index + 1}"
                located.places[(*path, key)] = f"第{number}行{letter}列（{key}）"
        out.append(_indicator(v, data, path, f"{file.name} 第{number}行", allow_unfilled=allow_unfilled))
    return out


def load_indicator_table(path: Path, *, allow_unfilled: bool = False) -> list[Indicator]:
    """Indicators from .xlsx (the 指标 sheet of a notes workbook, else the first sheet) or .csv; the first
    row holds column names (English or Chinese)."""
    if not path.is_file():
        raise InputError(path, "找不到指标表；请写相对于笔记文件的路径")
    if path.suffix.lower() == ".csv":
        return indicators_from_rows(path, list(csv.reader(io.StringIO(read_text(path)))),
                                    allow_unfilled=allow_unfilled)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from drafter.workbook import read_indicator_sheet

        return read_indicator_sheet(path, allow_unfilled=allow_unfilled)
    raise InputError(path, "指标表要是 .xlsx 或 .csv 文件")


NOTES_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")


def load_notes(path: str | Path, *, allow_unfilled: bool = False) -> Notes:
    """Read and validate a notes file (.yaml/.yml/.json or a notes workbook .xlsx); raises InputError
    naming the file and the place. Indicators still to fill (待填) are an error naming each of them,
    unless ``allow_unfilled``."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "这是一个文件夹；请给出笔记文件（.xlsx、.yaml 或 .json）")
    if not path.is_file():
        raise InputError(path, "找不到这个文件；请检查文件名和所在文件夹")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError(path, "是旧的 .xls 文件；请在 Excel 或 WPS 里另存为 .xlsx")
    if suffix not in NOTES_SUFFIXES:
        raise InputError(path, "笔记要是 .xlsx、.yaml、.yml 或 .json 文件；请用 drafter notes template 生成的工作簿填写")
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
    named = "、".join(f"{i.name}（{i.origin}）" for i in todo[:8])
    more = f"等 {len(todo)} 个" if len(todo) > 8 else ""
    return InputError(notes.path, f"还有 {len(todo)} 个指标的{INDICATOR_KEYS['value']}是“{TO_FILL}”：{named}{more}；"
                                  f"请先填上今年的数字")


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
    f = v.fields(data, (), TOP_KEYS, "笔记")
    for required in ("title", "unit", "year", "sections"):
        if required not in f:
            raise v.fail((), f"缺少必填的“{TOP_KEYS[required]}”（{required}）；请补上")
    year_value, year_path = f["year"]
    year_text = _plain(year_value) if isinstance(year_value, (int, float, str)) else ""
    if isinstance(year_value, bool) or not re.fullmatch(r"\s*(19|20|21)\d\d\s*年?\s*", year_text):
        raise v.fail(year_path, f"{TOP_KEYS['year']}要写四位数的年份，如 2025，不能是“{year_value}”")
    kind = v.text(f.get("kind")) or "总结和计划"
    if kind not in KINDS:
        raise v.fail(f["kind"][1], f"{TOP_KEYS['kind']}“{kind}”不在可选之列；请写 {'、'.join(KINDS)} 之一")
    date_given = f.get("date", (None,))[0] is not None and str(f["date"][0]).strip() != ""
    issue_given = f.get("issue_date", (None,))[0] is not None and str(f["issue_date"][0]).strip() != ""

    indicators: list[Indicator] = []
    ind_value, ind_path = f.get("indicators", ([], ()))
    if isinstance(ind_value, str):
        table = (path.parent / ind_value.strip()).resolve()
        if not table.is_file():
            raise v.fail(ind_path, f"找不到指标表“{ind_value.strip()}”（找的是 {table}）；"
                                   f"请写相对于笔记文件的路径")
        indicators = load_indicator_table(table, allow_unfilled=allow_unfilled)
    elif isinstance(ind_value, list):
        indicators = validate_indicators(path, ind_value, located, ind_path, allow_unfilled=allow_unfilled)
    elif ind_value is not None:
        raise v.fail(ind_path, f"{TOP_KEYS['indicators']}要写成列表（一个指标一项），或写一个 .xlsx/.csv 指标表的路径")

    year = int(year_text.strip().rstrip("年").strip())
    sec_value, sec_path = f["sections"]
    if not isinstance(sec_value, list) or not sec_value:
        raise v.fail(sec_path, f"{TOP_KEYS['sections']}是空的；请至少写一节（标题和要点）")
    sections = [_section(v, s, (*sec_path, i), 1) for i, s in enumerate(sec_value)]
    conflict = conflicting_rows(indicators, year, [fact for top in sections for _, s in top.walk() for fact in s.facts])
    if conflict:
        index, reason = conflict
        if isinstance(ind_value, list):
            raise v.fail((*ind_path, index), reason)
        raise InputError(path, reason)
    return Notes(
        title=v.text(f["title"], required=f"{TOP_KEYS['title']}是空的；请写上文件标题") or "",
        unit=v.text(f["unit"], required=f"{TOP_KEYS['unit']}是空的；请写发文机关全称") or "",
        year=year,
        date=_date(v, f["date"], TOP_KEYS["date"]) if date_given else dt.date.today(),
        date_given=date_given,
        kind=kind,
        indicators=indicators,
        sections=sections,
        path=path,
        recipient=v.text(f.get("recipient")),
        issuer=v.text(f.get("issuer")),
        issue_date=_date(v, f["issue_date"], TOP_KEYS["issue_date"]) if issue_given else None,
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
        raise InputError(path, "找不到这个文件；请检查文件名和所在文件夹")
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
