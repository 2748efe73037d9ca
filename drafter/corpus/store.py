"""The cleaned corpus on disk: one Markdown file per document with YAML front matter.

    ---
    id: 002-yuanling
    title: 2025年科技局工作总结
    ...
    kinds: [review, problems, plan]
    ---

    # 2025年科技局工作总结

    opening paragraph

    ## 一、2025年工作情况

    ### （一）坚持党建引领，紧握科技创新“指南针”

    body paragraph

Section levels 1–4 are ``##`` … ``#####``; tables are pipe tables; ``kinds`` lists the kind of each
top-level section in order (sub-sections share it). Output is deterministic.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from drafter.corpus.kinds import assign_kinds, set_kind
from drafter.corpus.model import Document, Section, SectionKind, Table
from drafter.corpus.outline import split_heading
from drafter.errors import StoreError

_FIELDS = ("id", "title", "unit", "place", "years", "source", "source_lines", "script", "masked", "complete",
           "dup_group")
_ESCAPE = re.compile(r"^([#|\\])")


def to_markdown(document: Document) -> str:
    """The stored form of a document."""
    meta = {name: getattr(document, name) for name in _FIELDS}
    meta["source_lines"] = list(document.source_lines)
    meta["kinds"] = [str(section.kind) for section in document.sections]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
    chunks = [f"---\n{front}---", f"# {document.title}", *map(_escape, document.preamble)]
    for _, section in document.walk():
        chunks.append(f"{'#' * (section.level + 1)} {section.title_line}")
        chunks.extend(map(_escape, section.body))
        chunks.extend(_table_markdown(table) for table in section.tables)
    return "\n\n".join(chunks) + "\n"


def _escape(paragraph: str) -> str:
    return _ESCAPE.sub(r"\\\1", paragraph)


def _table_markdown(table: Table) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    header, *rows = table.rows
    return "\n".join([row(header), "| " + " | ".join("---" for _ in header) + " |", *map(row, rows)])


_HEADING_LINE = re.compile(r"^(#{2,5}) (.+)$")
_SEPARATOR_ROW = re.compile(r"^\|( --- \|)+$")


def from_markdown(text: str, path: Path) -> Document:
    """Parse a stored document (the inverse of ``to_markdown``)."""
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise StoreError(f"{path}: no front matter; rebuild the corpus with `drafter corpus build`")
    front, body = text[4:].split("\n---\n", 1)
    try:
        meta = yaml.safe_load(front)
        kinds = meta.pop("kinds", None)
        document = Document(**{**meta, "source_lines": tuple(meta["source_lines"])})
    except (yaml.YAMLError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError(f"{path}: damaged front matter ({exc}); rebuild with `drafter corpus build`") from None
    stack: list[Section] = []
    for chunk in body.split("\n\n"):
        chunk = chunk.strip("\n")
        if not chunk or chunk.startswith("# "):
            continue
        heading = _HEADING_LINE.match(chunk)
        if heading:
            stack = _open_section(document, stack, len(heading.group(1)) - 1, heading.group(2))
        elif chunk.startswith("|"):
            stack[-1].tables.append(Table([_cells(line) for line in chunk.splitlines()
                                           if not _SEPARATOR_ROW.match(line)]))
        else:
            (stack[-1].body if stack else document.preamble).append(chunk.removeprefix("\\"))
    _restore_kinds(document, kinds, path)
    return document


def _restore_kinds(document: Document, kinds: object, path: Path) -> None:
    """The stored kinds of the top-level sections; a file written before kinds were stored is classified."""
    if kinds is None:
        assign_kinds(document)
        return
    known = [str(kind) for kind in SectionKind]
    if (not isinstance(kinds, list) or len(kinds) != len(document.sections)
            or not all(isinstance(kind, str) and kind in known for kind in kinds)):
        raise StoreError(f"{path}: 'kinds' does not list one of {', '.join(known)} per top-level section; "
                         "rebuild with `drafter corpus build`")
    for top, kind in zip(document.sections, kinds, strict=True):
        set_kind(top, SectionKind(kind))


def _open_section(document: Document, stack: list[Section], level: int, line: str) -> list[Section]:
    parts = split_heading(line)
    number, heading = (parts.number, line[len(parts.number):]) if parts else ("", line)
    section = Section(level, number, heading)
    while stack and stack[-1].level >= level:
        stack.pop()
    (stack[-1].children if stack else document.sections).append(section)
    return [*stack, section]


def _cells(line: str) -> list[str]:
    inner = line.strip()[2:-2]
    return [cell.replace("\\|", "|") for cell in re.split(r" (?<!\\)\| ", inner)]
