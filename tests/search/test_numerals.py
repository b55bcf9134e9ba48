"""Chinese numerals: reading, writing, and the forms of counted phrases."""

from __future__ import annotations

import pytest

from search.numerals import numeral_forms, parse_chinese, to_chinese, to_chinese_digits


@pytest.mark.parametrize(
    "text, value",
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("八十二", 82),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百五十", 150),
        ("两千", 2000),
        ("一千零一", 1001),
        ("一万二千", 12000),
        ("十万", 100000),
        ("二〇一三", 2013),  # digit by digit, as years are written
        ("二○一三", 2013),
    ],
)
def test_parse_chinese(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text", ["", "工会", "十a", "三四五十"])
def test_parse_chinese_refuses_what_is_not_a_numeral(text):
    assert parse_chinese(text) is None


def test_to_chinese_round_trips():
    for n in [*range(0, 1200), 2000, 2013, 9999, 10000, 12000, 100000, 250000]:
        assert parse_chinese(to_chinese(n)) == n, (n, to_chinese(n))


def test_to_chinese_writes_the_usual_forms():
    assert to_chinese(10) == "十"
    assert to_chinese(82) == "八十二"
    assert to_chinese(105) == "一百零五"
    assert to_chinese(110) == "一百一十"
    assert to_chinese_digits(2013) == "二〇一三"
    assert to_chinese_digits(2008, "○") == "二○○八"


@pytest.mark.parametrize(
    "text, forms",
    [
        ("第82条", {"第八十二条"}),
        ("第八十二条", {"第82条"}),
        ("第十章", {"第10章"}),
        ("2%", {"百分之二"}),
        ("百分之二", {"2%"}),
        ("1.5%", {"百分之一点五"}),
        ("30天", {"三十天", "三十日"}),
        ("三十日", {"30天", "三十天"}),
        ("6个月", {"六个月"}),
        ("2013年", {"二〇一三年", "二○一三年"}),
        ("二〇一三年", {"2013年", "二○一三年"}),
        ("双倍", {"二倍", "两倍", "2倍"}),
        ("2倍", {"二倍", "两倍", "双倍"}),
        ("工会经费2%", {"工会经费百分之二"}),
        ("劳动合同法第82条", {"劳动合同法第八十二条"}),
    ],
)
def test_numeral_forms(text, forms):
    assert set(numeral_forms(text)) == forms


@pytest.mark.parametrize("text", ["工会", "6月30日", "试用期最长", ""])
def test_no_forms_without_a_counted_number(text):
    # 6月30日 is a date: 30日 there is not thirty days.
    assert numeral_forms(text) == []
