"""Tense and time: sentences of a draft that say the wrong thing about *when*.

Four rules, each a warning (verdict ``warning``) on the sentence, added to the draft's check report
and shown as a Word comment:

- ``tense.plan_as_done`` — a sentence of a plan section that reports completion:
  "全县科技创新能力得到了进一步提升" under 2026年工作计划 (a plan says 将/力争/计划…);
- ``tense.review_as_intent`` — a review section written only as intention: not one sentence reports
  anything done, and its first sentence of intention is quoted ("将进一步加强…" under 2025年工作回顾);
- ``time.relative`` — a relative time word whose year is not the one the section speaks of:
  "该村今年人均收入增加1500元" in a review of 2025 dated 2026-01-15 (今年 is 2026 there);
- ``time.relative_word`` — a relative time word whose year is right: 公文 names the year
  ("今年以来" in a half year's summary → 2026年以来).

The words are named here once, as data; the section kinds come from the drafting plan (review,
problems, plan, other) and the years from the notes (年度, the year planned, 成文日期).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from drafter.doc_kinds import plan_year
from drafter.export.model import DraftDocument, Role, layout
from drafter.figures.reconcile import WARNING, Finding
from drafter.notes import Notes
from drafter.text import split_sentences

# A sentence reports something done: a verb of result with 了, 已/已经 before a verb (not 已有, 已是 …),
# or a fixed phrase.
DONE = re.compile(
    r"(?:得到|取得|实现|完成|达到|建成|提升|提高|增长|增加|新增|突破|获得|培育|引进|开展|举办|组织|落实|推动|形成|显现)了"
    r"|已(?:经)?(?!有|是|在|于|被|为|知|久|往|然|成为过去)[\u4e00-\u9fff]"
    r"|圆满完成|顺利完成|成效(?:显著|明显)|取得(?:显著|明显|积极|良好)?(?:成效|成绩|进展)")

# A sentence looks ahead: an intention or a target. 计划 only as a verb (计划新增…, not 科技计划项目 or
# 人才集聚计划); 争取, 继续, 持续 and 进一步 are left out: a review says them of work done ("争取项目8项",
# "得到了进一步提升").
FUTURE = re.compile(r"将(?!军|近)|力争|计划(?=[新完实开推建组举申投培引争达打启召安用出落筹兑发做加提在到于将])"
                    r"|拟(?!定)|确保|预计|预期|目标(?:是|为)|下一步|下步")

# A relative time word and the years it lies from the year of writing (成文日期).
RELATIVE_YEARS: Mapping[str, int] = {"今年": 0, "本年度": 0, "本年": 0, "去年": -1, "上年": -1,
                                     "上一年": -1, "明年": 1, "来年": 1, "下一年": 1, "前年": -2, "后年": 2}
_RELATIVE = re.compile("|".join(sorted(RELATIVE_YEARS, key=len, reverse=True)))
_COMPARE_CUE = re.compile(r"同比|比上年|较上年|上年同期|与上年")  # 比上年增长: a comparison, not a year named

PLAN_AS_DONE = "本节是工作计划，这句话写成了已经完成的事；计划应写目标和举措（将、力争、计划……）"
REVIEW_AS_INTENT = "本节是工作回顾，但全节只写了打算，没有一句写已完成的工作和成效"
RELATIVE_TIME = "“{word}”按成文日期是{meant}年，而本节写的是{year}年；请写明年份"
RELATIVE_WORD = "“{word}”即{meant}年；公文中宜写明年份，不用相对说法"


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int
    key: str


def body_sentences(document: DraftDocument) -> Iterator[_Sentence]:
    """Every sentence of the draft's body paragraphs (and the opening), with its offset in
    plain_text(document) and the key of its section ("" for the opening)."""
    position = 0
    for block in layout(document):
        if block.role in (Role.BODY, Role.OPENING):
            offset = 0
            for sentence in split_sentences(block.text):
                at = block.text.find(sentence, offset)
                offset = at + len(sentence)
                yield _Sentence(sentence, position + at, block.key if block.role is Role.BODY else "")
        position += len(block.text) + 1


def _warning(sentence: _Sentence, rule: str, message: str) -> Finding:
    return Finding(text=sentence.text, start=sentence.start, end=sentence.start + len(sentence.text),
                   verdict=WARNING, kind=rule.split(".")[0], expected=None, source=None, message=message,
                   rule=rule)


def tense_warnings(document: DraftDocument, kinds: Mapping[str, str], notes: Notes) -> list[Finding]:
    """The tense and time warnings on a draft; ``kinds`` maps each section key to its kind."""
    sentences = list(body_sentences(document))
    warnings: list[Finding] = []
    planned = plan_year(notes.title, notes.kind, notes.year)
    written = notes.date.year
    by_section: dict[str, list[_Sentence]] = {}
    for sentence in sentences:
        by_section.setdefault(sentence.key, []).append(sentence)
        kind = kinds.get(sentence.key, "other")
        if kind == "plan" and DONE.search(sentence.text) and not FUTURE.search(sentence.text):
            warnings.append(_warning(sentence, "tense.plan_as_done", PLAN_AS_DONE))
        year = planned if kind == "plan" else notes.year if kind in ("review", "problems") or not sentence.key \
            else None
        cue = _COMPARE_CUE.search(sentence.text)
        words = [m for m in _RELATIVE.finditer(sentence.text) if not (cue and cue.start() <= m.start() < cue.end())]
        for match in words:
            meant = written + RELATIVE_YEARS[match.group()]
            if year is not None and meant != year:
                warnings.append(_warning(sentence, "time.relative",
                                         RELATIVE_TIME.format(word=match.group(), meant=meant, year=year)))
                break
        else:
            if words:
                word = words[0].group()
                warnings.append(_warning(sentence, "time.relative_word",
                                         RELATIVE_WORD.format(word=word, meant=written + RELATIVE_YEARS[word])))
    for key, own in by_section.items():
        if key and kinds.get(key) == "review" and all(FUTURE.search(s.text) and not DONE.search(s.text)
                                                      for s in own):
            warnings.append(_warning(own[0], "tense.review_as_intent", REVIEW_AS_INTENT))
    return sorted(warnings, key=lambda f: f.start or 0)
