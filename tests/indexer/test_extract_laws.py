"""Law and regulation texts: `# title`, adoption lines, <!-- INFO END -->, `##` chapters."""

from __future__ import annotations

import pytest

from indexer.extract import extract_document
from tests.laws import UNION_LAW

LAWS = {
    UNION_LAW: ("中华人民共和国工会法", "2021-12-24", "全国", "法律", "工会组织建设"),
    "laws/local-regulations/0114-山东省企业工资集体协商条例.txt": (
        "山东省企业工资集体协商条例", "2016-11-26", "山东省", "条例", "工资与集体协商"),
    "laws/judicial-interpretations/"
    "0142-最高人民法院关于审理劳动争议案件适用法律若干问题的解释.txt": (
        "最高人民法院关于审理劳动争议案件适用法律若干问题的解释", "2001-04-16", "全国",
        "司法解释", "劳动争议与权益维护"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(LAWS))
def test_law_metadata_and_body(name, corpus_root, resources):
    title, date, district, doc_type, topic = LAWS[name]
    doc = extract_document(corpus_root / name, corpus_root, resources)
    assert (doc.title, doc.date, doc.district, doc.doc_type) == (title, date, district, doc_type)
    assert topic in doc.topics
    assert "<!--" not in doc.body and "INFO END" not in doc.body
    assert not any(line.startswith("#") for line in doc.body.splitlines())
    assert "第一条" in doc.body


def test_law_without_header_infers_metadata(corpus_root, resources, tmp_path):
    src = corpus_root / UNION_LAW
    text = src.read_text(encoding="utf-8")
    bare = text.split("\n\n", 1)[1]  # drop the optional key: value header block
    path = tmp_path / "工会法.md"
    path.write_text(bare, encoding="utf-8")
    doc = extract_document(path, tmp_path, resources)
    assert doc.title == "中华人民共和国工会法"
    assert doc.date == "2021-12-24"  # the latest amendment line
    assert doc.district == "全国"
    assert "全国人民代表大会" in doc.issuer
    assert "第一章 总 则" in doc.body.splitlines()
    assert "## " not in doc.body


def test_issuer_outside_the_gazetteer_still_names_its_city(tmp_path, resources):
    """A city the gazetteer does not list (绍兴市) is taken from the issuer's name, not
    replaced by the home city."""
    from indexer.extract import extract_document

    law = tmp_path / "绍兴市水资源保护条例(2021-11-25).md"
    law.write_text(
        "# 绍兴市水资源保护条例\n\n2021年10月29日绍兴市第九届人民代表大会常务委员会第四十次会议通过"
        "\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了加强水资源保护，制定本条例。\n",
        "utf-8",
    )
    doc = extract_document(law, tmp_path, resources)
    assert doc.district == "绍兴市"
