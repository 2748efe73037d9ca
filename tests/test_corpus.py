"""Corpus ingestion on the real seed captures: cleaning, splitting, section trees, metadata, storage."""

from __future__ import annotations

import shutil
from itertools import combinations
from pathlib import Path

import pytest
from conftest import RAW

from drafter.config import Settings, load_settings
from drafter.corpus import Document, SectionKind, build_corpus, load_corpus, original_text, split_heading
from drafter.corpus.assemble import containment
from drafter.errors import StoreError


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, Document]]:
    """The seeds built once into a private home (never the repository's corpus/)."""
    root = tmp_path_factory.mktemp("corpus") / "home"
    shutil.copytree(RAW, root / "corpus" / "raw")
    settings = load_settings(home=root)
    return settings, {d.id: d for d in build_corpus(settings)}


def tree(document: Document) -> list[tuple[str, str, str, list[str]]]:
    """Top-level sections as (marker+heading, kind, body start, [child marker+heading])."""
    return [(f"{s.number}{s.heading}", s.kind.value, (s.body or [""])[0][:12],
             [f"{c.number}{c.heading}" for c in s.children]) for s in document.sections]


def test_yuanling_has_three_parts_with_five_three_and_four_subsections(built) -> None:
    _, docs = built
    assert tree(docs["002-yuanling"]) == [
        ("一、2025年工作情况", "review", "", [
            "（一）坚持党建引领，紧握科技创新“指南针”",
            "（二）突出创新主体，抢占科技创新“制高点”",
            "（三）提质创新平台，做强科技创新“孵化器”",
            "（四）助力乡村振兴，搭建科技人才“联通桥”",
            "（五）优化创新生态，厚植科技创新“黑土地”",
        ]),
        ("二、存在的问题", "problems", "虽然我们在科技赋能县域经", [
            "（一）思想政治建设有待进一步加强",
            "（二）科技创新政策协同落地有待加强",
            "（三）企业自主创新能力不强",
        ]),
        ("三、下一步打算", "plan", "", [
            "（一）注重党建提升",
            "（二）聚力“硬核攻坚”",
            "（三）布局数字工程",
            "（四）构筑“生态体系”",
        ]),
    ]
    first = docs["002-yuanling"].sections[0].children[0]
    assert first.body[0].startswith("把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务")
    assert first.kind is SectionKind.REVIEW
    assert docs["002-yuanling"].preamble[0].startswith("2025年，县科技局党组在县委、县政府的正确领导下")


def test_hongjiang_tree_is_simplified_with_heading_split_from_first_sentence(built) -> None:
    _, docs = built
    doc = docs["003-hongjiang"]
    assert [(t[0], t[1]) for t in tree(doc)] == [
        ("一、2025年及“十四五”规划工作回顾", "review"),
        ("二、存在的主要问题", "problems"),
        ("三、2026年及“十五五”重点工作计划", "plan"),
    ]
    one, two, three = doc.sections
    assert [c.number + c.heading for c in one.children] == ["（一）2025年科技工作回顾", "（二）“十四五”规划工作回顾"]
    assert [c.heading for c in one.children[0].children] == [
        "加强科技宣传和普及，营造科技创新良好环境", "增强科技赋能，推动重点项目建设",
        "加大科技投入，推动研发经费稳步增长", "强化科技创新主体地位，激发企业创新活力",
        "推动产学研融合，集聚科技创新人才"]
    assert one.children[0].children[0].body[0].startswith("一是抓科技宣传。充分利用“科技三下乡”")
    assert [c.heading for c in one.children[1].children] == [
        "科技创新投入稳步增长", "高新技术企业发展迅速", "科技型中小企业不断壮大发展", "科技创新能力稳步提升",
        "科技人才助推产业发展不断增强"]
    assert [(c.level, c.number, c.heading) for c in two.children] == [
        (3, "1、", "企业自主创新意识不强"), (3, "2、", "产学研合作深度不够"), (3, "3、", "科技创新平台服务能力薄弱")]
    assert [c.heading for c in three.children] == ["“十五五”时期重点工作计划", "2026年度重点工作计划（“十五五”开局之年）"]
    assert [len(c.children) for c in three.children] == [5, 4]
    assert three.children[1].body == ["2026年是“十五五”规划的开局之年，洪江市科技局将聚焦以下重点任务，确保起好步、开好局。"]
    assert doc.section_count == 29


def test_traditional_source_is_converted_and_original_kept(built) -> None:
    settings, docs = built
    doc = docs["003-hongjiang"]
    assert (doc.script, docs["002-yuanling"].script) == ("traditional", "simplified")
    assert "正确领导" in doc.preamble[0] and "發布時間" not in doc.text()
    assert original_text(settings, doc).startswith("2025年,我局在市委、市政府的正確領導")
    assert (doc.unit, doc.years, doc.title) == (
        "洪江市科学技术局", [2025, 2026], "洪江市科学技术局2025年工作总结和2026年工作计划")


def test_compilation_001_holds_four_documents_the_last_cut_off(built) -> None:
    _, docs = built
    parts = {i: d for i, d in docs.items() if i.startswith("001")}
    assert list(parts) == ["001-1-rugao", "001-2-yunhe", "001-3-fuzhou", "001-4"]
    assert [d.complete for d in parts.values()] == [True, True, True, False]
    assert [d.unit for d in parts.values()] == ["如皋市科学技术局", "云和县科学技术局", "福州市科学技术局", None]
    assert all(d.masked for d in parts.values())
    assert parts["001-1-rugao"].preamble[0].startswith("X年，在市委市政府的正确指导下，如皋科技创新工作")
    fuzhou = parts["001-3-fuzhou"]
    assert [(s.number, s.heading, s.kind) for s in fuzhou.sections] == [
        ("", "X年工作成效", SectionKind.REVIEW), ("", "X年工作思路", SectionKind.PLAN)]
    assert [c.heading for c in fuzhou.sections[1].children] == [
        "创平台，为高质量发展打造策源地", "强主体，为高质量发展注入原动力", "优生态，为高质量发展汇聚新力量"]
    assert [c.number for c in parts["001-2-yunhe"].sections[0].children[1].children][-3:] == ["7、", "X、", "X、"]
    last = parts["001-4"]
    assert [f"{s.number}{s.heading}" for _, s in last.walk()] == ["一、X年科技工作总结", "（一）指标完成情况"]


def test_no_flattened_table_residue_or_broken_lines_remain(built) -> None:
    _, docs = built
    paragraphs = [p for d in docs.values() for p in [*d.preamble, *(b for _, s in d.walk() for b in s.body)]]
    assert min(len(p) for p in paragraphs) > 10, sorted(paragraphs, key=len)[:3]
    assert not {"序号", "考核指标", "目标任务", "完成情况", "X"} & set(paragraphs)
    rugao = docs["001-1-rugao"].text()
    assert "引导各类资源向创新型企业倾斜" in rugao and "高附加值创新性产业集群，确保" in rugao
    assert "推动长江镇金鑫岛和开发区的麦腾智慧平台" in rugao


def test_compilation_004_holds_five_plans(built) -> None:
    _, docs = built
    plans = [d for i, d in docs.items() if i.startswith("004")]
    assert [d.title for d in plans] == [f"科技工作计划篇{n}" for n in range(1, 6)]
    assert [d.masked for d in plans] == [False, False, False, True, False]
    training = plans[0]
    assert [s.number + s.heading for s in training.sections] == [
        "一、培训任务及对象", "二、培训教师", "三、培训内容及计划", "四、教学方式", "五、教学组织形式", "六、资料档案整理"]
    assert training.sections[2].tables[0].rows == [
        ["培训日期", "培训时间", "授课教师", "培训内容"], ["7月20日", "20:009:00", "石传花", "家庭生活知识"]]
    assert training.preamble[0].startswith("根据全国两基工作的整体部署")
    assert "159.3万元" in plans[2].text() and "159。3" not in plans[2].text()
    assert plans[4].place == "建邺区" and plans[4].id == "004-5-jianye"


KNOWN_BOILERPLATE = [
    "VIP专享", "客服微信", "确认删除", "回到顶部", "www.xiebitongdao.com", "阅读全文", "赏赞", "付费下载",
    "电脑桌面", "公寻网", "携笔同道", "文章导读", "目录", "提纲", "发布时间", "信息来源", "门户网站", "小编",
    "22665800", "本文标题", "链接地址", "打赏", "会员中心", "联系客服", "违规举报", "......", "汇编（10篇）",
]


def test_known_boilerplate_survives_nowhere(built) -> None:
    settings, docs = built
    stored = "\n".join(p.read_text(encoding="utf-8") for p in (settings.corpus_dir / "docs").glob("*.md"))
    texts = "\n".join(d.text() for d in docs.values())
    for phrase in KNOWN_BOILERPLATE:
        assert phrase not in texts and phrase not in stored, phrase


def test_masked_copy_000_groups_with_003_and_nothing_else_groups(built) -> None:
    _, docs = built
    assert docs["000"].dup_group == docs["003-hongjiang"].dup_group == "000"
    others = [d for i, d in docs.items() if i not in ("000", "003-hongjiang")]
    assert all(d.dup_group == d.id for d in others)
    assert containment(docs["000"], docs["003-hongjiang"]) > 0.85
    assert max(containment(a, b) for a, b in combinations(docs.values(), 2)
               if {a.id, b.id} != {"000", "003-hongjiang"}) < 0.2
    assert (docs["000"].masked, docs["000"].complete, docs["000"].title) == (
        True, False, "2025年XX市科技局工作总结和2026年工作计划")
    assert docs["000"].sections[0].children[0].heading == "2025年科技工作回顾"  # the 提纲 made no sections
    assert docs["000"].section_count == 12


def test_building_twice_is_byte_identical_and_loads_back_equal(built) -> None:
    settings, docs = built
    folder = settings.corpus_dir / "docs"
    first = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    assert len(first) == 13  # 12 documents and the SOURCES manifest
    build_corpus(settings)
    assert {p.name: p.read_bytes() for p in sorted(folder.iterdir())} == first
    assert {d.id: d for d in load_corpus(settings)} == docs


def test_load_corpus_rebuilds_when_stored_documents_are_missing_or_out_of_date(home: Path) -> None:
    settings = load_settings()
    docs = home / "corpus" / "docs"
    assert not docs.exists()
    assert len(load_corpus(settings)) == 12
    assert len(list(docs.glob("*.md"))) == 12
    (docs / "002-yuanling.md").write_text("damaged", encoding="utf-8")
    with pytest.raises(StoreError, match="002-yuanling.md: no front matter.*drafter corpus build"):
        load_corpus(settings)  # sources unchanged: the stored files are read, a damaged one is reported
    raw = home / "corpus" / "raw" / "002_b3145c385a04ba05.txt"
    raw.chmod(0o644)
    raw.write_text(raw.read_text(encoding="utf-8").replace("下一步打算", "2026年工作打算"), encoding="utf-8")
    rebuilt = {d.id: d for d in load_corpus(settings)}
    assert rebuilt["002-yuanling"].sections[2].heading == "2026年工作打算"
    assert (docs / "002-yuanling.md").read_text(encoding="utf-8").startswith("---\n")


def test_committed_corpus_matches_a_fresh_build(built) -> None:
    settings, _ = built
    committed = RAW.parent / "docs"
    fresh = {p.name: p.read_bytes() for p in (settings.corpus_dir / "docs").iterdir()}
    assert {p.name: p.read_bytes() for p in committed.iterdir()} == fresh


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("1、加强科技宣传和普及，营造科技创新良好环境。一是抓科技宣传。",
     (3, "1、", "加强科技宣传和普及，营造科技创新良好环境", "一是抓科技宣传。")),
    ("(一)坚持党建引领,紧握科技创新“指南针”。把学习", (2, "（一）", "坚持党建引领,紧握科技创新“指南针”", "把学习")),
    ("一、2025年工作情况:", (1, "一、", "2025年工作情况", "")),
    ("（3）加强项目申报和管理", (4, "（3）", "加强项目申报和管理", "")),
    ("4.开展生态环境治理技术推广", (3, "4、", "开展生态环境治理技术推广", "")),
    ("X.防震减灾工作扎实推进。多部门联合", (3, "X、", "防震减灾工作扎实推进", "多部门联合")),
    ("(一) “十五五”时期重点工作计划", (2, "（一）", "“十五五”时期重点工作计划", "")),
    ("1、精选培育对象：到400多家企业走访", (3, "1、", "精选培育对象", "到400多家企业走访")),
    ("一是抓科技宣传。", None),
    ("2.5亿元的投资", None),
    ("十四五”规划科技发展规划实施以来", None),
    ("1、", None),
])
def test_split_heading(paragraph: str, expected: tuple | None) -> None:
    assert split_heading(paragraph) == expected
