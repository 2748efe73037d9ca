"""From a chat model's reply to a section body: what real models add around the text is taken off.

Models answer "好的，以下是本节正文：", echo the heading ("**（一）创新平台体系持续夯实**", "### 1. …",
"一、…："), wrap the text in code fences, use Markdown, repeat the document's title, and close with
"希望对您有所帮助。" or a "修改说明：…" list. ``clean_reply`` removes these, paragraph by paragraph
and sentence by sentence at the edges of the reply, by the patterns named below.

One rule stands over every pattern: cleaning never removes a sentence holding a figure from the data
unless the same figure stays in the text (a "修改说明：已将230家改为223家" goes when 223家 is in the
body; a sentence that is the only place of a supplied figure stays, however chatty).

``is_refusal`` tells a reply that declines the task ("抱歉，我无法…"): it is no section text at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from drafter.text import split_sentences

# --------------------------------------------------------------------------- the patterns, as data

# An acknowledgement a reply may open with; it is cut off, whatever follows it.
ACKNOWLEDGEMENT = re.compile(r"^(?:好的|好|当然|没问题|收到|明白了?|可以的?|遵命|了解|OK|ok)[，,。.！!～~：:\s]+")

# A sentence (or the part of one before its colon) that talks to the user about the text: at the start
# of a reply it is a preamble ("以下是本节正文：", "根据您的要求，我对正文作了修改。").
META = re.compile(
    r"以下(?:是|为)|下面(?:是|为|给出)|如下所示|(?:根据|按照|依据|结合)(?:您|你)|(?:为|帮)(?:您|你)"
    r"|(?:修改|调整|改写|重写|润色)后的(?:正文|内容|文本|段落|版本)|(?:本节|这一节|该节)的?正文"
    r"|^(?:正文|草稿|初稿|修改稿)$|^(?:我|我们)(?:已|已经)?(?:根据|按照|重新|对(?:正文|本节|上述|原文|原稿))"
    r"|您|你(?!们)")

# A sentence that closes a reply by talking to the user.
SIGN_OFF = re.compile(
    r"希望(?:以上|这|本)?.{0,8}(?:对您|对你|能)(?:有所)?(?:帮助|有用|满意)|如(?:需|有需要|果需要|您需要)"
    r"|(?:随时|欢迎)(?:告诉|联系|提出)|请(?:您)?(?:审阅|参考|斟酌|指正|核实)|供(?:您)?参考"
    r"|(?:以上|上述)(?:是|为|内容)(?:本节|修改|改写|起草)?.{0,12}(?:正文|内容|稿)"
    r"|(?:全文|本节|正文)(?:共|约|共计)?\d+字|字数(?:约|共|为)")

# The first line of a notes block a model appends: everything from it to the end is about the text.
NOTES_HEAD = re.compile(r"^[（(【\[]?(?:修改说明|修改内容|说明|注|备注|注意|提示|变更说明|主要修改)[）)】\]]?[：:]"
                        r"|^[（(](?:注|说明)[：:]")

# A reply that declines the task.
REFUSAL = re.compile(r"^(?:抱歉|对不起|很抱歉|非常抱歉|不好意思)|(?:我|本助手)(?:无法|不能|不便)"
                     r"|作为(?:一[个名款])?(?:AI|ＡＩ|人工智能|语言模型|大模型|智能助手)")

# Markdown that 公文 text never has.
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪●]|>+|\d{1,2}[.)](?=\s))\s*")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")

# A heading's number as a model may echo it: 一、 （一） (一) 1. 1、 1． （1） 第一部分
_NUMBER = re.compile(r"^(?:第[一二三四五六七八九十百]+(?:部分|章|节)[、，：:\s]*"
                     r"|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]"
                     r"|\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[）)])\s*")
_HEADING_END = "。.：:；;，, "
_HEADING_STOP = "。.：: "  # after an echoed heading; a comma continues the sentence (the heading is its subject)

# A figure: a number that is not a year, a month or a day (years and dates are not figures).
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?![\d.]*\s*[年月日号])")


def _plain(text: str) -> str:
    """Text compared as a heading: no Markdown, no spaces, no leading number, no end punctuation."""
    text = _EMPHASIS.sub("", _MD_HEADING.sub("", text))
    text = re.sub(r"\s+", "", text).strip("《》“”\"")
    return _NUMBER.sub("", text).rstrip(_HEADING_END)


def figures_of(text: str) -> set[str]:
    """The figures of a text as digit strings ("28", "14.5"); years and dates left out."""
    return set(_FIGURE.findall(text))


def is_refusal(text: str) -> bool:
    """A reply that declines the task ("抱歉，我无法…", "作为AI…") and writes no section."""
    first = split_sentences(text.strip())[:2]
    return any(REFUSAL.search(sentence) for sentence in first)


# --------------------------------------------------------------------------- cleaning


@dataclass(frozen=True)
class Cleaned:
    """A section body and the pieces removed to get it (for the run's record)."""

    text: str
    removed: tuple[str, ...] = ()


def _markdown_free(line: str) -> str:
    line = _LINK.sub(r"\1", line)
    if "|" in line and line.strip().startswith("|"):  # a table row: its cells, joined
        line = "，".join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip())
    line = _MD_HEADING.sub("", line)
    line = _BULLET.sub("", line)
    return _EMPHASIS.sub("", line).strip()


def _without_heading(line: str, headings: Sequence[str]) -> str:
    """``line`` without an echoed heading at its start (the whole line, or "heading。text")."""
    plain = _plain(line)
    if any(plain == h for h in headings):
        return ""
    stripped = _NUMBER.sub("", _EMPHASIS.sub("", _MD_HEADING.sub("", line.strip())))
    for heading in headings:
        if stripped.startswith(heading):
            rest = stripped[len(heading):]
            if rest[:1] and rest[0] in _HEADING_STOP:  # "heading。text": the heading as a lead sentence
                return rest.lstrip(_HEADING_END)
    return line


class _Guard:
    """Keeps track of the data's figures so that none is removed with a sentence."""

    def __init__(self, data: Iterable[str]) -> None:
        self.data = set().union(*(figures_of(text) for text in data)) if data else set()

    def removable(self, piece: str, kept: str) -> bool:
        """A piece may go when every data figure in it is still in the kept text."""
        return not ((figures_of(piece) & self.data) - figures_of(kept))


def _preamble_length(paragraph: str) -> int:
    """How many leading characters of the reply's first paragraph are preamble (0: none)."""
    acknowledged = ACKNOWLEDGEMENT.match(paragraph)
    if acknowledged:
        return acknowledged.end()
    sentences = split_sentences(paragraph)
    first = sentences[0] if sentences else paragraph
    offset = paragraph.find(first)
    colon = re.search(r"[：:]", first)
    if colon and META.search(first[:colon.start()]):
        return offset + colon.end()
    return offset + len(first) if META.search(first) else 0


def _sign_off_start(paragraph: str) -> int | None:
    """Where the sign-off at the end of the reply's last paragraph begins (None: none)."""
    sentences = split_sentences(paragraph)
    if sentences and (SIGN_OFF.search(sentences[-1]) or META.search(sentences[-1])):
        return paragraph.rfind(sentences[-1])
    return None


def _strip_edges(paragraphs: list[str], guard: _Guard, removed: list[str]) -> list[str]:
    """Preamble at the start; a notes block, then sign-off sentences at the end."""
    for i, paragraph in enumerate(paragraphs):  # a notes block: from its head to the end
        if i > 0 and NOTES_HEAD.search(paragraph):
            tail = "\n".join(paragraphs[i:])
            if guard.removable(tail, "\n".join(paragraphs[:i])):
                removed.append(tail)
                paragraphs = paragraphs[:i]
            break
    while paragraphs:
        cut = _preamble_length(paragraphs[0])
        rest = paragraphs[0][cut:].strip()
        if not cut or not guard.removable(paragraphs[0][:cut], rest + "\n".join(paragraphs[1:])):
            break
        removed.append(paragraphs[0][:cut].strip())
        paragraphs = ([rest] if rest else []) + paragraphs[1:]
    while paragraphs:
        start = _sign_off_start(paragraphs[-1])
        if start is None:
            break
        rest = paragraphs[-1][:start].strip()
        if not guard.removable(paragraphs[-1][start:], "\n".join(paragraphs[:-1]) + rest):
            break
        removed.append(paragraphs[-1][start:].strip())
        paragraphs = paragraphs[:-1] + ([rest] if rest else [])
    return [p for p in paragraphs if p]


def clean_reply(reply: str, *, heading: str = "", title: str = "", outline: Sequence[str] = (),
                data: Iterable[str] = ()) -> Cleaned:
    """The section body in ``reply``: one paragraph a line, without code fences, Markdown, an echoed
    heading (this section's, or any of ``outline``'s, numbered or not, in bold or after #), the
    document ``title`` repeated, a preamble, a sign-off or a notes block. ``data`` are the texts the
    figures come from (facts, indicators): no sentence carrying one of their figures is lost.

        clean_reply("好的，以下是本节正文：\\n**（一）突出创新主体**\\n全县高企达47家。\\n希望对您有所帮助。",
                    heading="突出创新主体") → "全县高企达47家。"
    """
    guard = _Guard(list(data))
    removed: list[str] = []
    headings = [h for h in (_plain(x) for x in (heading, title, *outline)) if len(h) >= 2]
    paragraphs: list[str] = []
    for line in reply.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line) or _RULE.match(line) or _TABLE_SEPARATOR.match(line):
            continue
        text = _markdown_free(line)
        if not text:
            continue
        without = _without_heading(text, headings)
        if without != text:
            if not guard.removable(text[: len(text) - len(without)], without + "\n".join(paragraphs)):
                without = text
            else:
                removed.append(text[: len(text) - len(without)].strip() or text)
        if without:
            paragraphs.append(without)
    paragraphs = _strip_edges(paragraphs, guard, removed)
    return Cleaned("\n".join(paragraphs), tuple(r for r in removed if r))


def chatter_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Paragraphs of a finished text that are talk to the user, not text: a preamble, a sign-off, a
    notes head, Markdown marks or a refusal (what eval counts as chatter left in a draft)."""
    found = []
    for paragraph in paragraphs:
        sentences = split_sentences(paragraph.strip()) or [paragraph]
        if (ACKNOWLEDGEMENT.match(paragraph) or META.search(sentences[0]) or SIGN_OFF.search(sentences[-1])
                or NOTES_HEAD.search(paragraph)
                or REFUSAL.search(sentences[0]) or _FENCE.match(paragraph) or _MD_HEADING.match(paragraph)
                or "**" in paragraph):
            found.append(paragraph)
    return found
