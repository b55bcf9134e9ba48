"""Issue 11: which sentence a hit's snippet shows (search.sentence_judge). The words that
name the document (shown in its title) choose after the words that ask; a concept's forms
count once; one character alone says little; with nothing new to add, the second fragment
is another sentence holding what the first holds. Expectations by brute force over the
stored texts; marks checked against the matched strings."""

from __future__ import annotations

import html
import re

from search import SearchRequest
from search.concepts import concept_map
from search.highlight import _fragments as _ranked
from search.highlight import find_marks, snippet
from search.sentence_judge import SentenceJudge
from tests.laws import CONTRACT_LAW

REPORT = "gov-reports/2020-国务院政府工作报告.txt"
_MARK = re.compile(r"<mark>(.*?)</mark>")


def _sentences_with(text: str, word: str) -> list[str]:
    return [s for s in re.split("[。！？；\n]", text) if word in s]


def _fragments(snippet_html: str) -> list[str]:
    plain = html.unescape(re.sub(r"<[^>]*>", "", snippet_html))
    return [f.strip("…") for f in plain.split("… …")]


def test_the_words_that_ask_choose_the_sentence_not_the_title_words(shipped_searcher):
    q = "2020 政府工作报告 城镇新增就业"
    result = shipped_searcher.search(SearchRequest(q=q, per_page=10))
    hit = next(h for h in result.hits if h.id == REPORT)
    body = shipped_searcher.document(REPORT).text
    # The body's opening holds 政府工作报告 and 2020 together; two sentences hold
    # 城镇新增就业: the figure reported for the year before and the one planned.
    assert "政府工作报告" in body[:20] and "2020" in body[:40]
    answering = _sentences_with(body, "城镇新增就业")
    assert len(answering) >= 2
    fragments = _fragments(hit.snippet_html)
    assert "城镇新增就业" in fragments[0]  # not the opening that names the document
    # Both fragments are sentences holding the word asked about (nothing else to add).
    assert len(fragments) == 2
    for fragment in fragments:
        assert any(fragment[:12] in s or s[:12] in fragment for s in answering), fragment
    # Marks stay exact: each marked string is a query string, escaped text otherwise.
    marked = _MARK.findall(hit.snippet_html)
    assert marked and set(marked) <= {"城镇新增就业", "2020", "政府工作报告"}


def test_a_concept_the_title_shows_in_another_form_does_not_ask():
    concepts = concept_map(["加班费", "时", "结清"], [("加班费", ["工资报酬"])])
    judge = SentenceJudge.of("劳动者签字确认加班费", concepts, {"加班费": 3.0, "时": 0.1})
    assert judge.asking({"工资报酬", "时", "结清"}) == {"时", "结清"}  # 工资报酬 is 加班费
    # A word asked about outweighs words the title shows and one character alone.
    assert judge.score({"结清"}) > judge.score({"工资报酬", "时"})
    assert judge.score({"结清", "时"}) > judge.score({"结清"})


def test_two_sentences_of_one_article_when_the_answer_spans_their_boundary(shipped_searcher):
    law = shipped_searcher.document(CONTRACT_LAW)
    unit = next(u for u in law.units if u.label.startswith("第四十七条"))
    text = law.text[unit.start : unit.end]
    literals = ["每满一年", "计算"]
    sentences = [s for s in re.split("[。！？；\n]", text) if s.strip()]
    assert not any(all(w in s for w in literals) for s in sentences)
    assert all(any(w in s for s in sentences) for w in literals)
    marks = find_marks(text, literals)
    judge = SentenceJudge.of(law.title, concept_map(literals, []))
    _, start, end, held = _ranked(text, marks, law.title, 100, judge)[0]
    assert held == set(literals)
    assert start <= text.index("每满一年") and end > text.index("计算")
    assert set(_MARK.findall(snippet(text, literals, 100, 1, law.title, marks, judge))) == held
    _, start, end, held = _ranked(text, marks, law.title, 100)[0]  # the plain rule
    assert len(held) == 1 and not all(w in text[start:end] for w in literals)


def test_among_sentences_holding_as_many_concepts_the_rarer_concept_first():
    concepts = concept_map(["经济补偿", "计算"], [])
    judge = SentenceJudge.of("中华人民共和国劳动合同法", concepts, {"经济补偿": 3.0, "计算": 1.0})
    assert judge.score({"经济补偿"}) > judge.score({"计算"})
    # Whatever the weights, a sentence holding both comes first, then one alone
    # before two together holding no more.
    assert judge.score({"经济补偿", "计算"}) > judge.score({"经济补偿", "计算"}, pair=True)
    assert judge.score({"经济补偿", "计算"}, pair=True) > judge.score({"经济补偿"})
