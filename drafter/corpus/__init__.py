"""The sample corpus: raw captures cleaned into documents with section trees."""

from drafter.corpus.build import (
    AddResult,
    Duplicate,
    add_files,
    build_corpus,
    get_document,
    load_corpus,
    original_text,
)
from drafter.corpus.model import Document, Section, SectionKind, Table
from drafter.corpus.outline import HeadingParts, split_heading

__all__ = [
    "AddResult",
    "Document",
    "Duplicate",
    "HeadingParts",
    "Section",
    "SectionKind",
    "Table",
    "add_files",
    "build_corpus",
    "get_document",
    "load_corpus",
    "original_text",
    "split_heading",
]
