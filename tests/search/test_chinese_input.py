"""Chinese input on the shipped corpus: folding in simplified documents, did-you-mean,
pinyin queries and completions. Expectations come from the texts (brute force) and from
pypinyin directly, never from the engine's own answers."""

from __future__ import annotations

import re
from html import unescape

import pytest
from pypinyin import Style, lazy_pinyin

from indexer.analysis import FOLDS, normalize
from search import SearchRequest
from search.alternatives import counted_numbers, keeps_numbers
from search.quantity import asking_words
from tests.search.conftest import all_ids, documents_with

MARK = re.compile(r"<mark[^>]*>(.*?)</mark>")
HAN = re.compile(r"[\u3400-\u9fff]")


# -- traditional characters inside simplified documents ----------------------------------


def test_folded_characters_in_simplified_documents_stay_findable(shipped_searcher, all_documents):
    """Some traditional characters occur in simplified text as parts of names (昇腾, 乾县).
    They are folded in documents and queries alike: the text as written is still found
    (Ctrl-F), and the mark covers exactly the stored characters."""
    checked = 0
    for doc in all_documents:
        text = doc.text
        for i, ch in enumerate(text):
            if ord(ch) not in FOLDS or not HAN.match(ch):
                continue
            start, end = i, i + 1  # up to two Chinese characters either side
            while start > max(0, i - 2) and HAN.match(text[start - 1]):
                start -= 1
            while end < min(len(text), i + 3) and HAN.match(text[end]):
                end += 1
            context = text[start:end]
            if len(context) < 2:
                continue
            view = shipped_searcher.document(doc.id, q=f'"{context}"')
            marked = [unescape(m) for b in view.blocks for m in MARK.findall(b.html)]
            assert context in marked, (doc.id, context)
            assert doc.id in all_ids(shipped_searcher, q=f'"{context}"'), (doc.id, context)
            checked += 1
            break
    # The corpus is simplified: any such character is rare, but the check must have run
    # on whatever there is; and without any, nothing was to be proved.
    if checked == 0:
        pytest.skip("no folded character in the shipped corpus")


# -- did you mean ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("公会", "工会"),
        ("集体协上", "集体协商"),
        ("带薪年修假", "带薪年休假"),
        ("劳动合桶法 第八十二条", "劳动合同法 第八十二条"),
    ],
)
def test_did_you_mean_offers_the_near_variant(shipped_searcher, all_documents, typed, meant):
    # Independently: the typed words occur in few documents, the meant ones in many more.
    nowhere = True
    for t, m in zip(typed.split(), meant.split(), strict=True):
        if t != m:
            assert len(documents_with(all_documents, m)) > len(documents_with(all_documents, t))
            nowhere = nowhere and not documents_with(all_documents, t)
    # Asked for as typed (spelling="off"), or a misspelt word that occurs somewhere: offered,
    # never run in the query's place: the hits are those of the query as typed.
    as_typed = shipped_searcher._search(SearchRequest(q=typed))
    for request in [SearchRequest(q=typed, spelling="off")] + (
        [] if nowhere else [SearchRequest(q=typed)]
    ):
        result = shipped_searcher.search(request)
        assert result.suggestion == meant and result.corrected is None
        assert result.searched_as is None and result.request.q == typed
        assert [h.id for h in result.hits] == [h.id for h in as_typed.hits]
        assert result.total == as_typed.total and as_typed.suggestion is None
    if nowhere:
        # Misspelt words found in no document: the correction is run, and says so.
        result = shipped_searcher.search(SearchRequest(q=typed))
        assert result.corrected == meant and result.request.q == typed
        meant_hits = shipped_searcher.search(SearchRequest(q=meant)).hits
        assert [h.id for h in result.hits] == [h.id for h in meant_hits]


@pytest.mark.parametrize("q", ["每年至少召开几次", "工会 每年 召开几次", "职工代表大会召开几次"])
def test_a_correction_never_changes_the_question_asked(shipped_searcher, all_documents, q):
    """召开几次 asks how many times; 召开一次 occurs in documents and 召开几次 in none, yet
    "correcting" it would answer the question with a guess and hide the documents that
    state another number. The question word is left to the question rules instead."""
    result = shipped_searcher.search(SearchRequest(q=q))
    assert result.corrected is None and result.searched_as is None
    assert result.suggestion is None or "几次" in result.suggestion
    assert "几次" in result.dropped and result.total
    # Independently: the "corrected" string is found and the typed one is not, so only
    # the rule keeps it from being run in the question's place.
    assert documents_with(all_documents, "召开一次")
    assert not documents_with(all_documents, "召开几次")


@pytest.mark.parametrize(
    "q, elsewhere",
    [
        ("条例第四十一条", "条例第二十一条"),
        ("工作三年", "工作年"),
        ("罚款 条例第四十三条", "条例第二十三条"),
    ],
)
def test_a_correction_never_changes_a_number_typed(shipped_searcher, all_documents, q, elsewhere):
    """条例第四十一条 occurs nowhere and 条例第二十一条 does: "correcting" it would run
    another article in its place (工作三年 → 工作年, a count dropped). A number typed is
    what was asked for, so no variant that changes it is offered or run."""
    result = shipped_searcher.search(SearchRequest(q=q))
    typed = [counted_numbers(normalize(t)) for t in q.split()]
    for offered in (result.corrected, result.suggestion):
        if offered is not None:
            kept = [counted_numbers(normalize(t)) for t in offered.split()]
            assert kept == typed, (q, offered)
    # Independently: the typed string is found nowhere and the one with another number
    # is, so only the rule keeps it from being run in the query's place.
    assert not documents_with(all_documents, q.split()[-1])
    assert documents_with(all_documents, elsewhere)


@pytest.mark.parametrize(
    "candidate, numbers, kept",
    [
        ("条例第二十一条", ["第四十一条"], False),
        ("办法第四十一条", ["第四十一条"], True),
        ("工作年", ["三年"], False),
        ("第三年第三年", ["三年", "三年"], True),
        ("第三年", ["三年", "三年"], False),
        ("工会法", [], True),
    ],
)
def test_keeps_numbers(candidate, numbers, kept):
    assert keeps_numbers(candidate, numbers) is kept


@pytest.mark.parametrize("q", ["总数百分之几", "超过百分之几", "工资 百分之几"])
def test_a_correction_never_turns_a_quantity_asked_into_a_figure(
    shipped_searcher, all_documents, q
):
    """百分之几 asks "what percentage": the string is found nowhere and 百分之三, 百分之十 …
    are, one character away. Read as a slip, the question became a figure and the page
    showed the documents of one guessed number (总数百分之几 → 总数百分之二). The question
    is the engine's quantity reading's (search.quantity), so it stays as typed."""
    result = shipped_searcher.search(SearchRequest(q=q))
    assert result.corrected is None and result.searched_as is None
    assert result.suggestion is None or "百分之几" in result.suggestion
    assert result.total
    # Independently: the phrase typed is found nowhere, and the same words with a figure
    # where 几 stands are, so only the rule keeps the figure out.
    asked = normalize(q.split()[-1])
    assert not documents_with(all_documents, asked)
    figure = re.compile(re.escape(asked[:-1]) + "[一二三四五六七八九十]")
    assert any(figure.search(normalize(d.text)) for d in all_documents)


@pytest.mark.parametrize(
    "text, asking",
    [
        ("提高百分之几", ["百分之几"]),
        ("工伤几级", ["几"]),
        ("每天工作几个小时", ["几个小时"]),
        ("试用期最长多久", ["多久"]),
        ("每月多少", ["多少"]),
        ("十几个人", []),  # 几 after a numeral tells "a few"
        ("那几天", []),
        ("提高百分之十", []),
    ],
)
def test_asking_words(text, asking):
    assert asking_words(text) == asking


@pytest.mark.parametrize(
    "q, rare, offered_before",
    [("劳动争议仲裁 不收费", "不收费", "乱收费"), ("赡养老人 独生子女", "赡养老人", "赡养人")],
)
def test_a_rare_word_written_beside_the_querys_other_words_is_no_slip(
    shipped_searcher, all_documents, q, rare, offered_before
):
    """不收费 stands in one document, the law that says 劳动争议仲裁不收费: the query as
    typed is found there whole, so 不收费 is the law's word, not a slip of the commoner
    乱收费 (the opposite). A rare word that a document writes beside all the query's other
    words is explained by them, and nothing is offered in its place."""
    result = shipped_searcher.search(SearchRequest(q=q))
    assert result.suggestion is None and result.corrected is None
    # Independently: the word is rare (the did-you-mean threshold, one document) and its
    # document holds the other words; the variant once offered is in many more documents.
    holding = documents_with(all_documents, rare)
    assert len(holding) == 1
    others = [w for w in q.split() if w != rare]
    assert all(holding <= documents_with(all_documents, w) for w in others)
    assert len(documents_with(all_documents, offered_before)) >= 3


@pytest.mark.parametrize(
    "q", ["工会", "集体协商", "劳动合同法 第八十二条", '"公会"', "工会 OR 公会"]
)
def test_no_suggestion_for_queries_that_find_what_they_mean(shipped_searcher, q):
    assert shipped_searcher.search(SearchRequest(q=q)).suggestion is None


# -- pinyin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, words",
    [
        ("gonghui", "工会"),
        ("gong hui", "工会"),
        ("ghjf", "工会经费"),
        ("gonghui jingfei", "工会经费"),
        ("zhigongshuwu", "职工书屋"),
        # Relaxing the Latin words finds stray documents; all of them together find none.
        ("gong hui fa", "工会法"),
        # A term jieba would cut into single characters (竞 业 限制), kept whole by the
        # union dictionary so that the vocabulary holds it.
        ("jingye xianzhi", "竞业限制"),
        # A Chinese IME left in full-width mode types full-width letters and spaces.
        ("ｇｏｎｇｈｕｉ", "工会"),
        ("ｇｏｎｇｈｕｉ　ｊｉｎｇｆｅｉ", "工会经费"),
    ],
)
def test_pinyin_query_is_read_as_chinese_words(shipped_searcher, all_documents, typed, words):
    # Independently: the Latin text is in no document, the words are, and they read so.
    assert not documents_with(all_documents, typed)
    assert documents_with(all_documents, words)
    letters = normalize(typed).replace(" ", "")
    reading = lazy_pinyin(words, style=Style.NORMAL)
    assert letters in ("".join(reading), "".join(p[0] for p in reading))

    result = shipped_searcher.search(SearchRequest(q=typed))
    assert result.searched_as == words
    assert result.notice == f"按拼音 {typed} 搜索了：{words}"
    assert result.request.q == typed  # the box keeps what was typed
    expected = all_ids(shipped_searcher, q=words)
    assert all_ids(shipped_searcher, q=typed) == expected
    assert set(expected) >= documents_with(all_documents, words)


def test_latin_text_that_is_found_is_not_read_as_pinyin(shipped_searcher, all_documents):
    # "gdp" is in the corpus as Latin text: it is searched as typed.
    assert documents_with(all_documents, "gdp")
    result = shipped_searcher.search(SearchRequest(q="gdp"))
    assert result.searched_as is None and result.total >= 1


# -- completions -----------------------------------------------------------------------------


def _full(text: str) -> str:
    return "".join(lazy_pinyin(normalize(text), style=Style.NORMAL))


def test_pinyin_prefix_completes_to_words(shipped_searcher, all_documents):
    completions = shipped_searcher.suggest("gongh")
    texts = [c.text for c in completions]
    assert "工会" in texts
    assert 0 < len(completions) <= 10
    for c in completions:
        assert _full(c.text).startswith("gongh"), c
        assert c.count >= 1
    # Ordered by documents, best first.
    counts = [c.count for c in completions if c.kind != "title"]
    assert counts == sorted(counts, reverse=True)


def test_initials_and_traditional_prefixes(shipped_searcher):
    assert "工会经费" in [c.text for c in shipped_searcher.suggest("ghjf")]
    simplified = shipped_searcher.suggest("劳动合")
    assert simplified and all(normalize(c.text).startswith("劳动合") for c in simplified)
    assert shipped_searcher.suggest("勞動合") == simplified


def test_titles_and_issuers_complete(shipped_searcher, all_documents):
    law = next(d for d in all_documents if d.title.startswith("中华人民共和国工会法"))
    titles = [c for c in shipped_searcher.suggest("中华人民共和国工") if c.kind == "title"]
    assert law.title in [c.text for c in titles]
    assert all(c.text.startswith("中华人民共和国工") for c in titles)
    issuer = next(d.issuer for d in all_documents if d.issuer.startswith("哈尔滨"))
    found = [c for c in shipped_searcher.suggest(issuer[:4]) if c.kind == "issuer"]
    assert issuer in [c.text for c in found]
    expected = sum(1 for d in all_documents if d.issuer == issuer)
    assert next(c.count for c in found if c.text == issuer) == expected


@pytest.mark.parametrize("q", ["", "   ", "zzzzzzzz", "<script>", "\x00", "工" * 400])
def test_odd_prefixes_complete_to_little_or_nothing(shipped_searcher, q):
    assert len(shipped_searcher.suggest(q)) <= 10
