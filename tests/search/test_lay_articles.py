"""Issue 11, twenty-fourth round: everyday words written from the laws article by article
(``corpus/lay_terms.txt``'s section "article by article"): a worker's word for what an
article answers (扣毕业证 for 扣押…其他证件, 工伤自负 for the void agreement of 安全生产法
第一百零六条, 政府垫付 for 应急周转金). The section's own rules are checked on the shipped
list and corpus: its forms are the laws' words, its everyday words are none of the laws'
words (a legal word typed must stay the query's own, not become an alternative of a lay
word), and none cuts a word of the corpus's text in two (``Wording.parts`` keeps a listed
word whole before jieba splits the rest). Searched on a small real index of shipped
documents; the words asked are family members no judged query types."""

from __future__ import annotations

import re

import pytest

from indexer.analysis import Analyzer
from tests.conftest import CORPUS_DOCS, RESOURCES, index_of_docs
from tests.laws import ARBITRATION_LAW, CONTRACT_LAW, LABOUR_LAW, SAFETY_LAW, UNION_LAW
from tests.reports import GOV_REPORT_2009, HARBIN_REPORT
from tests.search.lay_sections import assert_reaches, section_terms, texts, unread_forms

# The first comment line of the round's section of the list.
SECTION = "# ---- article by article"
MIGRANT_WAGES = "laws/state-council-regulations/0163-保障农民工工资支付条例.txt"


def test_the_sections_forms_are_the_laws_words_and_its_everyday_words_are_not(tmp_path):
    terms = section_terms(tmp_path, SECTION)
    assert len(terms) > 100
    assert unread_forms(terms) == []
    laws = texts().values()
    assert [w for w in terms if any(w in t for t in laws)] == []


def test_no_everyday_word_of_the_section_cuts_a_word_of_the_corpus(tmp_path):
    # Each occurrence of an everyday word in a shipped document starts and ends where
    # jieba's words of that text do: a query typing the text's word (拒不执行, 公益岗位)
    # is not cut by a listed word inside it (不执行, 公益岗).
    terms = section_terms(tmp_path, SECTION)
    analyzer = Analyzer.from_resources(RESOURCES).load()
    cuts = []
    for name, text in texts(CORPUS_DOCS).items():
        present = [w for w in terms if w in text]
        if not present:
            continue
        spans = [(s, e) for _, _, s, e in analyzer.word_spans(text)]
        starts, ends = {s for s, _ in spans}, {e for _, e in spans}
        for word in present:
            for m in re.finditer(re.escape(word), text):
                if m.start() not in starts or m.end() not in ends:
                    cuts.append((word, name, text[max(0, m.start() - 4) : m.end() + 4]))
    assert cuts == []


# The laws the questions below reach, beside two reports that hold none of the forms.
DOCS = [
    CONTRACT_LAW,
    LABOUR_LAW,
    SAFETY_LAW,
    UNION_LAW,
    ARBITRATION_LAW,
    MIGRANT_WAGES,
    GOV_REPORT_2009,
    HARBIN_REPORT,
]
# (question, the everyday word it names, the law whose article the word is bridged to)
QUESTIONS = [
    # A certificate by its name reaches 第九条's 扣押…其他证件.
    ("入职时公司要扣毕业证 合法吗", "扣毕业证", CONTRACT_LAW),
    # The void "at your own risk" agreement of 第一百零六条.
    ("老板让签生死状 出了事不管", "生死状", SAFETY_LAW),
    # The local government advancing the wages (第六十三条: 应急周转金, 先行垫付).
    ("老板跑了 能让政府垫付工资吗", "政府垫付", MIGRANT_WAGES),
    # A party not coming to the hearing (第三十六条: 拒不到庭, 缺席裁决).
    ("仲裁开庭公司不来开庭怎么办", "不来开庭", ARBITRATION_LAW),
]


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return index_of_docs(tmp_path_factory.mktemp("articles"), DOCS)


@pytest.mark.parametrize("question", QUESTIONS, ids=[q[1] for q in QUESTIONS])
def test_an_articles_everyday_word_reaches_the_law_holding_it(config, question):
    assert_reaches(config, *question)
