"""What each 文种 (document kind) means for the wording: the time it covers, what its opening
paragraph sums up, and the formula that ends the opening (现将…如下：).

One table, read by the prompts (opening and sections) and the offline composer alike. ``{year}`` is
the notes' 年度, ``{plan_year}`` the year planned (see :func:`plan_year`).

    上半年总结, 2026 → time "2026年上半年", formula "现将2026年上半年工作情况总结如下："
    计划, 2026        → time "2026年", formula "现将2026年工作计划报告如下："
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DocKind:
    """The wording a 文种 asks for; each text is a template over {year} and {plan_year}."""

    name: str
    reviews: bool  # reports work done (a review part)
    plans: bool  # sets out work to do (a plan part)
    timeframe: str  # the time the document covers, as the prompts state it
    focus: str  # what the opening paragraph sums up after the guiding line
    formula: str  # the sentence that ends the opening and leads into the sections

    def render(self, template: str, year: int, plan_year: int) -> str:
        return template.format(year=year, plan_year=plan_year)


DOC_KINDS: dict[str, DocKind] = {kind.name: kind for kind in (
    DocKind("总结", reviews=True, plans=False,
            timeframe="{year}年全年（总结{year}年的工作）",
            focus="用一两句话概括{year}年全年科技工作的总体成效",
            formula="现将{year}年工作情况总结如下："),
    DocKind("上半年总结", reviews=True, plans=False,
            timeframe="{year}年上半年（总结的是上半年的工作，不要写成“全年”）",
            focus="用一两句话概括{year}年上半年科技工作的进展和成效（只写上半年，不写“全年”）",
            formula="现将{year}年上半年工作情况总结如下："),
    DocKind("计划", reviews=False, plans=True,
            timeframe="{plan_year}年（这是工作计划：写打算做的事和要达到的目标）",
            focus="用一两句话点明{plan_year}年科技工作的总体思路和主要目标（这是工作计划，不写已经取得的成效）",
            formula="现将{plan_year}年工作计划报告如下："),
    DocKind("总结和计划", reviews=True, plans=True,
            timeframe="总结{year}年的工作，计划{plan_year}年的工作",
            focus="用一两句话概括{year}年科技工作的总体成效，并引出{plan_year}年的工作安排",
            formula="现将{year}年工作总结和{plan_year}年工作计划报告如下："),
    DocKind("述职报告", reviews=True, plans=True,
            timeframe="{year}年（本人的履职情况，用第一人称“本人”）",
            focus="以第一人称“本人”用一两句话概括{year}年履职尽责的总体情况",
            formula="现将本人{year}年履职情况报告如下："),
)}
DEFAULT_KIND = "总结和计划"


def doc_kind(name: str) -> DocKind:
    """The 文种 ``name`` (the notes loader accepts only these), else 总结和计划 (the default)."""
    return DOC_KINDS.get(name, DOC_KINDS[DEFAULT_KIND])


_PLAN_IN_TITLE = re.compile(r"(\d{4})年度?[^\d]{0,12}计划")


def plan_year(title: str, kind: str, year: int) -> int:
    """The year a plan is for: the year before 计划 in the title (…2026年工作计划) when it can be one
    (a summary and plan plans a later year than it sums up: "2025年总结和计划" plans 2026); else the
    notes' year itself for a plan-only document or a half year's summary (下半年打算), the next year
    for any other."""
    plan_only = kind == "计划"
    for match in _PLAN_IN_TITLE.finditer(title):
        named = int(match.group(1))
        if plan_only or named > year:
            return named
    return year if plan_only or kind == "上半年总结" else year + 1  # a half year's plan is for its second half


@dataclass(frozen=True)
class Wording:
    """The texts of one document's 文种, filled in with its years."""

    timeframe: str
    focus: str
    formula: str
    plan_year: int


def wording(name: str, title: str, year: int) -> Wording:
    """The wording of a document of kind ``name`` titled ``title`` for ``year``."""
    kind = doc_kind(name)
    planned = plan_year(title, name, year)
    return Wording(kind.render(kind.timeframe, year, planned), kind.render(kind.focus, year, planned),
                   kind.render(kind.formula, year, planned), planned)
