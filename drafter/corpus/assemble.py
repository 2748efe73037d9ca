"""One part of a cleaned source → a Document: title, section tree and metadata; ids and duplicate groups."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

from drafter.corpus.clean import CleanSource, ends_complete
from drafter.corpus.kinds import assign_kinds
from drafter.corpus.model import Document, SectionKind
from drafter.corpus.outline import build_tree
from drafter.corpus.split import Part, is_title_like

_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-3]\d)(?!\d)")
# An X placeholder standing for a quantity: X家, XX万元, X6.X亿元, 20xx万元, X% (not 20xx年 or XX市).
_MASKED_FIGURE = re.compile(
    r"(?<![A-Za-z])[\d.]*[Xx]{1,3}[\d.Xx]*(?:万元|亿元|万|亿|元|家|项|个|人次|人|次|名|场次|场|期|件|份|亩|%|％"
    r"|批|户|所|余|多)"
)
_MASKED_UNIT = re.compile(r"[Xx]{1,3}[市县区]?(科学技术局|科技局)|[Xx]{1,3}[市县区]")
_BUREAU = re.compile(r"科学技术局|科技局")
_PLACE = re.compile(r"([\u4e00-\u9fff]{2})([市县区])(?![级、])")
# Characters that do not occur in the two-character names of 市/县/区 but do before 市县区 in prose.
_NOT_IN_PLACE_NAME = set("在的与及全我本各该每等省市县区高新开发园城社景片贸创范验乡镇村九两一二三四五六七八十百"
                         "多个级地上下到赴对向为由从于是了中内外委强兴")


def assemble_document(part: Part, source: CleanSource, source_name: str, id_prefix: str) -> Document:
    """Build the Document of one part: title, section tree, unit, place, years, flags and id."""
    blocks = list(part.blocks)
    title = part.marker_title
    while blocks and is_title_like(blocks[0]):
        title = title or blocks[0].text
        blocks.pop(0)
    items = [block.table if block.table is not None else block.text for block in blocks if not block.dropped]
    preamble, sections = build_tree(items)
    document = Document(id="", title=title or "", source=source_name, script=source.script,
                        preamble=preamble, sections=sections,
                        complete=bool(blocks) and ends_complete(blocks[-1]),
                        source_lines=(part.blocks[0].first, part.blocks[-1].last) if part.blocks else (0, 0))
    assign_kinds(document)
    text = document.text()
    heading_text = "\n".join([title or "", *(s.heading for _, s in document.walk() if s.level <= 2)])
    document.years = sorted({int(y) for y in _YEAR.findall(heading_text)})
    dropped_tables = "\n".join(block.text for block in blocks if block.dropped)
    document.masked = bool(_MASKED_FIGURE.search(f"{text}\n{dropped_tables}"))
    masked_unit = bool(_MASKED_UNIT.search("\n".join([title or "", *preamble])))
    document.place = None if masked_unit else (_place_of_unit(source.header_unit) or source.header_place
                                               or most_named_place(text))
    bureau = _first_match(_BUREAU, title, part.compilation_title, source.header_unit)
    document.unit = None if masked_unit else _unit(source.header_unit, document.place, bureau, text)
    document.title = title or derive_title(document, bureau)
    document.id = "-".join(p for p in (id_prefix, str(part.index) if part.index else "",
                                       place_slug(document.place)) if p)
    return document


def _first_match(pattern: re.Pattern[str], *texts: str | None) -> str | None:
    for text in texts:
        match = pattern.search(text or "")
        if match:
            return match.group(0)
    return None


def _place_of_unit(unit: str | None) -> str | None:
    match = re.match(r"(.{2,6}?[市县区])", unit or "")
    return match.group(1) if match else None


def most_named_place(text: str) -> str | None:
    """The 市/县/区 named most often among those named as a proper noun at least once: in a document
    title (《云和县…》) or before 人民政府/科技… (如皋市科技创新…). Common words ending in 市/县/区
    (技术市场, 试点县) never are."""
    counts = Counter(
        name + suffix for name, suffix in _PLACE.findall(text) if not set(name) & _NOT_IN_PLACE_NAME
    )
    named = [place for place in counts
             if re.search(rf"《{place}|{place}(人民政府|政府|科技|科学技术|委员会)", text)]
    if not named:
        return None
    return max(named, key=lambda place: (counts[place], -text.index(place)))


def _unit(header_unit: str | None, place: str | None, bureau: str | None, text: str) -> str | None:
    """The writing unit: a portal's 信息来源, the place's bureau named in the text, or place + the
    bureau word of the title; None when the text does not name it."""
    if header_unit:
        return header_unit
    if not place:
        return None
    named = re.search(rf"{re.escape(place)}(科学技术局|科技局)", text)
    if named:
        return named.group(0)
    return f"{place}{bureau}" if bureau else None


def derive_title(document: Document, bureau: str | None) -> str:
    """A title for a document the capture gave none: who, year(s) and 工作总结/工作计划."""
    who = document.unit or document.place or bureau or ""
    years = document.years
    base = who + (f"{years[0]}年" if years else "")
    kinds = {s.kind for s in document.sections}
    if SectionKind.REVIEW in kinds or SectionKind.PLAN not in kinds:
        title = base + "工作总结"
        if SectionKind.PLAN in kinds and len(years) > 1:
            title += f"和{years[-1]}年工作计划"
        return title
    return base + "工作计划"


def place_slug(place: str | None) -> str:
    """Pinyin of a place name without its 市/县/区: 沅陵县 → yuanling."""
    if not place:
        return ""
    from pypinyin import lazy_pinyin

    return slugify("".join(lazy_pinyin(place.rstrip("市县区"))))


def slugify(text: str) -> str:
    """Lower-case ASCII letters and digits joined by single hyphens (Chinese as pinyin)."""
    from pypinyin import lazy_pinyin

    ascii_text = "-".join(lazy_pinyin(text)) if re.search(r"[\u3400-\u9fff]", text) else text
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


# ---------------------------------------------------------------- near-duplicates

_SHINGLE = 8
DUPLICATE_THRESHOLD = 0.5


def comparable_text(document: Document) -> str:
    """Han characters and digits only, X/XX masks removed: what two copies of one text share."""
    return re.sub(r"[^\u3400-\u9fff0-9]", "", document.text())


def _shingles(text: str) -> set[str]:
    return {text[i:i + _SHINGLE] for i in range(max(len(text) - _SHINGLE + 1, 0))}


def containment(a: Document, b: Document) -> float:
    """Share of the shorter document's 8-character shingles that occur in the other one."""
    sa, sb = _shingles(comparable_text(a)), _shingles(comparable_text(b))
    return len(sa & sb) / min(len(sa), len(sb)) if sa and sb else 0.0


def assign_duplicate_groups(documents: list[Document]) -> None:
    """Documents whose texts largely coincide (one contained in the other) share ``dup_group``:
    the smallest id of the group; every other document is a group of its own."""
    parent = {d.id: d.id for d in documents}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            doc_id = parent[doc_id]
        return doc_id

    for a, b in combinations(documents, 2):
        if containment(a, b) >= DUPLICATE_THRESHOLD:
            ra, rb = sorted((root(a.id), root(b.id)))
            parent[rb] = ra
    for document in documents:
        document.dup_group = root(document.id)

