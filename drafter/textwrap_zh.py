"""Wrapping mixed Chinese and Latin text for a terminal (80 columns by default).

A Chinese character takes two columns. Text is wrapped by sentence first: a sentence that does not fit on
the rest of a line starts the next one when it fits there whole. A longer sentence breaks between Chinese
characters, never inside a run of Latin letters and digits (a word, a figure such as 3.5万, a file name
such as notes.yaml:76), never before closing punctuation (，。、；：）”】) and never after opening
punctuation (（“【).
"""

from __future__ import annotations

import re

from rich.cells import cell_len

_SENTENCE = re.compile(r"[^。！？；]*[。！？；]+[”’」』）)]*|[^。！？；]+")
_ATOM = re.compile(r"[A-Za-z0-9_./\\:~%+#@&=·\-–]+(?:[ ][A-Za-z0-9_./\\:~%+#@&=·\-–]+)*|\s+|.", re.S)
_CLOSING = set("，。、；：！？）】”’」』》,.;:!?)]")
_OPENING = set("（【“‘「『《([")


def atoms(text: str) -> list[str]:
    """Pieces a line may break between: Latin/digit runs (with their inner single spaces) whole, other
    characters one by one; an opening mark sticks to what follows, a closing mark to what precedes."""
    raw = _ATOM.findall(text)
    out: list[str] = []
    for piece in raw:
        if out and (piece in _CLOSING or out[-1][-1] in _OPENING or (piece[0].isdigit() and out[-1][-1] in "“【")):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def wrap(text: str, width: int = 80, *, first: str = "", indent: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` columns; the first line starts with ``first``, the others
    with ``indent``. Paragraph breaks ("\\n") are kept."""
    lines: list[str] = []
    for p_index, paragraph in enumerate(text.split("\n")):
        line = first if p_index == 0 else indent
        start = line
        for sentence in _SENTENCE.findall(paragraph):
            if cell_len(line + sentence) <= width:
                line += sentence
                continue
            if line != start and line.strip() and cell_len(indent + sentence.lstrip()) <= width:
                lines.append(line.rstrip())
                line = start = indent
                line += sentence.lstrip()
                continue
            for atom in atoms(sentence):
                if cell_len(line + atom) > width and line.strip() and line != start:
                    lines.append(line.rstrip())
                    line = start = indent
                    atom = atom.lstrip()
                line += atom
        lines.append(line.rstrip())
    return lines
