"""What a section chief reads for in a draft's wording, as checks over a whole drafted document.

Shared by tests/test_offline_composer.py (each must find nothing in an offline draft) and
eval/composer_phrasing.py (which counts them per document). A sentence is the composer's own when it
is not one of the notes' facts (or a part of one) as the composer copies them.

- ``restated_headings`` — a body whose first sentence repeats its heading, or a part of it of four
  characters or more ("围绕加强科技宣传和普及，营造科技创新良好环境，我局…" under that heading);
- ``wrapped_headings`` — a heading inside a template (在…方面, 围绕…, 我局…) anywhere in the bodies;
- ``repeated_sentences`` — a sentence of the composer's own that stands more than once in a document
  ("通过以上举措，推动全市科技创新工作再上新台阶。" twice);
- ``claims`` — a sentence of the composer's own that claims a result (成效, 新台阶 …) no fact states;
- ``figures_twice_in_a_row`` — a figure stated again in the very next sentence of a body ("…增加到2026年的
  31家。一是…全县有效期内高新技术企业达到31家；"), unless both sentences are the notes' own facts.
"""

from __future__ import annotations

import re
from collections import Counter

from drafter.backends.offline import PLACEHOLDER, clean_fact
from drafter.export.model import DraftDocument
from drafter.notes import Notes

CLAIM = re.compile(r"成效|实效|见效|新进展|新台阶|高质量发展|取得.{0,4}成绩|久久为功|精准发力")
_SENTENCE = re.compile(r"(?<=[。！？；：])")
_MARKER = re.compile(r"^[一二三四五六七八九十]+是")
_WRAPS = ("在{}方面", "{}方面", "围绕{}", "聚焦{}", "我局{}")


def body_sentences(document: DraftDocument) -> list[str]:
    """Every sentence (to 。！？；：) of every section body but a 待补充 marker, its list marker (一是) removed."""
    return [_MARKER.sub("", sentence)
            for section in document.walk() for paragraph in section.paragraphs if PLACEHOLDER not in paragraph
            for sentence in _SENTENCE.split(paragraph) if sentence]


def from_the_notes(sentence: str, notes: Notes) -> bool:
    """The sentence is one of the notes' facts (or a part of one), as the composer copies them."""
    core = sentence.rstrip("。！？；：").replace("力争", "")
    facts = [clean_fact(fact).replace("力争", "") for _, section in notes.walk() for fact in section.facts]
    return any(core in fact for fact in facts)


def own_sentences(document: DraftDocument, notes: Notes) -> list[str]:
    return [s for s in body_sentences(document) if not from_the_notes(s, notes)]


def restated_headings(document: DraftDocument, notes: Notes) -> list[str]:
    """The headings whose body opens by repeating them (unless that opening is the notes' own fact)."""
    found = []
    for section in document.walk():
        if not section.paragraphs or PLACEHOLDER in section.paragraphs[0]:
            continue
        first = _MARKER.sub("", _SENTENCE.split(section.paragraphs[0])[0])
        parts = [p for p in re.split(r"[，、；]", section.heading) if len(p) >= 4]
        if any(p in first for p in parts) and not from_the_notes(first, notes):
            found.append(section.heading)
    return found


def wrapped_headings(document: DraftDocument) -> list[str]:
    """The headings that stand inside a template somewhere in the bodies."""
    bodies = "\n".join(p for section in document.walk() for p in section.paragraphs)
    return [section.heading for section in document.walk()
            if any(wrap.format(section.heading.rstrip("。")) in bodies for wrap in _WRAPS)]


def repeated_sentences(document: DraftDocument, notes: Notes) -> list[str]:
    return [s for s, n in Counter(own_sentences(document, notes)).items() if n > 1]


def claims(document: DraftDocument, notes: Notes) -> list[str]:
    return [s for s in own_sentences(document, notes) if CLAIM.search(s)]


def figures_twice_in_a_row(document: DraftDocument, notes: Notes) -> list[str]:
    """The figures (value and unit) a body states in two consecutive sentences, with the pair."""
    from drafter.figures.extract import extract_quantities

    found = []
    for section in document.walk():
        sentences = [s for p in section.paragraphs if PLACEHOLDER not in p for s in _SENTENCE.split(p) if s]
        figures = [{(q.value, q.unit) for q in extract_quantities(s) if not q.placeholder} for s in sentences]
        for i in range(len(sentences) - 1):
            both = figures[i] & figures[i + 1]
            if both and not (from_the_notes(_MARKER.sub("", sentences[i]), notes)
                             and from_the_notes(_MARKER.sub("", sentences[i + 1]), notes)):
                found.append(f"{sentences[i]} | {sentences[i + 1]}")
    return found
