"""The closing summary of a draft: what a person must look at before sending it on.

Figures still flagged and tense/time warnings, grouped by the section they stand in; supplied data
the draft never uses, each by name with why; sections that got no usable reply (their 【待补充：…】
markers); and what the draft cost in tokens, per section and
round and in total (the endpoint's own counts, also kept in run.json).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from drafter.export.model import DraftDocument, Role, layout
from drafter.figures.reconcile import ERROR, SUPPORTED, CheckReport, Finding
from drafter.notes import Indicator

OPENING_LABEL = "开头段"


SENTENCE_KINDS = ("tense", "time", "content")  # warnings on sentences (drafter.tense, drafter.content)


def is_flagged(finding: Finding) -> bool:
    """A finding a person must see in the document: a figure error; a figure the text computed from the
    data instead of stating it (the prompts forbid it: the person confirms it); a warning on a sentence
    (tense, time, content). A supplied figure the text never uses has no place to show."""
    return finding.start is not None and (finding.verdict == ERROR or finding.kind in SENTENCE_KINDS
                                          or (finding.verdict == SUPPORTED and finding.kind == "derived"))


def flagged(report: CheckReport) -> list[Finding]:
    return [f for f in report.findings if is_flagged(f)]


@dataclass
class SectionFindings:
    """The flagged findings of one section, under its printed heading."""

    heading: str  # "一、（二）突出创新主体" or 开头段
    findings: list[Finding] = field(default_factory=list)


def by_section(document: DraftDocument, findings: Sequence[Finding]) -> list[SectionFindings]:
    """``findings`` (offsets in plain_text(document)) grouped by the section they fall in, in order."""
    spans: list[tuple[int, int, str]] = []  # (start, end, heading) of each paragraph
    headings: dict[str, str] = {}
    position = 0
    for block in layout(document):
        if block.role is Role.HEADING:
            headings[block.key] = block.text
        label = headings.get(block.key, block.text) if block.key else OPENING_LABEL
        spans.append((position, position + len(block.text), label))
        position += len(block.text) + 1
    grouped: dict[str, SectionFindings] = {}
    for finding in sorted(findings, key=lambda f: f.start or 0):
        label = next((h for start, end, h in spans if start <= (finding.start or 0) <= end), OPENING_LABEL)
        grouped.setdefault(label, SectionFindings(label)).findings.append(finding)
    return list(grouped.values())


UNPLACED_WHY = "没有一节可以写它（“存在的问题”不放未指明的数据），请在指标的“章节”里写上它所属的一节"


@dataclass(frozen=True)
class UnusedData:
    """A supplied figure the draft never states, named for the person: which, from where, and why."""

    figure: str  # 1580万元
    source: str  # 指标 知识价值信用贷款 (notes.xlsx 指标 row 7)
    why: str


def unused_data(report: CheckReport, unplaced: Sequence[Indicator] = ()) -> list[UnusedData]:
    """Every supplied figure the draft does not use, by name: an indicator no section could take says so
    (and how to place it); any other says what the checker says (数据“20余场”未在文中使用（应在…一节）)."""
    out = []
    for finding in report.findings:
        if finding.kind != "unused":
            continue
        homeless = any(i.origin and i.origin in (finding.source or "") for i in unplaced)
        out.append(UnusedData(finding.text, finding.source or "", UNPLACED_WHY if homeless else finding.message))
    return out
