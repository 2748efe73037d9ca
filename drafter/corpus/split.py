"""Splitting a cleaned source into its documents: "篇N" markers, or numbering that starts again."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from drafter.corpus.clean import Block
from drafter.corpus.outline import heading_of, split_heading

_COMPILATION = re.compile(r"汇编|汇总|[（(]?\d+篇[）)]?|[一二三四五六七八九十]篇")
_PIECE_MARKER = re.compile(r"^(?P<title>.{0,30}?)\s*篇\s*(?P<n>\d{1,2})$")
_TITLE_WORDS = re.compile(r"总结|计划|报告|要点|规划|汇报|述职|方案")
_TITLE_MAX = 40


@dataclass
class Part:
    """The blocks of one document inside a source file."""

    blocks: list[Block]
    index: int = 0  # 1-based position inside a compilation; 0 when the file holds one document
    marker_title: str | None = None  # the piece marker line, e.g. "科技工作计划 篇1"
    compilation_title: str | None = None


def is_title_like(block: Block) -> bool:
    """A short line without sentence punctuation naming a kind of document: a title, not a heading."""
    text = block.text
    return (block.table is None and not block.dropped and 0 < len(text) <= _TITLE_MAX
            and not re.search(r"[。，；]", text) and bool(_TITLE_WORDS.search(text))
            and split_heading(text) is None)


def _is_plain_paragraph(block: Block) -> bool:
    return block.table is None and not block.dropped and heading_of(block.text) is None


def split_documents(blocks: list[Block]) -> list[Part]:
    """The documents of a source: one, or several when it is a compilation."""
    compilation = None
    if blocks and is_title_like(blocks[0]) and _COMPILATION.search(blocks[0].text):
        compilation, blocks = blocks[0].text, blocks[1:]
    markers = [i for i, block in enumerate(blocks) if _PIECE_MARKER.match(block.text)]
    if markers:
        bounds = [*markers, len(blocks)]
        return [Part(blocks[a + 1:b], index=k, marker_title=blocks[a].text, compilation_title=compilation)
                for k, (a, b) in enumerate(pairwise(bounds), start=1)]
    starts = _restarts(blocks)
    bounds = [*starts, len(blocks)]
    parts = [blocks[a:b] for a, b in pairwise(bounds)]
    if len(parts) == 1 and compilation is None:
        return [Part(parts[0])]
    return [Part(part, index=k, compilation_title=compilation) for k, part in enumerate(parts, start=1)]


def _restarts(blocks: list[Block]) -> list[int]:
    """Where documents start: a level-1 heading that begins the numbering again (一、 after others,
    or an unnumbered part heading after numbered ones); the opening paragraph (and a title line)
    just before it belong to the new document."""
    starts = [0]
    numbered_seen: list[bool] = []
    for i, block in enumerate(blocks):
        if block.table is not None or block.dropped:
            continue
        parts = heading_of(block.text)
        if parts is None or parts.level != 1:
            continue
        opening = i - 1 > starts[-1] and _is_plain_paragraph(blocks[i - 1])
        restart = parts.number == "一、" or (parts.number == "" and all(numbered_seen) and opening)
        if numbered_seen and restart:
            start = i
            if opening:
                start -= 1
                if start - 1 > starts[-1] and is_title_like(blocks[start - 1]):
                    start -= 1
            starts.append(start)
            numbered_seen = []
        numbered_seen.append(parts.number != "")
    return starts
