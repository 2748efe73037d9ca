"""What the drafting loop does with real-model replies: replays each persona's recorded set and prints,
per persona, the figures the issue asks for.

    python eval/replay_report.py eval/replies/strong eval/replies/mid [--show-slips] [--repeat-faulty]

For each persona (a folder of recorded documents, see eval/replies/README.md):
- chatter paragraphs left in the final drafts (talk to the user, Markdown; target 0), and the chatter
  the ledger lists that still stands in a draft;
- sections lost (no usable reply: marked 【待补充：…】; target 0);
- repair rounds: sections that needed one, and repair rounds per section (strong model: ≤ 3%);
- figure errors left in the final drafts;
- slips from the persona's ledger: flagged (a finding of the checker or a tense/time warning covers
  the slip's words in the round it was made, or in the final draft) or repaired (gone from the
  final section); every slip of the mid-size model should be one or the other.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drafter.cleaning import chatter_paragraphs  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.errors import DrafterError  # noqa: E402
from drafter.replay import replay_documents, run_replay_eval  # noqa: E402


@dataclass
class Slip:
    document: str
    section: str
    round: int
    text: str
    kind: str
    note: str = ""
    flagged: bool = False
    repaired: bool = False


@dataclass
class PersonaFigures:
    persona: str
    documents: int = 0
    sections: int = 0
    sections_repaired: int = 0
    repair_rounds: int = 0
    errors_left: int = 0
    chatter: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
    changed: int = 0
    repeated: int = 0
    repairs: list[str] = field(default_factory=list)  # the first reply's errors of each repaired section


def _findings(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("findings", [])
    except (OSError, ValueError):
        return []


def _covers(finding: dict, slip: str) -> bool:
    """A finding the person sees on the slip's words: an error, a warning, or a figure marked as computed."""
    text = str(finding.get("text") or "")
    shown = finding.get("verdict") in ("error", "warning") or finding.get("kind") == "derived"
    return shown and bool(text) and (text in slip or slip in text)


def _judge_slip(slip: Slip, run_dir: Path, final_report: list[dict], final_sections: dict[str, str]) -> None:
    folder = run_dir / "sections" / slip.section
    in_round = _findings(folder / f"check-{slip.round}.json")
    slip.flagged = any(_covers(f, slip.text) for f in in_round + final_report)
    final = final_sections.get(slip.section)
    slip.repaired = final is not None and slip.text not in final


def measure(persona_dir: Path, repeat_faulty: bool) -> PersonaFigures:
    settings = load_settings()
    replayed = run_replay_eval(settings, persona_dir, repeat_faulty=repeat_faulty)
    figures = PersonaFigures(persona_dir.name, changed=len(replayed.changed), repeated=len(replayed.repeated))
    ledgers = {d.name: d.folder / "ledger.yaml" for d in replay_documents(persona_dir)}
    for case in replayed.run.cases:
        run_dir = Path(case.run_dir)
        figures.documents += 1
        figures.errors_left += int(case.metrics.get("errors_left", 0))
        final_sections: dict[str, str] = {}
        for folder in sorted((run_dir / "sections").iterdir()):
            kept = json.loads((folder / "result.json").read_text(encoding="utf-8"))
            final_sections[folder.name] = kept["text"]
            figures.sections += 1
            rounds = len(kept.get("costs") or []) or kept["rounds"]
            figures.repair_rounds += max(0, rounds - 1)
            figures.sections_repaired += rounds > 1
            if rounds > 1:
                errors = [f"“{f['text']}” {f.get('rule') or f['kind']}" for f in _findings(folder / "check-0.json")
                          if f.get("verdict") == "error"]
                figures.repairs.append(f"{case.case_id} {folder.name}: {'; '.join(errors)}")
            if kept.get("marked"):
                figures.lost.append(f"{case.case_id} {folder.name}: {kept['marked']}")
            figures.chatter += [f"{case.case_id} {folder.name}: {p}" for p in chatter_paragraphs(kept["text"].splitlines())]
        draft_report = _findings(Path(case.draft_path).with_name("draft.check.json"))
        ledger = ledgers.get(case.case_id)
        if ledger and ledger.is_file():
            for entry in yaml.safe_load(ledger.read_text(encoding="utf-8")) or []:
                slip = Slip(case.case_id, str(entry["section"]), int(entry.get("round", 0)), str(entry["text"]),
                            str(entry.get("kind", "other")), str(entry.get("note", "")))
                _judge_slip(slip, run_dir, draft_report, final_sections)
                figures.slips.append(slip)
    return figures


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def report(figures: PersonaFigures, show_slips: bool) -> None:
    slips = figures.slips
    caught = [s for s in slips if s.flagged or s.repaired]
    chatter_slips = [s for s in slips if s.kind == "chatter"]
    print(f"== persona {figures.persona}: {figures.documents} documents, {figures.sections} sections "
          f"(requests changed since recorded: {figures.changed}; retries answered with the faulty reply "
          f"again: {figures.repeated})")
    print(f"chatter paragraphs left in the drafts: {len(figures.chatter)}")
    print(f"ledger chatter still in the drafts: {sum(not s.repaired for s in chatter_slips)} of {len(chatter_slips)}")
    print(f"sections lost (marked): {len(figures.lost)}")
    print(f"sections that needed a repair round: {_share(figures.sections_repaired, figures.sections)}")
    print(f"repair rounds per section: {figures.repair_rounds / figures.sections if figures.sections else 0:.3f}")
    print(f"figure errors left in the drafts: {figures.errors_left}")
    print(f"ledger slips flagged or repaired: {_share(len(caught), len(slips))} "
          f"(flagged {sum(s.flagged for s in slips)}, repaired {sum(s.repaired for s in slips)})")
    for line in figures.chatter + figures.lost:
        print(f"  ! {line}")
    for line in figures.repairs:
        print(f"  repair {line}")
    for slip in slips:
        if show_slips or not (slip.flagged or slip.repaired):
            state = "flagged" if slip.flagged else "repaired" if slip.repaired else "MISSED"
            print(f"  {state:8} {slip.document} {slip.section} r{slip.round} {slip.kind}: {slip.text}  {slip.note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("personas", nargs="+", type=Path, help="persona folders, e.g. eval/replies/strong")
    parser.add_argument("--show-slips", action="store_true", help="list every slip, not only the missed ones")
    parser.add_argument("--repeat-faulty", action="store_true", help="answer a retry that has no recorded reply "
                        "with the faulty reply again (else such a retry stops the persona's replay)")
    args = parser.parse_args()
    for persona in args.personas:
        try:
            report(measure(persona, args.repeat_faulty), args.show_slips)
        except DrafterError as exc:
            print(f"== persona {persona.name}: cannot replay: {exc}")


if __name__ == "__main__":
    main()
