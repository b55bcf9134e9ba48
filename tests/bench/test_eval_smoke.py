"""The relevance eval (`make eval`): pure metrics, the judged set's validity against the
documents, and the harness end to end on a small real index."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from bench.relevance import metrics
from bench.relevance.judged import (
    HELDOUT2_FILE,
    HELDOUT3_FILE,
    HELDOUT4_FILE,
    HELDOUT_FILE,
    HELDOUT_FILES,
    QUERIES_FILE,
    JudgedQuery,
    load_queries,
    load_topics_gold,
    problems,
)
from bench.relevance.oracle import DocText, corpus_texts, ctrl_f
from indexer.units import split_units
from tests.laws import BEIJING_UNION_LAW, LABOUR_LAW, UNION_LAW
from tests.reports import HARBIN_REPORT
from union_search.config import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus" / "docs"

# -- pure metrics on hand-computed cases ----------------------------------------------


def test_ranking_metrics_on_a_fixed_ranking():
    ranked = ["a", "b", "c", "d"]
    assert metrics.first_relevant_rank(ranked, {"c", "x"}) == 3
    assert metrics.first_relevant_rank(ranked, {"x"}) is None
    assert metrics.hit_at(ranked, {"c"}, 3) and not metrics.hit_at(ranked, {"c"}, 2)
    assert metrics.hit_at(ranked, {"a"}, 1)
    assert metrics.reciprocal_rank(ranked, {"b", "d"}) == 0.5
    assert metrics.reciprocal_rank(ranked, {"d"}, depth=3) == 0.0
    # MRR of three queries whose first relevant hits are at 1, 4 and nowhere: (1 + 1/4 + 0) / 3
    rrs = [metrics.reciprocal_rank(ranked, rel) for rel in ({"a"}, {"d"}, {"z"})]
    assert metrics.mean(rrs) == pytest.approx(1.25 / 3)
    assert metrics.mean([]) is None


def test_set_scores():
    s = metrics.set_scores(["a", "b", "c", "x"], ["a", "b", "c", "d", "e"])
    assert (s.precision, s.recall) == (0.75, 0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert s.missing == ("d", "e") and s.extra == ("x",)
    empty = metrics.set_scores([], ["a"])
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 0.0, 0.0)
    assert metrics.set_scores([], []).f1 == 1.0


def test_snippet_answer_check_strips_tags_and_entities():
    html = "…应当向劳动者每月支付<mark>二倍</mark>的工资。&lt;注&gt;…"
    assert metrics.plain_text(html) == "…应当向劳动者每月支付二倍的工资。<注>…"
    assert metrics.shows_answer(html, "每月支付二倍的工资")
    assert metrics.shows_answer(html, "未与劳动者订立书面劳动合同", key="二倍的工资")
    assert not metrics.shows_answer(html, "未与劳动者订立书面劳动合同")
    # The Harbin report has spaces inside numbers ("20.3 %"): spaces never decide.
    assert metrics.shows_answer("增长20.3 %", "增长20.3%")


def test_article_hit_uses_the_best_unit_of_the_expected_document():
    law = LABOUR_LAW
    top = [("other", "第四十四条"), (law, "第四条"), (law, "第四十四条 【加班】")]
    assert metrics.article_hit(top, law, "第四十四条")
    assert not metrics.article_hit(top, law, "第四十四条", k=2)
    assert not metrics.article_hit([(law, None)], law, "第四十四条")
    assert metrics.article_hit(top, law, "第四条")


def test_suggestion_check():
    assert metrics.suggests("工会法", "工会法")
    assert metrics.suggests("<b>劳动合同法</b> 第八十二条", "劳动合同法 第八十二条")
    assert not metrics.suggests("公会法", "工会法")
    assert not metrics.suggests(None, "工会法") and not metrics.suggests("", "工会法")


def test_topic_scores():
    gold = {"d1": ["A", "B"], "d2": ["B"], "d3": []}
    found = {"d1": ["A"], "d2": ["B", "C"], "d3": ["C"]}
    by = {t.topic: t for t in metrics.topic_scores(gold, found, ["A", "B", "C"])}
    assert (by["A"].tp, by["A"].fp, by["A"].fn) == (1, 0, 0)
    assert (by["B"].precision, by["B"].recall) == (1.0, 0.5)
    assert by["C"].precision == 0.0 and by["C"].recall is None
    m = metrics.micro(by.values())
    assert (m.tp, m.fp, m.fn) == (2, 2, 1)


# -- the judged set against the documents ----------------------------------------------


@pytest.fixture(scope="module")
def texts() -> dict[str, DocText]:
    return corpus_texts()


def test_judged_set_is_well_formed(texts):
    queries = load_queries()
    # Every expected id is a document, every answer is in its document, every counting
    # query's set equals a fresh str.find count over the extracted texts.
    assert problems(queries, texts) == []
    groups = {q.group for q in queries}
    assert {"staff", "workers", "researchers", "articles", "variants"} <= groups
    assert any(q.kind == "count" for q in queries)


def test_heldout_set_is_well_formed_and_new(texts):
    heldout = load_queries(HELDOUT_FILE)
    assert problems(heldout, texts) == []
    assert len(heldout) >= 30
    assert {q.group for q in heldout} == {"workers", "articles", "variants"}
    # Held out means not in the set the engine is tuned on.
    main = {q.text for q in load_queries(QUERIES_FILE)}
    assert not [q.text for q in heldout if q.text in main]


def _texts_of(*files) -> set[str]:
    return {q.text for f in files for q in load_queries(f)}


def _answers_lie_in_their_articles(queries, texts) -> None:
    """A query naming its article: the answer lies inside that article of the first
    expected document."""
    for q in queries:
        if q.article:
            body = texts[q.expected[0]].body
            spans = [u for u in split_units(body) if u.kind == "条" and u.label == q.article]
            assert any(q.answer in body[u.start : u.end] for u in spans), q.text


def test_second_heldout_set_is_well_formed_and_new(texts):
    heldout2 = load_queries(HELDOUT2_FILE)
    assert problems(heldout2, texts) == []
    assert len(heldout2) >= 30
    # Mostly workers' practical questions, plus article lookups, staff and researchers.
    groups = [q.group for q in heldout2]
    assert set(groups) == {"workers", "articles", "staff", "researchers"}
    assert groups.count("workers") > len(groups) / 2
    earlier = {q.text for f in (QUERIES_FILE, HELDOUT_FILE) for q in load_queries(f)}
    assert not [q.text for q in heldout2 if q.text in earlier]


def test_third_heldout_set_is_well_formed_and_new(texts):
    heldout3 = load_queries(HELDOUT3_FILE)
    assert problems(heldout3, texts) == []
    assert len(heldout3) >= 30
    groups = [q.group for q in heldout3]
    assert set(groups) == {"workers", "articles"}
    assert groups.count("workers") >= 30
    # Every query of the set names the article that answers it, and the answer text.
    assert all(q.article and q.answer for q in heldout3)
    earlier = {q.text for f in (QUERIES_FILE, HELDOUT_FILE, HELDOUT2_FILE) for q in load_queries(f)}
    assert not [q.text for q in heldout3 if q.text in earlier]


def test_fourth_heldout_set_is_well_formed_and_new(texts):
    heldout4 = load_queries(HELDOUT4_FILE)
    assert problems(heldout4, texts) == []
    assert len(heldout4) >= 45
    groups = [q.group for q in heldout4]
    assert set(groups) == {"workers", "staff", "articles"}
    assert groups.count("workers") >= 30
    # Every query names the answering text; every law query its article, and that text
    # lies inside that article of the first expected document.
    assert all(q.answer for q in heldout4)
    _answers_lie_in_their_articles(heldout4, texts)
    earlier = _texts_of(QUERIES_FILE, HELDOUT_FILE, HELDOUT2_FILE, HELDOUT3_FILE)
    assert not [q.text for q in heldout4 if q.text in earlier]


# The judged sets in the order they were written; sets 5 on follow the same rules.
JUDGED_FILES = (QUERIES_FILE, *HELDOUT_FILES)


@pytest.mark.parametrize(
    "path",
    HELDOUT_FILES[4:],
    ids=str,
)
def test_later_heldout_sets_are_well_formed_and_new(texts, path):
    heldout = load_queries(path)
    assert problems(heldout, texts) == []
    assert len(heldout) >= 50
    groups = [q.group for q in heldout]
    assert set(groups) == {"workers", "staff", "articles"}
    assert groups.count("workers") >= 30
    assert all(q.answer for q in heldout)
    # Every workers' and articles' query whose first document has articles (a labour case
    # has none) names its article; the answer lies inside that article of that document.
    has_articles = {
        q.expected[0]: any(u.kind == "条" for u in split_units(texts[q.expected[0]].body))
        for q in heldout
    }
    assert all(q.article for q in heldout if q.group != "staff" and has_articles[q.expected[0]])
    _answers_lie_in_their_articles(heldout, texts)
    earlier = _texts_of(*JUDGED_FILES[: JUDGED_FILES.index(path)])
    assert not [q.text for q in heldout if q.text in earlier]


def test_oracle_is_plain_find_over_title_and_body(texts):
    # Computed independently: a term from one document's title, and one from its body.
    doc = texts[HARBIN_REPORT]
    assert HARBIN_REPORT in ctrl_f(doc.title[:6], texts)
    by_scan = sorted(i for i, d in texts.items() if "职工书屋" in d.title + "\0" + d.body)
    assert ctrl_f("职工书屋", texts) == by_scan


def test_problems_catches_each_kind_of_mistake(texts):
    law = UNION_LAW
    beijing = BEIJING_UNION_LAW
    bad = [
        JudgedQuery("x", "workers", ("no/such/doc.txt",)),
        JudgedQuery("y", "workers", (law,), answer="这句话不在文中"),
        JudgedQuery("z", "workers", (law,), answer="工会经费", key="会费"),
        JudgedQuery("职工书屋", "researchers", (law,), kind="count"),
        # Only in the title: a snippet (cut from the body) could never show it.
        JudgedQuery("t", "staff", (beijing,), answer=texts[beijing].title),
    ]
    assert texts[beijing].title not in texts[beijing].body
    found = problems(bad, texts)
    assert len(found) == 5
    assert "not a document" in found[0] and "not in" in found[1]
    assert "key" in found[2] and "Ctrl-F oracle" in found[3]
    assert "not in the body" in found[4]


def test_update_counts_rewrites_only_counting_sets(texts):
    from bench.relevance.oracle import update_counts

    shipped = (PROJECT_ROOT / "bench" / "relevance" / "queries.toml").read_text(encoding="utf-8")
    # Against a smaller corpus (the laws only) every counting set shrinks to its laws.
    laws = {i: d for i, d in texts.items() if i.startswith("laws/")}
    new, changed = update_counts(shipped, laws)
    before = {(q["group"], q["text"]): q for q in tomllib.loads(shipped)["query"]}
    after = {(q["group"], q["text"]): q for q in tomllib.loads(new)["query"]}
    assert before.keys() == after.keys()
    for key, q in after.items():
        if q.get("kind") == "count":
            assert q["expected"] == ctrl_f(q.get("term") or q["text"], laws)
        else:
            assert q == before[key]
    assert changed and all(isinstance(t, str) for t in changed)
    assert "# The judged query set" in new  # comments survive
    # Already up to date: nothing changes.
    assert update_counts(new, laws) == (new, [])


def test_topics_gold_is_well_formed():
    gold = load_topics_gold()
    with open(PROJECT_ROOT / "corpus" / "topics.toml", "rb") as fh:
        names = set(tomllib.load(fh))
    assert len(gold) >= 40
    for doc_id, labels in gold.items():
        assert (CORPUS / doc_id).is_file(), doc_id
        assert set(labels) <= names, (doc_id, set(labels) - names)


# -- the harness end to end on a small real index ---------------------------------------


def test_harness_on_a_small_real_index(tmp_path: Path):
    from bench.eval import HELDOUT_NOTES, evaluate, render, shipped_searcher
    from search import SearchRequest

    picks = [
        HARBIN_REPORT,
        UNION_LAW,
        LABOUR_LAW,
    ]
    corpus = tmp_path / "docs"
    for p in picks:
        (corpus / p).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CORPUS / p, corpus / p)
    small = corpus_texts(corpus)
    queries = [
        JudgedQuery("职工书屋", "staff", (picks[0],), answer="职工书屋", note="only Harbin"),
        JudgedQuery(
            "工会经费", "workers", (picks[1],), article="第四十三条", answer="工会经费的来源"
        ),
        JudgedQuery("工会", "researchers", tuple(ctrl_f("工会", small)), kind="count"),
    ]
    assert problems(queries, small) == []
    gold = {picks[1]: ["工会组织建设"], picks[2]: []}

    with shipped_searcher(corpus) as (searcher, seconds):
        report = evaluate(searcher, queries, gold, ["工会组织建设"])
        # Recompute each figure from the engine's own answers, independently of the harness.
        for outcome in report.outcomes:
            q = outcome.query
            direct = searcher.search(SearchRequest(q=q.text, per_page=10))
            ranked = [h.id for h in direct.hits]
            assert outcome.ranked == ranked
            assert outcome.total == direct.total
            assert outcome.rank == metrics.first_relevant_rank(ranked, q.expected)
        everything = searcher.search(SearchRequest(q="工会", per_page=100))
        stored = {d: searcher.document(d).topics for d in gold}
    assert seconds > 0

    staff, workers, researchers = report.outcomes
    # The Ctrl-F floor: the only document holding 职工书屋 is found.
    assert staff.rank is not None
    count = researchers.count
    assert count == metrics.set_scores([h.id for h in everything.hits], ctrl_f("工会", small))
    # Article hit@3 is judged only when the engine's hits carry units.
    assert (workers.article_ok is None) == (not workers.units_seen)

    summaries = {s.group: s for s in report.groups()}
    assert set(summaries) == {"staff", "workers", "researchers"}
    assert summaries["staff"].hit3 == float(staff.hit3)
    assert summaries["researchers"].count_f1 == count.f1
    assert report.overall().empty == sum(o.total == 0 for o in report.outcomes)

    want = {t: (v or ["未分类"]) for t, v in gold.items()}
    got = {t: (v or ["未分类"]) for t, v in stored.items()}
    expected_topics = metrics.topic_scores(want, got, ["工会组织建设", "未分类"])
    assert report.topics == expected_topics

    text = render(report)
    assert "| staff | 1 |" in text and "## Topic labelling" in text and "## Failures" in text
    assert "## Held-out set" not in text
    with_heldout = render(report, held=[report])
    assert with_heldout.count("| staff | 1 |") == 2 and "### Held-out failures" in with_heldout
    assert "## Held-out set 2" not in with_heldout
    # Every set of judged.HELDOUT_FILES gets its section and note, in order; a set not
    # evaluated (None) none.
    every = render(report, None, [report] * len(HELDOUT_FILES))
    assert every.count("| staff | 1 |") == len(HELDOUT_FILES) + 1
    for n in range(2, len(HELDOUT_FILES) + 1):
        assert f"### Held-out set {n} failures" in every
        assert f"`bench/relevance/heldout{n}.toml` holds {len(report.outcomes)} further" in every
    assert f"## Held-out set {len(HELDOUT_FILES) + 1}" not in every
    assert len(HELDOUT_NOTES) == len(HELDOUT_FILES)
    gaps = render(report, None, [None, report, None])
    assert "## Held-out set 2" in gaps and "### Held-out failures" not in gaps
    assert "## Held-out set 3" not in gaps
