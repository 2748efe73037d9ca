"""The vocabulary of figures, named once: approximation words, verbs of change, the cue words of derived
figures, and every threshold of the checker — each with its example.

Extraction (``drafter.figures.extract``), reconciliation (``drafter.figures``), the notes loader (which
accepts every approximation word listed here in ``约数``) and the repair wording all read this module.
To change what 近 allows, or how well a clause must name an indicator before a value is proposed, change
it here; the held-out gates of the test suite say what moved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Qualifier(StrEnum):
    """What an approximation word says of the true amount."""

    EXACT = "exact"
    AT_LEAST = "at_least"  # 余 多 超 超过 以上 逾: more than the number written
    BELOW = "below"  # 近 将近 不到 不足: a little under it
    ABOUT = "about"  # 约 左右 上下: either side of it
    SEVERAL = "several"  # 数百 几十: two to nine of the magnitude written (数百家 for 200 to 999)


class Position(StrEnum):
    """Where Chinese writes an approximation word: 近60家, 10余次, 20%以上."""

    BEFORE = "before"
    INSIDE = "inside"  # after the number, before the magnitude word or unit
    AFTER = "after"


@dataclass(frozen=True)
class ApproximationWord:
    """One approximation word: what it says of the amount, where it is written, and an example."""

    word: str
    qualifier: Qualifier
    position: Position
    example: str
    spellings: tuple[str, ...] = ()  # traditional forms, recognised like the word
    inclusive: bool = False  # the number itself is allowed (20%以上 is true of 20%; 20余家 is not of 20)


_B, _I, _A = Position.BEFORE, Position.INSIDE, Position.AFTER
_MORE, _UNDER, _ABOUT = Qualifier.AT_LEAST, Qualifier.BELOW, Qualifier.ABOUT

APPROXIMATION_WORDS: tuple[ApproximationWord, ...] = (
    ApproximationWord("余", _MORE, _I, "10余次 for 12次; 3.5万余份 for 35,600份", ("餘",)),
    ApproximationWord("多", _MORE, _I, "130多名 for 134名"),
    ApproximationWord("几", _MORE, _I, "20几家 for 23家", ("幾",)),
    ApproximationWord("来", _ABOUT, _I, "20来家 for 19 or 21家", ("來",)),
    ApproximationWord("超", _MORE, _B, "超5万次 for 52,000次"),
    ApproximationWord("超过", _MORE, _B, "超过1000家 for 1,020家", ("超過",)),
    ApproximationWord("突破", _MORE, _B, "突破12亿元 for 12.36亿元"),
    ApproximationWord("逾", _MORE, _B, "逾300人 for 316人"),
    ApproximationWord("高于", _MORE, _B, "高于90% for 92%"),
    ApproximationWord("不少于", _MORE, _B, "不少于10场 for 10场 or 12场", ("不少於",), inclusive=True),
    ApproximationWord("不低于", _MORE, _B, "不低于2.5% for 2.5%", ("不低於",), inclusive=True),
    ApproximationWord("至少", _MORE, _B, "至少5个 for 5个 or 6个", inclusive=True),
    ApproximationWord("以上", _MORE, _A, "20%以上 for 20% or 23%", inclusive=True),
    ApproximationWord("近", _UNDER, _B, "近60家 for 57家 (never for 60 or more)"),
    ApproximationWord("将近", _UNDER, _B, "将近60家 for 57家", ("將近",)),
    ApproximationWord("接近", _UNDER, _B, "接近3亿元 for 2.9亿元"),
    ApproximationWord("不到", _UNDER, _B, "不到50人 for 46人"),
    ApproximationWord("不足", _UNDER, _B, "不足1% for 0.8%"),
    ApproximationWord("低于", _UNDER, _B, "低于5% for 4.2%"),
    ApproximationWord("不超过", _UNDER, _B, "不超过3个月 for 3个月", ("不超過",)),
    ApproximationWord("最多", _UNDER, _B, "最多5家 for 5家"),
    ApproximationWord("以下", _UNDER, _A, "5%以下 for 4.6%"),
    ApproximationWord("以内", _UNDER, _A, "3天以内 for 3天", ("以內",)),
    ApproximationWord("约", _ABOUT, _B, "约2000万元 for 1,960万元", ("約",)),
    ApproximationWord("大约", _ABOUT, _B, "大约2000万元 for 2,030万元", ("大約",)),
    ApproximationWord("左右", _ABOUT, _A, "2000万元左右 for 1,980万元"),
    ApproximationWord("上下", _ABOUT, _A, "50%上下 for 51%"),
)

_BY_SPELLING = {s: w for w in APPROXIMATION_WORDS for s in (w.word, *w.spellings)}

# The words a user may write in the notes' 约数 column (simplified or traditional), longest first so that a
# search of a figure's text finds 将近 before 近 and 超过 before 超.
APPROXIMATION_SPELLINGS: tuple[str, ...] = tuple(sorted(_BY_SPELLING, key=len, reverse=True))

# 约 and 近 end other words: 最近 附近 临近 靠近 (near), 签约 合约 预约 公约 节约 条约 履约 违约 制约 特约 邀约
# 相约 婚约 集约 简约 隐约 (agreements, restraint): after these characters they are no approximation word.
NOT_APPROXIMATION_AFTER = {"约": "最附临臨靠签簽合预預公节節条條履违違制特邀相婚集简簡隐隱",
                           "超": "赶"}  # 赶超 (catch up), not 超 (over)
for _word in ("近", "将近", "接近", "大约"):
    NOT_APPROXIMATION_AFTER[_word] = NOT_APPROXIMATION_AFTER["约"]
# 上下 starts other words: 上下游 (the supply chain), 上下级, 上下联动, 上下班, 上下文 …
NOT_APPROXIMATION_BEFORE = {"上下": "游级級联聯班楼樓文半功来來一"}
# Of the words written inside a figure, these may also follow its magnitude word: 3.5万余份, 5万多人.
INSIDE_AFTER_MAGNITUDE = ("余", "多")


# Vague amounts: a magnitude word with no digit (近千家, 上千家, 数百家, 几十个, 逾万人, 百余人), checked like 近/余:
# the word before the magnitude says what it allows, 余/多 after it say "more than".
VAGUE_WORDS: dict[str, Qualifier] = {
    "近": _UNDER, "将近": _UNDER, "接近": _UNDER,  # 近千家 for 960家 (900 to 999)
    "逾": _MORE, "超": _MORE, "超过": _MORE, "上": _MORE,  # 上千家 for 1,000 to 1,999; 逾万人 for 10,000余
    "约": _ABOUT, "約": _ABOUT,  # 约千人 for 950 to 1,050
    "数": Qualifier.SEVERAL, "數": Qualifier.SEVERAL, "几": Qualifier.SEVERAL, "幾": Qualifier.SEVERAL,  # 数百家
}
VAGUE_INCLUSIVE = ("上",)  # 上千 includes a thousand itself
SEVERAL_SPAN = (2, 10)  # 数百 is two to (not including) ten hundreds

# Counts of the text's own items, not statistics: a Chinese numeral counting these heads (两项重点任务, 三个方面,
# 四项工作, 五条措施), or any count after a word pointing into the text (以下四项工作, 上述3个方面).
ITEM_HEADS = ("重点任务", "主要任务", "任务", "方面", "重点工作", "工作", "举措", "措施", "目标任务", "原则", "环节",
              "重点领域", "领域", "要求", "内容", "特点", "优势", "短板", "步骤", "阶段", "途径", "路径", "问题",
              "事项", "方向", "板块", "数量")
ITEM_POINTERS = ("以下", "如下", "下列", "上述", "前述", "这些", "这")
# The counters of a text's own items (三个方面, 三条产业链, 线上、线下两种方式), not of firms or people (两家企业).
ITEM_COUNTERS = ("个", "個", "项", "項", "条", "條", "点", "點", "种", "種", "类", "類")
# The words that list items before their count ("围绕智能装备、印包装备、时尚轻工三条产业链": three listed, 三条).
LIST_MARKS = ("、", "和", "及", "与", "以及")
# 期 after a Chinese numeral and before these words is a phase of a project, not a count: 实验室二期开工, 一期工程.
PHASE_WORDS = ("工程", "项目", "開工", "开工", "建设", "建設", "投产", "投產", "竣工", "建成", "启动", "啟動")


def approximation_word(word: str) -> ApproximationWord | None:
    """The approximation word as written ("超過", "将近", "余"), or None when it is not one."""
    return _BY_SPELLING.get(word.strip())


def qualifier_of(word: str | None) -> Qualifier:
    """What an approximation word says of the amount: 余 → AT_LEAST, 将近 → BELOW, none → EXACT."""
    found = approximation_word(word or "")
    return found.qualifier if found else Qualifier.EXACT


def spellings(position: Position) -> list[str]:
    """Every spelling of the words written at ``position``, longest first (不超过 before 超过 before 超)."""
    return sorted((s for s, w in _BY_SPELLING.items() if w.position is position), key=len, reverse=True)


# A figure's approximation word as written: before it (at the start), inside (余 多 …) or after it (at the end).
APPROXIMATION_IN_FIGURE = re.compile(
    "^(?:" + "|".join(spellings(Position.BEFORE)) + ")\\s?"
    + "|(?:" + "|".join(spellings(Position.AFTER)) + ")$"
    + "|[" + "".join(spellings(Position.INSIDE)) + "]")

# --------------------------------------------------------------------------- names of what is counted

# Short names, each binding like the full name it stands for: a clause writing 高企 names 高新技术企业, and
# 研发经费 names R&D经费. (A full name already written stays as written: 科技特派员 is not expanded again.)
ABBREVIATIONS: dict[str, str] = {
    "高企": "高新技术企业",  # 新认定高企9家
    "科小": "科技型中小企业",  # 科小入库126家
    "特派员": "科技特派员",  # 选派特派员64名
    "R&D": "研发", "R＆D": "研发", "研究与试验发展": "研发",  # R&D经费投入强度 = 研发经费投入强度
    "规模以上": "规上",  # 规模以上工业企业 = 规上工业企业
    "工程中心": "工程技术研究中心",  # 省级工程中心3家
    "院士工作站": "院士专家工作站",  # 新建院士工作站1个
    "每万人口": "万人",  # 每万人口发明专利拥有量 = 万人发明专利拥有量
}
# Words naming the whole area a bureau reports on: one scope, not qualifiers of different counts (全县研发经费
#投入强度 is the 全社会研发经费投入强度 of the data); they bind as one word, AREA.
AREA_WORDS = ("全社会", "全县", "全市", "全区", "全州", "全旗", "全域")
AREA = "全域"
_NAMES = {**ABBREVIATIONS, **dict.fromkeys(AREA_WORDS, AREA)}
_SHORT_NAME = re.compile("|".join(
    (f"(?<!{re.escape(full[:-len(short)])}){re.escape(short)}" if full.endswith(short) and full != short
     else re.escape(short)) for short, full in sorted(_NAMES.items(), key=lambda pair: -len(pair[0]))))


def full_names(text: str) -> str:
    """The text with every short name of ``ABBREVIATIONS`` written in full and every area word as ``AREA``:
    全县新认定高企9家 → 全域新认定高新技术企业9家."""
    return _SHORT_NAME.sub(lambda m: _NAMES[m.group()], text)


# --------------------------------------------------------------------------- verbs and cue words

# Verbs of growth and of decline: the direction a clause says an amount moved (增长12.5% / 下降12.5%).
# 新 before a verb of coming into being (新认定, 新培育, 新建 …) counts what was added, like 新增.
GROWTH_CUES = ("增长", "增加", "提高", "提升", "上升", "增幅", "翻", "扩大", "多了", "增", "高于", "高出", "多出",
               "新认定", "新培育", "新建", "新引进", "新设立", "新获批", "新入库", "新备案", "新认证")
DECLINE_CUES = ("下降", "减少", "降低", "回落", "下滑", "缩减", "降幅", "少了", "减", "低于", "低出")
# Nouns that hold a verb of change and name a thing, not a change: 工业增加值 is value added (占全市工业增加值的比重为
# 38.6% states a share), 新的增长点, 增值税. A cue inside one of them is no cue.
CUE_NOUNS = ("增加值", "增长点", "增长极", "增值税")
# The verbs before N倍 that make it a growth, counting the base out: 增长一倍 is a ratio of 2 (traditional too).
TIMES_GROWTH_VERBS = ("增长", "增長", "增加", "提高", "提升", "扩大", "擴大", "上升", "多")
# A share: 占…N%, 比重, and the completion of a target (完成全年目标的54%, 完成率).
SHARE_CUES = ("占", "比重", "比例", "比率", "完成")
# A yearly average over several years: 年均增长8.2% (compound).
ANNUAL_CUES = ("年均", "年平均", "平均每年", "每年平均", "平均增长", "平均增速")
# A per-unit average: 平均每家企业获得奖补约32.4万元; 每家 / 户均 name the counter of the count divided by.
AVERAGE_CUES = ("平均", "均", "每家", "每个", "每项", "每人", "每户", "每亩")
AVERAGE_COUNTER = re.compile(r"每([家个项人户亩])|([家人户亩])均")
# A total: 合计17.16亿元, 共获批…89项.
SUM_CUES = ("合计", "共计", "总计", "总数", "共有", "一共", "总共", "累计", "两者", "二者", "总量", "共")
# A difference between two amounts: 相差3家; and what remains of a target (the target less what is done):
# 还需入库104家, 余下5项, 剩余12个.
REMAINDER_WORDS = ("还需", "尚需", "仍需", "还要", "余下", "剩余", "剩下", "尚有", "尚未完成")
DIFFERENCE_CUES = ("相差", "差", *REMAINDER_WORDS)
# A difference written as more or fewer than something compared: 比上年多1家, 较2024年少3项 (its year left out of the
# binding words: 较少3项).
COMPARED_MORE = re.compile(r"[比较較][^，。；]{0,8}?[多少]了?$")
# The base of a comparison: 较2024年 names its year (so does a multiple of it: 是2020年的2.3倍); 上年, 去年, 同比 the
# year before the later amount compared.
BASE_YEAR = re.compile(r"(?:[较比較与與]|(?:是|为|為|相当于|相當於)(?=(?:19|20)\d{2}年的))((?:19|20)\d{2})年")
PREVIOUS_YEAR_WORDS = ("上年", "去年", "上一年", "同比")
# A change against an earlier time: 比/较 and the time compared with (较2024年净增6家, 比上年增加3家); 净 makes it
# the net change of a total, never a count of what was added.
COMPARED_TIMES = re.compile(r"[比较較](?:(?:19|20)\d{2}年?|上年|去年|上一年|同期|上年同期|去年同期|年初|上半年)")
NET_CHANGE_WORDS = ("净增", "净减", "淨增", "淨減")
# Words that make a figure the earlier amount of a comparison or of a change, or put it in the past
# (上年的131家, 由43家增至86家, “十三五”末的1.32%).
EARLIER_WORDS = ("上年", "去年", "前年", "上期", "同期", "基期", "基数", "年前", "年底前", "末", "此前", "以前",
                 "原有", "原来", "曾", "起步", "期初", "当时", "由", "从", "基础上")
# "A 412亿元，B 6.2亿元，分别增长14.1%和24%": the i-th figure after it speaks of the i-th of those listed before it.
RESPECTIVELY = ("分别", "分別")
# Words that state a figure as reached already (目前全市已超3000家, 现有…): no target row is what it states.
DONE = re.compile(r"目前|现有|至今|已经|已有|已达|已$")
# Words that state a figure as the count that exists (在现有4个平台的基础上, 拥有, 总数): no count of what was added.
STOCK_WORDS = ("现有", "已有", "拥有", "共有", "总数", "总量", "累计", "目前")
# Words that make what follows them in a sentence a target: 力争突破10亿元, 确保全年增长15%以上, 计划全年开展…,
# 目标是…. (Not 争取: it also says what was obtained, 争取上级资金130万元; nor 预计: an estimate of this year's
# figure, 强度预计为2.18%; nor 计划 as the noun of a programme's name, 科技计划项目, “倍增”计划; nor 目标 as a noun,
# 提前完成目标任务.)
AIM_WORDS = ("力争", "确保", "计划", "目标是", "目标为")
AIMS = re.compile("|".join(AIM_WORDS).replace("计划", "计划(?![项”\"」』》，,。；、）)])"))
# A year opening a sentence ("2026年，我局将…", "2026年主要预期目标是：") is the year of every figure of that sentence
# without its own — and of the clauses its colon opens (…：一是…；二是…).
SENTENCE_YEAR = re.compile(r"\s*(?:在|到|至)?((?:19|20)\d{2})年(?:[，,]|我局|全县|全市|全区|要|将|力争|计划"
                           r"|(?:主要|预期|发展|工作)*目标)")
# After a verb of change, these make the figure the level reached, not the change: 提高到63.5%, 增至41家.
REACHED_WORDS = ("到", "至")
# An indicator that is a target to reach: 企业研发投入年度目标.
TARGET_WORDS = ("目标", "目標", "任务数", "任務數", "年度任务", "年度任務", "全年任务", "全年任務")
# A level reached from a base by an addition the sentence states: "新增高企5家，在2025年41家的基础上达到46家".
LEVEL_CUES = ("达到", "增至", "增加到", "增长到", "提高到", "提升到")
# Words that make a figure a count of what was added: "新增省级以上研发平台19个" is no total (由12个增至19个: 7 added).
ADDITION_WORDS = ("新增", "新认定", "新培育", "新建", "新引进", "新获批", "新设立", "新入库", "新备案")
# …of them, the one that may state the net change of a stock (新增高企7家 = 今年的数 − 上年的数). The others count what
# was added, gross ("其中新认定74家" while the stock grew by 37: some left): never a difference of two rows.
NET_ADDITION_WORDS = ("新增",)
# Words that change what a figure counts: a clause writing one of them before the name of an indicator whose
# name lacks it speaks of another count ("申报高新技术企业20家" is not the 47 高新技术企业 that exist; "计划新增…2家"
# is a target, not the total). Such a clause never names that indicator with certainty.
COUNTING_QUALIFIERS = ("申报", "新增", "新认定", "新培育", "新建", "新引进", "新获批", "累计", "入库", "推荐", "认定",
                       "获批", "立项", "储备", "拟", "培育", "在孵", "备案", "力争", "目标", "预计", "争取",
                       "规上", "规模以上", "省级", "市级", "县级", "国家级", "本级", *REMAINDER_WORDS)
# Words of a rate, which names its subject before it (规上工业企业研发费用年度任务完成率, 研发经费投入强度): a clause
# naming the rate without its subject ("…增加值完成41.2亿元，年度任务完成率128%") names no one row with certainty.
RATE_WORDS = ("完成率", "增长率", "增速", "增幅", "占比", "比重", "比例", "强度", "覆盖率", "转化率", "贡献率",
              "达标率", "年度任务", "全年任务", "目标")
# Counters that say the same thing (every other change of unit is an error: 件 is not 项, 人次 is not 人).
SAME_UNIT = {"名": "人", "位": "人", "场次": "场", "棵": "株"}

# --------------------------------------------------------------------------- thresholds

# Approximation: what 近/余/约 may stand for.
BELOW_SPAN = Decimal("0.9")  # 近100 covers 90 up to (not including) 100
CLOSE_SHARE = Decimal("0.1")  # an approximation word's figure lies within a tenth of the true amount (and within
#                               its last written digit): 近60家 for 57, 300余项 for 286; not 超过1000家 for 213
DOUBLING_TOLERANCE = Decimal("0.05")  # a ratio within a twentieth of 2, 4, 8 is 翻了一番/两番/三番

# Binding: shares of a supplied figure's label (weighted bigrams) found in a figure's clause.
BOUND = 0.5  # the clause speaks of this supplied figure: 全年技术合同登记额 for 技术合同登记额
DISTINCT = 0.4  # …and of words that only that figure's label has (省级 in 省级科技特派员, not 市级…)
SECTION_BONUS = 0.15  # added to the score of a supplied figure of the text figure's own section
SAME_THING = 0.3  # two labels this alike (Dice) count one thing: 争取上级科技资金 ~ 争取资金
TWIN_SHARE = 0.8  # share of one figure's binding words in another's fact: the same figure written twice
LOOSE_MATCH = 0.25  # an approximate figure (近0.87亿元) matches another amount only when bound this well
NEAR_CHARACTERS = 10  # bigrams within 10 characters of the figure weigh 1 …
FAR_WEIGHT = 0.4  # … farther ones 0.4
TIE = 0.05  # two supplied figures bound within this score are bound alike: no correction names one
NAMED_PART = 0.5  # a sentence names a supplied figure (a part of a total) with this share of its label
NAMED_INDICATOR = 0.6  # a sentence names an indicator it does not state ("是高新技术企业的2.6倍")
NAMED_LIMIT = 8  # … and names no more than this many: the best named of rows named alike
QUALIFIER_REACH = 2  # a qualifier swapped for another is this short: 省/市, 国家/省, 新增/累计, 亩均/户均
VALUE_ONLY = 0.25  # a clause holding less of a fact's label than this does not speak of it: a figure of another
#                    section matching that fact's amount alone is not supported by it (3家 of 孵化器 is not the
#                    3家 of another section's 工程技术研究中心)
REPEATED_FACT = 0.8  # share of a fact's words a sentence has when it restates that fact
RESTATED_FACT = 0.6  # of two labels alike, the fact the sentence repeats this much …
RESTATED_MARGIN = 0.3  # … and this much more than the other's decides
FAR_SCALE_BINDING = 0.1  # a magnitude a hundredfold off is a scale error when the clause speaks of the row at all
SCALE_BINDING = 0.3  # a nearer magnitude slip (or a changed unit) needs this binding to name the row
NEAR_APPROXIMATION_BINDING = 0.1  # another amount near the figure is its approximation only when named this well
NAMED_SUBJECT = 0.8  # a clause names its subject with this share of its label in one run
SPECIFIC_MARGIN = 0.2  # a scale/unit/approximation error wins over a wrong value bound up to this much better
FAR_APART = 100  # two amounts a hundredfold apart are two things (人均5.2元 is no slip of 680万元)

# Scale: what a clause is compared with among thousands of supplied figures.
SCORE_FLOOR = 0.1  # a supplied figure a clause scores less for is not among those it names (no rule asks for less)
COVERAGE_FLOOR = NAMED_PART  # a sentence holding less of a label than this names none of it (no rule asks less)

# Certainty: a value is proposed ("应为 X") only when the clause names the supplied figure with certainty.
CERTAIN_SHARE = 0.5  # the clause holds this share of the figure's label (登记技术合同 of 技术合同登记数) …
CERTAIN_LABEL = 4  # … a label of fewer characters names no one thing (技术, 培训) …
CERTAIN_MARGIN = 0.15  # … and no other label of another amount scores within this of it
CANDIDATES = 3  # an uncertain finding lists this many of the closest supplied figures for the person to choose …
CANDIDATE_SPREAD = Decimal("0.1")  # … a row its clause names (BOUND), or one it may be a slip of: within a tenth
CANDIDATE_SCORE = 0.25  # … each bound at least this well (申报高新技术企业20家: 高新技术企业47家; not 科技平台30个 for
#                         推荐…项目3个)

# Reaches, in characters.
CUE_REACH = 12  # a cue word (增长, 占, 年均) counts within 12 characters before its figure
BASE_REACH = 12  # "较2025年增长42.9%": the base year stands within 12 characters before the figure
FROM_REACH = 12  # 由 stands this close before the first figure of "由2023年的0.27%到…" (not 由于…)
CHANGE_REACH = 24  # 由 of 由A到B, 在 of 在A的基础上 stand this close before A, in its clause
CLAUSE_REACH = 300  # no clause is longer: look-backs stop here in a whole document
