"""A `wget --mirror` folder of a union website, indexed for real.

The fixture (tests/fixtures/mirror/www.xfzgh.cn) is an ASP site of a district union in
the 动易 style: ShowArticle.asp?ArticleID=N pages, column lists with 共 N 条记录 页次, a
home page, robots.txt, a login box, a visitor counter, a 版权所有/ICP备 footer, a photo
news page, a notice with a .docx attachment and a deleted article (footer only).  Its
articles are written from real paragraphs of the shipped Harbin union report.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from indexer.build import reindex, scan_corpus
from indexer.site_profile import learn_site
from search import SearchRequest, open_searcher
from tests.conftest import make_config

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mirror"
SITE = "mirror/www.xfzgh.cn"
ART = SITE + "/Article/ShowArticle.asp?ArticleID="
ATTACHMENT = SITE + "/UploadFiles/202412/2024122001.docx"
ARTICLES = {
    ART + "356": "区总工会召开厂务公开民主管理工作现场经验交流会",
    ART + "357": "区总工会“两节”走访慰问困难职工",
    ART + "358": "区总工会开展职工心理咨询“春雨行动”",
    ART + "360": "关于做好2024年“两节”送温暖活动的通知",
}
NOT_DOCUMENTS = {
    SITE + "/index.asp": "home page",
    SITE + "/Article/ShowClass.asp?ClassID=1": "list page (共 16 条记录",
    SITE + "/Article/ShowClass.asp?ClassID=3": "list page (共 3 条记录",
    ART + "362": "only the site's repeated blocks",
    SITE + "/robots.txt": "robots.txt",
}
CHROME = ("版权所有", "ICP备", "上一篇", "下一篇", "访问者", "用户名", "技术支持", "设为首页",
          "您现在的位置", "打印此文", "最新公告")  # fmt: skip
PHOTO_SENTENCE = (
    "“两节”期间，区总工会领导走访慰问困难企业和困难职工、困难劳模，保证全覆盖、不遗漏。"
)
MARK = re.compile(r"<mark>(.*?)</mark>")


def _copy_mirror(corpus: Path) -> None:
    shutil.copytree(FIXTURE, corpus / "mirror")


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mirror")
    corpus = tmp / "corpus"
    _copy_mirror(corpus)
    config = make_config(tmp, corpus)
    return config, reindex(config)


def _raw(doc_id: str) -> str:
    return (FIXTURE / doc_id.removeprefix("mirror/")).read_bytes().decode("gbk")


def test_articles_are_documents_and_the_rest_is_reported(mirror):
    config, report = mirror
    with open_searcher(config) as s:
        for doc_id, title in ARTICLES.items():
            doc = s.document(doc_id)
            assert doc is not None, doc_id
            # <title> is "香坊区总工会--标题": the site's name is not part of the title.
            assert f"香坊区总工会--{title}" in _raw(doc_id)
            assert doc.title == title
            assert doc.issuer == "香坊区总工会"  # from the 来源： byline
            assert doc.district == "香坊区"
        for doc_id in NOT_DOCUMENTS:
            assert s.document(doc_id) is None, doc_id
    reasons = {r.path: r.reason for r in report.rejected}
    for doc_id, why in NOT_DOCUMENTS.items():
        assert doc_id in reasons, doc_id
        assert why in reasons[doc_id]


def test_no_chrome_string_is_searchable(mirror):
    config, _ = mirror
    with open_searcher(config) as s:
        for chrome in CHROME:
            # Every page of the site has it; no document keeps it.
            assert all(chrome in _raw(doc_id) for doc_id in ARTICLES), chrome
            result = s.search(SearchRequest(q=f'"{chrome}"', per_page=50))
            assert result.total == 0, (chrome, [h.id for h in result.hits])


def test_every_article_paragraph_is_searchable(mirror):
    config, _ = mirror
    paragraph = re.compile(r'<p style="text-indent:2em">(.*?)</p>')
    with open_searcher(config) as s:
        for doc_id in ARTICLES:
            for text in paragraph.findall(_raw(doc_id)):
                text = html.unescape(re.sub(r"<[^>]+>", "", text))
                ids = [h.id for h in s.search(SearchRequest(q=f'"{text}"', per_page=50)).hits]
                assert doc_id in ids, text


def test_photo_news_keeps_its_sentence_and_loses_its_footer(mirror):
    config, _ = mirror
    photo = ART + "357"
    with open_searcher(config) as s:
        assert s.document(photo).text == PHOTO_SENTENCE
        hits = s.search(SearchRequest(q=f'"{PHOTO_SENTENCE}"')).hits
        assert [h.id for h in hits] == [photo]
        assert s.document(photo).date == "2024-12-27"  # 更新时间 in the byline


def test_notice_in_the_mirror(mirror):
    config, _ = mirror
    notice = ART + "360"
    with open_searcher(config) as s:
        doc = s.document(notice)
        assert doc.doc_type == "通知"
        assert doc.doc_number == "香工发〔2024〕9号"
        assert doc.date == "2024-12-20"  # signed, and the line stays in the text
        assert "2024年12月20日" in doc.text.split("\n")
        # Its signature is kept although the site's logo line says the same words.
        assert "哈尔滨市香坊区总工会" in doc.text.split("\n")
        assert doc.attachments == [ATTACHMENT]
        assert "附件：送温暖活动统计表.docx" in doc.text.split("\n")
        # The page writes 香工发[2024]9号; the standard form finds it and marks it as written.
        hit = next(h for h in s.search(SearchRequest(q="香工发〔2024〕9号")).hits if h.id == notice)
        assert "香工发[2024]9号" in [html.unescape(m) for m in MARK.findall(hit.snippet_html)]
        assert hit.doc_number == "香工发〔2024〕9号"


def test_attachment_links_back_to_its_notice(mirror):
    from docx import Document as WordFile

    config, report = mirror
    # What the site pass learnt, and what the attachment's own document says.
    profile = learn_site(config.corpus_dir, SITE, config.max_file_bytes)
    assert profile.attached_to == {ATTACHMENT: ART + "360"}
    assert ATTACHMENT not in {r.path for r in report.rejected}
    paragraphs = [
        p.text for p in WordFile(str(FIXTURE / ATTACHMENT.removeprefix("mirror/"))).paragraphs
    ]
    with open_searcher(config) as s:
        attachment = s.document(ATTACHMENT)
        assert attachment is not None
        assert attachment.attached_to == ART + "360"
        assert attachment.attachments == []
        assert attachment.title == paragraphs[0] == "送温暖活动统计表"
        # Every paragraph of the .docx finds it.
        for text in paragraphs[1:]:
            ids = [h.id for h in s.search(SearchRequest(q=f'"{text}"', per_page=50)).hits]
            assert ATTACHMENT in ids, text


def test_document_page_and_api_show_number_and_attachments(mirror):
    from web import create_app

    config, _ = mirror
    app = create_app(config)
    client = app.test_client()
    notice = ART + "360"
    page = client.get("/doc/" + quote(notice))
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "发文字号" in body and "香工发〔2024〕9号" in body
    assert 'href="/doc/' + quote(ATTACHMENT) + '"' in body
    api = client.get("/api/documents/" + quote(notice)).get_json()
    assert api["doc_number"] == "香工发〔2024〕9号"
    assert api["attachments"] == [ATTACHMENT]
    # The attachment's page and JSON lead back to the notice.
    page = client.get("/doc/" + quote(ATTACHMENT))
    assert page.status_code == 200
    back = re.search(r'class="attached-to"><a href="([^"]+)"', page.get_data(as_text=True))
    assert back is not None
    assert ARTICLES[notice] in client.get(html.unescape(back.group(1))).get_data(as_text=True)
    api = client.get("/api/documents/" + quote(ATTACHMENT)).get_json()
    assert api["attached_to"] == notice and api["attachments"] == []
    hits = client.get("/api/search", query_string={"q": "送温暖"}).get_json()["hits"]
    assert {h["id"]: h["doc_number"] for h in hits}[notice] == "香工发〔2024〕9号"
    listing = client.get("/search", query_string={"q": "香工发[2024]9号"}).get_data(as_text=True)
    assert '<span class="doc-number">香工发〔2024〕9号</span>' in listing
    app.extensions["searcher"].close()


def test_incremental_reindex_relearns_a_changed_site(tmp_path):
    corpus = tmp_path / "corpus"
    _copy_mirror(corpus)
    config = make_config(tmp_path, corpus)
    first = reindex(config)
    pages = [
        p for p in (corpus / "mirror").rglob("*") if p.is_file() and b"<html" in p.read_bytes()
    ]

    # One article edited, site unchanged otherwise: only that page is extracted again.
    edited = corpus / (ART + "358")
    raw = edited.read_bytes().decode("gbk")
    edited.write_bytes(raw.replace("心理疏导。", "心理疏导，帮助职工舒缓压力。").encode("gbk"))
    second = reindex(config)
    assert second.updated == [ART + "358"] and not second.added and not second.removed

    # The footer changes on every page: the learnt chrome changes, every page is redone,
    # and neither the old nor the new footer is searchable.
    for page in pages:
        raw = page.read_bytes().decode("gbk")
        page.write_bytes(raw.replace("龙江网络科技有限公司", "冰城信息港").encode("gbk"))
    third = reindex(config)
    # The attachment too: its attached_to is part of the site's profile.
    assert set(third.updated) == set(ARTICLES) | {ATTACHMENT}
    with open_searcher(config) as s:
        for q in ("冰城信息港", "龙江网络科技", "帮助职工舒缓压力"):
            hits = [h.id for h in s.search(SearchRequest(q=f'"{q}"')).hits]
            assert hits == ([ART + "358"] if q == "帮助职工舒缓压力" else []), q
    assert first.documents == third.documents == len(ARTICLES) + 1  # and the attachment

    # Nothing changed: nothing is redone, and the stored profile is reused.
    fourth = reindex(config)
    assert not fourth.changed_anything


def test_wget_names_are_accepted_by_content(tmp_path):
    site = tmp_path / "corpus" / "www.example.org.cn"
    site.mkdir(parents=True)
    page = _raw(ART + "356").encode("gbk")
    for name in ("detail.jsp?id=88", "index.html?id=1204", "ShowArticle.asp?ArticleID=356"):
        (site / name).write_bytes(page)
    (site / "logo.gif").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\xff\x00,")
    files, rejected = scan_corpus(tmp_path / "corpus", 1 << 20)
    assert sorted(f.id for f in files) == [
        "www.example.org.cn/ShowArticle.asp?ArticleID=356",
        "www.example.org.cn/detail.jsp?id=88",
        "www.example.org.cn/index.html?id=1204",
    ]
    assert [(r.path, r.reason) for r in rejected] == [
        (
            "www.example.org.cn/logo.gif",
            "binary file (GIF image): not a document; put scans in a PDF",
        )
    ]
