"""Quantity extraction: every figure in a Chinese text, normalised, with its character span.

One compiled regular expression finds the candidates in a single pass; a short rule check per
candidate (never per character) drops what is not a figure. The rules, in the words of the language:

Figures
- A number (Arabic, full-width, with thousands separators, or a Chinese numeral) followed by an
  optional magnitude word (万 亿 千 百) and a unit (measure word, 元, %, 个百分点, 倍): 28家, 2008万元,
  3.5万余份, 九十七名, 两千零八万元, 十四点五亿元, 萬/億/項/兩 in traditional script.
- An Arabic number without a unit is still a figure (a missing unit is worth flagging): "2.7"; its
  unit is "" (so is that of 1.45亿, whose scale is folded in: 145000000, unit "", scale "亿").
  A Chinese numeral needs a unit: 一 二 三 are everywhere in words. One space may stand between a
  number and its unit ("提高 0.4 个百分点"); ¥/￥ before a number make it 元; a minus sign is kept.
- 百分之二十 → 20 %, 百分之百 → 100 %, 千分之五 → 5 ‰, 三成 → 30 % (成, tenths, only where the phrase
  ends after it: not 建成 完成 三五成群); 翻番 / 翻了一番 → 2 倍, 翻两番 → 4 倍; a growth
  verb before N倍 counts the base (增长一倍 → 2 倍, the ratio new/old; the span covers the verb), a bare
  N倍 is the ratio itself (3倍 → 3 倍). ``value`` of 倍 is always that ratio.
- Approximation words: prefix 约 近 逾 超过 突破 不到 不足 …, infix 余 多 来 几 (20余家, 3.5万余份),
  suffix 以上 左右 上下 以下. The span covers them ("近5.5亿元", "20%以上"); the word closest to the
  number decides when several are written.
- Ranges: 3-5个, 3至5个, 3～5个, 1——2次 (value 3, high 5); adjacent Chinese digits are an approximate
  range: 两三家 (2–3), 十五六家 (15–16), 二三十家 (20–30).
- OCR'd decimal point: a full stop between digits that are followed by a magnitude word or unit is read
  as a decimal point (159。3万元 → 1593000 元, seed 004): no sentence ends inside "159。3万元".

Placeholders (``placeholder=True``, ``value None``; unit and scale as written): X家, XX万元, X6.X亿元,
20XX年 / X年 (a masked year: unit 年), ××家, ○○家, □□万元, **, ＿＿家, 某万元 / 某% (某 only before
元, %, 个百分点, 倍 or a magnitude word: 某家企业 is "a certain company"), and slots asking for a value: 【待填】 〔待补〕
（待定） [X] (unit "" or the unit written after them: 【待填】名). A slot asking for text, such as the
drafter's own section marker 【待补充】, is a figure placeholder only when a unit follows it. X without a unit (XX县, xx公司) masks a name, not a number. Following the
domain notes, masked months and days (X月, X-X月) are dates, and 第X届 an ordinal: not figures.

Not figures
- Years and dates, times, durations in 年: any number followed by 年 月 日 号 时 点 季 周 …; a bare
  4-digit integer from 1900 to 2099; dates and times written with - / : separators (2026-02-11, 20:00,
  1——2年); codes: a leading zero (0745) or seven digits and more without a unit (phone numbers).
- Ordinals: 第五届, 第二名, 篇3; list markers 1、 1. （1）; numbers followed by 届 级 代 版 号 (document
  numbers 云政发【2020】12号).
- Products of two numbers joined by a multiplication sign (7×24小时服务, 5*8小时): a schedule or a
  slogan, not an amount.
- Anything inside 《titles》, inside short quotations (“十四五”, “4+9”, “5·12”, “两落地一融合”: a
  quotation of at most 30 characters without a comma or full stop is a name), or glued to Latin letters
  or to + · / (5G, GPT-4, 2+N, 1/3).
- A lone 一 before a measure word and the noun it counts is the indefinite article (一批企业, 一项工作,
  一个平台), not a count; one that closes its phrase after the noun is (新增孵化器一家，).
- Political and policy names: a Chinese numeral + 条/项 directly followed by a policy word (八项规定,
  十六条措施, 二十条意见) names a policy; an Arabic count, or one followed by other words, is a figure
  (明确10条具体举措, 科技专家服务企业12个). Slogans: a Chinese numeral + 个/位/项/条 directly followed by
  an abstract head (两个确立, 两个维护, 四个意识, 三个不腐, 五位一体, 两个责任, 三个一批 …).
- Numerals that are not well formed (十四五, 百万 alone, 千家万户) and approximate magnitudes (数十家,
  几十个, 上百人).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from functools import cache

from drafter.figures.model import Qualifier, Quantity
from drafter.quantity.lexicon import (
    CLAUSE_REACH,
    INSIDE_AFTER_MAGNITUDE,
    ITEM_COUNTERS,
    ITEM_HEADS,
    ITEM_POINTERS,
    LIST_MARKS,
    NOT_APPROXIMATION_AFTER,
    NOT_APPROXIMATION_BEFORE,
    PHASE_WORDS,
    TIMES_GROWTH_VERBS,
    VAGUE_WORDS,
    Position,
    approximation_word,
    qualifier_of,
    spellings,
)
from drafter.quantity.numerals import DIGITS, parse_chinese, to_half_width
from drafter.quantity.units import BASE_UNIT, normalise_unit, scale_factor, simplified_scale

__all__ = ["extract_quantities", "normalise_unit", "parse_quantity"]


def _word(spelling: str) -> str:
    """The approximation word a spelling writes: 約 → 约."""
    found = approximation_word(spelling)
    assert found is not None
    return found.word

# --------------------------------------------------------------------------- the candidate pattern

_D = "0-9０-９"
_CN_DIGIT = "一二三四五六七八九两兩壹贰貳叁參肆伍陆陸柒捌玖"
_CN_BIG = "万萬亿億"
_CN_CHARS = _CN_DIGIT + "零〇十拾百佰千仟" + _CN_BIG
# A measure word is not a unit when it starts a longer word (家庭, 期间, 场所, 种植 …).
_UNIT_NOT_BEFORE = {
    "家": "庭具电電乡鄉属屬园園长長", "期": "间間限待望末初满滿内內刊货貨工项項建", "场": "所地景馆館内內外合",
    "場": "所地景館內外合", "处": "理置于於分长長级級室罚罰", "處": "理置於分長級室罰", "所": "属屬在有以得需述谓謂长長",
    "部": "门門署分长長委", "支": "持撑撐出付柱部", "门": "槛檻户戶类類诊診", "門": "檻戶類診", "类": "型别別似",
    "類": "型別似", "条": "件例款", "條": "件例款", "种": "业業植子养養类類苗", "種": "業植子養類苗",
    "批": "准復复示评評", "头": "部", "頭": "部", "只": "有要是能", "份": "额額", "名": "单單称稱录錄优優牌义義额額",
    "位": "于於居列次置", "户": "籍口", "戶": "籍口", "台": "账賬阶階湾灣", "臺": "賬階灣", "座": "谈談",
    "本": "级級地科土身部", "人": "民力工口大", "项": "目", "項": "目", "元": "旦素宵化", "天": "然气氣", "款": "额額项項式", "组": "织織建成合长長",
    "組": "織建成合長", "队": "伍", "隊": "伍", "笔": "记記试試画畫者墨", "筆": "記試畫者墨", "个": "体體", "個": "體", "米": "饭飯粮糧",
}


# 成 (tenths: 三成 = 30%) is a unit only where the phrase ends after it: it also ends verbs (建成, 完成, 形成).
_CLAUSE_MARK = r"[，。；、,;:：！？!?）)\n]"
_UNIT_ONLY_BEFORE = {"成": rf"{_CLAUSE_MARK}|以上|左右|上下|的|$"}


def _unit_alternation() -> str:
    """Units longest first, each guarded against the words it starts."""
    parts = []
    for unit in sorted(BASE_UNIT, key=len, reverse=True):
        guard, only = _UNIT_NOT_BEFORE.get(unit), _UNIT_ONLY_BEFORE.get(unit)
        parts.append(re.escape(unit) + (f"(?![{guard}])" if guard else "") + (f"(?={only})" if only else ""))
    return "|".join(parts)


_UNIT = _unit_alternation()
_UNIT_START = "[" + "".join(sorted({unit[0] for unit in BASE_UNIT})) + "]"  # a cheap look-ahead
_AR_SCALE = rf"(?:[百千](?![分克米瓦])|[{_CN_BIG}])+"
_AR = (rf"(?:[{_D}]{{1,3}}(?:[,，][{_D}]{{3}}(?![{_D}]))+|[{_D}]+)"
       rf"(?:[.．][{_D}]+|。[{_D}]+(?=[百千{_CN_BIG}]*[余多餘]?{_UNIT_START}))?")
_PLACEHOLDER_NUM = (rf"(?<![A-Za-z])(?:[{_D}]*[XxＸｘ][{_D}XxＸｘ]*(?:[.．][{_D}XxＸｘ]+)?(?![A-Za-z])"
                    r"|[×✕]+|[*＊]+|[_＿]{2,}|[○◯□]+|某+)")
_CN = rf"[{_CN_DIGIT}十拾][{_CN_CHARS}]*(?:[点點][零〇{_CN_DIGIT}]+[{_CN_BIG}]*)?"
_SEP = r"(?:[-－~～〜–]|—{1,2}|至|到)"
# Approximation words (drafter.quantity.lexicon) written inside a figure (20余家), after its magnitude word
# (3.5万余份) and after it (20%以上, not 上下游).
_INSIDE = "".join(spellings(Position.INSIDE))
_INSIDE_AFTER_MAGNITUDE = "".join(s for s in spellings(Position.INSIDE)
                                  if _word(s) in INSIDE_AFTER_MAGNITUDE)
_MID = rf"[{_INSIDE}](?=[{_CN_BIG}百千]|{_UNIT_START})"
# One space between a number and its unit, as some writers and models put it: "提高 0.4 个百分点".
_GAP = rf"(?:[ \u00a0](?=[{_INSIDE}百千{_CN_BIG}]|{_UNIT_START}))?"
# A slot asking for a value (【待填】 〔待补〕 [X]); one asking for text (【待补充】) is a figure only before a unit.
_VALUE_SLOT = r"待(?:填写?|补|定|核实?|查|确认|更新)|[XxＸｘ×✕*＊?？_＿○◯□]+"
_SUFFIX = "|".join(re.escape(s) + (f"(?![{NOT_APPROXIMATION_BEFORE[s]}])" if s in NOT_APPROXIMATION_BEFORE else "")
                   for s in spellings(Position.AFTER))

# Vague amounts (drafter.quantity.lexicon.VAGUE_WORDS): 数十家 几十个 (数/几 with 十 too), 近千家 上百人 逾万人 百余人.
_MAGNITUDE = "百千万萬亿億"
_VAGUE_START = "".join(sorted({w[0] for w in VAGUE_WORDS} | set(_MAGNITUDE)))  # most characters start none
_VAGUE_SEVERAL = "|".join(w for w, q in VAGUE_WORDS.items() if q is Qualifier.SEVERAL)
_VAGUE_NEAR = "|".join(
    (f"(?<![{NOT_APPROXIMATION_AFTER[w]}])" if w in NOT_APPROXIMATION_AFTER else "") + w
    for w in sorted((w for w, q in VAGUE_WORDS.items() if q is not Qualifier.SEVERAL), key=len, reverse=True))
_CANDIDATE_PATTERN = rf"""
  (?=[{_VAGUE_START}])(?:(?P<vw1>{_VAGUE_SEVERAL})(?P<vm1>[十{_MAGNITUDE}]+)
     |(?P<vw2>{_VAGUE_NEAR})(?P<vm2>[{_MAGNITUDE}][十{_MAGNITUDE}]*)
     |(?P<vm3>[{_MAGNITUDE}][十{_MAGNITUDE}]*)(?=[余多餘]))(?P<vmid>[余多餘])?(?P<vunit>{_UNIT})(?P<vsuf>{_SUFFIX})?
| (?P<pct>(?:百分之|千分之)(?P<pnum>{_AR}|{_CN}|百))
| (?P<fan>翻了?(?:(?P<fann>[{_CN_DIGIT}]|[{_D}]+)番|番))
| (?P<grow>(?:{"|".join(TIMES_GROWTH_VERBS)})了?)(?P<gnum>{_AR}|{_CN})倍(?P<gsuf>{_SUFFIX})?
| (?P<slot>[【〔［\[（(](?:(?P<value_slot>{_VALUE_SLOT})|待[\u4e00-\u9fff]{{1,4}})[】〕］\]）)])
  (?P<slot_scale>{_AR_SCALE})?(?P<slot_unit>{_UNIT})?
| (?P<n1>{_PLACEHOLDER_NUM}|{_AR})(?P<s1>{_AR_SCALE})?(?P<p1>[%％](?={_SEP}))?
  (?:(?P<sep>{_SEP})(?P<n2>{_PLACEHOLDER_NUM}|{_AR})(?![{_D}.．年月日号號时時点點届屆级級]))?
  {_GAP}(?P<mid>{_MID})?(?P<sc>{_AR_SCALE})?(?P<mid2>[{_INSIDE_AFTER_MAGNITUDE}])?(?P<unit>{_UNIT})?(?P<suf>{_SUFFIX})?
| {{lone_yi}}(?P<c1>{_CN})(?:(?P<csep>至|到|[-－~～〜])(?P<c2>{_CN}))?
  (?P<cmid>{_MID})?(?P<csc>[{_CN_BIG}]+)?(?P<cmid2>[{_INSIDE_AFTER_MAGNITUDE}])?(?P<cunit>{_UNIT})(?P<csuf>{_SUFFIX})?
"""
# In running text a lone 一 before a measure word is the indefinite article (一批企业, 一项工作): the measure
# word goes on to the noun it counts. After the noun, closing its phrase, it is a count (孵化器一家，); standing
# alone it counts too.
_LONE_YI = (rf"(?![一壹](?![{_CN_CHARS}点點]|(?:至|到|[-－~～〜])[{_CN_DIGIT}十]"
            rf"|(?:{_UNIT})(?:{_CLAUSE_MARK}|$)))")


@cache
def _candidates(standalone: bool) -> re.Pattern[str]:
    """The pattern, compiled on first use (it takes tens of milliseconds; `drafter --help` need not wait)."""
    return re.compile(_CANDIDATE_PATTERN.replace("{lone_yi}", "" if standalone else _LONE_YI), re.VERBOSE)



# Spans whose numbers are names: 《titles》, short quotations, bracketed years of document numbers.
_MASKED = re.compile(r"《[^《》\n]{0,80}》|〈[^〈〉\n]{0,80}〉|“[^“”\n，。；]{0,30}”|「[^「」\n，。]{0,30}」"
                     r"|『[^『』\n，。]{0,30}』|\"[^\"\n，。]{0,30}\"|[【〔［\[][0-9０-９]{4}[】〕］\]]")

_PREFIX_WORDS = "(?:" + "|".join(
    (f"(?<![{NOT_APPROXIMATION_AFTER[word]}])" if (word := _word(s)) in NOT_APPROXIMATION_AFTER else "")
    + re.escape(s) for s in spellings(Position.BEFORE)) + r")\s?"
_PREFIX = re.compile(_PREFIX_WORDS + "$")
_LEADING_WORD = re.compile(rf"{_PREFIX_WORDS}|[-−－]")

_ORDINAL_BEFORE = frozenset("第篇卷")
_APPROXIMATE_BEFORE = frozenset("几幾数數上好")  # 几十家, 数百人, 上千人: no value to check
_GLUED = frozenset("+＋·•/#＃@_&")
_TIMES_SIGNS = frozenset("×✕*＊")  # between two numbers: 7×24小时, 5*8 (a product or a slogan)
_DATE_AFTER = frozenset("年月日号號时時点點届屆级級代版楼樓层層章节節页頁岁歲季周週旬秒")
_MINUS = frozenset("-−－")
_ARABIC_DIGITS = frozenset("0123456789０１２３４５６７８９")
_CURRENCY = frozenset("¥￥")
_TIME_MARKS = frozenset(":：-")
_LEADER_DOTS = frozenset(".…")
_POINTS = frozenset(".．")
_OPENING = frozenset("（(")
_CLOSING = frozenset("）)")
_GLUED_TO_MINUS = re.compile(r"[0-9A-Za-z０-９]")
_NUMBER_AFTER = re.compile(rf"(?:{_SEP}|[:：.．/])[{_D}XxＸｘ]")
_POLICY_WORDS = ("规定", "規定", "措施", "意见", "意見", "举措", "舉措", "禁令", "要求", "准则", "準則", "纪律", "紀律",
                 "原则", "原則", "政策", "办法", "辦法")
# 次 after 届, or before 全会, numbers a session: 十三届八次全会, 第二次党代会 is already an ordinal.
_SESSION_BEFORE = frozenset("届屆")
_SESSION_AFTER = ("全会", "全體會議", "全体会议")
# A bare number named as a telephone line or service by the words right after it (12345政务服务热线).
_LINE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:热线|熱線|专线|專線|电话|電話|短号|短號|号码|號碼|报警|報警|急救)")
_SLOGAN_HEADS = ("确立", "確立", "维护", "維護", "意识", "意識", "自信", "全面", "代表", "不腐", "务必", "務必",
                 "结合", "結合", "面向", "毫不动摇", "一百年", "百年", "一体", "一體", "最严", "最嚴", "革命", "不摘",
                 "责任", "責任", "一")
_CN_GRAMMAR = re.compile(
    rf"(?:{{s}}[亿億])?零?(?:{{s}}[万萬])?零?(?:{{s}})?(?:[点點][零〇{_CN_DIGIT}]+)?"
    .replace("{s}", rf"(?:[{_CN_DIGIT}][千仟])?零?(?:[{_CN_DIGIT}][百佰])?零?"
                    rf"(?:[{_CN_DIGIT}]?[十拾])?零?[{_CN_DIGIT}]?"))
_PLACEHOLDER_MARKS = frozenset("XxＸｘ×✕*＊_＿○◯□某")
_ABBREVIATED_POWERS = frozenset("百佰千仟万萬")
_CONSECUTIVE = {("一", "两"), ("一", "二"), ("三", "五")}
_YEAR_PLACEHOLDER = re.compile(r"(?:[12一二][0-9０-９〇零一二九XxＸｘ]|[XxＸｘ]{1,2})[XxＸｘ0-9０-９]{0,2}")


def _pick(*words: str | None) -> Qualifier:
    """The qualifier of the first approximation word written (callers pass the closest first)."""
    for word in words:
        if word:
            return qualifier_of(word)
    return Qualifier.EXACT


def _arabic(number: str) -> Decimal:
    return Decimal(to_half_width(number).replace(",", "").replace("。", "."))


def _is_placeholder_number(number: str) -> bool:
    return any(char in _PLACEHOLDER_MARKS for char in number)


def _chinese_integer(numeral: str) -> Decimal | None:
    """A well-formed Chinese numeral (两千零八万, 十四点五, 三千五 = 3500) or None (十四五, 百万, 两三)."""
    if not numeral or numeral[0] in "零〇" or not _CN_GRAMMAR.fullmatch(numeral):
        return None
    if len(numeral) > 1 and numeral[-2] in _ABBREVIATED_POWERS and numeral[-1] in DIGITS:  # 三千五, 一百五
        power = parse_chinese("一" + numeral[-2])
        return parse_chinese(numeral[:-1]) + DIGITS[numeral[-1]] * power / 10
    return parse_chinese(numeral)


def _chinese(numeral: str) -> tuple[Decimal, Decimal | None] | None:
    """A Chinese numeral → (value, high) — high for 两三 / 十五六 — or None if it is not well formed.

    Trailing 万/亿 after a numeral without one (十四点五亿, 两三万) multiply the whole numeral.
    """
    head = numeral.rstrip(_CN_BIG)
    if head != numeral and head and not any(char in _CN_BIG for char in head):
        parsed = _chinese(head)
        if parsed is None:
            return None
        factor = scale_factor(numeral[len(head):])
        return parsed[0] * factor, None if parsed[1] is None else parsed[1] * factor
    value = _chinese_integer(numeral)
    if value is not None:
        return value, None
    for i in range(len(numeral) - 1):
        low_digit, high_digit = numeral[i], numeral[i + 1]
        if low_digit in DIGITS and high_digit in DIGITS:
            consecutive = (DIGITS[high_digit] == DIGITS[low_digit] + 1
                           or (low_digit, high_digit) in _CONSECUTIVE)
            low = _chinese_integer(numeral[:i + 1] + numeral[i + 2:])
            high = _chinese_integer(numeral[:i] + numeral[i + 1:])
            return (low, high) if consecutive and low is not None and high is not None else None
    return None


def _split_big(numeral: str) -> str:
    """The magnitude written inside a Chinese numeral: 两千零八万 → 万, 十四点五亿 → 亿, 九十七 → ''."""
    for big in ("亿", "億", "万", "萬"):
        if big in numeral:
            return simplified_scale(big)
    return ""


class _Extractor:
    """One pass over one text: the candidates of the pattern, kept or dropped by the rules above."""

    def __init__(self, text: str, standalone: bool) -> None:
        self.text = text
        self.standalone = standalone
        masked = [] if standalone else [m.span() for m in _MASKED.finditer(text)]
        self.mask_starts = [start for start, _ in masked]
        self.mask_ends = [end for _, end in masked]

    def masked(self, position: int) -> bool:
        i = bisect_right(self.mask_starts, position) - 1
        return i >= 0 and position < self.mask_ends[i]

    def before(self, position: int, count: int = 1) -> str:
        return self.text[max(0, position - count):position]

    def prefix(self, start: int) -> tuple[int, str | None]:
        """The approximation word written before the figure, if any: (new start, word)."""
        found = _PREFIX.search(self.text, max(0, start - 5), start)
        if not found:
            return start, None
        return found.start(), found.group().strip()

    def quantity(self, match: re.Match[str]) -> Quantity | None:
        if not self.standalone and self.masked(match.start()):
            return None
        if match.group("vunit") is not None:
            return self.vague(match)
        if match.group("pct") is not None:
            return self.percent_words(match)
        if match.group("fan") is not None:
            times = self.number_value(match.group("fann") or "1")
            if times is None:
                return None
            start, word = self.prefix(match.start())
            return Quantity(self.text[start:match.end()], start, match.end(), Decimal(2) ** times, "倍", _pick(word))
        if match.group("grow") is not None:
            return self.growth(match)
        if match.group("slot") is not None:
            return self.slot(match)
        if match.group("c1") is not None:
            return self.chinese(match)
        return self.arabic(match)

    def slot(self, match: re.Match[str]) -> Quantity | None:
        scale, unit = match.group("slot_scale") or "", match.group("slot_unit") or ""
        if match.group("value_slot") is None and not (scale or unit):
            return None  # 【待补充】 closing a paragraph that is still to be written: no figure asked for
        return Quantity(match.group(), match.start(), match.end(), None, normalise_unit(unit)[0],
                        scale=simplified_scale(scale), placeholder=True)

    def vague(self, match: re.Match[str]) -> Quantity | None:
        """近万人次, 上千家, 数百家, 百余人: a magnitude word with no digit counts one of it, qualified by the word
        before it (近万 = a little under 10,000; 数百 = two to nine hundred) or by 余/多 after it."""
        magnitude = match.group("vm1") or match.group("vm2") or match.group("vm3")
        word = match.group("vw1") or match.group("vw2")
        unit, unit_factor = normalise_unit(match.group("vunit"))
        if not self.standalone and self.item_count(match.start(), match.end(), unit, word is not None):
            return None
        qualifier = (_pick(match.group("vmid")) if match.group("vmid") else VAGUE_WORDS[word] if word
                     else Qualifier.EXACT)
        qualifier = _pick(match.group("vsuf")) if match.group("vsuf") else qualifier
        start, prefix_word = self.prefix(match.start())
        if prefix_word and not word:
            qualifier = _pick(match.group("vmid"), prefix_word)
        big = "".join(c for c in magnitude if c in _CN_BIG)
        return Quantity(self.text[start:match.end()], start, match.end(), scale_factor(magnitude) * unit_factor, unit,
                        qualifier, scale=simplified_scale(big))

    def item_count(self, start: int, end: int, unit: str, vague: bool = False, value: int | None = None) -> bool:
        """Whether a count is of the text's own items, not a statistic: 两项重点任务, 三个方面, 以下四项工作, or the
        count of the items listed right before it (智能装备、印包装备、时尚轻工三条产业链)."""
        if self.text[max(0, start - 2):start].endswith(ITEM_POINTERS):
            return True
        if vague or unit not in ITEM_COUNTERS:  # 势加透博、卓远机器人两家企业: two firms, a statistic
            return False
        return self.text.startswith(ITEM_HEADS, end) or (value is not None and value == self.listed_before(start))

    def listed_before(self, start: int) -> int:
        """How many items are listed (A、B、C or A、B和C) right before ``start`` in its clause; 0 for no list."""
        clause = self.text[max(0, start - CLAUSE_REACH):start]
        clause = clause[max((clause.rfind(mark) for mark in "，。；：！？,;:!?\n"), default=-1) + 1:]
        if "、" not in clause:
            return 0
        items = re.split("|".join(LIST_MARKS), clause)
        return len(items) if all(items) else 0

    def percent_words(self, match: re.Match[str]) -> Quantity | None:
        number = match.group("pnum")
        value = Decimal(100) if number == "百" else self.number_value(number)
        if value is None:
            return None
        unit = "%" if match.group().startswith("百") else "‰"
        start, word = self.prefix(match.start())
        return Quantity(self.text[start:match.end()], start, match.end(), value, unit, _pick(word))

    @staticmethod
    def number_value(number: str) -> Decimal | None:
        """An Arabic number, or a Chinese numeral that is one number (not 两三)."""
        if number[0] in _ARABIC_DIGITS:
            return _arabic(number)
        parsed = _chinese(number)
        return None if parsed is None or parsed[1] is not None else parsed[0]

    def growth(self, match: re.Match[str]) -> Quantity | None:
        value = self.number_value(match.group("gnum"))
        if value is None:
            return None
        start, word = self.prefix(match.start())
        return Quantity(self.text[start:match.end()], start, match.end(), value + 1, "倍",
                        _pick(match.group("gsuf"), word))

    def chinese(self, match: re.Match[str]) -> Quantity | None:
        start, end = match.start(), match.end()
        unit_written = match.group("cunit")
        if not self.standalone:
            before = self.before(start)
            if before and (before in _ORDINAL_BEFORE or before in _APPROXIMATE_BEFORE):
                return None
            following = self.text[end:end + 4]
            base = BASE_UNIT[unit_written]
            if base in ("条", "项") and following.startswith(_POLICY_WORDS):
                return None
            count = (_chinese(match.group("c1")) or (11, None))[0]
            if self.item_count(start, end, base, value=count) and count <= 10:
                return None  # 聚焦…两项重点任务, 从三个方面: the text counts its own items
            if base == "期" and following.startswith(PHASE_WORDS):
                return None  # 实验室二期开工: a phase, not a count
            if base in ("个", "位", "项", "条") and following.startswith(_SLOGAN_HEADS):
                return None
            if base == "次" and (before in _SESSION_BEFORE or following.startswith(_SESSION_AFTER)):
                return None  # 十三届八次全会: the eighth plenary session, not eight of anything
        parsed = _chinese(match.group("c1"))
        if parsed is None:
            return None
        value, high = parsed
        qualifier_word = match.group("cmid") or match.group("cmid2")
        approximate_range = high is not None
        if match.group("c2") is not None:
            second = _chinese(match.group("c2"))
            if second is None or second[1] is not None:
                return None
            high = second[0]
            approximate_range = False
        scale = simplified_scale(match.group("csc") or "") or _split_big(match.group("c1"))
        factor = scale_factor(match.group("csc") or "")
        unit, unit_factor = normalise_unit(unit_written)
        factor *= unit_factor
        start, prefix_word = self.prefix(start)
        qualifier = _pick(qualifier_word, match.group("csuf"), prefix_word)
        if approximate_range and qualifier is Qualifier.EXACT:
            qualifier = Qualifier.ABOUT
        return Quantity(self.text[start:end], start, end, value * factor, unit, qualifier,
                        None if high is None else high * factor, scale)

    def arabic(self, match: re.Match[str]) -> Quantity | None:
        first, second = match.group("n1"), match.group("n2")
        unit_written = match.group("unit")
        percent_first = match.group("p1")
        scale_written = match.group("sc") or match.group("s1") or ""
        has_unit = bool(unit_written or scale_written or percent_first)
        start, end = match.start(), match.end()
        placeholder = _is_placeholder_number(first) or (second is not None and _is_placeholder_number(second))
        if not self.standalone and not self.plausible(match, has_unit, placeholder):
            return None
        if placeholder:
            return self.placeholder(match, has_unit)
        currency = "元" if self.before(start) in _CURRENCY else ""
        unit, unit_factor = normalise_unit(unit_written or ("%" if percent_first else currency))
        factor = unit_factor * scale_factor(scale_written)
        first_factor = scale_factor(match.group("s1")) * unit_factor if match.group("s1") else factor
        value = _arabic(first) * first_factor
        high = None if second is None else _arabic(second) * factor
        before = self.before(start)
        if before in _MINUS and not _GLUED_TO_MINUS.match(self.before(start - 1)):
            start -= 1
            value = -value
        start, prefix_word = self.prefix(start)
        qualifier = _pick(match.group("mid"), match.group("mid2"), match.group("suf"), prefix_word)
        return Quantity(self.text[start:end], start, end, value, unit, qualifier, high,
                        simplified_scale(scale_written))

    def plausible(self, match: re.Match[str], has_unit: bool, placeholder: bool) -> bool:
        """False for the Arabic numbers that are not figures: ordinals, dates, list markers, codes."""
        text, start, end = self.text, match.start(), match.end()
        before, after = self.before(start), text[end:end + 2].lstrip(" \u00a0")[:1]
        if before in _ORDINAL_BEFORE or before in _GLUED or (before.isascii() and before.isalpha()):
            return False
        if before in _TIME_MARKS and _GLUED_TO_MINUS.match(self.before(start - 1)) or before in _LEADER_DOTS:
            return False  # 10:52, 2026-02-11, a table of contents' leader dots
        if self.multiplied(start, end):
            return False  # 7×24小时服务, 5×8: a product of two numbers names a schedule, not an amount
        if has_unit:
            return True
        if after in _GLUED or after in _DATE_AFTER or (after.isascii() and after.isalpha()):
            return placeholder and after == "年" and self.year_placeholder(match)
        if _NUMBER_AFTER.match(text, end):
            return False  # a date or time, or a range of years: 1——2年
        if _LINE_AFTER.match(text, end):
            return False  # 12345政务服务热线: the number of a line, not an amount
        if placeholder:
            return True
        first, second = match.group("n1"), match.group("n2")
        if match.group("mid"):
            return True
        enclosed = before in _OPENING and after in _CLOSING
        if second is None and (after == "、" or after in _POINTS or enclosed):
            return False  # list marker
        for number in (first, second):
            if number is None:
                continue
            digits = to_half_width(number)
            if digits.isdigit() and ((len(digits) > 1 and digits[0] == "0") or len(digits) >= 7
                                     or (len(digits) == 4 and 1900 <= int(digits) <= 2099)):
                return False  # code, phone number, year
        return True

    def multiplied(self, start: int, end: int) -> bool:
        """Whether a multiplication sign joins the number to another number (7×24, 24×7)."""
        text = self.text
        before_sign = start >= 2 and text[start - 1] in _TIMES_SIGNS and text[start - 2] in _ARABIC_DIGITS
        after_sign = end + 1 < len(text) and text[end] in _TIMES_SIGNS and text[end + 1] in _ARABIC_DIGITS
        return before_sign or after_sign

    def year_placeholder(self, match: re.Match[str]) -> bool:
        """20XX年, X年: a masked year in running text (the caller has seen 年 after it)."""
        return match.group("n2") is None and bool(_YEAR_PLACEHOLDER.fullmatch(match.group("n1")))

    def placeholder(self, match: re.Match[str], has_unit: bool) -> Quantity | None:
        first, end = match.group("n1"), match.end()
        unit_written = match.group("unit") or ""
        if first.startswith("某") and not (match.group("sc") or match.group("s1")) \
                and BASE_UNIT.get(unit_written) not in ("元", "%", "个百分点", "倍"):
            return None  # 某家企业: "a certain company"
        single_mark = len(first) == 1 and first in "×✕*＊○◯□"
        if single_mark and (not has_unit or self.before(match.start())[-1:].isdigit()):
            return None  # 科技*款额 (a masked character), 3×4
        if not has_unit:
            if self.text[end:end + 1] == "年":
                end += 1
                unit = "年"
            elif "." in to_half_width(first) or first[0] in "*＊_＿×✕○◯□" and len(first) > 1:
                unit = ""
            else:
                return None  # XX县, xx公司: a masked name
        else:
            unit = normalise_unit(unit_written or ("%" if match.group("p1") else ""))[0]
        scale = simplified_scale(match.group("sc") or match.group("s1") or "")
        start, prefix_word = self.prefix(match.start())
        qualifier = _pick(match.group("mid"), match.group("mid2"), match.group("suf"), prefix_word)
        return Quantity(self.text[start:end], start, end, None, unit, qualifier, None, scale, True)


def extract_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` in order, normalised, with spans into ``text`` (see the module rules)."""
    extractor = _Extractor(text, standalone=False)
    found = []
    for match in _candidates(False).finditer(text):
        quantity = extractor.quantity(match)
        if quantity is not None:
            found.append(quantity)
    return found


def parse_quantity(text: str) -> Quantity | None:
    """One figure written on its own ("3.5万余份", "2008万元", "百分之二十", "0.4个百分点", "2008") or None.

    The figure must cover the whole string (surrounding spaces aside; a leading minus sign or
    approximation word belongs to it); the context rules that drop years, codes and the article 一
    in running text do not apply to a value standing alone.
    """
    stripped = text.strip()
    offset = text.find(stripped) if stripped else 0
    lead = _LEADING_WORD.match(stripped)
    match = _candidates(True).fullmatch(stripped, lead.end() if lead else 0)
    if match is None:
        return None
    quantity = _Extractor(stripped, standalone=True).quantity(match)
    if quantity is None or quantity.start != 0 or quantity.end != len(stripped):
        return None
    return Quantity(quantity.text, quantity.start + offset, quantity.end + offset, quantity.value,
                    quantity.unit, quantity.qualifier, quantity.high, quantity.scale, quantity.placeholder)
