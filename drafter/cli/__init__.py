"""The `drafter` command: a thin typer shell over the library. One module per command group."""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

from drafter.errors import DrafterError


class _UserErrors(TyperGroup):
    """Turns a DrafterError anywhere below into one line on stderr and its exit code."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except DrafterError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_UserErrors,
    no_args_is_help=True,
    add_completion=False,
    help="公文起草助手: draft a 科技局 work summary and plan from notes, with every figure checked.",
)


def _mount() -> None:
    from drafter.cli import check, corpus, draft, evaluate, rewrite, serve

    app.add_typer(corpus.app, name="corpus", help="Build, inspect, index and search the sample corpus.")
    app.add_typer(evaluate.app, name="eval", help="Regression evaluation against the sample documents.")
    app.command("check")(check.check)
    app.command("draft")(draft.draft)
    app.command("rewrite")(rewrite.rewrite)
    app.command("serve")(serve.serve)


_mount()


def main() -> None:
    app()
