"""发文字号: every bracket form is read into (issuer code, year, serial) and shown as 〔〕."""

from __future__ import annotations

import pytest

from indexer.docnumber import DocNumber, number_line, parse_doc_number


@pytest.mark.parametrize(
    ("written", "code", "year", "serial"),
    [
        ("国发〔2013〕8号", "国发", 2013, 8),
        ("香工发〔2024〕8号", "香工发", 2024, 8),
        ("人社部发[2018]5号", "人社部发", 2018, 5),
        ("人社部发［2018］5号", "人社部发", 2018, 5),
        ("国办函(2019)12号", "国办函", 2019, 12),
        ("国办函（2019）12号", "国办函", 2019, 12),
        ("哈工发〔2024〕第3号", "哈工发", 2024, 3),
        ("  国发 〔2013〕 8 号  ", "国发", 2013, 8),
    ],
)
def test_every_bracket_form_parses_to_the_same_parts(written, code, year, serial):
    number = parse_doc_number(written)
    assert number == DocNumber(code, year, serial)
    assert number.text == f"{code}〔{year}〕{serial}号"


@pytest.mark.parametrize(
    "text", ["", "国发2013年8号", "第〔2013〕号", "2013年8月8日", "国发〔13〕8号"]
)
def test_things_that_are_not_numbers(text):
    assert parse_doc_number(text) is None


def test_a_number_line_is_the_number_alone_or_with_its_signer():
    assert number_line("香工发〔2024〕8号") == DocNumber("香工发", 2024, 8)
    assert number_line("哈工发〔2024〕3号　　签发人：张三") == DocNumber("哈工发", 2024, 3)
    # A sentence citing a number is not the document's own number line.
    assert number_line("国发〔2013〕8号文件要求各地认真贯彻执行。") is None
