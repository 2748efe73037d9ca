"""Writes the bad-input matrix's files into this folder: `python tests/data/bad/make_bad_inputs.py`.

Every file is something a user could hand drafter by mistake or that a hostile file could be. Names say
the role: `notes-*` go where notes are read (draft NOTES, check --data, rewrite --data, notes convert),
`text-*` where a text or draft is read (check TEXT, rewrite DRAFT, corpus add). The files are committed;
this script documents how each was made (rerun, the Word and Excel files differ only in time stamps).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

GOOD = """\
标题: 石门县科学技术局2025年工作总结
单位: 石门县科学技术局
年度: 2025
日期: 2026-01-15
指标:
  - {名称: 高新技术企业, 数值: 28, 单位: 家}
提纲:
  - 标题: 2025年工作情况
    要点:
      - 全年新增高新技术企业6家
    字数: 300
  - 标题: 存在的问题
"""

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
标题: *i
单位: x
年度: 2025
提纲: [a]
"""


def edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


NOTES_TEXT: dict[str, str | bytes] = {
    "notes-form-feed.yaml": edit("全年新增", "全年\x0c新增"),
    "notes-nul.yaml": edit("全年新增", "全年\x00新增"),
    "notes-escape-control.yaml": edit("全年新增", "全年\x1b[31m新增"),
    "notes-impossible-date.yaml": edit("2026-01-15", "2025-02-30"),
    "notes-impossible-date-chinese.yaml": edit("2026-01-15", "2025年2月30日"),
    "notes-month-13.yaml": edit("2026-01-15", "2026-13-01"),
    "notes-inf-value.yaml": edit("数值: 28", "数值: .inf"),
    "notes-nan-value.yaml": edit("数值: 28", "数值: .nan"),
    "notes-exponent-value.yaml": edit("数值: 28", "数值: 1e400"),
    "notes-float-overflow.yaml": edit("数值: 28", "数值: 1.0e+400"),
    "notes-value-words.yaml": edit("数值: 28", "数值: 七十多"),
    "notes-value-list.yaml": edit("数值: 28", "数值: [28, 29]"),
    "notes-duplicate-key.yaml": GOOD + "标题: 另一个标题\n",
    "notes-duplicate-alias.yaml": GOOD + "title: 另一个标题\n",
    "notes-duplicate-key-in-indicator.yaml": edit("单位: 家}", "单位: 家, 数值: 30}"),
    "notes-negative-length.yaml": edit("字数: 300", "字数: -300"),
    "notes-fractional-length.yaml": edit("字数: 300", "字数: 3.5"),
    "notes-alias-bomb.yaml": ALIAS_BOMB,
    "notes-recursive-alias.yaml": "标题: &a [*a]\n单位: x\n年度: 2025\n提纲: [a]\n",
    "notes-deep-nesting.yaml": "标题: " + "[" * 5000 + "]" * 5000 + "\n",
    "notes-python-tag.yaml": "标题: !!python/object/apply:os.system [echo pwned]\n单位: x\n年度: 2025\n提纲: [a]\n",
    "notes-binary-tag.yaml": edit("标题: 石门县科学技术局2025年工作总结", "标题: !!binary aGVsbG8="),
    "notes-list-at-top.yaml": "- 标题: x\n- 单位: y\n",
    "notes-plain-text.yaml": "今年工作很多，明年继续努力。\n",
    "notes-empty.yaml": "",
    "notes-bom-only.yaml": "\ufeff",
    "notes-latin1.yaml": "title: Bureau caf\u00e9\nunit: Bureau caf\u00e9\nyear: 2025\nsections: [a]\n".encode("latin-1"),
    "notes-tab-indent.yaml": edit("    要点:", "\t要点:"),
    "notes-unclosed-quote.yaml": edit("单位: 石门县科学技术局", "单位: \"石门县科学技术局"),
    "notes-yes-title.yaml": edit("标题: 石门县科学技术局2025年工作总结", "标题: yes"),
    "notes-year-words.yaml": edit("年度: 2025", "年度: 去年"),
    "notes-kind-unknown.yaml": GOOD + "文种: 通知\n",
    "notes-unit-missing.yaml": edit("{名称: 高新技术企业, 数值: 28, 单位: 家}", "{名称: 高新技术企业, 数值: 28}"),
    "notes-sections-empty.yaml": GOOD.split("提纲:")[0] + "提纲: []\n",
    "notes-facts-mapping.yaml": edit("    要点:\n      - 全年新增高新技术企业6家", "    要点: {新增: 6家}"),
    "notes-five-levels.yaml": GOOD + "  - 标题: 一\n    小节:\n      - 标题: 二\n        小节:\n          - 标题: 三\n"
                                     "            小节:\n              - 标题: 四\n                小节:\n"
                                     "                  - 标题: 五\n",
    "notes-unknown-key.yaml": GOOD + "签发人: 张三\n",
    "notes-complex-key.yaml": GOOD + "? [a, b]\n: c\n",
    "notes-table-missing.yaml": edit("指标:\n  - {名称: 高新技术企业, 数值: 28, 单位: 家}\n", "指标: 没有这个表.xlsx\n"),
    "notes-unclosed-brace.json": '{"标题": "x", "单位": "y", "年度": 2025, "提纲": ["a"]',
    "notes-wrong-suffix.toml": GOOD,
}

TEXT_FILES: dict[str, bytes] = {
    "text-nul-and-soft-break.txt": "一、工作情况\n全年新增高新技术企业6家。\x0b到位资金860万元。\x00\n".encode(),
    "text-form-feed.txt": "一、工作情况\n全年新增高新技术企业6家。\n\x0c二、存在的问题\n".encode(),
    "text-escape-control.md": "# 标题\n\n## 一、工作情况\n\n新增\x07企业6家。\n".encode(),
    "text-binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "text-latin1.txt": "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e\n".encode("latin-1") * 5,
    "text-empty.txt": b"",
    "text-whitespace.md": b"  \n\n \t\n",
    "text-utf16-truncated.txt": "一、工作情况\n".encode("utf-16")[:-1],
    "text-wrong-suffix.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
}


def _zip(entries: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def _docx_files() -> dict[str, bytes]:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一、工作情况")
    document.save(buffer)
    whole = buffer.getvalue()
    return {
        "text-zip-not-word.docx": _zip({"hello.txt": "not word"}),
        "text-old-doc.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "text-truncated.docx": whole[: len(whole) // 2],
        "text-broken-xml.docx": _zip({"[Content_Types].xml": "<Types", "word/document.xml": "<w:document"}),
    }


def _workbooks() -> dict[str, bytes]:
    import openpyxl

    from drafter.workbook import template_notes, workbook_bytes

    good = workbook_bytes(template_notes())

    def changed(sheet: str, cell: str, value: object) -> bytes:
        book = openpyxl.load_workbook(io.BytesIO(good))
        book[sheet][cell] = value
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    no_info = openpyxl.load_workbook(io.BytesIO(good))  # neither notes nor an indicator table
    del no_info["基本信息"]
    del no_info["指标"]
    missing = io.BytesIO()
    no_info.save(missing)
    return {
        "notes-xlsx-not-zip.xlsx": GOOD.encode(),
        "notes-xlsx-old-xls.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "notes-xlsx-truncated.xlsx": good[: len(good) // 2],
        "notes-xlsx-outline-only.xlsx": missing.getvalue(),
        "notes-xlsx-value-words.xlsx": changed("指标", "B3", "两千多"),
        "notes-xlsx-impossible-date.xlsx": changed("基本信息", "B5", "2025-02-30"),
        "notes-xlsx-level-jump.xlsx": changed("提纲", "A3", "（1）"),
        "notes-xlsx-negative-length.xlsx": changed("提纲", "D3", -300),
        "notes-xlsx-unknown-column.xlsx": changed("指标", "J1", "负责人"),
        "notes-xlsx-inf-value.xlsx": changed("指标", "B3", "inf"),
    }


def main() -> None:
    for name, text in NOTES_TEXT.items():
        (HERE / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    for name, data in {**TEXT_FILES, **_docx_files(), **_workbooks()}.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
