"""Figures derived from two amounts — difference, growth, ratio, share, sum, yearly average — and how a
derived amount is written like the text's figure (decimals, scale word, 增长N倍, 翻了两番, a signed fall)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from drafter.figures.amounts import PERCENT, POINT, QUALIFIER_WORDS, TIMES, written_step
from drafter.figures.model import Quantity
from drafter.figures.supplied import SuppliedFigure
from drafter.quantity.lexicon import DOUBLING_TOLERANCE, TIMES_GROWTH_VERBS
from drafter.quantity.units import scale_factor


@dataclass(frozen=True)
class Derivation:
    """A figure derived from supplied (or stated) amounts, with the formula that gives it."""

    value: Decimal  # always >= 0; ``rising`` tells the direction
    unit: str
    operation: str  # difference, growth, ratio, share, annual (per year over several), sum (of two figures of a
    #                 sentence), total (of parts stated in its passage or named by its sentence), average (per unit)
    rising: bool | None  # None: the operation has no direction (a ratio, a share, a sum)
    formula: str
    operands: tuple[int, ...]  # supplied figures it uses
    over_time: bool = False  # the operands are one thing at two times (what 翻番 and 增长N倍 speak of)


# The reading a clause most likely means when its derived figure is wrong, per unit.
USUAL_OPERATION = {PERCENT: "growth", TIMES: "ratio"}
_DOUBLINGS = {Decimal(2): "翻了一番", Decimal(4): "翻了两番", Decimal(8): "翻了三番"}
_GROWTH_TIMES = re.compile(f"(?:{'|'.join(TIMES_GROWTH_VERBS)})了?(?=[^倍]+倍$)")


def derive(a: Decimal, b: Decimal, a_text: str, b_text: str, unit: str, operands: tuple[int, ...], *,
           over_time: bool = False, years: int | None = None) -> list[Derivation]:
    """What follows from an earlier amount ``a`` and a later ``b`` of the same unit: difference, growth,
    ratio, share and sum; when ``years`` periods lie between them, the yearly average too (年均增长 is
    compound: (b÷a)^(1/years)−1; 年均增加 is the difference ÷ years)."""
    rising = b >= a
    difference = abs(b - a)
    change = f"({b_text}−{a_text})"
    step_unit = POINT if unit == PERCENT else unit
    out = [Derivation(difference, step_unit, "difference", rising, f"{b_text}−{a_text}", operands, over_time),
           Derivation(a + b, unit, "sum", None, f"{a_text}+{b_text}", operands)]
    if a > 0 and b > 0:
        low, high = (a_text, b_text) if a <= b else (b_text, a_text)
        if unit != PERCENT:  # a rate that rose from 89% to 92% rose 3 points: "提高3%" is not its growth
            out.append(Derivation(difference / a * 100, PERCENT, "growth", rising, f"{change}÷{a_text}×100%",
                                  operands, over_time))
        out += [
            Derivation(max(a, b) / min(a, b), TIMES, "ratio", None, f"{high}÷{low}", operands, over_time),
            Derivation(difference / a, TIMES, "growth", rising, f"{change}÷{a_text}", operands, over_time),
        ]
        if not over_time:  # a part of a whole; one thing at two times is no share of itself
            out.append(Derivation(min(a, b) / max(a, b) * 100, PERCENT, "share", None, f"{low}÷{high}×100%", operands))
    if years and years > 1 and over_time:  # a yearly average of one year is no average (年均增长 over 2024→2025)
        out.append(Derivation(difference / years, step_unit, "annual", rising, f"{change}÷{years}", operands, True))
        if a > 0 and b > 0:
            compound = abs((b / a) ** (Decimal(1) / years) - 1) * 100
            out.append(Derivation(compound, PERCENT, "annual", rising,
                                  f"({b_text}÷{a_text})^(1/{years})−1", operands, True))
    return out


def average(total: SuppliedFigure, count: SuppliedFigure, operands: tuple[int, int]) -> Derivation:
    """A per-unit average: an amount or a count shared out over a count of another unit (12800万元÷395家)."""
    return Derivation(total.value / count.value, total.unit, "average", None, f"{total.text}÷{count.text}", operands)


def change_over_time(q: Quantity) -> bool:
    """翻番 and 增长N倍 speak of one thing at two times, never of two things side by side."""
    return q.unit == TIMES and ("番" in q.text or _GROWTH_TIMES.match(QUALIFIER_WORDS.sub("", q.text)) is not None)


def one_thing_over_time(earlier: SuppliedFigure, later: SuppliedFigure) -> bool:
    """An indicator's previous value and value, or the two ends of a change a fact states."""
    return earlier.group == later.group and ((earlier.role, later.role) == ("previous", "value")
                                             or (earlier.change, later.change) == ("start", "end"))


def derived_text(q: Quantity, value: Decimal, extra: int = 0) -> str:
    """A derived amount written like the text figure: same decimals, scale word and unit; a ratio
    written as growth counts the base out (a ratio of 2.3 is 增长1.3倍); a ratio written in 番 is said
    in 番 when it is a doubling (4 → 翻了两番), else with one decimal (2.5倍)."""
    if "番" in q.text:
        doubling = next((words for times, words in _DOUBLINGS.items() if abs(value - times) <= times * DOUBLING_TOLERANCE), None)
        if doubling and not extra:
            return doubling
        extra += 1
    grow = _GROWTH_TIMES.match(QUALIFIER_WORDS.sub("", q.text)) if q.unit == TIMES else None
    if grow:
        value -= 1
    step = written_step(q)
    try:
        factor = scale_factor(q.scale)
    except KeyError:
        factor = Decimal(1)
    if value == value.to_integral_value() and q.unit not in (PERCENT, TIMES):
        extra = 0  # a whole count stays whole (36家, not 36.00家)
    places = (step / factor).scaleb(-extra)
    number = format((value / factor).quantize(places, rounding=ROUND_HALF_UP), "f")
    return f"{grow.group() if grow else ''}{number}{q.scale}{q.unit}"


def signed(d: Derivation, amount: str) -> str:
    """A computed change as a signed amount: a fall is negative (−12.50%)."""
    return f"−{amount}" if d.rising is False and d.value else amount


def direction_word(q: Quantity, rising: bool) -> str:
    """The word a change of this kind is written with: 增长/下降 for a rate, 增加/减少 for an amount."""
    if q.unit == PERCENT:
        return "增长" if rising else "下降"
    return "增加" if rising else "减少"
