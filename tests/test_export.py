"""Export: GB/T 9704 Word and Markdown drafts written, read back, edited one section at a time, annotated."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from lxml import etree

from drafter.errors import DrafterError, InputError
from drafter.export import (
    DraftDocument,
    DraftSection,
    annotate_docx,
    find_section,
    number_marker,
    number_outline,
    plain_text,
    read_document_text,
    read_draft,
    replace_section,
    write_docx,
    write_markdown,
)
from drafter.export.gbt9704 import TEXT_WIDTH_TWIPS

RAW = Path(__file__).resolve().parent.parent / "corpus" / "raw"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Flag:
    """What the checker hands over: a span of the document text and a message."""

    start: int
    end: int
    message: str


def section(heading: str, *paragraphs: str, children: list[DraftSection] | None = None) -> DraftSection:
    return DraftSection(0, "", heading, list(paragraphs), children or [])


def sample_draft() -> DraftDocument:
    """A 科技局 summary and plan in the seeds' words (沅陵县, seed 002), four heading levels deep."""
    sections = [
        section("2025年工作情况", children=[
            section("坚持党建引领，紧握科技创新“指南针”。",
                    "把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，坚定拥护“两个确立”、坚决做到“两个维护”。"),
            section("突出创新主体，抢占科技创新“制高点”。",
                    "推荐“皇妃碣滩花香红茶工艺文旅产品开发与农文旅融合示范”项目入选第五届湖南旅游发展大会科技专项，获70万元资金支持。",
                    "今年科技型中小企业数量达223家，申报高新技术企业20家，全县高新技术企业已达47家。",
                    children=[
                        section("抓好企业培育。", "全县新增40家有研发活动的企业，规模以上企业研发投入持续增加。",
                                children=[section("强化梯次培育。", "选择创新基础好且具有发展潜力的企业入库。")]),
                        section("强化技术攻关。", "组织指导企业申报全省重大科技攻关项目，获专家评审第二名。"),
                    ]),
            section("助力乡村振兴，搭建科技人才“联通桥”。",
                    "全年科技专家服务企业12个、合作社51个，进行技术指导352次，提供产业发展建议方案28条。"),
        ]),
        section("存在的问题", "虽然我们在科技赋能县域经济高质量发展上取得了一定的成绩，但还存在着不足之处。",
                children=[section("企业自主创新能力不强。", "企业研发费用投入不足，科技成果转化机制改革不到位。")]),
        section("下一步打算", children=[
            section("聚力“硬核攻坚”。", "全县研发投入强度增长20%以上，县财政设立3-5个“重金悬赏”揭榜挂帅项目。"),
            section("布局数字工程。", "建成区域性数字化种质资源库，打造“数字碣滩茶”品牌。"),
        ]),
    ]
    number_outline(sections)
    return DraftDocument(
        title="沅陵县科学技术局2025年工作总结和2026年工作计划",
        unit="沅陵县科学技术局",
        date=dt.date(2026, 1, 15),
        opening=[("2025年，县科技局党组在县委、县政府的正确领导下，聚焦“四区三地一中心”建设，为县域经济社会高质量发展"
                  "贡献了科技力量。现将一年来工作情况总结如下：")],
        sections=sections,
        closing=["特此报告。"],
    )


@pytest.fixture
def draft() -> DraftDocument:
    return sample_draft()


@pytest.fixture
def draft_docx(tmp_path: Path, draft: DraftDocument) -> Path:
    path = tmp_path / "draft.docx"
    write_docx(draft, path)
    return path


def part_xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def style_xml(path: Path, name: str) -> etree._Element:
    styles = part_xml(path, "word/styles.xml")
    return next(s for s in styles.iter(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == name)


def run_signature(paragraph) -> tuple:  # type: ignore[no-untyped-def]
    """Text and formatting of a paragraph, run by run, as Word would render it."""
    runs = []
    for run in paragraph.runs:
        fonts = run._r.rPr.rFonts if run._r.rPr is not None else None
        runs.append((run.text, run.bold, run.italic, run.font.name, run.font.size,
                     fonts.get(qn("w:eastAsia")) if fonts is not None else None,
                     run.font.highlight_color, run.style.name if run.style is not None else None))
    return paragraph.style.name, paragraph.text, etree.tostring(paragraph._p.pPr) if paragraph._p.pPr is not None \
        else b"", tuple(runs)


# --------------------------------------------------------------------------- numbering


def test_number_markers_follow_the_four_gongwen_levels() -> None:
    assert [number_marker(1, i) for i in (1, 2, 10, 11, 20, 21)] == ["一、", "二、", "十、", "十一、", "二十、", "二十一、"]
    assert number_marker(2, 3) == "（三）"
    assert number_marker(2, 12) == "（十二）"
    assert number_marker(3, 12) == "12."
    assert number_marker(4, 2) == "（2）"
    with pytest.raises(ValueError):
        number_marker(5, 1)


def test_number_outline_assigns_numbers_and_keys_from_nesting(draft: DraftDocument) -> None:
    keys = [(s.level, s.number, s.key) for s in draft.walk()]
    assert keys[:6] == [(1, "一、", "一"), (2, "（一）", "一.（一）"), (2, "（二）", "一.（二）"),
                        (3, "1.", "一.（二）.1"), (4, "（1）", "一.（二）.1.（1）"), (3, "2.", "一.（二）.2")]
    assert keys[-1] == (2, "（二）", "三.（二）")
    too_deep = [section("a", children=[section("b", children=[section("c", children=[
        section("d", children=[section("e")])])])])]
    with pytest.raises(ValueError, match="4 levels"):
        number_outline(too_deep)


# --------------------------------------------------------------------------- GB/T 9704 layout


def test_page_is_a4_with_gbt9704_margins_and_a_22_by_28_grid(draft_docx: Path) -> None:
    page = docx.Document(str(draft_docx)).sections[0]
    assert abs(page.page_width - Mm(210)) < Mm(0.1) and abs(page.page_height - Mm(297)) < Mm(0.1)
    assert abs(page.top_margin - Mm(37)) < Mm(0.1) and abs(page.left_margin - Mm(28)) < Mm(0.1)
    assert abs(page.right_margin - Mm(26)) < Mm(0.1) and abs(page.bottom_margin - Mm(35)) < Mm(0.1)
    text_width = Length(page.page_width - page.left_margin - page.right_margin)
    text_height = Length(page.page_height - page.top_margin - page.bottom_margin)
    assert abs(text_width - Mm(156)) < Mm(0.1) and abs(text_height - Mm(225)) < Mm(0.1)
    grid = part_xml(draft_docx, "word/document.xml").find(f".//{W}sectPr/{W}docGrid")
    assert grid.get(f"{W}type") == "lines"
    line_pitch = int(grid.get(f"{W}linePitch"))
    assert line_pitch == 579 and 22 * line_pitch <= text_height.twips < 23 * line_pitch
    defaults = part_xml(draft_docx, "word/styles.xml").find(f".//{W}docDefaults/{W}rPrDefault/{W}rPr")
    char_pitch_twips = 16 * 20 + int(defaults.find(f"{W}spacing").get(f"{W}val"))
    assert text_width.twips // char_pitch_twips == 28


@pytest.mark.parametrize(("name", "east_asia", "size", "bold"), [
    ("公文标题", "方正小标宋简体", 22, False),
    ("公文正文", "仿宋_GB2312", 16, False),
    ("一级标题", "黑体", 16, False),
    ("二级标题", "楷体_GB2312", 16, False),
    ("三级标题", "仿宋_GB2312", 16, True),
    ("四级标题", "仿宋_GB2312", 16, False),
    ("发文机关署名", "仿宋_GB2312", 16, False),
    ("成文日期", "仿宋_GB2312", 16, False),
    ("公文页码", "宋体", 14, False),
])
def test_each_style_sets_its_chinese_font_as_east_asian_font(draft_docx: Path, name: str, east_asia: str,
                                                            size: int, bold: bool) -> None:
    fonts = style_xml(draft_docx, name).find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == east_asia
    assert not [attr for attr in fonts.attrib if "Theme" in attr or "theme" in attr]
    latin = "宋体" if name == "公文页码" else "Times New Roman"
    assert fonts.get(f"{W}ascii") == latin and fonts.get(f"{W}hAnsi") == latin
    style = docx.Document(str(draft_docx)).styles[name]
    assert style.font.size == Pt(size)
    assert bool(style.font.bold) is bold


def test_document_defaults_carry_fangsong_so_unstyled_text_is_not_in_a_western_font(draft_docx: Path) -> None:
    defaults = part_xml(draft_docx, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert defaults.find(f"{W}sz").get(f"{W}val") == "32"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"


def test_body_text_has_exact_line_spacing_and_a_two_character_indent(draft_docx: Path) -> None:
    document = docx.Document(str(draft_docx))
    body = [p for p in document.paragraphs if p.style.name == "公文正文"]
    assert len(body) == 12
    fmt = document.styles["公文正文"].paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28.95)
    assert fmt.first_line_indent == Pt(32)
    assert style_xml(draft_docx, "公文正文").find(f"{W}pPr/{W}ind").get(f"{W}firstLineChars") == "200"
    for p in body:  # nothing on the paragraphs or runs overrides the style
        assert p.paragraph_format.first_line_indent is None and p.paragraph_format.line_spacing is None
        assert all(r._r.rPr is None for r in p.runs)


def test_title_is_centred_and_broken_after_the_unit_and_the_signature_follows_7_3_5(draft_docx: Path) -> None:
    document = docx.Document(str(draft_docx))
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "公文标题"
    assert paragraphs[0].text == "沅陵县科学技术局\n2025年工作总结和2026年工作计划"
    assert document.styles["公文标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [(p.style.name, p.text) for p in paragraphs[-3:]] == [
        ("公文结束语", "特此报告。"), ("发文机关署名", "沅陵县科学技术局"), ("成文日期", "2026年1月15日")]
    assert document.styles["发文机关署名"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    unit, date = paragraphs[-2].paragraph_format, paragraphs[-1].paragraph_format
    assert unit.right_indent.pt == 32  # two characters from the right
    assert date.alignment == WD_ALIGN_PARAGRAPH.LEFT  # first character two right of the signature's first
    signature_start = TEXT_WIDTH_TWIPS - 2 * 320 - 8 * 315  # 2 characters of 16 pt in, 8 at the 315-twip pitch
    assert date.left_indent.twips == signature_start + 2 * 315
    assert document.core_properties.title == "沅陵县科学技术局2025年工作总结和2026年工作计划"


def test_headings_are_own_paragraphs_in_outline_order_with_their_numbers(draft_docx: Path) -> None:
    levels = {"一级标题": 1, "二级标题": 2, "三级标题": 3, "四级标题": 4}
    headings = [(levels[p.style.name], p.text) for p in docx.Document(str(draft_docx)).paragraphs
                if p.style.name in levels]
    assert headings == [
        (1, "一、2025年工作情况"), (2, "（一）坚持党建引领，紧握科技创新“指南针”。"),
        (2, "（二）突出创新主体，抢占科技创新“制高点”。"), (3, "1.抓好企业培育。"), (4, "（1）强化梯次培育。"),
        (3, "2.强化技术攻关。"), (2, "（三）助力乡村振兴，搭建科技人才“联通桥”。"), (1, "二、存在的问题"),
        (2, "（一）企业自主创新能力不强。"), (1, "三、下一步打算"), (2, "（一）聚力“硬核攻坚”。"), (2, "（二）布局数字工程。")]
    heading_xml = style_xml(draft_docx, "一级标题").find(f"{W}pPr")
    assert heading_xml.find(f"{W}outlineLvl").get(f"{W}val") == "0"
    assert heading_xml.find(f"{W}keepNext") is not None


def test_page_numbers_are_page_fields_between_dashes_right_on_odd_and_left_on_even_pages(draft_docx: Path) -> None:
    document = docx.Document(str(draft_docx))
    settings = part_xml(draft_docx, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    assert document.settings.odd_and_even_pages_header_footer
    page = document.sections[0]
    for footer, side in ((page.footer, "right"), (page.even_page_footer, "left")):
        (paragraph,) = footer.paragraphs
        assert paragraph.text == "— 1 —"
        assert paragraph.style.name == "公文页码"
        instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        ppr = paragraph._p.pPr
        assert ppr.find(qn("w:jc")).get(qn("w:val")) == side
        assert ppr.find(qn("w:ind")).get(qn(f"w:{side}Chars")) == "100"  # one character in


def test_plain_text_is_exactly_what_read_document_text_returns(draft: DraftDocument, draft_docx: Path) -> None:
    text = read_document_text(draft_docx)
    assert text == plain_text(draft)
    assert text.split("\n")[3] == "一、2025年工作情况"  # the title takes two lines


def test_flagged_figures_get_comments_when_writing(tmp_path: Path, draft: DraftDocument) -> None:
    text = plain_text(draft)
    start = text.index("223家")
    path = tmp_path / "flagged.docx"
    write_docx(draft, path, flagged=[Flag(start, start + 4, "句中“223家”与数据不符，应为233家")])
    assert commented_spans(path) == [("223家", "句中“223家”与数据不符，应为233家")]
    assert read_document_text(path) == text


# --------------------------------------------------------------------------- reading drafts back


def test_docx_draft_reads_back_to_the_same_document(draft: DraftDocument, draft_docx: Path) -> None:
    assert read_draft(draft_docx) == draft


def test_markdown_draft_round_trips_and_has_no_markdown_residue_in_the_body(tmp_path: Path,
                                                                          draft: DraftDocument) -> None:
    path = tmp_path / "draft.md"
    write_markdown(draft, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 沅陵县科学技术局2025年工作总结和2026年工作计划\n\n")
    assert "\n## 一、2025年工作情况\n" in text and "\n### （二）突出创新主体" in text
    assert "\n#### 1.抓好企业培育。\n" in text and "\n##### （1）强化梯次培育。\n" in text
    assert text.endswith("\n\n沅陵县科学技术局\n\n2026年1月15日\n")
    body = [line for line in text.splitlines() if line and not line.startswith("#") and not line.startswith("<!--")]
    assert not [line for line in body if any(mark in line for mark in ("**", "__", "`", "#", "- ", "* "))]
    assert read_draft(path) == draft


def test_a_seed_with_run_in_headings_reads_as_numbered_sections(tmp_path: Path) -> None:
    path = tmp_path / "yuanling.md"
    shutil.copy(next(RAW.glob("002_*.txt")), path)
    doc = read_draft(path)
    assert doc.title == "2025年科技局工作总结"
    assert [s.title_line for s in doc.sections] == ["一、2025年工作情况", "二、存在的问题", "三、下一步打算"]
    first = doc.sections[0].children[0]
    assert (first.key, first.number, first.heading) == ("一.（一）", "（一）", "坚持党建引领,紧握科技创新“指南针”")
    assert first.paragraphs[0].startswith("把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务")
    assert [c.number for c in doc.sections[2].children] == ["（一）", "（二）", "（三）", "（四）"]
    assert doc.sections[1].paragraphs == [("虽然我们在科技赋能县域经济高质量发展上取得了一定的成绩,"
                                           "但还存在着很多不足之处,主要表现在:")]


# --------------------------------------------------------------------------- finding a section


def test_find_section_by_number_path_positions_or_heading_text(draft: DraftDocument) -> None:
    assert find_section(draft, "二").heading == "存在的问题"
    assert find_section(draft, "一.（二）.1").heading == "抓好企业培育。"
    assert find_section(draft, "一.(二).1.(1)").heading == "强化梯次培育。"
    assert find_section(draft, "1.2.2").heading == "强化技术攻关。"
    assert find_section(draft, "数字工程").key == "三.（二）"


def test_a_selector_matching_several_sections_lists_them(draft: DraftDocument) -> None:
    with pytest.raises(DrafterError) as caught:
        find_section(draft, "科技")
    message = str(caught.value)
    assert "matches 3 sections" in message
    assert "一.（一） 坚持党建引领" in message and "一.（二） 突出创新主体" in message and "一.（三） 助力乡村振兴" in message


def test_a_selector_matching_nothing_lists_every_section(draft: DraftDocument) -> None:
    with pytest.raises(DrafterError) as caught:
        find_section(draft, "四.（一）")
    message = str(caught.value)
    assert "no section matches '四.（一）'" in message
    assert "三.（二） 布局数字工程。" in message and "一.（二）.1.（1） 强化梯次培育。" in message


# --------------------------------------------------------------------------- replacing a section


def new_plan_section() -> DraftSection:
    return section("聚力“硬核攻坚”，突出成效。", "力争全县研发投入强度增长20%以上。",
                   children=[section("设立揭榜挂帅项目。", "县财政设立3-5个“重金悬赏”揭榜挂帅项目。")])


def test_replacing_a_docx_section_keeps_every_other_paragraph_run_by_run(draft_docx: Path, tmp_path: Path) -> None:
    before_bytes = draft_docx.read_bytes()
    out = tmp_path / "rewritten.docx"
    written = replace_section(draft_docx, out, "三.（一）", new_plan_section())
    assert (written.number, written.key, written.children[0].number) == ("（一）", "三.（一）", "1.")
    assert draft_docx.read_bytes() == before_bytes
    old = [run_signature(p) for p in docx.Document(str(draft_docx)).paragraphs]
    new = [run_signature(p) for p in docx.Document(str(out)).paragraphs]
    first = next(i for i, sig in enumerate(old) if sig[1] == "（一）聚力“硬核攻坚”。")
    assert new[:first] == old[:first]
    assert new[first + 4:] == old[first + 2:]
    assert [(sig[0], sig[1]) for sig in new[first:first + 4]] == [
        ("二级标题", "（一）聚力“硬核攻坚”，突出成效。"), ("公文正文", "力争全县研发投入强度增长20%以上。"),
        ("三级标题", "1.设立揭榜挂帅项目。"), ("公文正文", "县财政设立3-5个“重金悬赏”揭榜挂帅项目。")]
    rewritten = read_draft(out)
    assert find_section(rewritten, "三.（一）.1").heading == "设立揭榜挂帅项目。"
    assert find_section(rewritten, "三.（二）").heading == "布局数字工程。"


def test_replacing_a_section_with_subsections_removes_all_of_them(draft_docx: Path, tmp_path: Path,
                                                                 draft: DraftDocument) -> None:
    out = tmp_path / "rewritten.docx"
    replace_section(draft_docx, out, "突出创新主体", section("突出创新主体。", "今年科技型中小企业数量达223家。"))
    text = read_document_text(out)
    assert "抓好企业培育" not in text and "强化技术攻关" not in text
    expected = read_document_text(draft_docx).split("\n")
    start = expected.index("（二）突出创新主体，抢占科技创新“制高点”。")
    stop = expected.index("（三）助力乡村振兴，搭建科技人才“联通桥”。")
    expected[start:stop] = ["（二）突出创新主体。", "今年科技型中小企业数量达223家。"]
    assert text.split("\n") == expected


def foreign_docx(path: Path) -> Path:
    """A Word draft not made by drafter: run-in bold headings, direct fonts, a table, a custom body font."""
    document = docx.Document()
    document.add_paragraph("洪江市科学技术局2025年工作总结")
    document.add_paragraph("2025年，市科技局在市委、市政府的坚强领导下，现将工作情况总结如下：")
    document.add_paragraph("一、2025年工作情况")
    for heading, body in (("（一）创新主体培育成效显著。", "全市新增高新技术企业28家，科技型中小企业入库159家。"),
                          ("（二）科技服务持续深化。", "开展科技特派员培训21期，培训2500人次。")):
        paragraph = document.add_paragraph()
        lead = paragraph.add_run(heading)
        lead.bold = True
        lead.font.name = "楷体"
        lead._r.rPr.rFonts.set(qn("w:eastAsia"), "楷体")
        rest = paragraph.add_run(body)
        rest.font.size = Pt(15)
        rest._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "技术合同成交额", "14.5亿元"
    document.add_paragraph("二、存在的问题")
    document.add_paragraph("企业研发投入不足。")
    document.save(str(path))
    return path


def test_replacing_a_section_of_a_foreign_docx_clones_the_formatting_it_replaces(tmp_path: Path) -> None:
    src = foreign_docx(tmp_path / "hongjiang.docx")
    doc = read_draft(src)
    assert [s.key for s in doc.walk()] == ["一", "一.（一）", "一.（二）", "二"]
    out = tmp_path / "out.docx"
    replace_section(src, out, "一.（二）", section("科技服务提质增效。", "开展科技特派员培训21期。"))
    old, new = docx.Document(str(src)), docx.Document(str(out))
    assert [run_signature(p) for p in new.paragraphs[:4]] == [run_signature(p) for p in old.paragraphs[:4]]
    assert [run_signature(p) for p in new.paragraphs[6:]] == [run_signature(p) for p in old.paragraphs[5:]]
    heading, body = new.paragraphs[4], new.paragraphs[5]
    assert (heading.text, heading.runs[0].bold, heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))) == (
        "（二）科技服务提质增效。", True, "楷体")
    assert (body.text, body.runs[0].font.size, body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))) == (
        "开展科技特派员培训21期。", Pt(15), "仿宋")
    assert new.tables[0].cell(1, 1).text == "14.5亿元"


def test_replacing_a_markdown_section_keeps_every_other_line(tmp_path: Path, draft: DraftDocument) -> None:
    src = tmp_path / "draft.md"
    write_markdown(draft, src)
    out = tmp_path / "out.md"
    replace_section(src, out, "三.（一）", new_plan_section())
    old_lines = src.read_text(encoding="utf-8").split("\n")
    new_lines = out.read_text(encoding="utf-8").split("\n")
    start = old_lines.index("### （一）聚力“硬核攻坚”。")
    assert new_lines[:start] == old_lines[:start]
    assert new_lines[start:start + 7] == ["### （一）聚力“硬核攻坚”，突出成效。", "", "力争全县研发投入强度增长20%以上。", "",
                                          "#### 1.设立揭榜挂帅项目。", "", "县财政设立3-5个“重金悬赏”揭榜挂帅项目。"]
    assert new_lines[start + 7:] == old_lines[start + 3:]
    assert read_draft(out).closing == ["特此报告。"]


def test_replacing_a_section_of_a_plain_seed_keeps_its_one_paragraph_a_line_layout(tmp_path: Path) -> None:
    src = tmp_path / "yuanling.md"
    shutil.copy(next(RAW.glob("002_*.txt")), src)
    out = tmp_path / "out.md"
    replace_section(src, out, "三.（二）", section("聚力“硬核攻坚”。", "全县研发投入强度增长20%以上。"))
    old_lines = src.read_text(encoding="utf-8").split("\n")
    new_lines = out.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(old_lines) if line.startswith("(二)聚力“硬核攻坚”。"))
    assert new_lines[:at] == old_lines[:at]
    assert new_lines[at:at + 2] == ["（二）聚力“硬核攻坚”。", "全县研发投入强度增长20%以上。"]
    assert new_lines[at + 2:] == old_lines[at + 1:]


def test_a_section_can_be_replaced_in_place_when_the_caller_allows_it(draft_docx: Path) -> None:
    replace_section(draft_docx, draft_docx, "二.（一）", section("企业创新能力有待提升。", "研发投入不足。"))
    assert find_section(read_draft(draft_docx), "二.（一）").paragraphs == ["研发投入不足。"]
    assert not [p for p in draft_docx.parent.iterdir() if p.name.endswith(".tmp")]


def test_comments_anchored_in_a_replaced_section_go_with_it(draft_docx: Path, tmp_path: Path) -> None:
    text = read_document_text(draft_docx)
    annotated = tmp_path / "annotated.docx"
    annotate_docx(draft_docx, annotated, [Flag(text.index("223家"), text.index("223家") + 4, "应为233家"),
                                          Flag(text.index("352次"), text.index("352次") + 4, "应为325次")])
    out = tmp_path / "out.docx"
    replace_section(annotated, out, "一.（二）", section("突出创新主体。", "今年科技型中小企业数量达233家。"))
    assert commented_spans(out) == [("352次", "应为325次")]
    comments = part_xml(out, "word/comments.xml").findall(f"{W}comment")
    assert len(comments) == 1


def test_replacing_an_unknown_section_names_the_candidates_and_writes_nothing(draft_docx: Path,
                                                                           tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    with pytest.raises(DrafterError, match="no section matches '五'"):
        replace_section(draft_docx, out, "五", new_plan_section())
    assert not out.exists()


# --------------------------------------------------------------------------- annotating


def commented_spans(path: Path) -> list[tuple[str, str]]:
    """(text between each comment's range markers, comment text), read from the raw XML."""
    document = part_xml(path, "word/document.xml")
    comments = {c.get(f"{W}id"): "".join(t.text or "" for t in c.iter(f"{W}t"))
                for c in part_xml(path, "word/comments.xml").iter(f"{W}comment")}
    authors = {c.get(f"{W}author") for c in part_xml(path, "word/comments.xml").iter(f"{W}comment")}
    assert authors <= {"drafter"}
    out = []
    for start in document.iter(f"{W}commentRangeStart"):
        cid, collected, inside = start.get(f"{W}id"), [], False
        for element in document.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
            if element is start:
                inside = True
            elif inside and element.tag == f"{W}commentRangeEnd" and element.get(f"{W}id") == cid:
                break
            elif inside and element.tag == f"{W}t":
                collected.append(element.text or "")
        out.append(("".join(collected), comments[cid]))
    return out


def test_annotate_anchors_comments_on_exactly_the_figures_and_keeps_the_text(tmp_path: Path) -> None:
    src = foreign_docx(tmp_path / "hongjiang.docx")
    text = read_document_text(src)
    assert "技术合同成交额\n14.5亿元" in text  # table cells are part of the checked text
    findings = [Flag(text.index("28家"), text.index("28家") + 3, "“28家”与数据不符，应为27家"),
                Flag(text.index("创新主体"), text.index("28家"), "跨两个文字块的片段"),
                Flag(text.index("14.5亿元"), text.index("14.5亿元") + 6, "规模错误：数据为14.5万元")]
    out = tmp_path / "annotated.docx"
    assert annotate_docx(src, out, findings) == 3
    assert read_document_text(out) == text
    assert sorted(commented_spans(out)) == sorted([
        ("28家", "“28家”与数据不符，应为27家"),
        (text[findings[1].start:findings[1].end], "跨两个文字块的片段"),
        ("14.5亿元", "规模错误：数据为14.5万元")])
    paragraph = next(p for p in docx.Document(str(out)).paragraphs if "28家" in p.text)
    highlighted = [(r.text, r.bold, r.font.size) for r in paragraph.runs if r.font.highlight_color]
    assert ("28家", None, Pt(15)) in highlighted  # split out of the 15 pt run, formatting kept
    assert ("创新主体培育成效显著。", True, None) in highlighted
    assert ("全市新增高新技术企业", None, Pt(15)) in highlighted


def test_annotate_refuses_offsets_outside_the_text(draft_docx: Path, tmp_path: Path) -> None:
    length = len(read_document_text(draft_docx))
    with pytest.raises(DrafterError, match="outside the document text"):
        annotate_docx(draft_docx, tmp_path / "out.docx", [Flag(length - 1, length + 5, "x")])
    assert not (tmp_path / "out.docx").exists()


# --------------------------------------------------------------------------- reading text


def test_read_document_text_decodes_gb18030_and_normalises_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes("新增高新技术企业28家。\r\n技术合同成交额14.5亿元。".encode("gb18030"))
    assert read_document_text(path) == "新增高新技术企业28家。\n技术合同成交额14.5亿元。"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("missing.docx", None, "找不到这个文件"),
    ("folder.docx", "dir", "这是一个文件夹"),
    ("draft.pdf", b"%PDF-1.4", "cannot read '.pdf' files"),
    ("fake.docx", "新增高新技术企业28家。".encode(), "not a Word .docx file"),
    ("old.docx", b"\xd0\xcf\x11\xe0" + bytes(60), "old binary .doc"),
    ("other.docx", "zip", "not a readable Word .docx file"),
])
def test_read_document_text_rejects_what_is_not_a_readable_document(tmp_path: Path, name: str,
                                                                   content: bytes | str | None, reason: str) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "not word")
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=reason) as caught:
        read_document_text(path)
    assert str(path) in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_draft_must_be_docx_or_markdown(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("一、工作情况", encoding="utf-8")
    with pytest.raises(InputError, match="give a .docx or .md draft"):
        read_draft(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_lays_the_draft_out_on_a4_pages(draft_docx: Path, tmp_path: Path) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(draft_docx)],
                   check=True, capture_output=True, timeout=120)
    pdf = (tmp_path / "draft.pdf").read_bytes()
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox[0 0 595" in pdf
