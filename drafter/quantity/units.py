"""Units and magnitude words of Chinese figures, and their normalisation to a base unit.

A written unit is a measure word (家 项 人次 …), a currency (元), a percent sign or 个百分点, optionally
preceded by magnitude words (万 亿 千 百): "万元" is the base unit 元 times 10,000. Traditional forms
(萬 億 項 個 場次 …) map to the same base unit, so 萬元 and 万元 compare equal.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Magnitude words written between a number and its unit (3.5万份, 14.5亿元, 5千元, 3百万元).
SCALE_FACTORS: dict[str, Decimal] = {"十": Decimal(10), "百": Decimal(100), "千": Decimal(1000),
                                     "万": Decimal(10**4), "萬": Decimal(10**4),
                                     "亿": Decimal(10**8), "億": Decimal(10**8)}
_SCALE_SIMPLIFIED = str.maketrans("萬億", "万亿")
_ALTERNATIVE = re.compile(r"\s*[（(][^（）()]{1,3}[）)]\s*$")  # 册（份）: 册, or 份

# Written unit → base unit. Longer forms are listed so the extractor can prefer them (人次 before 人).
BASE_UNIT: dict[str, str] = {
    # amounts, rates
    "元": "元", "美元": "美元", "%": "%", "％": "%", "‰": "‰", "个百分点": "个百分点", "個百分點": "个百分点",
    "百分点": "个百分点", "百分點": "个百分点", "倍": "倍",
    # counts of events and people
    "人次": "人次", "场次": "场次", "場次": "场次", "家次": "家次", "户次": "户次", "戶次": "户次", "批次": "批次",
    "项次": "项次", "項次": "项次", "课时": "课时", "課時": "课时", "学时": "学时", "學時": "学时",
    "个月": "个月", "個月": "个月", "小时": "小时", "小時": "小时", "天": "天",
    "家": "家", "项": "项", "項": "项", "个": "个", "個": "个", "次": "次", "场": "场", "場": "场", "期": "期",
    "人": "人", "名": "名", "位": "位", "份": "份", "户": "户", "戶": "户", "条": "条", "條": "条",
    "件": "件", "篇": "篇", "所": "所", "册": "册", "冊": "册", "张": "张", "張": "张", "种": "种", "種": "种",
    "批": "批", "台": "台", "臺": "台", "座": "座", "处": "处", "處": "处", "套": "套", "部": "部", "款": "款",
    "类": "类", "類": "类", "支": "支", "门": "门", "門": "门", "栋": "栋", "棟": "栋", "辆": "辆", "輛": "辆",
    "株": "株", "棵": "棵", "头": "头", "頭": "头", "只": "只", "隻": "只", "本": "本", "幅": "幅", "枚": "枚",
    "组": "组", "組": "组", "队": "队", "隊": "队", "块": "块", "塊": "块", "篇次": "篇次", "笔": "笔", "筆": "笔",
    # physical measures
    "亩": "亩", "畝": "亩", "公顷": "公顷", "公頃": "公顷", "平方米": "平方米", "平方公里": "平方公里",
    "立方米": "立方米", "公里": "公里", "千米": "千米", "米": "米", "吨": "吨", "噸": "吨", "公斤": "公斤",
    "千克": "千克", "千瓦": "千瓦", "千瓦时": "千瓦时", "千瓦時": "千瓦时", "兆瓦": "兆瓦",
    # tenths: 三成 is 30%, 近五成 is a little under 50%
    "成": "%",
}
# Units that are a multiple of their base unit: 成 (a tenth) is ten percent.
UNIT_FACTOR: dict[str, Decimal] = {"成": Decimal(10)}


def scale_factor(scale: str) -> Decimal:
    """'万' → 1e4, '百万' → 1e6, '万亿' → 1e12, '' → 1. Raises KeyError on a non-magnitude word."""
    factor = Decimal(1)
    for char in scale:
        factor *= SCALE_FACTORS[char]
    return factor


def simplified_scale(scale: str) -> str:
    """The magnitude word in simplified script: '萬' → '万'."""
    return scale.translate(_SCALE_SIMPLIFIED)


def normalise_unit(unit: str) -> tuple[str, Decimal]:
    """A written unit → (base unit, factor): '万元' → ('元', 1e4), '萬元' → ('元', 1e4), '%' → ('%', 1),
    '万人次' → ('人次', 1e4), '亿' → ('', 1e8), '成' → ('%', 10).

    Magnitude words are split off the front unless the whole word is a unit of its own (千米, 百分点).
    A unit written with an alternative in brackets counts in the first ('万册（份）' → ('册', 1e4)), as the text
    writes it (52.6万册（份）: 52.6万册). A unit this module does not know is returned as written with factor 1.
    """
    unit = _ALTERNATIVE.sub("", unit).strip()
    if unit in BASE_UNIT:
        return BASE_UNIT[unit], UNIT_FACTOR.get(unit, Decimal(1))
    cut = 0
    while cut < len(unit) and unit[cut] in SCALE_FACTORS and unit[cut:] not in BASE_UNIT:
        cut += 1
    rest = unit[cut:]
    return BASE_UNIT.get(rest, rest), scale_factor(unit[:cut])
