"""No input crashes drafter: every file of the bad-input matrix, through every command that reads such a
file, ends with exit code 2 and one line naming the file, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bad_input_matrix import Workspace, cases, cli_invoke, commands_for, run_case


def test_the_matrix_has_at_least_forty_bad_files() -> None:
    assert len(cases()) >= 40


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("bad-input"))


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_every_command_gives_one_line_and_exit_2(workspace: Workspace, case: Path) -> None:
    for command in commands_for(case):
        outcome = run_case(cli_invoke, workspace, case, command)
        assert outcome.ok, (command, outcome.exit_code, outcome.lines[:3], outcome.written)
        assert case.name in outcome.lines[0] or "good.md" in outcome.lines[0], outcome.lines[0]
