"""The offline composer: writes each section in 公文 style from its facts and bound indicators only.

It never states a figure that is not in the task: facts are copied with their figures untouched (only
list markers and punctuation are tidied), and an indicator is rendered as its name, value, unit,
approximation word and period as supplied; a change is phrased with both supplied values
("由2020年的2.06%提高到2023年的2.79%"), never as a computed rate. Templates carry no figures. The same
task always gives the same text: wording variants are chosen by a hash of the section key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from drafter.backends.base import OPENING_KEY, Reply, Round, SectionTask
from drafter.config import Settings
from drafter.doc_kinds import doc_kind, wording
from drafter.export.model import chinese_numeral
from drafter.notes import Indicator
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
_SCALES = {"万": Decimal(10**4), "亿": Decimal(10**8)}
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
    if raw and raw[-1] in _SCALES and _PLAIN_NUMBER.fullmatch(raw[:-1].strip()):
        return plain_number(indicator.previous / _SCALES[raw[-1]]) + raw[-1]
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
    fresh = [i for i in indicators if not all(_stated_in(f, facts_text) for f in indicator_figures(i))]
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


# ----------------------------------------------------------------------------- headings and voice

_ACTION_START = (
    "加强", "增强", "加大", "加快", "强化", "推动", "推进", "提升", "提高", "突出", "发挥", "拓宽", "拓展", "坚持",
    "抓", "优化", "助力", "提质", "注重", "聚力", "聚焦", "布局", "构筑", "构建", "深化", "完善", "实施", "做好",
    "紧盯", "围绕", "健全", "培育", "打造", "建设", "建立", "开展", "组织", "落实", "深入", "全面", "持续",
    "积极", "大力", "着力", "不断", "扎实", "狠抓", "夯实", "激发", "营造", "促进", "扩大", "壮大", "引进",
    "培养", "服务", "统筹", "严格", "规范", "筑牢", "巩固", "争取", "实现", "保障", "用好", "做强", "做优",
    "做实", "精准", "主动", "创新", "强", "促", "育", "稳", "建", "优",
)
_FIGURE_DIGITS = re.compile(r"\d+(?:\.\d+)?(?![\d年月日])")  # digits that are not a year or date
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》")
_FRAMING_START = ("围绕", "依托", "聚焦", "按照", "坚持", "以")
_PLAN_START = ("计划", "力争", "确保", "争取", "进一步", "着力", "将", "继续", "持续", "预计")
_GENERIC = {
    "review": re.compile(r"回顾|工作情况|主要工作|工作成效|主要成效|取得的成效|工作总结|工作开展"),
    "plan": re.compile(r"计划|打算|思路|安排|重点工作|工作举措|工作目标|主要任务"),
    "problems": re.compile(r"问题|不足|困难|短板|差距|薄弱环节"),
}


def topic(heading: str) -> str:
    return full_width(heading).rstrip(_CLAUSE_END)


def is_generic(heading: str, kind: str) -> bool:
    pattern = _GENERIC.get(kind)
    return bool(pattern and pattern.search(heading))


def plan_voice(clause: str) -> str:
    """A plan item in the 力争/计划 voice: targets with figures get 力争 unless already phrased as a plan."""
    unquoted = _QUOTED.sub("", clause)  # “4+9”产业体系 is a name, not a target
    if clause.startswith(_PLAN_START + _FRAMING_START) or not _FIGURE_DIGITS.search(unquoted):
        return clause
    return "力争" + clause


# The sentence templates of the composer, by family: {me} 我局, {scope} 全市, {heading} the section's topic.
# A family's k-th variant serves the sections of a kind whose ordinal is k or k + len(family); from
# 2 × len(family) on a section gets none, so no template stands more than twice in one document.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "problems.generic": ("在肯定成绩的同时，我们也清醒地认识到，{scope}科技工作还存在一些问题和不足，主要表现在：",
                         "对照新形势新要求，{scope}科技工作还存在一些短板和不足，主要是："),
    "plan.generic": ("下一步，{me}将坚持以科技创新引领高质量发展，进一步细化目标任务、压实工作责任。",
                     "{me}将锚定目标任务，强化统筹协调，推动各项工作落地落实。"),
    "plan.focus": ("下一步，{me}将{heading}，推动各项任务落地见效。",
                   "{me}将{heading}，集中力量抓好以下工作。",
                   "{me}将{heading}，确保各项举措取得实效。"),
    "plan.action": ("围绕{heading}，{me}将进一步细化举措、压实责任，推动各项任务落地见效。",
                    "在{heading}方面，{me}计划重点抓好以下工作。",
                    "{heading}方面，{me}将突出重点、精准发力。"),
    "review.generic": ("{me}紧紧围绕中心、服务大局，扎实推进各项科技工作，取得了新的成效。",
                       "{me}坚持稳中求进，统筹推进各项科技工作，各项任务有序落实。"),
    "review.focus": ("{me}{heading}，精心组织、扎实推进，各项工作取得积极成效。",
                     "{me}{heading}，主动作为、狠抓落实，工作取得新进展。"),
    "review.action": ("围绕{heading}，{me}精心组织、扎实推进，各项工作取得积极成效。",
                      "围绕{heading}，{me}多措并举、狠抓落实，工作成效持续显现。",
                      "聚焦{heading}，{me}主动作为、持续发力，推动相关工作落地见效。",
                      "在{heading}方面，{me}持续用力、久久为功。"),
    "plan.closing": ("通过以上举措，推动{scope}科技创新工作再上新台阶。",
                     "确保各项目标任务落到实处、取得实效。",
                     "以实际行动推动{scope}科技事业高质量发展。",
                     "切实把各项工作举措落到实处。"),
}


def nth(family: str, ordinal: int) -> str:
    """The variant of a template family for the section with this ordinal ("" once each was used twice)."""
    options = TEMPLATES[family]
    return options[ordinal % len(options)] if ordinal < 2 * len(options) else ""


def _lead_family(heading: str, kind: str) -> str | None:
    """Which template family opens a section of ``kind`` under ``heading`` (None: the heading says it all)."""
    if kind == "problems":
        return "problems.generic" if is_generic(heading, kind) else None
    if is_generic(heading, kind):
        return f"{kind}.generic"
    if heading.startswith(_FOCUS_VERBS):  # 聚力“硬核攻坚”: no 围绕/聚焦 in front of it
        return f"{kind}.focus"
    if kind == "plan" or heading.startswith(_ACTION_START):
        return f"{kind}.action"
    return None


def _lead(task: SectionTask, kind: str, me: str, scope: str) -> str:
    """The opening sentence of a section body ("" when the heading says it all or the family is used up)."""
    heading = topic(task.heading)
    family = _lead_family(heading, kind)
    return nth(family, task.ordinal).format(me=me, scope=scope, heading=heading) if family else ""


_FOCUS_VERBS = ("围绕", "聚焦", "聚力", "着力", "助力")


def _placeholder(task: SectionTask, kind: str) -> str:
    heading = topic(task.heading)
    wanted = {"plan": f"{heading}方面的工作目标和具体举措",
              "problems": f"{heading}方面存在的具体问题"}.get(kind, f"{heading}方面的具体做法和成效")
    return f"（本部分待补充：请在要点中提供{wanted}。）{PLACEHOLDER}"


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


_CONCISE = re.compile("精炼|简洁|精简|压缩|简明|简要|简练|删繁就简")


_INSTRUCTION_PARTS = re.compile(r"[，,；;。、\s]+")


def cannot_follow(instruction: str) -> list[str]:
    """The parts of an instruction the composer cannot follow: it writes only from the facts, and can
    only make a section concise (更精炼, 简洁 …). "更精炼，突出成效" → ["突出成效"]."""
    parts = [p for p in _INSTRUCTION_PARTS.split(instruction) if p]
    return [p for p in parts if not _CONCISE.search(p)]


def wants_concise(task: SectionTask) -> bool:
    """An instruction such as 更精炼 asks for the facts alone, without lead and closing sentences."""
    return bool(task.instruction and _CONCISE.search(task.instruction))


def compose_section(task: SectionTask) -> str:
    """A section body in 公文 style, from the task's facts and indicators only."""
    kind = task.section_kind if task.section_kind in ("review", "problems", "plan") else "review"
    clauses = [c for c in (clean_fact(f) for f in task.facts) if c]
    if not clauses and not task.indicators:
        return _placeholder(task, kind)
    me = self_reference(task.unit)
    scope = jurisdiction(task.unit).scope
    plan = kind == "plan"
    if plan:
        clauses = [plan_voice(c) for c in clauses]
    concise = wants_concise(task)
    lead = "" if concise else _lead(task, kind, me, scope)
    enumerate_ = (len(clauses) > 1 and not has_own_enumeration(clauses)
                  and not (kind == "problems" and not lead))
    items = _items(clauses, enumerate_=enumerate_) if clauses else []
    figures = indicator_sentence(task.indicators, "".join(task.facts), scope, plan=plan)
    if kind == "problems":  # the list follows the colon of the lead; data comes after
        head, tail = lead, figures
    else:
        head, tail = lead + figures, ""
    if plan and not concise:
        tail += nth("plan.closing", task.ordinal).format(scope=scope)
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

    def cannot_follow(self, instruction: str) -> list[str]:
        return cannot_follow(instruction)
