"""Issue 11, twenty-third round: whole families of everyday words bridged to the laws'
wording (``corpus/lay_terms.txt``): the names of a thing (叉车, 塔吊 for 特种作业; 安全带 for
劳动防护用品), the colloquial verb (晚交 for 缓缴). Searched on a small real index of shipped
documents, whose texts say which document holds which wording; the words asked here are
family members no judged query types."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import index_of_docs
from tests.laws import (
    CONTRACT_LAW,
    LABOUR_LAW,
    SAFETY_LAW,
    SHANGHAI_SOCIAL_INSURANCE,
)
from tests.reports import GOV_REPORT_2009, HARBIN_REPORT
from tests.search.lay_sections import assert_reaches, section_terms, unread_forms

# The first comment line of the round's section of the list.
SECTION = "# ---- families of everyday words"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tmp_path: Path = tmp_path_factory.mktemp("families")
    return index_of_docs(
        tmp_path,
        [
            SAFETY_LAW,
            LABOUR_LAW,
            CONTRACT_LAW,
            SHANGHAI_SOCIAL_INSURANCE,
            GOV_REPORT_2009,
            HARBIN_REPORT,
        ],
    )


@pytest.mark.parametrize(
    ("query", "word", "law"),
    [
        # A job's name reaches the article on jobs needing a certificate (特种作业人员).
        ("开叉车要不要证", "开叉车", SAFETY_LAW),
        ("塔吊司机要什么资格", "塔吊", SAFETY_LAW),
        # The everyday verb 交 where the regulation writes 缴 (缓缴).
        ("公司说社保先晚交几个月", "晚交", SHANGHAI_SOCIAL_INSURANCE),
        # A piece of protective equipment by its name (劳动防护用品).
        ("戴的安全带要自己出钱吗", "安全带", SAFETY_LAW),
    ],
)
def test_a_family_word_reaches_the_law_holding_the_concept(config, query, word, law):
    # The law never says the everyday word; it says one of the forms the page names.
    assert_reaches(config, query, word, law)


def test_the_families_forms_are_the_laws_own_words(tmp_path):
    # Each line of the section was written from the articles its comment names: every
    # legal form (each part of it) occurs in a law of the corpus, none is a paraphrase.
    terms = section_terms(tmp_path, SECTION)
    assert len({f for fs in terms.values() for f in fs}) > 20
    assert unread_forms(terms) == []
