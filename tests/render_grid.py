"""Rendering a .docx with LibreOffice and measuring its page grid (GB/T 9704: 22 lines of 28 characters).

Shared by tests/test_render.py and eval/render_grid.py. LibreOffice runs with a fontconfig file that adds
drafter's font aliases (the stand-ins a Linux machine gets for 仿宋_GB2312, 楷体_GB2312, 方正小标宋简体 and
黑体), so the measure is taken with the fallback fonts, as a user without the 公文 fonts sees the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from drafter.export.pagination import NO_LINE_END, NO_LINE_START

PT_PER_MM = 72 / 25.4


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(docx: Path, folder: Path, *, blank_pages: bool = False) -> Path:
    """docx → PDF with LibreOffice, drafter's font aliases in force, in a private profile. With
    ``blank_pages`` the pages a section break inserts (an even-page break after an even page) are kept,
    so PDF page n is page n of the printed document."""
    return render_pdfs([docx], folder, blank_pages=blank_pages)[0]


def render_pdfs(docxs: list[Path], folder: Path, *, blank_pages: bool = False) -> list[Path]:
    """Several .docx files rendered by one LibreOffice start (see render_pdf)."""
    target = ('pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}' if blank_pages
              else "pdf")
    return convert(docxs, folder, target, "pdf")


def convert(docxs: list[Path], folder: Path, target: str, suffix: str) -> list[Path]:
    """Several .docx files converted to ``target`` (a LibreOffice filter: "pdf", "odt") by one LibreOffice
    start, in a private profile, drafter's font aliases in force; the files it wrote, in ``folder``."""
    from drafter.export.gbt9704 import fontconfig_aliases

    aliases = folder / "drafter-fonts.conf"
    aliases.write_text(fontconfig_aliases(), encoding="utf-8")
    config = folder / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                      f'  <include ignore_missing="yes">{aliases}</include>\n'
                      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n</fontconfig>\n',
                      encoding="utf-8")
    env = {"FONTCONFIG_FILE": str(config), "HOME": str(folder), "PATH": "/usr/bin:/bin"}
    subprocess.run([soffice() or "soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                    "--convert-to", target, "--outdir", str(folder), *map(str, docxs)], check=True,
                   capture_output=True, timeout=180, env=env)
    return [folder / f"{docx.stem}.{suffix}" for docx in docxs]


@dataclass
class Line:
    y: float
    x0: float
    x1: float
    text: str
    words: list[tuple[float, float, str]] = field(default_factory=list)


@dataclass
class Page:
    number: int
    lines: list[Line]


def pages_of(pdf: Path) -> list[Page]:
    """The text lines of every page (words grouped by their baseline), from pdftotext -bbox."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    pages = []
    for number, page in enumerate(re.findall(r"<page[^>]*>(.*?)</page>", xml, flags=re.S), start=1):
        lines: dict[float, Line] = {}
        for x0, y0, x1, y1, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                                r'yMax="([\d.]+)">([^<]*)</word>', page):
            key = round(float(y1), 0)
            line = lines.setdefault(key, Line(float(y1), float(x0), float(x1), ""))
            line.words.append((float(x0), float(x1), word))
        for line in lines.values():
            line.words.sort()
            line.x0, line.x1 = line.words[0][0], line.words[-1][1]
            line.text = "".join(w for _, _, w in line.words)
        pages.append(Page(number, sorted(lines.values(), key=lambda line: line.y)))
    return pages


def is_page_number(line: Line) -> bool:
    return bool(re.fullmatch(r"[—–-]+\d+[—–-]+", line.text.replace(" ", "")))


CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’、，。；：！？（）《》]")


def document_text(docx: Path) -> str:
    """The text a .docx prints: its body paragraphs (the 版记 frame included), not its page-number footers
    and not its comments (LibreOffice's PDF export leaves comments out)."""
    import docx as python_docx

    return "\n".join(paragraph.text for paragraph in python_docx.Document(str(docx)).paragraphs)


def printed_text(pdf: Path) -> str:
    """The text of a PDF (pdftotext), page numbers left out."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return "\n".join(line for line in text.splitlines()
                     if not re.fullmatch(r"\s*[—–-]+\s*\d+\s*[—–-]+\s*", line))


def lost_characters(text: str, printed: str) -> list[str]:
    """The characters of ``text`` that ``printed`` lacks, whitespace ignored on both sides, each shown in
    its context: 众创空间[、]潇湘要素 is a 、 the renderer laid out and never drew."""
    from difflib import SequenceMatcher

    want, got = re.sub(r"\s", "", text), re.sub(r"\s", "", printed)
    lost = []
    for op, i1, i2, _, _ in SequenceMatcher(None, want, got, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            lost.append(f"{want[max(0, i1 - 6):i1]}[{want[i1:i2]}]{want[i2:i2 + 4]}")
    return lost


def lost_count(lost: list[str]) -> int:
    return sum(len(entry.split("[", 1)[1].rsplit("]", 1)[0]) for entry in lost)


def grid_report(pdf: Path, *, top_mm: float = 37, text_width_mm: float = 156, titles: tuple[str, ...] = ()
                ) -> dict[str, object]:
    """Lines per page and characters per full line, measured:

    - ``lines_per_page``: text lines above the page number on each page;
    - ``off_grid``: lines whose baseline is not on one of the 22 grid lines (pitch = text height / 22),
      except the title's (``titles``: 2号 lines take two grid lines each, centred on them);
    - ``full_cjk_lines``: (page, characters) of every line that runs to the right edge of the text block
      and holds only Chinese characters and punctuation, counting a first line's indent as the characters
      it stands for (26 + 2);
    - ``unexplained``: those full lines that do not hold 28 characters for a reason a typesetter accepts
      (short_line_reason), as (page, characters, the line, the next line);
    - ``beyond_margin``: lines drawn past the right edge of the text block (a mark hung in the margin);
    - ``bad_starts``: lines that begin with a mark no line may begin with (NO_LINE_START).
    """
    from drafter.export.gbt9704 import LINE_PITCH_TWIPS

    pitch = LINE_PITCH_TWIPS / 20
    top = top_mm * PT_PER_MM
    left, right = 28 * PT_PER_MM, (28 + text_width_mm) * PT_PER_MM
    per_page, off_grid, full, unexplained, beyond, bad_starts = [], [], [], [], [], []
    lines: list[tuple[int, Line, str]] = []
    for page in pages_of(pdf):
        body = [line for line in page.lines if not is_page_number(line)]
        per_page.append(len(body))
        lines += [(page.number, line, re.sub(r"\s", "", line.text)) for line in body]
    for index, (number, line, chars) in enumerate(lines):
        slot = (line.y - top) / pitch
        if (abs(slot - round(slot)) > 0.2 or not 0 < round(slot) <= 22) and line.text not in titles:
            off_grid.append((number, line.text[:12], round(slot, 2)))
        if line.x1 > right + 1:
            beyond.append((number, chars[-12:]))
        if chars[:1] in set(NO_LINE_START):
            bad_starts.append((number, chars[:12]))
        if line.x1 > right - 8 and chars and all(CJK.match(c) for c in chars):
            count = len(chars) + round((line.x0 - left) / ((right - left) / 28))
            full.append((number, count))
            following = lines[index + 1][2] if index + 1 < len(lines) else ""
            if count != 28 and not (count < 28 and short_line_reason(following)):
                unexplained.append((number, count, chars, following[:6]))
    return {"pages": len(per_page), "lines_per_page": per_page, "off_grid": off_grid, "full_cjk_lines": full,
            "unexplained": unexplained, "beyond_margin": beyond, "bad_starts": bad_starts}


def short_line_reason(following: str) -> str:
    """Why a full line may hold fewer than 28 characters, read from the line after it: its character moved
    down so that a mark does not begin a line (后一行 "间、潇湘…": 间 went down with its 、), an opening mark
    moved down so that it does not end one ("“科技…"), or a figure that cannot be broken ("2025年…")."""
    if following[1:2] and following[1] in NO_LINE_START:
        return "pushed down with the mark after it"
    if following[:1] and following[0] in NO_LINE_END:
        return "an opening mark does not end a line"
    if following[:1].isascii() and following[:1].isalnum():
        return "a figure that cannot be broken"
    return ""


@dataclass
class Paragraph:
    """A paragraph of a .docx as the page check needs it: its text without whitespace, whether it is kept on
    the same page as the next one (w:keepNext, on the paragraph or its style), and its style's name."""

    text: str
    keep_next: bool
    style: str

    @property
    def signature(self) -> bool:
        """发文机关署名 or 成文日期."""
        return self.style in ("发文机关署名", "成文日期")


def paragraphs_of(docx: Path) -> list[Paragraph]:
    import docx as python_docx

    out = []
    for paragraph in python_docx.Document(str(docx)).paragraphs:
        keep, style = paragraph.paragraph_format.keep_with_next, paragraph.style
        while keep is None and style is not None:
            keep, style = style.paragraph_format.keep_with_next, style.base_style
        out.append(Paragraph(re.sub(r"\s", "", paragraph.text), bool(keep), paragraph.style.name))
    return out


@dataclass
class PlacedLine:
    page: int
    slot: int  # grid line 1..22
    paragraph: int  # index in paragraphs_of
    starts: bool  # the paragraph's first line


def placed_lines(docx: Path, pdf: Path, *, top_mm: float = 37) -> list[PlacedLine]:
    """Every printed line (page numbers left out) with its page, its grid line and the paragraph it belongs
    to, found by reading the paragraphs' text in order (every character is printed:
    test_libreoffice_prints_every_character_of_every_draft)."""
    import html

    from drafter.export.gbt9704 import LINE_PITCH_TWIPS

    paragraphs = paragraphs_of(docx)
    owner = [i for i, paragraph in enumerate(paragraphs) for _ in paragraph.text]
    text = "".join(paragraph.text for paragraph in paragraphs)
    pitch, top, cursor, out = LINE_PITCH_TWIPS / 20, top_mm * PT_PER_MM, 0, []
    for page in pages_of(pdf):
        for line in page.lines:
            if is_page_number(line):
                continue
            chars = re.sub(r"\s", "", html.unescape(line.text))
            at = text.find(chars, cursor)
            if not chars or at < 0:
                raise ValueError(f"page {page.number}: line {chars[:12]!r} not found in the text after {cursor}")
            index = owner[at]
            out.append(PlacedLine(page.number, round((line.y - top) / pitch), index,
                                  at == 0 or owner[at - 1] != index))
            cursor = at + len(chars)
    return out


def page_fill_faults(docx: Path, pdf: Path, lines_per_page: int = 22) -> list[str]:
    """Where the pages of a rendered 公文 break against GB/T 9704's grid and §7.3.5, one sentence each:

    - every page but the last ends on grid line 22, except that a page may end early when the next page
      begins with a paragraph kept with the next (w:keepNext: a heading, the last paragraph of text before
      the signature, the signature) and that group — the kept paragraphs and the first line of the paragraph
      after them — takes more lines at the top of the next page than were left free: 22 − last grid line <
      the grid line of that first line on the next page (the group's last line when nothing follows);
    - the signature (发文机关署名 and 成文日期) is on the last page, with a line of the text before it.

    The 版记 is left out: it stands in a frame at the foot of the last page or on a page of its own.
    """
    paragraphs = paragraphs_of(docx)
    lines = [line for line in placed_lines(docx, pdf) if paragraphs[line.paragraph].style != "版记"]
    pages = sorted({line.page for line in lines})
    faults = []
    for page, following in zip(pages, pages[1:]):
        last = max(line.slot for line in lines if line.page == page)
        if last == lines_per_page:
            continue
        head = next(line for line in lines if line.page == following)
        if not (head.starts and paragraphs[head.paragraph].keep_next):
            faults.append(f"page {page} ends on line {last} and page {following} does not begin with a "
                          f"paragraph kept with the next ({paragraphs[head.paragraph].text[:10]})")
            continue
        after = head.paragraph
        while after < len(paragraphs) and paragraphs[after].keep_next:
            after += 1
        group = [line.slot for line in lines if line.page == following and line.paragraph <= after]
        first_after = next((line.slot for line in lines if line.page == following and line.paragraph == after),
                           max(group))
        if lines_per_page - last >= first_after:
            faults.append(f"page {page} ends on line {last}: the group that begins page {following} "
                          f"({paragraphs[head.paragraph].text[:10]}) takes {first_after} lines and would fit")
    signature = [i for i, paragraph in enumerate(paragraphs) if paragraph.signature]
    if signature:
        on_last = {line.paragraph for line in lines if line.page == pages[-1]}
        if not set(signature) <= on_last:
            faults.append(f"the signature is not on the last page, {pages[-1]}")
        elif signature[0] - 1 not in on_last:
            faults.append(f"the signature stands alone on page {pages[-1]}: no line of the text before it")
    return faults


REPO = Path(__file__).resolve().parent.parent
STRONG_REPLIES = REPO / "eval" / "replies" / "strong"


def notes_set() -> list[Path]:
    """The notes files whose offline drafts are measured: both examples and the four blind eval notes."""
    return sorted((REPO / "examples").glob("*.yaml")) + sorted((REPO / "eval" / "notes").glob("*.yaml"))


def draft_set(folder: Path, *, replies: Path | None = STRONG_REPLIES, home: Path | None = None) -> dict[str, Path]:
    """Every draft the layout is measured on, as .docx in ``folder``: the offline draft of each notes file
    (notes_set) and, with ``replies``, the draft of each document of that recorded persona (its replies
    replayed through the local server, the .md draft read back and written as .docx). Names:
    offline/hongjiang, strong/hongjiang … The runs are kept under ``home`` (default: the project's)."""
    from drafter.config import load_settings
    from drafter.draft import draft_file
    from drafter.export import read_draft, write_docx
    from drafter.notes import load_notes

    out: dict[str, Path] = {}
    for notes in notes_set():
        out[f"offline/{notes.stem}"] = path = folder / f"offline-{notes.stem}.docx"
        draft_file(load_notes(notes), path, load_settings(backend="offline", home=home), retrieval=False)
    if replies is not None:
        from drafter.replay import run_replay_eval

        replayed = run_replay_eval(load_settings(home=home), replies, output_dir=folder / "replayed")
        for score in replayed.run.cases:
            out[f"{replies.name}/{score.case_id}"] = path = folder / f"{replies.name}-{score.case_id}.docx"
            write_docx(read_draft(Path(score.draft_path)), path)
    return out
