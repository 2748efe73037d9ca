"""Reconciliation of every figure in a text with the supplied data of a notes file.

Each figure gets a verdict: ``supported`` (same amount and unit, a consistent approximation word, or a
figure derived from supplied values within rounding), ``error`` (wrong value, scale, unit, percent for
percentage point, an approximation word that the data contradicts, a value that belongs to another
indicator, a placeholder, an invented figure) or ``warning`` (a supplied figure the text never uses).

Binding — which supplied figure a text figure speaks of — compares the words of the figure's clause
with each supplied figure's label (the indicator name, or the fact's words around its figure), as
character bigrams weighted by how rare they are among the labels. Supplied figures are indexed by
unit and value, so each text figure costs a few dictionary look-ups.

The grammar of the sentence settles what words alone cannot (see ``clause_words`` for the words a
figure takes from its neighbours: the end point of 由A到B, the i-th item of a 分别 list, a second
measure joined by 、):
- order: "由A…到B" states the earlier amount first; an indicator's value and previous value (or a
  fact's two figures) the other way round are both misattributed;
- qualifiers: of two labels alike but for a qualifier (省级/市级, 国家级/省级, 新增/累计), the one whose
  qualifier the clause writes is meant; a clause naming the thing with another qualifier (亩均 for 户均)
  is not bound to it, and gets no correction from it;
- period: a year written next to a figure (2024年的131家) must be the period of the supplied figure it
  matches, when the data has the same thing for that year; with no year written, the year its section's
  heading names (or the report's) picks the row of an indicator kept for several years; an indicator's
  previous value stated as the current one, with no year or word of comparison (由 上年 比…提高; not
  占比) to say so, is ``stale_period``; a year written next to a figure that is its own row's keeps it
  from being taken for another figure of the sentence (其中2023年达到45家);
- from→to: the two ends of one change (由A增至B, 在A的基础上…B) are each checked against their own time:
  a value of this year as the start of next year's target is no mix-up, the two the wrong way round in
  time are;
- one fact: when most figures of a sentence come from one fact, a figure matching only a fact worded
  alike is misattributed;
- stated operands: "A为B的N倍", "A占B的N%", "A比B增长N%" are checked against A and B alone;
- derived figures: difference, growth (in the direction the words say: 增长 for a fall is an error whose
  correction says 下降), ratio, share (占, 比重, the completion of a target: 完成全年目标的54%), sum,
  totals after 合计/共/累计 of parts stated earlier in the section or of alike indicators the sentence
  names, growth from a value to a target of the same thing, and the yearly average over the years
  between two periods (年均增长 is compound); 翻番 and 增长N倍 compare one thing at two times, never two
  things. A wrong derived figure is corrected only when the word of change is its own predicate;
- corrections name one supplied figure: none when two are bound alike or the figure is a total.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from drafter.figures.extract import extract_quantities
from drafter.figures.model import Qualifier, Quantity
from drafter.figures.supplied import (
    SuppliedFigure,
    binding_words,
    change_ends,
    clause_words,
    outline_keys,
    period_years,
    simplified_in_place,
    supplied_figures,
    written_year,
)
from drafter.figures.units import UNIT_FACTOR, scale_factor
from drafter.notes import Notes
from drafter.text import to_simplified

SUPPORTED, ERROR, WARNING = "supported", "error", "warning"
# Person counters say the same thing; every other unit change is an error.
_SAME_UNIT = {"名": "人", "位": "人"}
_PERCENT, _POINT, _TIMES = "%", "个百分点", "倍"
_GROWTH_CUES = ("增长", "增加", "提高", "提升", "上升", "增幅", "翻", "扩大", "多了", "增", "高于", "高出", "多出")
_DECLINE_CUES = ("下降", "减少", "降低", "回落", "下滑", "缩减", "降幅", "少了", "减", "低于", "低出")
# A share: 占…N%, 比重, and the completion of a target (完成全年目标的54%, 完成率).
_SHARE_CUES = ("占", "比重", "比例", "比率", "完成")
_ANNUAL_CUES = ("年均", "年平均", "平均每年", "每年平均", "平均增长", "平均增速")
_SUM_CUES = ("合计", "共计", "总计", "总数", "共有", "一共", "总共", "累计", "两者", "二者", "总量", "共")
# The words a derived figure is introduced by, per operation (a ratio's cue is its unit, 倍).
_CUES = {"difference": (*_GROWTH_CUES, *_DECLINE_CUES, "相差", "差"), "growth": (*_GROWTH_CUES, *_DECLINE_CUES),
         "share": _SHARE_CUES, "ratio": (), "annual": _ANNUAL_CUES, "sum": _SUM_CUES, "total": _SUM_CUES}
_CUE_REACH = 12  # a cue counts within this many characters before the figure
_ALL_CUES = tuple({cue for cues in _CUES.values() for cue in cues})
# What may stand between a verb of change and its amount: a noun of rate, a comparison's base, a copula.
_CUE_COMPLEMENT = re.compile(r"(?:率|幅|速|量|额|值)?(?:上年同期|去年同期|上年|去年|同期|年)?"
                             r"(?:了|达到|达|到|至|为|是|约|近|超过|逾|高达|共计|共)*")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
# Words that make a figure the earlier amount of a comparison or of a change, or put it in the past.
_EARLIER_WORDS = re.compile(r"上年|去年|前年|上期|同期|基期|基数|年前|年底前|末|此前|以前|原有|原来|曾|起步|期初|当时"
                            r"|由|从|基础上")
# 比/较 compare only as a preposition, whose clause says how the amount moved (比上年提高, 较2020年的1.3%增长);
# in a noun (占比, 比重) or an adverb (较好) they compare nothing.
_COMPARISON = re.compile(r"比(?![重例率])|较(?![好大高快多少为])")
_WRITTEN_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=年)")
# A derived figure that names its operands: "A为B的N倍", "A占B的N%", "A比B增长N%".
_STATED_RATIO = re.compile(r"为|為|是|相当于|相當於|占|佔")
_COMPARED = re.compile(r"[比较較]")
_CLAUSE_MARKS = re.compile(r"[，。；：！？,;:!?]")
# Heading markers by level: 一、 （一） 1、 （1）.
_HEADING = re.compile(r"[ \t\u3000]*(?:(?P<l1>[一二三四五六七八九十]+[、.．])|(?P<l2>[（(][一二三四五六七八九十]+[）)])"
                      r"|(?P<l3>\d{1,2}[、.．](?!\d))|(?P<l4>[（(]\d{1,2}[）)]))")
_NUMBER_HEAD = re.compile(r"^[0-9０-９.,．零〇一二两兩三四五六七八九十百千点點]+")
_GROWTH_TIMES = re.compile(r"(?:增长|增長|增加|提高|提升|扩大|擴大|上升|多)了?(?=[^倍]+倍$)")
_QUALIFIER_WORDS = re.compile(r"^(?:近|约|約|大约|超过|超過|不到|不足|逾)|(?:以上|左右|上下)$|[余餘多]")

# Binding thresholds, as shares of a label's weight found in the clause of a text figure.
_BOUND = 0.5  # the clause speaks of this supplied figure
_DISTINCT = 0.4  # …and of words that only that figure's label has
_SECTION_BONUS = 0.15
_SAME_THING = 0.3  # two supplied figures whose binding words are this alike (Dice) count the same thing
_TWIN_SHARE = 0.8  # share of one figure's binding words found in another's fact: the same figure twice
_LOOSE_MATCH = 0.25  # an approximate figure matches another amount only when bound this well
_NEAR, _FAR = 10, 0.4  # bigrams within 10 characters of the figure weigh 1, farther ones 0.4
_TIE = 0.05  # two supplied figures bound within this score are bound alike
_BELOW_SPAN = Decimal("0.9")  # 近100 covers 90 up to (not including) 100
_NAMED_PART = 0.5  # a sentence names a supplied figure (as a part of a total) when it has this share of its label
_QUALIFIER_REACH = 2  # a qualifier swapped for another (省/市, 国家/省, 新增/累计) is this short


@dataclass(frozen=True)
class Finding:
    """The verdict on one figure (or, for ``unused``, on one supplied figure the text never uses)."""

    text: str
    start: int | None
    end: int | None
    verdict: str  # supported | error | warning
    kind: str  # match, derived, wrong_value, wrong_scale, wrong_unit, percent_point, approximation,
    #            misattributed, stale_period, placeholder, unsupported, unused
    expected: str | None
    source: str | None
    message: str


@dataclass(frozen=True)
class TextSection:
    """A section of the checked text; ``key`` is the notes outline position it writes, when known."""

    heading: str
    start: int
    end: int
    key: tuple[int, ...] | None = None
    level: int = 0  # 1 for 一、, 2 for （一）, 3 for 1、, 4 for （1）; 0 when not known


@dataclass(frozen=True)
class CheckSummary:
    figures: int
    supported: int
    derived: int
    errors: int
    warnings: int
    by_kind: dict[str, int]


@dataclass
class CheckReport:
    """All findings on a text, in text order (unused-data warnings last)."""

    text: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.verdict == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.verdict == WARNING]

    @property
    def summary(self) -> CheckSummary:
        on_text = [f for f in self.findings if f.kind != "unused"]
        return CheckSummary(
            figures=len(on_text),
            supported=sum(f.verdict == SUPPORTED for f in on_text),
            derived=sum(f.verdict == SUPPORTED and f.kind == "derived" for f in on_text),
            errors=len(self.errors),
            warnings=len(self.warnings),
            by_kind=dict(Counter(f.kind for f in self.findings)),
        )

    def to_dict(self) -> dict[str, object]:
        return {"findings": [asdict(f) for f in self.findings], "summary": asdict(self.summary)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


# --------------------------------------------------------------------------- numbers


def _step(value: Decimal) -> Decimal:
    """The magnitude of the last non-zero digit: 2000万 → 1000万, 33.63万 → 100, 12 → 1."""
    if value == 0:
        return Decimal(1)
    return Decimal(1).scaleb(value.normalize().as_tuple().exponent)


def _written_step(quantity: Quantity) -> Decimal:
    """The precision the figure is written with: 258.0% → 0.1, 200% → 1, 14.5亿 → 0.1亿, 两成 → 10%."""
    match = re.search(r"[.．点點]([0-9０-９零〇一二两三四五六七八九]+)", quantity.text)
    decimals = len(match.group(1)) if match else 0
    try:
        factor = scale_factor(quantity.scale)
    except KeyError:
        factor = Decimal(1)
    for unit, unit_factor in UNIT_FACTOR.items():
        if unit in quantity.text and _QUALIFIER_WORDS.sub("", quantity.text).endswith(unit):
            factor *= unit_factor
    return Decimal(1).scaleb(-decimals) * factor


def _inclusive(quantity: Quantity) -> bool:
    """以上 includes the value itself; 余/多/超过 do not."""
    return "以上" in quantity.text


def _fits(v: Decimal, qualifier: Qualifier, inclusive: bool, w: Decimal, loose: Decimal,
          tolerance: Decimal = Decimal(0)) -> bool:
    """Whether the true amount ``w`` is truthfully written as ``v`` with this approximation word."""
    if qualifier is Qualifier.EXACT:
        return abs(w - v) <= tolerance
    if qualifier is Qualifier.AT_LEAST:
        return (w > v or (inclusive and w >= v - tolerance)) and w < v + loose
    if qualifier is Qualifier.BELOW:  # 近N: a little under N, never over it
        return max(v - loose, v * _BELOW_SPAN) <= w < v
    return abs(w - v) <= loose / 2 + tolerance


def _consistent(quantity: Quantity, figure: SuppliedFigure) -> bool:
    """Same amount and unit, and any approximation word true of the supplied figure."""
    v, w = quantity.value, figure.value
    assert v is not None
    if quantity.high is not None or figure.high is not None:
        return quantity.high == figure.high and v == w and quantity.qualifier in (figure.qualifier, Qualifier.ABOUT)
    if figure.qualifier is Qualifier.EXACT:
        return _fits(v, quantity.qualifier, _inclusive(quantity), w, _step(v))
    if quantity.qualifier is figure.qualifier and v == w:
        return True  # the same approximation of the same amount; 约/左右 spread to both sides of it, which
        #             a one-sided 以上 or 近 of the data does not allow
    if quantity.qualifier is figure.qualifier is Qualifier.AT_LEAST:
        return v <= w < v + _step(v)  # 3.5万余 is also 3万余
    if quantity.qualifier is figure.qualifier is Qualifier.BELOW:
        return w <= v and v - _step(v) <= w
    return False


def _close(v: Decimal, w: Decimal) -> bool:
    """Whether ``w`` is what some approximation word of ``v`` may stand for: within a tenth of ``v`` and
    within the last digit ``v`` is written to (近60家 for 57, 300余项 for 286; not 超过1000家 for 213)."""
    return abs(w - v) <= min(_step(v), abs(v) / 10)


def _unit_class(unit: str) -> str:
    return _SAME_UNIT.get(unit, unit)


def _reworded(text: str, word: str) -> str:
    """The figure as written with another approximation word: ('2000万元', '余') → 2000余万元."""
    core = _QUALIFIER_WORDS.sub("", text)
    if word in ("余", "多"):
        head = _NUMBER_HEAD.match(core)
        cut = head.end() if head else 0
        return core[:cut] + word + core[cut:]
    return f"{word}{core}"


# --------------------------------------------------------------------------- binding


def _bigrams(words: str) -> set[str]:
    return {words[i:i + 2] for i in range(len(words) - 1)}


def _clause_bigrams(before: str, after: str) -> dict[str, float]:
    """The bigrams of a clause around a figure, the nearest words weighing most."""
    out: dict[str, float] = {}
    for i in range(len(before) - 1):
        distance = len(before) - i - 2
        out[before[i:i + 2]] = max(out.get(before[i:i + 2], 0.0), 1.0 if distance < _NEAR else _FAR)
    for i in range(len(after) - 1):
        out[after[i:i + 2]] = max(out.get(after[i:i + 2], 0.0), 1.0 if i < _NEAR else _FAR)
    return out


class _Binder:
    """How well the words around a text figure name each supplied figure.

    A score is the F-measure of the share of the supplied figure's label found in the clause and
    the share of the clause's known words found in the label; bigrams weigh by rarity among the
    labels (高新 counts more than 企业) and by nearness to the figure.
    """

    def __init__(self, figures: Sequence[SuppliedFigure]):
        raw = [_clause_bigrams(*f.label) for f in figures]
        frequency = Counter(b for label in raw for b in label)
        count = max(len(figures), 1)
        self.rarity = {b: math.log(1 + count / n) for b, n in frequency.items()}
        self.labels = [{b: w * self.rarity[b] for b, w in label.items()} for label in raw]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, label in enumerate(self.labels):
            for b in label:
                self.postings[b].append(i)
        self.label_weight = [sum(label.values()) for label in self.labels]
        self.facts = [_bigrams(f.context) for f in figures]

    def fact_coverage(self, i: int, sentence: set[str]) -> float:
        """Share of supplied figure ``i``'s whole fact (or indicator name) found in a sentence."""
        fact = self.facts[i]
        return len(fact & sentence) / len(fact) if fact else 0.0

    def scores(self, words: dict[str, float]) -> dict[int, float]:
        """Binding score of every supplied figure sharing a bigram with ``words``."""
        found, precise, known = self._overlap(words)
        out = {}
        for i, total in found.items():
            recall, precision = total / self.label_weight[i], precise[i] / known
            out[i] = 2 * recall * precision / (recall + precision)
        return out

    def coverage(self, words: dict[str, float]) -> dict[int, float]:
        """Share of each supplied figure's label found in ``words`` (a whole sentence, say)."""
        found, _, _ = self._overlap(words)
        return {i: total / self.label_weight[i] for i, total in found.items()}

    def _overlap(self, words: dict[str, float]) -> tuple[dict[int, float], dict[int, float], float]:
        found: dict[int, float] = defaultdict(float)
        precise: dict[int, float] = defaultdict(float)
        known = 0.0
        for b, nearness in words.items():
            rarity = self.rarity.get(b)
            if rarity is None:
                continue
            known += nearness * rarity
            for i in self.postings[b]:
                found[i] += self.labels[i][b]
                precise[i] += nearness * rarity
        return found, precise, known

    def distinct(self, words: dict[str, float], one: int, other: int) -> float:
        """Share of ``one``'s label that the words contain and ``other``'s label lacks."""
        if not self.label_weight[one]:
            return 0.0
        own, theirs = self.labels[one], self.labels[other]
        return sum(w for b, w in own.items() if b in words and b not in theirs) / self.label_weight[one]


# --------------------------------------------------------------------------- derived figures


@dataclass(frozen=True)
class _Derivation:
    value: Decimal  # always >= 0; ``rising`` tells the direction
    unit: str
    operation: str  # difference, growth, ratio, share, annual (per year over several), sum (of two figures of a
    #                 sentence), total (of parts stated in its passage or named by its sentence)
    rising: bool | None  # None: the operation has no direction (a ratio, a share, a sum)
    formula: str
    operands: tuple[int, ...]  # supplied figures it uses
    over_time: bool = False  # the operands are one thing at two times (what 翻番 and 增长N倍 speak of)


# The reading a clause most likely means when its derived figure is wrong, per unit.
_USUAL_OPERATION = {_PERCENT: "growth", _TIMES: "ratio"}
_DOUBLINGS = {Decimal(2): "翻了一番", Decimal(4): "翻了两番", Decimal(8): "翻了三番"}


def _derivations(a: Decimal, b: Decimal, a_text: str, b_text: str, unit: str, operands: tuple[int, ...], *,
                 over_time: bool = False, years: int | None = None) -> list[_Derivation]:
    """What follows from an earlier amount ``a`` and a later ``b`` of the same unit: difference, growth,
    ratio, share and sum; when ``years`` periods lie between them, the yearly average too (年均增长 is
    compound: (b÷a)^(1/years)−1; 年均增加 is the difference ÷ years)."""
    rising = b >= a
    difference = abs(b - a)
    change = f"({b_text}−{a_text})"
    step_unit = _POINT if unit == _PERCENT else unit
    out = [_Derivation(difference, step_unit, "difference", rising, f"{b_text}−{a_text}", operands, over_time),
           _Derivation(a + b, unit, "sum", None, f"{a_text}+{b_text}", operands)]
    if a > 0 and b > 0:
        low, high = (a_text, b_text) if a <= b else (b_text, a_text)
        out += [
            _Derivation(difference / a * 100, _PERCENT, "growth", rising, f"{change}÷{a_text}×100%", operands,
                        over_time),
            _Derivation(max(a, b) / min(a, b), _TIMES, "ratio", None, f"{high}÷{low}", operands, over_time),
            _Derivation(difference / a, _TIMES, "growth", rising, f"{change}÷{a_text}", operands, over_time),
            _Derivation(min(a, b) / max(a, b) * 100, _PERCENT, "share", None, f"{low}÷{high}×100%", operands),
        ]
    if years and years > 0 and over_time:
        out.append(_Derivation(difference / years, step_unit, "annual", rising, f"{change}÷{years}", operands, True))
        if a > 0 and b > 0:
            compound = abs((b / a) ** (Decimal(1) / years) - 1) * 100
            out.append(_Derivation(compound, _PERCENT, "annual", rising,
                                   f"({b_text}÷{a_text})^(1/{years})−1", operands, True))
    return out


def _cued(figure: _Figure, operation: str) -> bool:
    """Whether the words before the figure introduce this kind of derived figure. A yearly average
    (年均增长) is cued by its own words and is never a total change."""
    # A total's cue opens the noun phrase it counts: "共获批省市两级科技计划项目89项".
    window = figure.before if operation == "total" else figure.before[-_CUE_REACH:]
    yearly = any(cue in window for cue in _ANNUAL_CUES)
    if operation == "annual" or (yearly and operation in ("growth", "difference")):
        return yearly and operation == "annual"
    cues = _CUES[operation]
    if operation == "share" and window.endswith("的"):
        return True  # "…的N%": N percent of what the words before name
    return not cues or any(cue in window for cue in cues)


def _predicate(figure: _Figure) -> bool:
    """Whether the last word of change or share before the figure is what the figure is the amount of:
    only a complement stands between (增长了, 增幅达, 提高到, 高于上年同期). In "新增产值约15亿元" the figure
    counts 产值, which 新增 qualifies: not an increase of anything in the data."""
    before = figure.before
    end = max((at + len(cue) for cue in _ALL_CUES if (at := before.rfind(cue)) >= 0), default=-1)
    return end >= 0 and _CUE_COMPLEMENT.fullmatch(before, end) is not None


def _usual_operation(figure: _Figure) -> str:
    """The reading a clause most likely means when its derived figure is wrong."""
    if _cued(figure, "annual"):
        return "annual"
    return _USUAL_OPERATION.get(figure.quantity.unit, "difference")


def _change_over_time(q: Quantity) -> bool:
    """翻番 and 增长N倍 speak of one thing at two times, never of two things side by side."""
    return q.unit == _TIMES and ("番" in q.text or _GROWTH_TIMES.match(_QUALIFIER_WORDS.sub("", q.text)) is not None)


def _direction(before: str) -> bool | None:
    """Whether the clause says the amount rose (增长) or fell (下降), judging by the last cue word."""
    rise = max((before.rfind(cue) for cue in _GROWTH_CUES), default=-1)
    fall = max((before.rfind(cue) for cue in _DECLINE_CUES), default=-1)
    if rise < 0 and fall < 0:
        return None
    return rise > fall


# --------------------------------------------------------------------------- sections


def find_sections(text: str) -> list[TextSection]:
    """Sections of the text by their heading markers (一、 （一） 1、 （1）); each runs to the next heading."""
    heads: list[tuple[int, str, int]] = []
    position = 0
    for paragraph in text.split("\n"):
        match = _HEADING.match(paragraph)
        if match:
            rest = paragraph[match.end():]
            cut = min((i for i in (rest.find("。"), rest.find("："), rest.find(":")) if i >= 0), default=len(rest))
            heads.append((position, rest[:cut].strip(), int((match.lastgroup or "l1")[1])))
        position += len(paragraph) + 1
    return [TextSection(heading, start, heads[i + 1][0] if i + 1 < len(heads) else len(text), level=level)
            for i, (start, heading, level) in enumerate(heads)]


def _with_keys(sections: Sequence[TextSection], notes: Notes) -> list[TextSection]:
    """Give each text section the notes outline key whose heading it resembles (Dice ≥ 0.5)."""
    outline = [(key, _bigrams(binding_words(to_simplified(s.heading)))) for key, s in outline_keys(notes)]
    known: dict[str, tuple[int, ...] | None] = {}

    def key_of(heading_text: str) -> tuple[int, ...] | None:
        words = _bigrams(binding_words(to_simplified(heading_text)))
        best, best_key = 0.5, None
        for key, heading in outline:
            if words and heading:
                dice = 2 * len(words & heading) / (len(words) + len(heading))
                if dice >= best:
                    best, best_key = dice, key
        return best_key

    out = []
    for section in sections:
        if section.key is None:
            if section.heading not in known:
                known[section.heading] = key_of(section.heading)
            section = replace(section, key=known[section.heading])
        out.append(section)
    return out


def _related(a: tuple[int, ...] | None, b: tuple[int, ...]) -> bool:
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[:n] == b[:n]


# --------------------------------------------------------------------------- the checker


@dataclass
class _Figure:
    """A text figure while it is being judged."""

    quantity: Quantity
    before: str
    after: str
    words: dict[str, float]
    sentence: set[str]  # bigrams of the figure's whole sentence
    section: tuple[int, ...] | None
    index: int = 0  # its place among the figures of the text
    period: frozenset[int] = frozenset()  # the years its section's headings name (2025年工作情况 → 2025)
    year: int | None = None  # the year written for it in its clause (2024年的131家 → 2024)
    finding: Finding | None = None
    source: int | None = None  # the supplied figure it was matched to
    uses: set[int] = field(default_factory=set)  # supplied figures it uses (matched, or derived from)
    displaced: tuple[int, int] | None = None  # misattributed: (the value's owner, the figure meant)


class FigureChecker:
    """The supplied data of one notes file, indexed once; ``check`` reconciles any number of texts."""

    def __init__(self, notes: Notes):
        self.notes = notes
        self.figures = supplied_figures(notes)
        self.binder = _Binder(self.figures)
        self.exact: dict[tuple[str, Decimal], list[int]] = defaultdict(list)
        self.by_digits: dict[tuple[str, tuple[int, ...]], list[int]] = defaultdict(list)
        self.by_value: dict[Decimal, list[int]] = defaultdict(list)
        unit_values: dict[str, list[tuple[Decimal, int]]] = defaultdict(list)
        self.groups: dict[int, list[int]] = defaultdict(list)
        self.alike: dict[tuple[str, tuple[str, str]], list[int]] = defaultdict(list)  # one thing, many periods
        for i, f in enumerate(self.figures):
            unit = _unit_class(f.unit)
            self.alike[(unit, f.label)].append(i)
            self.exact[(unit, f.value)].append(i)
            self.by_digits[(unit, f.value.normalize().as_tuple().digits)].append(i)
            self.by_value[f.value].append(i)
            unit_values[unit].append((f.value, i))
            self.groups[f.group].append(i)
        self.sorted_units = {unit: ([v for v, _ in sorted(pairs)], [i for _, i in sorted(pairs)])
                             for unit, pairs in unit_values.items()}
        self.twins = _twins(self.figures)
        self.counts_money = any(f.unit == "元" for f in self.figures)
        self.headings = {key: section.heading for key, section in outline_keys(notes)}

    # ----- candidates

    def near(self, unit: str, low: Decimal, high: Decimal) -> list[int]:
        values, ids = self.sorted_units.get(_unit_class(unit), ([], []))
        return ids[bisect.bisect_left(values, low):bisect.bisect_right(values, high)]

    def consistent(self, q: Quantity) -> list[int]:
        assert q.value is not None
        if q.qualifier is Qualifier.EXACT and q.high is None:
            ids = self.exact.get((_unit_class(q.unit), q.value), [])
        else:
            spread = _step(q.value)
            ids = self.near(q.unit, q.value - spread, q.value + spread)
        return [i for i in ids if _consistent(q, self.figures[i])]

    def score(self, i: int, scores: dict[int, float], figure: _Figure) -> float:
        bonus = _SECTION_BONUS if _related(figure.section, self.figures[i].section) else 0.0
        return scores.get(i, 0.0) + bonus

    # ----- verdicts

    def judge(self, figure: _Figure) -> None:
        """First pass: placeholder, or a direct match (possibly misattributed). Others wait for pass two."""
        q = figure.quantity
        if q.placeholder or q.value is None:
            figure.finding = _finding(q, ERROR, "placeholder", None, None,
                                      "占位符未填写：须换成数据中的数字，数据中没有的应删去")
            return
        scores = self.binder.scores(figure.words)
        matches = [i for i in self.consistent(q)
                   if self.figures[i].value == q.value or scores.get(i, 0.0) >= _LOOSE_MATCH]
        if not matches:
            return
        best = max(matches, key=lambda i: self.score(i, scores, figure))
        rival = self.rival(figure, matches, scores)
        if rival is not None:
            other = self.figures[rival]
            if _unit_class(other.unit) != _unit_class(q.unit):
                figure.finding = _finding(q, ERROR, "wrong_unit", other.text, other.source,
                                          f"单位与数据不符：句中所指的是“{other.text}”")
            elif other.value == q.value:
                message = self.approximation(q, other) or f"约数用法与数据“{other.text}”不符"
                figure.finding = _finding(q, ERROR, "approximation", other.text, other.source, message)
            else:
                figure.finding = _finding(
                    q, ERROR, "misattributed", other.text, other.source,
                    f"数值属于另一项数据（{self.figures[best].source}），句中所指的是“{other.text}”")
                figure.displaced = (best, rival)
            return
        chosen = self.figures[best]
        figure.source = best
        top = self.score(best, scores, figure) - 1e-9
        figure.uses = {i for i in matches if self.score(i, scores, figure) >= top}
        how = "与数据一致" if q.qualifier is Qualifier.EXACT else f"约数与数据“{chosen.text}”相符"
        figure.finding = _finding(q, SUPPORTED, "match", chosen.text, chosen.source, how)

    def rival(self, figure: _Figure, matches: list[int], scores: dict[int, float]) -> int | None:
        """The supplied figure the clause speaks of when it is not one the value matches: another
        amount of the same unit (misattributed), the same amount with an approximation word the text
        contradicts, or the same amount in another unit (wrong unit)."""
        q = figure.quantity
        unit = _unit_class(q.unit)
        match_set = set(matches)

        def is_rival(i: int) -> bool:
            f = self.figures[i]
            if i in match_set:
                return False
            if _unit_class(f.unit) == unit:
                return True
            return f.value == q.value and {unit, _unit_class(f.unit)} != {_PERCENT, _POINT}

        rivals = [i for i, s in scores.items() if s >= _BOUND and is_rival(i)]
        if not rivals:
            return None
        rival = max(rivals, key=lambda i: self.score(i, scores, figure))
        lead = max(matches, key=lambda i: scores.get(i, 0.0))
        binder = self.binder
        # Labels alike but for a qualifier (省级/市级, 新增/累计): the clause writes the rival's, not the match's.
        if (_label_likeness(self.figures[rival], self.figures[lead]) >= _SAME_THING
                and all(self.renamed(i, figure) for i in matches) and not self.renamed(rival, figure)):
            return rival
        # The clause has words only the rival's label has, and none that only a matching label has.
        if (all(binder.label_weight[i] and binder.distinct(figure.words, i, rival) <= 0.1 for i in matches)
                and binder.distinct(figure.words, rival, lead) >= _DISTINCT):
            return rival
        if scores[rival] < scores.get(lead, 0.0) - 0.05:
            return None
        # As well bound as the match: the same amount beats a loose approximate match…
        if self.figures[rival].value == q.value and all(self.figures[i].value != q.value for i in matches):
            return rival
        # …and of two equal labels, the fact the whole sentence repeats decides.
        rival_fact = binder.fact_coverage(rival, figure.sentence)
        if rival_fact >= 0.6 and rival_fact >= max(binder.fact_coverage(i, figure.sentence) for i in matches) + 0.3:
            return rival
        return None

    def renamed(self, i: int, figure: _Figure) -> bool:
        """Whether the clause of ``figure`` names supplied figure ``i``'s thing with another qualifier."""
        label = "".join(self.figures[i].label)
        return _renamed(label, figure.before) or _renamed(label, figure.after)

    def diagnose(self, figure: _Figure, derivations: Sequence[_Derivation]) -> Finding:
        """Second pass for a figure without a direct match: derived, or which error it is."""
        q = figure.quantity
        assert q.value is not None
        derived = self.derived_match(figure, derivations)
        if derived is not None:
            return self.derived_found(figure, derived)
        turned = self.derived_match(figure, [d for d in derivations if d.over_time], direction_matters=False)
        if turned is not None:  # the amount of a change of one thing, written in the wrong direction
            return self.derived_wrong(figure, turned)
        scores = self.binder.scores(figure.words)
        bound = self.bound(figure, scores)
        specific = self.specific(figure, scores, derivations)
        if specific is not None:
            finding, rank = specific
            if bound is None or rank >= self.score(bound, scores, figure) - 0.2:
                return finding
        wrong_derivation = self.derived_error(figure, derivations)
        if wrong_derivation is not None:
            return wrong_derivation
        if bound is not None:
            expected = self.figures[bound]
            return _finding(q, ERROR, "wrong_value", expected.text, expected.source,
                            f"数值与数据不符，应为“{expected.text}”")
        if specific is not None:
            return specific[0]
        return _finding(q, ERROR, "unsupported", None, None, "所给数据中没有这个数字，也不能由数据推算得出")

    def bound(self, figure: _Figure, scores: dict[int, float]) -> int | None:
        """The one supplied figure of the same unit the clause's words speak of, or None: none is bound,
        the clause names the thing with another qualifier (亩均增收 is not 户均增收), or another figure of
        another amount is bound as well — as closely, or, after 共/合计, as one more part of the total
        (共获批省市两级…: 省级 and 市级). A correction must name one figure."""
        unit = _unit_class(figure.quantity.unit)
        ranked = sorted((i for i, s in scores.items() if s >= _BOUND and _unit_class(self.figures[i].unit) == unit
                         and not self.renamed(i, figure)), key=lambda i: -self.score(i, scores, figure))
        if not ranked:
            return None
        best = ranked[0]
        one = self.figures[best]
        total = _cued(figure, "total")
        for other in ranked[1:]:
            two = self.figures[other]
            if two.value == one.value or two.group == one.group or two.label == one.label \
                    or other in self.twins.get(best, ()):
                continue
            if self.score(best, scores, figure) - self.score(other, scores, figure) < _TIE \
                    or (total and _label_likeness(one, two) >= _SAME_THING):
                return None
        return best

    def specific(self, figure: _Figure, scores: dict[int, float],
                 derivations: Sequence[_Derivation]) -> tuple[Finding, float] | None:
        """The error a value relation names: scale, percent/point, unit or approximation; best bound first."""
        q = figure.quantity
        assert q.value is not None
        unit = _unit_class(q.unit)
        found: list[tuple[float, Finding]] = []

        def add(i: int, kind: str, expected: str, message: str, needs_binding: float = 0.0) -> None:
            rank = self.score(i, scores, figure)
            if rank >= needs_binding:
                found.append((rank, _finding(q, ERROR, kind, expected, self.figures[i].source, message)))

        for i in self.by_digits.get((unit, q.value.normalize().as_tuple().digits), []):
            f = self.figures[i]
            if f.value != q.value:  # a magnitude word (万 亿 百万) lost or changed, or a stray zero if bound
                far = max(f.value, q.value) / min(f.value, q.value) >= 100 if f.value and q.value else False
                add(i, "wrong_scale", f.text, f"数量级错误：数据为“{f.text}”", needs_binding=0.0 if far else 0.3)
        if unit in (_PERCENT, _POINT):
            other = _POINT if unit == _PERCENT else _PERCENT
            for i in self.exact.get((other, q.value), []):
                f = self.figures[i]
                add(i, "percent_point", _reworded_unit(q, other), f"百分数与百分点混用：数据为“{f.text}”")
            for d in derivations:
                if d.unit == other and _fits(q.value, q.qualifier, _inclusive(q), d.value, _step(q.value),
                                             _written_step(q) / 2):
                    found.append((1.0, _finding(q, ERROR, "percent_point", _reworded_unit(q, other),
                                                self.sources(d), f"百分数与百分点混用：{d.formula}")))
        for i in self.by_value.get(q.value, []):
            f = self.figures[i]
            other = _unit_class(f.unit)
            if other != unit and {other, unit} != {_PERCENT, _POINT}:
                add(i, "wrong_unit", f.text, f"单位与数据不符：数据为“{f.text}”", needs_binding=0.3)
        spread = 10 * _step(q.value)  # wide enough for any approximation; ``approximation`` decides
        for i in self.near(q.unit, q.value - spread, q.value + spread):
            message = self.approximation(q, self.figures[i])
            if message:
                add(i, "approximation", self.figures[i].text, message)
        if not found:
            return None
        rank, finding = max(found, key=lambda pair: pair[0])
        return finding, rank

    def approximation(self, q: Quantity, f: SuppliedFigure) -> str | None:
        """Why an approximate-looking figure contradicts a nearby supplied one, or None."""
        assert q.value is not None
        v, w = q.value, f.value
        if _consistent(q, f):
            return None  # true of this figure, though the clause does not speak of it
        if f.qualifier is not Qualifier.EXACT:
            if q.qualifier is Qualifier.EXACT and (v == w or _fits(w, f.qualifier, False, v, _step(w))):
                return f"数据为约数“{f.text}”，文中写成了确数"
            if v == w or _close(v, w):
                return f"约数用法与数据“{f.text}”不符"
            return None
        if q.qualifier is Qualifier.EXACT:
            if abs(w - v) <= _step(v) / 2 and _step(v) > _step(w):
                rounded = self.reworded(q, f)
                advice = f"如“{rounded}”，" if rounded else ""
                return f"数据为“{f.text}”，取整后须加约数词，{advice}或照写“{f.text}”"
            return None
        if _close(v, w):
            rounded = self.reworded(q, f)
            advice = f"应写作“{rounded}”或“{f.text}”" if rounded else f"应照写“{f.text}”"
            return f"约数词与数据“{f.text}”矛盾，{advice}"
        return None

    @staticmethod
    def reworded(q: Quantity, f: SuppliedFigure) -> str | None:
        """The text's figure with the approximation word that makes it true of ``f`` (2000万元 → 2000余万元
        for 2008万元, 60余家 → 近60家 for 57家), or None when no such word does."""
        assert q.value is not None
        word = "余" if f.value > q.value else "近" if f.value < q.value else None
        if word is None:
            return None
        text = _reworded(q.text, word)
        qualifier = Qualifier.AT_LEAST if word == "余" else Qualifier.BELOW
        return text if text != q.text and _consistent(replace(q, text=text, qualifier=qualifier), f) else None

    def derived_match(self, figure: _Figure, derivations: Sequence[_Derivation], *,
                      direction_matters: bool = True) -> _Derivation | None:
        """The derivation the figure states: same unit, cued by the words before it, the same amount
        within the precision written, and (unless told otherwise) the direction the words say."""
        q = figure.quantity
        assert q.value is not None
        if q.high is not None:
            return None  # a range is a target or an estimate, never a computed figure
        direction = _direction(figure.before) if direction_matters else None
        tolerance = _written_step(q) / 2
        loose = max(_step(q.value), _written_step(q))
        over_time = _change_over_time(q)
        for d in derivations:
            if _unit_class(d.unit) != _unit_class(q.unit) or not _cued(figure, d.operation):
                continue
            if over_time and not d.over_time:
                continue
            if direction is not None and d.rising is not None and d.rising != direction and d.value:
                continue
            if _fits(q.value, q.qualifier, _inclusive(q), d.value, loose, tolerance):
                return d
        return None

    def derived_error(self, figure: _Figure, derivations: Sequence[_Derivation]) -> Finding | None:
        """A growth rate, difference, ratio, yearly average or sum that the data in scope does not give."""
        q = figure.quantity
        usual = _usual_operation(figure)
        if q.high is not None or not _cued(figure, usual) or (q.unit != _TIMES and not _predicate(figure)):
            return None
        wanted = [d for d in derivations if _unit_class(d.unit) == _unit_class(q.unit) and d.operation == usual
                  and (d.over_time or not _change_over_time(q))]
        if not wanted:
            return None
        written = _direction(figure.before)
        return self.derived_wrong(figure, min(wanted, key=lambda d: (not d.over_time, d.rising not in (None, written))))

    def derived_found(self, figure: _Figure, d: _Derivation) -> Finding:
        figure.uses = set(d.operands)
        q = figure.quantity
        return _finding(q, SUPPORTED, "derived", _derived_text(q, d.value), self.sources(d),
                        f"由数据推算：{d.formula} = {_signed(d, _derived_text(q, d.value, extra=2))}")

    def derived_wrong(self, figure: _Figure, d: _Derivation) -> Finding:
        """The derived figure that does not follow, with what it should say: the amount written like the
        text's figure, and the direction word turned round when the data moved the other way
        (同比增长12.5% for a fall from 240 to 210 → 下降12.5%)."""
        q = figure.quantity
        expected = _derived_text(q, d.value)
        written = _direction(figure.before)
        turned = (d.over_time and d.rising is not None and written is not None and d.rising != written
                  and d.value != 0 and q.unit != _TIMES)
        if turned:
            expected = _direction_word(q, bool(d.rising)) + expected
        message = f"推算不符：{d.formula} = {_signed(d, _derived_text(q, d.value, extra=2))}"
        if turned:
            message += f"，数据为{'上升' if d.rising else '下降'}"
        return _finding(q, ERROR, "derived", expected, self.sources(d), f"{message}，应为“{expected}”")

    def sources(self, derivation: _Derivation) -> str:
        names = dict.fromkeys(self.figures[i].source for i in derivation.operands)
        return "；".join(names) if names else "文中数字"

    # ----- derived figures in scope of a sentence

    def scope(self, text: str, figures: Sequence[_Figure], sentence_words: dict[str, float],
              passage_used: set[int]) -> list[_Derivation]:
        """Derivations a sentence may state: from two matched figures of the sentence, from an
        indicator's value and previous value, from two figures of a fact the sentence uses, and totals
        (see ``totals``). An indicator's previous value and value, the two ends of a change a fact states,
        or the two ends of a change written in the sentence (由A增至B) are one thing at two times."""
        out: list[_Derivation] = []
        matched = [f for f in figures if f.source is not None]
        for j, later in enumerate(matched):
            for earlier in matched[:j]:
                a, b = earlier.quantity, later.quantity
                if _unit_class(a.unit) == _unit_class(b.unit) and a.value is not None and b.value is not None:
                    first, last = self.figures[earlier.source or 0], self.figures[later.source or 0]
                    over_time = _one_thing_over_time(first, last) or change_ends(text, a, b)
                    out += _derivations(a.value, b.value, a.text, b.text, a.unit,
                                        (earlier.source or 0, later.source or 0), over_time=over_time,
                                        years=self.years_between(first, last) if over_time else None)
        if len(matched) > 2:  # "A 3家、B 5家、C 7家，合计15家": the total of everything listed before it
            for unit, listed in itertools.groupby(sorted(matched, key=lambda f: _unit_class(f.quantity.unit)),
                                                  key=lambda f: _unit_class(f.quantity.unit)):
                items = list(listed)
                if len(items) > 2 and unit != _TIMES:
                    total = sum((f.quantity.value or Decimal(0) for f in items), Decimal(0))
                    out.append(_Derivation(total, items[0].quantity.unit, "sum", None,
                                           "+".join(f.quantity.text for f in items),
                                           tuple(f.source or 0 for f in items)))
        groups = {self.figures[f.source].group for f in matched if f.source is not None}
        sentence_scores = self.binder.coverage(sentence_words)
        stated = {f.source for f in figures if f.source is not None}
        unstated = {i for i, s in sentence_scores.items()
                    if s >= _NAMED_PART and i not in stated and self.figures[i].role == "value"}
        out += self.totals(figures, passage_used, unstated)
        named = [i for i, s in sentence_scores.items() if s >= 0.6 and self.figures[i].role == "value"]
        groups.update(self.figures[i].group for i in named)
        for base in named:  # "科技型中小企业412家，是高新技术企业的2.6倍": a figure as a multiple or share of another
            a = self.figures[base]
            for figure in matched:
                b = self.figures[figure.source or 0]
                if b.group == a.group or _unit_class(a.unit) != _unit_class(b.unit):
                    continue
                pair = (base, figure.source or 0)
                if _label_likeness(a, b) >= _SAME_THING and self.later_in_time(b, a):
                    # a target and the value it starts from: "突破55亿元、增长13%以上" (48.6亿元 now)
                    out += _derivations(a.value, b.value, a.text, b.text, a.unit, pair, over_time=True)
                else:
                    out += [d for d in _derivations(a.value, b.value, a.text, b.text, a.unit, pair)
                            if d.operation in ("ratio", "share")]
        for group in sorted(groups):
            members = self.groups[group]
            for j, later in enumerate(members):
                for earlier in members[:j]:
                    a, b = self.figures[earlier], self.figures[later]
                    if a.role == "value" and b.role == "previous":
                        a, b, earlier, later = b, a, later, earlier
                    if _unit_class(a.unit) == _unit_class(b.unit):
                        over_time = _one_thing_over_time(a, b)
                        out += _derivations(a.value, b.value, a.text, b.text, a.unit, (earlier, later),
                                            over_time=over_time, years=self.years_between(a, b) if over_time else None)
        return out

    def totals(self, figures: Sequence[_Figure], passage_used: set[int], unstated: set[int]) -> list[_Derivation]:
        """Totals a figure after 合计/共计/累计/共… may state: of two supplied figures of its unit, or of all
        of them, among the parts stated before it in its passage (section) — "股权融资和信用贷款合计17.16亿元"
        after 14.3亿元 and 2.86亿元 — and of two indicators alike but for a qualifier that the sentence names
        without stating them ("共获批省市两级…89项": 省级 37 and 市级 52). Parts listed after the total
        (…108项，其中：国列5项…) are not summed in pairs."""
        out: list[_Derivation] = []
        for k, figure in enumerate(figures):
            if figure.finding is not None or figure.quantity.unit == _TIMES or not _cued(figure, "total"):
                continue
            unit = _unit_class(figure.quantity.unit)
            stated = self.parts(unit, passage_used | {f.source for f in figures[:k] if f.source is not None})
            named = self.parts(unit, unstated)
            pairs = [*itertools.combinations(stated, 2), *(pair for pair in itertools.combinations(named, 2)
                     if _label_likeness(*(self.figures[i] for i in pair)) >= _SAME_THING)]
            for combination in [*pairs, *([tuple(stated)] if len(stated) > 2 else [])]:
                chosen = [self.figures[i] for i in combination]
                out.append(_Derivation(sum((f.value for f in chosen), Decimal(0)), chosen[0].unit, "total", None,
                                       "+".join(f.text for f in chosen), combination))
        return out

    def parts(self, unit: str, pool: set[int]) -> list[int]:
        """The figures of ``pool`` that can be parts of a total in ``unit``: exact current amounts, each
        figure once (not also its twin)."""
        parts = [i for i in sorted(pool) if _unit_class(self.figures[i].unit) == unit
                 and self.figures[i].role != "previous" and self.figures[i].qualifier is Qualifier.EXACT]
        return [i for k, i in enumerate(parts) if not self.twins.get(i, set()).intersection(parts[:k])]

    def later_in_time(self, one: SuppliedFigure, other: SuppliedFigure) -> bool:
        """Whether ``one`` is known to be of a later year than ``other``: by its period, or for a fact
        without one, by the year its section's heading names (the facts under "2026年工作计划" are targets
        for 2026)."""
        a, b = self.year_of(one), self.year_of(other)
        return a is not None and b is not None and a > b

    def year_of(self, figure: SuppliedFigure) -> int | None:
        year = _year_of(figure)
        if year is not None or figure.role != "fact":
            return year
        for depth in range(len(figure.section), 0, -1):
            years = period_years(self.headings.get(figure.section[:depth]))
            if len(years) == 1:
                return next(iter(years))
        return None

    def years_between(self, earlier: SuppliedFigure, later: SuppliedFigure) -> int | None:
        """Years from one figure's period to a later one's (a later figure without a period is of the
        report's year): 2020 → 2025 is 5; None when the earlier period names no year."""
        first = _year_of(earlier)
        last = _year_of(later) or self.notes.year
        return last - first if first is not None and last > first else None

    # ----- coverage

    def unused(self, sections: Sequence[TextSection], used: set[int]) -> list[Finding]:
        where = {s.key: s for s in sections if s.key is not None}
        out = []
        used = used.union(*(self.twins.get(i, ()) for i in used))
        for i, f in enumerate(self.figures):
            if i in used or f.role == "previous":
                continue
            section = next((where[f.section[:n]] for n in range(len(f.section), 0, -1) if f.section[:n] in where),
                           None)
            place = f"（应在“{section.heading}”一节）" if section else ""
            out.append(Finding(f.text, section.start if section else None,
                               section.start + len(section.heading) if section else None, WARNING, "unused",
                               f.text, f.source, f"数据“{f.text}”未在文中使用{place}"))
        return out


    def check(self, text: str, *, sections: Sequence[TextSection] | None = None) -> CheckReport:
        """Reconcile every figure of ``text``; see ``check_text``."""
        written, text = text, simplified_in_place(text)  # words compare in one script; offsets are the same
        sections = _with_keys(find_sections(written) if sections is None else sections, self.notes)
        innermost = _SectionIndex(sections)
        periods = _HeadingPeriods(sections)
        quantities = [self.implied_unit(q) for q in extract_quantities(written)]
        findings: list[Finding] = []
        used: set[int] = set()
        passages = sorted({s.start for s in sections}) or _paragraph_starts(text)
        passage, passage_used = -1, set()
        cursor = 0
        for start, end in _sentence_spans(text):
            first = cursor
            while cursor < len(quantities) and quantities[cursor].start < end:
                cursor += 1
            if first == cursor:
                continue
            if (here := bisect.bisect_right(passages, start)) != passage:
                passage, passage_used = here, set()
            sentence = _bigrams(binding_words(text[start:end]))
            figures = []
            for index in range(first, cursor):
                before, after = clause_words(text, quantities, index)
                figures.append(_Figure(quantities[index], before, after, _clause_bigrams(before, after), sentence,
                                       innermost.key_at(quantities[index].start), index,
                                       periods.years_at(quantities[index].start),
                                       written_year(text, quantities, index)))
            for figure in figures:
                self.judge(figure)
            self.reversed_order(text, figures)
            self.wrong_period(text, figures, (start, end))
            self.stale_previous(text[start:end], start, figures)
            self.other_fact(text, figures)
            self.baselines(text, figures)
            self.swap_partners(figures)
            if any(f.finding is None for f in figures):
                derivations = self.scope(text, figures, {b: 1.0 for b in sentence}, passage_used)
                for k, figure in enumerate(figures):
                    if figure.finding is None:
                        figure.finding = self.stated_derivation(text, figures, k) or self.diagnose(figure, derivations)
            findings += [f.finding for f in figures if f.finding is not None]
            used.update(*(f.uses for f in figures))
            passage_used.update(f.source for f in figures if f.source is not None)
        return CheckReport(written, findings + self.unused(sections, used))

    def implied_unit(self, q: Quantity) -> Quantity:
        """An amount in 万 or 亿 with its unit left out ("达到170亿") is in 元 when the data counts money,
        unless the data holds that very figure without a unit."""
        if (q.unit or q.value is None or not ("万" in q.scale or "亿" in q.scale) or not self.counts_money
                or ("", q.value) in self.exact):
            return q
        return replace(q, unit="元")

    def reversed_order(self, text: str, figures: Sequence[_Figure]) -> None:
        """"由A…到B" (or "在A的基础上…B") with A and B the wrong way round in time — an indicator's value
        and previous value, a fact's two ends, or two figures of one thing whose periods say which is
        later (a 2026 target and the 2025 value): both misattributed."""
        for earlier, later in itertools.pairwise(figures):
            if earlier.source is None or later.source is None:
                continue
            a, b = self.figures[earlier.source], self.figures[later.source]
            if a.value == b.value:
                continue
            if a.group == b.group:
                reversed_ = self._rank(earlier.source) > self._rank(later.source)
            else:
                reversed_ = _label_likeness(a, b) >= _SAME_THING and self.later_in_time(a, b)
            if reversed_ and change_ends(text, earlier.quantity, later.quantity):
                for figure, expected in ((earlier, b), (later, a)):
                    figure.finding = _finding(figure.quantity, ERROR, "misattributed", expected.text, expected.source,
                                              f"先后颠倒：变化的起点应为“{b.text}”，终点应为“{a.text}”")
                    figure.uses = set()

    def wrong_period(self, text: str, figures: Sequence[_Figure], sentence: tuple[int, int]) -> None:
        """A figure of one period stated for another, when the data holds the same thing for that other
        period. The period is the year written next to the figure ("2024年高新技术企业156家" with 156 for
        2025 and 131 for 2024: misattributed); with none written, the year its section's heading names, or
        the report's year ("2025年工作情况 … 高新技术企业达到53家" with 53 the 2024 row: stale_period) —
        unless the sentence dates or compares it (a year written, 由 比上年 末 …)."""
        start, end = sentence
        for figure in figures:
            if figure.source is None or (figure.finding and figure.finding.verdict == ERROR):
                continue
            f = self.figures[figure.source]
            own = period_years(f.period)
            if not own:
                continue
            year, stale = figure.year, False
            if year is None and f.role == "value" and not _WRITTEN_YEAR.search(text, start, end) \
                    and not self.earlier_by_words(text[start:end], figure.quantity.start - start):
                year, stale = self.period_of(figure), True
            if year is None or year in own:
                continue
            unit = _unit_class(f.unit)
            alike = [*self.alike[(unit, f.label)], *self.groups[f.group]]
            meant = next((j for j in alike if _unit_class(self.figures[j].unit) == unit
                          and year in period_years(self.figures[j].period)), None)
            if meant is None or (stale and any(meant == other.source or meant in other.uses for other in figures)):
                continue
            other = self.figures[meant]
            if stale:
                figure.finding = _finding(figure.quantity, ERROR, "stale_period", other.text, other.source,
                                          f"“{figure.quantity.text}”是{_period_text(f.period)}的数据，"
                                          f"本期（{year}年）为“{other.text}”；写其他年份的数须注明年份")
            else:
                figure.finding = _finding(figure.quantity, ERROR, "misattributed", other.text, other.source,
                                          f"年份不符：“{figure.quantity.text}”是{_period_text(f.period)}的数据，"
                                          f"{year}年应为“{other.text}”")
            figure.source, figure.uses = None, set()

    def period_of(self, figure: _Figure) -> int | None:
        """The year a figure without a year of its own speaks of: the one its section's heading names
        (None under a heading naming several, 2021—2025年), else the report's year."""
        if not figure.period:
            return self.notes.year
        return next(iter(figure.period)) if len(figure.period) == 1 else None

    def stale_previous(self, sentence: str, offset: int, figures: Sequence[_Figure]) -> None:
        """An indicator's previous value stated as if it were the current one ("全县R&D经费投入强度达到
        1.21%" where 1.21% is the 2020 value and the 2024 value differs): stale_period. The sentence makes
        it the earlier amount when it also states the current value, writes a year outside the current
        period, or has a word of comparison or of an earlier time before it (由 比 较 上年 同期 末 基础上 …)."""
        for figure in figures:
            if figure.source is None or figure.finding is None or figure.finding.verdict != SUPPORTED:
                continue
            if any(self.figures[i].role != "previous" for i in {figure.source, *figure.uses}):
                continue
            f = self.figures[figure.source]
            current_index = next(i for i in self.groups[f.group] if self.figures[i].role == "value")
            current = self.figures[current_index]
            if current.value == f.value or any(
                    other.source == current_index or current_index in other.uses for other in figures):
                continue
            if self.earlier_by_words(sentence, figure.quantity.start - offset):
                continue
            if {int(y) for y in _WRITTEN_YEAR.findall(sentence)} - period_years(current.period):
                continue
            now = f"本期（{_period_text(current.period)}）" if current.period else "本期"
            figure.finding = _finding(figure.quantity, ERROR, "stale_period", current.text, current.source,
                                      f"“{figure.quantity.text}”是上期{_period_text(f.period)}的数据，"
                                      f"{now}为“{current.text}”；写上期数须注明年份")
            figure.source, figure.uses = None, set()

    @staticmethod
    def earlier_by_words(sentence: str, position: int) -> bool:
        """Whether words before ``position`` make the figure there an earlier amount: a word of an earlier
        time (上年, 末, 由 …) or a comparison (比/较 with a verb of change in its clause)."""
        if _EARLIER_WORDS.search(sentence, 0, position):
            return True
        for comparison in _COMPARISON.finditer(sentence, 0, position):
            clause = _CLAUSE_MARKS.search(sentence, comparison.end())
            if _direction(sentence[comparison.end():clause.start() if clause else len(sentence)]) is not None:
                return True
        return False

    def other_fact(self, text: str, figures: Sequence[_Figure]) -> None:
        """Of two facts worded alike ("其中：国列5项、省列24项" in two facts), the sentence restates the one
        most of its figures match; a figure matching only the other fact, where that one has a different
        figure under the same words, is misattributed — unless the two figures are the start and the end
        of one change (see ``other_point``), or the year written next to the figure is its own row's."""
        groups = Counter(self.figures[f.source].group for f in figures if f.source is not None)
        if not groups:
            return
        group, count = groups.most_common(1)[0]
        if count < 2:
            return
        for figure in figures:
            if figure.source is None or self.figures[figure.source].group == group:
                continue
            f = self.figures[figure.source]
            if groups[f.group] >= count or any(self.figures[i].group == group for i in figure.uses):
                continue
            if figure.year is not None and figure.year in period_years(f.period):
                continue  # dated to its own row: "从2020年的24家增至2025年的61家，其中2023年达到45家"
            meant = next((i for i in self.alike[(_unit_class(f.unit), f.label)] if self.figures[i].group == group), None)
            if meant is None or self.other_point(text, figures, figure, figure.source, meant):
                continue
            other = self.figures[meant]
            figure.finding = _finding(figure.quantity, ERROR, "misattributed", other.text, other.source,
                                      f"同句其他数字出自另一条数据，其中此处为“{other.text}”")
            figure.source, figure.uses = None, set()

    def stated_operands(self, text: str, figures: Sequence[_Figure], k: int) -> tuple[_Figure, _Figure] | None:
        """The two supported figures a derived figure names right before it, as (compared, base):
        "A为B的N倍", "A是B的N%", "A占B的N%", "A比B增长N%"; None when it names none."""
        if k < 2:
            return None
        a, b, n = figures[k - 2], figures[k - 1], figures[k].quantity
        if (a.source is None or b.source is None or a.quantity.value is None or b.quantity.value is None
                or _unit_class(a.quantity.unit) != _unit_class(b.quantity.unit)):
            return None
        linking, trailing = text[a.quantity.end:b.quantity.start], text[b.quantity.end:n.start]
        if len(linking) > 15 or _CLAUSE_MARKS.search(trailing):
            return None
        if trailing.strip() == "的" and _STATED_RATIO.search(linking):
            return a, b
        if _COMPARED.search(linking) and len(trailing) <= 6 and _direction(trailing) is not None:
            return a, b
        return None

    def stated_derivation(self, text: str, figures: Sequence[_Figure], k: int) -> Finding | None:
        """A derived figure whose operands the sentence names is checked against those two alone."""
        stated = self.stated_operands(text, figures, k)
        if stated is None:
            return None
        compared, base = (f.quantity for f in stated)
        assert compared.value is not None and base.value is not None
        operands = (stated[1].source or 0, stated[0].source or 0)
        derivations = _derivations(base.value, compared.value, base.text, compared.text, base.unit, operands)
        figure = figures[k]
        match = self.derived_match(figure, derivations)
        if match is not None:
            return self.derived_found(figure, match)
        q = figure.quantity
        usual = _USUAL_OPERATION.get(q.unit, "difference")
        wanted = [d for d in derivations if _unit_class(d.unit) == _unit_class(q.unit) and _cued(figure, d.operation)]
        wanted.sort(key=lambda d: d.operation != usual)
        return self.derived_wrong(figure, wanted[0]) if wanted else None

    def other_point(self, text: str, figures: Sequence[_Figure], figure: _Figure, own: int, meant: int) -> bool:
        """Whether ``meant`` — the supplied figure the words of ``figure`` seem to ask for — is stated by
        another figure of the sentence, the two being the start and the end of one change ("由2025年的
        4.2亿元突破5亿元", "在3650万元的基础上，…4000万元以上"), with ``own`` (what ``figure``'s value is)
        the same thing at the other time. Each figure then carries its own value: no swap, no mix-up."""
        a, b = self.figures[own], self.figures[meant]
        if _label_likeness(a, b) < _SAME_THING:
            return False
        for other in figures:
            if other is figure or other.source is None:
                continue
            if meant != other.source and meant not in other.uses and meant not in self.twins.get(other.source, ()):
                continue
            if figure.quantity.start < other.quantity.start:
                earlier, later, first, last = figure, other, a, b
            else:
                earlier, later, first, last = other, figure, b, a
            if change_ends(text, earlier.quantity, later.quantity) and not self.later_in_time(first, last):
                return True
        return False

    def baselines(self, text: str, figures: Sequence[_Figure]) -> None:
        """A figure held for misattributed because its words name another figure of the data, while that
        figure is itself stated as the other end of the same change (``other_point``): supported after all."""
        for figure in figures:
            if figure.displaced is None:
                continue
            owner, meant = figure.displaced
            if self.other_point(text, figures, figure, owner, meant):
                chosen = self.figures[owner]
                figure.finding = _finding(figure.quantity, SUPPORTED, "match", chosen.text, chosen.source,
                                          "与数据一致（变化的起点或终点）")
                figure.source, figure.uses, figure.displaced = owner, {owner}, None

    def swap_partners(self, figures: Sequence[_Figure]) -> None:
        """A misattributed figure took the place of the figure meant; if the meant figure's value stands
        elsewhere in the sentence, the two were swapped and that figure is misattributed too."""
        for figure in figures:
            if figure.displaced is None:
                continue
            owner, meant = (self.figures[i] for i in figure.displaced)
            for other in figures:
                if (other.source is not None and other.quantity.value == meant.value
                        and _unit_class(other.quantity.unit) == _unit_class(meant.unit)):
                    other.finding = _finding(other.quantity, ERROR, "misattributed", owner.text, owner.source,
                                             f"与“{figure.quantity.text}”位置互换：此处应为“{owner.text}”")
                    other.source, other.uses = None, set()

    def _rank(self, i: int) -> int:
        """Order in time within a group: a previous value before the value; a fact's figures as written."""
        f = self.figures[i]
        return -1 if f.role == "previous" else self.groups[f.group].index(i)


def _period_text(period: str | None) -> str:
    """A period as a reader says it: "2025" → 2025年; "十四五期间" as written."""
    text = str(period or "")
    return f"{text}年" if text.isdigit() else text


def _twins(figures: Sequence[SuppliedFigure]) -> dict[int, set[int]]:
    """Supplied figures that are one figure written twice: the same amount, unit and approximation,
    bound to the same words (an indicator, and a fact that states it: "有效期内高新技术企业28家").
    Using one in the text uses its twins."""
    alike: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        alike[(_unit_class(f.unit), f.value, f.qualifier, f.high)].append(i)
    twins: dict[int, set[int]] = defaultdict(set)
    for members in alike.values():
        for i, j in itertools.combinations(members, 2):
            if figures[i].group != figures[j].group and _same_binding(figures[i], figures[j]):
                twins[i].add(j)
                twins[j].add(i)
    return twins


def _same_binding(one: SuppliedFigure, other: SuppliedFigure) -> bool:
    """Whether the binding words of one figure are (nearly all) in the other's fact, or the reverse."""
    for a, b in ((one, other), (other, one)):
        label = _bigrams("".join(a.label))
        if label and len(label & _bigrams(b.context)) >= _TWIN_SHARE * len(label):
            return True
    return False


class _HeadingPeriods:
    """The years the headings above any position name: a heading's own (一、2025年工作情况), or else the
    nearest enclosing heading's that names any (（一）… under 二、2021—2025年回顾)."""

    def __init__(self, sections: Sequence[TextSection]):
        self.starts: list[int] = []
        self.years: list[frozenset[int]] = []
        enclosing: list[tuple[int, frozenset[int]]] = []
        for section in sorted(sections, key=lambda s: s.start):
            while enclosing and enclosing[-1][0] >= section.level:
                enclosing.pop()
            years = period_years(section.heading) or (enclosing[-1][1] if enclosing else frozenset())
            enclosing.append((section.level, years))
            self.starts.append(section.start)
            self.years.append(years)

    def years_at(self, position: int) -> frozenset[int]:
        index = bisect.bisect_right(self.starts, position) - 1
        return self.years[index] if index >= 0 else frozenset()


class _SectionIndex:
    """The key of the innermost keyed section at any position, by one bisection: the sections
    (nested or one after another) are swept once into the points where the innermost one changes."""

    def __init__(self, sections: Sequence[TextSection]):
        self.points: list[int] = []
        self.keys: list[tuple[int, ...] | None] = []
        open_sections: list[TextSection] = []
        for section in sorted((s for s in sections if s.key is not None), key=lambda s: (s.start, -s.end)):
            self._close(open_sections, section.start)
            open_sections.append(section)
            self._mark(section.start, section.key)
        self._close(open_sections, None)

    def _close(self, open_sections: list[TextSection], before: int | None) -> None:
        while open_sections and (before is None or open_sections[-1].end <= before):
            ended = open_sections.pop()
            self._mark(ended.end, open_sections[-1].key if open_sections else None)

    def _mark(self, point: int, key: tuple[int, ...] | None) -> None:
        self.points.append(point)
        self.keys.append(key)

    def key_at(self, position: int) -> tuple[int, ...] | None:
        index = bisect.bisect_right(self.points, position) - 1
        return self.keys[index] if index >= 0 else None


def _finding(q: Quantity, verdict: str, kind: str, expected: str | None, source: str | None,
             message: str) -> Finding:
    return Finding(q.text, q.start, q.end, verdict, kind, expected, source, message)


def _derived_text(q: Quantity, value: Decimal, extra: int = 0) -> str:
    """A derived amount written like the text figure: same decimals, scale word and unit; a ratio
    written as growth counts the base out (a ratio of 2.3 is 增长1.3倍); a ratio written in 番 is said
    in 番 when it is a doubling (4 → 翻了两番), else with one decimal (2.5倍)."""
    if "番" in q.text:
        doubling = next((words for times, words in _DOUBLINGS.items() if abs(value - times) <= times / 20), None)
        if doubling and not extra:
            return doubling
        extra += 1
    grow = _GROWTH_TIMES.match(_QUALIFIER_WORDS.sub("", q.text)) if q.unit == _TIMES else None
    if grow:
        value -= 1
    step = _written_step(q)
    try:
        factor = scale_factor(q.scale)
    except KeyError:
        factor = Decimal(1)
    if value == value.to_integral_value() and q.unit not in (_PERCENT, _TIMES):
        extra = 0  # a whole count stays whole (36家, not 36.00家)
    places = (step / factor).scaleb(-extra)
    number = format((value / factor).quantize(places, rounding=ROUND_HALF_UP), "f")
    return f"{grow.group() if grow else ''}{number}{q.scale}{q.unit}"


def _signed(d: _Derivation, amount: str) -> str:
    """A computed change as a signed amount: a fall is negative (−12.50%)."""
    return f"−{amount}" if d.rising is False and d.value else amount


def _direction_word(q: Quantity, rising: bool) -> str:
    """The word a change of this kind is written with: 增长/下降 for a rate, 增加/减少 for an amount."""
    if q.unit == _PERCENT:
        return "增长" if rising else "下降"
    return "增加" if rising else "减少"


def _reworded_unit(q: Quantity, unit: str) -> str:
    return f"{_QUALIFIER_WORDS.sub('', q.text).removesuffix(q.unit).removesuffix('%')}{unit}"


def _one_thing_over_time(earlier: SuppliedFigure, later: SuppliedFigure) -> bool:
    """An indicator's previous value and value, or the two ends of a change a fact states."""
    return earlier.group == later.group and ((earlier.role, later.role) == ("previous", "value")
                                             or (earlier.change, later.change) == ("start", "end"))


def _year_of(figure: SuppliedFigure) -> int | None:
    years = period_years(figure.period)
    return max(years) if years else None


@lru_cache(maxsize=4096)
def _renamed(label: str, words: str) -> bool:
    """Whether ``words`` name what ``label`` names with its qualifier swapped: a short stretch of the label
    stands in the words replaced by other characters, right before a stretch both share (省级科技项目立项
    for 市级科技项目立项, 亩均增收 for 户均增收, 累计服务企业 for 新增服务企业)."""
    if not label or not words:
        return False
    opcodes = SequenceMatcher(None, label, words, autojunk=False).get_opcodes()
    for (tag, i1, i2, j1, j2), (following, k1, k2, _, _) in itertools.pairwise(opcodes):
        if tag != "replace" or following != "equal" or k2 - k1 < 2 or i2 - i1 > _QUALIFIER_REACH:
            continue
        # Where the label begins, the words may run on before their qualifier: 建成|国家|级星创天地.
        written = words[max(j1, j2 - _QUALIFIER_REACH):j2] if i1 == 0 else words[j1:j2]
        if len(written) <= _QUALIFIER_REACH and not set(label[i1:i2]) & set(written):
            return True
    return False


def _label_likeness(one: SuppliedFigure, other: SuppliedFigure) -> float:
    """Dice coefficient of the binding words of two supplied figures: 争取上级科技资金 ~ 争取资金."""
    a, b = _bigrams("".join(one.label)), _bigrams("".join(other.label))
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _paragraph_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def check_text(text: str, notes: Notes, *, sections: Sequence[TextSection] | None = None) -> CheckReport:
    """Reconcile every figure of ``text`` with the supplied data of ``notes``.

    ``sections`` are the text's sections with their notes outline keys when the caller knows them
    (the drafter does); otherwise they are found by heading markers and matched to the outline by
    heading. Unused supplied figures are reported per section.
    """
    return FigureChecker(notes).check(text, sections=sections)


def repair_instructions(report: CheckReport) -> list[str]:
    """Each error in plain Chinese, for the model's repair round."""
    out = []
    for f in report.errors:
        source = f"（来源：{f.source}）" if f.source else ""
        if f.kind == "unsupported":
            out.append(f"句中“{f.text}”在所给数据中没有依据，请删除或改用数据中的数字。")
        elif f.kind == "placeholder":
            out.append(f"句中“{f.text}”是未填写的占位符，请换成数据中的数字；数据中没有的，请删去这部分内容。")
        elif f.kind == "approximation":
            out.append(f"句中“{f.text}”的约数写法与数据不符：{f.message}{source}。")
        elif f.kind == "stale_period":
            out.append(f"句中“{f.text}”是上期的数据，不是本期数：{f.message}{source}。")
        elif f.kind == "misattributed":
            out.append(f"句中“{f.text}”是另一项指标的数字，与句中所说的内容不符，应为“{f.expected}”{source}。")
        elif f.kind == "derived":
            out.append(f"句中“{f.text}”不能由数据推算得出，{f.message}{source}。")
        else:
            out.append(f"句中“{f.text}”与数据不符，应为“{f.expected}”{source}。")
    return out
