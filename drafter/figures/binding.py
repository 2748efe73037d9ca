"""Binding: which supplied figure the words around a text figure speak of.

The clause of a figure and each supplied figure's label (the indicator name, or the fact's words around
its figure) are compared as character bigrams, weighted by how rare they are among the labels and by
nearness to the figure. Also: how alike two labels are, a label named with its qualifier swapped
(省级/市级, 亩均/户均), and supplied figures that are one figure written twice.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from drafter.figures.amounts import unit_class
from drafter.figures.supplied import SuppliedFigure
from drafter.quantity.lexicon import FAR_WEIGHT, NEAR_CHARACTERS, QUALIFIER_REACH, TWIN_SHARE


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


class Binder:
    """How well the words around a text figure name each supplied figure.

    A score is the F-measure of the share of the supplied figure's label found in the clause and
    the share of the clause's known words found in the label; bigrams weigh by rarity among the
    labels (高新 counts more than 企业) and by nearness to the figure.
    """

    def __init__(self, figures: Sequence[SuppliedFigure]):
        raw = [clause_bigrams(*f.label) for f in figures]
        frequency = Counter(b for label in raw for b in label)
        count = max(len(figures), 1)
        self.rarity = {b: math.log(1 + count / n) for b, n in frequency.items()}
        self.labels = [{b: w * self.rarity[b] for b, w in label.items()} for label in raw]
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, label in enumerate(self.labels):
            for b in label:
                self.postings[b].append(i)
        self.label_weight = [sum(label.values()) for label in self.labels]
        self.facts = [bigrams(f.context) for f in figures]

    def fact_coverage(self, i: int, sentence: set[str]) -> float:
        """Share of supplied figure ``i``'s whole fact (or indicator name) found in a sentence."""
        fact = self.facts[i]
        return len(fact & sentence) / len(fact) if fact else 0.0

    def scores(self, words: dict[str, float]) -> dict[int, float]:
        """Binding score of every supplied figure sharing a bigram with ``words``."""
        found, precise, known = self._overlap(words)
        out = {}
        for i, total in found.items():
            recall, precision = total / self.label_weight[i], precise[i] / known
            out[i] = 2 * recall * precision / (recall + precision)
        return out

    def coverage(self, words: dict[str, float]) -> dict[int, float]:
        """Share of each supplied figure's label found in ``words`` (a whole sentence, say)."""
        found, _, _ = self._overlap(words)
        return {i: total / self.label_weight[i] for i, total in found.items()}

    def _overlap(self, words: dict[str, float]) -> tuple[dict[int, float], dict[int, float], float]:
        found: dict[int, float] = defaultdict(float)
        precise: dict[int, float] = defaultdict(float)
        known = 0.0
        for b, nearness in words.items():
            rarity = self.rarity.get(b)
            if rarity is None:
                continue
            known += nearness * rarity
            for i in self.postings[b]:
                found[i] += self.labels[i][b]
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
    a, b = bigrams("".join(one.label)), bigrams("".join(other.label))
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
        label = bigrams("".join(a.label))
        if label and len(label & bigrams(b.context)) >= TWIN_SHARE * len(label):
            return True
    return False
