"""The one contract every text generator meets: a section's input and the state of one round in,
a reply out.

- ``SectionTask`` — the input of a section, frozen: where it sits in the document, its facts,
  indicators, style references, target length and the user's instruction. The same for every round.
- ``Round`` — the state of one round, frozen and made anew for each round: the attempt number, the
  checker's findings on the previous reply and that reply (repair rounds), and the chat messages
  rendered for this round.
- ``Reply`` — what a backend answered: the raw text (cleaning is the drafting loop's job), why the
  generation stopped (``finish_reason``: "stop" complete, "length" cut off …), the model that
  answered and the tokens it counted (``usage``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol

from drafter.notes import Indicator

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "…"}


@dataclass(frozen=True)
class Reference:
    """A retrieved corpus passage used as a style reference (its figures are never copied)."""

    doc_id: str
    title: str
    section_path: str  # e.g. "一、2025年工作情况 / （二）突出创新主体…"
    text: str
    score: float = 0.0


OPENING_KEY = "opening"  # SectionTask.key of the document's opening paragraph (no heading, no number)


def _frozen_sequences(instance: object) -> None:
    """Store every list-valued field of a frozen dataclass as a tuple (callers may pass lists)."""
    for f in fields(instance):  # type: ignore[arg-type]
        value = getattr(instance, f.name)
        if isinstance(value, list):
            object.__setattr__(instance, f.name, tuple(value))


@dataclass(frozen=True)
class SectionTask:
    """The input of one outline section: everything a backend may use to write its body.

    Frozen: a round never changes it (use ``dataclasses.replace`` to derive another). Chat backends
    send the round's ``messages`` (rendered from prompts/ by the drafting loop); the offline composer
    writes from these structured fields.
    """

    key: str  # number path, e.g. "一.（一）.1"
    number: str  # marker as printed, e.g. "1."
    heading: str
    level: int
    doc_title: str
    doc_kind: str  # 总结 / 计划 / 总结和计划 …
    unit: str
    year: int
    section_kind: str  # review / problems / plan / other
    facts: Sequence[str] = ()
    indicators: Sequence[Indicator] = ()
    references: Sequence[Reference] = ()
    outline: Sequence[str] = ()  # the whole outline, numbered, for context
    target_length: int = 300
    instruction: str | None = None
    current_text: str | None = None  # rewriting: the section as it stands, to be revised per instruction
    length_given: bool = False  # target_length is the user's 字数 (not estimated from the content)
    ordinal: int = 0  # its place among the document's sections of the same kind (wording varies by it)

    def __post_init__(self) -> None:
        _frozen_sequences(self)


@dataclass(frozen=True)
class Round:
    """The state of one round of a section: made anew for each round, never changed.

    ``attempt`` is 0 for the first reply and n for the n-th repair round; ``repair`` holds the
    checker's findings on ``previous_reply`` in plain words (empty on the first round);
    ``messages`` are the chat messages rendered for this round (empty until rendered); ``section``
    names the section's folder in the run ("03-一_（一）_1"): with ``attempt`` it identifies the
    request (with ``retry``, the n-th time it is asked again after a faulty reply), so a replay server
    can find the reply recorded for it; ``deadline`` is the
    ``time.monotonic()`` by which the run must be over (None: no deadline).
    """

    attempt: int = 0
    repair: Sequence[str] = ()
    previous_reply: str | None = None
    messages: Sequence[Message] = ()
    section: str = ""
    deadline: float | None = None
    retry: int = 0  # asked again after a faulty reply (empty, cut off, a refusal): 1, 2 …

    def __post_init__(self) -> None:
        _frozen_sequences(self)


@dataclass(frozen=True)
class Usage:
    """Tokens counted by the endpoint for one request (0/0 when it reported none)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens)


COMPLETE = "stop"  # the finish_reason of a reply the model ended itself


@dataclass(frozen=True)
class Reply:
    """A backend's answer to one round: the raw text and how it came to be.

    ``finish_reason`` is the endpoint's ("stop", "length" when cut off at the token limit,
    "content_filter" …; None when it did not say); ``cached`` is true when it came from the reply
    cache instead of the endpoint (its usage is what the endpoint counted back then).
    """

    text: str
    finish_reason: str | None = COMPLETE
    model: str | None = None
    usage: Usage | None = None
    cached: bool = False

    @property
    def complete(self) -> bool:
        """The model ended the reply itself (an endpoint that gives no reason is taken at its word)."""
        return self.finish_reason in (COMPLETE, None)

    def to_dict(self) -> dict[str, Any]:
        usage = self.usage
        return {"text": self.text, "finish_reason": self.finish_reason, "model": self.model,
                "usage": None if usage is None else {"prompt_tokens": usage.prompt_tokens,
                                                     "completion_tokens": usage.completion_tokens},
                "cached": self.cached}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reply:
        usage = data.get("usage")
        return cls(text=str(data.get("text", "")), finish_reason=data.get("finish_reason", COMPLETE),
                   model=data.get("model"), cached=bool(data.get("cached", False)),
                   usage=Usage(int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0))
                   if isinstance(usage, Mapping) else None)


class Backend(Protocol):
    """A text generator, registered by name (see ``drafter.backends.register_backend``).

    ``write`` answers one round of one section with a ``Reply`` whose text is the section body as
    the model gave it (paragraphs separated by newlines; the loop cleans it). ``identity`` names
    everything besides the request that decides the reply — backend, endpoint, model, temperature —
    so the reply cache never answers from another model or endpoint.
    """

    name: str

    @property
    def identity(self) -> Mapping[str, object]: ...

    def write(self, task: SectionTask, round: Round) -> Reply: ...


__all__ = ["COMPLETE", "OPENING_KEY", "Backend", "Message", "Reference", "Reply", "Round", "SectionTask",
           "Usage"]
