"""The check report for people: a table of figures with location, verdict, expected value and reason."""

from __future__ import annotations

from drafter.figures.reconcile import SUPPORTED, CheckReport, Finding

VERDICT_LABEL = {"supported": "通过", "error": "错误", "warning": "提示", "unverified": "未核实"}
_STYLE = {"supported": "green", "error": "bold red", "warning": "yellow", "unverified": "cyan"}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def location(report: CheckReport, finding: Finding) -> str:
    if finding.start is None:
        return "-"
    line, column = line_col(report.text, finding.start)
    return f"{line}:{column}"


def summary_line(report: CheckReport) -> str:
    summary = report.summary
    unverified = f"，{summary.unverified} 个未核实（数据未涵盖）" if report.partial else ""
    return (f"数字核对：{summary.figures} 个数字，{summary.supported} 个通过（推算 {summary.derived}），"
            f"{summary.errors} 个错误{unverified}，{summary.warnings} 个提示")


def render_problems(report: CheckReport):  # type: ignore[no-untyped-def]
    """The table of errors and warnings, or just the summary line when there are none."""
    problems = report.errors or report.warnings or report.unverified
    return render_table(report, problems_only=True) if problems else summary_line(report)


def render_table(report: CheckReport, *, problems_only: bool = False):  # type: ignore[no-untyped-def]
    """A rich Table: figure, location, verdict, expected, reason (and the source it was checked against)."""
    from rich.table import Table

    table = Table(title=summary_line(report))
    for column in ("数字", "位置", "结论", "应为", "原因", "依据"):
        table.add_column(column, overflow="fold")
    for finding in report.findings:
        if problems_only and finding.verdict == SUPPORTED:
            continue
        table.add_row(finding.text, location(report, finding),
                      f"[{_STYLE[finding.verdict]}]{VERDICT_LABEL[finding.verdict]}[/] {finding.kind}",
                      finding.expected or "", finding.message, finding.source or "")
    return table
