"""The check report for people: one entry per problem, readable at 80 columns.

By default only problems are listed, most serious first, each group in text order: errors, then warnings
(supplied figures never used …), then — proofreading against partial data — the figures left unverified;
every figure in text order with ``all_figures``. An error and the "unused" warnings that merely echo it
(the supplied 2008万元 is unused because the text wrote 2080万元) are one entry. Each entry says where: the
section number and the sentence with the figure marked 【like this】. When more than ``FULL_UNVERIFIED``
figures are unverified, those the data simply does not hold are listed last, one line each (section and
sentence); the header says how many there are. Verdicts and kinds are named from one label table each
(every verdict and kind the checker has must have a label; a test holds this). The JSON report keeps
every finding unmerged, in text order.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from drafter.figures.findings import Kind, Verdict
from drafter.figures.reconcile import CheckReport, Finding

VERDICT_LABEL = {Verdict.SUPPORTED: "通过", Verdict.ERROR: "错误", Verdict.WARNING: "提示",
                 Verdict.UNVERIFIED: "未核实"}
KIND_LABEL = {
    Kind.MATCH: "与数据一致", Kind.DERIVED: "由数据推算", Kind.WRONG_VALUE: "数值不符", Kind.WRONG_SCALE: "量级不符",
    Kind.WRONG_UNIT: "单位不符", Kind.PERCENT_POINT: "百分比与百分点", Kind.APPROXIMATION: "约数不符",
    Kind.MISATTRIBUTED: "张冠李戴", Kind.STALE_PERIOD: "时期不符", Kind.PLACEHOLDER: "未填的占位",
    Kind.UNSUPPORTED: "数据中没有", Kind.UNCOVERED: "数据未涵盖", Kind.UNUSED: "数据未使用",
    Kind.TENSE: "时态不当", Kind.TIME: "时间不符", Kind.CONTENT: "内容超出要点",
}
_ORDER = {Verdict.ERROR: 0, Verdict.WARNING: 1, Verdict.UNVERIFIED: 2, Verdict.SUPPORTED: 3}
# Up to this many unverified figures each get a full entry; beyond it, those the data simply does not hold
# ("所给数据中没有这个数字": a report proofread against a third of its data has dozens) get one line each.
FULL_UNVERIFIED = 5
_NOT_IN_DATA = "partial.unsupported"
_STYLE = {Verdict.SUPPORTED: "green", Verdict.ERROR: "bold red", Verdict.WARNING: "yellow",
          Verdict.UNVERIFIED: "cyan"}
_CONTEXT = 26  # characters kept each side of a figure in a long sentence


def label(finding: Finding) -> str:
    """"错误·数值不符"."""
    return f"{VERDICT_LABEL[Verdict(finding.verdict)]}·{KIND_LABEL[Kind(finding.kind)]}"


def summary_line(report: CheckReport) -> str:
    """"数字核对：33 个数字，4 个通过（推算 0），1 个错误，2 个提示，28 个未核实（数据未涵盖）". The errors and
    warnings counted are the entries listed: an "unused" warning that only echoes an error is part of that
    error's entry, and the line says how many were so merged ("；另有 2 个“数据未使用”提示并入所属的错误")."""
    summary = report.summary
    listed = entries(report)
    errors = sum(e.finding.verdict == Verdict.ERROR for e in listed)
    warnings = sum(e.finding.verdict == Verdict.WARNING for e in listed)
    merged = sum(len(e.echoes) for e in listed)
    echoes = f"；另有 {merged} 个“{KIND_LABEL[Kind.UNUSED]}”提示并入所属的错误" if merged else ""
    unverified = f"，{summary.unverified} 个未核实（数据未涵盖）" if report.partial else ""
    return (f"数字核对：{summary.figures} 个数字，{summary.supported} 个通过（推算 {summary.derived}），"
            f"{errors} 个错误，{warnings} 个提示{unverified}{echoes}")


@dataclass
class Entry:
    """One problem (or, with all figures, one figure) and the unused-data warnings it explains."""

    finding: Finding
    echoes: list[Finding] = field(default_factory=list)


def entries(report: CheckReport, *, all_figures: bool = False) -> list[Entry]:
    """Problems by severity — errors, warnings, unverified — each in text order (every figure in text order
    with ``all_figures``); an unused warning whose supplied figure is what an error should have said joins
    that error."""
    findings = [f for f in report.findings if all_figures or f.verdict != Verdict.SUPPORTED]
    errors = [f for f in findings if f.verdict == Verdict.ERROR and f.expected]
    out: list[Entry] = []
    by_error: dict[int, Entry] = {}
    for finding in findings:
        if finding.kind == Kind.UNUSED:
            owner = next((e for e in errors if e.expected == finding.expected), None)
            if owner is not None:
                by_error.setdefault(id(owner), Entry(owner)).echoes.append(finding)
                continue
        entry = by_error.setdefault(id(finding), Entry(finding))
        out.append(entry)
    key: Callable[[Entry], tuple[int, int]] = (
        (lambda e: (0, e.finding.start if e.finding.start is not None else 1 << 30)) if all_figures else
        (lambda e: (_ORDER[Verdict(e.finding.verdict)], e.finding.start if e.finding.start is not None else 1 << 30)))
    return sorted(out, key=key)


# --------------------------------------------------------------------------- where


class Places:
    """Section numbers and sentences of a checked text, by character offset."""

    def __init__(self, text: str):
        from drafter.export.reading import Para, parse_paras

        self.text = text
        lines = text.split("\n")
        self.starts = []
        position = 0
        for line in lines:
            self.starts.append(position)
            position += len(line) + 1
        parsed = parse_paras([Para(line) for line in lines], styled=False)
        self.spans = [(span.first, span.stop, span.section.key) for span in parsed.spans]

    def section(self, offset: int) -> str:
        """The number path of the deepest section holding ``offset`` ("一.（一）.4"), or "" before any."""
        line = bisect.bisect_right(self.starts, offset) - 1
        keys = [(first, key) for first, stop, key in self.spans if first <= line < stop]
        return max(keys)[1] if keys else ""

    def sentence(self, start: int, end: int, *, context: int = _CONTEXT) -> str:
        """The sentence around [start, end) with the figure marked 【…】, cut to ``context`` characters
        each side (about a line)."""
        from drafter.text import split_sentences

        line = bisect.bisect_right(self.starts, start) - 1
        line_start = self.starts[line]
        text = self.text.split("\n")[line]
        found, sentence, position = 0, text, 0
        for part in split_sentences(text):
            at = text.find(part, position)
            if at < 0:
                continue
            position = at + len(part)
            if at <= start - line_start < position:
                found, sentence = at, part
                break
        a, b = start - line_start - found, end - line_start - found
        before, figure, after = sentence[:a], sentence[a:b], sentence[b:]
        if len(before) > context:
            before = "…" + before[-context:] if context else "…"
        if len(after) > context:
            after = after[:context] + "…"
        return f"“{before}【{figure}】{after}”"


# --------------------------------------------------------------------------- rendering


def _lines(entry: Entry, number: int, places: Places, width: int) -> list[tuple[str, str | None]]:
    """(text, style) lines of one entry."""
    from drafter.textwrap_zh import wrap

    finding = entry.finding
    where = places.section(finding.start) if finding.start is not None else ""
    head = f"{number}. "
    pad = " " * len(head)
    out: list[tuple[str, str | None]] = []
    title = f"{head}{label(finding)}  {finding.text}" + (f"  {where}" if where else "")
    out.append((title, _STYLE[Verdict(finding.verdict)]))
    if finding.start is not None and finding.end is not None and finding.kind != Kind.UNUSED:
        out += [(line, None) for line in wrap(places.sentence(finding.start, finding.end), width,
                                              first=pad, indent=pad)]
    text = finding.message
    if finding.source:
        text += f"；依据：{finding.source}"
    for candidate in getattr(finding, "candidates", ()):
        text += f"；可能是 {candidate.text}（{candidate.source}）"
    for expected in dict.fromkeys(echo.expected for echo in entry.echoes):
        text += f"；因此数据“{expected}”未在文中使用"
    out += [(line, None) for line in wrap(text, width, first=pad, indent=pad)]
    return out


def _one_line(entry: Entry, number: int, places: Places, width: int) -> str:
    """An unverified figure in one line: number, section and the sentence around the figure, cut to fit."""
    from rich.cells import cell_len

    finding = entry.finding
    assert finding.start is not None and finding.end is not None
    head = f"{number}. " + (f"{places.section(finding.start)}  " if places.section(finding.start) else "")
    context = _CONTEXT
    while True:
        line = head + places.sentence(finding.start, finding.end, context=context)
        if cell_len(line) <= width or context == 0:
            return line
        context -= 1


def split_unverified(listed: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(entries shown in full, unverified figures listed one line each): when more than FULL_UNVERIFIED
    figures are unverified, those the data simply does not hold go to the short list."""
    unverified = [e for e in listed if e.finding.verdict == Verdict.UNVERIFIED]
    if len(unverified) <= FULL_UNVERIFIED:
        return listed, []
    short = [e for e in unverified if e.finding.rule == _NOT_IN_DATA and e.finding.start is not None]
    return [e for e in listed if not any(e is s for s in short)], short


def render_report(report: CheckReport, *, all_figures: bool = False, width: int = 80):  # type: ignore[no-untyped-def]
    """The report as rich Text: the summary, then one numbered entry per problem (or figure); many
    unverified figures last, one line each."""
    from rich.text import Text

    from drafter.textwrap_zh import wrap

    places = Places(report.text)
    listed = entries(report, all_figures=all_figures)
    full, short = ([*listed], []) if all_figures else split_unverified(listed)
    out = Text(no_wrap=True, overflow="ignore")
    for line in wrap(summary_line(report), width):
        out.append(line + "\n", style="bold")
    if listed and not all_figures:
        unverified = sum(e.finding.verdict == Verdict.UNVERIFIED for e in listed)
        problems = len(listed) - unverified
        order = (f"先列 {problems} 个问题（错误、提示），再列 {unverified} 个未核实的数字（数据未涵盖，请对照原始"
                 f"材料核对）" if unverified and problems else "")
        for line in wrap("只列出问题" + (f"：{order}" if order else "") + "；--all 列出每个数字", width):
            out.append(line + "\n")
    for number, entry in enumerate(full, start=1):
        out.append("\n")
        for line, style in _lines(entry, number, places, width):
            out.append(line + "\n", style=style)
    if short:
        out.append("\n")
        heading = f"未核实·数据中没有（{len(short)} 个，每个一行；--all 看详情）"
        out.append(heading + "\n", style=_STYLE[Verdict.UNVERIFIED])
        for number, entry in enumerate(short, start=len(full) + 1):
            out.append(_one_line(entry, number, places, width) + "\n")
    return out


def render_problems(report: CheckReport, *, width: int = 80):  # type: ignore[no-untyped-def]
    """The problems of a report (just the summary line when there are none)."""
    return render_report(report, width=width)


def render_table(report: CheckReport, *, problems_only: bool = True, width: int = 80):  # type: ignore[no-untyped-def]
    """Kept for callers of the earlier API: the report, every figure unless ``problems_only``."""
    return render_report(report, all_figures=not problems_only, width=width)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


__all__ = ["FULL_UNVERIFIED", "KIND_LABEL", "VERDICT_LABEL", "Entry", "Places", "entries", "label", "line_col",
           "render_problems", "render_report", "render_table", "split_unverified", "summary_line"]
