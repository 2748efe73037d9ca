"""The supplied data of a notes file as figures.

Every indicator value and previous value and every figure inside the bullet facts becomes a
``SuppliedFigure`` with its provenance (``source``) and the words that bind it to what it counts
(``label``: the indicator name, or the fact's words around the figure; ``context``: the whole fact).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

from drafter.figures.extract import extract_quantities
from drafter.figures.model import Qualifier, Quantity
from drafter.notes import Indicator, Notes, OutlineSection
from drafter.quantity.lexicon import ADDITION_WORDS, CHANGE_REACH, CLAUSE_REACH, FROM_REACH, full_names, qualifier_of
from drafter.quantity.units import normalise_unit
from drafter.quantity.writing import plain_number, written_figure
from drafter.text import to_simplified

# A clause ends at punctuation; the words that bind a figure stay inside its clause.
_CLAUSE_END = frozenset("，。；：！？、,;:!?\n\r")
_OPEN, _CLOSE = frozenset("（(【["), frozenset("）)】]")
_CONJUNCTIONS = ("和", "及", "与", "與")
# Digits, quotes, brackets and spaces carry no binding, nor does a year (a period, not a name): they are
# stripped from the binding words.
_NOT_WORDS = re.compile(r"[0-9０-９.．%％\s“”‘’\"'《》〈〉（）()【】\[\]·\-—～~/+＋×Xx*]+")
_YEAR_WORD = re.compile(r"(?:19|20|１９|２０)[0-9０-９]{2}年(?!代)")
# "由2023年的A到2024年的B", "从A增加到B": B's clause is A's (the words between name a time, not a subject).
_FROM_POINT = re.compile(r"[由从從]")
_TO_POINT = re.compile(r"[^，。；：！？、,;:!?\n]{0,12}?(?:到|至|达|達)")
# The two ends of one change: "由A增至B", "从A到B", "由A突破B" in one clause; "由A，发展到B"; "在A的基础上，…B".
_CHANGE_FROM = re.compile(r"[由从](?![于此而])")
_CHANGE_TO = re.compile(r"到|至|达")
_CHANGE_PAUSES = re.compile(r"[，。；：！？,;:!?、]")
_BASIS = re.compile(r"[^，。；！？,;!?、]{0,3}基础上")
_JOINED = frozenset("、和及与與")
_LIST_END = _CLAUSE_END - {"、"}  # a list of items "A、B分别…" runs across 、
_YEAR = re.compile(r"(?P<base>[比较較与與同])?(?P<year>(?:19|20)\d{2})年(?P<of>的)?"
                   r"(?P<span>以来|以來|起|至|到|[-－—~～]|相比|同期|比)?")
# A year named from the one written before it (2024年…上年的1.31%, 较上年的1.31%), not as a base (比上年增长): so many
# years back.
_YEAR_BEFORE = re.compile(r"(?<![比较較与與同])(上年|去年|上一年|前年)|(上年|去年|上一年|前年)(?=的|末|底)")
_YEARS_BACK = {"上年": 1, "去年": 1, "上一年": 1, "前年": 2}
_SPAN_END = re.compile(r"(?:19|20)\d{2}年?\s*[至到\-－—~～]\s*$")  # 2020年至[2024年]


@dataclass(frozen=True)
class SuppliedFigure:
    """One figure of the supplied data, in base units (2008万元 → 20080000 元)."""

    value: Decimal
    unit: str
    text: str  # as written in the notes: "28家", "2008万元", "10余次"
    source: str  # provenance a reader can trace: "指标 有效期内高新技术企业 (notes.yaml:5)"
    label: tuple[str, str]  # binding words (before, after) the figure: an indicator's name, a fact's clause
    context: str  # the wider words: the whole fact, or an indicator's name and note
    section: tuple[int, ...] = ()  # outline position of the notes section it belongs to; () for none
    qualifier: Qualifier = Qualifier.EXACT
    high: Decimal | None = None
    group: int = 0  # figures of one indicator or of one fact share a group
    role: str = "fact"  # "value" / "previous" of an indicator, or "fact"
    period: str | None = None
    change: str = ""  # "start" / "end" of a change a fact states (由14家增至35家); "" otherwise

    @cached_property
    def name(self) -> str:
        """The binding words before and after the figure as one string: "有效期内高新技术企业"."""
        return "".join(self.label)


def simplified_in_place(text: str) -> str:
    """The text in simplified script, character for character, so that offsets into it are offsets into
    ``text``: binding words compare in one script (專家 is 专家). A line whose conversion changes its
    length (a rare phrase mapping) is kept as written."""
    folded = to_simplified(text)
    if len(folded) == len(text):
        return folded
    lines = text.splitlines(keepends=True)
    return "".join(line if len(simple := to_simplified(line)) != len(line) else simple for line in lines)


def binding_words(text: str) -> str:
    """The words of a stretch of text that can bind a figure: no digits, quotes or spaces."""
    if "年" in text:
        text = _YEAR_WORD.sub("", text)
    return _NOT_WORDS.sub("", text)


def named_in_full(words: tuple[str, str]) -> tuple[str, str]:
    """Binding words (before, after) with short names written in full, as the checker compares them
    (``lexicon.full_names``: 高企 → 高新技术企业); a text's own words, as written, are ``clause_words``."""
    return full_names(words[0]), full_names(words[1])


def clause_words(text: str, quantities: Sequence[Quantity], index: int) -> tuple[str, str]:
    """The words before and after figure ``index`` within its clause, stopping at neighbouring figures.

    "争取并落实9名省级科技特派员、5名…" gives ("争取并落实", "省级科技特派员") for 9名. Words between
    two figures are split at a conjunction (组织12场申报辅导和8场专家现场审核); an aside in brackets
    belongs to the figures inside it (经费38.5万元（国家6万元…）), a closed one to the words around it.
    """
    quantity = quantities[index]
    floor = quantities[index - 1].end if index > 0 else 0
    ceiling = quantities[index + 1].start if index + 1 < len(quantities) else len(text)
    start, depth = quantity.start, 0
    while start > floor and text[start - 1] not in _CLAUSE_END:
        char = text[start - 1]
        if char in _CLOSE:
            depth += 1
        elif char in _OPEN:
            if not depth:
                break
            depth -= 1
        start -= 1
    end = quantity.end
    while end < ceiling and text[end] not in _CLAUSE_END and text[end] not in _OPEN and text[end] not in _CLOSE:
        end += 1
    if index > 0 and start == floor:  # shared with the figure before: keep what follows its conjunction
        start = max(start, *(text.rfind(c, start, quantity.start) + 1 for c in _CONJUNCTIONS))
    if index + 1 < len(quantities) and end == ceiling:
        cuts = [i for i in (text.find(c, quantity.end, end) for c in _CONJUNCTIONS) if i >= 0]
        end = min(cuts, default=end)
    before = binding_words(text[start:quantity.start])
    respective = _respective_item(text, quantities, index)
    if respective is not None:
        before = respective
    elif index > 0 and _shares_subject(text, quantities[index - 1], quantity, before):
        before = clause_words(text, quantities, index - 1)[0] + before
    after = binding_words(text[quantity.end:end])
    if index + 1 < len(quantities) and _is_basis(text, quantity, quantities[index + 1]):
        after = _without_additions(after)  # "在现有47家的基础上新增…": what follows 基础上 is added to 47家, not 47家
        following = quantities[index + 1]  # "在2025年41家的基础上，力争有效期内高新技术企业达到50家": 41家 counts them too
        # — the thing, not what is added to it: in "在现有47家的基础上新增高新技术企业10家" 47家 is no 新增
        after += _without_additions(binding_words(text[_clause_start(text, following.start, quantity.end):following.start]))
    return before, after


def _without_additions(words: str) -> str:
    """Words of a clause without its words of addition (新增, 新认定 …): what the base of an addition counts."""
    for word in ADDITION_WORDS:
        words = words.replace(word, "")
    return words


def _is_basis(text: str, quantity: Quantity, following: Quantity) -> bool:
    """Whether a figure is the base of the next one: "在A的基础上，…B" within a sentence."""
    if _BASIS.match(text, quantity.end, following.start) is None or "。" in text[quantity.end:following.start]:
        return False
    return "在" in text[_clause_start(text, quantity.start, quantity.start - CHANGE_REACH):quantity.start]


def written_year(text: str, quantities: Sequence[Quantity], index: int) -> int | None:
    """The year a figure is stated for: the last year written in its clause before it, after the figure
    before it ("由2023年的0.27%到2024年的0.34%" → 2023, 2024; "2024年全市高新技术企业131家" → 2024).

    A year that opens a span (2021年以来, 2020年至2024年) or is the base of a comparison (比2024年增加,
    与2024年相比) says nothing of the figure: None, as when no year is written in the clause.
    """
    quantity = quantities[index]
    floor = quantities[index - 1].end if index > 0 else 0
    if text.rfind("年", max(floor, quantity.start - CLAUSE_REACH), quantity.start) < 0:
        return None
    floor = _clause_start(text, quantity.start, floor)
    last = None
    for last in _YEAR.finditer(text, floor, quantity.start):
        pass
    if (last is None or last.group("span") or (last.group("base") and not last.group("of"))
            or _SPAN_END.search(text, floor, last.start("year"))):
        return None
    back = 0  # "2024年…由上年的1.31%提高到1.46%": 1.31% is of the year before the year written
    for back in (_YEARS_BACK[m.group(1) or m.group(2)] for m in _YEAR_BEFORE.finditer(text, last.end(), quantity.start)):
        pass
    return int(last.group("year")) - back


@lru_cache(maxsize=4096)
def period_years(period: str | None) -> frozenset[int]:
    """The years a period names: "2025" → {2025}; "2020年至2024年" → 2020…2024; "十四五期间" → {}."""
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", str(period or ""))]
    if len(years) == 2 and years[0] < years[1]:
        return frozenset(range(years[0], years[1] + 1))
    return frozenset(years)


def _clause_start(text: str, position: int, floor: int = 0, ends: frozenset[str] = _CLAUSE_END) -> int:
    """Where the clause holding ``position`` starts, looking back no further than ``floor`` (nor than
    a long clause's length: the text may be a whole document)."""
    floor = max(floor, position - CLAUSE_REACH)
    for i in range(position - 1, floor - 1, -1):
        if text[i] in ends:
            return i + 1
    return max(floor, 0)


def _respective_item(text: str, quantities: Sequence[Quantity], index: int) -> str | None:
    """"高新技术企业、科技型中小企业分别达到156家、412家": the i-th figure of a list after 分别 counts
    the i-th item listed before it. The words of that item and of the verb, or None outside such a list."""
    quantity = quantities[index]
    reach = max(0, quantity.start - CLAUSE_REACH)
    if text.rfind("分别", reach, quantity.start) < 0 and text.rfind("分別", reach, quantity.start) < 0:
        return None
    floor = _clause_start(text, quantity.start, ends=_LIST_END)
    at = max(text.rfind("分别", floor, quantity.start), text.rfind("分別", floor, quantity.start))
    if at < 0:
        return None
    first, last = index, index
    while first > 0 and quantities[first - 1].start > at and _joined(text, quantities[first - 1], quantities[first]):
        first -= 1
    while last + 1 < len(quantities) and _joined(text, quantities[last], quantities[last + 1]):
        last += 1
    if first > 0 and quantities[first - 1].start > at:
        return None  # the figure is not in the list that 分别 introduces
    items = text[floor:at].split("、")
    if len(items) == last - first:  # "A、B和C分别…": the last two joined by a conjunction
        head, conjunction, tail = max((items[-1].partition(c) for c in _CONJUNCTIONS), key=lambda p: len(p[2]))
        if conjunction:
            items[-1:] = [head, tail]
    if last == first or len(items) != last - first + 1:
        return None
    return binding_words(items[index - first]) + binding_words(text[at + 2:quantities[first].start])


def change_ends(text: str, earlier: Quantity, later: Quantity) -> bool:
    """Whether two figures of a sentence are the start and the end of one change: "由A增至B", "从A到B",
    "由A突破B" within one clause, "由A，发展到B", or "在A的基础上，…B" (A is the base of what the
    sentence goes on to say)."""
    opening = text[max(0, earlier.start - CHANGE_REACH):earlier.start]
    opening = opening[max((opening.rfind(c) for c in "，。；！？,;!?、"), default=-1) + 1:]
    between = text[earlier.end:later.start]
    origin = None
    for origin in _CHANGE_FROM.finditer(opening):
        pass
    # 由 opens the change of the first figure after it: in "从24家增至61家，其中…45家" 61家 starts nothing.
    if origin is not None and not extract_quantities(opening[origin.end():]) and (
            not _CHANGE_PAUSES.search(between) or _CHANGE_TO.search(between)):
        return True
    return "在" in opening and _BASIS.match(between) is not None


def _joined(text: str, one: Quantity, other: Quantity) -> bool:
    """Two figures listed one after the other: "156家、412家", "156家和412家"."""
    return text[one.end:other.start].strip() in _JOINED


def _shares_subject(text: str, previous: Quantity, quantity: Quantity, own_words: str) -> bool:
    """Whether a figure speaks of the same thing as the figure just before it in its clause:
    the end point of "由A…到B" / "从A增加到B" (B is A's subject at a later time), of "在A的基础上突破B" in one
    clause (技术合同成交额在2025年3.2亿元的基础上突破4亿元), or a figure joined by 、 or 和 with no words of its own
    ("省列24项、97万元": 97万元 is 省列's funding; "分别增长14.1%和24%": 24% is a growth too)."""
    if quantity.start - previous.end == 1 and text[previous.end] in _JOINED:
        return not own_words  # "省列24项、97万元": 97万元 is 省列's funding; "分别增长14.1%和24%": 24% grows too
    if _CLAUSE_END.intersection(text[previous.end:quantity.start]):
        return False
    if _BASIS.match(text, previous.end, quantity.start) is not None:
        return _is_basis(text, previous, quantity)
    return (_TO_POINT.match(text, previous.end, quantity.start) is not None
            and _FROM_POINT.search(text, _clause_start(text, previous.start, previous.start - FROM_REACH),
                                   previous.start) is not None)


def section_number(key: tuple[int, ...]) -> str:
    """Outline position as the document numbers it: (0, 0, 2) → 一.（一）.3, (10,) → 十一"""
    from drafter.export.model import number_marker, section_key

    number = ""
    for depth, index in enumerate(key):
        number = section_key(number, number_marker(min(depth, 3) + 1, index + 1))
    return number


def _indicator_figures(indicator: Indicator, group: int, section: tuple[int, ...]) -> list[SuppliedFigure]:
    base_unit, factor = normalise_unit(indicator.unit)
    label = (full_names(binding_words(to_simplified(indicator.name))), "")
    context = full_names(binding_words(to_simplified(" ".join(filter(None, (indicator.name, indicator.note))))))
    where = f" ({indicator.origin})" if indicator.origin else ""
    qualifier = qualifier_of(indicator.approx)
    figures = [SuppliedFigure(
        value=indicator.value * factor, unit=base_unit,
        text=written_figure(indicator.raw_value or plain_number(indicator.value), indicator.unit, indicator.approx),
        source=f"指标 {indicator.name}{where}", label=label, context=context, section=section,
        qualifier=qualifier, group=group, role="value", period=indicator.period)]
    if indicator.previous is not None:
        figures.append(SuppliedFigure(
            value=indicator.previous * factor, unit=base_unit,
            text=f"{plain_number(indicator.previous)}{indicator.unit}",
            source=f"指标 {indicator.name} 上期值{where}", label=label, context=context, section=section,
            group=group, role="previous", period=indicator.previous_period))
    return figures


def _fact_figures(fact: str, number: int, key: tuple[int, ...], group: int) -> list[SuppliedFigure]:
    quantities = extract_quantities(fact)
    words = simplified_in_place(fact)
    context = full_names(binding_words(words))
    ends: dict[int, str] = {}
    for index in range(1, len(quantities)):
        earlier, later = quantities[index - 1], quantities[index]
        if earlier.unit == later.unit and change_ends(words, earlier, later):
            ends.setdefault(index - 1, "start")
            ends[index] = "end"
    out = []
    for index, quantity in enumerate(quantities):
        if quantity.placeholder or quantity.value is None:
            continue
        shown = fact if len(fact) <= 24 else f"{fact[:8]}…{quantity.text}"
        out.append(SuppliedFigure(
            value=quantity.value, unit=quantity.unit, text=quantity.text,
            source=f"要点 {section_number(key)} #{number}: {shown}",
            label=named_in_full(clause_words(words, quantities, index)), context=context, section=key,
            qualifier=quantity.qualifier, high=quantity.high, group=group,
            period=str(year) if (year := written_year(words, quantities, index)) else None,
            change=ends.get(index, "")))
    return out


def _indicator_section(indicator: Indicator, headings: dict[tuple[int, ...], str]) -> tuple[int, ...]:
    """The outline section an indicator names in its ``section`` key (heading or part of it)."""
    if not indicator.section:
        return ()
    wanted = binding_words(to_simplified(indicator.section))
    for key, heading in headings.items():
        if wanted and (wanted in heading or heading in wanted):
            return key
    return ()


def outline_keys(notes: Notes) -> list[tuple[tuple[int, ...], OutlineSection]]:
    """Every outline section with its position key, (0,) for the first top section, (0, 1) …"""
    out: list[tuple[tuple[int, ...], OutlineSection]] = []

    def visit(section: OutlineSection, key: tuple[int, ...]) -> None:
        out.append((key, section))
        for i, child in enumerate(section.sections):
            visit(child, (*key, i))

    for i, top in enumerate(notes.sections):
        visit(top, (i,))
    return out


def supplied_figures(notes: Notes) -> list[SuppliedFigure]:
    """All figures of the supplied data: indicators first, then the facts in outline order."""
    keyed = outline_keys(notes)
    headings = {key: binding_words(to_simplified(section.heading)) for key, section in keyed}
    figures: list[SuppliedFigure] = []
    group = 0
    for indicator in notes.indicators:
        group += 1
        figures += _indicator_figures(indicator, group, _indicator_section(indicator, headings))
    for key, section in keyed:
        for number, fact in enumerate(section.facts, start=1):
            group += 1
            figures += _fact_figures(fact, number, key, group)
    return figures

