"""Input that never crashes and output that never half-happens: control characters, encodings, outputs that
are folders, folders that cannot be written, a full disk, and the user's umask."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.errors import InputError
from drafter.files import atomic_write_text, decode_text, read_text
from drafter.notes import load_notes

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "hongjiang.yaml"
DRAFTER = str(Path(sys.executable).parent / "drafter")
runner = CliRunner()

NOTES = "标题: 石门县科学技术局\x0b2025年工作总结\n单位: 石门县科学技术局\n年度: 2025\n提纲:\n" \
        "  - 标题: 工作情况\n    要点:\n      - 新增高新技术企业6家。\x0b到位资金860万元。\n"


def test_a_word_soft_break_in_notes_is_a_line_break_in_facts_and_joins_one_line_values(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(NOTES, encoding="utf-8")
    notes = load_notes(path)
    assert notes.title == "石门县科学技术局2025年工作总结"
    assert notes.sections[0].facts == ["新增高新技术企业6家。\n到位资金860万元。"]


def test_a_soft_break_in_a_text_is_a_line_break_and_other_controls_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("一、工作情况\x0b新增企业6家。\n二、问题\n".encode())
    assert read_text(path) == "一、工作情况\n新增企业6家。\n二、问题\n"
    path.write_bytes("一、工作情况\n二、问题\x0c三、计划\n".encode())
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert caught.value.line == 2 and "U+000C" in caught.value.reason and "第 5 列" in caught.value.reason


def test_utf8_holding_nul_and_soft_breaks_is_never_taken_for_utf16(tmp_path: Path) -> None:
    data = "一、2025年工作情况\x0b全年新增高新技术企业6家。\x00\n".encode()
    assert decode_text(tmp_path / "x.txt", data).startswith("一、2025年")
    (tmp_path / "x.txt").write_bytes(data)
    home = tmp_path / "home"
    (home / "corpus" / "raw").mkdir(parents=True)
    result = runner.invoke(app, ["corpus", "add", str(tmp_path / "x.txt")], env={"DRAFTER_HOME": str(home)})
    assert result.exit_code == 2 and "x.txt:1: 第 26 列有控制字符 U+0000（空字符，" in result.output
    assert not (home / "corpus" / "user").exists()


def test_utf16_without_a_bom_is_still_recognised(tmp_path: Path) -> None:
    text = "一、2025年工作情况\r\n全年新增高新技术企业6家。\r\n"
    assert decode_text(tmp_path / "x.txt", text.encode("utf-16-le")) == text


@pytest.mark.parametrize(("name", "args"), [
    ("draft.docx", ["draft", str(EXAMPLE), "-o", "{out}", "--offline", "--no-retrieval"]),
    ("notes.yaml", ["notes", "convert", str(EXAMPLE), "{out}"]),
    ("notes.xlsx", ["notes", "template", "{out}"]),
    ("report.json", ["check", str(REPO / "eval" / "cases" / "003-hongjiang" / "reference.md"), "--data",
                     str(EXAMPLE), "--json", "{out}"]),
], ids=["draft", "convert", "template", "check --json"])
def test_an_output_naming_a_folder_is_one_line_and_exit_2(tmp_path: Path, name: str, args: list[str]) -> None:
    folder = tmp_path / name
    folder.mkdir()
    result = runner.invoke(app, [a.replace("{out}", str(folder)) for a in args])
    assert result.exit_code == 2 and result.output.strip().count("\n") == 0
    assert "is a folder; give the output a file name" in result.output
    assert list(folder.iterdir()) == []


def test_an_output_in_a_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    target = Path("/proc/drafter-cannot-write-here/notes.yaml")
    result = runner.invoke(app, ["notes", "convert", str(EXAMPLE), str(target)])
    assert result.exit_code == 2 and result.output.strip().count("\n") == 0
    assert str(target) in result.output and "cannot" in result.output


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no file size limit on this system")
@pytest.mark.parametrize("args", [
    ["notes", "convert", str(EXAMPLE), "{dir}/n.xlsx"],
    ["draft", str(EXAMPLE), "-o", "{dir}/d.docx", "--offline", "--no-retrieval"],
], ids=["convert", "draft"])
def test_a_full_disk_is_one_line_exit_2_and_leaves_no_partial_file(tmp_path: Path, args: list[str]) -> None:
    def small_disk() -> None:  # writes past 2 KB fail as on a full disk (EFBIG instead of ENOSPC)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    home = tmp_path / "home"
    shutil.copytree(REPO / "prompts", home / "prompts")
    done = subprocess.run([DRAFTER, *(a.replace("{dir}", str(tmp_path)) for a in args)], preexec_fn=small_disk,
                          capture_output=True, text=True, env={**os.environ, "DRAFTER_HOME": str(home)}, timeout=120)
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert done.returncode == 2, lines
    assert len(lines) == 1 and "the disk is full" in lines[0]
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".docx", ".tmp")]


def test_written_files_get_the_users_umask_and_keep_the_mode_of_a_file_they_replace(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
        (tmp_path / "b.txt").write_text("old")
        os.chmod(tmp_path / "b.txt", 0o600)
        atomic_write_text(tmp_path / "b.txt", "new")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o664
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o600


def test_a_bug_is_one_line_naming_the_saved_traceback_not_a_traceback(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import drafter.notes_write

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(drafter.notes_write, "convert_notes", broken)
    result = runner.invoke(app, ["notes", "convert", str(EXAMPLE), str(tmp_path / "n.yaml")])
    assert result.exit_code == 70
    line = result.output.strip()
    assert line.count("\n") == 0 and "internal error (ZeroDivisionError: oops)" in line
    saved = Path(line.rsplit(" ", 1)[1])
    assert "Traceback" in saved.read_text(encoding="utf-8")
    saved.unlink()
