"""Export: the draft as a typed tree, written as GB/T 9704 Word or Markdown, read back, edited one
section at a time, and annotated with Word comments on problem figures.

Modules: model (DraftDocument, numbering, layout), gbt9704 (.docx writer), markdown (.md writer and
reader), reading (plain text with the checker's offsets; section tree parsing), sections
(read_draft, find_section, replace_section), annotate (comments on figures).
"""

from drafter.export.annotate import annotate_document, annotate_docx
from drafter.export.gbt9704 import Finding, write_docx
from drafter.export.markdown import write_markdown
from drafter.export.model import (
    Block,
    DraftDocument,
    DraftSection,
    Role,
    chinese_numeral,
    format_date,
    layout,
    number_marker,
    number_outline,
    plain_text,
)
from drafter.export.reading import read_document_text, split_marker
from drafter.export.sections import find_section, read_draft, replace_section

__all__ = [
    "Block",
    "DraftDocument",
    "DraftSection",
    "Finding",
    "Role",
    "annotate_document",
    "annotate_docx",
    "chinese_numeral",
    "find_section",
    "format_date",
    "layout",
    "number_marker",
    "number_outline",
    "plain_text",
    "read_document_text",
    "read_draft",
    "replace_section",
    "split_marker",
    "write_docx",
    "write_markdown",
]
