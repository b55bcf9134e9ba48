"""Units as hits, citations answered directly, legal status, versions and the article diff,
on the shipped index. Articles are cut out of the raw files by the tests themselves."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from indexer.numerals import parse_number, to_chinese
from search import SearchRequest
from search.legal_status import AMENDED, IN_FORCE
from tests.conftest import CORPUS_DOCS
from tests.laws import CONTRACT_LAW, LABOUR_LAW, UNION_LAW, WOMEN_2018, WOMEN_2022
from tests.reports import HARBIN_REPORT


def raw_articles(doc_id: str) -> dict[int, str]:
    """Article number → its text, cut from the raw Markdown file by line prefixes."""
    out: dict[int, list[str]] = {}
    current = None
    for line in (CORPUS_DOCS / doc_id).read_text(encoding="utf-8").split("\n"):
        m = re.match(r"^第([一二三四五六七八九十百零]+)条[ 　]", line)
        if m:
            current = parse_number(m.group(1))
            out[current] = [line.strip()]
        elif line.startswith("#"):
            current = None
        elif current is not None and line.strip():
            out[current].append(line.strip())
    return {n: "\n".join(lines) for n, lines in out.items()}


@pytest.mark.parametrize(
    ("q", "doc_id", "number"),
    [
        ("劳动法第四十四条", LABOUR_LAW, 44),
        ("劳动合同法 第82条", CONTRACT_LAW, 82),
        ("工会法43条", UNION_LAW, 43),
        ("《工会法》第四十三条", UNION_LAW, 43),
        ("中华人民共和国劳动法第44条", LABOUR_LAW, 44),
    ],
)
def test_citation_answers_the_whole_article(shipped_searcher, q, doc_id, number):
    answer = shipped_searcher.search(SearchRequest(q=q)).answer
    assert answer is not None and answer.found
    assert answer.doc_id == doc_id
    assert answer.label == f"第{to_chinese(number)}条" and answer.anchor == f"a{number}"
    assert answer.text == raw_articles(doc_id)[number]
    doc = shipped_searcher.document(doc_id)
    assert (answer.title, answer.date) == (doc.title, doc.date)


def test_citation_of_a_missing_article_says_so(shipped_searcher):
    missing = max(raw_articles(UNION_LAW)) + 1
    answer = shipped_searcher.search(SearchRequest(q=f"工会法第{to_chinese(missing)}条")).answer
    assert answer is not None and not answer.found
    assert answer.doc_id == UNION_LAW and answer.text == ""
    assert f"《{answer.cited}》没有{answer.label}" == f"《工会法》没有第{to_chinese(missing)}条"


@pytest.mark.parametrize("q", ["工会法", "工会 第三条", "不存在的法第三条", "2013年第3条"])
def test_other_queries_get_no_answer(shipped_searcher, q):
    assert shipped_searcher.search(SearchRequest(q=q)).answer is None


def test_hit_shows_its_best_article(shipped_searcher):
    words = ["延长工作时间", "工资报酬"]
    # Quoted, so the marked strings are exactly the two phrases.
    result = shipped_searcher.search(SearchRequest(q='"延长工作时间" "工资报酬"', per_page=50))
    assert sorted(result.highlight_terms) == sorted(words)
    hit = next(h for h in result.hits if h.id == LABOUR_LAW)
    # Brute force: the article holding the most of the words, then the most occurrences.
    scored = []
    for n, text in raw_articles(LABOUR_LAW).items():
        distinct = sum(1 for w in words if w in text)
        count = sum(text.count(w) for w in words)
        if count:
            scored.append((-distinct, -count, n))
    scored.sort()
    assert 1 < len(hit.units) <= 4
    assert hit.units[0].anchor == f"a{scored[0][2]}"
    assert [u.anchor for u in hit.units] == [f"a{n}" for _, _, n in scored[: len(hit.units)]]
    for u in hit.units:
        assert "<mark>" in u.snippet_html
        # The label is shown beside the snippet, not repeated at its start.
        assert not re.sub("<[^>]+>", "", u.snippet_html).startswith(u.label)
        assert unescape(re.sub("<[^>]+>", "", u.snippet_html)).strip("…") in raw_articles(
            LABOUR_LAW
        )[int(u.anchor[1:])].replace("\n", " ")


def test_report_hit_shows_sections(shipped_searcher):
    result = shipped_searcher.search(SearchRequest(q="职工书屋", per_page=100))
    hit = next(h for h in result.hits if h.id == HARBIN_REPORT)
    assert hit.units and hit.units[0].anchor.startswith("s")
    doc = shipped_searcher.document(HARBIN_REPORT)
    unit_text = {o.anchor for o in doc.outline}
    assert {u.anchor for u in hit.units} <= unit_text


def test_versions_and_status(shipped_searcher):
    old = shipped_searcher.document(WOMEN_2018)
    new = shipped_searcher.document(WOMEN_2022)
    assert (old.status, new.status) == (AMENDED, IN_FORCE)
    assert [v.id for v in old.versions] == [WOMEN_2018, WOMEN_2022]
    assert [v.current for v in old.versions] == [True, False]
    assert [v.id for v in new.versions] == [WOMEN_2018, WOMEN_2022]
    # A law with one version has no chain, and is in force.
    union = shipped_searcher.document(UNION_LAW)
    assert union.versions == [] and union.status == IN_FORCE
    assert shipped_searcher.document(HARBIN_REPORT).status == ""


def test_diff_of_the_two_versions(shipped_searcher):
    diff = shipped_searcher.diff(WOMEN_2022, WOMEN_2018)
    assert (diff.old.id, diff.new.id) == (WOMEN_2018, WOMEN_2022)
    old, new = raw_articles(WOMEN_2018), raw_articles(WOMEN_2022)
    # Every article of each version appears once, in order.
    assert [r.old.anchor for r in diff.rows if r.old] == [f"a{n}" for n in sorted(old)]
    assert [r.new.anchor for r in diff.rows if r.new] == [f"a{n}" for n in sorted(new)]
    kinds = {r.kind for r in diff.rows}
    assert {"changed", "added", "removed"} <= kinds

    def plain(html: str) -> str:
        return unescape(re.sub(r"</?(?:del|ins)>", "", html))

    for r in diff.rows:
        if r.old:
            assert plain(r.old_html) == r.old.text and "<ins>" not in r.old_html
        if r.new:
            assert plain(r.new_html) == r.new.text and "<del>" not in r.new_html
        if r.kind == "same":
            assert r.old.text == r.new.text
    # A known change: article 1 dropped 和我国的实际情况 in 2022.
    assert "和我国的实际情况" in old[1] and "和我国的实际情况" not in new[1]
    first = next(r for r in diff.rows if r.old and r.old.anchor == "a1")
    assert first.kind == "changed" and first.new.anchor == "a1"
    deleted = "".join(re.findall(r"<del>(.*?)</del>", first.old_html))
    assert "和我国的实际情况" in deleted
    inserted = "".join(re.findall(r"<ins>(.*?)</ins>", first.new_html))
    assert all(ch in new[1] for ch in inserted)


def test_status_facet_counts_documents(shipped_searcher, all_documents):
    result = shipped_searcher.search(SearchRequest(q="", per_page=1))
    counts = {fc.value: fc.count for fc in result.facets["status"]}
    laws = [d for d in all_documents if d.status]
    assert sum(counts.values()) == len(laws)
    assert {d.status for d in laws} == set(counts)
    for status, n in counts.items():
        assert n == sum(1 for d in laws if d.status == status)
    amended = shipped_searcher.search(SearchRequest(statuses=(AMENDED,), per_page=100))
    ids = {h.id for h in amended.hits}
    assert WOMEN_2018 in ids and WOMEN_2022 not in ids
    for h in amended.hits:
        assert h.status == AMENDED
        doc = shipped_searcher.document(h.id)
        assert any(v.date > doc.date for v in doc.versions)
    # With a query, the facet counts the matching documents, not their articles.
    q = shipped_searcher.search(SearchRequest(q='"妇女权益"'))
    by_status = {fc.value: fc.count for fc in q.facets["status"]}
    matching_laws = [d for d in laws if "妇女权益" in d.text or "妇女权益" in d.title]
    assert sum(by_status.values()) == len(matching_laws)


MINE_RULES = "laws/state-council-regulations/bench-煤矿安全生产条例-2024-01-24.txt"
MINE_SPECIAL = (
    "laws/state-council-regulations/bench-国务院关于预防煤矿生产安全事故的特别规定-2013-07-18.txt"
)


def _repealing_sentence(doc_id: str) -> tuple[str, str]:
    """(date of effect, sentence) of 本条例自…起施行。…废止 in the raw text."""
    text = (CORPUS_DOCS / doc_id).read_text(encoding="utf-8")
    m = re.search(r"本条例自(\d{4})年(\d{1,2})月(\d{1,2})日起施行。([^。]*废止)", text)
    assert m, "the regulation names what it repeals"
    y, mo, d = (int(x) for x in m.group(1, 2, 3))
    return f"{y:04d}-{mo:02d}-{d:02d}", m.group(4)


def test_repealed_and_not_yet_in_force(shipped_searcher, shipped_index):
    from whoosh import index as whoosh_index

    from indexer.store import IndexStore
    from search.bitsets import mask_of
    from search.legal_status import NOT_YET, REPEALED, LegalIndex

    effective, sentence = _repealing_sentence(MINE_RULES)
    special = shipped_searcher.document(MINE_SPECIAL)
    assert f"《{special.title}》" in sentence
    assert shipped_searcher.document(MINE_SPECIAL).status == REPEALED
    assert shipped_searcher.document(MINE_RULES).status == IN_FORCE
    repealed = shipped_searcher.search(SearchRequest(statuses=(REPEALED,), per_page=100))
    assert MINE_SPECIAL in {h.id for h in repealed.hits}

    # The day before the new regulation takes effect: it is 尚未生效 and repeals nothing yet.
    ix = whoosh_index.open_dir(str(IndexStore(shipped_index.index_dir).current().path))
    with ix.reader() as reader:
        live = mask_of(reader.all_doc_ids(), reader.doc_count_all())
        start = dt.date.fromisoformat(effective)
        day_before = int((start - dt.timedelta(days=1)).strftime("%Y%m%d"))
        legal = LegalIndex.build(reader, live, today=day_before)
        ids = {reader.stored_fields(d)["id"]: d for d in reader.all_doc_ids()}
        assert legal.status(ids[MINE_RULES]) == NOT_YET
        assert legal.status(ids[MINE_SPECIAL]) == IN_FORCE
        on_the_day = LegalIndex.build(reader, live, today=int(start.strftime("%Y%m%d")))
        assert on_the_day.status(ids[MINE_RULES]) == IN_FORCE
        assert on_the_day.status(ids[MINE_SPECIAL]) == REPEALED
