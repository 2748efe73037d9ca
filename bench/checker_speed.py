"""Figure checker speed: ~1 MB of corpus-derived text through the extractor, the full checker and jionlp.

Target: the checker >= 2 MB/s on one core (MB = 10^6 bytes of UTF-8 text). jionlp is only a peer for
comparison (`pip install jionlp`); it is never a dependency of drafter, and is skipped when absent.

    python bench/checker_speed.py [--mb 1.0] [--repeat 3] [--notes examples/hongjiang.yaml]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time
from collections.abc import Callable
from pathlib import Path

from drafter.config import load_settings
from drafter.corpus.build import documents_of_file
from drafter.figures.extract import extract_quantities
from drafter.figures.reconcile import check_text
from drafter.notes import load_notes

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the text in MB (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the best is reported")
    parser.add_argument("--notes", type=Path, default=REPO / "examples" / "hongjiang.yaml")
    args = parser.parse_args()

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
