"""Rewrite one section of an existing draft in place; every other paragraph stays as it was.

The section (with its sub-sections) goes through the same backend → check → repair loop as
drafting. Its facts come from the notes when given (the outline section with the same number path
or heading), else from the section's own sentences; ``--add-fact`` sentences are added to both the
facts and the data the figures are checked against.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.backends.base import Backend, SectionTask
from drafter.backends.instructions import Unfollowed
from drafter.config import Settings
from drafter.draft import (
    PlannedSection,
    SectionDraft,
    SectionWriter,
    kind_ordinals,
    open_backend,
    outline_lines,
    paragraphs_of,
    plan_sections,
    section_task,
)
from drafter.errors import DrafterError
from drafter.export.model import DraftDocument, DraftSection
from drafter.figures.reconcile import CheckReport, check_text
from drafter.notes import Notes, OutlineSection
from drafter.runs import new_run_dir
from drafter.text import split_sentences


@dataclass
class RewriteOutcome:
    section: DraftSection  # the new section as written
    output: Path
    drafts: list[SectionDraft]  # one per rewritten (sub-)section
    report: CheckReport | None  # figures of the new section against the notes; None with --no-check
    backend: str
    changed: list[str] = field(default_factory=list)  # keys of the (sub-)sections whose text changed
    # the parts of the instruction not carried out, each with its reason in Chinese (str(): “突出成效”（…）)
    not_followed: list[Unfollowed] = field(default_factory=list)
    failed: list[SectionDraft] = field(default_factory=list)  # got no usable reply: their text was kept
    written: bool = True  # False: nothing changed and the output was not written

    @property
    def notice(self) -> str:
        """What was done, in one line for the person: rewritten or 未改动, and each part of the
        instruction not carried out with its reason.

            已改写“二、存在的主要问题”；未能照办：“突出成效”（离线起草只用要点原话，不会替您提炼成效和亮点…）。
            未改动“（二）推动科技成果转化”：“更精炼”（这一节已经只有要点原话…）；文稿与原稿相同。
        """
        title = self.section.title_line
        reasons = "、".join(str(u) for u in self.not_followed)
        if not self.changed:
            kept = f"没有写出 {self.output.name}" if not self.written else "文稿与原稿相同"
            return f"未改动“{title}”" + (f"：{reasons}" if reasons else "") + f"；{kept}。"
        return f"已改写“{title}”" + (f"；未能照办：{reasons}" if reasons else "") + "。"


def _plan_for(section: DraftSection, plans: list[PlannedSection]) -> PlannedSection | None:
    """The outline section the draft section was written from: same number path, else same heading."""
    for plan in plans:
        if plan.key == section.key and plan.heading == section.heading:
            return plan
    same_heading = [p for p in plans if p.heading == section.heading]
    return same_heading[0] if len(same_heading) == 1 else None


def _notes_for_draft(draft: DraftDocument, notes: Notes | None) -> Notes:
    """Notes to draft and check against: the user's, or a stand-in built from the draft itself."""
    if notes is not None:
        return notes
    years = re.findall(r"(20\d\d)年", draft.title)
    year = int(years[0]) if years else draft.date.year - 1  # a summary is written early the next year
    return Notes(title=draft.title, unit=draft.unit, year=year, date=draft.date, sections=[])


def _with_added_facts(notes: Notes, plan: PlannedSection | None, section: DraftSection,
                      facts: list[str]) -> tuple[Notes, PlannedSection]:
    """Notes in which the target section carries its facts plus the added ones (a copy)."""
    if plan is None:  # no outline section: the section's own sentences are its facts
        own = [s for p in section.paragraphs for s in split_sentences(p)]
        source = OutlineSection(heading=section.heading, facts=[*own, *facts])
        notes = dataclasses.replace(notes, sections=[*notes.sections, source])
        kind = "other"
        return notes, PlannedSection(-1, section.key, section.number, section.level, section.heading, kind, source)
    source = dataclasses.replace(plan.source, facts=[*plan.source.facts, *facts])
    sections = [_swap(s, plan.source, source) for s in notes.sections]
    return dataclasses.replace(notes, sections=sections), dataclasses.replace(plan, source=source)


def _swap(node: OutlineSection, old: OutlineSection, new: OutlineSection) -> OutlineSection:
    if node is old:
        return new
    return dataclasses.replace(node, sections=[_swap(c, old, new) for c in node.sections])


def rewrite_section(
    draft_path: Path,
    selector: str,
    output: Path,
    settings: Settings,
    *,
    instruction: str | None = None,
    notes: Notes | None = None,
    add_facts: list[str] | None = None,
    check: bool = True,
    force: bool = False,
    backend: Backend | None = None,
    write_unchanged: bool = True,
) -> RewriteOutcome:
    """Rewrite the section ``selector`` names in ``draft_path`` and write the whole draft to ``output``.

    When the section comes back as it was, the output is still written (a copy of the draft) unless
    ``write_unchanged`` is False; either way the outcome says so (``changed`` empty, ``notice`` 未改动)
    and names each part of the instruction the backend did not carry out (``not_followed``).
    """
    from drafter.export.sections import find_section, read_draft, replace_section
    from drafter.files import refuse_overwrite

    draft_path, output = Path(draft_path), Path(output)
    if output.resolve() == draft_path.resolve() and not force:
        raise DrafterError(f"{output}: would overwrite the draft being rewritten; pass --force to allow it")
    if output.resolve() != draft_path.resolve():
        refuse_overwrite(output, force)
    if output.suffix.lower() != draft_path.suffix.lower():
        raise DrafterError(f"{output}: write the rewrite as {draft_path.suffix} like its input")
    if check and notes is None:
        raise DrafterError("rewriting checks figures against the notes: give --data NOTES, or --no-check")

    draft = read_draft(draft_path)
    target = find_section(draft, selector)
    base_notes = _notes_for_draft(draft, notes)
    plans = plan_sections(base_notes)
    ordinals = kind_ordinals(plans)
    outline = outline_lines(draft.walk())
    backend = backend or open_backend(settings)
    run_dir = new_run_dir(settings, base_notes)

    drafts: list[SectionDraft] = []
    tasks: list[tuple[SectionTask, DraftSection]] = []
    work_notes = base_notes
    for node in target.walk():
        plan = _plan_for(node, plans)
        work_notes, plan = _with_added_facts(work_notes, plan, node, list(add_facts or []) if node is target else [])
        task = dataclasses.replace(
            section_task(work_notes, plan, outline, [], ordinal=ordinals.get(plan.key, 0)),
            instruction="；".join(x for x in (plan.source.instruction, instruction) if x) or None,
            current_text="\n".join(node.paragraphs))
        tasks.append((task, node))

    writer = SectionWriter(work_notes, settings, backend, run_dir, check=check)
    new_paragraphs: dict[str, list[str]] = {}
    failed: list[SectionDraft] = []
    for index, (task, node) in enumerate(tasks, start=1):
        if not node.paragraphs and node.children and not task.facts:  # a heading over sub-sections only
            new_paragraphs[node.key] = []
            continue
        result = writer.write(index, task)
        drafts.append(result)
        if result.marked:  # no usable reply: the section keeps the text it had
            failed.append(result)
            continue
        new_paragraphs[node.key] = paragraphs_of(result.text)

    def rebuilt(node: DraftSection) -> DraftSection:
        return dataclasses.replace(node, paragraphs=new_paragraphs.get(node.key, node.paragraphs),
                                   children=[rebuilt(c) for c in node.children])

    new_section = rebuilt(target)
    changed = [n.key for n, m in zip(target.walk(), new_section.walk(), strict=True) if n.paragraphs != m.paragraphs]
    not_followed = _unfollowed(backend, instruction, changed=bool(changed))
    written = bool(changed) or write_unchanged
    if written:
        replace_section(draft_path, output, target.key, new_section)
    report = None
    if check:  # this section's figures, and the data it should have used; other sections are not in view
        checked = check_text("\n".join(p for s in new_section.walk() for p in [s.title_line, *s.paragraphs]),
                             work_notes)
        report = CheckReport(checked.text, [f for f in checked.findings if f.start is not None])
    return RewriteOutcome(new_section, output, drafts, report, backend.name, changed=changed,
                          not_followed=not_followed, failed=failed, written=written)


def _unfollowed(backend: Backend, instruction: str | None, *, changed: bool) -> list[Unfollowed]:
    """The parts of an instruction the backend says it did not carry out (an LLM follows them all)."""
    declared = getattr(backend, "unfollowed", None)
    return list(declared(instruction, changed=changed)) if declared and instruction else []
