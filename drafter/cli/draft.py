"""`drafter draft NOTES -o draft.docx`: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.config import load_settings

if TYPE_CHECKING:
    from drafter.draft import DraftOutcome


def draft(
    notes: Annotated[Path, typer.Argument(help="Notes file (.yaml/.json) as described in README.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output .docx or .md.")] = Path("draft.docx"),
    force: Annotated[bool, typer.Option(help="Replace an existing output and report.")] = False,
    offline: Annotated[bool, typer.Option(help="Use the built-in offline composer.")] = False,
    backend: Annotated[str | None, typer.Option(help="offline, openai or another registered backend "
                                                "(default: openai when OPENAI_API_KEY or OPENAI_BASE_URL is set).")] = None,
    model: Annotated[str | None, typer.Option(help="Model name for the openai backend.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint URL.")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Sections drafted at once.")] = None,
    deadline: Annotated[float | None, typer.Option(help="Seconds the whole run may take (default 1800).")] = None,
    annotate: Annotated[bool, typer.Option(help="Mark every figure still flagged and every warned sentence "
                                           "in the draft (Word comments; <mark> in .md).")] = True,
    resume: Annotated[Path | None, typer.Option(help="Resume an interrupted run from its run directory.")] = None,
    retrieval: Annotated[bool, typer.Option(help="Use corpus passages as style references.")] = True,
    chroma_url: Annotated[str | None, typer.Option(help="Chroma server URL (default: embedded).")] = None,
) -> None:
    """Draft every section of NOTES, check every figure, and write a GB/T 9704 Word document.

    Exit 0 when every figure checks and every section has text; 1 when figures are still flagged or
    a section got no usable reply (named in the summary); 2 on bad input or an unusable endpoint.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from drafter.draft import draft_file
    from drafter.notes import load_notes

    settings = load_settings(backend="offline" if offline else backend, model=model, base_url=base_url,
                             concurrency=concurrency, chroma_url=chroma_url, deadline=deadline)
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
    raise typer.Exit(_summary(outcome, Console(), backend_name))


def _summary(outcome: DraftOutcome, out, backend_name: str) -> int:  # type: ignore[no-untyped-def]
    """Print the closing summary; the exit code (1 when a figure is flagged or a section marked)."""
    from drafter.figures.report import summary_line
    from drafter.export.annotate import comment_text
    from drafter.summary import by_section, flagged, unused_data

    report, result = outcome.report, outcome.result
    out.print(summary_line(report))
    shown = flagged(report)
    if shown:
        out.print(f"[bold]To check before sending ({len(shown)}), by section:[/]")
        for group in by_section(result.document, shown):
            out.print(f"  {group.heading}")
            for finding in group.findings:
                what = {"error": "[red]figure[/]", "supported": "[cyan]computed[/]"}.get(finding.verdict,
                                                                                          "[yellow]warning[/]")
                out.print(f"    {what} “{finding.text}”")
                out.print(f"      {comment_text(finding)}")
    unused = unused_data(report, result.unplaced)
    if unused:
        out.print(f"[bold]未写入文中的数据（{len(unused)}）：[/]")
        for item in unused:
            out.print(f"  “{item.figure}” {item.source}：{item.why}", markup=False)
    for section in result.marked:
        out.print(f"[bold red]section {section.key} has no text[/]: {section.marked}; "
                  "it carries a 【待补充：…】 marker — write it by hand or draft again")
    if result.tokens.prompt_tokens or result.tokens.completion_tokens:
        out.print(f"tokens: {result.tokens.prompt_tokens} in, {result.tokens.completion_tokens} out, "
                  f"{result.tokens.requests} requests (per section and round in {result.run_dir / 'run.json'}):")
        for section in result.sections:
            rounds = "  ".join(f"r{c.round} {c.prompt_tokens}→{c.completion_tokens}" for c in section.costs
                               if c.prompt_tokens or c.completion_tokens)
            if rounds:
                out.print(f"  {section.key}: {rounds}")
    errors = len(report.errors)
    out.print(f"wrote {outcome.output} and {outcome.report_path} ({len(result.sections) - 1} sections; backend: "
              f"{backend_name}; run {result.run_dir}); figures flagged: {errors}; sections without text: "
              f"{len(result.marked)}")
    return 1 if errors or result.marked else 0
