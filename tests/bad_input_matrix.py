"""The bad-input matrix: every file of tests/data/bad through every command that reads such a file.

`notes-*` files go where notes are read (draft NOTES, check --data, rewrite --data, notes convert),
`text-*` files where a text or a draft is read (check TEXT, rewrite DRAFT, corpus add). Each run must end
with exit code 2 and exactly one line of output (the error naming the file): never a traceback, never
exit 1 (which for check means "figure errors"), never a file written. Shared by tests/test_bad_input.py
and eval/bad_input_matrix.py (which prints the table).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BAD = Path(__file__).resolve().parent / "data" / "bad"
REPO = Path(__file__).resolve().parent.parent

GOOD_NOTES = """\
标题: 石门县科学技术局2025年工作总结
单位: 石门县科学技术局
年度: 2025
日期: 2026-01-15
指标:
  - {名称: 高新技术企业, 数值: 28, 单位: 家}
提纲:
  - 标题: 2025年工作情况
    要点: [全年新增高新技术企业6家]
  - 标题: 存在的问题
"""
GOOD_DRAFT = "# 石门县科学技术局2025年工作总结\n\n## 一、2025年工作情况\n\n全县高新技术企业28家。\n\n" \
             "## 二、存在的问题\n\n创新人才不足。\n\n石门县科学技术局\n\n2026年1月15日\n"

NOTES_COMMANDS = ("draft", "check --data", "rewrite --data", "notes convert")
TEXT_COMMANDS = ("check", "rewrite", "corpus add")


def cases() -> list[Path]:
    """The bad files, notes first, by name."""
    return sorted(p for p in BAD.iterdir() if p.name.startswith(("notes-", "text-")))


def commands_for(case: Path) -> tuple[str, ...]:
    return NOTES_COMMANDS if case.name.startswith("notes-") else TEXT_COMMANDS


@dataclass
class Outcome:
    case: str
    command: str
    exit_code: int
    lines: list[str]
    written: list[str]

    @property
    def ok(self) -> bool:
        return self.exit_code == 2 and len(self.lines) == 1 and self.lines[0].startswith("error: ") \
            and not self.written


class Workspace:
    """A scratch folder with good companions (notes, a draft, a text) and a project home for corpus add."""

    def __init__(self, root: Path):
        self.root = root
        self.out = root / "out"
        self.out.mkdir(parents=True)
        self.notes = root / "good.yaml"
        self.notes.write_text(GOOD_NOTES, encoding="utf-8")
        self.draft = root / "good.md"
        self.draft.write_text(GOOD_DRAFT, encoding="utf-8")
        self.home = root / "home"
        shutil.copytree(REPO / "prompts", self.home / "prompts")
        (self.home / "corpus" / "raw").mkdir(parents=True)

    def args(self, command: str, case: Path) -> list[str]:
        out = self.out
        return {
            "draft": ["draft", str(case), "-o", str(out / "draft.docx"), "--offline", "--no-retrieval"],
            "check --data": ["check", str(self.draft), "--data", str(case)],
            "rewrite --data": ["rewrite", str(self.draft), "--section", "一", "-o", str(out / "r.md"),
                               "--data", str(case), "--offline"],
            "notes convert": ["notes", "convert", str(case), str(out / "converted.yaml")],
            "check": ["check", str(case), "--data", str(self.notes)],
            "rewrite": ["rewrite", str(case), "--section", "一", "-o", str(out / f"r{case.suffix}"), "--data",
                        str(self.notes), "--offline"],
            "corpus add": ["corpus", "add", str(case)],
        }[command]

    def written(self) -> list[str]:
        found = [p.relative_to(self.root).as_posix() for p in self.out.rglob("*")]
        found += [p.relative_to(self.root).as_posix() for p in (self.home / "corpus").rglob("*") if p.is_file()]
        return found


def run_case(invoke: Callable[[list[str], dict[str, str]], tuple[int, str]], workspace: Workspace, case: Path,
             command: str) -> Outcome:
    """Run one command on one bad file; ``invoke(args, env)`` returns (exit code, output)."""
    code, output = invoke(workspace.args(command, case), {"DRAFTER_HOME": str(workspace.home), "COLUMNS": "80"})
    written = workspace.written()
    for path in (workspace.out, workspace.home / "corpus"):
        shutil.rmtree(path)
    workspace.out.mkdir()
    (workspace.home / "corpus" / "raw").mkdir(parents=True)
    lines = [line for line in output.splitlines() if line.strip()]
    return Outcome(case.name, command, code, lines, written)


def cli_invoke(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """The drafter command in this process (typer's CliRunner), stdout and stderr together."""
    from typer.testing import CliRunner

    from drafter.cli import app

    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.output
