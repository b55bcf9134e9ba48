"""gov.cn HTML fragments: metadata must equal their own info table."""

from __future__ import annotations

import re

import pytest

from indexer.extract import extract_document

FILES = ["gov-cn/20190215-0047.html", "gov-cn/20181224-0065.html", "gov-cn/20181222-0079.html"]


def info_table(raw: str) -> dict[str, str]:
    """Independent parse: <td><b>LABEL：</b></td> <td ...>VALUE</td> with plain regexes."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", raw, re.S)
    texts = [re.sub(r"<[^>]+>|\s", "", c) for c in cells]
    table = {}
    for label, value in zip(texts, texts[1:], strict=False):
        if label.endswith("：") and label[:-1] not in table:
            table[label[:-1]] = value
    return table


def iso(cn_date: str) -> str:
    y, m, d = re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})日", cn_date).groups()
    return f"{y}-{int(m):02d}-{int(d):02d}"


@pytest.mark.parametrize("name", FILES)
def test_govcn_metadata_equals_info_table(name, corpus_root, resources):
    path = corpus_root / name
    table = info_table(path.read_text(encoding="utf-8"))
    doc = extract_document(path, corpus_root, resources)
    assert doc.title == table["标题"]
    assert doc.issuer == table["发文机关"]
    assert doc.date == iso(table.get("成文日期") or table["发布日期"])
    assert doc.district == "全国"
    assert doc.source_url.startswith("http://www.gov.cn/")  # from the .meta sidecar


@pytest.mark.parametrize("name", FILES)
def test_govcn_body_is_the_document_not_the_table(name, corpus_root, resources):
    doc = extract_document(corpus_root / name, corpus_root, resources)
    for label in ("索 引 号", "主题分类", "发文机关：", "成文日期：", "主 题 词"):
        assert label not in doc.body
    assert "扫一扫在手机打开当前页" not in doc.body
    assert len(doc.body) > 500
    assert re.search(r"〔\d{4}〕\d+号|第\d+号", doc.body)


def test_govcn_doc_types(corpus_root, resources):
    doc = extract_document(corpus_root / FILES[0], corpus_root, resources)
    assert doc.doc_type == "意见"
    doc = extract_document(corpus_root / FILES[2], corpus_root, resources)
    assert doc.doc_type == "条例"
