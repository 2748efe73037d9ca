"""(being written)"""

import typer

app = typer.Typer(no_args_is_help=True)


_CHROMA_URL_HELP = "Use the Chroma server at this URL (http://host:port) instead of the local index."


@app.command("index")
def index(
    rebuild: bool = typer.Option(False, "--rebuild", help="Build a fresh index (e.g. after changing the embedder)."),
    chroma_url: str | None = typer.Option(None, "--chroma-url", help=_CHROMA_URL_HELP),
) -> None:
    """Index every corpus section for retrieval; unchanged documents are not re-embedded."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from drafter.config import load_settings
    from drafter.store import index_corpus

    settings = load_settings(chroma_url=chroma_url)
    console = Console(stderr=True)
    columns = (TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("embedding", total=None)
        stats = index_corpus(settings, rebuild=rebuild,
                             progress=lambda done, total: bar.update(task, completed=done, total=total))
    if stats.set_aside:
        console.print(f"the unreadable index was moved to {stats.set_aside} (delete it when you no longer need it)")
    print(f"indexed {stats.documents} documents, {stats.entries} passages in {stats.location} "
          f"({stats.embedded_documents} embedded, {stats.unchanged_documents} unchanged, "
          f"{stats.removed_documents} removed; {stats.seconds:.1f} s; embedder {stats.embedder})")


@app.command("search")
def search(
    query: str = typer.Argument(..., help="What to look for, e.g. 加强科技宣传和普及."),
    kind: str | None = typer.Option(None, "--kind", help="Only sections of this kind: review, problems, plan, other."),
    k: int = typer.Option(5, "--k", min=1, help="How many passages to show."),
    chroma_url: str | None = typer.Option(None, "--chroma-url", help=_CHROMA_URL_HELP),
) -> None:
    """Show the corpus passages closest to QUERY: document, section path, score and a snippet."""
    from rich.console import Console
    from rich.table import Table

    from drafter.config import load_settings
    from drafter.store import Retriever

    hits = Retriever(load_settings(chroma_url=chroma_url)).search(query, kind=kind, k=k)
    table = Table("score", "document", "section", "snippet", show_lines=True)
    for hit in hits:
        masked = " (masked)" if hit.masked else ""
        snippet = hit.text if len(hit.text) <= 80 else hit.text[:80] + "…"
        table.add_row(f"{hit.score:.3f}", f"{hit.doc_id}{masked}\n{hit.title}", hit.section_path, snippet)
    Console().print(table if hits else "no matching passage")
