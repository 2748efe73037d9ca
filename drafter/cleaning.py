"""Cleaning a model's reply into a section body (the drafting loop applies it to every reply)."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s")
_BULLET = re.compile(r"^\s*(?:[-*+•]|>)\s+")
_EMPHASIS = re.compile(r"\*\*|__")
_NUMBER_MARKER = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d+[.、．]|[（(]\d+[）)])")


def _comparable(line: str) -> str:
    return _NUMBER_MARKER.sub("", re.sub(r"\s+", "", _EMPHASIS.sub("", line)).lstrip("#")).rstrip("。.：:")


def clean_reply(reply: str, heading: str) -> str:
    """The section body from a model's reply: code fences, Markdown headings, a repeated section
    heading at the top, bullets and emphasis marks removed; paragraphs one per line."""
    lines = [line for line in reply.splitlines() if not _FENCE.match(line)]
    while lines and (not lines[0].strip() or _MARKDOWN_HEADING.match(lines[0])
                     or _comparable(lines[0]) == _comparable(heading)):
        lines.pop(0)
    paragraphs = (_EMPHASIS.sub("", _BULLET.sub("", line)).strip() for line in lines)
    return "\n".join(p for p in paragraphs if p)
