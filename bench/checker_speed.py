"""Figure checker speed: ~1 MB of corpus-derived text through the extractor, the full checker and jionlp; and a
500-section draft checked against 5,000 indicators (issue 9: <= 10 s and <= 500 MB).

Targets: the checker >= 2 MB/s on one core (MB = 10^6 bytes of UTF-8 text); the large draft in <= 10 CPU
seconds with a peak resident set of <= 500 MB (measured in a child process of its own), and the cost linear
in the text (the same 5,000 indicators against 125, 250 and 500 sections). jionlp is only a peer for
comparison (`pip install jionlp`); it is never a dependency of drafter, and is skipped when absent.

    python bench/checker_speed.py [--mb 1.0] [--repeat 3] [--notes examples/hongjiang.yaml] [--sections 500]
        [--indicators 5000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from drafter.config import load_settings
from drafter.corpus.build import documents_of_file
from drafter.figures.extract import extract_quantities
from drafter.figures.reconcile import check_text
from drafter.notes import Indicator, Notes, OutlineSection, load_notes

REPO = Path(__file__).resolve().parent.parent


def corpus_text(megabytes: float) -> str:
    """The cleaned seed documents, repeated to about ``megabytes`` MB."""
    settings = load_settings()
    raw = sorted((settings.corpus_dir / "raw").glob("*.txt"))
    parts = [d.text() for path in raw for d in documents_of_file(settings, path)]
    unit = "\n".join(parts) + "\n"
    copies = int(megabytes * 1e6 / len(unit.encode("utf-8"))) + 1
    return unit * copies


def best_time(run: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` runs in CPU seconds of this process (one core; steady on a busy machine)."""
    timings = []
    for _ in range(repeat):
        started = time.process_time()
        run()
        timings.append(time.process_time() - started)
    return min(timings)


def checker(notes_path: Path) -> Callable[[str], object]:
    notes = load_notes(notes_path)
    return lambda text: check_text(text, notes)


def jionlp_money() -> Callable[[str], tuple[int, int]] | None:
    """jionlp.ner.extract_money line by line (it is meant for sentences) → (amounts, lines it raised on)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import jionlp  # prints a banner on import
    except ImportError:
        print("jionlp not importable (pip install jionlp to compare); skipped")
        return None

    def run(text: str) -> tuple[int, int]:
        found = failed = 0
        for line in filter(None, text.splitlines()):
            try:
                found += len(jionlp.ner.extract_money(line))
            except Exception:  # noqa: BLE001 - a peer that raises on ordinary text is counted, not fatal
                failed += 1
        return found, failed

    return run


# A county's indicator table named the way such tables are: town × level × subject × measure, so that
# thousands of rows share most of their words (沅陵省级高新技术企业数量, 官庄省级高新技术企业数量 …).
TOWNS = ("沅陵", "官庄", "马底驿", "凉水井", "五强溪", "二酉", "明溪口", "筲箕湾", "借母溪", "大合坪", "七甲坪",
         "北溶", "荔溪", "麻溪铺", "杜家坪", "火场", "清浪", "肖家桥", "楠木铺", "舒溪口", "陈家滩", "盘古", "乌宿",
         "太常", "朱洪溪")
LEVELS = ("", "省级", "市级", "县级", "新增", "累计", "规上")
SUBJECTS = (("高新技术企业", "家"), ("科技型中小企业", "家"), ("众创空间", "家"), ("星创天地", "家"),
            ("科技企业孵化器", "家"), ("研发平台", "个"), ("工程技术研究中心", "个"), ("重点实验室", "个"),
            ("科技特派员", "名"), ("发明专利授权", "件"), ("技术合同登记", "项"), ("科普活动", "场次"),
            ("农民技术培训", "人次"), ("科技示范基地", "个"), ("院士专家工作站", "个"), ("科技项目立项", "项"),
            ("科技成果转化", "项"), ("研发投入", "万元"), ("技术合同成交额", "万元"), ("科技贷款", "万元"))
MEASURES = ("", "总量", "存量")


def large_draft(sections: int, indicators: int, seed: int = 9) -> tuple[Notes, str]:
    """Notes with ``indicators`` rows and ``sections`` outline sections, and a draft of as many sections in
    the 一、/（一） layout, five sentences each, two indicators per sentence (one in five off by one) and a
    growth rate."""
    from drafter.export.model import chinese_numeral

    rng = random.Random(seed)
    names = [(f"{town}{level}{subject}{measure}", unit) for town in TOWNS for level in LEVELS
             for subject, unit in SUBJECTS for measure in MEASURES]
    rng.shuffle(names)
    rows = [Indicator(name=name, value=Decimal(rng.randint(2, 9000)), unit=unit, origin=f"row {i + 2}")
            for i, (name, unit) in enumerate(names[:indicators])]
    outline, paragraphs = [], []
    for k in range(sections):
        heading = f"推进{SUBJECTS[k % len(SUBJECTS)][0]}建设第{k + 1}项工作"
        outline.append(OutlineSection(heading=heading, facts=[f"开展专题调研{rng.randint(2, 30)}次"]))
        if k % 50 == 0:
            paragraphs.append(f"{chinese_numeral(k // 50 + 1)}、第{k // 50 + 1}部分工作")
        sentences = []
        for _ in range(5):
            a, b = rng.sample(rows, 2)
            value = a.value if rng.random() < 0.8 else a.value + 1
            sentences.append(f"{a.name}达到{value}{a.unit}，{b.name}{b.value}{b.unit}，"
                             f"同比增长{rng.randint(3, 40)}.{rng.randint(0, 9)}%。")
        paragraphs.append(f"（{chinese_numeral(k % 50 + 1)}）{heading}\n" + "".join(sentences))
    notes = Notes(title="大型报告", unit="科技局", year=2025, sections=outline, indicators=rows)
    return notes, "\n".join(paragraphs)


def large_child(sections: int, indicators: int) -> None:
    """In a process of its own: build the large case, check it once, print CPU seconds, wall seconds and the
    peak resident set as JSON."""
    notes, text = large_draft(sections, indicators)
    started, wall = time.process_time(), time.perf_counter()
    report = check_text(text, notes)
    cpu, wall = time.process_time() - started, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"cpu": cpu, "wall": wall, "peak_mb": peak, "characters": len(text),
                      "figures": report.summary.figures}))


def large(sections: int, indicators: int) -> dict[str, float]:
    """The large case measured in a child process (so the peak memory is its own)."""
    out = subprocess.run([sys.executable, __file__, "--large-child", str(sections), str(indicators)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the text in MB (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the best is reported")
    parser.add_argument("--notes", type=Path, default=REPO / "examples" / "hongjiang.yaml")
    parser.add_argument("--sections", type=int, default=500, help="sections of the large draft (default 500)")
    parser.add_argument("--indicators", type=int, default=5000, help="indicators of the large case (default 5000)")
    parser.add_argument("--large-child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.large_child:
        large_child(*args.large_child)
        return 0

    text = corpus_text(args.mb)
    size = len(text.encode("utf-8")) / 1e6
    print(f"text: {size:.2f} MB ({len(text):,} characters), {len(extract_quantities(text)):,} figures")
    rows: list[tuple[str, float]] = []
    rows.append(("extract_quantities", size / best_time(lambda: extract_quantities(text), args.repeat)))
    check = checker(args.notes)
    rows.append(("check_text (full checker)", size / best_time(lambda: check(text), args.repeat)))
    money = jionlp_money()
    if money is not None:
        rows.append(("jionlp.ner.extract_money", size / best_time(lambda: money(text), 1)))
        amounts, failed = money(text)
        ours = sum(1 for q in extract_quantities(text) if q.unit == "元")
        print(f"amounts in 元: extract_quantities {ours:,}; jionlp {amounts:,} (raised on {failed:,} lines)")
    print(f"{'tool':<28}{'MB/s':>10}")
    for name, speed in rows:
        print(f"{name:<28}{speed:>10.2f}")
    speeds = dict(rows)
    if "jionlp.ner.extract_money" in speeds:
        for name in ("extract_quantities", "check_text (full checker)"):
            if name in speeds:
                print(f"{name} / jionlp: {speeds[name] / speeds['jionlp.ner.extract_money']:.1f}x")
    target = speeds["check_text (full checker)"]
    print(f"target >= 2 MB/s: {'met' if target >= 2 else 'NOT met'} ({target:.2f} MB/s)")

    print(f"\nlarge case: a draft of N sections against {args.indicators:,} indicators (one child process each)")
    print(f"{'sections':>9}{'characters':>12}{'figures':>9}{'CPU s':>8}{'wall s':>8}{'peak MB':>9}{'CPU ms/figure':>15}")
    runs = {}
    for sections in sorted({args.sections // 4, args.sections // 2, args.sections}):
        m = runs[sections] = large(sections, args.indicators)
        print(f"{sections:>9}{m['characters']:>12,}{m['figures']:>9,}{m['cpu']:>8.2f}{m['wall']:>8.2f}"
              f"{m['peak_mb']:>9.0f}{1000 * m['cpu'] / m['figures']:>15.2f}")
    m = runs[args.sections]
    met = m["cpu"] <= 10 and m["peak_mb"] <= 500
    print(f"target {args.sections} sections x {args.indicators:,} indicators <= 10 s and <= 500 MB: "
          f"{'met' if met else 'NOT met'} ({m['cpu']:.2f} CPU s, {m['peak_mb']:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
