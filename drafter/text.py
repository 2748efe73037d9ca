"""Small text utilities shared by the pipeline stages."""

from __future__ import annotations

import re
from functools import cache

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])(?![”’」』）)])|(?<=[。！？][”’」』])")


@cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified script (OpenCC t2s); simplified text passes through unchanged."""
    return _t2s().convert(text)


def split_sentences(text: str) -> list[str]:
    """Split at 。！？； (keeping the mark and any closing quote with its sentence)."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def sentence_pieces(text: str) -> list[str]:
    """Like :func:`split_sentences`, but nothing is stripped: the pieces join back to ``text``
    (a line break stays at the end of its sentence)."""
    pieces = []
    for line in text.splitlines(keepends=True):
        pieces.extend(part for part in _SENTENCE_END.split(line) if part)
    return pieces
