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
    replay: Annotated[Path | None, typer.Option(help="Replay the recorded replies of one persona "
                                                "(e.g. eval/replies/strong) through a local server.")] = None,
) -> None:
    """Draft every case, score it, write eval/results/<stamp>.json and .md, compare with the baseline.

    With --replay DIR, the documents of the replay set are drafted against their recorded replies
    instead (baseline: DIR/baseline.json). Exit 1 names each metric that fell by more than its
    tolerance; 2 on bad input or a request with no recorded reply.
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.console import Console

    from drafter import evaluate as ev

    console = Console(stderr=True)
    if replay is not None:
        from drafter.replay import run_replay_eval

        settings = load_settings(concurrency=concurrency)
        baseline_path = baseline or replay / "baseline.json"
        previous = ev.load_baseline(baseline_path) if baseline_path.exists() else None
        console.print(f"backend: [bold]openai[/], replaying {replay}")
        with console.status("drafting and scoring the recorded documents"):
            replayed = run_replay_eval(settings, replay, names=case)
        run = replayed.run
        for ref in replayed.changed:
            console.print(f"changed since recorded (re-record it): {ref}")
    else:
        settings = load_settings(backend=backend, model=model, base_url=base_url, concurrency=concurrency)
        baseline_path = baseline or settings.home / "eval" / "baseline.json"
        cases = ev.load_cases(settings, case)
        previous = ev.load_baseline(baseline_path) if baseline_path.exists() or not update_baseline else None
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
    """Metrics down, cases across, within the terminal's width: when the case ids make it too wide they
    are lettered A, B, C … with a legend above."""
    from rich.console import Console

    from drafter.evaluate import METRICS

    width = min(Console().width, 100)
    scopes = [(c.case_id, c.metrics) for c in run.cases] + [("overall", run.overall)]
    if baseline is not None:
        scopes.append(("baseline", baseline.overall))
    name_width = max(len(m.name) for m in METRICS)
    headers = [scope for scope, _ in scopes]
    if name_width + sum(max(len(h), 7) + 2 for h in headers) > width:
        letters = [chr(ord("A") + i) for i in range(len(run.cases))]
        print("cases: " + ", ".join(f"{letter} = {case.case_id}" for letter, case in zip(letters, run.cases,
                                                                                         strict=True)))
        headers = [*letters, *headers[len(letters):]]
    cells = [[f"{metrics.get(m.name, float('nan')):.4g}" for _, metrics in scopes] for m in METRICS]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    print(f"evaluation {run.stamp} ({run.backend})")
    print(f"{'metric':<{name_width}}" + "".join(f"  {h:>{w}}" for h, w in zip(headers, widths, strict=True)))
    for metric, row in zip(METRICS, cells, strict=True):
        print(f"{metric.name:<{name_width}}" + "".join(f"  {c:>{w}}" for c, w in zip(row, widths, strict=True)))


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


@app.command("record")
def record(
    notes: Annotated[list[Path], typer.Argument(help="Notes files to record requests for.")],
    persona: Annotated[str, typer.Option(help="The model persona whose replies these are (a folder name).")],
    replies: Annotated[Path, typer.Option(help="The replay set's folder.")] = Path("eval/replies"),
    model: Annotated[str | None, typer.Option(help="Model name the requests carry (default: the persona).")] = None,
    retrieval: Annotated[bool, typer.Option(help="Use corpus passages as style references.")] = True,
) -> None:
    """Draft NOTES against the recorded replies of PERSONA; write every request that has no reply yet
    as a pending request (round-<r>.request.md) for a person to answer in round-<r>.reply.txt.

    Run it again after writing replies: the repair rounds they trigger appear as new pending
    requests. Exit 0 when nothing is pending, 1 while requests wait for replies.
    """
    from drafter.replay import record_replies

    settings = load_settings()
    outcome = record_replies(list(notes), replies / persona, settings, model=model or persona, retrieval=retrieval)
    for ref in outcome.changed:
        print(f"changed since recorded (re-record it): {ref}")
    for ref in outcome.pending:
        print(f"pending: {ref.readable_path}")
    print(f"{outcome.answered} requests answered from recorded replies; {len(outcome.pending)} pending"
          + ("" if outcome.pending else " — the set is complete"))
    raise typer.Exit(1 if outcome.pending else 0)
