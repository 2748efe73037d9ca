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

PT_PER_MM = 72 / 25.4


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(docx: Path, folder: Path) -> Path:
    """docx → PDF with LibreOffice, drafter's font aliases in force, in a private profile."""
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
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)], check=True, capture_output=True,
                   timeout=180, env=env)
    return folder / (docx.stem + ".pdf")


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


def grid_report(pdf: Path, *, top_mm: float = 37, text_width_mm: float = 156, titles: tuple[str, ...] = ()
                ) -> dict[str, object]:
    """Lines per page and characters per full line, measured:

    - ``lines_per_page``: text lines above the page number on each page;
    - ``off_grid``: lines whose baseline is not on one of the 22 grid lines (pitch = text height / 22),
      except the title's (``titles``: 2号 lines take two grid lines each, centred on them);
    - ``full_cjk_lines``: (page, characters) of every line that runs to the right edge of the text block
      and holds only Chinese characters and punctuation, counting a first line's indent as the characters
      it stands for (26 + 2); a line stretched because the next word could not be broken holds fewer.
    """
    from drafter.export.gbt9704 import LINE_PITCH_TWIPS

    pitch = LINE_PITCH_TWIPS / 20
    top = top_mm * PT_PER_MM
    left, right = 28 * PT_PER_MM, (28 + text_width_mm) * PT_PER_MM
    per_page, off_grid, full = [], [], []
    for page in pages_of(pdf):
        body = [line for line in page.lines if not is_page_number(line)]
        per_page.append(len(body))
        for line in body:
            slot = (line.y - top) / pitch
            if (abs(slot - round(slot)) > 0.2 or not 0 < round(slot) <= 22) and line.text not in titles:
                off_grid.append((page.number, line.text[:12], round(slot, 2)))
            chars = re.sub(r"\s", "", line.text)
            if line.x1 > right - 8 and chars and all(CJK.match(c) for c in chars):
                indent = round((line.x0 - left) / ((right - left) / 28))
                full.append((page.number, len(chars) + indent))
    return {"pages": len(per_page), "lines_per_page": per_page, "off_grid": off_grid, "full_cjk_lines": full}
