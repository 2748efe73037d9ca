"""`drafter eval`: regression evaluation against the sample documents; `drafter eval make-case DOC`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drafter.config import load_settings

if TYPE_CHECKING:
    from drafter.evaluate import Baseline, EvalRun

app = typer.Typer(no_args_is_help=False, invoke_without_command=True)


@app.callback()
def evaluate(
    ctx: typer.Context,
    baseline: Annotated[Path | None, typer.Option(help="Baseline to compare with (default eval/baseline.json).")] = None,
    update_baseline: Annotated[bool, typer.Option(help="Rewrite the baseline with this run's scores.")] = False,
    backend: Annotated[str, typer.Option(help="offline (default) or openai.")] = "offline",
    case: Annotated[list[str] | None, typer.Option(help="Run only this case (repeatable).")] = None,
    model: Annotated[str | None, typer.Option(help="Model name for the openai backend.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint URL.")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Sections drafted at once.")] = None,
    retrieval: Annotated[bool, typer.Option(help="Use corpus passages (own document left out).")] = True,
) -> None:
    """Draft every case, score it, write eval/results/<stamp>.json and .md, compare with the baseline.

    Exit 1 names each metric that fell by more than its tolerance; 2 on bad input.
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.console import Console

    from drafter import evaluate as ev

    settings = load_settings(backend=backend, model=model, base_url=base_url, concurrency=concurrency)
    baseline_path = baseline or settings.home / "eval" / "baseline.json"
    cases = ev.load_cases(settings, case)
    previous = ev.load_baseline(baseline_path) if baseline_path.exists() or not update_baseline else None
    console = Console(stderr=True)
    console.print(f"backend: [bold]{settings.resolved_backend}[/]; cases: {', '.join(c.id for c in cases)}")
    with console.status("drafting and scoring cases"):
        run = ev.run_eval(settings, cases, retrieval=retrieval)
    regressions = ev.compare_with_baseline(run, previous) if previous else []
    json_path, md_path = ev.write_results(run, regressions, previous, ev.results_dir(settings))
    _print_table(run, previous)
    for regression in regressions:
        print(f"REGRESSION {regression}")
    if update_baseline:
        ev.write_baseline(ev.baseline_from_run(run, previous), baseline_path)
        print(f"baseline updated: {baseline_path}")
    print(f"results: {json_path} and {md_path}")
    raise typer.Exit(1 if regressions and not update_baseline else 0)


def _print_table(run: EvalRun, baseline: Baseline | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from drafter.evaluate import METRICS
    table = Table(title=f"evaluation {run.stamp} ({run.backend})")
    table.add_column("metric")
    rows = [(c.case_id, c.metrics) for c in run.cases] + [("overall", run.overall)]
    for scope, _ in rows:
        table.add_column(scope, justify="right")
    if baseline is not None:
        table.add_column("baseline overall", justify="right")
    for metric in METRICS:
        cells = [f"{metrics.get(metric.name, float('nan')):.4g}" for _, metrics in rows]
        if baseline is not None:
            cells.append(f"{baseline.overall.get(metric.name, float('nan')):.4g}")
        table.add_row(metric.name, *cells)
    Console().print(table)


@app.command("make-case")
def make_case(
    document: Annotated[str, typer.Argument(help="Corpus document id (see 'drafter corpus list').")],
    force: Annotated[bool, typer.Option(help="Replace the case's existing files.")] = False,
) -> None:
    """Derive eval/cases/DOC/ (notes.yaml and reference.md) from a corpus document, for review."""
    from drafter.evaluate import make_case as derive

    case = derive(load_settings(), document, force=force)
    sections = sum(1 for _ in case.notes.walk())
    print(f"wrote {case.folder}/notes.yaml ({sections} sections, {len(case.notes.indicators)} indicators) "
          f"and reference.md; review them before committing")
