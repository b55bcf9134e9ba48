"""rank_units scores each set of concepts once when none of it is only cited; a unit that
names one of them only while citing another article keeps its reduced score, whatever the
other units holding the same set."""

from __future__ import annotations

import random
from math import fsum

from indexer.units import Unit
from search.cited_clauses import CITED_SHARE
from search.unit_hits import rank_units

CONCEPTS = ["工会", "经费", "职工", "会员", "劳动合同", "解除"]


def _score(cs: set[str], weights: dict[str, float], only: set[str]) -> float:
    return fsum(weights.get(c, 1.0) * (CITED_SHARE if c in only else 1.0) for c in cs)


def test_a_cited_unit_keeps_its_share_beside_the_same_set_uncited():
    units = [Unit(0, "条", f"第{i + 1}条", f"a{i}", 10 * i, 10 * i + 10) for i in range(3)]
    weights = {"工会": 2.0, "经费": 0.5}
    same = {"工会", "经费"}
    found = {0: (set(same), 1), 1: (set(same), 1), 2: (set(same), 1)}
    ranked = rank_units(units, found, weights, cited={1: {"工会"}})
    scores = {i: s for i, s, _ in ranked}
    assert scores[0] == scores[2] == 2.5
    assert scores[1] == 2.0 * CITED_SHARE + 0.5 < scores[0]
    assert [i for i, _, _ in ranked] == [0, 2, 1]


def test_the_scores_are_the_sums_of_the_definition():
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(1, 30)
        units = [Unit(0, "条", f"第{i + 1}条", f"a{i}", 10 * i, 10 * i + 10) for i in range(n)]
        weights = {c: rng.choice([0.1, 1 / 3, 0.7, 2.0]) for c in CONCEPTS if rng.random() < 0.8}
        found = {
            i: (set(rng.sample(CONCEPTS, rng.randint(1, 3))), rng.randint(1, 4))
            for i in range(n)
            if rng.random() < 0.7
        }
        cited = {
            i: set(rng.sample(sorted(cs), 1)) for i, (cs, _) in found.items() if rng.random() < 0.3
        }
        for i, score, count in rank_units(units, found, weights, cited):
            assert score == _score(found[i][0], weights, cited.get(i, set()))
            assert count == found[i][1]
