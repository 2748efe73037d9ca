"""Figures written the way Chinese documents write them: plain numbers and the place of approximation words."""

from __future__ import annotations

from decimal import Decimal

from drafter.quantity.lexicon import Position, approximation_word


def plain_number(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 20080000, 2.79."""
    return format(value.normalize(), "f")


def written_figure(number: str, unit: str, approx: str | None) -> str:
    """Number, unit and approximation word in the order Chinese writes them: 10余次, 近5.5亿元, 20%以上,
    超5万次 (a word the lexicon does not know goes before the number)."""
    if not approx:
        return f"{number}{unit}"
    word = approximation_word(approx)
    position = word.position if word else Position.BEFORE
    if position is Position.INSIDE:
        return f"{number}{approx}{unit}"
    if position is Position.AFTER:
        return f"{number}{unit}{approx}"
    return f"{approx}{number}{unit}"
