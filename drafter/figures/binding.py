"""Binding: which supplied figure the words around a text figure speak of.

The clause of a figure and each supplied figure's label (the indicator name, or the fact's words around
its figure) are compared as character bigrams, weighted by how rare they are among the labels and by
nearness to the figure. Also: how alike two labels are, a label named with its qualifier swapped
(省级/市级, 亩均/户均), and supplied figures that are one figure written twice.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from operator import itemgetter

from drafter.figures.amounts import unit_class
from drafter.figures.supplied import SuppliedFigure
from drafter.quantity.lexicon import (
    COVERAGE_FLOOR,
    FAR_WEIGHT,
    NEAR_CHARACTERS,
    QUALIFIER_REACH,
    SCORE_FLOOR,
    TWIN_SHARE,
)


def bigrams(words: str) -> set[str]:
    """The character bigrams of a text."""
    return {words[i:i + 2] for i in range(len(words) - 1)}


def clause_bigrams(before: str, after: str) -> dict[str, float]:
    """The bigrams of a clause around a figure, the nearest words weighing most."""
    out: dict[str, float] = {}
    for i in range(len(before) - 1):
        distance = len(before) - i - 2
        out[before[i:i + 2]] = max(out.get(before[i:i + 2], 0.0), 1.0 if distance < NEAR_CHARACTERS else FAR_WEIGHT)
    for i in range(len(after) - 1):
        out[after[i:i + 2]] = max(out.get(after[i:i + 2], 0.0), 1.0 if i < NEAR_CHARACTERS else FAR_WEIGHT)
    return out


@dataclass(frozen=True, slots=True)
class Binding:
    """How well the words of a figure's clause name each supplied figure, computed once per figure: ``scores``
    holds the supplied figures it names at all (score ``SCORE_FLOOR`` or more; see ``Binder.scores``), the few a
    clause can speak of even among thousands of rows named alike; ``score`` gives any one's exact score."""

    scores: Mapping[int, float]
    words: Mapping[str, float]
    binder: Binder = field(repr=False, compare=False)

    def score(self, i: int) -> float:
        """The score of supplied figure ``i`` (0 when the clause shares no word with its label)."""
        found = self.scores.get(i)
        return found if found is not None else self.binder.score(i, self.words)

    def best(self, count: int) -> Binding:
        """This binding keeping only its ``count`` best scores (what a judged figure needs later: its
        candidates), so that a long text's figures hold no more than that each."""
        if len(self.scores) <= count:
            return self
        return Binding(dict(heapq.nlargest(count, self.scores.items(), key=itemgetter(1))), self.words, self.binder)


def _f_measure(recall, precision):  # type: ignore[no-untyped-def]
    """The harmonic mean of recall and precision (numbers or arrays of them)."""
    return 2 * recall * precision / (recall + precision)


_VECTORISED = 300  # more supplied figures than this are scored with arrays


class Binder:
    """How well the words around a text figure name each supplied figure.

    A score is the F-measure of the share of the supplied figure's label found in the clause and
    the share of the clause's known words found in the label; bigrams weigh by rarity among the
    labels (高新 counts more than 企业) and by nearness to the figure.
    """

    def __init__(self, figures: Sequence[SuppliedFigure]):
        import numpy as np

        raw = [clause_bigrams(*f.label) for f in figures]
        frequency = Counter(b for label in raw for b in label)
        count = max(len(figures), 1)
        self.rarity = {b: math.log(1 + count / n) for b, n in frequency.items()}
        self.labels = [{b: w * self.rarity[b] for b, w in label.items()} for label in raw]
        postings: dict[str, list[int]] = defaultdict(list)
        for i, label in enumerate(self.labels):
            for b in label:
                postings[b].append(i)
        # Per bigram, the labels holding it and its weight in each; with many labels, one vectorised addition
        # per bigram of a clause, whatever the number of labels (5,000 indicators named alike share bigrams).
        self.vectorised = len(figures) > _VECTORISED
        self.postings = {b: (np.array(ids, dtype=np.intp), np.array([self.labels[i][b] for i in ids]))
                         if self.vectorised else (ids, [self.labels[i][b] for i in ids]) for b, ids in postings.items()}
        self.label_weight = [sum(label.values()) for label in self.labels]
        self._weights = np.array(self.label_weight) if self.label_weight else np.zeros(0)
        self._np = np
        self.facts = [bigrams(f.context) for f in figures]

    def fact_coverage(self, i: int, sentence: set[str]) -> float:
        """Share of supplied figure ``i``'s whole fact (or indicator name) found in a sentence."""
        fact = self.facts[i]
        return len(fact & sentence) / len(fact) if fact else 0.0

    def binding(self, words: Mapping[str, float]) -> Binding:
        """The binding of a clause: the supplied figures it names at all, with their scores."""
        return Binding(self.scores(words, SCORE_FLOOR), words, self)

    def score(self, i: int, words: Mapping[str, float]) -> float:
        """The score of one supplied figure (see ``scores``), computed from its label alone."""
        label = self.labels[i]
        shared = [b for b in words if b in label]
        if not shared:
            return 0.0
        known = sum(nearness * self.rarity[b] for b, nearness in words.items() if b in self.rarity)
        recall = sum(label[b] for b in shared) / self.label_weight[i]
        precision = sum(words[b] * self.rarity[b] for b in shared) / known
        return float(_f_measure(recall, precision))

    def scores(self, words: Mapping[str, float], floor: float = 0.0) -> dict[int, float]:
        """Binding score of every supplied figure sharing a bigram with ``words`` (scoring ``floor`` or more)."""
        found, precise, known = self._overlap(words)
        if not self.vectorised:
            return {i: score for i, total in found.items()
                    if (score := _f_measure(total / self.label_weight[i], precise[i] / known)) >= floor}
        ids = self._np.flatnonzero(found)
        f = _f_measure(found[ids] / self._weights[ids], precise[ids] / known)
        keep = f >= floor
        return dict(zip(ids[keep].tolist(), f[keep].tolist(), strict=True))

    def coverage(self, words: Mapping[str, float]) -> dict[int, float]:
        """Share of each supplied figure's label found in ``words`` (a whole sentence, say), for the figures
        whose label the words hold ``COVERAGE_FLOOR`` of or more."""
        found, _, _ = self._overlap(words)
        if not self.vectorised:
            return {i: share for i, total in found.items()
                    if (share := total / self.label_weight[i]) >= COVERAGE_FLOOR}
        ids = self._np.flatnonzero(found >= self._weights * COVERAGE_FLOOR)
        return dict(zip(ids.tolist(), (found[ids] / self._weights[ids]).tolist(), strict=True))

    def _overlap(self, words: Mapping[str, float]):  # type: ignore[no-untyped-def]
        """Per supplied figure (an array over all of them, or a dict of those sharing a bigram): the weight of
        its label the words hold, and of the words' known bigrams it holds; and the weight of all the words'
        known bigrams."""
        if self.vectorised:
            found, precise = self._np.zeros(len(self.label_weight)), self._np.zeros(len(self.label_weight))
        else:
            found, precise = defaultdict(float), defaultdict(float)
        known = 0.0
        for b, nearness in words.items():
            posting = self.postings.get(b)
            if posting is None:
                continue
            rarity = self.rarity[b]
            known += nearness * rarity
            if self.vectorised:
                found[posting[0]] += posting[1]
                precise[posting[0]] += nearness * rarity
                continue
            for i, weight in zip(*posting, strict=True):
                found[i] += weight
                precise[i] += nearness * rarity
        return found, precise, known

    def label_share(self, i: int, words: Mapping[str, float]) -> float:
        """Share of supplied figure ``i``'s label (by weight) that the words contain: 1.0 when the clause
        names the indicator in full ("目前，洪江市有效期内高新技术企业29家" for 有效期内高新技术企业)."""
        if not self.label_weight[i]:
            return 0.0
        return sum(w for b, w in self.labels[i].items() if b in words) / self.label_weight[i]

    def distinct(self, words: dict[str, float], one: int, other: int) -> float:
        """Share of ``one``'s label that the words contain and ``other``'s label lacks."""
        if not self.label_weight[one]:
            return 0.0
        own, theirs = self.labels[one], self.labels[other]
        return sum(w for b, w in own.items() if b in words and b not in theirs) / self.label_weight[one]


def label_likeness(one: SuppliedFigure, other: SuppliedFigure) -> float:
    """Dice coefficient of the binding words of two supplied figures: 争取上级科技资金 ~ 争取资金."""
    a, b = bigrams(one.name), bigrams(other.name)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


@lru_cache(maxsize=4096)
def qualifier_swapped(label: str, words: str) -> bool:
    """Whether ``words`` name what ``label`` names with its qualifier swapped: a short stretch of the label
    stands in the words replaced by other characters, right before a stretch both share (省级科技项目立项
    for 市级科技项目立项, 亩均增收 for 户均增收, 累计服务企业 for 新增服务企业)."""
    if not label or not words:
        return False
    opcodes = SequenceMatcher(None, label, words, autojunk=False).get_opcodes()
    for (tag, i1, i2, j1, j2), (following, k1, k2, _, _) in itertools.pairwise(opcodes):
        if tag != "replace" or following != "equal" or k2 - k1 < 2 or i2 - i1 > QUALIFIER_REACH:
            continue
        # Where the label begins, the words may run on before their qualifier: 建成|国家|级星创天地.
        written = words[max(j1, j2 - QUALIFIER_REACH):j2] if i1 == 0 else words[j1:j2]
        if len(written) <= QUALIFIER_REACH and not set(label[i1:i2]) & set(written):
            return True
    return False


def find_twins(figures: Sequence[SuppliedFigure]) -> dict[int, set[int]]:
    """Supplied figures that are one figure written twice: the same amount, unit and approximation,
    bound to the same words (an indicator, and a fact that states it: "有效期内高新技术企业28家").
    Using one in the text uses its twins."""
    alike: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        alike[(unit_class(f.unit), f.value, f.qualifier, f.high)].append(i)
    twins: dict[int, set[int]] = defaultdict(set)
    for members in alike.values():
        for i, j in itertools.combinations(members, 2):
            if figures[i].group != figures[j].group and _same_binding(figures[i], figures[j]):
                twins[i].add(j)
                twins[j].add(i)
    return twins


def _same_binding(one: SuppliedFigure, other: SuppliedFigure) -> bool:
    """Whether the binding words of one figure are (nearly all) in the other's fact, or the reverse."""
    for a, b in ((one, other), (other, one)):
        label = bigrams(a.name)
        if label and len(label & bigrams(b.context)) >= TWIN_SHARE * len(label):
            return True
    return False
