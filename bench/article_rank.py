"""Which article of a found law answers, as learning to rank: the found law's candidate
units with general features, and a linear pairwise model fitted with leave-one-set-out
cross-validation against the current rule (``search.unit_hits.rank_units``).

For every workers' and articles' query of the readable sets whose expected law is on the
page, the units ``rank_units`` ranks for that law are recorded with what it was given
(concepts, weights, cited-only concepts, the asked part) and what the hit's text says about
them (sentences, length, position), and labelled by whether each is the expected article.
No feature names a word. Usage::

    python -m bench.article_rank [--dump FILE.json | --load FILE.json] [--l2 X ...]

Fits with numpy (a dependency of the reindex; ``search/`` never imports it). See steps.md,
issue 11's nineteenth round, for what it found.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path

READABLE = {
    "main": "queries.toml",
    "1": "heldout.toml",
    "3": "heldout3.toml",
    "5": "heldout5.toml",
    "6": "heldout6.toml",
    "12": "heldout12.toml",
}
GROUPS = ("workers", "articles")
PAGE = 10  # hits asked for, as bench.eval asks

FEATURES = (
    "asks",  # holds a concept of the part of the question that asks
    "score_rel",  # the concept score over the law's best unit's
    "score_top",  # holds the law's best concept score
    "weight_frac",  # the concept score over the weight of every concept the law's units hold
    "concepts_frac",  # distinct concepts over the concepts the law's units hold
    "cited_frac",  # weight held only while citing or in listed items, over the unit's weight
    "penalty",  # lies in a penalty chapter
    "occ_log",  # log(1 + occurrences) minus the law's best
    "occ_rel",  # occurrences over the law's most
    "density",  # occurrences per 100 characters
    "len_log",  # log of the unit's length in characters
    "order_rel",  # its place among the law's candidate units (0 first, 1 last)
    "pos_in_law",  # where it starts in the law's text (0 start, 1 end)
    "heading_frac",  # weight the unit holds through its chapter's or section's title
    "quantity",  # states a quantity of the kind asked
    "sentence_rel",  # the weight one sentence of it holds at most, over the law's best such
    "sentence_all",  # one sentence holds every concept the unit holds
    "first_match",  # where its first match falls in it (0 start, 1 end)
    "article",  # an article (条), not a chapter or section
    "local_rel",  # Σ log(candidates / candidates holding it) over its concepts, over the law's best
    "lead_rel",  # the weight its first sentence holding a match holds, over the law's best such
    "density_rel",  # occurrences per character over the law's densest unit's
    "rule_top",  # the current rule ranks it first
    "rule_rr",  # 1 / (1 + its rank under the current rule)
)


@contextlib.contextmanager
def _recording(seen: dict[str, dict]) -> Iterator[None]:
    """While open, every hit the Searcher builds records in ``seen`` (by document id) what
    ``rank_units`` was given and returned, with the hit's text, marks and concepts; the
    engine's own functions are put back on leaving. Nothing the Searcher returns changes."""
    import search.searcher as searcher_mod
    import search.unit_hits as uh

    ctx: dict = {}
    orig_unit_hits, orig_rank, orig_headings = (
        searcher_mod.unit_hits,
        uh.rank_units,
        uh.with_headings,
    )
    orig_hit = searcher_mod.Searcher._hit
    orig_cited_first = searcher_mod.cited_first

    def unit_hits(text, units, marks, literals, concepts=None, *a, **k):
        ctx.update(text=text, marks=marks, concepts=concepts or {})
        return orig_unit_hits(text, units, marks, literals, concepts, *a, **k)

    def with_headings(units, found):
        ctx["pre_heading"] = {i: set(cs) for i, (cs, _) in found.items()}
        return orig_headings(units, found)

    def rank_units(units, found, weights=None, cited=None, asking=None):
        ranked = orig_rank(units, found, weights, cited, asking)
        ctx["rank"] = (units, found, weights or {}, cited or {}, asking or frozenset(), ranked)
        return ranked

    def cited_first(hits, text, units, anchor, *a, **k):
        ctx["anchor"] = anchor
        return orig_cited_first(hits, text, units, anchor, *a, **k)

    def _hit(self, *a, **k):
        ctx.clear()
        hit = orig_hit(self, *a, **k)
        if "rank" in ctx:
            ctx["hit"] = hit
            seen[hit.id] = dict(ctx)
        return hit

    searcher_mod.unit_hits, uh.rank_units, uh.with_headings = unit_hits, rank_units, with_headings
    searcher_mod.Searcher._hit, searcher_mod.cited_first = _hit, cited_first
    try:
        yield
    finally:
        searcher_mod.unit_hits, uh.rank_units, uh.with_headings = (
            orig_unit_hits,
            orig_rank,
            orig_headings,
        )
        searcher_mod.Searcher._hit, searcher_mod.cited_first = orig_hit, orig_cited_first


def features(c: dict) -> list[dict]:
    """Each candidate unit of one hit (what ``_recording`` kept): its label, its rank under
    the current rule and its features (``FEATURES``' order)."""
    from search.concepts import concept_of
    from search.highlight import SENTENCE_ENDS
    from search.penalty_units import in_penalty_chapter
    from search.quantity import QUANTITY
    from search.stored_units import kind_and_start

    units, found, weights, cited, asking, ranked = c["rank"]
    text, marks, concepts = c["text"], c["marks"], c["concepts"]
    kind, start = kind_and_start(units)
    pre = c.get("pre_heading", {})
    penalty = in_penalty_chapter(units, found)
    order = sorted(found, key=start)
    place = {i: n for n, i in enumerate(order)}
    rule = {i: n for n, (i, _, _) in enumerate(ranked)}
    score = {i: s for i, s, _ in ranked}
    union: set[str] = set()
    for cs, _ in found.values():
        union |= cs
    w = {cn: weights.get(cn, 1.0) for cn in union}
    total = sum(w.values()) or 1.0
    best = max(score.values()) or 1.0
    most = max(n for _, n in found.values()) or 1
    mark_starts = [s for s, _ in marks]
    sent_w: dict[int, tuple[float, bool]] = {}
    first: dict[int, float] = {}
    lead: dict[int, float] = {}
    for i, (cs, _) in found.items():
        a, b = start(i), max(units[i].end, start(i) + 1)
        inside = marks[bisect_left(mark_starts, a) : bisect_left(mark_starts, b)]
        first[i] = (inside[0][0] - a) / (b - a) if inside else 1.0
        by_sentence: dict[int, set[str]] = {}
        for s, e in inside:
            j = max(text.rfind(ch, a, s) for ch in SENTENCE_ENDS)
            by_sentence.setdefault(j, set()).add(concept_of(concepts, text[s:e]))
        top = max((sum(w.get(x, 1.0) for x in v) for v in by_sentence.values()), default=0.0)
        lead[i] = sum(w.get(x, 1.0) for x in by_sentence[min(by_sentence)]) if by_sentence else 0.0
        own = cs - {QUANTITY}
        sent_w[i] = (top, any(own <= v for v in by_sentence.values()))
    best_sent = max(v for v, _ in sent_w.values()) or 1.0
    df: dict[str, int] = {}
    for cs, _ in found.values():
        for x in cs:
            df[x] = df.get(x, 0) + 1
    local = {i: sum(math.log(len(found) / df[x]) for x in cs) for i, (cs, _) in found.items()}
    best_local = max(local.values()) or 1.0
    best_lead = max(lead.values()) or 1.0
    dense = {i: n / max(units[i].end - start(i), 1) for i, (_, n) in found.items()}
    densest = max(dense.values()) or 1.0
    rows = []
    for i, (cs, n) in found.items():
        length = max(units[i].end - start(i), 1)
        only = cited.get(i, set())
        heading = cs - pre.get(i, cs)
        f = {
            "asks": float(bool(asking & cs)),
            "score_rel": score[i] / best,
            "score_top": float(score[i] >= best - 1e-9),
            "weight_frac": score[i] / total,
            "concepts_frac": len(cs) / max(len(union), 1),
            "cited_frac": sum(w.get(x, 1.0) for x in cs & only)
            / max(sum(w.get(x, 1.0) for x in cs), 1e-9),
            "penalty": float(i in penalty),
            "occ_log": math.log1p(n) - math.log1p(most),
            "occ_rel": n / most,
            "density": 100.0 * n / length,
            "len_log": math.log(length),
            "order_rel": place[i] / max(len(order) - 1, 1),
            "pos_in_law": start(i) / max(len(text), 1),
            "heading_frac": sum(w.get(x, 1.0) for x in heading) / max(score[i], 1e-9),
            "quantity": float(QUANTITY in cs),
            "sentence_rel": sent_w[i][0] / best_sent,
            "sentence_all": float(sent_w[i][1]),
            "first_match": first[i],
            "article": float(kind(i) == "条"),
            "local_rel": local[i] / best_local,
            "lead_rel": lead[i] / best_lead,
            "density_rel": dense[i] / densest,
            "rule_top": float(rule[i] == 0),
            "rule_rr": 1.0 / (1 + rule[i]),
        }
        rows.append({"label": units[i].label, "rule": rule[i], "x": [f[k] for k in FEATURES]})
    return rows


def record(searcher, sets: dict[str, list]) -> list[dict]:
    """For each workers' and articles' query of ``sets`` (name → judged queries) whose
    expected law is on the page: that law's candidate units, labelled."""
    from bench.relevance import metrics
    from search import QueryError, SearchRequest

    out = []
    for name, queries in sets.items():
        for q in queries:
            if q.group not in GROUPS or not q.article or not q.expected:
                continue
            seen: dict[str, dict] = {}
            try:
                with _recording(seen):
                    result = searcher.search(SearchRequest(q=q.text, per_page=PAGE))
            except QueryError:
                continue
            ids = [h.id for h in result.hits]
            law = q.expected[0]
            if law not in ids or law not in seen:
                continue
            c = seen[law]
            rows = features(c)
            shown = c["hit"].units[0].label if c["hit"].units else None
            rule_label = next(r["label"] for r in rows if r["rule"] == 0)
            for r in rows:
                r["y"] = int(metrics.unit_label_matches(r["label"], q.article))
            out.append(
                {
                    "set": name,
                    "group": q.group,
                    "q": q.text,
                    "article": q.article,
                    "rank": ids.index(law) + 1,
                    # a citation query shows the article it names, whatever the rule
                    "cited": "anchor" in c or shown != rule_label,
                    "shown_ok": bool(shown and metrics.unit_label_matches(shown, q.article)),
                    "units": rows,
                }
            )
    return out


def record_readable() -> list[dict]:
    """``record`` over the readable sets on a fresh index of the shipped corpus."""
    from bench.eval import shipped_searcher
    from bench.relevance.judged import HERE, load_queries

    with shipped_searcher() as (searcher, _):
        return record(searcher, {n: load_queries(HERE / f) for n, f in READABLE.items()})


# -- fitting ------------------------------------------------------------------------


def _pairs(queries: list[dict], cols: list[int]):
    import numpy as np

    diffs = []
    for q in queries:
        xs = np.array([[u["x"][c] for c in cols] for u in q["units"]])
        ys = np.array([u["y"] for u in q["units"]])
        if ys.sum() == 0 or ys.sum() == len(ys):
            continue
        for p in np.flatnonzero(ys):
            for n in np.flatnonzero(ys == 0):
                diffs.append(xs[p] - xs[n])
    return np.array(diffs)


def fit(queries: list[dict], cols: list[int], l2: float = 1.0, steps: int = 3000):
    """A pairwise logistic model (RankNet's linear case): weights w such that the expected
    article's w·x exceeds each other candidate's; each query's pairs weigh 1 in all."""
    import numpy as np

    rows, weights = [], []
    for q in queries:
        d = _pairs([q], cols)
        if len(d):
            rows.append(d)
            weights.append(np.full(len(d), 1.0 / len(d)))
    if not rows:
        return np.zeros(len(cols))
    d, qw = np.vstack(rows), np.concatenate(weights)
    w = np.zeros(d.shape[1])
    lr = 0.5
    for _ in range(steps):
        z = d @ w
        p = 1.0 / (1.0 + np.exp(np.clip(z, -30, 30)))  # σ(−z)
        grad = -(d * (qw * p)[:, None]).sum(0) / qw.sum() + l2 * w / qw.sum()
        w -= lr * grad
    return w


def top_ok(q: dict, cols: list[int], w) -> bool:
    """Does the model's best unit (ties by the current rule) name the expected article?"""
    best = max(
        q["units"],
        key=lambda u: (sum(u["x"][c] * wi for c, wi in zip(cols, w, strict=True)), -u["rule"]),
    )
    return bool(best["y"])


def rule_ok(q: dict) -> bool:
    return bool(next(u for u in q["units"] if u["rule"] == 0)["y"])


def rule_ties(q: dict) -> dict:
    """``q`` with only the units the current rule cannot tell from its first on its first
    two keys (holding an asked concept, the concept score): a model as its tie-break."""
    asks, score = FEATURES.index("asks"), FEATURES.index("score_rel")
    top = next(u for u in q["units"] if u["rule"] == 0)["x"]
    same = [
        u
        for u in q["units"]
        if u["x"][asks] == top[asks] and abs(u["x"][score] - top[score]) < 1e-9
    ]
    return {**q, "units": same}


def cross_validate(
    data: list[dict], names: list[str], l2: float, ties: bool = False, sets=tuple(READABLE)
) -> dict:
    """Per held-out readable set: (queries whose law is in the top 3, the current rule's
    article hits, the model's, queries whose expected article is a candidate at all); the
    model fitted on the other five sets' queries (their law anywhere on the page)."""
    cols = [FEATURES.index(n) for n in names]
    shape = rule_ties if ties else (lambda q: q)
    out = {}
    for held in sets:
        train = [shape(q) for q in data if q["set"] != held and not q["cited"]]
        test = [q for q in data if q["set"] == held and not q["cited"] and q["rank"] <= 3]
        w = fit(train, cols, l2)
        out[held] = (
            len(test),
            sum(rule_ok(q) for q in test),
            sum(top_ok(shape(q), cols, w) for q in test),
            sum(any(u["y"] for u in q["units"]) for q in test),
        )
    return out


def nested(data: list[dict], l2s: list[float]) -> dict:
    """``cross_validate``'s figures for the whole procedure, the choice of model included:
    for each held-out set, the model (MODELS × ``l2s``) is chosen by leave-one-set-out over
    the other five sets alone, then fitted on them and scored on the held-out one. Returns
    per set the cross_validate tuple and the model chosen."""
    out = {}
    for held in READABLE:
        inner = [q for q in data if q["set"] != held]
        chosen = max(
            ((title, l2) for title in MODELS for l2 in l2s),
            key=lambda m: sum(
                v[2]
                for v in cross_validate(
                    inner,
                    MODELS[m[0]][0],
                    m[1],
                    MODELS[m[0]][1],
                    [s for s in READABLE if s != held],
                ).values()
            ),
        )
        names, ties = MODELS[chosen[0]]
        out[held] = (cross_validate(data, names, chosen[1], ties, [held])[held], chosen)
    return out


def _table(cv: dict) -> str:
    lines = [
        "| held-out set | law in top 3 | article a candidate | current rule | fitted model |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    tot = [0, 0, 0, 0]
    for s, (n, r, m, cand) in cv.items():
        lines.append(
            f"| {s} | {n} | {cand} | {r} ({r / max(n, 1):.2f}) | {m} ({m / max(n, 1):.2f}) |"
        )
        tot = [a + b for a, b in zip(tot, (n, r, m, cand), strict=True)]
    n, r, m, cand = tot
    lines.append(f"| all | {n} | {cand} | {r} ({r / n:.2f}) | {m} ({m / n:.2f}) |")
    return "\n".join(lines)


# The features of the first fit; density_rel replaced density after it (see MODELS).
FIRST = [f for f in FEATURES if f != "density_rel"]
NO_RULE = [f for f in FIRST if not f.startswith("rule_")]
MODELS = {
    "every feature, the rule's own rank among them": (FIRST, False),
    "without the rule's own rank": (NO_RULE, False),
    "as the rule's tie-break (units tied on asked part and concept score)": (NO_RULE, True),
    # Chosen after reading the first fit's losses (short units of very high density won):
    # a variant picked on the folds it is scored on, so its figures flatter it.
    "every feature, density over the law's densest unit's (chosen after the first fit)": (
        [f if f != "density" else "density_rel" for f in FIRST],
        False,
    ),
}


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    ap = argparse.ArgumentParser(
        prog="python -m bench.article_rank", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--dump", type=Path, help="write the recorded candidates (JSON)")
    ap.add_argument("--load", type=Path, help="read recorded candidates instead of searching")
    ap.add_argument(
        "--l2", type=float, action="append", help="L2 penalties to fit with (repeatable)"
    )
    args = ap.parse_args(argv)
    l2s = args.l2 or [0.1, 1.0, 10.0]
    if args.load:
        data = json.loads(args.load.read_text(encoding="utf-8"))
    else:
        data = record_readable()
    if args.dump:
        args.dump.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = sys.stdout
    kept = [q for q in data if not q["cited"]]
    out.write(
        f"{len(data)} queries with their law on the page, "
        f"{sum(q['cited'] for q in data)} citations left out (the article named is shown), "
        f"{sum(q['rank'] <= 3 for q in kept)} with the law in the top 3\n\n"
    )
    for title, (names, ties) in MODELS.items():
        for l2 in l2s:
            out.write(
                f"### {title}, L2 {l2}\n\n{_table(cross_validate(data, names, l2, ties))}\n\n"
            )
    out.write("### the model chosen by leave-one-set-out on the other five sets (nested)\n\n")
    chosen = nested(data, l2s)
    out.write(_table({k: v for k, (v, _) in chosen.items()}) + "\n\n")
    for held, (_, (title, l2)) in chosen.items():
        out.write(f"- held out {held}: {title}, L2 {l2}\n")
    out.write("\n")
    l2 = 1.0 if 1.0 in l2s else l2s[0]
    cols = [FEATURES.index(n) for n in NO_RULE]
    w = fit(kept, cols, l2)
    scale = np.array([u["x"] for q in data for u in q["units"]])[:, cols].std(0)
    out.write(f"### weights without the rule's rank, fitted on all six sets (L2 {l2})\n\n")
    out.write("| feature | weight | × its spread |\n| --- | ---: | ---: |\n")
    for n, wi, sd in sorted(zip(NO_RULE, w, scale, strict=True), key=lambda t: -abs(t[1] * t[2])):
        out.write(f"| {n} | {wi:+.3f} | {wi * sd:+.3f} |\n")
    top3 = [q for q in kept if q["rank"] <= 3]
    out.write(f"\n### one feature alone as the ranker (ties by the rule), {len(top3)} queries\n\n")
    out.write("| feature | higher first | lower first |\n| --- | ---: | ---: |\n")
    for n in FIRST:
        c = FEATURES.index(n)
        up, down = (sum(top_ok(q, [c], [s]) for q in top3) for s in (1.0, -1.0))
        out.write(f"| {n} | {up} | {down} |\n")
    base = sum(v[2] for v in cross_validate(data, NO_RULE, l2).values())
    out.write(
        f"\n### each feature left out (without the rule's rank, L2 {l2}; all folds {base})\n\n"
    )
    out.write("| left out | held-out hits | change |\n| --- | ---: | ---: |\n")
    for n in NO_RULE:
        m = sum(v[2] for v in cross_validate(data, [f for f in NO_RULE if f != n], l2).values())
        out.write(f"| {n} | {m} | {m - base:+d} |\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
