"""HTML pages of union websites: encodings, chrome, title, nesting."""

from __future__ import annotations

import pytest

from indexer.extract import decode_bytes, extract_document

ARTICLE = [
    "松北区总工会深入开展“五送”活动，把党和政府的温暖送到职工心坎上。",
    "活动期间，区总工会为困难职工送去慰问金和生活用品，为一线职工送去清凉饮品。",
    "区总工会还组织劳模志愿服务队走进企业，开展技术培训和法律咨询，受到职工群众欢迎。",
]


def union_page(meta: str = "") -> str:
    nav = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(12))
    paragraphs = "".join(f"<p>{p}&nbsp;</p>" for p in ARTICLE)
    return f"""<!DOCTYPE html><html><head>{meta}
<title>松北区总工会开展“五送”活动-哈尔滨市总工会</title>
<style>p {{ color: red }}</style><script>var 统计 = "不应出现";</script></head>
<body><div class="header"><h1><a href="/">哈尔滨市总工会</a></h1><ul class="nav">{nav}</ul></div>
<div class="main"><div class="article">
<h2 class="title">松北区总工会开展“五送”活动</h2>
<div class="info">作者：松北区总工会 发布时间：2016-08-15 15:37 阅读(321)</div>
<div class="content">{paragraphs}第一段之后的文字<br>换行后的文字</div>
</div></div>
<div class="footer">版权所有 哈尔滨市总工会 <a href="/about">关于我们</a></div></body></html>"""


@pytest.mark.parametrize("meta", ["", '<meta charset="gb18030">', '<meta charset="GBK">'])
def test_gb18030_page_with_and_without_meta_charset(meta, tmp_path, resources):
    path = tmp_path / "news" / "songbei.html"
    path.parent.mkdir()
    path.write_bytes(union_page(meta).encode("gb18030"))
    doc = extract_document(path, tmp_path, resources)
    assert doc.id == "news/songbei.html"
    assert doc.title == "松北区总工会开展“五送”活动"
    assert doc.date == "2016-08-15"
    assert doc.issuer == "松北区总工会"
    assert doc.district == "松北区"
    lines = doc.body.splitlines()
    assert lines[: len(ARTICLE)] == ARTICLE
    assert "换行后的文字" in lines
    for chrome in ("栏目3", "不应出现", "color", "版权所有", "阅读(321)", "&nbsp;", "\xa0"):
        assert chrome not in doc.body


def test_utf8_page_with_a_few_bad_bytes_is_decoded_with_replacement(tmp_path, resources):
    raw = union_page('<meta charset="utf-8">').encode("utf-8")
    cut = raw.index("慰问金".encode())
    raw = raw[:cut] + b"\xff\xfe" + raw[cut:]
    path = tmp_path / "bad-bytes.html"
    path.write_bytes(raw)
    doc = extract_document(path, tmp_path, resources)
    assert "\ufffd" in doc.body and "慰问金" in doc.body


def test_decode_prefers_gb18030_over_mojibake():
    text = "哈尔滨市总工会开展金秋助学活动，资助困难职工子女𠀀。"
    assert decode_bytes(text.encode("gb18030")) == text
    assert decode_bytes(text[:-2].encode("gbk") + "。".encode("gbk")) == text[:-2] + "。"
    assert decode_bytes("\ufeff工会".encode()) == "工会"


def test_deeply_nested_html_does_not_crash(tmp_path, resources):
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "深层嵌套的工会新闻正文。" + "</div>" * depth
    path = tmp_path / "deep.html"
    path.write_text(page + "</body></html>", encoding="utf-8")
    # lxml reads the whole depth: the one sentence is the document, nothing lost.
    doc = extract_document(path, tmp_path, resources)
    assert doc.body.splitlines() == ["深层嵌套的工会新闻正文。"]


def test_title_falls_back_to_title_tag_minus_site_name(tmp_path, resources):
    page = (
        "<html><head><title>香坊区总工会建设职工之家 - 哈尔滨日报</title></head><body>"
        "<p>香坊区总工会建设职工之家，当好职工贴心“娘家人”。2022年1月21日，记者走访了多家企业。</p>"
        "</body></html>"
    )
    path = tmp_path / "xiangfang.htm"
    path.write_text(page, encoding="utf-8")
    doc = extract_document(path, tmp_path, resources)
    assert doc.title == "香坊区总工会建设职工之家"
    assert doc.district == "香坊区"
    assert doc.date == "2022-01-21"
