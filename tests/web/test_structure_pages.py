"""Issue 12 on the pages and the API: answers, unit links, outline, match navigation,
citation links, versions and the 新旧对照 page."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

from tests.laws import LABOUR_LAW, UNION_LAW, WOMEN_2018, WOMEN_2022
from tests.reports import HARBIN_REPORT
from tests.web.test_pages import page


def test_citation_query_answered_above_the_list(client):
    html = page(client, "/search?q=" + quote("劳动法第四十四条"))
    answer = html[html.index('<section class="answer"') : html.index('<ol class="hits"')]
    assert f'href="/doc/{quote(LABOUR_LAW)}#a44"' in answer
    assert "《中华人民共和国劳动法》第四十四条" in answer
    assert "第四十四条 有下列情形之一的" in answer


def test_missing_article_page_and_json(client):
    html = page(client, "/search?q=" + quote("《工会法》第九十九条"))
    assert "《工会法》没有第九十九条" in html
    body = client.get("/api/search?q=" + quote("《工会法》第九十九条")).get_json()
    assert body["answer"]["found"] is False
    assert body["answer"]["message"] == "《工会法》没有第九十九条"
    assert body["answer"]["id"] == UNION_LAW


def test_api_answer_and_units(client):
    body = client.get("/api/search?q=" + quote("工会法43条")).get_json()
    assert body["answer"]["found"] and body["answer"]["anchor"] == "a43"
    assert body["answer"]["url"] == f"/doc/{quote(UNION_LAW)}#a43"
    assert body["answer"]["text"].startswith("第四十三条")
    body = client.get("/api/search?q=" + quote("职工书屋")).get_json()
    assert body["answer"] is None
    with_units = [h for h in body["hits"] if h["units"]]
    assert with_units
    for h in with_units:
        assert len(h["units"]) <= 4
        for u in h["units"]:
            assert u["url"] == f"/doc/{quote(h['id'])}#{u['anchor']}"
            assert "<mark>" in u["snippet"] and u["matches"] >= 1


def test_hits_link_to_their_units(client):
    html = page(client, "/search?q=" + quote("职工书屋"))
    links = re.findall(r'<a class="unit-link" href="([^"]+)">', html)
    assert links and all("#" in url for url in links)
    # Every unit link lands on an element with that id on the document page.
    for url in links[:6]:
        path, anchor = url.split("#")
        doc = page(client, unescape(path))
        assert f'id="{anchor}"' in doc


def test_document_outline_headings_and_match_navigation(client):
    html = page(client, f"/doc/{quote(HARBIN_REPORT)}?q=" + quote("职工"))
    outline = re.search(r'<nav class="outline".*?</nav>', html, re.S).group(0)
    anchors = re.findall(r'<a href="#([^"]+)">', outline)
    assert "s1" in anchors and "s2-2" in anchors
    for a in anchors:
        assert re.search(rf'<(h[2-4]|p) id="{a}">', html)
    assert '<h2 id="s1">一、2012年工会工作简要回顾</h2>' in html
    # Per-unit counts: the marks between a top-level heading and the next one.
    body = html[html.index('<div class="doc-body">') :]
    tops = [a for a in anchors if re.fullmatch(r"s\d+", a)]
    for a, b in zip(tops, tops[1:] + [None], strict=True):
        start = body.index(f'id="{a}"')
        end = body.index(f'id="{b}"') if b else body.index("</div>", start)
        marks = len(re.findall(r"<mark id=", body[start:end]))
        count = re.search(rf'href="#{a}">[^<]*</a> <span class="count"[^>]*>(\d+)<', outline)
        assert int(count.group(1)) == marks
    # Every match has an id; following 下一处 from the first visits each one once, in order.
    ids = re.findall(r'<mark id="([^"]+)">', body)
    total = int(re.search(r"共有 (\d+) 处匹配", html).group(1))
    assert len(ids) == total and ids[0] == "first-match"
    nexts = dict(re.findall(r'<mark id="([^"]+)">.*?<a href="#([^"]+)" class="match-next">', body))
    chain, at = ["first-match"], "first-match"
    while at in nexts:
        at = nexts[at]
        chain.append(at)
    assert chain == ids


def test_law_page_chapters_and_article_anchors(client):
    html = page(client, f"/doc/{quote(UNION_LAW)}")
    assert re.search(r'<h2 id="c1">第一章 总 则</h2>', html)
    assert '<p id="a43">第四十三条 ' in html
    assert 'src="/static/matchnav.js"' in html


def test_citations_in_texts_link_to_the_article(client):
    cite = "《中华人民共和国劳动法》第四十四条"
    body = client.get("/api/search?q=" + quote(f'"{cite}"') + "&per_page=100").get_json()
    citing = [
        h["id"]
        for h in body["hits"]
        if cite in client.get(f"/api/documents/{quote(h['id'])}").get_json()["text"]
    ]
    assert citing
    for doc_id in citing:
        html = page(client, f"/doc/{quote(doc_id)}")
        assert f'<a class="cite" href="/doc/{quote(LABOUR_LAW)}#a44">{cite}</a>' in html
        # A match inside the citation stays one mark beside its navigation, outside the
        # link, and the rest of the citation stays linked; anchors never nest.
        marked = page(client, f"/doc/{quote(doc_id)}?q=" + quote("劳动法"))
        href = f"/doc/{quote(LABOUR_LAW)}#a44"
        assert re.search(
            # (劳动法 = 中华人民共和国劳动法 in corpus/synonyms.txt: either may be marked)
            rf'<a class="cite" href="{re.escape(href)}">《(?:中华人民共和国)?</a>'
            r'<mark id="[^"]+">(?:中华人民共和国)?劳动法</mark><span class="match-nav">.*?</span>'
            rf'<a class="cite" href="{re.escape(href)}">》第四十四条</a>',
            marked,
        )
        assert len(re.findall(r"<mark id=", marked)) == len(
            re.findall(r'</mark><span class="match-nav">', marked)
        )
        assert not re.search(r"<a [^>]*>(?:(?!</a>).)*<a ", marked)


def test_versions_on_the_page_and_the_diff_page(client):
    html = page(client, f"/doc/{quote(WOMEN_2018)}")
    assert "本法已于" in html and "2022-10-30</a> 修订" in html
    assert "已修改" in html
    diff_url = re.search(r'<a class="diff-link" href="([^"]+)">新旧对照</a>', html).group(1)
    diff = page(client, unescape(diff_url))
    assert "<del>" in diff and "<ins>" in diff
    counts = re.search(r"修改 <strong>(\d+)</strong> 条，新增 <strong>(\d+)</strong> 条", diff)
    assert int(counts.group(1)) == diff.count('class="row-changed"')
    assert int(counts.group(2)) == diff.count('class="row-added"')
    assert f'href="/doc/{quote(WOMEN_2022)}#a1"' in diff
    newer = page(client, f"/doc/{quote(WOMEN_2022)}")
    assert "本法已于" not in newer and "现行有效" in newer


def test_diff_bad_requests(client):
    resp = client.get("/diff?a=" + quote(WOMEN_2018))
    assert resp.status_code == 400
    resp = client.get("/diff?a=" + quote(WOMEN_2018) + "&b=nope.txt")
    assert resp.status_code == 404


def test_status_facet_on_the_page(client):
    html = page(client, "/search?q=" + quote("妇女权益保障法"))
    assert "时效性" in html
    link = re.search(
        r'<a class="facet-value" href="([^"]+)"\s+data-facet="status" data-value="已修改"', html
    )
    assert link
    filtered = page(client, unescape(link.group(1)))
    assert quote(WOMEN_2018) in filtered and quote(WOMEN_2022) not in filtered
    body = client.get("/api/search?status=" + quote("已修改") + "&per_page=100").get_json()
    assert body["hits"] and all(h["status"] == "已修改" for h in body["hits"])


def test_document_json_has_status_versions_and_units(client):
    body = client.get(f"/api/documents/{quote(WOMEN_2018)}").get_json()
    assert body["status"] == "已修改"
    assert [v["id"] for v in body["versions"]] == [WOMEN_2018, WOMEN_2022]
    assert [v["status"] for v in body["versions"]] == ["已修改", "现行有效"]
    harbin = client.get(f"/api/documents/{quote(HARBIN_REPORT)}").get_json()
    assert harbin["status"] is None and harbin["versions"] == []
    tops = [u for u in harbin["units"] if u["depth"] == 0]
    assert [harbin["text"][u["start"] : u["end"]][:2] for u in tops] == ["一、", "二、"]
