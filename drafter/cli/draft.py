"""`drafter draft NOTES -o draft.docx`: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.config import load_settings


def draft(
    notes: Annotated[Path, typer.Argument(help="Notes file (.yaml/.json) as described in README.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output .docx or .md.")] = Path("draft.docx"),
    force: Annotated[bool, typer.Option(help="Replace an existing output and report.")] = False,
    offline: Annotated[bool, typer.Option(help="Use the built-in offline composer.")] = False,
    backend: Annotated[str | None, typer.Option(help="offline or openai (default: openai when "
                                                "OPENAI_API_KEY or OPENAI_BASE_URL is set).")] = None,
    model: Annotated[str | None, typer.Option(help="Model name for the openai backend.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint URL.")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Sections drafted at once.")] = None,
    annotate: Annotated[bool, typer.Option(help="Add Word comments on figures still flagged.")] = False,
    resume: Annotated[Path | None, typer.Option(help="Resume an interrupted run from its run directory.")] = None,
    retrieval: Annotated[bool, typer.Option(help="Use corpus passages as style references.")] = True,
    chroma_url: Annotated[str | None, typer.Option(help="Chroma server URL (default: embedded).")] = None,
) -> None:
    """Draft every section of NOTES, check every figure, and write a GB/T 9704 Word document."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from drafter.draft import draft_file
    from drafter.figures.report import render_problems
    from drafter.notes import load_notes

    settings = load_settings(backend="offline" if offline else backend, model=model, base_url=base_url,
                             concurrency=concurrency, chroma_url=chroma_url)
    console = Console(stderr=True)
    loaded = load_notes(notes)
    backend_name = settings.resolved_backend + (f" ({settings.model} at {settings.base_url or 'api.openai.com'})"
                                                if settings.resolved_backend == "openai" else "")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        bar = progress.add_task(f"drafting sections with {backend_name}", total=None)
        outcome = draft_file(loaded, output, settings, force=force, annotate=annotate, resume=resume,
                             retrieval=retrieval,
                             on_event=lambda event: progress.update(bar, completed=event.done, total=event.total))
    Console().print(render_problems(outcome.report, width=min(Console().width, 100)))
    errors = len(outcome.report.errors)
    console.print(f"wrote {outcome.output} and {outcome.report_path} "
                  f"({len(outcome.result.sections) - 1} sections; backend: {backend_name}; run "
                  f"{outcome.result.run_dir}); figures flagged: {errors}")
    raise typer.Exit(1 if errors else 0)
