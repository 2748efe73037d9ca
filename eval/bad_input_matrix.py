"""The bad-input matrix as a table: `python eval/bad_input_matrix.py`.

Every file of tests/data/bad (made by tests/data/bad/make_bad_inputs.py) through every command that reads
such a file, run as a user runs it (the installed `drafter` command, a separate process each time). A cell
shows the exit code, and "!" when the run did not end with exactly one line starting "error: " or wrote a
file. The last line counts the runs that met the rule: exit 2, one line, nothing written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bad_input_matrix import NOTES_COMMANDS, TEXT_COMMANDS, Workspace, cases, commands_for, run_case  # noqa: E402

DRAFTER = shutil.which("drafter", path=str(Path(sys.executable).parent)) or "drafter"


def process_invoke(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run([DRAFTER, *args], capture_output=True, text=True, env={**os.environ, **env},
                          timeout=120)
    return done.returncode, done.stdout + done.stderr


def main() -> None:
    good = total = 0
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder))
        for role, columns in (("notes-", NOTES_COMMANDS), ("text-", TEXT_COMMANDS)):
            files = [p for p in cases() if p.name.startswith(role)]
            width = max(len(p.name) for p in files)
            labels = [c.split(" --")[0].replace("notes ", "") for c in columns]  # "check --data" → "check"
            print(f"{role + '*':<{width}}" + "".join(f"{label:>11}" for label in labels))
            for case in files:
                cells = []
                for command in commands_for(case):
                    outcome = run_case(process_invoke, workspace, case, command)
                    cells.append(f"{outcome.exit_code}{'' if outcome.ok else '!'}")
                    good += outcome.ok
                    total += 1
                print(f"{case.name:<{width}}" + "".join(f"{cell:>11}" for cell in cells))
            print()
    print(f"{len(cases())} files, {total} runs: {good} exit 2 with one line naming the file, "
          f"{total - good} not")


if __name__ == "__main__":
    main()
