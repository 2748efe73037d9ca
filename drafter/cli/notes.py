"""`drafter notes …`: the notes workbook template, conversion between formats, notes from last year's report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("template")
def template(
    output: Annotated[Path, typer.Argument(help="The workbook to write, e.g. notes.xlsx.")],
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write a notes workbook to fill in Excel or WPS: 基本信息, 提纲, 指标 and 说明 sheets, with an example."""
    from drafter.errors import InputError
    from drafter.files import refuse_overwrite
    from drafter.notes_write import save_notes
    from drafter.workbook import template_notes

    refuse_overwrite(output, force)
    if output.suffix.lower() != ".xlsx":
        raise InputError(output, "the template is an Excel workbook; name it …/notes.xlsx")
    save_notes(template_notes(), output, force=force)
    print(f"wrote {output}: fill in 基本信息, 提纲 and 指标 (the example rows show how), then "
          f"`drafter draft {output} -o draft.docx`")


@app.command("convert")
def convert(
    source: Annotated[Path, typer.Argument(help="Notes to read: .yaml, .yml, .json or .xlsx.")],
    target: Annotated[Path, typer.Argument(help="Notes to write: .yaml, .yml, .json or .xlsx.")],
    force: Annotated[bool, typer.Option(help="Replace an existing target.")] = False,
) -> None:
    """Convert notes between YAML/JSON and the notes workbook, keeping everything they hold."""
    from drafter.notes_write import convert_notes

    notes = convert_notes(source, target, force=force)
    sections = sum(1 for _ in notes.walk())
    todo = f", {len(notes.unfilled)} still to fill" if notes.unfilled else ""
    print(f"wrote {target} ({sections} sections, {len(notes.indicators)} indicators{todo})")


@app.command("from-report")
def from_report(
    report: Annotated[Path, typer.Argument(help="Last year's report: .docx, .md or .txt.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Notes to write: .yaml or .xlsx.")],
    year: Annotated[int | None, typer.Option(help="The year the new notes summarise "
                                             "(default: the report's year + 1).")] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing output.")] = False,
) -> None:
    """This year's notes from last year's report: outline, figures to fill, sentences as reminders."""
    from drafter.derive import notes_from_report
    from drafter.notes_write import save_notes

    derived = notes_from_report(report, year=year)
    save_notes(derived.notes, output, force=force, header=derived.header, reminders=derived.reminders)
    sections = sum(1 for _ in derived.notes.walk())
    print(f"wrote {output}: {sections} sections, {len(derived.notes.indicators)} indicators to fill "
          f"(数值: 待填) — fill them in, then `drafter draft {output} -o draft.docx`")
