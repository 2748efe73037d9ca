"""Rewriting one section in place: only that section changes; every other paragraph keeps its text
and formatting run by run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document as open_docx
from typer.testing import CliRunner

from drafter.cli import app

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "hongjiang.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example drafted offline once (no retrieval: the layout is what matters here)."""
    folder = tmp_path_factory.mktemp("drafted")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DRAFTER_HOME", str(folder / "home"))
        shutil.copytree(REPO / "prompts", folder / "home" / "prompts")
        for output in (folder / "draft.docx", folder / "md" / "draft.md"):
            result = runner.invoke(app, ["draft", str(EXAMPLE), "-o", str(output), "--offline", "--no-retrieval"])
            assert result.exit_code == 0, result.output
    return folder


def runs_of(path: Path) -> list[tuple]:
    """Every paragraph as (style, text, runs with their formatting)."""
    doc = open_docx(str(path))
    out = []
    for paragraph in doc.paragraphs:
        runs = tuple((r.text, r.bold, r.font.size, r.font.name,
                      r._r.rPr.xml if r._r.rPr is not None else None) for r in paragraph.runs)
        out.append((paragraph.style.name, paragraph.text, paragraph.paragraph_format.first_line_indent, runs))
    return out


def section_range(paragraphs: list[tuple], start_heading: str, next_heading: str) -> range:
    texts = [p[1] for p in paragraphs]
    return range(texts.index(start_heading), texts.index(next_heading))


def test_rewriting_a_section_keeps_every_other_paragraph_run_by_run(home, drafted, tmp_path):
    source = drafted / "draft.docx"
    output = tmp_path / "revised.docx"
    fact = "全市科技型企业研发人员不足300人"
    result = runner.invoke(app, ["rewrite", str(source), "--section", "二", "-i", "更精炼，突出问题",
                                 "--data", str(EXAMPLE), "--add-fact", fact, "-o", str(output)])
    assert result.exit_code == 1, result.output  # offline, 突出问题 is not carried out: said, exit 1
    assert "未能照办：“突出问题”（离线起草按要点的顺序成文" in result.output.replace("\n", "")
    before, after = runs_of(source), runs_of(output)
    old = section_range(before, "二、存在的主要问题", "三、2026年及“十五五”重点工作计划")
    new = section_range(after, "二、存在的主要问题", "三、2026年及“十五五”重点工作计划")
    assert before[:old.start] == after[:new.start]
    assert before[old.stop:] == after[new.stop:]
    rewritten = "\n".join(p[1] for p in after[new.start:new.stop])
    assert "不足300人" in rewritten
    assert [p[0] for p in after[new.start:new.stop]][0] == "一级标题"
    assert source.read_bytes() != output.read_bytes()


def test_rewriting_a_markdown_draft_changes_only_that_section(home, drafted, tmp_path):
    source = drafted / "md" / "draft.md"
    output = tmp_path / "revised.md"
    result = runner.invoke(app, ["rewrite", str(source), "--section", "一.（一）.3", "--data", str(EXAMPLE),
                                 "--add-fact", "新增研发奖补企业4家", "-o", str(output)])
    assert result.exit_code == 0, result.output
    before = source.read_text(encoding="utf-8").splitlines()
    after = output.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(before) if "加大科技投入" in line)
    end = next(i for i, line in enumerate(before) if "强化科技创新主体地位" in line)
    assert before[:start + 1] == after[:start + 1]
    assert before[end:] == after[len(after) - (len(before) - end):]
    assert "新增研发奖补企业4家" in "\n".join(after[start:len(after) - (len(before) - end)])


def test_a_selector_that_matches_several_sections_lists_the_candidates(home, drafted, tmp_path):
    result = runner.invoke(app, ["rewrite", str(drafted / "draft.docx"), "--section", "高新技术企业",
                                 "--no-check", "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2
    assert "一.（二）.2 高新技术企业发展迅速" in result.output
    assert "三.（二）.2 推进高新技术企业、科技型中小企业培育" in result.output
    assert not (tmp_path / "out.docx").exists()


def test_a_selector_that_matches_nothing_lists_the_sections(home, drafted, tmp_path):
    result = runner.invoke(app, ["rewrite", str(drafted / "draft.docx"), "--section", "五",
                                 "--no-check", "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2
    assert "no section matches" in result.output and "二 存在的主要问题" in result.output


def test_the_input_is_never_overwritten_without_force(home, drafted, tmp_path):
    draft = tmp_path / "draft.docx"
    shutil.copy2(drafted / "draft.docx", draft)
    before = draft.read_bytes()
    result = runner.invoke(app, ["rewrite", str(draft), "--section", "二", "--no-check", "-o", str(draft)])
    assert result.exit_code == 2 and "--force" in result.output
    assert draft.read_bytes() == before


def test_checking_needs_the_notes(home, drafted, tmp_path):
    result = runner.invoke(app, ["rewrite", str(drafted / "draft.docx"), "--section", "二",
                                 "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2 and "--data" in result.output


def test_an_llm_rewrite_sees_the_current_text_and_the_instruction_and_is_checked(
        home, drafted, tmp_path, openai_stub, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", openai_stub.api_key)
    openai_stub.enqueue("全市有效期内高新技术企业达29家。",  # wrong: repaired on the next round
                        "全市有效期内高新技术企业达28家，科技型中小企业评价入库70家。")
    output = tmp_path / "revised.docx"
    result = runner.invoke(app, ["rewrite", str(drafted / "draft.docx"), "--section", "一.（一）.4",
                                 "-i", "更精炼", "--data", str(EXAMPLE), "-o", str(output),
                                 "--backend", "openai", "--model", "stub-model"],
                           env={"OPENAI_BASE_URL": openai_stub.url})
    assert result.exit_code == 0, result.output
    first, second = openai_stub.chat_requests
    asked = "\n".join(m["content"] for m in first.body["messages"])
    assert "更精炼" in asked and "知识价值信用贷款" in asked  # the instruction and the section as it stands
    assert "29家" in second.body["messages"][-1]["content"]
    text = "\n".join(p.text for p in open_docx(str(output)).paragraphs)
    assert re.search(r"4\.强化科技创新主体地位，激发企业创新活力\n全市有效期内高新技术企业达28家", text)


SHORT_NOTES = """\
标题: 洪江市科学技术局2025年工作总结和2026年工作计划
单位: 洪江市科学技术局
年度: 2025
日期: 2025-12-20
文种: 总结和计划
提纲:
  - 标题: 2025年工作情况
    要点: [开展科普宣传活动10余次, 发放资料3.5万余份]
  - 标题: 下一步打算
    要点: [新增高新技术企业2家, 完成科技型中小企业入库65家]
"""


@pytest.fixture(scope="module")
def short_draft(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Notes whose two parts each get a lead (and the last, the plan, a closing line), drafted offline."""
    folder = tmp_path_factory.mktemp("short")
    notes = folder / "notes.yaml"
    notes.write_text(SHORT_NOTES, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DRAFTER_HOME", str(folder / "home"))
        shutil.copytree(REPO / "prompts", folder / "home" / "prompts")
        result = runner.invoke(app, ["draft", str(notes), "-o", str(folder / "draft.md"), "--offline",
                                     "--no-retrieval"])
        assert result.exit_code == 0, result.output
    return notes, folder / "draft.md"


def test_offline_rewrite_follows_a_request_for_concision_without_losing_a_figure(home, short_draft, tmp_path):
    notes, source = short_draft
    output = tmp_path / "concise.md"
    result = runner.invoke(app, ["rewrite", str(source), "--section", "二", "-i", "更精炼",
                                 "--data", str(notes), "-o", str(output)])
    assert result.exit_code == 0, result.output

    def section(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        return text[text.index("二、下一步打算"):text.index("洪江市科学技术局\n")]

    before, after = section(source), section(output)
    assert "下一步，我局将重点抓好以下工作：" in before and "确保各项任务按期落实" in before
    assert "以下工作" not in after and "落实。" not in after  # the lead and the closing line go
    assert len(after) < len(before)
    assert re.findall(r"\d+家", after) == re.findall(r"\d+家", before) == ["2家", "65家"]


def test_an_offline_rewrite_of_a_section_that_is_its_facts_alone_says_未改动_and_writes_nothing(
        home, drafted, tmp_path):
    source, output = drafted / "md" / "draft.md", tmp_path / "concise.md"
    result = runner.invoke(app, ["rewrite", str(source), "--section", "一.（一）.1", "-i", "更精炼",
                                 "--data", str(EXAMPLE), "-o", str(output)])
    assert result.exit_code == 1, result.output
    flat = result.output.replace("\n", "")
    assert "未改动“1.加强科技宣传和普及，营造科技创新良好环境”：“更精炼”（这一节已经只有要点原话" in flat
    assert "没有写出 concise.md" in flat and "已改写" not in flat and "已写入" not in flat
    assert not output.exists()


@pytest.mark.parametrize("instruction", ["更精炼，突出成效", "写得更精炼一些，突出成效", "请再精简一点，并且突出亮点",
                                         "稍微压缩一下；突出成果"])
def test_an_offline_rewrite_follows_an_instruction_as_a_person_writes_it_and_names_what_it_did_not(
        home, short_draft, tmp_path, instruction):
    notes, source = short_draft
    output = tmp_path / "concise.md"
    result = runner.invoke(app, ["rewrite", str(source), "--section", "一", "-i", instruction,
                                 "--data", str(notes), "-o", str(output)])
    assert result.exit_code == 1, result.output  # a part of what was asked was not done: the person looks
    flat = result.output.replace("\n", "")
    assert "已改写“一、2025年工作情况”；未能照办：“突出" in flat
    assert "（离线起草只用要点原话，不会替您提炼成效和亮点" in flat and "已写入 " in flat
    text = output.read_text(encoding="utf-8")
    assert "以下工作" not in text[text.index("一、2025年工作情况"):text.index("二、下一步打算")]  # 精炼: the lead went


def test_an_offline_rewrite_that_can_follow_nothing_says_未改动_with_each_reason_and_writes_nothing(
        home, drafted, tmp_path):
    source, output = drafted / "md" / "draft.md", tmp_path / "same.md"
    result = runner.invoke(app, ["rewrite", str(source), "--section", "一.（一）.1", "-i", "突出成效，语气更正式",
                                 "--data", str(EXAMPLE), "-o", str(output)])
    assert result.exit_code == 1, result.output
    flat = result.output.replace("\n", "")
    assert "未改动“1.加强科技宣传和普及，营造科技创新良好环境”：“突出成效”（离线起草只用要点原话" in flat
    assert "“语气更正式”（离线起草不改写措辞）" in flat and "已改写" not in flat
    assert not output.exists()


def test_the_rewrite_outcome_names_what_was_not_followed_for_the_web_page(home, drafted, tmp_path):
    from drafter.config import load_settings
    from drafter.notes import load_notes
    from drafter.rewrite import rewrite_section

    source, output = drafted / "md" / "draft.md", tmp_path / "candidate.md"
    outcome = rewrite_section(source, "一.（一）.1", output, load_settings(backend="offline"),
                              instruction="写得更精炼一些，突出成效", notes=load_notes(EXAMPLE))
    assert outcome.changed == [] and outcome.written  # the web page's candidate is written all the same
    assert output.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert [u.part for u in outcome.not_followed] == ["写得更精炼一些", "突出成效"]
    assert outcome.notice.startswith("未改动“1.加强科技宣传和普及，营造科技创新良好环境”：“写得更精炼一些”（")
    assert outcome.notice.endswith("；文稿与原稿相同。")  # no file name on the web page


def test_a_rewrite_that_gets_no_usable_reply_keeps_the_sections_text(home, drafted, tmp_path):
    from drafter.backends import register_backend
    from drafter.backends.base import Reply

    class Silent:
        name, identity = "silent", {"backend": "silent"}

        def write(self, task, round=None):  # type: ignore[no-untyped-def]
            return Reply("")

    register_backend("silent", lambda settings: Silent())
    source, output = drafted / "md" / "draft.md", tmp_path / "kept.md"
    result = runner.invoke(app, ["rewrite", str(source), "--section", "一.（一）.1", "-i", "更精炼",
                                 "--data", str(EXAMPLE), "-o", str(output), "--backend", "silent"])
    assert result.exit_code == 1, result.output
    assert "kept its text: no usable reply (empty reply ×4)" in result.output.replace("\n", "")
    assert "未改动" in result.output and not output.exists()
