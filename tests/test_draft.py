"""Drafting end to end: notes → sections → checked and repaired → GB/T 9704 Word, offline and
against a real OpenAI-compatible HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import re
import socket
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from drafter.cli import app
from drafter.config import load_settings
from drafter.draft import draft_document, plan_sections
from drafter.notes import load_notes

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "hongjiang.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

runner = CliRunner()

SMALL_NOTES = """\
标题: 沅陵县科学技术局2025年工作总结
单位: 沅陵县科学技术局
年度: 2025
文种: 总结
日期: 2026-01-15
指标:
  - {名称: 高新技术企业, 数值: 47, 单位: 家, 章节: 突出创新主体}
  - {名称: 技术合同成交额, 数值: 14.5, 单位: 亿元, 章节: 提质创新平台}
提纲:
  - 标题: 2025年工作情况
    小节:
      - 标题: 突出创新主体
        要点:
          - 今年科技型中小企业数量达223家，申报高新技术企业20家
      - 标题: 提质创新平台
        要点:
          - 科技平台数量达到30个
      - 标题: 助力乡村振兴
        要点:
          - 举办各类科技培训21期，参训群众2500人次
  - 标题: 存在的问题
  - 标题: 下一步打算
    要点:
      - 力争2026年全县技术合同交易额增长15%以上
"""


def write_notes(folder: Path, text: str = SMALL_NOTES) -> Path:
    path = folder / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def section_of(body: dict) -> str:
    """The heading the stub is asked to write (the line '本节：…' of the user prompt)."""
    asked = "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")
    match = re.search(r"本节：(.+)", asked)
    return match.group(1) if match else "opening"


def correct_reply(heading: str) -> str:
    replies = {
        "突出创新主体": "全县科技型中小企业数量达223家，申报高新技术企业20家，高新技术企业达47家。",
        "提质创新平台": "全年技术合同成交额实现14.5亿元，科技平台数量达到30个。",
        "助力乡村振兴": "举办各类科技培训21期，参训群众2500人次。",
        "下一步打算": "力争2026年全县技术合同交易额增长15%以上。",
        "存在的问题": "本部分待补充。【待补充】",
    }
    for key, reply in replies.items():
        if key in heading:
            return reply
    return "2025年，县科技局在县委、县政府的正确领导下扎实工作。现将有关情况总结如下："


def stub_settings_args(stub) -> list[str]:  # type: ignore[no-untyped-def]
    return ["--backend", "openai", "--base-url", stub.url, "--model", "stub-model", "--no-retrieval"]


@pytest.fixture
def stub_env(openai_stub, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPENAI_API_KEY", openai_stub.api_key)
    return openai_stub


# --------------------------------------------------------------------------- offline, end to end


def test_offline_draft_of_the_example_is_a_gbt9704_word_document_without_figure_errors(home, tmp_path):
    output = tmp_path / "draft.docx"
    result = runner.invoke(app, ["draft", str(EXAMPLE), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "backend: offline" in result.output

    report = json.loads((tmp_path / "draft.check.json").read_text(encoding="utf-8"))
    assert report["summary"]["errors"] == 0
    assert report["summary"]["figures"] >= 40

    doc = open_docx(str(output))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(37)) < Mm(0.5) and abs(section.left_margin - Mm(28)) < Mm(0.5)

    notes = load_notes(EXAMPLE)
    expected_headings = [f"{p.number}{p.heading}" for p in plan_sections(notes)]
    headings = [p.text for p in doc.paragraphs if p.style.name.endswith("级标题")]
    assert headings == expected_headings
    assert headings[:3] == ["一、2025年及“十四五”规划工作回顾", "（一）2025年科技工作回顾",
                            "1.加强科技宣传和普及，营造科技创新良好环境"]

    fonts = {}
    for style_name in ("公文标题", "公文正文", "一级标题", "二级标题"):
        style = doc.styles[style_name]
        fonts[style_name] = (style.element.rPr.rFonts.get(f"{W}eastAsia"), style.font.size)
    assert fonts["公文标题"] == ("方正小标宋简体", Pt(22))
    assert fonts["公文正文"] == ("仿宋_GB2312", Pt(16))
    assert fonts["一级标题"] == ("黑体", Pt(16))
    assert fonts["二级标题"] == ("楷体_GB2312", Pt(16))

    with zipfile.ZipFile(output) as package:
        footers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in f for f in footers) and all("—" in f for f in footers)
    body = [p.text for p in doc.paragraphs if p.style.name == "公文正文"]
    assert body[0].startswith("2025年，洪江市科学技术局") and body[0].endswith("如下：")


def test_a_section_without_facts_is_marked_to_be_completed_not_invented(home, tmp_path):
    notes = write_notes(tmp_path)
    output = tmp_path / "draft.md"
    result = runner.invoke(app, ["draft", str(notes), "-o", str(output), "--offline", "--no-retrieval"])
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    problems = text.split("二、存在的问题")[1].split("三、")[0]
    assert "【待补充】" in problems
    assert not re.search(r"\d", problems)


def test_an_existing_output_is_refused_without_force_and_kept(home, tmp_path):
    notes = write_notes(tmp_path)
    output = tmp_path / "draft.docx"
    output.write_bytes(b"the user's own file")
    result = runner.invoke(app, ["draft", str(notes), "-o", str(output), "--offline", "--no-retrieval"])
    assert result.exit_code == 2
    assert "--force" in result.output and str(output) in result.output
    assert output.read_bytes() == b"the user's own file"


def test_notes_without_sections_are_refused_naming_the_file(home, tmp_path):
    notes = write_notes(tmp_path, SMALL_NOTES.split("提纲:")[0] + "提纲: []\n")
    result = runner.invoke(app, ["draft", str(notes), "-o", str(tmp_path / "d.docx"), "--offline"])
    assert result.exit_code == 2
    assert "notes.yaml" in result.output and "提纲" in result.output


def test_an_interrupted_run_resumes_from_its_run_directory(home, tmp_path, mock_backend):
    notes = load_notes(write_notes(tmp_path))
    settings = load_settings(backend="offline", concurrency=1)
    from drafter.backends.offline import OfflineComposer

    first = draft_document(notes, settings, backend=OfflineComposer())
    finished = sorted(first.run_dir.glob("sections/*/result.json"))
    assert len(finished) == len(first.sections)
    finished[-1].unlink()  # the last section was cut off
    mock_backend.enqueue("力争2026年全县技术合同交易额增长15%以上。")
    again = draft_document(notes, settings, backend=mock_backend, run_dir=first.run_dir)
    assert [t.heading for t in mock_backend.history] == ["下一步打算"]
    assert [s.text for s in again.sections[:-1]] == [s.text for s in first.sections[:-1]]
    assert again.sections[-1].text == "力争2026年全县技术合同交易额增长15%以上。"
    record = json.loads((first.run_dir / "run.json").read_text(encoding="utf-8"))
    assert [start["backend"] for start in record["starts"]] == ["offline", "mock"]


# --------------------------------------------------------------------------- openai backend over HTTP


def test_an_invented_figure_is_repaired_on_the_next_round(home, tmp_path, stub_env):
    wrong_once: set[str] = set()

    def respond(body: dict) -> str:
        heading = section_of(body)
        if "助力乡村振兴" in heading and heading not in wrong_once:
            wrong_once.add(heading)
            return "举办各类科技培训25期，参训群众2500人次。"
        return correct_reply(heading)

    stub_env.responder = respond
    output = tmp_path / "draft.docx"
    result = runner.invoke(app, ["draft", str(write_notes(tmp_path)), "-o", str(output),
                                 *stub_settings_args(stub_env)])
    assert result.exit_code == 0, result.output
    assert "backend: openai" in result.output
    rural = [r for r in stub_env.chat_requests if "助力乡村振兴" in section_of(r.body)]
    assert len(rural) == 2
    repair_prompt = rural[1].body["messages"][-1]["content"]  # the checker's findings, in plain words
    assert "25期" in repair_prompt and "21期" in repair_prompt
    text = "\n".join(p.text for p in open_docx(str(output)).paragraphs)
    assert "举办各类科技培训21期" in text and "25期" not in text


def test_a_figure_that_is_never_fixed_is_flagged_and_annotated(home, tmp_path, stub_env):
    def respond(body: dict) -> str:
        heading = section_of(body)
        if "提质创新平台" in heading:
            return "全年技术合同成交额实现14.5亿元，科技平台数量达到99个。"
        return correct_reply(heading)

    stub_env.responder = respond
    output = tmp_path / "draft.docx"
    result = runner.invoke(app, ["draft", str(write_notes(tmp_path)), "-o", str(output), "--annotate",
                                 *stub_settings_args(stub_env)])
    assert result.exit_code == 1, result.output
    platform = [r for r in stub_env.chat_requests if "提质创新平台" in section_of(r.body)]
    assert len(platform) == 3  # first attempt and two repair rounds
    report = json.loads((tmp_path / "draft.check.json").read_text(encoding="utf-8"))
    flagged = [f for f in report["findings"] if f["verdict"] == "error"]
    assert [f["text"] for f in flagged] == ["99个"]
    with zipfile.ZipFile(output) as package:
        comments = package.read("word/comments.xml").decode()
        anchored = package.read("word/document.xml").decode()
    assert "应为“30个”" in comments
    assert re.search(r"commentRangeStart[^>]*/>(<w:r>.*?</w:r>)*?.*?99个.*?commentRangeEnd", anchored)


def test_a_rerun_is_answered_from_the_reply_cache(home, tmp_path, stub_env):
    stub_env.responder = lambda body: correct_reply(section_of(body))
    notes = write_notes(tmp_path)
    args = ["draft", str(notes), *stub_settings_args(stub_env)]
    assert runner.invoke(app, [*args, "-o", str(tmp_path / "a.docx")]).exit_code == 0
    calls = len(stub_env.chat_requests)
    assert calls >= 6  # the opening and five section bodies
    assert runner.invoke(app, [*args, "-o", str(tmp_path / "b.docx")]).exit_code == 0
    assert len(stub_env.chat_requests) == calls


def test_prompts_carry_bound_indicators_and_fenced_style_references(home, tmp_path, stub_env):
    stub_env.responder = lambda body: correct_reply(section_of(body))
    args = ["draft", str(write_notes(tmp_path)), "-o", str(tmp_path / "d.docx"), "--backend", "openai",
            "--base-url", stub_env.url, "--model", "stub-model"]
    assert runner.invoke(app, args).exit_code == 0
    platform = next(r for r in stub_env.chat_requests if "提质创新平台" in section_of(r.body))
    user = platform.body["messages"][-1]["content"]
    assert "技术合同成交额" in user and "14.5" in user
    assert "参考范文" in user and "（未提供）" not in user.split("参考范文")[1][:40]


def test_an_unreachable_endpoint_fails_clearly_and_suggests_offline(home, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(app, ["draft", str(write_notes(tmp_path)), "-o", str(tmp_path / "d.docx"),
                                 "--backend", "openai", "--base-url", f"http://127.0.0.1:{port}/v1",
                                 "--no-retrieval"], env={"OPENAI_API_KEY": "k"})
    assert result.exit_code == 2
    assert "--offline" in result.output
    assert not (tmp_path / "d.docx").exists()


def _never_fixed(body: dict) -> str:
    heading = section_of(body)
    if "提质创新平台" in heading:
        return "全年技术合同成交额实现14.5亿元，新建科技平台99个。"
    return correct_reply(heading)


def test_figures_still_flagged_are_word_comments_by_default_and_listed_by_section(home, tmp_path, stub_env):
    stub_env.responder = _never_fixed
    output = tmp_path / "draft.docx"
    result = runner.invoke(app, ["draft", str(write_notes(tmp_path)), "-o", str(output),
                                 *stub_settings_args(stub_env)])
    assert result.exit_code == 1, result.output
    listing = result.output.split("by section:")[1]
    assert listing.index("（二）提质创新平台") < listing.index("“99个”")
    with zipfile.ZipFile(output) as package:
        comments = package.read("word/comments.xml").decode()
    assert "30个" in comments and "要点 一.（二） #1: 科技平台数量达到30个" in comments  # the finding and its source
    plain = runner.invoke(app, ["draft", str(write_notes(tmp_path)), "-o", str(tmp_path / "plain.docx"),
                                "--no-annotate", *stub_settings_args(stub_env)])
    assert plain.exit_code == 1
    with zipfile.ZipFile(tmp_path / "plain.docx") as package:
        assert "word/comments.xml" not in package.namelist()


def test_a_markdown_draft_marks_figures_still_flagged_inline(home, tmp_path, stub_env):
    stub_env.responder = _never_fixed
    output = tmp_path / "draft.md"
    result = runner.invoke(app, ["draft", str(write_notes(tmp_path)), "-o", str(output),
                                 *stub_settings_args(stub_env)])
    assert result.exit_code == 1, result.output
    text = output.read_text(encoding="utf-8")
    assert "新建科技平台<mark>99个</mark>。" in text and text.count("<mark>") == 1
    report = json.loads((tmp_path / "draft.check.json").read_text(encoding="utf-8"))
    (error,) = [f for f in report["findings"] if f["verdict"] == "error"]
    assert error["text"] == "99个"


def test_a_figure_the_model_computed_is_commented_for_the_person_to_confirm(home, tmp_path, mock_backend):
    from drafter.backends import register_backend

    notes = tmp_path / "notes.yaml"
    notes.write_text("标题: 某县科学技术局2025年工作总结\n单位: 某县科学技术局\n年度: 2025\n文种: 总结\n日期: 2026-01-15\n"
                     "指标:\n  - {名称: 技术合同成交额, 数值: 14.5, 单位: 亿元, 时期: 2025, 上期值: 12.5, 上期: 2024}\n"
                     "提纲:\n  - 标题: 成果转化\n    要点: [登记技术合同21项]\n", encoding="utf-8")
    mock_backend.enqueue("2025年，县科技局扎实推进各项科技工作。现将2025年工作情况总结如下：",
                         "全年登记技术合同21项，技术合同成交额14.5亿元，比上年增长16%。")
    register_backend("scripted-derived", lambda settings: mock_backend)
    output = tmp_path / "draft.docx"
    result = runner.invoke(app, ["draft", str(notes), "-o", str(output), "--backend", "scripted-derived",
                                 "--no-retrieval", "--concurrency", "1"])
    assert result.exit_code == 0, result.output  # a right computation is no error
    assert "computed “16%”" in result.output.replace("\n", "")
    with zipfile.ZipFile(output) as package:
        assert "是由数据推算得出的，请确认是否保留" in package.read("word/comments.xml").decode()
