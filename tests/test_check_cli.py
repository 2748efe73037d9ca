"""`drafter check`: exit codes, the table, --json, --annotate, and bad input naming file, key and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

NOTES = """\
标题: 洪江市科学技术局2025年工作总结
单位: 洪江市科学技术局
年度: 2025
指标:
  - {名称: 有效期内高新技术企业, 数值: 28, 单位: 家}
  - {名称: 科技型中小企业评价入库, 数值: 70, 单位: 家}
提纲:
  - 标题: 2025年科技工作回顾
    要点:
      - 选派97名本级科技特派员到村服务
"""
CLEAN = "目前，洪江市有效期内高新技术企业28家。今年科技型中小企业评价入库70家。选派97名本级科技特派员到村服务。"
SWAPPED = "目前，洪江市有效期内高新技术企业70家。今年科技型中小企业评价入库28家。选派97名本级科技特派员到村服务。"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(NOTES, encoding="utf-8")
    return path


def run(*args: object) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def write_docx(path: Path, *paragraphs: str) -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def test_clean_text_exits_zero_and_prints_the_table(tmp_path: Path, notes: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    result = run("check", text, "--data", notes)
    assert result.exit_code == 0, result.output
    assert "28家" in result.output and "通过" in result.output


def test_errors_exit_one_and_json_has_the_documented_shape(tmp_path: Path, notes: Path) -> None:
    text = tmp_path / "draft.md"
    text.write_text(SWAPPED, encoding="utf-8")
    out = tmp_path / "report.json"
    result = run("check", text, "--data", notes, "--json", out)
    assert result.exit_code == 1, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"findings", "summary", "partial"}
    first = data["findings"][0]
    assert set(first) == {"text", "start", "end", "verdict", "kind", "expected", "source", "message", "confidence",
                          "rule", "candidates"}
    assert (first["text"], first["verdict"], first["kind"], first["expected"]) == ("70家", "error", "misattributed", "28家")
    assert SWAPPED[first["start"]:first["end"]] == "70家"
    assert data["summary"]["errors"] == 2


def test_an_existing_json_output_is_kept_without_force(tmp_path: Path, notes: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "report.json"
    out.write_text("mine", encoding="utf-8")
    result = run("check", text, "--data", notes, "--json", out)
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "mine"


def test_docx_offsets_and_annotated_copy_carry_a_comment_per_problem(tmp_path: Path, notes: Path) -> None:
    import docx

    source = write_docx(tmp_path / "draft.docx", "一、2025年科技工作回顾", *SWAPPED.split("。")[:2])
    out, annotated = tmp_path / "report.json", tmp_path / "annotated.docx"
    result = run("check", source, "--data", notes, "--json", out, "--annotate", annotated)
    assert result.exit_code == 1, result.output
    joined = "\n".join(p.text for p in docx.Document(str(source)).paragraphs)
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert [joined[f["start"]:f["end"]] for f in findings if f["verdict"] == "error"] == ["70家", "28家"]
    comments = [c.text for c in docx.Document(str(annotated)).comments]
    assert len(comments) == 3  # two misattributed figures and the unused 97名 under its section heading
    assert any("28家" in c for c in comments)
    assert docx.Document(str(source)).comments is not None and not list(docx.Document(str(source)).comments)


def test_a_docx_that_is_not_one_exits_two(tmp_path: Path, notes: Path) -> None:
    fake = tmp_path / "draft.docx"
    fake.write_text("not a zip", encoding="utf-8")
    result = run("check", fake, "--data", notes)
    assert result.exit_code == 2
    assert "draft.docx" in result.output and "Word" in result.output


def test_missing_notes_exit_two_naming_the_file(tmp_path: Path) -> None:
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    result = run("check", text, "--data", tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "missing.yaml" in result.output


def check_with_notes(tmp_path: Path, notes_text: str) -> object:
    text = tmp_path / "draft.txt"
    text.write_text(CLEAN, encoding="utf-8")
    notes = tmp_path / "notes.yaml"
    notes.write_text(notes_text, encoding="utf-8")
    return run("check", text, "--data", notes)


def test_an_unparseable_indicator_value_names_file_key_and_line(tmp_path: Path) -> None:
    result = check_with_notes(tmp_path, NOTES.replace("数值: 70", "数值: 七十多"))
    assert result.exit_code == 2
    assert "notes.yaml:6" in result.output and "指标[1].数值" in result.output and "七十多" in result.output


def test_malformed_notes_yaml_exits_two_with_its_line(tmp_path: Path) -> None:
    result = check_with_notes(tmp_path, NOTES.replace("  - {名称: 科技型中小企业评价入库", "  - {名称: [科技型"))
    assert result.exit_code == 2
    assert "notes.yaml:" in result.output
