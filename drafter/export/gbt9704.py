"""The .docx writer: GB/T 9704-2012 page, fonts, line grid, paragraph styles and page numbers.

Every paragraph carries one of the styles below, so a reader (or read_draft) can tell what it
is; headings are paragraphs of their own with the number printed as text, and a section's key
is the path of those numbers. Chinese fonts are set as East Asian fonts (w:eastAsia) with Times
New Roman for Latin letters and digits; theme font references are removed so they cannot win.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from drafter.export.model import Block, DraftDocument, Role, layout
from drafter.files import atomic_write_bytes

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph

MM_TWIPS = 1440 / 25.4
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
HEADER_MM, FOOTER_MM = 15, 25  # footer: the page number's dashes sit about 7 mm below the text block
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, IMPRINT_PT = 16, 22, 14, 14
LATIN_FONT = "Times New Roman"


def _twips(mm: float) -> int:
    return round(mm * MM_TWIPS)


TEXT_WIDTH_TWIPS = _twips(PAGE_MM[0]) - _twips(MARGINS_MM["left"]) - _twips(MARGINS_MM["right"])
TEXT_HEIGHT_TWIPS = _twips(PAGE_MM[1]) - _twips(MARGINS_MM["top"]) - _twips(MARGINS_MM["bottom"])
LINE_PITCH_TWIPS = TEXT_HEIGHT_TWIPS // LINES_PER_PAGE  # 579 twips = 28.95 pt
# Character spacing (w:spacing, twips) that narrows each 16 pt character so 28 fit a line: -5 twips.
# Set on the characters rather than as a docGrid character pitch, which LibreOffice lays out as
# two grid cells a character (14 a line); Word, WPS and LibreOffice all honour run spacing.
CHAR_SPACING_TWIPS = math.floor(TEXT_WIDTH_TWIPS / CHARS_PER_LINE - BODY_PT * 20)
BODY_CHAR_TWIPS = BODY_PT * 20
# w:overflowPunct on every paragraph (document defaults), written out although "1" is Word's default: Word and
# WPS may hang a line-end ，、。 in the right margin as they always do, and it keeps LibreOffice from hanging
# it. LibreOffice's DOCX import sets its "hanging punctuation" to the inverse of the element's value (its
# writerfilter DomainMapper: ParaIsHangingPunctuation = (overflowPunct == 0); its export writes the value
# as it is, so the flip is an import defect) and leaves hanging on when the element is absent. A hanging
# mark is laid out (the next line starts after it) but LibreOffice 7.4 does not always paint it: it drops
# the mark of a justified line whose characters reach the right edge, depending on sub-point arithmetic of
# the character spacing (every pure-Chinese line at -5 and -12 twips, none at -6, -7, -8, -10, -14 in one
# test document; one line at -7 in another). With hanging off it breaks the line one character earlier
# (27 characters, stretched; no line begins with a mark), the way Chinese typesetting does without hanging.
# tests/test_gongwen_layout.py renders the drafts and checks that every character is printed.
OVERFLOW_PUNCTUATION = "1"


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style of the finished document."""

    name: str
    style_id: str
    font: str
    size_pt: int
    bold: bool = False
    align: str = "both"  # w:jc value
    first_line_chars: int = 2
    right_chars: int = 0
    space_before_lines: int = 0
    space_after_lines: int = 0
    outline_level: int | None = None
    latin_font: str = LATIN_FONT
    keep_next: bool = False  # on the same page as the next paragraph (the signature with its date)

    @property
    def keeps_with_next(self) -> bool:
        """On the same page as the next paragraph's first line (w:keepNext): headings and the signature."""
        return self.keep_next or self.outline_level is not None


TITLE = StyleSpec("公文标题", "GongwenTitle", "方正小标宋简体", TITLE_PT, align="center",
                  first_line_chars=0, space_after_lines=1)
BODY = StyleSpec("公文正文", "GongwenBody", "仿宋_GB2312", BODY_PT)
CLOSING = StyleSpec("公文结束语", "GongwenClosing", "仿宋_GB2312", BODY_PT)
HEADINGS = {
    1: StyleSpec("一级标题", "GongwenHeading1", "黑体", BODY_PT, outline_level=0),
    2: StyleSpec("二级标题", "GongwenHeading2", "楷体_GB2312", BODY_PT, outline_level=1),
    3: StyleSpec("三级标题", "GongwenHeading3", "仿宋_GB2312", BODY_PT, bold=True, outline_level=2),
    4: StyleSpec("四级标题", "GongwenHeading4", "仿宋_GB2312", BODY_PT, outline_level=3),
}
UNIT = StyleSpec("发文机关署名", "GongwenUnit", "仿宋_GB2312", BODY_PT, align="right", first_line_chars=0,
                 right_chars=2, space_before_lines=1, keep_next=True)
DATE = StyleSpec("成文日期", "GongwenDate", "仿宋_GB2312", BODY_PT, align="right", first_line_chars=0)
PAGE_NUMBER = StyleSpec("公文页码", "GongwenPageNumber", "宋体", PAGE_NUMBER_PT, align="right",
                        first_line_chars=0, latin_font="宋体")
RECIPIENT = StyleSpec("主送机关", "GongwenRecipient", "仿宋_GB2312", BODY_PT, first_line_chars=0)
IMPRINT = StyleSpec("版记", "GongwenImprint", "仿宋_GB2312", IMPRINT_PT, align="left", first_line_chars=0)
ROLE_STYLES = {Role.TITLE: TITLE, Role.OPENING: BODY, Role.BODY: BODY, Role.CLOSING: CLOSING,
               Role.UNIT: UNIT, Role.DATE: DATE, Role.RECIPIENT: RECIPIENT, Role.IMPRINT: IMPRINT}
STYLE_ROLES = {spec.name: role for role, spec in ROLE_STYLES.items() if role is not Role.OPENING}
HEADING_LEVELS = {spec.name: level for level, spec in HEADINGS.items()}


class Finding(Protocol):
    """Anything with a character span in the document's text and a message (checker findings)."""

    start: int
    end: int
    message: str


def style_for(block: Block) -> StyleSpec:
    return HEADINGS[block.level] if block.role is Role.HEADING else ROLE_STYLES[block.role]


SIGNATURE_ROLES = (Role.UNIT, Role.DATE)


def carries_signature(blocks: Sequence[Block], index: int) -> bool:
    """Whether ``blocks[index]`` is the last paragraph of text before the signature block (发文机关署名 and
    成文日期), which is kept on the same page as the signature: GB/T 9704 §7.3.5 puts the signature on a page
    with text and never alone (不得采取标识“此页无正文”的方法), and when the page has no room for it, text
    goes over with it. The paragraph carries keepNext and widow control (two lines at least on a page).
    LibreOffice does not split a paragraph kept with the next one: the whole paragraph goes over with the
    signature (lanshan's plan: 20/21/2 lines, the signature alone on page 3, became 20/18/5, its last
    section's heading and paragraph with the signature). Word may split it and take its last two lines
    (ISO 29500 §17.3.1.15: "at least partly rendered on the same page as the following paragraph"), which
    ends the text on the same page a few lines earlier. pagination.text_end lays it out as LibreOffice does."""
    return (index + 1 < len(blocks) and blocks[index + 1].role in SIGNATURE_ROLES
            and blocks[index].role not in SIGNATURE_ROLES)


def keeps_with_next(blocks: Sequence[Block], index: int) -> bool:
    """Whether ``blocks[index]`` is on the same page as the first line of the next paragraph: headings, the
    signature (with its date) and the paragraph before the signature (carries_signature)."""
    return style_for(blocks[index]).keeps_with_next or carries_signature(blocks, index)


def write_docx(doc: DraftDocument, path: Path, *, flagged: Sequence[Finding] = ()) -> None:
    """Write ``doc`` as a GB/T 9704 .docx (atomically); ``flagged`` spans of plain_text(doc) get
    highlighted with a Word comment each."""
    document = new_gongwen_document()
    blocks = layout(doc)
    placement = imprint_placement(blocks)
    previous: Paragraph | None = None
    for index, block in enumerate(blocks):
        paragraph = document.add_paragraph(block.text, style_for(block).name)  # "\n" → w:br, "\t" → w:tab
        if carries_signature(blocks, index):
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.widow_control = True
        if block.role in (Role.UNIT, Role.DATE):
            _place_signature(paragraph, block, blocks)
        elif block.role is Role.IMPRINT:
            if placement.own_page and previous is not None:
                _imprint_page(document, previous, numbered=placement.numbered)
            _place_imprint(paragraph)
        previous = paragraph
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = doc.title, doc.unit, "drafter"
    properties.language, properties.comments = "zh-CN", "drafted by drafter (公文起草助手)"
    if flagged:
        from drafter.export.annotate import annotate_document

        annotate_document(document, flagged)
    save_docx(document, path)


def save_docx(document: WordDocument, path: Path) -> None:
    """Save a python-docx document atomically."""
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())


def new_gongwen_document() -> WordDocument:
    """An empty document with the GB/T 9704 page, grid, styles and alternating page numbers."""
    import docx

    document = docx.Document()
    package_rels = document.part.package.rels
    for rel_id in [rid for rid, rel in package_rels.items() if rel.reltype.endswith("/thumbnail")]:
        del package_rels[rel_id]  # python-docx's template thumbnail would show a blank page as the preview
    _set_defaults(document)
    for spec in (TITLE, BODY, CLOSING, *HEADINGS.values(), UNIT, DATE, RECIPIENT, IMPRINT, PAGE_NUMBER):
        _add_style(document, spec)
    declare_fonts(document)
    _set_page(document)
    return document


# --------------------------------------------------------------------------- XML helpers


def set_fonts(rpr: BaseOxmlElement, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set w:rFonts explicitly (East Asian font and Latin font), dropping theme references."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin),
                        ("hint", "eastAsia")):
        fonts.set(qn(f"w:{attr}"), value)


def _set_size(rpr: BaseOxmlElement, size_pt: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for tag in ("w:sz", "w:szCs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(size_pt * 2))
        rpr.append(element)
    order_children(rpr)


def _set_spacing(ppr: BaseOxmlElement, before_lines: int = 0, after_lines: int = 0) -> None:
    """Fixed line spacing on the grid pitch; space before/after in whole grid lines."""
    from docx.oxml.ns import qn

    spacing = ppr.get_or_add_spacing()
    for attr, value in (("before", before_lines * LINE_PITCH_TWIPS), ("after", after_lines * LINE_PITCH_TWIPS),
                        ("line", LINE_PITCH_TWIPS), ("lineRule", "exact")):
        spacing.set(qn(f"w:{attr}"), str(value))


def set_indent(ppr: BaseOxmlElement, *, first_line: float = 0, left: float = 0, right: float = 0,
               char_twips: int = BODY_CHAR_TWIPS) -> None:
    """Indents in characters (w:*Chars, hundredths) with the equivalent twips for other readers."""
    from docx.oxml.ns import qn

    ind = ppr.get_or_add_ind()
    for attr, chars in (("firstLine", first_line), ("left", left), ("right", right)):
        ind.set(qn(f"w:{attr}Chars"), str(round(chars * 100)))
        ind.set(qn(f"w:{attr}"), str(round(chars * char_twips)))


def _set_defaults(document: WordDocument) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY.font)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    rpr.append(spacing)
    _set_size(rpr, BODY_PT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set_spacing(ppr)
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), OVERFLOW_PUNCTUATION)
    ppr.append(overflow)
    order_children(ppr)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element.get_or_add_rPr(), BODY.font)
    normal.paragraph_format.widow_control = False
    _set_spacing(normal.element.get_or_add_pPr())
    document.settings.odd_and_even_pages_header_footer = True


def _add_style(document: WordDocument, spec: StyleSpec) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = spec.style_id
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, spec.font, spec.latin_font)
    style.font.bold = spec.bold
    _set_size(rpr, spec.size_pt)
    ppr = style.element.get_or_add_pPr()
    if spec.keeps_with_next:
        style.paragraph_format.keep_with_next = True
    _set_spacing(ppr, spec.space_before_lines, spec.space_after_lines)
    set_indent(ppr, first_line=spec.first_line_chars, right=spec.right_chars)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), spec.align)
    ppr.append(jc)
    if spec.outline_level is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(spec.outline_level))
        ppr.append(level)
    order_children(ppr)


# The schema's order of w:pPr and w:rPr children (Word refuses a file with another order).
_CHILD_ORDER = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
            "rPr", "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
}


def order_children(element: BaseOxmlElement) -> None:
    """Put a w:pPr / w:rPr element's children in the schema's order."""
    from docx.oxml.ns import qn

    order = _CHILD_ORDER[element.tag.rsplit("}", 1)[1]]
    rank = {qn(f"w:{tag}"): i for i, tag in enumerate(order)}
    for child in sorted(element, key=lambda child: rank.get(child.tag, len(rank))):
        element.append(child)


def _set_page(document: WordDocument) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(HEADER_MM), Mm(FOOTER_MM)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """"— 7 —" with a PAGE field: odd pages right, even pages left, one character in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.style = PAGE_NUMBER.name
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    ppr = paragraph._p.get_or_add_pPr()
    set_indent(ppr, left=0 if odd else 1, right=1 if odd else 0, char_twips=PAGE_NUMBER_PT * 20)
    paragraph.alignment = None
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "right" if odd else "left")
    ppr.append(jc)
    order_children(ppr)
    paragraph.add_run("— ")
    for kind in ("begin", None, "separate", "1", "end"):
        run = paragraph.add_run()
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        elif kind == "1":
            run.text = "1"
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    paragraph.add_run(" —")


def _text_width(text: str) -> float:
    """Width in body characters: CJK one, Latin letters and digits half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def signature_layout(unit: str, date: str) -> tuple[float, float | None]:
    """Where 发文机关署名 and 成文日期 go (GB/T 9704-2012 §7.3.5.2, 不加盖印章), in characters: the signature's
    right indent and the date's left indent (None: no signature, the date stands two characters from the
    right).

    The signature stands two characters from the right; the date, on the next line, starts two characters
    right of the signature's first character. A date longer than the signature stands two characters from
    the right instead, and the signature moves left by as much, so that the date still starts two characters
    right of it. The date is placed by its left edge in both cases: its first character is exact whatever
    width a renderer gives its digits (LibreOffice ignores w:autoSpaceDE and widens 2025年12月20日 by about a
    character, which, right-aligned, would start it one character right of the signature instead of two).
    洪江市科学技术局 (8) over 2025年12月20日 (7): signature 2 from the right, date 20 from the left;
    科技局 (3) over 2025年1月5日 (6): signature 7 from the right, date 20 from the left, ending 2 from the right."""
    unit_width, date_width = _text_width(unit), _text_width(date)
    if not unit:
        return 0.0, None
    unit_right = 4 + date_width - unit_width if date_width > unit_width else 2.0
    return unit_right, CHARS_PER_LINE - unit_right - unit_width + 2


def _place_signature(paragraph: Paragraph, block: Block, blocks: list[Block]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from drafter.export.pagination import text_width_twips

    unit = next((b.text for b in blocks if b.role is Role.UNIT), "")
    date = next((b.text for b in blocks if b.role is Role.DATE), "")
    unit_right, date_left = signature_layout(unit, date)
    ppr = paragraph._p.get_or_add_pPr()
    if block.role is Role.UNIT:
        set_indent(ppr, right=unit_right)
    elif date_left is None:
        set_indent(ppr, right=2)
    else:  # in twips from where the signature starts: its right indent in 16 pt characters (as Word and
        # LibreOffice measure w:rightChars), its width at the real pitch, and two characters of that pitch
        pitch = BODY_CHAR_TWIPS + CHAR_SPACING_TWIPS
        start = TEXT_WIDTH_TWIPS - round(unit_right * BODY_CHAR_TWIPS) - text_width_twips(unit)
        ind = ppr.get_or_add_ind()
        for attr, value in (("firstLine", 0), ("left", start + 2 * pitch), ("right", -pitch)):
            ind.set(qn(f"w:{attr}Chars"), "0")  # "0" character units: the twips hold (Word's own encoding)
            ind.set(qn(f"w:{attr}"), str(value))  # right: a date a hair too wide for its place stays on its line
        jc = ppr.find(qn("w:jc"))
        if jc is None:
            jc = OxmlElement("w:jc")
            ppr.append(jc)
        jc.set(qn("w:val"), "left")
    _no_autospace(ppr)
    order_children(ppr)


def _no_autospace(ppr: BaseOxmlElement) -> None:
    """No extra space between Chinese and digits (2025年12月20日 is as wide as its characters), so the
    date sits exactly two characters right of the signature."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "0")
        ppr.append(element)


IMPRINT_LINES = 2  # the 版记 in its frame: a line of 4号 type between two rules


@dataclass(frozen=True)
class ImprintPlacement:
    """Where the 版记 goes (GB/T 9704 §7.4: at the foot of the last page, which is an even page, 封四 of a
    document printed on both sides): at the foot of the page where the text ends, or on a page of its own
    (``own_page``), the next even page; that page carries its page number unless a blank page comes
    before it (§7.5: 版记页前有空白页的，空白页和版记页均不编排页码)."""

    own_page: bool
    numbered: bool = True


def imprint_placement(blocks: Sequence[Block]) -> ImprintPlacement:
    """The text's end is estimated on the page grid (pagination.text_end); the 版记 stays on that page only
    when it is even and the estimate leaves room with a margin for its error: the text reaches the page's
    second line (the estimate has not yet put a text's end later than it lies), and below it the 版记 plus two
    lines and one more every three pages (LibreOffice set the nine measured reports up to 2 lines later than
    estimated: python eval/imprint_pages.py). Otherwise a section break to the next even page takes it to
    a page of its own — never to an odd page, whatever the text's real end: the estimate only decides
    whether paper is saved."""
    from drafter.export.pagination import text_end

    text = [block for block in blocks if block.role is not Role.IMPRINT]
    end = text_end(text, LINES_PER_PAGE)
    margin = 2 + end.page // 3
    if end.page % 2 == 0 and end.used >= 2 and end.used + IMPRINT_LINES + margin <= LINES_PER_PAGE:
        return ImprintPlacement(own_page=False)
    return ImprintPlacement(own_page=True, numbered=end.page % 2 == 1)


def _imprint_page(document: WordDocument, last: Paragraph, *, numbered: bool) -> None:
    """End the text's section at ``last`` and start the 版记's on the next even page (w:type evenPage),
    with no page number when a blank page comes before it."""
    import copy

    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn

    body_section = document.sections[-1]._sectPr
    ppr = last._p.get_or_add_pPr()
    ppr.append(copy.deepcopy(body_section))  # the text's section ends with this paragraph
    order_children(ppr)
    section = document.sections[-1]
    section.start_type = WD_SECTION.EVEN_PAGE
    if not numbered:
        for reference in body_section.findall(qn("w:footerReference")):
            body_section.remove(reference)
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False


def _place_imprint(paragraph: Paragraph) -> None:
    """版记 (§7.4): 印发机关 one character from the left, 印发日期 one from the right (a right tab), between
    two thick rules (0.35 mm), in a frame at the foot of its page's text block (which page:
    imprint_placement)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    for attr, value in (("w", str(TEXT_WIDTH_TWIPS)), ("wrap", "around"), ("vAnchor", "margin"),
                        ("hAnchor", "margin"), ("xAlign", "center"), ("yAlign", "bottom")):
        frame.set(qn(f"w:{attr}"), value)
    ppr.append(frame)
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "bottom"):
        rule = OxmlElement(f"w:{edge}")
        for attr, value in (("val", "single"), ("sz", "8"), ("space", "4"), ("color", "000000")):
            rule.set(qn(f"w:{attr}"), value)
        borders.append(rule)
    ppr.append(borders)
    tabs = OxmlElement("w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(TEXT_WIDTH_TWIPS - IMPRINT_PT * 20))
    tabs.append(tab)
    ppr.append(tabs)
    set_indent(ppr, left=1, char_twips=IMPRINT_PT * 20)
    _no_autospace(ppr)
    order_children(ppr)


# --------------------------------------------------------------------------- fonts


@dataclass(frozen=True)
class FontSpec:
    """An East Asian font as the font table declares it, for machines that lack it.

    Word resolves a missing font through the font table: the one alternate name in w:altName (Word does
    not split it on commas and keeps at most 31 characters), then the character set, family, pitch and
    PANOSE number. So each font names the stock Windows font that looks like it (仿宋_GB2312 → 仿宋,
    楷体_GB2312 → 楷体, 方正小标宋简体 → 华文中宋) with that font's metrics, and GB2312 as its character
    set. LibreOffice ignores all of these and asks fontconfig by name: `drafter fonts --install` writes
    the aliases that give Linux machines the nearest free fonts (see README: Fonts)."""

    name: str
    alternate: str
    panose: str
    family: str  # roman | modern | swiss | auto
    pitch: str  # fixed | variable
    linux: tuple[str, ...]  # free fonts to stand in on Linux, nearest first


FONTS = (
    FontSpec("仿宋_GB2312", "仿宋", "02010609030101010101", "modern", "fixed",
             ("FangSong", "Zhuque Fangsong (technical preview)", "AR PL UMing CN", "Noto Serif CJK SC")),
    FontSpec("仿宋", "FangSong", "02010609060101010101", "modern", "fixed",
             ("FangSong", "Zhuque Fangsong (technical preview)", "AR PL UMing CN", "Noto Serif CJK SC")),
    FontSpec("楷体_GB2312", "楷体", "02010609030101010101", "modern", "fixed",
             ("KaiTi", "LXGW WenKai", "AR PL UKai CN", "Noto Serif CJK SC")),
    FontSpec("方正小标宋简体", "华文中宋", "02000000000000000000", "roman", "variable",
             ("FZXiaoBiaoSong-B05S", "STZhongsong", "Noto Serif CJK SC:bold", "Source Han Serif SC:bold",
              "AR PL UMing CN")),
    FontSpec("黑体", "SimHei", "02010609060101010101", "modern", "fixed",
             ("SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC")),
    FontSpec("宋体", "SimSun", "02010600030101010101", "auto", "variable",
             ("SimSun", "Noto Serif CJK SC", "AR PL UMing CN")),
)


def declare_fonts(document: WordDocument) -> None:
    """Add every East Asian font of the styles to the font table with its fallback information."""
    from lxml import etree

    from docx.oxml.ns import qn

    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")),
                None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for spec in FONTS:
        for old in [f for f in root.findall(qn("w:font")) if f.get(qn("w:name")) == spec.name]:
            root.remove(old)
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), spec.name)
        for tag, value in (("altName", spec.alternate), ("panose1", spec.panose), ("charset", "86"),
                           ("family", spec.family), ("pitch", spec.pitch)):
            etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), value)
        sig = etree.SubElement(font, qn("w:sig"))  # Unicode ranges of CJK fonts; code page GB2312 (bit 18)
        for attr, value in (("usb0", "00000001"), ("usb1", "080E0000"), ("usb2", "00000010"), ("usb3", "00000000"),
                            ("csb0", "00040000"), ("csb1", "00000000")):
            sig.set(qn(f"w:{attr}"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def fontconfig_aliases() -> str:
    """A fontconfig file that makes Linux applications (LibreOffice, WPS) use the nearest installed free
    font for each 公文 font the machine lacks: 仿宋_GB2312 → FangSong, 朱雀仿宋, AR PL UMing …"""
    from xml.sax.saxutils import escape

    parts = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
             "<!-- written by drafter: stand-ins for the fonts of GB/T 9704 公文 -->", "<fontconfig>"]
    for spec in FONTS:
        names = [spec.name, spec.alternate]
        bold = [name.split(":")[0] for name in spec.linux if name.endswith(":bold")]
        prefer = "".join(f"<family>{escape(name.split(':')[0])}</family>" for name in spec.linux)
        for name in names:
            parts.append(f'  <alias binding="same"><family>{escape(name)}</family><prefer>{prefer}</prefer></alias>')
            if bold:  # 小标宋 is a heavy Song: the stand-in is the bold weight of a Song
                parts.append(f'  <match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
                             f'<edit name="weight" mode="assign"><const>bold</const></edit></match>')
    parts.append("</fontconfig>")
    return "\n".join(parts) + "\n"
