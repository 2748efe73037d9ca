"""`drafter corpus …`: build, list, show and add sample documents; index and search them for retrieval."""

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("build")
def build() -> None:
    """Clean the raw samples (and your added ones) into corpus/docs, one Markdown file per document."""
    from drafter.config import load_settings
    from drafter.corpus import build_corpus
    from drafter.errors import DrafterError

    settings = load_settings()
    documents = build_corpus(settings)
    if not documents:
        raise DrafterError(f"{settings.corpus_dir / 'raw'}: no sample documents to build from; "
                           "put the raw .txt captures there or add your own with `drafter corpus add FILE`")
    print(f"built {len(documents)} documents in {settings.corpus_dir / 'docs'}")


@app.command("list")
def list_documents() -> None:
    """Show every document: id, title, unit, year, sections, characters, masked, complete."""
    from rich.console import Console
    from rich.table import Column, Table

    from drafter.config import load_settings
    from drafter.corpus import load_corpus

    fixed = [Column(name, no_wrap=True) for name in ("id", "year", "sections", "chars", "masked", "complete")]
    wrapping = [Column("title", overflow="fold", min_width=12), Column("unit", overflow="fold", min_width=8)]
    table = Table(fixed[0], *wrapping, *fixed[1:], box=None, pad_edge=False, header_style="bold underline",
                  padding=(0, 1), collapse_padding=True)
    for document in load_corpus(load_settings()):
        years = "–".join(str(y) for y in sorted({document.years[0], document.years[-1]})) if document.years else ""
        table.add_row(document.id, document.title, document.unit or "", years, str(document.section_count),
                      str(len(document.text())), "yes" if document.masked else "", "" if document.complete else "no")
    Console().print(table)


@app.command("show")
def show(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="Document id (see `drafter corpus list`).")],
    tree: Annotated[bool, typer.Option("--tree", help="Only the section tree, with each top-level kind.")] = False,
) -> None:
    """Print one cleaned document (or its section tree)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    from drafter.config import load_settings
    from drafter.corpus import get_document
    from drafter.corpus.store import to_markdown

    document = get_document(load_settings(), doc_id)
    if not tree:
        print(to_markdown(document), end="")
        return
    root = Tree(escape(f"{document.id}  {document.title}"))
    branches = {}
    for parents, section in document.walk():
        parent = branches[id(parents[-1])] if parents else root
        label = section.title_line + ("" if parents else f"  [{section.kind.value}]")
        branches[id(section)] = parent.add(escape(label))
    Console().print(root)


@app.command("add")
def add(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help=".txt (UTF-8/GB18030/UTF-16), .docx or .md")],
) -> None:
    """Add your own sample documents; they are cleaned like the seeds and kept in corpus/user."""
    from drafter.config import load_settings
    from drafter.corpus import add_files

    result = add_files(load_settings(), files)
    for duplicate in result.duplicates:
        print(f"{duplicate.path}: the corpus already holds this text as {duplicate.existing_id}; nothing added")
    for document in result.added:
        print(f"added {document.id}: {document.title} ({document.section_count} sections)")


# ---- retrieval commands (index, search) below ----


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

    from drafter.config import load_settings
    from drafter.store import Retriever
    from drafter.textwrap_zh import wrap

    hits = Retriever(load_settings(chroma_url=chroma_url)).search(query, kind=kind, k=k)
    if not hits:
        print("no matching passage")
        return
    width = min(Console().width, 100)
    for number, hit in enumerate(hits, start=1):
        head = f"{number}. "
        pad = " " * len(head)
        masked = "（数字已遮盖）" if hit.masked else ""
        snippet = hit.text if len(hit.text) <= 120 else hit.text[:120] + "…"
        lines = wrap(f"{hit.score:.3f}  {hit.doc_id}{masked}  {hit.title}", width, first=head, indent=pad)
        lines += wrap(hit.section_path, width, first=pad, indent=pad)
        lines += wrap(snippet, width, first=pad + "  ", indent=pad + "  ")
        print("\n".join(lines) + ("\n" if number < len(hits) else ""))
