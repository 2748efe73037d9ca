"""The notes workbook: the notes file as an .xlsx a staff member fills in Excel or WPS.

Sheets (made by ``drafter notes template``):

- 基本信息 — one row per key: 标题 单位 年度 日期 文种 主送机关 印发机关 印发日期 (column A the key,
  column B its value);
- 提纲 — one row per section or fact: 序号 (一、 （一） 1. （1）, or 一级…四级; it gives the level, the
  drafter renumbers), 标题, 要点, 字数, 要求. A row with a 标题 starts a section; a row with only a 要点
  adds a fact to the section above;
- 指标 — the indicator table, one row each, with the columns of NOTES_FORMAT;
- 说明 — how to fill the others (never read).

Reading turns the sheets into the same plain data as a YAML file, remembering the sheet, row and column
of every value, so notes.py validates both alike and its errors name "sheet 指标, row 5, column B (数值)".
Writing is deterministic: the same notes give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.errors import InputError
from drafter.export.model import number_marker
from drafter.notes import (
    APPROX_WORDS,
    INDICATOR_KEYS,
    KINDS,
    TO_FILL,
    TOP_KEYS,
    Indicator,
    Located,
    Notes,
    OutlineSection,
    notes_from_data,
)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

INFO, OUTLINE, INDICATORS, HELP = "基本信息", "提纲", "指标", "说明"
INFO_KEYS = {k: v for k, v in TOP_KEYS.items() if k not in ("indicators", "sections")}
OUTLINE_COLUMNS = {"number": "序号", "heading": "标题", "facts": "要点", "length": "字数",
                   "instruction": "要求"}
LEVEL_COLUMN = "级别"  # a 提纲 column of levels 1–4 instead of printed numbers
INDICATOR_COLUMNS = dict(INDICATOR_KEYS)
COMMON_UNITS = ("家", "项", "个", "人", "人次", "名", "次", "场", "场次", "期", "份", "件", "篇", "亩",
                "元", "万元", "亿元", "%", "个百分点", "倍")
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entries and document properties: the same notes, the same bytes
_MAX_ROWS = 5000


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


# --------------------------------------------------------------------------- reading


def _open(path: Path) -> Workbook:
    import openpyxl

    if not zipfile.is_zipfile(path):
        old = path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
        raise InputError(path, "是旧的 .xls 文件；请在 Excel 或 WPS 里另存为 .xlsx" if old else
                         "不是 Excel .xlsx 工作簿（文件是空的或已损坏）；请用 Excel 或 WPS 打开后另存为 .xlsx")
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(path, f"无法读取这个 .xlsx 工作簿（{type(exc).__name__}）；请用 Excel 或 WPS "
                               f"打开后重新保存") from None


def _value(cell: Any) -> Any:
    """A cell's value as notes data: text stripped (soft breaks as line breaks), whole floats as ints,
    dates as dates, a percent-formatted number as its percent (2.79% typed in Excel is 0.0279)."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\x0b", "\n").replace("_x000B_", "\n").strip()
        return value or None
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "%" in (cell.number_format or ""):
            return _decimal_text(Decimal(repr(value)) * 100)
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def _decimal_text(value: Decimal) -> int | float | str:
    text = format(value.normalize(), "f")
    return int(text) if re.fullmatch(r"-?\d+", text) else (float(text) if repr(float(text)) == text else text)


def _place(sheet: str, row: int, column: int | None = None, name: str | None = None) -> str:
    where = f"工作表“{sheet}”第{row}行"
    if column is not None:
        where += f"{_column_letter(column)}列" + (f"（{name}）" if name else "")
    return where


def _check_controls(file: Path, sheet: str, row: int, column: int, value: Any) -> None:
    from drafter.files import BAD_CONTROL

    bad = BAD_CONTROL.search(value) if isinstance(value, str) else None
    if bad:
        raise InputError(file, f"单元格里有控制字符 U+{ord(bad.group()):04X}（从 Word 或 PDF 复制时"
                               f"带进来的）；请删去它",
                         key=_place(sheet, row, column))


def _rows(file: Path, sheet: Worksheet) -> list[tuple[int, list[Any]]]:
    """(row number, cell values) of every row with something in it."""
    out = []
    if sheet.max_row > _MAX_ROWS:
        raise InputError(file, f"工作表“{sheet.title}”有 {sheet.max_row} 行，笔记的一张表最多 "
                               f"{_MAX_ROWS} 行；请删去多余的行")
    for row in sheet.iter_rows():
        values = [_value(cell) for cell in row]
        for column, value in enumerate(values, start=1):
            _check_controls(file, sheet.title, row[0].row, column, value)
        if any(v is not None for v in values):
            out.append((row[0].row, values))
    return out


def _header(file: Path, sheet: Worksheet, rows: list[tuple[int, list[Any]]], known: dict[str, str],
            extra: Sequence[str] = ()) -> tuple[int, dict[int, str]]:
    """The header row (the first row with something in it): column index → name as written."""
    if not rows:
        raise InputError(file, f"工作表“{sheet.title}”是空的；第一行要写列名",
                         key=_place(sheet.title, 1))
    number, values = rows[0]
    columns: dict[int, str] = {}
    allowed = {*known, *known.values(), *extra}
    for index, value in enumerate(values, start=1):
        if value is None:
            continue
        name = str(value).strip()
        if name not in allowed:
            names = "、".join(known.values())
            raise InputError(file, f"没有“{name}”这一列；列名只能是 {names}",
                             key=_place(sheet.title, number, index))
        if name in columns.values():
            raise InputError(file, f"“{name}”列出现了两次；只留一列", key=_place(sheet.title, number, index))
        columns[index] = name
    return number, columns


def _info(file: Path, sheet: Worksheet, data: dict[str, Any], located: Located) -> None:
    known = {*INFO_KEYS, *INFO_KEYS.values()}
    for number, values in _rows(file, sheet):
        key = values[0] if values else None
        if key is None:
            if any(v is not None for v in values[1:2]):
                raise InputError(file, f"这一行的 A 列没写项目名（{'、'.join(INFO_KEYS.values())}）；请补上或清空这一行",
                                 key=_place(sheet.title, number, 1))
            continue
        key = str(key).strip()
        if number == 1 and key == "项目":
            continue
        if key not in known:
            raise InputError(file, f"没有“{key}”这一项；A 列只能是 {'、'.join(INFO_KEYS.values())}",
                             key=_place(sheet.title, number, 1))
        if key in data:
            raise InputError(file, f"“{key}”写了两行；只留一行", key=_place(sheet.title, number, 1))
        value = values[1] if len(values) > 1 else None
        if value is not None:
            data[key] = value
        located.places[(key,)] = _place(sheet.title, number, 2, key)


def _indicator_items(file: Path, sheet: Worksheet, located: Located, base: tuple[Any, ...],
                     origin: str) -> list[dict[str, Any]]:
    rows = _rows(file, sheet)
    if not rows:
        return []
    _, columns = _header(file, sheet, rows, INDICATOR_COLUMNS)
    items = []
    for number, values in rows[1:]:
        item = {}
        path = (*base, len(items))
        for index, name in columns.items():
            value = values[index - 1] if index - 1 < len(values) else None
            located.places[(*path, name)] = _place(sheet.title, number, index, name)
            if value is not None:
                item[name] = value
        for index, value in enumerate(values, start=1):
            if value is not None and index not in columns:
                raise InputError(file, "这一列没有列名；请在第一行写上列名，或清空这个单元格", key=_place(sheet.title, number, index))
        located.places[path] = _place(sheet.title, number)
        located.origins[path] = f"{file.name} {origin}第{number}行"
        items.append(item)
    return items


_CHINESE = "一二三四五六七八九十百零〇两"
_LEVEL_FORMS = (
    (1, re.compile(rf"[{_CHINESE}]+\s*[、.．，,]?")),
    (2, re.compile(rf"[（(]\s*[{_CHINESE}]+\s*[)）]\s*[、.．]?")),
    (3, re.compile(r"\d+\s*[.．、]?")),
    (4, re.compile(r"[（(]\s*\d+\s*[)）]\s*[、.．]?")),
)
_ORDINAL = "〇一二三四"
_MARKERS = " ".join(number_marker(level, 1) for level in range(1, 5))  # 一、 （一） 1. （1）
_LEVEL_WORD = re.compile(r"([1-4一二三四])\s*级(?:标题)?")


def marker_level(text: str, *, as_level: bool = False) -> int | None:
    """The outline level a 序号 stands for: 一、→1, （一）→2, 1.→3, （1）→4, 二级→2. In a 级别 column
    (``as_level``) a bare 1–4 is the level itself."""
    text = str(text).strip()
    word = _LEVEL_WORD.fullmatch(text)
    if word:
        return "1一2二3三4四".index(word.group(1)) // 2 + 1
    if as_level:
        return int(text) if text in ("1", "2", "3", "4") else None
    for level, form in _LEVEL_FORMS:
        if form.fullmatch(text):
            return level
    return None


def _outline(file: Path, sheet: Worksheet, located: Located) -> list[dict[str, Any]]:
    rows = _rows(file, sheet)
    _, columns = _header(file, sheet, rows, OUTLINE_COLUMNS, extra=(LEVEL_COLUMN,))
    column = {key: next((i for i, n in columns.items() if n in (key, alias)), None)
              for key, alias in OUTLINE_COLUMNS.items()}
    level_column = next((i for i, n in columns.items() if n == LEVEL_COLUMN), None)
    if column["heading"] is None:
        raise InputError(file, "提纲表要有“标题”这一列", key=_place(sheet.title, rows[0][0]))
    top: list[dict[str, Any]] = []
    stack: list[tuple[dict[str, Any], tuple[Any, ...]]] = []  # open sections with their data paths

    def at(number: int, index: int | None) -> str:
        return _place(sheet.title, number, index, columns.get(index) if index else None)

    def cell(values: list[Any], index: int | None) -> Any:
        return values[index - 1] if index is not None and index - 1 < len(values) else None

    for number, values in rows[1:]:
        heading, fact = cell(values, column["heading"]), cell(values, column["facts"])
        mark_index = level_column or column["number"]
        mark = cell(values, mark_index)
        if heading is None:
            if fact is None:
                stray = next(i for i, v in enumerate(values, start=1) if v is not None)
                raise InputError(file, "这一行既没有标题也没有要点；序号、字数、要求要写在一节"
                                       "标题所在的行", key=at(number, stray))
            if not stack:
                raise InputError(file, "这条要点前面还没有任何一节；请在它上面一行写上所属的标题",
                                 key=at(number, column["facts"]))
            _add_fact(stack[-1], fact, located, at(number, column["facts"]))
            continue
        if mark is None:
            raise InputError(file, f"这一节没写序号；请写 {_MARKERS}，序号决定它是第几级",
                             key=at(number, mark_index or 1))
        level = marker_level(str(mark), as_level=level_column is not None)
        if level is None:
            raise InputError(file, f"“{mark}”不是序号；请写 {_MARKERS}（或 一级…四级）",
                             key=at(number, mark_index))
        if level > len(stack) + 1:
            raise InputError(file, f"“{mark}”是第{_ORDINAL[level]}级标题，上面要先有第{_ORDINAL[level - 1]}级"
                                   f"标题，如“{number_marker(level - 1, 1)}”；请补上，或把序号改成"
                                   f"“{number_marker(len(stack) + 1, 1)}”", key=at(number, mark_index))
        del stack[level - 1:]
        siblings = stack[-1][0].setdefault("小节", []) if stack else top
        path = (*(stack[-1][1] if stack else ("提纲",)), *(("小节",) if stack else ()), len(siblings))
        section: dict[str, Any] = {"标题": heading}
        located.places[path] = _place(sheet.title, number)
        located.places[(*path, "标题")] = _place(sheet.title, number, column["heading"], "标题")
        for key in ("length", "instruction"):
            value = cell(values, column[key])
            name = OUTLINE_COLUMNS[key]
            located.places[(*path, name)] = _place(sheet.title, number, column[key], name)
            if value is not None:
                section[name] = value
        siblings.append(section)
        stack.append((section, path))
        if fact is not None:
            _add_fact(stack[-1], fact, located, at(number, column["facts"]))
    return top


def _add_fact(open_section: tuple[dict[str, Any], tuple[Any, ...]], fact: Any, located: Located,
              place: str) -> None:
    section, path = open_section
    facts = section.setdefault("要点", [])
    located.places[(*path, "要点", len(facts))] = place
    facts.append(fact)


def sheet_names(path: Path, names: Sequence[str]) -> dict[str, str | None]:
    """The sheet holding each of 基本信息, 提纲 and 指标: the sheet of that name, else the one other sheet
    whose name contains it (指标 renamed 指标表 or “ 指标 ” in WPS: no doubt which sheet is meant, and every
    place named afterwards says 指标表), else None. Two such sheets are an error naming both."""
    found: dict[str, str | None] = {}
    for expected in (INFO, OUTLINE, INDICATORS):
        if expected in names:
            found[expected] = expected
            continue
        near = [n for n in names if n not in (INFO, OUTLINE, INDICATORS, HELP) and expected in re.sub(r"\s", "", n)]
        if len(near) > 1:
            raise InputError(path, f"没有名为“{expected}”的工作表，而“{'”“'.join(near)}”都像是它；"
                                   f"把要用的那张改名为“{expected}”，另一张删去或改名")
        found[expected] = near[0] if near else None
    return found


def read_workbook(path: Path) -> tuple[dict[str, Any], Located]:
    """A notes workbook as the plain data a YAML notes file holds, with the sheet, row and column of
    every value. A sheet it needs and cannot find is an error naming what it expected and what it found."""
    workbook = _open(path)
    located = Located(path)
    names = workbook.sheetnames
    sheets = sheet_names(path, names)
    listed = "、".join(f"“{n}”" for n in names)
    for needed in (INFO, OUTLINE):
        if sheets[needed] is None:
            raise InputError(path, f"不是完整的笔记工作簿：没有“{needed}”工作表（现有工作表：{listed}）；笔记工作簿要有"
                                   f"“{INFO}”“{OUTLINE}”两张表，把对应的表改回这个名字，或用 drafter notes "
                                   f"template 生成的模板重新填写")
    others = [n for n in names if n not in sheets.values() and n != HELP and workbook[n].max_row > 1]
    if sheets[INDICATORS] is None and others:
        raise InputError(path, f"没有“{INDICATORS}”工作表（现有工作表：{listed}）；指标要写在名为“{INDICATORS}”的表里："
                               f"把存放指标的表改名为“{INDICATORS}”，用不着的表删去")
    data: dict[str, Any] = {}
    info, outline, indicators = (str(sheets[name]) if sheets[name] else "" for name in (INFO, OUTLINE, INDICATORS))
    _info(path, workbook[info], data, located)
    if indicators:
        items = _indicator_items(path, workbook[indicators], located, ("指标",), f"{indicators} ")
        if items:
            data["指标"] = items
            located.places[("指标",)] = f"工作表“{indicators}”"
    data["提纲"] = _outline(path, workbook[outline], located)
    located.places[("提纲",)] = f"工作表“{outline}”"
    located.places[()] = f"工作表“{info}”"
    return data, located


def is_notes_workbook(path: Path) -> bool:
    """Whether an .xlsx file is meant as a notes workbook (it has a 基本信息 or a 提纲 sheet, or one
    named near it), not as an indicator table alone; one with only one of the two is a notes workbook
    missing the other."""
    names = _open(path).sheetnames
    sheets = sheet_names(path, names)
    return sheets[INFO] is not None or sheets[OUTLINE] is not None


def read_indicator_sheet(path: Path, *, allow_unfilled: bool = False) -> list[Indicator]:
    """The indicators of an .xlsx table: its 指标 sheet, or its first sheet."""
    from drafter.notes import validate_indicators

    workbook = _open(path)
    sheet = workbook[INDICATORS] if INDICATORS in workbook.sheetnames else workbook.worksheets[0]
    located = Located(path)
    items = _indicator_items(path, sheet, located, ("rows",), "")
    if not items:
        raise InputError(path, f"指标表是空的；第一行写列名（{'、'.join(INDICATOR_COLUMNS.values())}），下面一行一个指标")
    return validate_indicators(path, items, located, ("rows",), allow_unfilled=allow_unfilled)


def load_workbook_notes(path: Path, *, allow_unfilled: bool = False) -> Notes:
    data, located = read_workbook(path)
    return notes_from_data(path, data, located, allow_unfilled=allow_unfilled)


# --------------------------------------------------------------------------- writing

_HELP_TEXT = (
    "怎样填写这份笔记（drafter 公文起草助手）",
    "",
    "【基本信息】A列是项目，B列填内容。标题、单位、年度必填；日期是成文日期（不填则为起草当天）；",
    "文种从下拉列表选；主送机关、印发机关、印发日期可不填（填了会排进正文前的主送机关和文末的版记）。",
    "",
    "【提纲】一行一个标题或一条要点。",
    "· 序号写成文中的样子：一、 （一） 1. （1），决定这一节是第几级；编号由起草时自动重排，不必连续。",
    "  也可以把列名改成“级别”，填 1–4。",
    "· 有“标题”的行是一节；只有“要点”的行，是上面那一节的一条要点（事实、做法、成效，原话即可）。",
    "· 字数：这一节正文的大致字数；要求：对这一节的写法要求（如“突出成效”）。",
    "",
    "【指标】一行一个指标。名称、数值、单位必填。",
    "· 数值只填数字（28、14.5）；还没拿到的先写“待填”，起草时会提示哪些还没填。",
    "  “20余场”这样的约数：数值填20，约数选“余”，单位填“场”。",
    "· 单位从下拉列表选或直接输入（家、项、万元、%、个百分点……）；约数：原始数据本身是约数时选（余、近、约……）。",
    "· 时期：数值所属年份或期间（2025、“十四五”期间、1-10月）；上期值和上期：用来比较增减的往年数值和年份。",
    "· 章节：这个指标属于提纲里哪一节（写标题或其中几个字）；备注随意。",
    "",
    "文中出现的每一个数字都必须来自这里：指标表、要点里的数字，或由它们算出的增长率。",
    "填好后：drafter draft 本文件.xlsx -o 初稿.docx；转成 YAML：drafter notes convert 本文件.xlsx notes.yaml",
)


def _style_header(sheet: Worksheet, widths: Sequence[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = fill
        header.alignment = Alignment(horizontal="center", vertical="center")
    sheet.freeze_panes = "A2"
    _fit_to_width(sheet)


def _fit_to_width(sheet: Worksheet) -> None:
    """Printed landscape, one page wide (what a staff member gets from 打印)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True


def _validation(sheet: Worksheet, kind: str, cells: str, *, formula1: str | None = None,
                operator: str | None = None, formula2: str | None = None, strict: bool = True,
                prompt: str = "", error: str = "") -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type=kind, formula1=formula1, formula2=formula2, operator=operator,
                          allow_blank=True, showErrorMessage=strict, showInputMessage=bool(prompt),
                          prompt=prompt or None, error=error or None)
    rule.add(cells)
    sheet.add_data_validation(rule)


def _text_cell(sheet: Worksheet, row: int, column: int, value: Any, *, wrap: bool = False, indent: int = 0
               ) -> Any:
    from openpyxl.styles import Alignment

    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if isinstance(value, str) and re.fullmatch(r"[=+\-@].*", value):
        cell.data_type = "s"  # text that Excel would otherwise take for a formula
    cell.alignment = Alignment(wrap_text=wrap, vertical="top", indent=indent)
    return cell


def _write_info(sheet: Worksheet, data: Mapping[str, Any]) -> None:
    notes_on = {"标题": "必填", "单位": "必填，发文机关全称", "年度": "必填，总结的年份", "日期": "成文日期，不填则为当天",
                "文种": "从列表选", "主送机关": "可不填", "印发机关": "版记，可不填", "印发日期": "版记，可不填"}
    for column, text in enumerate(("项目", "内容", "说明"), start=1):
        sheet.cell(row=1, column=column, value=text)
    for row, key in enumerate(INFO_KEYS.values(), start=2):
        sheet.cell(row=row, column=1, value=key)
        _text_cell(sheet, row, 2, data.get(key), wrap=True)
        sheet.cell(row=row, column=3, value=notes_on[key])
    _style_header(sheet, (12, 60, 28))
    rows = {key: row for row, key in enumerate(INFO_KEYS.values(), start=2)}
    _validation(sheet, "list", f"B{rows['文种']}", formula1=f'"{",".join(KINDS)}"', prompt="从列表选择文种",
                error="文种只能是列表中的一种")
    _validation(sheet, "whole", f"B{rows['年度']}", operator="between", formula1="1900", formula2="2100",
                prompt="四位年份，如2025", error="年度是四位年份，如2025")
    for key in ("日期", "印发日期"):
        _validation(sheet, "date", f"B{rows[key]}", operator="greaterThan", formula1="1", strict=False,
                    prompt="日期，如2026-01-15")


def _write_outline(sheet: Worksheet, sections: Sequence[OutlineSection],
                   reminders: Mapping[tuple[int, ...], Sequence[str]]) -> None:
    from openpyxl.comments import Comment

    from drafter.export.model import number_marker

    for column, name in enumerate(OUTLINE_COLUMNS.values(), start=1):
        sheet.cell(row=1, column=column, value=name)
    row = 2

    def write(section: OutlineSection, level: int, index: int, position: tuple[int, ...]) -> None:
        nonlocal row
        _text_cell(sheet, row, 1, number_marker(level, index))
        heading = _text_cell(sheet, row, 2, section.heading, wrap=True, indent=level - 1)
        _text_cell(sheet, row, 4, section.length)
        _text_cell(sheet, row, 5, section.instruction, wrap=True)
        if reminders.get(position):
            text = "去年的原话（改成今年的情况填在“要点”列）：\n" + "\n".join(reminders[position])
            heading.comment = Comment(text, "drafter", width=420, height=240)
        row += 1
        for fact in section.facts:
            _text_cell(sheet, row, 3, fact, wrap=True, indent=0)
            row += 1
        for child_index, child in enumerate(section.sections, start=1):
            write(child, level + 1, child_index, (*position, child_index - 1))

    for index, section in enumerate(sections, start=1):
        write(section, 1, index, (index - 1,))
    _style_header(sheet, (8, 40, 70, 8, 24))
    _validation(sheet, "whole", "D2:D2000", operator="greaterThan", formula1="0",
                prompt="这一节正文的大致字数", error="字数是正整数")
    _validation(sheet, "custom", "A2:A2000", formula1="TRUE", strict=False,
                prompt="写成文中的样子：一、 （一） 1. （1），决定这一节是第几级")


def _write_indicators(sheet: Worksheet, indicators: Sequence[Indicator]) -> None:
    from openpyxl.styles import PatternFill

    from drafter.notes_write import indicator_data

    names = list(INDICATOR_COLUMNS.values())
    for column, name in enumerate(names, start=1):
        sheet.cell(row=1, column=column, value=name)
    to_fill = PatternFill("solid", fgColor="FFF2CC")
    for row, indicator in enumerate(indicators, start=2):
        data = indicator_data(indicator)
        for column, name in enumerate(names, start=1):
            cell = _text_cell(sheet, row, column, data.get(name), wrap=name in ("名称", "备注", "章节"))
            if name == "数值" and indicator.value is None:
                cell.fill = to_fill
    _style_header(sheet, (30, 10, 8, 10, 10, 8, 8, 24, 24))
    column = {name: _column_letter(i) for i, name in enumerate(names, start=1)}
    value = column["数值"]  # a number, or 待填 while the figure is still to come
    _validation(sheet, "custom", f"{value}2:{value}2000", formula1=f'OR(ISNUMBER({value}2),{value}2="{TO_FILL}")',
                prompt=f"只填数字，如28或14.5；还没有就写“{TO_FILL}”",
                error=f"数值只填数字或“{TO_FILL}”：单位写在“单位”列，余、约、近等写在“约数”列（20余 → 数值20，约数“余”）")
    _validation(sheet, "decimal", f"{column['上期值']}2:{column['上期值']}2000", operator="between",
                formula1="-1000000000000000", formula2="1000000000000000", prompt="比较用的往年数值",
                error="上期值只填数字")
    _validation(sheet, "list", f"{column['单位']}2:{column['单位']}2000", formula1=f'"{",".join(COMMON_UNITS)}"',
                strict=False, prompt="从列表选，或直接输入其他单位")
    from drafter.text import to_simplified

    approx = [word for word in APPROX_WORDS if to_simplified(word) == word]  # the list shows simplified words
    _validation(sheet, "list", f"{column['约数']}2:{column['约数']}2000", formula1=f'"{",".join(approx)}"',
                prompt="原始数据本身是约数时才选", error="约数只能是列表中的词")
    _validation(sheet, "list", f"{column['章节']}2:{column['章节']}2000", formula1=f"'{OUTLINE}'!$B$2:$B$2000",
                strict=False, prompt="这个指标属于提纲里的哪一节")


def _write_help(sheet: Worksheet) -> None:
    from openpyxl.styles import Font

    for row, line in enumerate(_HELP_TEXT, start=1):
        sheet.cell(row=row, column=1, value=line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
    _fit_to_width(sheet)


def build_workbook(notes: Notes, *, reminders: Mapping[tuple[int, ...], Sequence[str]] | None = None
                   ) -> Workbook:
    """The notes workbook of ``notes``: 基本信息, 提纲, 指标 and 说明 sheets with headers, drop-down lists
    and number checks. ``reminders`` (outline position → sentences) become cell comments on headings."""
    import openpyxl

    from drafter.notes_write import notes_data

    workbook = openpyxl.Workbook()
    info = workbook.active
    info.title = INFO
    _write_info(info, notes_data(notes))
    _write_outline(workbook.create_sheet(OUTLINE), notes.sections, reminders or {})
    _write_indicators(workbook.create_sheet(INDICATORS), notes.indicators)
    _write_help(workbook.create_sheet(HELP))
    stamp = dt.datetime(*_FIXED_TIME)
    workbook.properties.creator = "drafter"
    workbook.properties.title = notes.title
    workbook.properties.created = stamp
    return workbook


def workbook_bytes(notes: Notes, *, reminders: Mapping[tuple[int, ...], Sequence[str]] | None = None,
                   target: Path | None = None) -> bytes:
    """The .xlsx bytes of ``notes``; the same notes always give the same bytes (fixed time stamps).
    openpyxl spools sheets through temporary files: a full disk there is an error naming ``target``."""
    import errno

    from lxml.etree import SerialisationError

    from drafter.files import write_failed

    buffer = io.BytesIO()
    try:
        build_workbook(notes, reminders=reminders).save(buffer)
    except SerialisationError as exc:  # lxml's word for a failed write of its temporary file
        raise write_failed(target or Path("notes.xlsx"), OSError(errno.ENOSPC, str(exc))) from None
    except OSError as exc:
        raise write_failed(target or Path("notes.xlsx"), exc) from None
    return _normalised(buffer.getvalue())


def _normalised(data: bytes) -> bytes:
    """The zip re-packed with fixed entry times and a fixed "modified" property."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def template_notes() -> Notes:
    """The filled example the template starts from (the example of NOTES_FORMAT, shortened)."""
    return Notes(
        title="洪江市科学技术局2025年工作总结和2026年工作计划",
        unit="洪江市科学技术局",
        year=2025,
        date=dt.date(2025, 12, 20),
        kind="总结和计划",
        indicators=[
            Indicator("有效期内高新技术企业", Decimal(28), "家", period="2025", raw_value="28",
                      section="强化科技创新主体地位"),
            Indicator("知识价值信用贷款", Decimal(2008), "万元", raw_value="2008"),
            Indicator("R&D经费支出占GDP比重", Decimal("2.79"), "%", period="2024", previous=Decimal("2.06"),
                      previous_period="2020", raw_value="2.79", raw_previous="2.06"),
        ],
        sections=[
            OutlineSection("2025年工作回顾", sections=[
                OutlineSection("加强科技宣传和普及，营造科技创新良好环境", facts=[
                    "开展“科技三下乡”等科普宣传活动10余次",
                    "发放资料3.5万余份，覆盖企业200余家、群众5.5万余人"], length=300),
                OutlineSection("强化科技创新主体地位", facts=["有效期内高新技术企业28家"],
                               instruction="突出成效"),
            ]),
            OutlineSection("存在的主要问题", facts=["企业自主创新意识不强，研发投入不足"]),
            OutlineSection("2026年重点工作计划", facts=["计划新增高新技术企业2家，完成科技型中小企业入库65家"]),
        ],
    )
