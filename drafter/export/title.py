"""Breaking a 公文 title into lines (GB/T 9704-2012 §7.3.1: 回行时，要做到词意完整，排列对称，长短适宜，
间距恰当，标题排列应当使用梯形或菱形).

A title breaks only between phrases: after the issuing unit, before 关于, around 和/及/暨, before a
year, before the kind of document (工作总结, 工作计划 …), after 的. Never inside a year (2025年), a
quotation (“十四五”), a book title (《…》) or a run of Latin letters and digits. Of the breaks that fit
the line (20 characters of 2号 type in the 156 mm text block), the fewest lines win, then the stronger
phrase boundaries, then the shape: lines getting longer or shorter (梯形) or longest in the middle (菱形),
as even as the phrases allow. "洪江市科学技术局2025年工作总结和2026年工作计划" →
"洪江市科学技术局" / "2025年工作总结和2026年工作计划".
"""

from __future__ import annotations

import itertools
import re

TITLE_CHARS_PER_LINE = 20  # 2号 (22 pt) characters in the 156 mm text block

_PROTECTED = re.compile(r"\d{4}\s*年度?|“[^”]*”|《[^》]*》|（[^）]*）|\([^)]*\)|[A-Za-z0-9&.·\-]+")
_KINDS = ("工作总结", "工作计划", "工作要点", "工作报告", "述职报告", "实施方案", "工作方案", "工作情况",
          "总结", "计划", "报告", "通知", "意见", "方案", "规划", "要点")
_CONJUNCTIONS = "和及暨与"
_VERBS = "落实|印发|转发|加强|推进|推动|开展|做好|贯彻|报送|下达|公布|进一步|深化|实施"


def width(text: str) -> float:
    """Width in characters of the type: CJK and full-width one, Latin letters and digits a half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def _blocked(title: str, chars_per_line: float) -> set[int]:
    """Positions inside a phrase that must stay on one line (one that is longer than a line may break)."""
    return {i for m in _PROTECTED.finditer(title) if width(m.group()) <= chars_per_line
            for i in range(m.start() + 1, m.end())}


def _boundaries(title: str, unit: str, chars_per_line: float) -> dict[int, int]:
    """Allowed break positions (index of the first character of the next line) → phrase strength."""
    blocked = _blocked(title, chars_per_line)
    after_guanyu = {m.end() for m in re.finditer("关于", title)}  # 关于 opens its line, never ends one
    strength: dict[int, int] = {}

    def allow(position: int, score: int) -> None:
        if 0 < position < len(title) and position not in blocked and position not in after_guanyu:
            strength[position] = max(strength.get(position, 0), score)

    if unit and title.startswith(unit):
        allow(len(unit), 3)
    for match in re.finditer("关于", title):
        allow(match.start(), 3)
    for match in re.finditer(f"[{_CONJUNCTIONS}]", title):
        allow(match.start(), 2)
        allow(match.end(), 2)
    for match in re.finditer(r"\d{4}\s*年", title):
        allow(match.start(), 2)
    for kind in _KINDS:
        for match in re.finditer(kind, title):
            allow(match.start(), 1 if len(kind) <= 2 else 2)
    for match in re.finditer("的", title):
        allow(match.end(), 1)
    for match in re.finditer(_VERBS, title):
        allow(match.start(), 1)
    return strength


def _shape_ok(widths: list[float]) -> bool:
    """梯形 (never shorter then longer again) or 菱形 (longest in the middle); 沙漏形 is not allowed."""
    if len(widths) <= 2:
        return True
    peak = widths.index(max(widths))
    rising = all(a <= b for a, b in zip(widths[:peak + 1], widths[1:peak + 1], strict=False))
    falling = all(a >= b for a, b in zip(widths[peak:], widths[peak + 1:], strict=False))
    return rising and falling


def title_lines(title: str, unit: str = "", chars_per_line: float = TITLE_CHARS_PER_LINE) -> list[str]:
    """The title's lines (see the module docstring); one line when it fits."""
    title = title.strip()
    if width(title) <= chars_per_line:
        return [title]
    strength = _boundaries(title, unit, chars_per_line)
    positions = sorted(strength)
    for count in range(1, 4):  # breaks
        best: tuple[float, list[str]] | None = None
        for cuts in itertools.combinations(positions, count):
            lines = [title[a:b] for a, b in zip((0, *cuts), (*cuts, len(title)), strict=True)]
            widths = [width(line) for line in lines]
            if max(widths) > chars_per_line or not _shape_ok(widths):
                continue
            score = sum(strength[c] for c in cuts) * 10 - (max(widths) - min(widths)) * 0.5
            if best is None or score > best[0]:
                best = (score, lines)
        if best is not None:
            return best[1]
    return _by_width(title, chars_per_line)


def _by_width(title: str, chars_per_line: float) -> list[str]:
    """No phrase boundary fits: full lines, never splitting a protected phrase."""
    blocked = _blocked(title, chars_per_line)
    lines, start = [], 0
    while width(title[start:]) > chars_per_line:
        end = start + 1
        while end < len(title) and width(title[start:end + 1]) <= chars_per_line:
            end += 1
        while end - 1 > start and end in blocked:
            end -= 1
        lines.append(title[start:end])
        start = end
    return [*lines, title[start:]]
