"""The sample corpus: raw captures cleaned into documents with section trees."""

from drafter.corpus.model import Document, Section, SectionKind, Table

__all__ = ["Document", "Section", "SectionKind", "Table"]
