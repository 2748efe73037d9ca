"""What each top-level section of a document is: a review, its problems, a plan, or something else.

Three kinds of evidence, in order:

1. cue words in the top-level heading's leading phrase (工作回顾 / 存在问题 / 下一步打算 …);
2. the time the heading names, relative to the document's own reporting time: a year or five-year
   period after it (“十一五” in a “十五” review, 2026 in a 2025 summary) is a plan, the reporting
   time itself or earlier is a review;
3. the tense and mood of the section's own text, sentence by sentence: figures reported with
   完成/取得/累计/共/已/先后… are a review, 力争/将/拟/确保/要/争取…以上/进一步 a plan, 不足/薄弱/
   缺乏/有待/制约 … problems. A top-level section too short to decide (a one-line item of a flat list)
   takes the kind its equally undecided siblings decide together.

Sub-sections inherit their top-level section's kind. The top-level sections are the shallowest
headings of the document (（一） or 1、 when it has no 一、).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from drafter.corpus.model import Document, Section, SectionKind
from drafter.text import split_sentences

_KIND_WORDS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (SectionKind.PROBLEMS, re.compile(r"问题|不足|困难|短板|差距")),
    (SectionKind.REVIEW, re.compile(r"回顾|成效|成绩|情况|主要工作|总结|进展")),
    (SectionKind.PLAN, re.compile(r"计划|打算|思路|重点工作|下一步|谋划|目标|措施|展望|安排")),
]
_CLAUSE_END = re.compile(r"[，,；;。]")


def classify_kind(heading: str) -> SectionKind:
    """What a heading announces by its cue words (review, problems, plan), else other.

    Only the leading phrase counts: in "做好信息宣传工作，…把我局的工作成绩及时…汇报" the words after
    the first comma describe the task, not the part of the document.
    """
    lead = _CLAUSE_END.split(heading, maxsplit=1)[0]
    for kind, words in _KIND_WORDS:
        if words.search(lead):
            return kind
    return SectionKind.OTHER


# -- the times a text names -------------------------------------------------------------------------

class Span(NamedTuple):
    """A closed range of years: one year, or a five-year-plan period."""

    first: int
    last: int


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=年)")
# “十五” = the 10th five-year plan (2001–2005), “十一五” the 11th, … “十五五” the 15th (2026–2030)
_PERIOD = re.compile(r"十([一二三四五六七八九]?)五(?=”?(?:期间|规划|时期|计划|开局|收官|末|以来|初|”))")
_DIGIT = "一二三四五六七八九"


def named_spans(text: str) -> list[Span]:
    """The years and five-year-plan periods a text names, in order."""
    found: list[tuple[int, Span]] = [(m.start(), Span(int(m.group(1)), int(m.group(1))))
                                     for m in _YEAR.finditer(text)]
    for match in _PERIOD.finditer(text):
        plan_number = 10 + (_DIGIT.index(match.group(1)) + 1 if match.group(1) else 0)
        first = 2001 + 5 * (plan_number - 10)
        found.append((match.start(), Span(first, first + 4)))
    return [span for _, span in sorted(found)]


_PLAN_ONLY_TITLE = re.compile(r"计划|要点|打算|思路")
_REVIEW_TITLE = re.compile(r"总结|回顾|报告|汇报|述职")


def reporting_span(document: Document) -> Span | None:
    """The time the document reports on: the earliest its title names (for a title that announces
    only a plan, the year or period before it); else, when its top-level headings name at least two
    different times, the earliest of them; else unknown."""
    title_spans = named_spans(document.title)
    if title_spans:
        earliest = min(title_spans)
        if _PLAN_ONLY_TITLE.search(document.title) and not _REVIEW_TITLE.search(document.title):
            length = earliest.last - earliest.first + 1
            return Span(earliest.first - length, earliest.last - length)
        return earliest
    heading_spans = {span for top in document.sections for span in named_spans(top.heading)}
    return min(heading_spans) if len(heading_spans) >= 2 else None


def kind_by_time(heading: str, reporting: Span | None) -> SectionKind:
    """Plan when every time the heading names lies after the reporting time, review when none does."""
    spans = named_spans(heading)
    if reporting is None or not spans:
        return SectionKind.OTHER
    later = [span.first > reporting.last for span in spans]
    if all(later):
        return SectionKind.PLAN
    return SectionKind.OTHER if any(later) else SectionKind.REVIEW


# -- tense and mood of a section's text --------------------------------------------------------------

_FIGURE = re.compile(r"(?:\d+(?:\.\d+)?|[Xx]{1,3})\s*"
                     r"(?:%|％|万|亿|个|家|项|次|人|名|场|期|件|份|亩|户|所|篇|批|元|种|台|套|座|条|公里|吨|倍|位|支|门|册|张)")
_DONE = re.compile(r"已|先后|累计|(?<![为除])了(?!解)")  # completed, with or without figures
# … with figures, or with what was achieved
_REPORTED = re.compile(r"完成|实现|取得|(?<!公)共(?![同享建赢识性])|获得|获评|荣获|获批|达到")
_RESULT = re.compile(r"成果|成效|突破|进展|[一二三]等奖|称号")
_FUTURE = re.compile(
    r"力争|(?<![动火人聚展])计划(?![项书》”])|拟|确保|预计|明年|下一步|今后|争取[^，。；]{0,20}以上"
    r"|(?:\d|[Xx])[^\d，。；、]{0,3}以上"
    r"|(?<![主重需必只首纲概提])要(?![求点素害件闻务])"
    r"|(?<!即)将(?=[^，。；]{0,3}(?:继续|进一步|加快|加大|全面|重点|围绕|聚焦|大力|深入|积极"
    r"|推进|实施|开展|建设|组织|坚持))"
)
_FURTHER = re.compile(r"(?<![得待])进一步")
_SHORTCOMING = re.compile(r"不足|薄弱|不够|缺乏|有待|制约|不强|不高|滞后|短板|瓶颈|差距|较弱|偏低|不到位")
_TASK = re.compile(r"^(?:[一二三四五六七八九十]是|\d+[、.])?"
                   r"(?:加快|加强|加大|推进|推动|促进|提高|提升|完善|健全|培育|扶持|鼓励|引导|探索|积极"
                   r"|大力|切实|不断|努力|深化|强化|优化|抓好|做好|落实|开展|实施|建立|创新|围绕|充分"
                   r"|认真|坚持|全面|深入|重点)")
_DECIDING_SCORE = 2.0  # the winning kind needs this many sentences' worth of evidence
_MARGIN = 1.5  # ... and this many times the runner-up's


def sentence_kind(sentence: str) -> tuple[SectionKind, float]:
    """The kind one sentence speaks for, and how strongly (0 when it is neutral)."""
    has_figure = bool(_FIGURE.search(sentence))
    if _FUTURE.search(sentence):
        return SectionKind.PLAN, 1.0
    if _SHORTCOMING.search(sentence) and not has_figure:
        return SectionKind.PROBLEMS, 1.0
    if _DONE.search(sentence) or ((has_figure or _RESULT.search(sentence)) and _REPORTED.search(sentence)):
        return SectionKind.REVIEW, 1.0
    if _FURTHER.search(sentence):
        return SectionKind.PLAN, 1.0
    if has_figure:
        return SectionKind.REVIEW, 1.0
    if _TASK.search(sentence):  # an imperative task with nothing reported
        return SectionKind.PLAN, 0.5
    return SectionKind.OTHER, 0.0


def content_votes(text: str) -> Counter[SectionKind]:
    """Sentence votes for review, problems and plan over a text."""
    votes: Counter[SectionKind] = Counter()
    for line in text.splitlines():
        for sentence in split_sentences(line):
            kind, weight = sentence_kind(sentence)
            if weight:
                votes[kind] += weight
    return votes


def decide(votes: Counter[SectionKind]) -> SectionKind:
    """The kind with clear majority of the votes, else other."""
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < _DECIDING_SCORE:
        return SectionKind.OTHER
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0] if ranked[0][1] >= _MARGIN * runner_up else SectionKind.OTHER


def assign_kinds(document: Document) -> None:
    """Classify every top-level section of the document and let its sub-sections inherit the kind."""
    reporting = reporting_span(document)
    kinds: dict[int, SectionKind] = {}
    undecided: list[int] = []
    pooled: Counter[SectionKind] = Counter()
    for index, top in enumerate(document.sections):
        kind = classify_kind(top.heading)
        if kind is SectionKind.OTHER:
            kind = kind_by_time(top.heading, reporting)
        if kind is SectionKind.OTHER:
            votes = content_votes(top.text())
            kind = decide(votes)
            if kind is SectionKind.OTHER:
                undecided.append(index)
                pooled += votes
        kinds[index] = kind
    if len(undecided) > 1:
        shared = decide(pooled)
        kinds.update((index, shared) for index in undecided)
    for index, top in enumerate(document.sections):
        set_kind(top, kinds[index])


def set_kind(top: Section, kind: SectionKind) -> None:
    """Give a top-level section and all its sub-sections one kind."""
    for _, section in top.walk():
        section.kind = kind
