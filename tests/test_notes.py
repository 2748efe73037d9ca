"""The notes file contract (NOTES_FORMAT): aliases, tables, encodings, and errors that name the place."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.notes import load_notes

REPO = Path(__file__).resolve().parent.parent
FORMAT_EXAMPLE = """\
标题: 洪江市科学技术局2025年工作总结和2026年工作计划
单位: 洪江市科学技术局
年度: 2025
指标:
  - {名称: 有效期内高新技术企业, 数值: 28, 单位: 家}
  - {名称: 科技型中小企业评价入库, 数值: 70, 单位: 家}
  - {名称: 知识价值信用贷款, 数值: 2008, 单位: 万元}
  - {名称: R&D经费支出占GDP比重, 数值: 2.79, 单位: "%", 时期: 2024, 上期值: 2.06, 上期: 2020}
提纲:
  - 标题: 2025年及“十四五”规划工作回顾
    小节:
      - 标题: 2025年科技工作回顾
        小节:
          - 标题: 加强科技宣传和普及，营造科技创新良好环境
            要点:
              - 开展“科技三下乡”“5·12科技防灾减灾宣传日”等科普宣传活动10余次
              - 承办湖南省“科技潇湘行”活动，130多名专家开展科技服务150场次
              - 发放资料3.5万余份，覆盖企业200余家、群众5.5万余人
  - 标题: 存在的主要问题
    要点:
      - 企业自主创新意识不强，研发投入不足
  - 标题: 2026年重点工作计划
    要点:
      - 计划新增高新技术企业2家，完成科技型中小企业入库65家
"""


def write(tmp_path: Path, text: str, name: str = "notes.yaml", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def error_of(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_notes(path)
    return caught.value


def test_the_example_of_the_format_loads_with_its_nesting_and_indicators(tmp_path):
    notes = load_notes(write(tmp_path, FORMAT_EXAMPLE))
    assert notes.title.startswith("洪江市") and notes.year == 2025 and notes.kind == "总结和计划"
    assert [(len(parents), s.heading) for parents, s in notes.walk()] == [
        (0, "2025年及“十四五”规划工作回顾"), (1, "2025年科技工作回顾"), (2, "加强科技宣传和普及，营造科技创新良好环境"),
        (0, "存在的主要问题"), (0, "2026年重点工作计划")]
    rd = notes.indicators[3]
    assert (rd.value, rd.unit, rd.period, rd.previous, rd.previous_period) == (
        Decimal("2.79"), "%", "2024", Decimal("2.06"), "2020")
    assert notes.indicators[0].origin == "notes.yaml:5"


def test_english_and_chinese_keys_mix_and_json_works_too(tmp_path):
    data = {"title": "沅陵县科学技术局2025年工作总结", "单位": "沅陵县科学技术局", "year": 2025,
            "kind": "总结", "date": "2026年1月15日",
            "indicators": [{"name": "技术合同成交额", "数值": "十四点五亿", "unit": "元"}],
            "提纲": [{"heading": "工作情况", "要点": ["全县高新技术企业已达47家"]}, "存在的问题"]}
    notes = load_notes(write(tmp_path, json.dumps(data, ensure_ascii=False), "notes.json"))
    assert notes.date == dt.date(2026, 1, 15)
    assert notes.indicators[0].value == Decimal("1450000000")
    assert [s.heading for s in notes.sections] == ["工作情况", "存在的问题"]


def test_a_gb18030_file_is_read(tmp_path):
    notes = load_notes(write(tmp_path, FORMAT_EXAMPLE, encoding="gb18030"))
    assert notes.unit == "洪江市科学技术局"


def test_indicators_come_from_the_shipped_xlsx_and_csv_tables():
    from_xlsx = load_notes(REPO / "examples" / "yuanling.yaml").indicators
    text = (REPO / "examples" / "yuanling.yaml").read_text(encoding="utf-8")
    csv_notes = REPO / "examples" / "_csv_twin.yaml"
    try:
        csv_notes.write_text(text.replace("yuanling-indicators.xlsx", "yuanling-indicators.csv"), encoding="utf-8")
        from_csv = load_notes(csv_notes).indicators
    finally:
        csv_notes.unlink()
    assert len(from_xlsx) >= 10
    assert [(i.name, i.value, i.unit) for i in from_xlsx] == [(i.name, i.value, i.unit) for i in from_csv]
    assert from_xlsx[0].origin == "yuanling-indicators.xlsx 第2行"


def test_an_unknown_key_names_the_key_its_path_and_line(tmp_path):
    error = error_of(write(tmp_path, FORMAT_EXAMPLE.replace("            要点:", "            要 点:")))
    assert error.line == 15 and error.key == "提纲[0].小节[0].小节[0].要 点"
    assert "没有“要 点”这一项" in str(error) and "要点（facts）" in str(error)


def test_a_value_that_does_not_parse_names_the_indicator_row(tmp_path):
    error = error_of(write(tmp_path, FORMAT_EXAMPLE.replace("数值: 70", "数值: 七十多")))
    assert (error.line, error.key) == (6, "指标[1].数值")
    assert "的数值“七十多”不是数字" in str(error)


@pytest.mark.parametrize(("edit", "key", "reason"), [
    (("年度: 2025", "年度: 二〇二五"), "年度", "年度要写四位数的年份"),
    (("标题: 洪江市科学技术局2025年工作总结和2026年工作计划\n", ""), None, "缺少必填的“标题”（title）"),
    (("{名称: 有效期内高新技术企业, 数值: 28, 单位: 家}", "{名称: 有效期内高新技术企业, 数值: 28}"), "指标[0]",
     "指标“有效期内高新技术企业”没有单位"),
    (("单位: \"%\", 时期: 2024", "单位: \"%\", 约数: 若干, 时期: 2024"), "指标[3].约数", "约数“若干”不是约数词"),
    (("    要点:\n      - 企业自主创新意识不强", "    要点: 企业自主创新意识不强"), "提纲[1].要点",
     "要点要写成列表"),
])
def test_bad_values_are_reported_where_they_are(tmp_path, edit, key, reason):
    error = error_of(write(tmp_path, FORMAT_EXAMPLE.replace(*edit)))
    assert error.key == key
    assert reason in str(error)
    assert str(error).startswith(str(tmp_path / "notes.yaml"))


def test_broken_yaml_and_missing_files_are_input_errors(tmp_path):
    assert error_of(write(tmp_path, "标题: [未闭合\n单位: x\n")).line is not None
    assert "找不到这个文件" in str(error_of(tmp_path / "missing.yaml"))
    assert "文件夹" in str(error_of(tmp_path))
    assert "笔记文件是空的" in str(error_of(write(tmp_path, "")))


def test_a_csv_table_error_names_its_row_and_column_as_the_file_counts_them(tmp_path):
    from drafter.notes import load_data

    lines = (Path(__file__).parent / "data" / "usertest" / "zhibiao.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace("有效期内高新技术企业,31,", "有效期内高新技术企业,31家,")
    (tmp_path / "zhibiao.csv").write_text("\n".join([lines[0], "", *lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_data(tmp_path / "zhibiao.csv")  # the blank line 2 counts: the figure is on line 3
    assert raised.value.key == "第3行B列（数值）"
    assert raised.value.reason == "指标“有效期内高新技术企业”的数值“31家”不是数字；数值只写 31，单位“家”写在“单位”里"
