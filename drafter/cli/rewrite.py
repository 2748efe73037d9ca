"""`drafter rewrite DRAFT --section 二 --instruction "更精炼" -o OUT`: redo one section in place."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.config import load_settings


def rewrite(
    draft: Annotated[Path, typer.Argument(help="The .docx or .md draft to revise.")],
    section: Annotated[str, typer.Option("--section", "-s", help="Number path (二, 一.（二）.3, 1.2.3) "
                                         "or heading text.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the revised draft.")],
    instruction: Annotated[str | None, typer.Option("--instruction", "-i", help="What to change, "
                                                    "e.g. 更精炼，突出成效.")] = None,
    data: Annotated[Path | None, typer.Option("--data", help="Notes file the figures are checked "
                                              "against (required unless --no-check).")] = None,
    add_fact: Annotated[list[str] | None, typer.Option("--add-fact", help="A fact to add (repeatable).")] = None,
    check: Annotated[bool, typer.Option(help="Check the section's figures against --data.")] = True,
    force: Annotated[bool, typer.Option(help="Allow replacing an existing output (or the input).")] = False,
    offline: Annotated[bool, typer.Option(help="Use the built-in offline composer.")] = False,
    backend: Annotated[str | None, typer.Option(help="offline or openai.")] = None,
    model: Annotated[str | None, typer.Option(help="Model name for the openai backend.")] = None,
) -> None:
    """Rewrite one section (with its sub-sections); every other paragraph keeps its text and formatting.

    One line says what was done, and which part of the instruction was not
    carried out and why. A section that would stay as it was (未改动) is not
    written. Exit 0 when all that was asked was done and the figures check;
    1 when a part was not carried out, a figure is flagged or a section got
    no usable reply; 2 on bad input.
    """
    from rich.console import Console

    from drafter.figures.report import render_problems
    from drafter.notes import load_notes
    from drafter.rewrite import rewrite_section

    settings = load_settings(backend="offline" if offline else backend, model=model)
    notes = load_notes(data) if data else None
    console = Console(stderr=True)
    outcome = rewrite_section(draft, section, output, settings, instruction=instruction,
                              notes=notes, add_facts=add_fact or [], check=check, force=force,
                              write_unchanged=False)
    errors = len(outcome.report.errors) if outcome.report else 0
    if outcome.report and outcome.written:
        Console().print(render_problems(outcome.report, width=min(Console().width, 100)))
    for failed in outcome.failed:
        console.print(f"section {failed.key} kept its text: no usable reply ({failed.marked})")
    written = (f"已写入 {outcome.output}（{settings.resolved_backend}），有问题的数字 {errors} 个。"
               if outcome.written else "")
    console.print(outcome.notice + written)
    raise typer.Exit(1 if errors or outcome.failed or outcome.not_followed else 0)
