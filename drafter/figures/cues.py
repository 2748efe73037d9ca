"""The words before a figure that introduce a derived figure (增长, 占, 合计, 年均 …), whether that word is
the figure's own predicate, and the direction of change a clause states."""

from __future__ import annotations

import re
from functools import lru_cache

from drafter.figures.derivations import USUAL_OPERATION
from drafter.figures.sentence import TextFigure
from drafter.quantity.lexicon import (
    ADDITION_WORDS,
    ANNUAL_CUES,
    AVERAGE_COUNTER,
    AVERAGE_CUES,
    COMPARED_MORE,
    CUE_NOUNS,
    CUE_REACH,
    DECLINE_CUES,
    DIFFERENCE_CUES,
    GROWTH_CUES,
    LEVEL_CUES,
    NET_ADDITION_WORDS,
    REACHED_WORDS,
    SHARE_CUES,
    SUM_CUES,
)

# The words a derived figure is introduced by, per operation (a ratio's cue is its unit, 倍).
_CUES = {"difference": (*GROWTH_CUES, *DECLINE_CUES, *DIFFERENCE_CUES), "growth": (*GROWTH_CUES, *DECLINE_CUES),
         "share": SHARE_CUES, "ratio": (), "annual": ANNUAL_CUES, "sum": SUM_CUES, "total": SUM_CUES,
         "average": AVERAGE_CUES, "level": LEVEL_CUES}
_ALL_CUES = tuple({cue for operation, cues in _CUES.items() if operation not in ("average", "level") for cue in cues})
# What may stand between a verb of change and its amount: a noun of rate, a comparison's base, a copula.
_CUE_COMPLEMENT = re.compile(r"(?:率|幅|速|量|额|值)?(?:上年同期|去年同期|上年|去年|同期|年)?"
                             r"(?:了|达到|达|到|至|为|是|约|近|超过|逾|高达|共计|共)*")
# A rate noun right before its figure (结案率, 覆盖率, 达标率), not a rate of change (增长率, 增速).
_RATE_NOUN = re.compile(r"(?<!增长)(?<!增)(?<!速)率(?:为|是|达到|达|约)?$")
# "…目标的N%": N percent of what the words name; not "由2023年的N%" (its year is gone from the binding words)
_PART_OF = re.compile(r"(?<![年期由从從到至])的$")
CLAUSE_MARKS = re.compile(r"[，。；：！？,;:!?]")
_CUE_NOUNS = re.compile("|".join(CUE_NOUNS))


def without_cue_nouns(before: str) -> str:
    """The words before a figure with every noun that holds a cue word (增加值, 增长点) blanked out, positions kept:
    in 占规上工业增加值比重 nothing grows."""
    return _CUE_NOUNS.sub(lambda m: "□" * len(m.group()), before) if "增" in before else before


def cued(figure: TextFigure, operation: str) -> bool:
    """Whether the words before the figure introduce this kind of derived figure. A yearly average
    (年均增长) is cued by its own words and is never a total change."""
    return _cued(figure.before, operation)


@lru_cache(maxsize=4096)
def _cued(before: str, operation: str) -> bool:
    before = without_cue_nouns(before)
    # A total's cue opens the noun phrase it counts: "共获批省市两级科技计划项目89项"; so does a word of addition
    # the difference it states: "新增省级以上工程技术研究中心7家".
    if operation == "difference" and any(word in before for word in ADDITION_WORDS):
        return True
    window = before if operation == "total" else before[-CUE_REACH:]
    if operation == "difference" and COMPARED_MORE.search(window):
        return True  # 比上年多1家
    yearly = any(cue in window for cue in ANNUAL_CUES)
    if operation == "annual" or (yearly and operation in ("growth", "difference", "average")):
        return yearly and operation == "annual"
    cues = _CUES[operation]
    if operation == "share" and (window.endswith("的") or _RATE_NOUN.search(window)):
        return True  # "…的N%": N percent of what the words before name; "结案率90.8%": a rate of two counts
    return not cues or any(cue in window for cue in cues)


def gross_addition(words: str) -> bool:
    """Whether the last word of change in a clause is a word of gross addition (新认定, 新建, 新引进 …; not 新增):
    "其中当年新认定74家" — but "新认定企业较上年增加3家" states a change of that count."""
    addition = max((words.rfind(w) for w in ADDITION_WORDS if w not in NET_ADDITION_WORDS), default=-1)
    if addition < 0:
        return False
    change = max((words.rfind(cue) for cue in (*GROWTH_CUES, *DECLINE_CUES, *DIFFERENCE_CUES)
                  if not any(cue in w for w in ADDITION_WORDS)), default=-1)
    return change < addition


def average_counter(figure: TextFigure) -> str | None:
    """The counter of the count an average divides by, when its cue names one (每家 → 家, 亩均 → 亩);
    "" for an average that names none (平均); None when the figure is not introduced as an average."""
    if not cued(figure, "average"):
        return None
    named = AVERAGE_COUNTER.findall(figure.before[-CUE_REACH:])
    return "".join(named[-1]) if named else ""


def predicate(figure: TextFigure) -> bool:
    """Whether the last word of change or share before the figure is what the figure is the amount of:
    only a complement stands between (增长了, 增幅达, 提高到, 高于上年同期). In "新增产值约15亿元" the figure
    counts 产值, which 新增 qualifies: not an increase of anything in the data."""
    if COMPARED_MORE.search(figure.before):
        return True  # 比上年多1家
    end = _cue_end(figure.before)
    if end >= 0 and reached(figure):
        return False  # 提高到63.5%, 增至41家: the level reached, not the change
    return end >= 0 and _CUE_COMPLEMENT.fullmatch(figure.before, end) is not None


@lru_cache(maxsize=4096)
def _cue_end(before: str) -> int:
    """Where the last cue word before a figure ends (-1: none)."""
    before = without_cue_nouns(before)
    return max((at + len(cue) for cue in _ALL_CUES if (at := before.rfind(cue)) >= 0), default=-1)


def reached(figure: TextFigure) -> bool:
    """Whether the figure is the level a change reached: its last verb of change is followed by 到/至 (提高到63.5%,
    增至41家), so it is no amount of change (a multiple, 增长到原来的2倍, is one still)."""
    end = _cue_end(figure.before)
    return end >= 0 and figure.before.startswith(REACHED_WORDS, end) and figure.quantity.unit != "倍"


# The reading of a share's or a rate's level (占比超过四成, 比例达到17%): no derivation it ought to be.
LEVEL = "level"


def usual_operation(figure: TextFigure) -> str:
    """The reading a clause most likely means when its derived figure is wrong (``LEVEL``: none)."""
    if cued(figure, "annual"):
        return "annual"
    if figure.quantity.unit not in ("%", "倍") and cued(figure, "average"):
        return "average"
    before = figure.before[-CUE_REACH:]
    if figure.quantity.unit == "%" and (_PART_OF.search(before) or _RATE_NOUN.search(before)) \
            and written_direction(before) is None:
        return "share"  # 完成年度目标的75.2%, 结案率90.8% (not 比例达到17%, 由2023年的1.98%: a rate's value)
    if figure.quantity.unit == "%" and share_last(before):
        return LEVEL  # 占全市工业增加值的比重为38.6%: a share's level, never a growth (比重提高2个百分点 is a change)
    return USUAL_OPERATION.get(figure.quantity.unit, "difference")


def share_last(before: str) -> bool:
    """Whether the last cue word before a figure is one of share (占, 比重, 占比): no verb of change follows it."""
    plain = without_cue_nouns(before)
    share = max((plain.rfind(cue) for cue in SHARE_CUES if cue != "完成"), default=-1)
    change = max((plain.rfind(cue) for cue in (*GROWTH_CUES, *DECLINE_CUES)), default=-1)
    return share > change


@lru_cache(maxsize=4096)
def written_direction(before: str) -> bool | None:
    """Whether the clause says the amount rose (增长) or fell (下降), judging by the last cue word."""
    before = without_cue_nouns(before)
    rise = max((before.rfind(cue) for cue in GROWTH_CUES), default=-1)
    fall = max((before.rfind(cue) for cue in DECLINE_CUES), default=-1)
    if rise < 0 and fall < 0:
        return None
    return rise > fall
