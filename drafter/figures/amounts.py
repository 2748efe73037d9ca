"""Whether a written amount states a supplied one: the precision a figure is written with, what an
approximation word (近 约 余 以上) allows, and how the figure should be written to be true of the data."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from drafter.figures.model import Qualifier, Quantity
from drafter.figures.supplied import SuppliedFigure
from drafter.quantity.lexicon import (
    APPROXIMATION_IN_FIGURE,
    APPROXIMATION_WORDS,
    BELOW_SPAN,
    CLOSE_SHARE,
    SAME_UNIT,
    SEVERAL_SPAN,
    TARGET_WORDS,
    VAGUE_INCLUSIVE,
    Position,
    approximation_word,
)
from drafter.quantity.units import UNIT_FACTOR, scale_factor

PERCENT, POINT, TIMES = "%", "个百分点", "倍"
_NUMBER_HEAD = re.compile(r"^[0-9０-９.,．零〇一二两兩三四五六七八九十百千点點]+")
QUALIFIER_WORDS = APPROXIMATION_IN_FIGURE
_DECIMAL_POINT = re.compile(r"[.．点點]")
_MAGNITUDE = re.compile(r"[十百千万萬亿億]+")
# The word written before a decimal that says what 余/多/来 would say inside it: 超5.8% for "more than 5.8%".
_BEFORE_INSTEAD = {Qualifier.AT_LEAST: "超", Qualifier.ABOUT: "约"}
TARGET = re.compile("|".join(TARGET_WORDS))  # an indicator that is a target to reach
_INCLUSIVE = tuple(s for w in APPROXIMATION_WORDS if w.inclusive for s in (w.word, *w.spellings))


def last_place(value: Decimal) -> Decimal:
    """The magnitude of the last non-zero digit: 2000万 → 1000万, 33.63万 → 100, 12 → 1."""
    if value == 0:
        return Decimal(1)
    return Decimal(1).scaleb(value.normalize().as_tuple().exponent)


def written_step(quantity: Quantity) -> Decimal:
    """The precision the figure is written with: 258.0% → 0.1, 200% → 1, 14.5亿 → 0.1亿, 两成 → 10%."""
    match = re.search(r"[.．点點]([0-9０-９零〇一二两三四五六七八九]+)", quantity.text)
    decimals = len(match.group(1)) if match else 0
    try:
        factor = scale_factor(quantity.scale)
    except KeyError:
        factor = Decimal(1)
    for unit, unit_factor in UNIT_FACTOR.items():
        if unit in quantity.text and QUALIFIER_WORDS.sub("", quantity.text).endswith(unit):
            factor *= unit_factor
    return Decimal(1).scaleb(-decimals) * factor


def is_inclusive(quantity: Quantity) -> bool:
    """以上 (不少于, 至少 …) includes the value itself; 余/多/超过 do not."""
    return any(word in quantity.text for word in _INCLUSIVE) or quantity.text.startswith(VAGUE_INCLUSIVE)


def fits(v: Decimal, qualifier: Qualifier, inclusive: bool, w: Decimal, loose: Decimal,
         tolerance: Decimal = Decimal(0)) -> bool:
    """Whether the true amount ``w`` is truthfully written as ``v`` with this approximation word."""
    if qualifier is Qualifier.SEVERAL:  # 数百 (v = 100): 200 to 999
        low, high = SEVERAL_SPAN
        return v * low <= w < v * high
    if qualifier is Qualifier.EXACT:
        return abs(w - v) <= tolerance
    if qualifier is Qualifier.AT_LEAST:
        return (w > v or (inclusive and w >= v - tolerance)) and w < v + loose
    if qualifier is Qualifier.BELOW:  # 近N: a little under N, never over it
        return max(v - loose, v * BELOW_SPAN) <= w < v
    return abs(w - v) <= loose / 2 + tolerance


def consistent_with(quantity: Quantity, figure: SuppliedFigure) -> bool:
    """Same amount and unit, and any approximation word true of the supplied figure."""
    v, w = quantity.value, figure.value
    assert v is not None
    if quantity.high is not None or figure.high is not None:
        return quantity.high == figure.high and v == w and quantity.qualifier in (figure.qualifier, Qualifier.ABOUT)
    if figure.qualifier is Qualifier.EXACT:
        if quantity.qualifier is Qualifier.AT_LEAST and v == w and TARGET.search(figure.name):
            return True  # a target is a floor: 突破7亿元 for a 年度目标 of 7亿元 aims at it
        return fits(v, quantity.qualifier, is_inclusive(quantity), w, last_place(v))
    if quantity.qualifier is Qualifier.SEVERAL:
        return fits(v, quantity.qualifier, False, w, last_place(v))  # 数百家 for 300余家
    if quantity.qualifier is figure.qualifier and v == w:
        return True  # the same approximation of the same amount; 约/左右 spread to both sides of it, which
        #             a one-sided 以上 or 近 of the data does not allow
    if quantity.qualifier is figure.qualifier is Qualifier.AT_LEAST:
        return v <= w < v + last_place(v)  # 3.5万余 is also 3万余
    if quantity.qualifier is figure.qualifier is Qualifier.BELOW:
        return w <= v and v - last_place(v) <= w
    return False


def close_to(v: Decimal, w: Decimal) -> bool:
    """Whether ``w`` is what some approximation word of ``v`` may stand for: within a tenth of ``v`` and
    within the last digit ``v`` is written to (近60家 for 57, 300余项 for 286; not 超过1000家 for 213)."""
    return abs(w - v) <= min(last_place(v), abs(v) * CLOSE_SHARE)


def unit_class(unit: str) -> str:
    """The unit a figure is compared in: 名 and 位 count 人."""
    return SAME_UNIT.get(unit, unit)


def reworded(text: str, word: str) -> str:
    """The figure as written with another approximation word: ('2000万元', '余') → 2000余万元,
    ('将近60家', '余') → 60余家, ('60家', '以上') → 60家以上. A decimal takes 余/多 after its magnitude word
    (5.8亿余元, never 5.8余亿元), or, with none, the word of the same meaning before it (超5.8%)."""
    core = QUALIFIER_WORDS.sub("", text)
    found = approximation_word(word)
    position = found.position if found else Position.BEFORE
    if position is Position.INSIDE:
        head = _NUMBER_HEAD.match(core)
        cut = head.end() if head else 0
        if _DECIMAL_POINT.search(core, 0, cut):
            magnitude = _MAGNITUDE.match(core, cut)
            if magnitude is None:
                assert found is not None
                return f"{_BEFORE_INSTEAD[found.qualifier]}{core}"
            cut = magnitude.end()
        return core[:cut] + word + core[cut:]
    if position is Position.AFTER:
        return f"{core}{word}"
    return f"{word}{core}"


def reworded_unit(q: Quantity, unit: str) -> str:
    """The figure written with another unit: ('3.5%', '个百分点') → 3.5个百分点."""
    return f"{QUALIFIER_WORDS.sub('', q.text).removesuffix(q.unit).removesuffix('%')}{unit}"


def approximation(q: Quantity, f: SuppliedFigure) -> str | None:
    """Why an approximate-looking figure contradicts a nearby supplied one, or None."""
    assert q.value is not None
    v, w = q.value, f.value
    if consistent_with(q, f):
        return None  # true of this figure, though the clause does not speak of it
    if f.qualifier is not Qualifier.EXACT:
        if q.qualifier is Qualifier.EXACT and (v == w or fits(w, f.qualifier, False, v, last_place(w))):
            return f"数据为约数“{f.text}”，文中写成了确数"
        floors = is_inclusive(q) and "以上" in f.text  # 17%以上 for 16.5%以上: another floor, a wrong value
        if v == w or (close_to(v, w) and not floors):
            return f"约数用法与数据“{f.text}”不符"
        return None
    if q.qualifier is Qualifier.EXACT:
        if abs(w - v) <= last_place(v) / 2 and last_place(v) > last_place(w):
            rounded = reworded_to_fit(q, f)
            advice = f"如“{rounded}”，" if rounded else ""
            return f"数据为“{f.text}”，取整后须加约数词，{advice}或照写“{f.text}”"
        return None
    if close_to(v, w):
        rounded = reworded_to_fit(q, f)
        advice = f"应写作“{rounded}”或“{f.text}”" if rounded else f"应照写“{f.text}”"
        return f"约数词与数据“{f.text}”矛盾，{advice}"
    return None


def reworded_to_fit(q: Quantity, f: SuppliedFigure) -> str | None:
    """The text's figure with the approximation word that makes it true of ``f`` (2000万元 → 2000余万元
    for 2008万元, 60余家 → 近60家 for 57家), or None when no such word does."""
    assert q.value is not None
    word = "余" if f.value > q.value else "近" if f.value < q.value else None
    if word is None:
        return None
    text = reworded(q.text, word)
    qualifier = Qualifier.AT_LEAST if word == "余" else Qualifier.BELOW
    return text if text != q.text and consistent_with(replace(q, text=text, qualifier=qualifier), f) else None
