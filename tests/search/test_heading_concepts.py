"""Issue 11, eighth round: the query concepts a law's chapter title holds count for the
articles inside that chapter when a document's units are ranked. Expectations from the
stored text of a shipped document."""

from __future__ import annotations

from indexer.analysis import normalize
from search import SearchRequest
from search.heading_concepts import with_headings
from search.highlight import find_marks
from search.unit_hits import rank_units, unit_concepts
from tests.reports import GOV_REPORT_2019

DEDUCTIONS = (
    "gov-cn/20181222-0078.html"  # 个人所得税专项附加扣除暂行办法: one chapter per deduction
)


def _chapter(doc, word):
    return next(u for u in doc.units if u.kind == "章" and word in u.label)


def _inside(doc, chapter):
    return [
        i
        for i, u in enumerate(doc.units)
        if u.kind == "条" and chapter.start <= u.start < chapter.end
    ]


def test_articles_hold_the_concepts_of_their_chapter_title(shipped_searcher):
    doc = shipped_searcher.document(DEDUCTIONS)
    chapter = _chapter(doc, "子女教育")
    words = ["子女教育", "每月"]
    found = unit_concepts(doc.text, doc.units, find_marks(doc.text, words), {})
    lent = with_headings(doc.units, found)
    # Independently: the chapter's articles that say 每月 without 子女教育 in their text.
    monthly = [
        i
        for i in _inside(doc, chapter)
        if "每月" in doc.text[doc.units[i].start : doc.units[i].end]
        and "子女教育" not in doc.text[doc.units[i].start : doc.units[i].end]
    ]
    assert monthly
    for i in monthly:
        assert found[i][0] == {"每月"}
        assert lent[i][0] == {"每月", "子女教育"}
        assert lent[i][1] == found[i][1]  # the matches counted stay the article's own
    # Articles of other chapters get nothing from this one, and ``found`` is unchanged.
    others = [i for i in found if doc.units[i].kind == "条" and i not in _inside(doc, chapter)]
    assert others and all(lent[i] == found[i] for i in others)
    assert all(found[i][0] == {"每月"} for i in monthly)


def test_the_article_of_the_chapter_asked_about_is_the_best_unit(shipped_searcher):
    doc = shipped_searcher.document(DEDUCTIONS)
    chapter = _chapter(doc, "子女教育")
    words = ["子女教育", "每月", "扣除"]
    found = unit_concepts(doc.text, doc.units, find_marks(doc.text, words), {})
    # Without the chapter, an article of another chapter holds as many concepts.
    best = rank_units(doc.units, found)[0][0]
    rivals = [i for i, (cs, _) in found.items() if cs == found[best][0]]
    assert any(i not in _inside(doc, chapter) for i in rivals)
    ranked = rank_units(doc.units, with_headings(doc.units, found))
    assert ranked[0][0] in _inside(doc, chapter)

    hit = next(
        h
        for h in shipped_searcher.search(SearchRequest(q="子女教育 个税扣除 每月多少")).hits
        if h.id == DEDUCTIONS
    )
    unit = next(u for u in doc.units if u.label == hit.units[0].label)
    assert chapter.start <= unit.start < chapter.end
    assert "每月" in normalize(doc.text[unit.start : unit.end])


def test_report_sections_lend_nothing(shipped_searcher):
    doc = shipped_searcher.document(GOV_REPORT_2019)
    found = unit_concepts(doc.text, doc.units, find_marks(doc.text, ["就业", "改革"]), {})
    assert found and with_headings(doc.units, found) == found
