"""Typed objects of figure checking: a quantity found in text, and what the checker says of it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from drafter.quantity.lexicon import Qualifier

__all__ = ["Qualifier", "Quantity"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure found in text, normalised.

    ``value`` is in the base unit with 万/亿/千/百 folded in (3.5万余份 → 35000 份; 2008万元 → 20080000 元).
    ``scale`` is the magnitude word as written ("万", "亿", "" …) so a wrong scale can be explained.
    ``high`` is the upper end of a range (3-5个 → value 3, high 5). ``placeholder`` marks X家, XX万元 ….
    """

    text: str
    start: int
    end: int
    value: Decimal | None
    unit: str
    qualifier: Qualifier = Qualifier.EXACT
    high: Decimal | None = None
    scale: str = ""
    placeholder: bool = False
