"""The supplied figures of one notes file, indexed once: by unit and value, by digits, by group and by
label; how well a clause binds each, and which of two is the later in time."""

from __future__ import annotations

import bisect
from collections import defaultdict
from decimal import Decimal

from drafter.figures.amounts import TARGET, consistent_with, last_place, unit_class
from drafter.figures.binding import Binder, find_twins, label_likeness, qualifier_swapped
from drafter.figures.derivations import Derivation
from drafter.figures.model import Qualifier, Quantity
from drafter.figures.sections import related
from drafter.figures.sentence import TextFigure
from drafter.figures.supplied import SuppliedFigure, outline_keys, period_years, supplied_figures
from drafter.notes import Notes
from drafter.quantity.lexicon import SAME_THING, SECTION_BONUS, SEVERAL_SPAN


def _year_of(figure: SuppliedFigure) -> int | None:
    """The last year a supplied figure's period names, or None."""
    years = period_years(figure.period)
    return max(years) if years else None


class SuppliedIndex:
    """The supplied figures of one notes file and their indexes."""

    def __init__(self, notes: Notes):
        self.notes = notes
        self.figures = supplied_figures(notes)
        self.binder = Binder(self.figures)
        self.exact: dict[tuple[str, Decimal], list[int]] = defaultdict(list)
        self.by_digits: dict[tuple[str, tuple[int, ...]], list[int]] = defaultdict(list)
        self.by_value: dict[Decimal, list[int]] = defaultdict(list)
        unit_values: dict[str, list[tuple[Decimal, int]]] = defaultdict(list)
        self.groups: dict[int, list[int]] = defaultdict(list)
        self.alike: dict[tuple[str, tuple[str, str]], list[int]] = defaultdict(list)  # one thing, many periods
        for i, f in enumerate(self.figures):
            unit = unit_class(f.unit)
            self.alike[(unit, f.label)].append(i)
            self.exact[(unit, f.value)].append(i)
            self.by_digits[(unit, f.value.normalize().as_tuple().digits)].append(i)
            self.by_value[f.value].append(i)
            unit_values[unit].append((f.value, i))
            self.groups[f.group].append(i)
        self.sorted_units = {unit: ([v for v, _ in sorted(pairs)], [i for _, i in sorted(pairs)])
                             for unit, pairs in unit_values.items()}
        self.twins = find_twins(self.figures)
        self.by_text_source: dict[tuple[str, str], list[int]] = defaultdict(list)  # how a finding names one
        for i, f in enumerate(self.figures):
            self.by_text_source[(f.text, f.source)].append(i)
        self.counts_money = any(f.unit == "元" for f in self.figures)
        self.headings = {key: section.heading for key, section in outline_keys(notes)}
        self._aimed: dict[int, list[int]] = {}

    def near(self, unit: str, low: Decimal, high: Decimal) -> list[int]:
        """Supplied figures of this unit with a value from ``low`` to ``high``."""
        values, ids = self.sorted_units.get(unit_class(unit), ([], []))
        return ids[bisect.bisect_left(values, low):bisect.bisect_right(values, high)]

    def consistent(self, q: Quantity) -> list[int]:
        """Supplied figures the text figure states truly: same amount and unit, approximation words allowed."""
        assert q.value is not None
        if q.qualifier is Qualifier.EXACT and q.high is None:
            ids = self.exact.get((unit_class(q.unit), q.value), [])
        elif q.qualifier is Qualifier.SEVERAL:  # 数百: two to nine hundred
            low, high = SEVERAL_SPAN
            ids = self.near(q.unit, q.value * low, q.value * high)
        else:
            spread = last_place(q.value)
            ids = self.near(q.unit, q.value - spread, q.value + spread)
        return [i for i in ids if consistent_with(q, self.figures[i])]

    def score(self, i: int, figure: TextFigure) -> float:
        """Binding score of supplied figure ``i``, with a bonus when it belongs to the figure's section."""
        bonus = SECTION_BONUS if related(figure.section, self.figures[i].section) else 0.0
        return figure.binding.score(i) + bonus

    def renamed(self, i: int, figure: TextFigure) -> bool:
        """Whether the clause of ``figure`` names supplied figure ``i``'s thing with another qualifier."""
        label = self.figures[i].name
        return qualifier_swapped(label, figure.before) or qualifier_swapped(label, figure.after)

    def later_in_time(self, one: SuppliedFigure, other: SuppliedFigure) -> bool:
        """Whether ``one`` is known to be of a later year than ``other``: by its period, or for a fact
        without one, by the year its section's heading names (the facts under "2026年工作计划" are targets
        for 2026)."""
        a, b = self.year_of(one), self.year_of(other)
        return a is not None and b is not None and a > b

    def target_of(self, target: SuppliedFigure, base: SuppliedFigure) -> bool:
        """Whether ``target`` is a later amount of what ``base`` counts: of a later year, the target row of
        it (企业研发投入年度目标 of 企业研发投入), or a fact of no known year in a report of a later year than
        ``base`` (a 2026 plan's 突破18亿元 after 12.6亿元 in 2025)."""
        label = target.name
        if self.later_in_time(target, base) or (TARGET.search(label) and base.name in label):
            return True
        year = self.year_of(base)
        return (target.role == "fact" and self.year_of(target) is None and year is not None
                and self.notes.year > year)

    def year_of(self, figure: SuppliedFigure) -> int | None:
        """The year of a supplied figure (see ``later_in_time``), or None."""
        year = _year_of(figure)
        if year is not None or figure.role != "fact":
            return year
        for depth in range(len(figure.section), 0, -1):
            years = period_years(self.headings.get(figure.section[:depth]))
            if len(years) == 1:
                return next(iter(years))
        return None

    def years_of_text(self, figure: TextFigure) -> frozenset[int]:
        """The years a text figure speaks of: the year written in its clause, else those its section's headings
        (or its sentence's opening year) name, else the report's year — unless it states a target (力争 …):
        then the year is not known (empty)."""
        if figure.year is not None:
            return frozenset({figure.year})
        if figure.period:
            return figure.period
        return frozenset() if figure.target else frozenset({self.notes.year})

    def other_period(self, figure: TextFigure, i: int) -> bool:
        """Whether supplied figure ``i`` is of another period than the text figure, so that the text figure
        cannot be it written wrongly (nor name it with certainty): another year written next to the figure;
        a later year than the figure's (a target stated as done); or, in a plan (a year after the report's),
        an earlier year (the base the plan starts from); a total over several years for a figure of one. Last
        year's statistics under this year's heading are usual (published a year late): the same period."""
        f = self.figures[i]
        own = period_years(f.period) or frozenset(filter(None, [self.year_of(f)]))
        years = self.years_of_text(figure)
        if not own or not years:
            return False
        if len(own) > 1 and len(years) == 1:
            return True  # a total over several years (2021年至2025年) is no figure of one year
        if own & years:
            return False
        return figure.year is not None or max(own) > max(years) or min(years) > self.notes.year

    def years_between(self, earlier: SuppliedFigure, later: SuppliedFigure) -> int | None:
        """Years from one figure's period to a later one's (a later figure without a period is of the
        report's year): 2020 → 2025 is 5; None when the earlier period names no year."""
        first = _year_of(earlier)
        last = _year_of(later) or self.notes.year
        return last - first if first is not None and last > first else None

    def aimed_at(self, target: int) -> list[int]:
        """The rows of the amount a target row sets (科技成果登记年度任务 8项 → 科技成果登记已完成 3项): current rows of
        its unit, no targets themselves, named alike; none when ``target`` is no target row."""
        found = self._aimed.get(target)
        if found is None:
            t = self.figures[target]
            found = []
            if t.role == "value" and TARGET.search(t.name):
                unit = unit_class(t.unit)
                found = [i for i in self.sorted_units.get(unit, ([], []))[1]
                         if (f := self.figures[i]).role == "value" and f.group != t.group
                         and not TARGET.search(f.name) and label_likeness(f, t) >= SAME_THING]
            self._aimed[target] = found
        return found

    def rank(self, i: int) -> int:
        """Order in time within a group: a previous value before the value; a fact's figures as written."""
        f = self.figures[i]
        return -1 if f.role == "previous" else self.groups[f.group].index(i)

    def sources(self, derivation: Derivation) -> str:
        """The sources of a derivation's operands, for the report."""
        names = dict.fromkeys(self.figures[i].source for i in derivation.operands)
        return "；".join(names) if names else "文中数字"

    def parts(self, unit: str, pool: set[int]) -> list[int]:
        """The figures of ``pool`` that can be parts of a total in ``unit``: exact current amounts, each
        figure once (not also its twin)."""
        parts = [i for i in sorted(pool) if unit_class(self.figures[i].unit) == unit
                 and self.figures[i].role != "previous" and self.figures[i].qualifier is Qualifier.EXACT]
        return [i for k, i in enumerate(parts) if not self.twins.get(i, set()).intersection(parts[:k])]
