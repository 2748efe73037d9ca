"""What a person asks of a rewrite, read as the offline composer understands it.

People write an instruction as they would say it: "写得更精炼一些，突出成效", "请再简洁点", "压缩一下篇幅，
语气正式些". The instruction is cut into parts at punctuation and joining words (和、并、同时 …); each part
is matched against the wishes below by the words people use for them, wherever they stand in the part,
so the fillers around them (请、写得、更、一些、一点、稍微、再 …) change nothing. A part made only of
fillers asks for nothing.

The offline composer writes only from the notes' own facts and figures. It follows one wish — 精炼:
it drops its own lead and closing sentences and keeps every fact — and names each other part with the
reason it cannot follow it, in the words the person will read:

    read_instruction("写得更精炼一些，突出成效")
    → [Ask("写得更精炼一些", 精炼), Ask("突出成效", 突出成效)]
    unfollowed(...) → [Unfollowed("突出成效", "离线起草只用要点原话，不会替您提炼成效和亮点")]

The vocabulary is data: add a word to a wish's ``words`` (or a new Wish) and every reader follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Wish:
    """One thing a person may ask of a section.

    ``offline`` says whether the offline composer follows it; ``why_not`` is the reason it cannot
    (for a wish it does follow: why following it changed nothing).
    """

    key: str
    label: str  # how it is named back to the person
    words: tuple[str, ...]  # how people write it, in any part of an instruction
    offline: bool
    why_not: str


WISHES: tuple[Wish, ...] = (
    Wish("concise", "精炼",
         ("精炼", "精简", "简洁", "简练", "简明", "简要", "简短", "凝练", "压缩", "缩短", "删繁就简", "删减", "精干",
          "写短", "短一些", "短一点", "短些", "短点", "去掉套话", "少些套话", "去掉空话", "字数少"),
         offline=True,
         why_not="这一节已经只有要点原话，没有可删的引导语或结束语；离线起草不删改要点"),
    Wish("results", "突出成效",
         ("成效", "亮点", "成果", "成绩", "实绩", "效果", "业绩", "特色"),
         offline=False, why_not="离线起草只用要点原话，不会替您提炼成效和亮点；可把成效写进要点"),
    Wish("expand", "充实内容",
         ("详细", "详实", "翔实", "展开", "充实", "丰富", "扩充", "写长", "长一些", "长一点", "多写", "具体"),
         offline=False, why_not="离线起草不添写要点以外的内容；可在要点里补充"),
    Wish("tone", "调整措辞",
         ("正式", "规范", "庄重", "严谨", "公文", "语气", "口语", "生动", "通俗", "措辞", "用词", "文采", "流畅", "润色"),
         offline=False, why_not="离线起草不改写措辞"),
    Wish("order", "调整结构",
         ("分段", "合并", "顺序", "条理", "层次", "逻辑", "结构", "重点", "突出", "侧重"),
         offline=False, why_not="离线起草按要点的顺序成文，不调整结构和侧重"),
)

UNKNOWN_WHY = "离线起草看不懂这一要求，只能按要点原话成文"

# Words that carry no wish of their own: politeness, the section, degree and "write it …".
FILLERS: tuple[str, ...] = (
    "请你", "请", "麻烦", "帮我", "帮忙", "希望", "需要", "要求", "要", "能够", "能", "可以", "尽量", "适当",
    "把", "将", "对", "这一节", "这一段", "这一部分", "这部分", "这节", "这段", "本节", "本段", "该节", "该段",
    "全文", "内容", "文字", "语言", "表述", "写法", "写得", "写", "改得", "改成", "改为", "改写", "改", "变得", "显得",
    "再", "稍微", "稍", "略微", "略", "更加", "更", "进一步", "比较", "一些", "一点儿", "一点", "一下", "些", "点儿",
    "点", "的", "地", "得", "了", "吧", "呢", "啊", "一", "下",
)

_SPLIT = re.compile(r"[，,；;。．.、！!？?\s]+|并且|同时|以及|而且|另外|还要")


@dataclass(frozen=True)
class Ask:
    """One part of an instruction as the person wrote it, and the wishes it names (none: not understood)."""

    part: str
    wishes: tuple[Wish, ...]


@dataclass(frozen=True)
class Unfollowed:
    """A part of an instruction that was not carried out, and why (in the words the person reads)."""

    part: str
    reason: str

    def __str__(self) -> str:
        return f"“{self.part}”（{self.reason}）"


def _only_fillers(part: str) -> bool:
    for filler in sorted(FILLERS, key=len, reverse=True):
        part = part.replace(filler, "")
    return not part.strip()


def read_instruction(instruction: str | None) -> list[Ask]:
    """The parts of an instruction and the wishes each names; parts of fillers alone are left out.

        "写得更精炼一些，突出成效" → 精炼 | 突出成效;  "请再简洁点" → 精炼;  "语气更正式" → 调整措辞
    """
    asks = []
    for part in _SPLIT.split(instruction or ""):
        part = part.strip()
        if not part or _only_fillers(part):
            continue
        asks.append(Ask(part, tuple(w for w in WISHES if any(word in part for word in w.words))))
    return asks


def asks_for(instruction: str | None, key: str) -> bool:
    """Whether any part of the instruction names the wish ``key`` ("精炼一些" names concise)."""
    return any(w.key == key for ask in read_instruction(instruction) for w in ask.wishes)


def unfollowed(instruction: str | None, *, changed: bool = True) -> list[Unfollowed]:
    """The parts of an instruction the offline composer does not carry out, each with its reason.

    With ``changed`` False (the rewrite left the section as it was) a wish it follows is named too,
    with the reason following it changed nothing. A part is named once, with the reason of the first
    wish it names that is not followed (WISHES order), and by that wish's label when the part also
    names one that is followed ("精炼地突出成效" → 突出成效).
    """
    out = []
    for ask in read_instruction(instruction):
        if not ask.wishes:
            out.append(Unfollowed(ask.part, UNKNOWN_WHY))
            continue
        followed = [w for w in ask.wishes if w.offline]
        missed = [w for w in ask.wishes if not w.offline]
        if missed:  # named once, with the first reason (突出成效 is 成效's, not also 突出's)
            out.append(Unfollowed(missed[0].label if followed else ask.part, missed[0].why_not))
        if followed and not changed:
            out.append(Unfollowed(ask.part, followed[0].why_not))
    return out
