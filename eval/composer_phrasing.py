"""The offline composer's wording, read as a section chief reads it: `python eval/composer_phrasing.py`.

Drafts both examples, the four notes of eval/notes/ and the eval cases offline (no retrieval) and
counts per document, with the checks of tests/composer_phrasing.py:

- bodies: sections with a body (a 待补充 marker does not count);
- restated: bodies that open by repeating their heading;
- wrapped: headings that stand inside a template (在…方面, 围绕…);
- own: sentences of the composer's own (not copied from a fact); stock: those of them with no
  figure but a year (leads, closings) — the rest state the section's indicators;
- repeated: sentences of its own standing more than once in the document;
- claims: sentences of its own claiming a result (成效, 新台阶 …) no fact states;
- twice: figures stated again in the very next sentence of a body;
- unwrit: indicators whose value the draft never states.

The usability test's workbook (tests/data/qingxi.xlsx) is drafted too.

The last line sums the columns. Every sentence counted is printed with `--show`.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import composer_phrasing as phrasing  # noqa: E402

from drafter.backends.offline import PLACEHOLDER, OfflineComposer, current_text, stated_in_facts  # noqa: E402
from drafter.config import load_settings  # noqa: E402
from drafter.draft import draft_document  # noqa: E402
from drafter.export import plain_text  # noqa: E402
from drafter.notes import load_notes  # noqa: E402

DOCUMENTS = [ROOT / "examples" / "hongjiang.yaml", ROOT / "examples" / "yuanling.yaml",
             *sorted((ROOT / "eval" / "notes").glob("*.yaml")), *sorted((ROOT / "eval" / "cases").glob("*/notes.yaml")),
             ROOT / "tests" / "data" / "qingxi.xlsx"]
COLUMNS = ("bodies", "restat", "wrap", "own", "stock", "repeat", "claims", "twice", "unwrit")


def name_of(path: Path) -> str:
    return path.parent.name if path.stem == "notes" else path.stem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every sentence counted")
    args = parser.parse_args()
    totals = dict.fromkeys(COLUMNS, 0)
    print(f"{'document':<16}" + "".join(f"{c:>7}" for c in COLUMNS))
    with tempfile.TemporaryDirectory() as home:
        (Path(home) / "prompts").symlink_to(ROOT / "prompts")
        settings = load_settings(home=Path(home), backend="offline")
        for path in DOCUMENTS:
            notes = load_notes(path)
            document = draft_document(notes, settings, backend=OfflineComposer()).document
            own = phrasing.own_sentences(document, notes)
            stock = [s for s in own if not re.search(r"\d", re.sub(r"\d{4}年", "", s))]
            text = plain_text(document)
            found = {"restat": phrasing.restated_headings(document, notes),
                     "wrap": phrasing.wrapped_headings(document),
                     "stock": stock,
                     "repeat": phrasing.repeated_sentences(document, notes),
                     "claims": phrasing.claims(document, notes),
                     "twice": phrasing.figures_twice_in_a_row(document, notes),
                     "unwrit": [f"{i.name} {current_text(i)}" for i in notes.indicators if i.value is not None
                                and not stated_in_facts(dataclasses.replace(i, previous=None), text)]}
            row = {"bodies": sum(1 for s in document.walk() if s.paragraphs and PLACEHOLDER not in s.paragraphs[0]),
                   "own": len(own), **{k: len(v) for k, v in found.items()}}
            for column in COLUMNS:
                totals[column] += row[column]
            print(f"{name_of(path)[:15]:<16}" + "".join(f"{row[c]:>7}" for c in COLUMNS))
            if args.show:
                for column, sentences in found.items():
                    for sentence in sentences:
                        print(f"    {column}: {sentence}")
    print(f"{'total':<16}" + "".join(f"{totals[c]:>7}" for c in COLUMNS))


if __name__ == "__main__":
    main()
