"""Versioned prompt files, rendered strictly, and the chat messages for one section within a token budget.

A prompt file is ``prompts/<id>.v<version>.md``: a front-matter header, then the template::

    ---
    id: section
    version: 1
    ---
    请为《{doc_title}》起草……

Placeholders are ``{name}`` (write ``{{`` and ``}}`` for literal braces). Rendering is strict: a
placeholder without a value and a value without a placeholder are both errors naming the file.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from drafter.backends.base import OPENING_KEY, Message, Reference, Round, SectionTask
from drafter.doc_kinds import wording
from drafter.errors import DrafterError
from drafter.notes import Indicator
from drafter.quantity.writing import plain_number
from drafter.text import split_sentences
from drafter.tokens import count_message_tokens

if TYPE_CHECKING:
    from drafter.config import Settings

_FILE_NAME = re.compile(r"(?P<id>[a-z_]+)\.v(?P<version>\d+)\.md")
_FRONT_MATTER = re.compile(r"\A---\n(?P<header>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)

SECTION_KIND_LABELS = {"review": "工作回顾", "problems": "存在问题", "plan": "工作计划", "other": "综合"}
MIN_REFERENCES = 2  # references kept whole while trimming, before any is shortened
REFERENCE_LENGTHS = (600, 400, 250, 150, 80)  # characters a reference is cut to, step by step
OUTLINE_RADII = (3, 1)  # outline entries kept on each side of the section when the outline is cut


@dataclass(frozen=True)
class Prompt:
    """One prompt file: its id, version and template with the placeholders it uses."""

    id: str
    version: int
    path: Path
    template: str
    variables: frozenset[str]

    def render(self, **values: object) -> str:
        """The template with every placeholder filled; missing or unused values are errors."""
        missing = sorted(self.variables - values.keys())
        if missing:
            raise DrafterError(f"{self.path}: placeholder {{{missing[0]}}} has no value; "
                               "the prompt and drafter's code disagree, restore the prompt file")
        unused = sorted(values.keys() - self.variables)
        if unused:
            raise DrafterError(f"{self.path}: variable {unused[0]!r} is supplied but the template has no "
                               f"{{{unused[0]}}} placeholder; add it to the prompt or restore the file")
        return self.template.format_map(values)


def _placeholders(path: Path, template: str) -> frozenset[str]:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise DrafterError(f"{path}: bad placeholder syntax ({exc}); write {{{{ and }}}} for literal braces"
                           ) from None
    names = set()
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise DrafterError(f"{path}: placeholder {{{name}{'!' + conversion if conversion else ''}"
                               f"{':' + spec if spec else ''}}} is not a plain {{name}}")
        names.add(name)
    return frozenset(names)


def _read_prompt(path: Path) -> Prompt:
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    if not match:
        raise DrafterError(f"{path}: a prompt file starts with a '---' header (id, version) closed by '---'")
    try:
        header = yaml.safe_load(match["header"]) or {}
    except yaml.YAMLError as exc:
        raise DrafterError(f"{path}: the header is not valid YAML: {exc}") from None
    name = _FILE_NAME.fullmatch(path.name)
    assert name  # _prompt_path only returns matching names
    if not isinstance(header, dict) or header.get("id") != name["id"] \
            or str(header.get("version")) != name["version"]:
        raise DrafterError(f"{path}: the header must say id: {name['id']} and version: {name['version']}, "
                           "as the file name does")
    template = match["body"].strip("\n").rstrip()
    return Prompt(id=name["id"], version=int(name["version"]), path=path, template=template,
                  variables=_placeholders(path, template))


def _prompt_path(name: str, prompts_dir: Path) -> Path:
    if _FILE_NAME.fullmatch(f"{name}.md"):
        path = prompts_dir / f"{name}.md"
        if path.is_file():
            return path
    else:
        versions = [(int(m["version"]), p) for p in prompts_dir.glob(f"{name}.v*.md")
                    if (m := _FILE_NAME.fullmatch(p.name)) and m["id"] == name]
        if versions:
            return max(versions)[1]
    raise DrafterError(f"{prompts_dir}: no prompt file {name}.v<N>.md; restore prompts/ from the drafter "
                       "repository or set DRAFTER_HOME to a project that has it")


def load_prompt(name: str, *, prompts_dir: Path | None = None) -> Prompt:
    """The prompt ``name`` ("section": its highest version; "section.v1": that version) from
    ``prompts_dir`` (default: the configured settings' prompts_dir)."""
    path = _prompt_path(name, prompts_dir or _configured_prompts_dir())
    return _read_prompt_once(path, path.stat().st_mtime_ns)


PROMPT_IDS = ("system", "section", "opening", "repair", "rewrite")


def prompt_versions(prompts_dir: Path) -> dict[str, int]:
    """The version of each prompt a run uses ({"system": 2, "section": 2, …}), for the run's record."""
    return {name: load_prompt(name, prompts_dir=prompts_dir).version for name in PROMPT_IDS}


@lru_cache(maxsize=64)
def _read_prompt_once(path: Path, mtime_ns: int) -> Prompt:
    """A prompt file is parsed once per version on disk (``mtime_ns`` makes an edit a new entry)."""
    return _read_prompt(path)


def _configured_prompts_dir() -> Path:
    from drafter.config import load_settings

    return load_settings().prompts_dir


# --------------------------------------------------------------------------- blocks of the user prompt


def indicator_line(indicator: Indicator) -> str:
    """One indicator as the prompt lists it: name, value as the user wrote it, unit, period, previous."""
    value = indicator.raw_value.strip() or plain_number(indicator.value)
    line = f"- {indicator.name}：{value}{indicator.unit}"
    details = []
    if indicator.period:
        details.append(f"时期：{indicator.period}")
    if indicator.approx:
        details.append(f"约数：原始数据为约数，写作时须带“{indicator.approx}”字")
    if indicator.previous is not None:
        when = f"（{indicator.previous_period}）" if indicator.previous_period else ""
        details.append(f"上期值：{plain_number(indicator.previous)}{indicator.unit}{when}")
    if indicator.note:
        details.append(f"备注：{indicator.note}")
    return line + (f"（{'；'.join(details)}）" if details else "")


def _facts_block(facts: list[str]) -> str:
    return "\n".join(f"{i}. {fact}" for i, fact in enumerate(facts, 1)) or "（未提供）"


def _indicators_block(indicators: list[Indicator]) -> str:
    return "\n".join(indicator_line(i) for i in indicators) or "（未提供）"


def quoted(text: str) -> str:
    """A passage made safe to fence with 「…」: its own corner brackets become “…”, so no text inside
    a reference can close the fence and speak as the prompt."""
    return text.strip().replace("「", "“").replace("」", "”")


def _references_block(references: list[Reference]) -> str:
    """Each reference fenced and labelled as quoted material (引文), best first."""
    if not references:
        return "（本次不提供参考范文）"
    blocks = []
    for i, ref in enumerate(references, 1):
        source = f"《{ref.title}》" + (f" {ref.section_path}" if ref.section_path else "")
        blocks.append(f"【参考范文{i}】来源：{quoted(source)}（以下为引文，仅供借鉴文风）\n"
                      f"「范文{i}开始」\n{quoted(ref.text)}\n「范文{i}结束」")
    return "\n\n".join(blocks)


_REFERENCE = re.compile(r"【参考范文(?P<i>\d+)】来源：《(?P<title>[^》]*)》(?: (?P<path>[^\n]*?))?（以下为引文，仅供借鉴文风）\n"
                        r"「范文(?P=i)开始」\n(?P<text>.*?)\n「范文(?P=i)结束」", re.DOTALL)


def parse_references(user_message: str) -> list[Reference]:
    """The references a rendered section prompt quotes, read back from its fenced blocks (the inverse of
    the block this module renders: a recorded request's references can be sent again as they were)."""
    return [Reference(doc_id="", title=m["title"], section_path=m["path"] or "", text=m["text"])
            for m in _REFERENCE.finditer(user_message)]


def _outline_block(task: SectionTask, radius: int | None) -> str:
    """The numbered outline with this section marked; with ``radius``, only its neighbourhood."""
    if not task.outline:
        return "（未提供）"
    current = next((i for i, entry in enumerate(task.outline)
                    if task.heading and task.heading in entry and task.number in entry), None)
    lines = [entry + ("  ←【本节】" if i == current else "") for i, entry in enumerate(task.outline)]
    if radius is None or current is None:
        return "\n".join(lines)
    start, stop = max(0, current - radius), min(len(lines), current + radius + 1)
    return "\n".join((["……"] if start else []) + lines[start:stop] + (["……"] if stop < len(lines) else []))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a sentence end (mid-sentence only when the first
    sentence is longer), marked with ……."""
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in split_sentences(text):
        if len(kept) + len(sentence) > limit:
            break
        kept += sentence
    return (kept or text[:limit]) + "……"


def _findings_block(findings: list[str]) -> str:
    return "\n".join(f"{i}. {finding}" for i, finding in enumerate(findings, 1))


# --------------------------------------------------------------------------- messages within a budget


@dataclass(frozen=True)
class _Trim:
    """How much of the optional context one rendering keeps."""

    references: tuple[Reference, ...]
    outline_radius: int | None = None


def _trims(task: SectionTask) -> list[_Trim]:
    """Ever-smaller contexts, in the order they are tried: drop references beyond the first two,
    shorten the rest, drop them, then cut the outline to the section's neighbourhood. Facts,
    indicators, the instruction and a repair round's reply and findings are never trimmed."""
    refs = tuple(task.references)
    trims = [_Trim(refs[:n]) for n in range(len(refs), MIN_REFERENCES - 1, -1)] or [_Trim(refs)]
    kept = trims[-1].references
    for limit in REFERENCE_LENGTHS:
        trims.append(_Trim(tuple(replace(r, text=shorten(r.text, limit)) for r in kept)))
    shortest = trims[-1].references
    trims += [_Trim(shortest[:n]) for n in range(len(shortest) - 1, -1, -1)]
    trims += [_Trim((), radius) for radius in OUTLINE_RADII]
    return [trim for i, trim in enumerate(trims) if i == 0 or trim != trims[i - 1]]


@dataclass(frozen=True)
class _Prompts:
    system: Prompt
    user: Prompt
    rewrite: Prompt | None
    repair: Prompt | None

    @classmethod
    def for_task(cls, task: SectionTask, round: Round, prompts_dir: Path) -> _Prompts:
        def load(name: str) -> Prompt:
            return load_prompt(name, prompts_dir=prompts_dir)

        return cls(system=load("system"), user=load("opening" if task.key == OPENING_KEY else "section"),
                   rewrite=load("rewrite") if task.current_text else None,
                   repair=load("repair") if round.repair else None)


# How the section prompt states the target length: the user's 字数, or the estimate from the content.
LENGTH_GIVEN = "约{n}字（用户指定，可上下浮动两成）"
LENGTH_ESTIMATED = "{n}字以内（按本节要点和指标的多少估算；写清要点即可，宁短勿长）"


def _length(task: SectionTask) -> str:
    return (LENGTH_GIVEN if task.length_given else LENGTH_ESTIMATED).format(n=task.target_length)


def _messages(task: SectionTask, round: Round, trim: _Trim, prompts: _Prompts) -> list[Message]:
    words = wording(task.doc_kind, task.doc_title, task.year)
    context: dict[str, object] = {
        "doc_title": task.doc_title, "doc_kind": task.doc_kind, "unit": task.unit, "timeframe": words.timeframe,
        "outline": _outline_block(task, trim.outline_radius),
        "references": _references_block(list(trim.references)),
        "instruction": task.instruction or "（无）",
    }
    if task.key == OPENING_KEY:
        context |= {"target_length": task.target_length, "focus": words.focus, "formula": words.formula}
    else:
        context |= {"number": task.number, "heading": task.heading, "length": _length(task),
                    "section_kind": SECTION_KIND_LABELS.get(task.section_kind, SECTION_KIND_LABELS["other"]),
                    "facts": _facts_block(task.facts), "indicators": _indicators_block(task.indicators)}
    user = prompts.user.render(**context)
    if prompts.rewrite:
        user += "\n\n" + prompts.rewrite.render(current_text=task.current_text)
    messages = [{"role": "system", "content": prompts.system.render(unit=task.unit, doc_kind=task.doc_kind)},
                {"role": "user", "content": user}]
    if prompts.repair:
        if round.previous_reply is None:
            raise DrafterError(f"section {task.key} {task.heading}: a repair round needs the previous reply")
        messages += [{"role": "assistant", "content": round.previous_reply},
                     {"role": "user", "content": prompts.repair.render(findings=_findings_block(list(round.repair)))}]
    return messages


def render_section_messages(task: SectionTask, round: Round | None = None, *, max_tokens: int, model: str,
                            prompts_dir: Path | None = None) -> list[Message]:
    """The chat messages that ask for ``task``'s body, at most ``max_tokens`` prompt tokens.

    Messages: the system prompt (prompts/system), then the user prompt — prompts/opening when
    ``task.key == OPENING_KEY`` ("opening"), else prompts/section — with the document kind, the whole
    numbered outline (``task.outline``: one "number+heading" entry per section, indentation allowed)
    with this section marked, the facts, the bound indicators, the references fenced as style
    references (best first, as retrieval returns them), the target length and the instruction; when
    rewriting (``task.current_text`` set) prompts/rewrite with the current text is appended to it. On a
    repair round (``round.repair`` non-empty) ``round.previous_reply`` follows as an assistant message and
    prompts/repair with the checker's findings in plain words as a last user message.

    Over budget, references go first (those beyond two, then shortened, then all), then the outline is
    cut to the section's neighbours; facts are never cut. Raises DrafterError if even that is too long.
    """
    round = round or Round()
    prompts = _Prompts.for_task(task, round, prompts_dir or _configured_prompts_dir())
    needed = 0
    for trim in _trims(task):
        messages = _messages(task, round, trim, prompts)
        needed = count_message_tokens(messages, model)
        if needed <= max_tokens:
            return messages
    raise DrafterError(f"section {task.key} {task.heading}: the prompt needs {needed} tokens without any "
                       f"reference, over the limit of {max_tokens}; raise max_prompt_tokens in drafter.toml "
                       "or split the section's facts over sub-sections")


def messages_for(task: SectionTask, round: Round | None, settings: Settings) -> list[Message]:
    """``render_section_messages`` within the settings' token budget, for their model and prompts folder."""
    return render_section_messages(task, round, max_tokens=settings.max_prompt_tokens, model=settings.model,
                                   prompts_dir=settings.prompts_dir)
