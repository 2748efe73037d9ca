"""Coverage: the supplied figures a text never uses, each a warning placed at the section that should
use it."""

from __future__ import annotations

from collections.abc import Sequence

from drafter.figures.findings import WARNING, Finding, Kind
from drafter.figures.index import SuppliedIndex
from drafter.figures.sections import TextSection


def unused(data: SuppliedIndex, sections: Sequence[TextSection], used: set[int]) -> list[Finding]:
    """A warning per supplied figure the text never uses (previous values need not be used)."""
    where = {s.key: s for s in sections if s.key is not None}
    out = []
    used = used.union(*(data.twins.get(i, ()) for i in used))
    for i, f in enumerate(data.figures):
        if i in used or f.role == "previous":
            continue
        section = next((where[f.section[:n]] for n in range(len(f.section), 0, -1) if f.section[:n] in where),
                       None)
        place = f"（应在“{section.heading}”一节）" if section else ""
        out.append(Finding(f.text, section.start if section else None,
                           section.start + len(section.heading) if section else None, WARNING, Kind.UNUSED,
                           f.text, f.source, f"数据“{f.text}”未在文中使用{place}", rule="coverage.unused"))
    return out
