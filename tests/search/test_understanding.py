"""Queries as people type them, on the shipped corpus; expectations by brute force over
the stored texts: unspaced words are literal, question words are not required, a query
that finds nothing is relaxed, equivalent forms are searched, snippets answer, authority
orders close results, and syntax means what it says."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from indexer.analysis import normalize
from indexer.levels import LEVELS, level_rank
from search import SearchRequest
from search.highlight import find_marks, snippet
from tests.search.conftest import all_ids, contains

SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;\n]?")


@pytest.fixture(scope="module")
def wording(shipped_searcher):
    return shipped_searcher.compiler.wording


def docs_with(all_documents, *alternative_groups) -> set[str]:
    """Ids of documents holding, for every group, at least one of its strings (a string
    with a space needs each of its parts)."""
    return {
        d.id
        for d in all_documents
        if all(
            any(all(contains(d, p) for p in form.split()) for form in group)
            for group in alternative_groups
        )
    }


def search(searcher, q, **kw):
    return searcher.search(SearchRequest(q=q, per_page=100, **kw))


# -- a string typed without spaces means that string ------------------------------


@pytest.mark.parametrize("q", ["稳就业", "平台经济", "建会率"])
def test_unspaced_word_finds_exactly_the_documents_containing_it(
    shipped_searcher, all_documents, wording, q
):
    assert wording.variants(q) == []  # no equivalent forms: the literal alone
    expected = {d.id for d in all_documents if contains(d, q)}
    assert expected
    assert set(all_ids(shipped_searcher, q=q)) == expected
    # Counts, facets and sorting use that exact set.
    result = search(shipped_searcher, q)
    assert result.total == len(expected)
    by_id = {d.id: d for d in all_documents}
    years = Counter(by_id[i].year for i in expected if by_id[i].year)
    assert {fc.value: fc.count for fc in result.facets["year"]} == dict(years)
    oldest = all_ids(shipped_searcher, q=q, sort="oldest")
    dates = [by_id[i].date or "" for i in oldest if by_id[i].date]
    assert dates == sorted(dates) and set(oldest) == expected


def test_any_order_is_the_looser_set_of_the_words_anywhere(
    shipped_searcher, all_documents, wording
):
    q = "稳就业"
    parts = shipped_searcher.compiler.parts(q)
    assert len(parts) > 1
    strict = search(shipped_searcher, q)
    assert strict.looser_available
    loose = set(all_ids(shipped_searcher, q=q, match="any_order"))
    expected = docs_with(all_documents, *[[p, *wording.variants(p)] for p in parts])
    assert loose == expected
    assert loose > set(all_ids(shipped_searcher, q=q))


def test_a_word_found_nowhere_falls_back_to_its_words_and_says_so(
    shipped_searcher, all_documents, wording
):
    q = "稳就业平台经济"
    assert not any(contains(d, q) for d in all_documents)
    parts = shipped_searcher.compiler.parts(q)
    expected = docs_with(all_documents, *[[p, *wording.variants(p)] for p in parts])
    assert expected
    result = search(shipped_searcher, q)
    assert {h.id for h in result.hits} == expected
    assert result.fallback == [(q, parts)]
    assert q in result.notice


# -- question words and relaxation --------------------------------------------------


def test_question_words_are_not_required(shipped_searcher):
    result = search(shipped_searcher, "加班费怎么算")
    assert result.question_words == ["怎么算"] and result.dropped == ["怎么算"]
    # The same documents; a question's are ranked by their answering passage (test_answers).
    plain = search(shipped_searcher, "加班费")
    assert result.total == plain.total
    asked = set(all_ids(shipped_searcher, q="加班费怎么算"))
    assert asked == set(all_ids(shipped_searcher, q="加班费"))
    spaced = search(shipped_searcher, "加班费 怎么算")
    assert spaced.dropped == ["怎么算"] and spaced.total == result.total


@pytest.mark.parametrize(
    "q", ["加班费怎么算", "试用期最长多久", "女职工产假多少天", "工伤怎么认定呢"]
)
def test_practical_questions_are_never_an_empty_page(shipped_searcher, q):
    result = search(shipped_searcher, q)
    assert result.total > 0 and result.dropped


def test_a_query_of_question_words_only_searches_them(shipped_searcher, all_documents):
    expected = {d.id for d in all_documents if contains(d, "什么")}
    result = search(shipped_searcher, "什么")
    assert result.dropped == [] and {h.id for h in result.hits} == expected


def test_relaxation_drops_a_word_found_nowhere_first(shipped_searcher, all_documents):
    assert not any(contains(d, "哈利波特") for d in all_documents)
    result = search(shipped_searcher, "工会经费 哈利波特")
    assert result.dropped == ["哈利波特"]
    assert {h.id for h in result.hits} == {d.id for d in all_documents if contains(d, "工会经费")}


def test_relaxation_drops_the_least_informative_word(shipped_searcher, all_documents):
    a, b = "稳就业", "未订立书面劳动合同"
    docs_a = {d.id for d in all_documents if contains(d, a)}
    docs_b = {d.id for d in all_documents if contains(d, b)}
    assert docs_a and docs_b and not docs_a & docs_b
    commoner, rarer = (a, b) if len(docs_a) > len(docs_b) else (b, a)
    result = search(shipped_searcher, f"{a} {b}")
    assert result.dropped == [commoner]
    assert {h.id for h in result.hits} == (docs_a if rarer == a else docs_b)


def test_nothing_is_dropped_when_the_query_finds_something(shipped_searcher):
    assert search(shipped_searcher, "工会经费 百分之二").dropped == []


def test_a_long_question_with_words_found_nowhere_is_relaxed(shipped_searcher, all_documents):
    # Two strings found nowhere, 12 words, four of them in no document: the bounded search
    # of which words to keep spent its tries on sets holding those and the page was empty.
    assert not any(contains(d, "谈拢") for d in all_documents)
    result = search(shipped_searcher, "食堂饭菜委员会吵了半个多月还没谈拢 下一步咋弄")
    assert result.total > 0 and "谈拢" in result.dropped
    kept = [w for w in ("委员会", "半个") if w not in result.dropped]
    docs = {d.id: d for d in all_documents}
    # the documents holding every word kept, before any listed as lacking more (partial)
    complete = result.hits[: result.partial.complete] if result.partial else result.hits
    assert kept and complete
    assert all(contains(docs[h.id], w) for h in complete for w in kept)


# -- equivalent forms ---------------------------------------------------------------


def test_article_numbers_in_either_writing(shipped_searcher, all_documents):
    result = search(shipped_searcher, "第82条")
    assert result.expansions == [("第82条", ["第八十二条"])]
    expected = docs_with(all_documents, ["第82条", "第八十二条"])
    assert {h.id for h in result.hits} == expected
    law = next(h for h in result.hits if h.title == "中华人民共和国劳动合同法")
    assert "<mark>第八十二条</mark>" in law.snippet_html


def test_a_word_typed_twice_names_its_forms_once(shipped_searcher):
    once = search(shipped_searcher, "第82条")
    twice = search(shipped_searcher, "第82条 第82条")
    assert twice.expansions == once.expansions == [("第82条", ["第八十二条"])]
    assert twice.total == once.total


def test_percentages_in_either_writing(shipped_searcher, all_documents):
    result = search(shipped_searcher, "工会经费 2%")
    assert ("2%", ["百分之二"]) in result.expansions
    expected = docs_with(all_documents, ["工会经费"], ["2%", "百分之二"])
    assert {h.id for h in result.hits} == expected


def test_everyday_wording_finds_the_legal_wording(shipped_searcher, all_documents, wording):
    result = search(shipped_searcher, "没签劳动合同 双倍工资")
    expanded = dict(result.expansions)
    assert "未订立书面劳动合同" in expanded["没签劳动合同"]
    assert "二倍的工资" in expanded["双倍工资"]
    expected = docs_with(
        all_documents,
        ["没签劳动合同", *expanded["没签劳动合同"]],
        ["双倍工资", *expanded["双倍工资"]],
    )
    assert {h.id for h in result.hits} == expected
    assert any(h.title == "中华人民共和国劳动合同法" for h in result.hits)
    # Marks land on whichever form matched.
    law = next(h for h in result.hits if h.title == "中华人民共和国劳动合同法")
    assert "<mark>二倍的工资</mark>" in law.snippet_html


def test_every_lay_term_reaches_the_corpus(wording, all_documents):
    # An entry whose everyday word and legal forms all occur nowhere would do nothing: each
    # entry was written from the laws' wording, so at least one of its forms is in them.
    # Each text normalised once: the list has hundreds of entries.
    texts = [normalize(d.title + "\n" + d.text) for d in all_documents]
    dead = [
        lay
        for lay, forms in wording.lay_terms.items()
        if not any(
            all(normalize(p) in t for p in form.split()) for form in [lay, *forms] for t in texts
        )
    ]
    assert dead == []


def test_an_everyday_word_inside_a_question_is_searched_in_the_laws_wording(
    shipped_searcher, all_documents, wording
):
    # 周末 (everyday) is 休息日 in the laws; inside a typed question it is one word whose
    # legal form counts as it, and the page says so.
    assert "休息日" in wording.lay_terms["周末"]
    result = search(shipped_searcher, "周末上班有加班费吗")
    expanded = dict(result.expansions)
    assert "休息日" in expanded["周末"]
    with_rest_day = docs_with(all_documents, ["休息日"], ["加班费", *expanded["加班费"]])
    assert with_rest_day - docs_with(all_documents, ["周末"])  # found only through 休息日
    assert {h.id for h in result.hits[:10]} & with_rest_day
    marked = {m for h in result.hits for m in re.findall(r"<mark>(.*?)</mark>", h.snippet_html)}
    assert "休息日" in marked


# -- answering snippets -------------------------------------------------------------


def _concepts(text: str, groups: list[list[str]]) -> int:
    return sum(any(normalize(f) in normalize(text) for f in g) for g in groups)


@pytest.mark.parametrize(
    "q, groups",
    [
        ("工会经费 2%", [["工会经费"], ["2%", "百分之二"]]),
        ("解除劳动合同 经济补偿", [["解除劳动合同"], ["经济补偿"]]),
        ("解除劳动合同 经济补偿 标准", [["解除劳动合同"], ["经济补偿"], ["标准"]]),
    ],
)
def test_snippet_is_the_sentence_with_the_most_query_concepts(shipped_searcher, q, groups):
    result = search(shipped_searcher, q)
    laws = [h for h in result.hits if h.id.startswith("laws/")]
    assert laws
    for hit in laws:
        text = shipped_searcher.document(hit.id).text
        best = max(_concepts(s, groups) for s in SENTENCE.findall(text))
        first = snippet(text, result.highlight_terms, fragments=1, title=hit.title)
        shown = re.findall(r"<mark>(.*?)</mark>", first)
        # At least the best sentence's concepts (a short sentence is continued to ~120
        # characters, which may show more).
        assert _concepts("|".join(shown), groups) >= best, (hit.title, first)


def test_snippet_prefers_a_rare_string_to_one_repeated_everywhere():
    text = "工会工会工会，工会。\n工会经费按百分之二拨缴。\n工会工会。"
    html = snippet(text, ["工会经费", "工会"], fragments=1)
    assert "<mark>工会经费</mark>按百分之二" in html


# -- authority -------------------------------------------------------------------


FOLDER_LEVELS = {
    "laws/national-laws/": "法律",
    "laws/state-council-regulations/": "行政法规",
    "laws/judicial-interpretations/": "司法解释",
    "laws/ministry-rules/": "部门规章",
    "laws/local-regulations/": "地方性法规",
    "laws/labour-cases/": "其他",
}


def test_every_document_has_its_level(all_documents):
    for d in all_documents:
        folder = next((lvl for f, lvl in FOLDER_LEVELS.items() if d.id.startswith(f)), None)
        if folder:
            assert d.level == folder, d.id
        elif d.doc_type == "条例" and d.issuer == "国务院":
            assert d.level == "行政法规", d.id
        else:
            assert d.level in LEVELS


def test_level_facet_counts_and_filter(shipped_searcher, all_documents):
    result = search(shipped_searcher, "")
    counts = {fc.value: fc.count for fc in result.facets["level"]}
    assert counts == dict(Counter(d.level for d in all_documents))
    assert [fc.value for fc in result.facets["level"]] == sorted(counts, key=level_rank)
    laws = search(shipped_searcher, "工会", levels=("法律",))
    assert laws.hits and all(h.level == "法律" for h in laws.hits)


@pytest.mark.parametrize("q", ["拖欠工资", "解除劳动合同 经济补偿"])
def test_close_scores_rank_higher_authority_first(shipped_searcher, q):
    hits = search(shipped_searcher, q).hits
    tiers: dict[int, list] = {}
    # A query of several concepts has its first candidates ranked by best passage
    # (search.passages, tested in test_answers.py); the BM25F rule holds after them.
    first = 0 if len(q.split()) == 1 else 20
    for h in hits[first:]:
        tiers.setdefault(int(h.score // 1000), []).append(h)
    for tier, members in tiers.items():
        scores = [h.score - tier * 1000 for h in members]
        if not any(scores):
            continue  # unscored matches follow newest first
        floor = max(scores) / 2
        close = [
            (level_rank(h.level), -s) for h, s in zip(members, scores, strict=True) if s >= floor
        ]
        assert close == sorted(close)
        assert len(close) == sum(1 for s in scores[: len(close)] if s >= floor)
    # The national law comes before any local regulation.
    levels = [h.level for h in hits]
    assert levels.index("法律") < levels.index("地方性法规")


# -- syntax that used to do something else ---------------------------------------------


def test_full_width_minus_excludes(shipped_searcher, all_documents):
    ids = set(all_ids(shipped_searcher, q="工会经费 －条例"))
    assert ids == set(all_ids(shipped_searcher, q="工会经费 -条例"))
    assert ids and not any(contains(d, "条例") for d in all_documents if d.id in ids)
    assert ids == {
        d.id for d in all_documents if contains(d, "工会经费") and not contains(d, "条例")
    }


def test_field_with_a_space_after_the_colon(shipped_searcher):
    ids = all_ids(shipped_searcher, q="title: 工会法")
    assert ids and ids == all_ids(shipped_searcher, q="title:工会法")
    assert all("工会法" in h.title for h in search(shipped_searcher, "title: 工会法").hits)


def test_quoted_phrase_with_an_inner_space_is_one_phrase(shipped_searcher, all_documents):
    # The runs next to each other: written together, or with spaces or punctuation only.
    pattern = re.compile(r"职工[\W_]*书屋")
    expected = {d.id for d in all_documents if pattern.search(normalize(d.title + "\n" + d.text))}
    assert expected
    assert set(all_ids(shipped_searcher, q='"职工 书屋"')) == expected
    assert set(all_ids(shipped_searcher, q='"职工 书屋"')) != set(
        all_ids(shipped_searcher, q="职工 书屋")
    )


def test_marks_of_a_phrase_with_a_space_span_the_separator():
    text = "建设职工 书屋，又建职工，书屋。"
    assert [text[s:e] for s, e in find_marks(text, ["职工 书屋"])] == ["职工 书屋", "职工，书屋"]


def test_document_page_marks_the_words_of_a_word_found_nowhere(shipped_searcher, all_documents):
    q = "稳就业平台经济"
    hit = search(shipped_searcher, q).hits[0]
    doc = shipped_searcher.document(hit.id, q=q)
    marked = {m for b in doc.blocks for m in re.findall(r"<mark[^>]*>(.*?)</mark>", b.html)}
    assert {"就业", "平台", "经济"} <= marked


def test_snippet_prefers_the_whole_phrase_to_its_words_apart():
    text = "要稳住基本盘，扩大就业。\n着力稳就业、稳金融。\n就业稳中有进。"
    html = snippet(text, ["稳就业", "稳", "就业"], fragments=1)
    assert "<mark>稳就业</mark>" in html and html.startswith("…着力")


def test_a_long_sentence_is_shown_where_it_holds_most_query_strings():
    filler = "，".join(["工会组织开展各项活动"] * 20)
    text = "工会" + filler + "，工会经费按百分之二拨缴。"
    html = snippet(text, ["工会经费", "百分之二", "工会"], fragments=1)
    assert "<mark>工会经费</mark>" in html and "<mark>百分之二</mark>" in html


def test_forms_of_a_string_found_nowhere_are_not_listed(shipped_searcher, all_documents):
    # 入职八个月 occurs nowhere, nor does 入职8个月: its words are searched instead, and
    # 也搜索了 lists their forms (8个月), not a form of the string that found nothing.
    q = "入职八个月"
    assert not any(contains(d, q) or contains(d, "入职8个月") for d in all_documents)
    result = search(shipped_searcher, q)
    assert [w for w, _ in result.fallback] == [q]
    assert q not in dict(result.expansions)
    assert "8个月" in dict(result.expansions)["八个月"]
