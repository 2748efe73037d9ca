"""The checker on natural prose: the first replies that chat models gave to the drafter's own prompts.

The replies in eval/replies/<persona>/ were written by people playing a strong and a mid-size model, who
saw only the drafter's messages and kept a ledger of every slip (ledger.yaml). Each first reply is
cleaned and checked exactly as the drafting loop does; then:

- a figure slip of the ledger (rounded, dropped_approx, percent_point, computed, invented,
  wrong_indicator, wrong_value) is *caught* when an error of the checker lies inside its words; a
  figure the ledger marks ``correct: true`` (a growth rate computed right) must not be an error;
- an error on a figure outside every ledger entry is a *false alarm*: the persona wrote it true.

    python eval/checker/natural_prose.py [eval/replies/strong eval/replies/mid]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FIGURE_SLIPS = {"rounded", "dropped_approx", "percent_point", "computed", "invented", "wrong_indicator",
                "wrong_value"}


@dataclass
class Tally:
    replies: int = 0
    figures: int = 0
    slips: int = 0
    caught: int = 0
    false_alarms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    flagged_true: list[str] = field(default_factory=list)


def first_reply(folder: Path) -> str | None:
    """The round-0 reply of a section folder, or None when it is missing or was cut off."""
    if (folder / "round-0.reply.txt").is_file():
        return (folder / "round-0.reply.txt").read_text(encoding="utf-8")
    if (folder / "round-0.reply.json").is_file():
        reply = json.loads((folder / "round-0.reply.json").read_text(encoding="utf-8"))
        return reply["text"] if reply.get("finish_reason", "stop") == "stop" else None
    return None


def measure_document(folder: Path, tally: Tally) -> None:
    from drafter.backends.base import OPENING_KEY
    from drafter.cleaning import clean_reply
    from drafter.draft import opening_task, outline_lines, plan_sections, section_task, task_data
    from drafter.figures.reconcile import FigureChecker
    from drafter.notes import load_notes

    notes = load_notes(folder / "notes.yaml")
    plans = plan_sections(notes)
    outline = outline_lines(plans)
    tasks = {"00-opening": opening_task(notes, outline)}
    tasks |= {f"{p.index + 1:02d}-{p.key.replace('.', '_')}": section_task(notes, p, outline, []) for p in plans}
    ledger = yaml.safe_load((folder / "ledger.yaml").read_text(encoding="utf-8")) or []
    checker = FigureChecker(notes)
    for name, task in tasks.items():
        reply = first_reply(folder / name) if (folder / name).is_dir() else None
        if reply is None:
            continue
        body = clean_reply(reply, heading="" if task.key == OPENING_KEY else task.heading, title=task.doc_title,
                           outline=task.outline, data=task_data(task)).text
        report = checker.check(body, section=None if task.key == OPENING_KEY else task.key)
        tally.replies += 1
        on_text = [f for f in report.findings if f.kind != "unused" and f.start is not None]
        tally.figures += len(on_text)
        entries = [e for e in ledger if e.get("section") == name and int(e.get("round", 0)) == 0]
        spans = [(body.find(str(e["text"])), len(str(e["text"])), e) for e in entries]
        covered: set[int] = set()
        for at, length, entry in spans:
            if at < 0 or entry.get("kind") not in FIGURE_SLIPS:
                continue
            inside = [i for i, f in enumerate(on_text) if at <= f.start < at + length]
            errors = [i for i in inside if on_text[i].verdict == "error"]
            covered.update(inside)
            where = f"{folder.parent.name}/{folder.name}/{name}: {entry['text']}"
            if entry.get("correct"):
                if errors:
                    tally.flagged_true.append(where)
                continue
            tally.slips += 1
            if errors:
                tally.caught += 1
            else:
                tally.missed.append(f"{where} ({entry.get('kind')})")
        for i, finding in enumerate(on_text):
            in_any = any(at >= 0 and at <= finding.start < at + length for at, length, _ in spans)
            if finding.verdict == "error" and i not in covered and not in_any:
                sentence = body[max(0, finding.start - 30):finding.end + 10].replace("\n", " ")
                tally.false_alarms.append(f"{folder.parent.name}/{folder.name}/{name}: {finding.text} "
                                          f"[{finding.kind}] …{sentence}…")


def main(argv: list[str]) -> int:
    personas = [Path(a) for a in argv] or [ROOT / "eval" / "replies" / p for p in ("strong", "mid")]
    for persona in personas:
        tally = Tally()
        for folder in sorted(p for p in persona.iterdir() if (p / "ledger.yaml").is_file()):
            measure_document(folder, tally)
        rate = len(tally.false_alarms) / tally.figures if tally.figures else 0.0
        recall = tally.caught / tally.slips if tally.slips else 1.0
        print(f"{persona.name}: {tally.replies} first replies, {tally.figures} figures checked")
        print(f"  false alarms {len(tally.false_alarms)}/{tally.figures} = {rate:.1%} (target ≤ 0.5%)")
        print(f"  figure slips caught {tally.caught}/{tally.slips} = {recall:.3f} (target ≥ 0.97)")
        print(f"  true computed figures flagged: {len(tally.flagged_true)}")
        for line in tally.false_alarms:
            print(f"  FALSE ALARM {line}")
        for line in tally.missed:
            print(f"  MISSED {line}")
        for line in tally.flagged_true:
            print(f"  TRUE FIGURE FLAGGED {line}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
