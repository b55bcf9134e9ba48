"""bench.article_rank: the found law's candidate units recorded from a real search, and the
pairwise fit on cases whose answer is known."""

from __future__ import annotations

import math

import pytest

import search.searcher as searcher_mod
import search.unit_hits as uh
from bench.article_rank import (
    FEATURES,
    MODELS,
    READABLE,
    fit,
    nested,
    record,
    rule_ok,
    rule_ties,
    top_ok,
)
from bench.relevance.judged import JudgedQuery
from search import SearchRequest, open_searcher
from tests.conftest import index_of_docs
from tests.laws import CONTRACT_LAW, LABOUR_LAW


@pytest.fixture(scope="module")
def two_laws(tmp_path_factory):
    return index_of_docs(tmp_path_factory.mktemp("article_rank"), [CONTRACT_LAW, LABOUR_LAW])


def _page(searcher, text: str) -> list[tuple[str, list[str]]]:
    result = searcher.search(SearchRequest(q=text, per_page=10))
    return [(h.id, [u.label for u in h.units]) for h in result.hits]


def test_recording_lists_the_found_law_s_units_and_changes_nothing(two_laws):
    text = "劳动合同 试用期 最长"
    q = JudgedQuery(text, "workers", (CONTRACT_LAW,), article="第十九条")
    engine = (
        searcher_mod.unit_hits,
        uh.rank_units,
        uh.with_headings,
        searcher_mod.Searcher._hit,
        searcher_mod.cited_first,
    )
    with open_searcher(two_laws) as searcher:
        before = _page(searcher, text)
        rows = record(
            searcher, {"t": [q], "other group": [JudgedQuery(text, "staff", (CONTRACT_LAW,))]}
        )
        after = _page(searcher, text)
    assert engine == (
        searcher_mod.unit_hits,
        uh.rank_units,
        uh.with_headings,
        searcher_mod.Searcher._hit,
        searcher_mod.cited_first,
    )
    assert before == after
    assert len(rows) == 1  # the staff query asks no article
    (r,) = rows
    assert not r["cited"]
    shown = dict(before)[CONTRACT_LAW]
    assert r["rank"] == [i for i, _ in before].index(CONTRACT_LAW) + 1
    units = r["units"]
    # The rule's order is the one the page shows, and every unit is a candidate once.
    by_rule = sorted(units, key=lambda u: u["rule"])
    assert [u["label"] for u in by_rule[: len(shown)]] == shown
    assert sorted(u["rule"] for u in units) == list(range(len(units)))
    assert [u["label"].split()[0] for u in units if u["y"]] == ["第十九条"]
    assert rule_ok(r) == (shown[0].split()[0] == "第十九条")
    for u in units:
        assert len(u["x"]) == len(FEATURES) and all(math.isfinite(x) for x in u["x"])
        f = dict(zip(FEATURES, u["x"], strict=True))
        assert f["rule_top"] == (u["rule"] == 0)
        assert 0 < f["score_rel"] <= 1 and 0 <= f["order_rel"] <= 1
    assert max(dict(zip(FEATURES, u["x"], strict=True))["score_rel"] for u in units) == 1


def _q(xs: list[list[float]], y: int, rule: list[int] | None = None) -> dict:
    rule = rule or list(range(len(xs)))
    units = [
        {"x": x, "y": int(i == y), "rule": r} for i, (x, r) in enumerate(zip(xs, rule, strict=True))
    ]
    return {"set": "s", "rank": 1, "cited": False, "units": units}


def test_the_pairwise_fit_learns_which_feature_marks_the_answer():
    # Feature 0 marks the answer, feature 1 is noise the rule would follow.
    train = [
        _q([[0.0, 1.0], [1.0, 0.0], [0.2, 0.5]], 1),
        _q([[1.0, 0.3], [0.1, 0.9]], 0),
        _q([[0.3, 0.2], [0.0, 0.1], [0.9, 0.0]], 2),
        _q([[0.5, 0.5]], 0),  # one candidate: no pair
    ]
    w = fit(train, [0, 1], l2=0.1)
    assert w[0] > 0 and w[0] > w[1]
    assert all(top_ok(q, [0, 1], w) for q in train)
    assert not rule_ok(train[0]) and rule_ok(train[1])
    # Ties on the model's score fall to the rule's order.
    assert top_ok(_q([[1.0, 0.0], [1.0, 0.0]], 0), [0], [1.0])
    assert not top_ok(_q([[1.0, 0.0], [1.0, 0.0]], 0, rule=[1, 0]), [0], [1.0])


def test_the_rule_s_ties_are_the_units_equal_to_its_first_on_its_first_keys():
    asks, score = FEATURES.index("asks"), FEATURES.index("score_rel")

    def x(a: float, s: float) -> list[float]:
        v = [0.0] * len(FEATURES)
        v[asks], v[score] = a, s
        return v

    q = _q([x(1, 0.5), x(0, 1.0), x(1, 0.5), x(1, 0.4)], 2)
    assert [u["rule"] for u in rule_ties(q)["units"]] == [0, 2]


def test_the_nested_choice_scores_each_set_with_a_model_fitted_without_it():
    # In every set the answer is the unit with the higher within-law IDF score and the rule
    # ranks it second: any model the inner folds choose learns that from the other sets.
    local, top, rr = (FEATURES.index(n) for n in ("local_rel", "rule_top", "rule_rr"))

    def x(loc: float, rule: int) -> list[float]:
        v = [0.0] * len(FEATURES)
        v[local], v[top], v[rr] = loc, float(rule == 0), 1.0 / (1 + rule)
        return v

    data = []
    for s in READABLE:
        for k in range(3):
            q = _q([x(0.2 + 0.1 * k, 0), x(0.9, 1), x(0.1, 2)], 1, rule=[0, 1, 2])
            data.append({**q, "set": s})
    out = nested(data, [0.1])
    assert set(out) == set(READABLE)
    for (n, rule_hits, model_hits, candidates), (title, l2) in out.values():
        assert (n, rule_hits, model_hits, candidates) == (3, 0, 3, 3)
        assert title in MODELS and l2 == 0.1
