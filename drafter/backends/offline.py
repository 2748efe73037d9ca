"""The offline composer: writes each section in 公文 style from its facts and bound indicators only.

It never states a figure that is not in the task: facts are copied with their figures untouched (only
list markers and punctuation are tidied), and an indicator is rendered as its name, value, unit,
approximation word and period as supplied; a change is phrased with both supplied values
("由2020年的2.06%提高到2023年的2.79%"), never as a computed rate. Templates carry no figures. The same
task always gives the same text: wording variants are chosen by the section's ordinal.

It writes as a careful staff member does: a body starts with its own content (the section's data,
then its facts), never by restating the heading printed above it; a lead sentence only introduces the
list of a section that names a whole part (2025年工作回顾, 存在的问题, 下一步打算); nothing claims a
result (成效, 新台阶) the notes do not state; a document gets at most one closing line, after its last
section when that is the plan as a whole. No figure is stated twice in a row: where a fact already
states an indicator's value, its change is written there (:func:`merge_change`). A problems section
states its data plainly inside the problem it is evidence of, never as a rise (:func:`weave_problems`).
An instruction is read with the vocabulary of drafter.backends.instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from drafter.backends.base import OPENING_KEY, Reply, Round, SectionTask
from drafter.backends.instructions import Unfollowed, asks_for, unfollowed
from drafter.config import Settings
from drafter.doc_kinds import doc_kind, wording
from drafter.export.model import chinese_numeral
from drafter.notes import Indicator
from drafter.quantity.numerals import BIG_UNITS
from drafter.quantity.writing import plain_number, written_figure

PLACEHOLDER = "【待补充】"

# ----------------------------------------------------------------------------- the writing unit


@dataclass(frozen=True)
class Jurisdiction:
    """Who leads the writing unit and how its area is named: 市 → 市委、市政府 / 全市."""

    leadership: str
    scope: str


_LEVELS = {
    "自治区": Jurisdiction("自治区党委、政府", "全区"),
    "自治州": Jurisdiction("州委、州政府", "全州"),
    "自治县": Jurisdiction("县委、县政府", "全县"),
    "省": Jurisdiction("省委、省政府", "全省"),
    "市": Jurisdiction("市委、市政府", "全市"),
    "州": Jurisdiction("州委、州政府", "全州"),
    "盟": Jurisdiction("盟委、行署", "全盟"),
    "县": Jurisdiction("县委、县政府", "全县"),
    "旗": Jurisdiction("旗委、旗政府", "全旗"),
    "区": Jurisdiction("区委、区政府", "全区"),
}
_UNKNOWN_LEVEL = Jurisdiction("上级党委、政府", "")
_LEVEL_WORD = re.compile("|".join(sorted(_LEVELS, key=len, reverse=True)))


def jurisdiction(unit: str) -> Jurisdiction:
    """The level of the unit's area, from the last 省/市/县/区… before the bureau's own name."""
    area = re.split(r"科学技术|科技", unit, maxsplit=1)[0]
    found = _LEVEL_WORD.findall(area)
    return _LEVELS[found[-1]] if found else _UNKNOWN_LEVEL


def self_reference(unit: str) -> str:
    """How the unit names itself in its own report: 我局, 我委, 我办 …"""
    for ending, name in (("局", "我局"), ("委员会", "我委"), ("委", "我委"), ("办公室", "我办"), ("办", "我办"),
                         ("中心", "我中心")):
        if unit.endswith(ending):
            return name
    return "我们"


# ----------------------------------------------------------------------------- punctuation

_ASCII_QUOTED = re.compile(r'"([^"]*)"')
_ASCII_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_ASCII_COLON = re.compile(r"(?<!\d):|:(?!\d)")
_ASCII_STOP = re.compile(r"(?<![0-9A-Za-z])\.|\.(?![0-9A-Za-z])")
_SPACE_NEAR_CJK = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")
_HALF_TO_FULL = str.maketrans({";": "；", "?": "？", "!": "！", "(": "（", ")": "）"})
_TIDY = (
    (re.compile(r"[，、；：]+(?=[。！？])"), ""),  # "，。" → "。"
    (re.compile(r"([。！？])[，、；：。]+"), r"\1"),  # "。；" "。。" → "。"
    (re.compile(r"([，；、])[，；、]+"), r"\1"),
)
_CLAUSE_END = "。；;，,、：:.！？!? \t"


def full_width(text: str) -> str:
    """ASCII punctuation to the full-width Chinese forms, leaving figures (1,234 / 3.5 / 15:30) alone."""
    text = _ASCII_QUOTED.sub(r"“\1”", text.strip())
    text = _ASCII_COMMA.sub("，", text)
    text = _ASCII_COLON.sub("：", text)
    text = _ASCII_STOP.sub("。", text)
    return _SPACE_NEAR_CJK.sub("", text.translate(_HALF_TO_FULL))


def tidy(paragraph: str) -> str:
    """No doubled or stacked stops, and the paragraph ends with a full stop (or a colon before a list)."""
    for pattern, replacement in _TIDY:
        paragraph = pattern.sub(replacement, paragraph)
    paragraph = paragraph.rstrip()
    if paragraph.endswith(("；", "，", "、")):
        paragraph = paragraph[:-1]
    if not paragraph.endswith(("。", "！", "？", "：")):
        paragraph += "。"
    return paragraph


_LIST_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d)"
    r"|[一二三四五六七八九十]+、|[-•·*●▪]\s*)\s*")


def clean_fact(fact: str) -> str:
    """A user's bullet as a clause: its own list marker and trailing stop removed, punctuation tidied."""
    return full_width(_LIST_MARKER.sub("", fact, count=1)).rstrip(_CLAUSE_END)


def has_inner_sentence(clause: str) -> bool:
    return any(mark in clause for mark in "。！？")


def has_own_enumeration(clauses: list[str]) -> bool:
    return any(re.search(r"[一二三四五六七八九十]是", c) for c in clauses)


# ----------------------------------------------------------------------------- indicators

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_RATE_UNITS = ("%", "％", "个百分点", "‰")
_NO_LINK_START = ("新增", "完成", "申报", "争取", "引进", "全职引进", "发放", "举办", "开展", "组织", "培训",
                  "落实", "推广", "获批", "实现", "选派", "认定", "登记", "建成", "立项", "累计", "攻克",
                  "服务", "指导", "提供", "帮助", "资助", "办理", "转化", "签订", "促成", "解决", "联合",
                  "吸引", "培育", "招引", "推荐", "承办", "争创", "创建", "获得")
_NO_LINK_END = ("入库", "认定", "申报", "立项", "登记", "引进", "培训", "发放", "选派", "获批", "新增", "增长",
                "增加", "提高", "下降", "减少", "指导", "服务", "推广")


def value_text(indicator: Indicator) -> str:
    """The value as the user wrote it ("3.5万", "两千零八"), or its plain form for a bare number."""
    raw = indicator.raw_value.strip()
    if raw and not _PLAIN_NUMBER.fullmatch(raw):
        return raw
    return plain_number(indicator.value)


def previous_text(indicator: Indicator) -> str:
    """The earlier value, written with the same 万/亿 as the current one."""
    assert indicator.previous is not None
    raw = indicator.raw_value.strip()
    if raw and raw[-1] in BIG_UNITS and _PLAIN_NUMBER.fullmatch(raw[:-1].strip()):
        return plain_number(indicator.previous / BIG_UNITS[raw[-1]]) + raw[-1]
    return plain_number(indicator.previous)


def current_text(indicator: Indicator) -> str:
    """The value with its unit and approximation word: 28家, 10余次, 20%以上."""
    return written_figure(value_text(indicator), indicator.unit.strip(), indicator.approx)


def when(period: str | None) -> str:
    """2024 → 2024年; "2020年至2024年", "1-10月" stay as written."""
    if not period:
        return ""
    period = period.strip()
    return period + "年" if re.fullmatch(r"\d{4}", period) else period


def indicator_figures(indicator: Indicator) -> list[str]:
    """The figure strings the composer writes for an indicator."""
    figures = [current_text(indicator)]
    if indicator.previous is not None:
        figures.append(previous_text(indicator) + indicator.unit.strip())
    return figures


def _stated_in(figure: str, text: str) -> bool:
    return re.search(r"(?<![\d.])" + re.escape(figure), text) is not None


def _in_words(indicator: Indicator) -> list[str]:
    """How a fact may write a small whole figure in words: 2次 → 两次, 二次; 12项 → 十二项 (none for others)."""
    value, unit = indicator.value, indicator.unit.strip()
    if (indicator.previous is not None or indicator.approx or not unit or value != value.to_integral_value()
            or not 0 < value < 100 or not _PLAIN_NUMBER.fullmatch(indicator.raw_value.strip() or "0")):
        return []
    words = chinese_numeral(int(value))
    return [words + unit] + (["两" + unit] if value == 2 else [])


def stated_in_facts(indicator: Indicator, facts: str) -> bool:
    """The facts already state the indicator's figures ("先后两次通过考核" states 2次): it is not repeated."""
    if all(_stated_in(f, facts) for f in indicator_figures(indicator)):
        return True
    return any(re.search(r"(?<![一二三四五六七八九十两百千万])" + re.escape(w), facts) for w in _in_words(indicator))


def change_clause(indicator: Indicator, subject: str) -> str:
    """A change between the two supplied values: "…由2020年的2.06%提高到2023年的2.79%"."""
    assert indicator.previous is not None
    unit = indicator.unit.strip()
    rate = unit in _RATE_UNITS or any(w in subject for w in ("比重", "占比", "强度", "率"))
    if indicator.value > indicator.previous:
        verb = "提高到" if rate else "增加到"
    elif indicator.value < indicator.previous:
        verb = "下降到" if rate else "减少到"
    else:
        verb = "保持在"
    earlier, later = when(indicator.previous_period), when(indicator.period)
    before = previous_text(indicator) + unit
    after = current_text(indicator)
    return f"{subject}由{earlier + '的' if earlier else ''}{before}{verb}{later + '的' if later else ''}{after}"


def level_clause(indicator: Indicator, subject: str, *, plan: bool) -> str:
    """A level without comparison: "有效期内高新技术企业达28家", "科技型中小企业评价入库70家"."""
    name = full_width(indicator.name)
    link = "" if name.startswith(_NO_LINK_START) or name.endswith(_NO_LINK_END) else ("达到" if plan else "达")
    return f"{subject}{link}{current_text(indicator)}"


def indicator_sentence(indicators: list[Indicator], facts_text: str, scope: str, *, plan: bool) -> str:
    """The indicators not already stated in the facts, as one sentence ("" when there are none).

    The area (全市) is named once, and a period only where it changes from the clause before.
    """
    fresh = [i for i in indicators if not stated_in_facts(i, facts_text)]
    clauses: list[str] = []
    last_period: str | None = None
    for indicator in fresh:
        name = full_width(indicator.name)
        named_area = not clauses and scope and not name.startswith(("全", "我", "本", scope))
        subject = scope + name if named_area else name
        if indicator.previous is not None:
            clauses.append(change_clause(indicator, subject))
            last_period = None
            continue
        period = when(indicator.period)
        prefix = "" if period == last_period or not period else (period + ("，" if not clauses else ""))
        last_period = period or last_period
        clauses.append(prefix + level_clause(indicator, subject, plan=plan))
    if not clauses:
        return ""
    separator = "；" if len(clauses) > 2 and any(i.previous is not None for i in fresh) else "，"
    sentence = separator.join(clauses) + "。"
    if not plan:
        return sentence
    period, comma, rest = sentence.partition("，")
    return f"{period}，力争{rest}" if comma and period == when(fresh[0].period) else "力争" + sentence


_YEAR = re.compile(r"\d{4}")


def is_baseline(indicator: Indicator, planned: int) -> bool:
    """In a plan, an indicator of a year before the one planned is where the work starts from, not a
    target: 有效期内高新技术企业412家 (时期 2025) in a plan for 2026 is written as a level, never with 力争."""
    years = _YEAR.findall(indicator.period or "")
    return bool(years) and int(years[-1]) < planned


def data_sentences(task: SectionTask, *, plan: bool, facts: str | None = None) -> str:
    """The section's indicators as sentences: in a plan, the levels reached first, then the targets.
    ``facts`` is the text of the facts as they will be written (the task's own by default)."""
    facts = "".join(task.facts) if facts is None else facts
    scope = jurisdiction(task.unit).scope
    if not plan:
        return indicator_sentence(list(task.indicators), facts, scope, plan=False)
    planned = wording(task.doc_kind, task.doc_title, task.year).plan_year
    levels = [i for i in task.indicators if is_baseline(i, planned)]
    targets = [i for i in task.indicators if not is_baseline(i, planned)]
    return (indicator_sentence(levels, facts, scope, plan=False)
            + indicator_sentence(targets, facts, scope, plan=True))


def _subject(indicator: Indicator, scope: str) -> str:
    """How a sentence names the indicator: with its area unless the name already says whose it is."""
    name = full_width(indicator.name)
    return name if not scope or name.startswith(("全", "我", "本", scope)) else scope + name


_LINK_VERB = re.compile(r"(?:累计|总数|总量)?(?:达到|达|为|共有|共|有)$")
_LEADING_PERIOD = re.compile(r"^(?:\d{4}年|\d{1,2}(?:[-—~至]\d{1,2})?月|全年|上半年|今年)(?:以来)?，?")


def names_indicator(indicator: Indicator, before: str) -> bool:
    """The words before a figure name the indicator: its name's end ("成交额" of 技术合同成交额), or two
    words of it ("有效期内高企" of 有效期内高新技术企业) — one common word (企业) is not enough."""
    name = full_width(indicator.name)
    subject = _LEADING_PERIOD.sub("", _LINK_VERB.sub("", before.rsplit("，", 1)[-1]))
    if len(subject) >= 2 and (name.endswith(subject) or name in subject):
        return True
    return sum(1 for g in {name[i:i + 2] for i in range(len(name) - 1)} if g in before) >= 2


def earlier_value(indicator: Indicator) -> str:
    """The earlier value as an aside after the current one: "（2025年为26家）"."""
    return f"（{when(indicator.previous_period) or '上期'}为{previous_text(indicator)}{indicator.unit.strip()}）"


# the fact already compares the figure with an earlier one: "成交额5.82亿元，同比增长24.6%"
_COMPARED = re.compile(r"^[，、]?(?:同比|比上年|比去年|较|增长|提高|下降|增加|减少|净增|年均|环比)")


def merge_change(indicator: Indicator, clauses: list[str], *, plan: bool) -> list[str] | None:
    """The facts, when one already states the indicator's current value, with its change written there
    — so the figure is not stated twice in a row; None when no fact states it.

        "…，全县有效期内高新技术企业达到31家" + 26家 (2025) → "…，全县有效期内高新技术企业由2025年的26家增加到2026年的31家"
        "登记技术合同86项，成交额约1.2亿元" + 0.95亿元 → "登记技术合同86项，成交额由2025年的0.95亿元增加到2026年的约1.2亿元"
        "成交额5.82亿元，同比增长24.6%" → unchanged: the fact compares it already (the earlier value is not needed)

    The part of the fact must name the indicator (a word of its name before the figure). Where the
    figure does not end the part, or in a plan, the earlier value follows it as an aside ("（2025年为26家）").
    """
    current = current_text(indicator)
    facts = "".join(clauses)
    if indicator.previous is None or not _stated_in(current, facts):
        return None
    if _stated_in(previous_text(indicator) + indicator.unit.strip(), facts):
        return clauses
    figure = re.compile(r"(?<![\d.])" + re.escape(current))
    for at, clause in enumerate(clauses):
        parts = _CLAUSE_SPLIT.split(clause)
        for index, part in enumerate(parts):
            body = part.rstrip("，；")
            found = figure.search(body)
            if not found or not names_indicator(indicator, body[:found.start()]):
                continue
            before, after = body[:found.start()], body[found.end():]
            following = after or "".join(parts[index + 1:index + 2])
            if _COMPARED.search(following if after else "，" + following):
                return clauses
            subject = _LEADING_PERIOD.sub("", _LINK_VERB.sub("", before))
            if not plan and not after and subject and not subject.endswith(("，", "、")):
                body = change_clause(indicator, subject)
            else:
                body = body[:found.end()] + earlier_value(indicator) + after
            parts[index] = body + part[len(part.rstrip("，；")):]
            return [*clauses[:at], "".join(parts), *clauses[at + 1:]]
    return None


def level_aside(indicator: Indicator, scope: str) -> str:
    """An indicator stated without a verdict, for a problems section: "2025年全县R&D经费投入强度为1.35%
    （2024年为1.21%）" — never "由…提高到…", which reads as an achievement among the problems."""
    earlier = earlier_value(indicator) if indicator.previous is not None else ""
    return f"{when(indicator.period)}{_subject(indicator, scope)}为{current_text(indicator)}{earlier}"


def weave_problems(indicators: list[Indicator], clauses: list[str], scope: str) -> tuple[list[str], str]:
    """A problems section's indicators: each woven into the problem it is evidence of (the item sharing
    the most words with its name, at least two), after that item's first part:

        "全社会研发投入强度偏低，低于全省平均水平" + R&D经费投入强度 1.35% (2025; 2024: 1.21%)
        → "全社会研发投入强度偏低，2025年全县R&D经费投入强度为1.35%（2024年为1.21%），低于全省平均水平"

    The ones no item names are stated after the list in the same plain voice. Returns the items and that
    closing sentence ("" when none is left).
    """
    clauses, left = list(clauses), []
    for indicator in indicators:
        if stated_in_facts(indicator, "".join(clauses)):
            continue
        name = full_width(indicator.name)
        scores = [(sum(1 for i in range(len(name) - 1) if name[i:i + 2] in c), -at) for at, c in enumerate(clauses)]
        best = max(scores, default=(0, 0))
        if best[0] < 2:
            left.append(indicator)
            continue
        at = -best[1]
        first, comma, rest = clauses[at].partition("，")
        clauses[at] = f"{first}，{level_aside(indicator, scope)}" + (f"，{rest}" if comma else "")
    return clauses, "".join(level_aside(i, scope) + "。" for i in left)


# ----------------------------------------------------------------------------- headings and voice

_FIGURE_DIGITS = re.compile(r"\d+(?:\.\d+)?(?![\d年月日])")  # digits that are not a year or date
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》")
_FRAMING_START = ("围绕", "依托", "聚焦", "按照", "坚持", "以")
_PLAN_START = ("计划", "力争", "确保", "争取", "争创", "进一步", "着力", "将", "继续", "持续", "预计")
_PLAN_WORD = re.compile(r"力争|确保|计划(?!项目)|争取|预计|目标")
_GENERIC = {
    "review": re.compile(r"回顾|工作情况|主要工作|工作成效|主要成效|取得的成效|工作总结|工作开展|履职情况"),
    "plan": re.compile(r"计划|打算|思路|安排|重点工作|工作举措|工作目标|主要目标|主要任务"),
    "problems": re.compile(r"问题|不足|困难|短板|差距|薄弱环节"),
}


def topic(heading: str) -> str:
    return full_width(heading).rstrip(_CLAUSE_END)


def is_generic(heading: str, kind: str) -> bool:
    """The heading names a part of the document as a whole (2025年工作回顾, 下一步打算, 存在的问题), not a
    topic; a programme's name in quotes ("芙蓉计划") does not count."""
    pattern = _GENERIC.get(kind)
    return bool(pattern and pattern.search(_QUOTED.sub("", heading)))


_CLAUSE_SPLIT = re.compile(r"(?<=[，；])")


def plan_voice(clause: str) -> str:
    """A plan item in the 力争 voice: 力争 goes before the first part of the item that sets a figure,
    unless the item already speaks as a plan (力争, 确保, 计划 … anywhere in it).

        "建立科技型企业梯次培育库，入库企业不少于300家" → "建立科技型企业梯次培育库，力争入库企业不少于300家"
        "技术合同成交额力争突破10亿元" → unchanged; "围绕“4+9”产业体系争取项目" → unchanged (a name, no target)
    """
    if clause.startswith(_PLAN_START + _FRAMING_START) or _PLAN_WORD.search(_QUOTED.sub("", clause)):
        return clause
    parts = _CLAUSE_SPLIT.split(clause)
    for index, part in enumerate(parts):
        if _FIGURE_DIGITS.search(_QUOTED.sub("", part)):
            if part.startswith(_PLAN_START + _FRAMING_START + ("其中",)):
                return clause
            return "".join(parts[:index]) + "力争" + "".join(parts[index:])
    return clause


# The sentence templates of the composer, by family: {me} 我局 (本人 in a 述职报告), {scope} 全市, {when}
# the time a plan is for (2026年, 下半年). No template names the section's heading (it is printed just
# above the body) or claims a result the notes do not state: a lead only introduces the list of a
# section whose heading names a whole part of the document (2025年工作回顾, 存在的问题, 下一步打算).
# A family's k-th variant serves the sections of a kind whose ordinal is k or k + len(family); from
# 2 × len(family) on a section gets none, so no template stands more than twice in one document.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "review.generic": ("{me}重点做了以下工作：", "{me}主要开展了以下工作："),
    "problems.generic": ("在肯定成绩的同时，我们也清醒地认识到，{scope}科技工作还存在一些问题和不足，主要表现在：",
                         "对照新形势新要求，{scope}科技工作还存在一些短板和不足，主要是："),
    "problems.personal": ("对照岗位职责和组织要求，{me}还存在一些不足，主要是：",),
    "plan.generic": ("{when}，{me}将重点抓好以下工作：", "{when}，{me}将着力抓好以下几项工作："),
    "plan.targets": ("{when}的主要目标是：",),
    # the one closing line of a document: after its last section, when that is the plan as a whole
    "plan.closing": ("{me}将逐项细化措施、压实责任，确保各项任务按期落实。",),
}


def nth(family: str, ordinal: int) -> str:
    """The variant of a template family for the section with this ordinal ("" once each was used twice)."""
    options = TEMPLATES[family]
    return options[ordinal % len(options)] if ordinal < 2 * len(options) else ""


def speaker(task: SectionTask) -> str:
    """Who speaks in the body: the unit (我局), or 本人 in a 述职报告."""
    return "本人" if task.doc_kind == "述职报告" else self_reference(task.unit)


def plan_time(task: SectionTask) -> str:
    """When a plan section's work is to be done: 下一步 after a review, 下半年 after a half year's
    summary, the year itself (2026年) in a plan-only document."""
    if task.doc_kind == "上半年总结":
        return "下半年"
    if doc_kind(task.doc_kind).reviews:
        return "下一步"
    return f"{wording(task.doc_kind, task.doc_title, task.year).plan_year}年"


_OWN_LEAD = re.compile(r"(?:主要表现在|表现在|主要是|如下|以下几个方面)[：:。]?$")


def _lead_family(task: SectionTask, kind: str, clauses: list[str]) -> str | None:
    """Which family introduces the list of a section (None: the body starts with its own content).

    Only a section whose heading names a whole part gets a lead, and only before a list of two items
    or more that does not open with a lead of its own (…，主要表现在). A plan whose items all set figures
    under a heading naming 目标 introduces them as its targets.
    """
    heading = topic(task.heading)
    if not is_generic(heading, kind) or len(clauses) < 2 or _OWN_LEAD.search(clauses[0]):
        return None
    if kind == "problems":
        return "problems.personal" if task.doc_kind == "述职报告" else "problems.generic"
    if kind == "plan" and "目标" in heading and all(_FIGURE_DIGITS.search(_QUOTED.sub("", c)) for c in clauses):
        return "plan.targets"
    return f"{kind}.generic"


def _lead(task: SectionTask, kind: str, clauses: list[str]) -> str:
    """The sentence that introduces a section's list ("" when none is wanted or the family is used up)."""
    family = _lead_family(task, kind, clauses)
    if family is None:
        return ""
    when_ = plan_time(task) if kind == "plan" else ""
    return nth(family, task.ordinal).format(me=speaker(task), scope=jurisdiction(task.unit).scope, when=when_)


def is_last_section(task: SectionTask) -> bool:
    """The section is the document's last (the outline's last line is its number and heading)."""
    lines = [line.strip() for line in task.outline if line.strip()]
    return bool(lines) and lines[-1] == f"{task.number}{task.heading}".strip()


def _closing(task: SectionTask) -> str:
    """The document's one closing line: only after its last section, when that is the plan as a whole
    (下一步打算 …); a plan of topics ends with its last item."""
    if not (is_last_section(task) and is_generic(topic(task.heading), "plan")):
        return ""
    return TEMPLATES["plan.closing"][0].format(me=speaker(task))


def _placeholder(task: SectionTask, kind: str) -> str:
    wanted = {"plan": "工作目标和具体举措", "problems": "存在的具体问题"}.get(kind, "具体做法和成效")
    return f"（本部分待补充：请在要点中提供“{topic(task.heading)}”的{wanted}。）{PLACEHOLDER}"


# ----------------------------------------------------------------------------- assembling


def _items(clauses: list[str], *, enumerate_: bool) -> list[str]:
    """Clauses with 一是…二是… markers (when enumerating) and their separators (；, or 。 for long ones)."""
    separator = "。" if any(has_inner_sentence(c) for c in clauses) or not enumerate_ else "；"
    marked = [f"{chinese_numeral(i)}是{c}" if enumerate_ else c for i, c in enumerate(clauses, start=1)]
    return [m + (separator if i < len(marked) - 1 else "。") for i, m in enumerate(marked)]


def _paragraphs(head: str, items: list[str], tail: str, limit: int) -> list[str]:
    """Pack the lead, the items and the closing into paragraphs of about ``limit`` characters."""
    paragraphs: list[str] = []
    current, has_item = head, False
    for piece in [*items, tail] if tail else items:
        if current and len(current) + len(piece) > limit and (has_item or len(current) > limit // 2):
            paragraphs.append(current)
            current, has_item = "", False
        current += piece
        has_item = True
    if current:
        paragraphs.append(current)
    return [tidy(p) for p in paragraphs]


def wants_concise(task: SectionTask) -> bool:
    """An instruction such as 写得更精炼一些 asks for the facts alone, without lead and closing sentences
    (the words people use for it: drafter.backends.instructions)."""
    return asks_for(task.instruction, "concise")


def compose_section(task: SectionTask) -> str:
    """A section body in 公文 style, from the task's facts and indicators only.

    The body starts with its own content — the section's data as one sentence, then its facts —
    unless its heading names a whole part of the document and a list follows (see :func:`_lead`).
    """
    kind = task.section_kind if task.section_kind in ("review", "problems", "plan") else "review"
    clauses = [c for c in (clean_fact(f) for f in task.facts) if c]
    if not clauses and not task.indicators:
        return _placeholder(task, kind)
    plan = kind == "plan"
    if plan:
        clauses = [plan_voice(c) for c in clauses]
    scope = jurisdiction(task.unit).scope
    problems_data = ""
    if kind == "problems":
        clauses, problems_data = weave_problems(list(task.indicators), clauses, scope)
    covered: list[Indicator] = []  # stated by a fact, with their change where it was needed
    if kind != "problems":
        for indicator in task.indicators:
            merged = merge_change(indicator, clauses, plan=plan)
            if merged is not None:
                clauses = merged
                covered.append(indicator)
    concise = wants_concise(task)
    lead = "" if concise else _lead(task, kind, clauses)
    enumerate_ = (len(clauses) > 1 and not has_own_enumeration(clauses)
                  and not (kind == "problems" and not lead))
    items = _items(clauses, enumerate_=enumerate_) if clauses else []
    if items and _OWN_LEAD.search(clauses[-1]) and not task.indicators and not is_last_section(task):
        # "…主要表现在": the sub-sections follow its colon
        items[-1] = items[-1][:-1] + "："
    rest = replace(task, indicators=tuple(i for i in task.indicators if all(i is not c for c in covered)))
    figures = data_sentences(rest, plan=plan, facts="".join(clauses))
    if kind == "problems":  # the list follows the colon of the lead; data no item names comes after
        head, tail = lead, problems_data
    else:
        head, tail = figures + lead, ""
    if plan and not concise:
        tail += _closing(task)
    limit = min(max(task.target_length + 150, 300), 600)  # 公文 paragraphs run to 300–600 characters
    return "\n".join(_paragraphs(head, items, tail, limit))


# ----------------------------------------------------------------------------- the opening


def compose_opening(task: SectionTask) -> str:
    """The opening paragraph: leadership line, the year's keynote and the 现将…如下： formula of its
    文种 (drafter.doc_kinds); a plan states intentions, not results."""
    area = jurisdiction(task.unit)
    kind = task.doc_kind
    words = wording(kind, task.doc_title, task.year)
    when_ = f"{task.year}年上半年" if kind == "上半年总结" else f"{task.year}年"
    around = f"紧紧围绕{area.scope}经济社会发展大局" if area.scope else "紧紧围绕经济社会发展大局"
    if kind == "述职报告":
        party = "局党组" if task.unit.endswith("局") else "单位党组织"
        first = (f"{when_}，本人在{area.leadership}和{party}的正确领导下，在同事们的支持帮助下，认真履行岗位职责，"
                 f"深入贯彻落实党的二十大和二十届历次全会精神，{around}，扎实推进各项科技工作，履职尽责取得新成效。")
    elif not doc_kind(kind).reviews:  # a plan only: what the unit will do
        first = (f"{words.plan_year}年，{task.unit}将在{area.leadership}的坚强领导下，坚持以习近平新时代中国特色"
                 f"社会主义思想为指导，深入贯彻落实党的二十大和二十届历次全会精神，{around}，以科技创新引领"
                 f"高质量发展为主线，统筹推进科技创新各项工作。")
    else:
        first = (f"{when_}，{task.unit}在{area.leadership}的正确领导和上级科技部门的关心支持下，"
                 f"深入贯彻落实党的二十大和二十届历次全会精神，{around}，以科技创新引领高质量发展为主线，"
                 f"扎实推进科技创新服务，各项工作取得新成效。")
    clauses = [c for c in (clean_fact(f) for f in task.facts) if c]
    facts = "".join(_items(clauses, enumerate_=False)) if clauses else ""
    return tidy(first + facts + words.formula)


class OfflineComposer:
    """The ``offline`` backend: deterministic, no network, states only the figures it is given.

    ``settings`` is accepted so every backend is constructed alike; the composer needs none.
    A repair request is answered by composing again (the composer writes no figure of its own).
    """

    name = "offline"
    identity = {"backend": "offline"}

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def write(self, task: SectionTask, round: Round | None = None) -> Reply:
        text = compose_opening(task) if task.key == OPENING_KEY else compose_section(task)
        return Reply(text, model="offline")

    def unfollowed(self, instruction: str | None, *, changed: bool = True) -> list[Unfollowed]:
        """The parts of a rewrite's instruction this composer does not carry out, each with its reason
        (drafter.backends.instructions); with ``changed`` False, also the ones that changed nothing."""
        return unfollowed(instruction, changed=changed)
