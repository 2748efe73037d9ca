"""`drafter check TEXT --data NOTES`: every figure of a text reconciled with the supplied data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def check(
    text: Annotated[Path, typer.Argument(help="The text to check: .txt, .md or .docx.")],
    data: Annotated[Path, typer.Option(
        "--data", "-d", help="The notes file (.yaml/.yml/.json), or an indicator table alone (.xlsx/.csv).")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the findings as JSON here.")] = None,
    annotate: Annotated[Path | None, typer.Option(
        "--annotate", help="Write a copy of the .docx with each problem figure highlighted and commented.")] = None,
    all_figures: Annotated[bool, typer.Option("--all", help="List every figure, not only the problems.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace existing --json/--annotate outputs.")] = False,
    partial: Annotated[bool, typer.Option(
        "--partial", help="The data covers only some figures: those it does not cover are 'unverified' notices, "
                          "not errors.")] = False,
) -> None:
    """Check every figure of TEXT against the notes: exit 0 when all agree, 1 on errors, 2 on bad input.

    With --partial (proofreading against part of the data) a figure the data does not cover is reported
    as unverified and does not change the exit code; a figure it covers is checked as usual."""
    from rich.console import Console

    from drafter.errors import InputError
    from drafter.export import annotate_docx, read_document_text
    from drafter.figures.reconcile import check_text
    from drafter.figures.report import render_report
    from drafter.files import atomic_write_text, refuse_overwrite
    from drafter.notes import load_data

    for output in (json_out, annotate):
        if output is not None:
            refuse_overwrite(output, force)
    if annotate is not None and text.suffix.lower() != ".docx":
        raise InputError(text, "--annotate needs a .docx text to copy; convert the text to Word first")
    notes = load_data(data)
    if partial and not notes.indicators and not any(s.facts for _, s in notes.walk()):
        raise InputError(data, "has no indicators (指标) and no facts (要点): with --partial there is nothing to "
                               "check the text against; add the figures you have")
    content = read_document_text(text)
    if not content.strip():
        raise InputError(text, "holds no text to check; give the draft (.docx, .md or .txt) itself")
    report = check_text(content, notes, partial=partial)
    console = Console()
    console.print(render_report(report, all_figures=all_figures, width=min(console.width, 100)))
    if json_out is not None:
        atomic_write_text(json_out, report.to_json() + "\n")
    if annotate is not None:
        problems = [f for f in report.findings if f.verdict != "supported" and f.start is not None]
        annotate_docx(text, annotate, problems)
    if report.errors:
        raise typer.Exit(1)
