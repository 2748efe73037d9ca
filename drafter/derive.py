"""Notes derived from a finished report: its headings as the outline, its sentences as facts, every figure
as an indicator bound to the noun phrase it counts and to its section.

Two users share this one derivation: ``drafter eval make-case`` (the report's own notes, for regression
evaluation) and ``drafter notes from-report`` (next year's notes: headings with their years moved on,
last year's figures as 上期值 with 数值 still to fill, last year's sentences as reminders).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Iterator

from drafter.errors import InputError
from drafter.quantity.numerals import BIG_UNITS

if TYPE_CHECKING:
    from drafter.corpus.model import Document, Section
    from drafter.figures.model import Quantity
    from drafter.notes import Notes

_LEADING_TIME = re.compile(r"^(?:其中|同时|目前|今年|全年|当年|截至目前|截至\d{4}年底?|\d{4}年(?:度)?|此外|并|"
                           r"我[县市区局]|已)+")
_TRAILING_VERB = re.compile(r"(?:已|共|累计|分别|均|总计|合计)*(?:达到|达|实现|为|超过|突破|有|约)$")
# What a name keeps of its clause: not an ordinal (二是), a leftover of a span (2020年至…), or a particle
# at its end; and not the "由…到" of a change ("技术合同成交额由2023年的2.74亿元增加到…" names
# 技术合同成交额, not "技术合同成交额由的增加到").
_LEADING_LINK = re.compile(r"^(?:[一二三四五六七八九十]是|[至到])+")
_TRAILING_PARTICLE = re.compile(r"(?:了|分别|的)+$")
_CHANGE_START = re.compile(r"[由从](?![于此而事])")
# The words after a figure name what it counts up to the verb that follows ("选派97名本级科技特派员到村服务"
# counts 本级科技特派员; "引进10名巴基斯坦籍专家人才提升…" counts 巴基斯坦籍专家人才).
_VERB_AFTER = re.compile(r"到(?:村|乡|镇|企业|基层|一线)|深入|提升|获批|进行|参加|参与|助推|推动|用于|实现|帮助")


def figure_key(quantity: Quantity) -> tuple[Decimal, str] | None:
    """A single figure as (value in its base unit, base unit); None for ranges and placeholders."""
    if quantity.placeholder or quantity.value is None or quantity.high is not None:
        return None
    return quantity.value.normalize(), quantity.unit


def _indicator_row(quantity: Quantity, name: str, section: str, period: int | None = None
                   ) -> dict[str, object] | None:
    """An indicator row written the way a user would: 2008 万元, 3.5万 份, 2.79 %; with the year its
    clause writes when that is not the report's own (``period``: 由2023年的2.74亿元 → 2023)."""
    from drafter.quantity.writing import plain_number
    from drafter.notes import APPROX_WORDS

    if figure_key(quantity) is None or not quantity.unit:
        return None
    assert quantity.value is not None
    value, unit = quantity.value, quantity.unit
    if quantity.scale in BIG_UNITS:
        value = value / BIG_UNITS[quantity.scale]
        if unit == "元":
            unit = quantity.scale + unit
    shown: str | float | int = plain_number(value) + ("" if unit.startswith(quantity.scale) else quantity.scale)
    if re.fullmatch(r"\d+", str(shown)):
        shown = int(str(shown))
    elif re.fullmatch(r"\d+\.\d+", str(shown)):
        shown = float(str(shown))
    row: dict[str, object] = {"name": name, "value": shown, "unit": unit}
    approx = next((w for w in APPROX_WORDS if w in quantity.text), None)
    if approx:
        row["approx"] = approx
    if period is not None:
        row["period"] = period
    row["section"] = section
    return row


def _bound_name(sentence: str, quantities: list[Quantity], index: int, previous: str) -> str:
    """The noun phrase a figure counts: the words of its clause (time words and 达/为 trimmed);
    a figure with no words of its own ("…600余家、800余人次") shares the previous figure's name, and so
    does the end of a change ("由2023年的2.74亿元增加到2024年9.81亿元": both are 技术合同成交额)."""
    from drafter.figures.supplied import change_ends, clause_words

    if index > 0 and change_ends(sentence, quantities[index - 1], quantities[index]):
        return previous
    before, after = clause_words(sentence, quantities, index)
    verb = _VERB_AFTER.search(after, 2)
    before, after = _LEADING_TIME.sub("", before), after[:verb.start() if verb else 10]
    if _TRAILING_VERB.search(before) and len(_TRAILING_VERB.sub("", before)) >= 2:
        name = _TRAILING_VERB.sub("", before)  # "科技型中小企业数量达223家": the noun comes first
    else:
        name = before + after  # "推荐…项目3个" or "获70万元资金支持": the noun may follow
    name = tidy_name(name)
    return name if len(name) >= 2 else previous


def tidy_name(name: str) -> str:
    """A name as a person would write it: "技术合同成交额由的增加到" → 技术合同成交额 (the change's 由…到
    cut), "二是引进各类人才" → 引进各类人才, "至累计申报省级以上科技项目" → 累计申报省级以上科技项目,
    "到目前全县共建立…" → 全县共建立…, "专家学者开展了" → 专家学者开展. Each cut is made only where at least two characters remain."""
    change = _CHANGE_START.search(name, 2)
    if change:
        rest = name[change.end():]
        if re.fullmatch(r"[的年度]*", rest) or re.search(r"[到至]", rest):
            name = name[:change.start()]
    for pattern in (_LEADING_LINK, _LEADING_TIME, _TRAILING_PARTICLE):
        cut = pattern.sub("", name)
        if len(cut) >= 2:
            name = cut
    return name


def _section_outline(section: Section, indicators: list[dict[str, object]], year: int) -> dict[str, object]:
    """A section's heading, facts and sub-sections; its figures are added to ``indicators``, each with
    the year its clause writes where that is not ``year``, the report's."""
    from drafter.figures.extract import extract_quantities
    from drafter.figures.supplied import written_year
    from drafter.text import split_sentences

    heading = re.sub(r"[\s。：:；;，,]+$", "", section.heading)
    facts = [s for paragraph in section.body for s in split_sentences(paragraph)]
    previous = heading
    for fact in facts:
        quantities = extract_quantities(fact)
        for index, quantity in enumerate(quantities):
            previous = _bound_name(fact, quantities, index, previous)
            written = written_year(fact, quantities, index)
            row = _indicator_row(quantity, previous, heading, written if written != year else None)
            if row and not any(r["name"] == row["name"] and r["value"] == row["value"]
                               and r["unit"] == row["unit"] and r.get("period") == row.get("period")
                               for r in indicators):
                indicators.append(row)
    out: dict[str, object] = {"heading": heading}
    if facts:
        out["facts"] = facts
    if section.children:
        out["sections"] = [_section_outline(child, indicators, year) for child in section.children]
    return out


def document_kind(title: str) -> str:
    """文种 from a title: 述职报告, 上半年总结, 总结和计划, 计划 or 总结."""
    if "述职" in title:
        return "述职报告"
    if "上半年" in title:
        return "上半年总结"
    if "总结" in title and "计划" in title:
        return "总结和计划"
    return "计划" if "计划" in title or "打算" in title else "总结"


def document_year(document: Document) -> tuple[int, bool]:
    """The year a document summarises (the first year its title names, else its text's) and whether it
    was found at all (else last year is a guess)."""
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d|19\d\d)(?!\d)", document.title)] or document.years
    return (min(years), True) if years else (dt.date.today().year - 1, False)


def notes_data(document: Document) -> dict[str, Any]:
    """The notes of a document as plain data with English keys (NOTES_FORMAT): title, unit, year, date,
    kind, indicators (every figure, bound to its noun phrase, section and, when its clause writes another
    year than the document's, that year as ``period``), sections (headings and facts)."""
    year, _ = document_year(document)
    unit = document.unit or (re.search(r"\S*?科学?技术?局", document.title) or [None])[0] or "科学技术局"
    indicators: list[dict[str, object]] = []
    outline = [_section_outline(section, indicators, year) for section in document.sections]
    return {"title": document.title, "unit": unit, "year": year, "date": f"{year + 1}-01-15",
            "kind": document_kind(document.title), "indicators": indicators, "sections": outline}


# --------------------------------------------------------------------------- reading a report

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


def read_report(path: Path) -> Document:
    """Last year's report as a corpus Document. A Word file whose headings carry Word's heading styles
    (Heading 1–4, 标题 1–4, or an outline level) and a Markdown file with # headings are read by those
    marks; other files by their numbered headings (一、（一）1.（1）), cleaned like the corpus."""
    from drafter.files import require_file

    path = Path(path)
    require_file(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".md", ".markdown", ".txt"):
        raise InputError(path, "last year's report must be a .docx, .md or .txt file")
    marked = _marked_paragraphs(path, suffix)
    if marked is not None:
        return _document_from_marked(path, marked)
    return _corpus_document(path)


def _marked_paragraphs(path: Path, suffix: str) -> list[tuple[int, str]] | None:
    """(heading level or 0 for body, text) of each paragraph, when the file marks its headings."""
    if suffix == ".docx":
        from drafter.export.reading import open_docx

        document = open_docx(path)
        paras = [(_docx_level(p), p.text.strip()) for p in document.paragraphs]
    elif suffix in (".md", ".markdown"):
        from drafter.files import read_text

        text = read_text(path)
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)  # front matter
        paras = []
        for line in text.split("\n"):
            hashes = re.match(r"^(#{1,6})\s+(.*)$", line.strip())
            paras.append((len(hashes.group(1)), hashes.group(2).strip()) if hashes else (0, line.strip()))
        if sum(1 for level, _ in paras if level == 1) == 1:  # one "# …" is the title
            paras = [(-1 if level == 1 else level, text) for level, text in paras]
    else:
        return None
    paras = [(level, text) for level, text in paras if text]
    if sum(1 for level, _ in paras if level > 0) < 2:
        return None
    return paras


def _docx_level(paragraph: Any) -> int:
    """The heading level Word gives a paragraph: its style (Heading 2, 标题 2) or outline level; 0 for
    body text, -1 for the Title style."""
    from docx.oxml.ns import qn

    style = paragraph.style
    while style is not None:
        name = (style.name or "").strip()
        if name.lower() in ("title", "标题"):
            return -1
        found = _HEADING_STYLE.match(name)
        if found:
            return int(found.group(1))
        ppr = style.element.find(qn("w:pPr"))
        level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if level is not None and level.get(qn("w:val"), "9").isdigit() and int(level.get(qn("w:val"))) < 9:
            return int(level.get(qn("w:val"))) + 1
        style = style.base_style
    ppr = paragraph._p.pPr
    level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if level is not None and level.get(qn("w:val"), "9").isdigit() and int(level.get(qn("w:val"))) < 9:
        return int(level.get(qn("w:val"))) + 1
    return 0


def _document_from_marked(path: Path, paras: list[tuple[int, str]]) -> Document:
    """A Document from paragraphs whose heading levels are known; a heading's own number is dropped."""
    from drafter.corpus.model import Document, Section
    from drafter.corpus.outline import split_heading

    title = next((text for level, text in paras if level == -1), "")
    body_paras = [(level, text) for level, text in paras if level != -1]
    if not title and body_paras and body_paras[0][0] == 0:
        title = body_paras.pop(0)[1]
    preamble: list[str] = []
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []  # open headings with the level the file gave them
    for level, text in body_paras:
        if level > 0:
            while stack and stack[-1][0] >= level:
                stack.pop()
            parts = split_heading(text)
            section = Section(min(len(stack) + 1, 4), parts.number if parts else "",
                              parts.heading if parts and parts.heading else text)
            if len(stack) >= 4:  # deeper than the four levels of a notes outline: a sibling of the fourth
                stack.pop()
            (stack[-1][1].children if stack else roots).append(section)
            stack.append((level, section))
        elif stack:
            stack[-1][1].body.append(text)
        else:
            preamble.append(text)
    years = sorted({int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", title)})
    unit = (re.search(r"\S*?科学?技术?局", title) or [None])[0]
    return Document(id=path.stem, title=title or path.stem, source=path.name, unit=unit, years=years,
                    preamble=preamble, sections=roots)


def _corpus_document(path: Path) -> Document:
    """The report cleaned and split like a corpus sample; a compilation gives its longest document."""
    from drafter.config import load_settings
    from drafter.corpus.build import documents_of_file

    documents = [d for d in documents_of_file(load_settings(), path) if d.sections]
    if not documents:
        raise InputError(path, "no numbered headings found (一、（一）1.（1）, or Word heading styles); "
                               "is this a work summary or plan?")
    return max(documents, key=lambda d: len(d.text()))


# --------------------------------------------------------------------------- next year's notes

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*[年—–\-~～至到]|\s*$)")


def move_years(text: str, shift: int) -> str:
    """Every year in ``text`` moved on by ``shift``: "2025年工作总结和2026年工作计划" → "2026年…和2027年…"."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text) if shift else text


def _headings(item: dict[str, Any]) -> Iterator[str]:
    yield str(item["heading"])
    for child in item.get("sections", []):
        yield from _headings(child)


def _one_row_per_indicator(rows: list[dict[str, Any]], last_year: int
                           ) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Last year's figures, one row per indicator for next year's notes: the figures of one name and unit
    written for different years ("由2025年的26家增加到2026年的31家") become the latest year's row, with the
    earlier ones beside it (they go in 备注); figures of one name for the same year stay apart (two things
    a sentence named alike)."""
    out: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for row in rows:
        when = int(str(row.get("period", last_year)))
        same = next((entry for entry in out if (entry[0]["name"], entry[0]["unit"]) == (row["name"], row["unit"])
                     and all(int(str(r.get("period", last_year))) != when for r in (entry[0], *entry[1]))), None)
        if same is None:
            out.append((row, []))
            continue
        kept = same[0]
        if int(str(kept.get("period", last_year))) < when <= last_year or (
                int(str(kept.get("period", last_year))) > last_year >= when):
            same[1].append(kept)
            out[out.index(same)] = (row, same[1])
        else:
            same[1].append(row)
    return out


@dataclass
class DerivedNotes:
    """Next year's notes, the comment lines that head the file and last year's sentences per section."""

    notes: Notes
    header: list[str] = field(default_factory=list)
    reminders: dict[tuple[int, ...], list[str]] = field(default_factory=dict)


def notes_from_report(path: Path, *, year: int | None = None) -> DerivedNotes:
    """Next year's notes from last year's report (see the module docstring)."""
    from drafter.quantity.numerals import parse_number
    from drafter.quantity.writing import written_figure
    from drafter.notes import TO_FILL, Indicator, Notes, OutlineSection

    document = read_report(Path(path))
    data = notes_data(document)
    last_year, found = document_year(document)
    year = year if year is not None else last_year + 1
    shift = year - last_year
    reminders: dict[tuple[int, ...], list[str]] = {}

    def section(item: dict[str, Any], position: tuple[int, ...]) -> OutlineSection:
        if item.get("facts"):
            reminders[position] = list(item["facts"])
        children = [section(child, (*position, i)) for i, child in enumerate(item.get("sections", []))]
        return OutlineSection(move_years(str(item["heading"]), shift), sections=children)

    # The year each section's figures belong to: the year its top heading names when later than the notes'
    # ("2027年工作计划": its targets are 2027's), else the notes' year.
    periods: dict[str, int] = {}
    for top in data["sections"]:
        named = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", move_years(str(top["heading"]), shift))]
        for heading in _headings(top):
            periods.setdefault(move_years(heading, shift), max([year, *named]))

    indicators = []
    for row, earlier in _one_row_per_indicator(data["indicators"], last_year):
        raw = str(row["value"])
        when = int(str(row.get("period", last_year)))
        approx = str(row.get("approx") or "")
        notes = [f"去年为约数（{written_figure(raw, str(row['unit']), approx)}）"] if approx else []
        if when > last_year:  # "力争2026年新增高新技术企业2家" in last year's plan
            notes.append(f"去年报告里{when}年的目标，不是实际数")
        notes += [f"去年报告还写了{other.get('period', last_year)}年为"
                  f"{written_figure(str(other['value']), str(other['unit']), str(other.get('approx') or ''))}"
                  for other in earlier]
        section_name = move_years(str(row["section"]), shift)
        indicators.append(Indicator(
            name=move_years(str(row["name"]), shift), value=None, unit=str(row["unit"]), raw_value=TO_FILL,
            period=str(periods.get(section_name, year)), previous=parse_number(raw), raw_previous=raw,
            previous_period=str(when), section=section_name, note="；".join(notes) or None))
    title = re.sub(r"\s*\n\s*", "", document.title)  # a title printed on two lines (w:br) is one title
    notes = Notes(title=move_years(title, shift), unit=str(data["unit"]), year=year,
                  sections=[section(item, (i,)) for i, item in enumerate(data["sections"])],
                  kind=str(data["kind"]), indicators=indicators, date_given=False)
    header = [f"{year}年的提要，由 drafter notes from-report 从 {Path(path).name}（{last_year}年）整理。",
              f"每个指标的“数值: {TO_FILL}”改成今年的数字（上期值是去年报告里的数字，上期是原文写的年份）；起草前必须全部填好。",
              "每节“要点”下以 # 开头的是去年的原话：改写成今年的情况，再删去行首的 #。",
              "标题和各节标题里的年份已顺延一年，请核对。"]
    if not found:
        header.append(f"原文没有写明年份：{last_year} 是推测的，请核对“年度”。")
    if not notes.sections:
        raise InputError(path, "no headings found; the report needs headings (一、 or Word heading styles)")
    return DerivedNotes(notes, header, reminders)
