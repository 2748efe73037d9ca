"""Content warnings: a section body that says more than its notes give it.

- ``content.over_length`` — a body well over its target length (``OVER_LENGTH`` times the 字数 the
  user gave or the length estimated from the content): models pad a thin section with claims nobody
  supplied. The warning stands on the whole body (a Word comment marks its first paragraph).
- ``content.unsupplied`` — a section with no facts and no indicators whose body is more than the
  placeholder it was asked for (【待补充】): all of it is the model's own.

Each is a warning (verdict ``warning``, kind ``content``) in the draft's check report and a Word comment.
"""

from __future__ import annotations

from collections.abc import Mapping

from drafter.export.model import DraftDocument, plain_text
from drafter.figures.reconcile import WARNING, Finding
from drafter.tense import body_sentences

OVER_LENGTH = 1.2  # a body longer than 1.2 × its target is over length: the prompt allows 两成 (±20 %)
PLACEHOLDER = "待补充"

OVER = "本节约{length}字，超出目标篇幅（约{target}字）较多，可能写入了要点以外的内容，请核对删减"
UNSUPPLIED = "本节没有提供要点和指标，这段内容都是模型自行写出的，没有依据；请核实，或在提纲中补充要点"


def _warning(text: str, start: int, rule: str, message: str) -> Finding:
    return Finding(text=text, start=start, end=start + len(text), verdict=WARNING, kind="content",
                   expected=None, source=None, message=message, rule=rule)


def content_warnings(document: DraftDocument, targets: Mapping[str, int], supplied: Mapping[str, bool]) -> list[Finding]:
    """The content warnings on a draft: ``targets`` maps each section key ("" for the opening) to its
    target length, ``supplied`` to whether the notes give it facts or indicators."""
    document_text = plain_text(document)
    by_section: dict[str, list] = {}
    for sentence in body_sentences(document):
        by_section.setdefault(sentence.key, []).append(sentence)
    warnings = []
    for key, sentences in by_section.items():
        body = "".join(s.text for s in sentences)
        if key and not supplied.get(key, True) and PLACEHOLDER not in body:
            first = sentences[0]
            warnings.append(_warning(first.text, first.start, "content.unsupplied", UNSUPPLIED))
            continue
        target = targets.get(key)
        if target and len(body) > OVER_LENGTH * target:
            first, last = sentences[0], sentences[-1]
            span = document_text[first.start:last.start + len(last.text)]
            warnings.append(_warning(span, first.start, "content.over_length",
                                     OVER.format(length=len(body), target=target)))
    return sorted(warnings, key=lambda f: f.start or 0)
