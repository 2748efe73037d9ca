"""Building, loading and extending the cleaned corpus (corpus/raw + corpus/user → corpus/docs)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.config import Settings
from drafter.corpus.assemble import assemble_document, assign_duplicate_groups, comparable_text, slugify
from drafter.corpus.clean import SUPPORTED_SUFFIXES, clean_source, read_source_lines
from drafter.corpus.model import Document
from drafter.corpus.split import split_documents
from drafter.corpus.store import from_markdown, to_markdown
from drafter.errors import DrafterError, InputError
from drafter.files import atomic_write_bytes, atomic_write_text


def raw_dir(settings: Settings) -> Path:
    return settings.corpus_dir / "raw"


def user_dir(settings: Settings) -> Path:
    """Where `drafter corpus add` keeps the user's own samples, so that rebuilding keeps them."""
    return settings.corpus_dir / "user"


def docs_dir(settings: Settings) -> Path:
    return settings.corpus_dir / "docs"


def source_files(settings: Settings) -> list[Path]:
    """The seed captures, then the user's samples, in a fixed order."""
    seeds = sorted(raw_dir(settings).glob("*.txt"))
    users = sorted(p for p in user_dir(settings).glob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
    return [*seeds, *users]


def _id_prefix(settings: Settings, path: Path) -> str:
    if path.parent == user_dir(settings):
        return "user-" + (slugify(path.stem) or "doc")
    leading = re.match(r"\d+", path.stem)
    return leading.group(0) if leading else slugify(path.stem) or "doc"


def documents_of_file(settings: Settings, path: Path) -> list[Document]:
    """Read, clean, split and parse one source file (no duplicate groups yet)."""
    cleaned = clean_source(read_source_lines(path))
    source = path.relative_to(settings.corpus_dir).as_posix() if path.is_relative_to(settings.corpus_dir) \
        else path.name
    documents = [assemble_document(part, cleaned, source, _id_prefix(settings, path))
                 for part in split_documents(cleaned.blocks)]
    return [d for d in documents if d.preamble or d.sections]


def _unique_ids(documents: list[Document]) -> None:
    seen: dict[str, int] = {}
    for document in documents:
        base = document.id
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            document.id = f"{base}-{seen[base]}"


def build_corpus(settings: Settings) -> list[Document]:
    """Clean every source into documents and write corpus/docs/<id>.md (stale files removed).

    Without any source the corpus is empty (an empty list, nothing written).
    """
    documents = [d for path in source_files(settings) for d in documents_of_file(settings, path)]
    if not documents and not docs_dir(settings).exists():
        return []
    _unique_ids(documents)
    assign_duplicate_groups(documents)
    target = docs_dir(settings)
    target.mkdir(parents=True, exist_ok=True)
    for document in documents:
        atomic_write_text(target / f"{document.id}.md", to_markdown(document))
    atomic_write_text(target / MANIFEST, _manifest(settings))
    wanted = {f"{d.id}.md" for d in documents}
    for stale in target.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    return documents


MANIFEST = "SOURCES"  # in corpus/docs: "sha256  path" of every source the stored documents were built from


def _manifest(settings: Settings) -> str:
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(settings.corpus_dir).as_posix()}"
             for p in source_files(settings)]
    return "".join(f"{line}\n" for line in lines)


def _is_stale(settings: Settings) -> bool:
    """The stored documents are missing or were built from other sources (content, not mtimes, decides)."""
    if not source_files(settings):
        return False
    manifest = docs_dir(settings) / MANIFEST
    return not manifest.is_file() or manifest.read_text(encoding="utf-8") != _manifest(settings)


def load_corpus(settings: Settings) -> list[Document]:
    """The cleaned documents, built first when corpus/docs is missing or out of date with the sources."""
    if _is_stale(settings):
        return build_corpus(settings)
    return [from_markdown(p.read_text(encoding="utf-8"), p) for p in sorted(docs_dir(settings).glob("*.md"))]


def get_document(settings: Settings, doc_id: str) -> Document:
    """One document by id; the error lists the ids there are."""
    documents = load_corpus(settings)
    for document in documents:
        if document.id == doc_id:
            return document
    known = ", ".join(d.id for d in documents)
    raise DrafterError(f"unknown document {doc_id!r}; known ids: {known}")


def original_text(settings: Settings, document: Document) -> str:
    """The document's lines as the source file has them (e.g. traditional script for 003)."""
    lines = read_source_lines(settings.corpus_dir / document.source)
    first, last = document.source_lines
    return "\n".join(line for line in lines[first - 1:last] if line.strip())


@dataclass
class Duplicate:
    """A file `corpus add` skipped because the corpus already holds the same text."""

    path: Path
    existing_id: str


@dataclass
class AddResult:
    added: list[Document] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


def add_files(settings: Settings, paths: list[Path]) -> AddResult:
    """Add the user's own samples (.txt in UTF-8/GB18030/UTF-16, .docx, .md) to the corpus.

    Every file is checked before anything is written: one unusable file stops the whole command with an
    InputError naming it. A file whose text the corpus already holds is reported and not added.
    """
    candidates: list[tuple[Path, list[Document]]] = []
    for path in paths:
        documents = documents_of_file(settings, Path(path))
        if not documents:
            raise InputError(path, "no document text left after cleaning; is this a work summary or plan?")
        candidates.append((Path(path), documents))
    known = {comparable_text(d): d.id for d in load_corpus(settings)}
    result = AddResult()
    to_copy: list[Path] = []
    for path, documents in candidates:
        texts = [comparable_text(d) for d in documents]
        existing = next((known[t] for t in texts if t in known), None)
        if existing is not None:
            result.duplicates.append(Duplicate(path, existing))
            continue
        known.update((t, path.name) for t in texts)
        to_copy.append(path)
    stored = [_copy_into_user_dir(settings, path) for path in to_copy]
    if stored:
        sources = {p.relative_to(settings.corpus_dir).as_posix() for p in stored}
        result.added = [d for d in build_corpus(settings) if d.source in sources]
    return result


def _copy_into_user_dir(settings: Settings, path: Path) -> Path:
    target_dir = user_dir(settings)
    target = target_dir / path.name
    counter = 2
    while target.exists():
        target = target_dir / f"{path.stem}-{counter}{path.suffix}"
        counter += 1
    atomic_write_bytes(target, path.read_bytes())
    return target
