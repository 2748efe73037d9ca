"""The checker's measured figures gated against their committed floors (eval/checker/floors.yaml): the held-out
sets, the injected-error benchmark and real reports checked against part of their data. A threshold of the
lexicon that moves any of them — 近 within a twentieth instead of a tenth, say — fails here."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from drafter.figures.cases import load_cases, run_cases, scores

CHECKER_EVAL = Path(__file__).resolve().parent.parent / "eval" / "checker"
FLOORS = yaml.safe_load((CHECKER_EVAL / "floors.yaml").read_text(encoding="utf-8"))
HELD_OUT = sorted(name for name in FLOORS if name.startswith("heldout"))


def script(name: str) -> ModuleType:
    """An evaluation script of eval/checker/ as a module."""
    spec = importlib.util.spec_from_file_location(f"checker_eval_{name}", CHECKER_EVAL / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def below(measured: dict[str, float], gates: dict) -> list[str]:  # type: ignore[type-arg]
    """Each figure under its floor or over its ceiling, in words."""
    out = [f"{k} {measured[k]:.4f} < floor {v}" for k, v in gates.get("floors", {}).items() if measured[k] < v]
    return out + [f"{k} {measured[k]:.4f} > ceiling {v}" for k, v in gates.get("ceilings", {}).items()
                  if measured[k] > v]


def held_out(name: str) -> dict[str, float]:
    return scores(run_cases(load_cases(CHECKER_EVAL / name)))


@cache
def real_reports() -> dict[str, float]:
    totals = script("partial").measure(seeds=5)
    return {"harmful": sum(t.harmful for t in totals.values()),
            "supplied_alarms": sum(t.supplied_alarms for t in totals.values()),
            "uncovered_errors_partial": sum(t.uncovered_errors for (_, partial), t in totals.items() if partial)}


def test_every_held_out_set_has_floors() -> None:
    sets = sorted(p.name for p in CHECKER_EVAL.glob("heldout*") if p.is_dir())
    assert sets == HELD_OUT


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_set_keeps_its_floors(name: str) -> None:
    assert below(held_out(name), FLOORS[name]) == []


def test_injected_errors_keep_their_floors() -> None:
    assert below(script("run").measure().scores(), FLOORS["injected"]) == []


def test_real_reports_against_part_of_their_data_get_no_harmful_correction_and_no_false_alarm() -> None:
    assert below(real_reports(), FLOORS["real_reports"]) == []


def test_the_gates_notice_a_narrower_tolerance_of_approximation_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from drafter.figures import amounts

    monkeypatch.setattr(amounts, "CLOSE_SHARE", Decimal("0.05"))  # 近 within a twentieth, not a tenth
    assert any(below(held_out(name), FLOORS[name]) for name in HELD_OUT)


REPLIES = CHECKER_EVAL.parent / "replies"


@pytest.mark.skipif(not (REPLIES / "strong").is_dir(), reason="no recorded replies (eval/replies/<persona>)")
def test_natural_prose_of_the_recorded_personas_keeps_its_floors() -> None:
    natural = script("natural_prose")
    measured: dict[str, float] = {"flagged_true": 0}
    for persona in ("strong", "mid"):
        tally = natural.measure(REPLIES / persona)
        measured[f"false_alarms.{persona}"] = len(tally.false_alarms) / max(tally.figures, 1)
        measured[f"caught.{persona}"] = tally.caught / tally.slips if tally.slips else 1.0
        measured["flagged_true"] += len(tally.flagged_true)
    assert below(measured, FLOORS["natural_prose"]) == []
