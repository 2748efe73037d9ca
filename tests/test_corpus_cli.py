"""`drafter corpus build|list|show|add` through the real CLI, with the user's own files in every format."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import RAW
from typer.testing import CliRunner

from drafter.cli import app

SAMPLE = """\
2024年石门县科学技术局工作总结
2024年，石门县科学技术局在县委、县政府的坚强领导下，围绕科技强县目标扎实开展各项工作，现将有关情况总结如下：
一、主要工作成效
（一）科技型企业培育成效明显。全年新增高新技术企业6家，科技型中小企业入库58家。
（二）科技项目争取有新突破。争取省级以上科技项目12项，到位资金860万元。
二、存在的问题
部分企业研发投入偏低，创新人才不足。
三、2025年工作计划
（一）抓企业培育。力争新增高新技术企业8家。
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_build_list_and_show_the_twelve_seed_documents(home: Path) -> None:
    built = run("corpus", "build")
    assert built.exit_code == 0 and "built 12 documents" in built.output
    listing = run("corpus", "list")
    assert listing.exit_code == 0
    for doc_id in ("000", "001-1-rugao", "001-4", "002-yuanling", "003-hongjiang", "004-5-jianye"):
        assert doc_id in listing.output
    shown = run("corpus", "show", "002-yuanling", "--tree")
    assert shown.exit_code == 0
    lines = shown.output.splitlines()
    assert "一、2025年工作情况  [review]" in lines[1] and "二、存在的问题  [problems]" in shown.output
    assert "（五）优化创新生态，厚植科技创新“黑土地”" in shown.output and "（四）构筑“生态体系”" in shown.output
    full = run("corpus", "show", "003-hongjiang")
    assert full.exit_code == 0 and "#### 1、加强科技宣传和普及，营造科技创新良好环境" in full.output


def test_show_of_an_unknown_id_lists_the_ids(home: Path) -> None:
    result = run("corpus", "show", "999")
    assert result.exit_code == 2
    assert "unknown document '999'" in result.output and "002-yuanling" in result.output


def _write_docx(path: Path, text: str) -> None:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, [["指标", "目标", "完成"], ["高新技术企业", "6家", "6家"]], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.save(str(path))


@pytest.mark.parametrize(("name", "writer"), [
    ("sample-utf8.txt", lambda p: p.write_text(SAMPLE, encoding="utf-8")),
    ("sample-gb.txt", lambda p: p.write_bytes(SAMPLE.encode("gb18030"))),
    ("sample-utf16.txt", lambda p: p.write_bytes(SAMPLE.encode("utf-16"))),
    ("sample-utf16le.txt", lambda p: p.write_bytes(SAMPLE.replace("\n", "\r\n").encode("utf-16-le"))),
    ("样本.docx", lambda p: _write_docx(p, SAMPLE)),
    ("sample.md", lambda p: p.write_text("# " + SAMPLE.replace("一、", "## 一、"), encoding="utf-8")),
])
def test_add_each_supported_format(home: Path, tmp_path: Path, name: str, writer) -> None:
    source = tmp_path / name
    writer(source)
    result = run("corpus", "add", str(source))
    assert result.exit_code == 0, result.output
    assert "added user-" in result.output
    assert (home / "corpus" / "user" / name).read_bytes() == source.read_bytes()
    from drafter.config import load_settings
    from drafter.corpus import build_corpus

    added = [d for d in build_corpus(load_settings()) if d.source == f"user/{name}"]  # a rebuild keeps it
    assert len(added) == 1
    doc = added[0]
    assert (doc.title, doc.unit, doc.years) == ("2024年石门县科学技术局工作总结", "石门县科学技术局", [2024, 2025])
    assert [f"{s.number}{s.heading}" for s in doc.sections] == ["一、主要工作成效", "二、存在的问题", "三、2025年工作计划"]
    assert doc.sections[0].children[0].body == ["全年新增高新技术企业6家，科技型中小企业入库58家。"]
    if name.endswith(".docx"):
        last_section = [s for _, s in doc.walk()][-1]
        assert last_section.tables[0].rows == [["指标", "目标", "完成"], ["高新技术企业", "6家", "6家"]]


def test_adding_text_already_present_adds_nothing(home: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy-of-yuanling.txt"
    copy.write_bytes((RAW / "002_b3145c385a04ba05.txt").read_bytes())
    result = run("corpus", "add", str(copy))
    assert result.exit_code == 0
    assert "already holds this text as 002-yuanling; nothing added" in result.output
    assert not (home / "corpus" / "user").exists()
    first = tmp_path / "mine.txt"
    first.write_text(SAMPLE, encoding="utf-8")
    assert run("corpus", "add", str(first)).exit_code == 0
    again = run("corpus", "add", str(first))
    assert "already holds this text as user-mine" in again.output
    assert [p.name for p in (home / "corpus" / "user").iterdir()] == ["mine.txt"]


def _zip_bytes() -> bytes:
    """A zip archive that is not a Word package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "你好")
    return buffer.getvalue()


BAD_INPUTS = {
    "latin1.txt": (b"Caf\xe9 cr\xe8me br\xfbl\xe9e\n" * 5, "认不出文件的编码"),
    "empty.txt": (b"", "the file is empty"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "是二进制数据"),
    "fake.docx": ("2024年工作总结\n一、主要工作\n".encode(), "not a Word .docx file"),
    "notes.pdf": (b"%PDF-1.4", "unsupported file type .pdf"),
    "zip.docx": (_zip_bytes(), "not a readable Word .docx file"),
}


@pytest.mark.parametrize("name", [*BAD_INPUTS, "a-directory"])
def test_bad_input_is_one_line_naming_the_file_and_nothing_is_written(home: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name in BAD_INPUTS:
        path.write_bytes(BAD_INPUTS[name][0])
        reason = BAD_INPUTS[name][1]
    else:
        path.mkdir()
        reason = "is a directory"
    good = tmp_path / "good.txt"
    good.write_text(SAMPLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["corpus", "add", str(good), str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: ") and reason in lines[0], result.output
    assert not (home / "corpus" / "user").exists() and not (home / "corpus" / "docs").exists()
