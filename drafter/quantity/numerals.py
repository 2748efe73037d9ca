"""Numbers as written in Chinese documents: Arabic (half/full width, separators) and Chinese numerals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
          "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
          "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": Decimal(10**4), "萬": Decimal(10**4), "亿": Decimal(10**8), "億": Decimal(10**8)}
POINT = {"点", "點"}
CHINESE_NUMERAL_CHARS = frozenset(DIGITS) | frozenset(SMALL_UNITS) | frozenset(BIG_UNITS) | POINT

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")


def to_half_width(text: str) -> str:
    """Full-width digits, point, comma and percent sign to their ASCII forms (same length)."""
    return text.translate(_FULL_WIDTH)


def parse_arabic(text: str) -> Decimal:
    """'1,234.5' / '１２３４．５' → Decimal. Raises ValueError."""
    cleaned = to_half_width(text).replace(",", "").replace("，", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return value


def _parse_below_wan(text: str) -> Decimal:
    """A Chinese integer below 10,000: 两千零八, 九十七, 十四, 三百."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in DIGITS for ch in text) and len(text) > 1:  # digit by digit: 二〇二五
        return Decimal("".join(str(DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    if digit is not None:
        total += digit
    return Decimal(total)


def parse_chinese(text: str) -> Decimal:
    """Chinese numerals to Decimal: 两千零八 → 2008, 十四点五 → 14.5, 三千五百万 → 35000000."""
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    for big in ("亿", "億", "万", "萬"):
        head, sep, tail = text.partition(big)
        if sep:
            high = parse_chinese(head) if head else Decimal(1)
            low = parse_chinese(tail) if tail else Decimal(0)
            return high * BIG_UNITS[big] + low
    whole, sep, frac = text.partition("点") if "点" in text else text.partition("點")
    value = _parse_below_wan(whole) if whole else Decimal(0)
    if sep:
        if not frac or any(ch not in DIGITS for ch in frac):
            raise ValueError(f"not a Chinese numeral: {text!r}")
        value += Decimal("0." + "".join(str(DIGITS[ch]) for ch in frac))
    return value


def parse_number(text: str) -> Decimal:
    """Any number a user may type in a notes file: 28, '1,234.5', '3.5万', '两千零八', '14.5亿'.

    万/亿 are folded into the value. Raises ValueError with the offending text.
    """
    text = to_half_width(str(text)).strip()
    scale = Decimal(1)
    while text and text[-1] in BIG_UNITS:
        scale *= BIG_UNITS[text[-1]]
        text = text[:-1].strip()
    if not text:
        raise ValueError("no digits")
    try:
        return parse_arabic(text) * scale
    except ValueError:
        pass
    if all(ch in CHINESE_NUMERAL_CHARS for ch in text):
        return parse_chinese(text) * scale
    raise ValueError(f"not a number: {text!r}")
