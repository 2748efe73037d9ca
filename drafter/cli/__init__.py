"""The `drafter` command: a thin typer shell over the library. One module per command group."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

from drafter.errors import DrafterError


INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug of drafter's, not the user's input
BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command whose reader closed the pipe


class _UserErrors(TyperGroup):
    """Turns a DrafterError anywhere below into one line on stderr and its exit code; any other failure
    (a bug) into one line naming the file that holds its traceback (DRAFTER_DEBUG=1 shows it instead)."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        from typer.exceptions import Abort, Exit, TyperException

        try:
            return super().invoke(ctx)
        except DrafterError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except (Exit, Abort, TyperException):
            raise
        except BrokenPipeError:  # the reader of the output has gone (drafter … | head): nothing more to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(BROKEN_PIPE) from None
        except OSError as exc:
            from drafter.files import WRITE_ERRNOS, write_failed

            if exc.errno not in WRITE_ERRNOS:
                _internal_error(exc)
            print(f"error: {write_failed(Path(exc.filename2 or exc.filename or 'the output'), exc)}",
                  file=sys.stderr)
            raise typer.Exit(2) from None
        except Exception as exc:
            _internal_error(exc)


def _internal_error(exc: Exception) -> None:
    if os.environ.get("DRAFTER_DEBUG"):
        raise exc
    print(f"error: internal error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in drafter, not in "
          f"your input — the details are in {_save_traceback()}", file=sys.stderr)
    raise typer.Exit(INTERNAL_ERROR) from None


def _save_traceback() -> str:
    import tempfile
    import traceback

    try:
        fd, name = tempfile.mkstemp(prefix="drafter-error-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(" ".join(sys.argv) + "\n\n" + traceback.format_exc())
        return name
    except OSError:
        return "(could not be saved; run again with DRAFTER_DEBUG=1)"


app = typer.Typer(
    cls=_UserErrors,
    no_args_is_help=True,
    add_completion=False,
    help="公文起草助手: draft a 科技局 work summary and plan from notes, with every figure checked.",
)


def _mount() -> None:
    from drafter.cli import check, corpus, draft, evaluate, fonts, notes, rewrite, serve

    app.add_typer(corpus.app, name="corpus", help="Build, inspect, index and search the sample corpus.")
    app.add_typer(notes.app, name="notes", help="The notes workbook, format conversion, notes from last "
                                                "year's report.")
    app.add_typer(evaluate.app, name="eval", help="Regression evaluation against the sample documents.")
    app.command("check")(check.check)
    app.command("fonts")(fonts.fonts)
    app.command("draft")(draft.draft)
    app.command("rewrite")(rewrite.rewrite)
    app.command("serve")(serve.serve)


_mount()


def main() -> None:
    app()
