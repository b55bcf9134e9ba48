"""Every shipped document extracts, with the metadata search relies on."""

from __future__ import annotations

from indexer.document import Rejected
from indexer.extract import extract_document, is_sidecar


def test_every_shipped_document_extracts(corpus_root, resources):
    files = sorted(p for p in corpus_root.rglob("*") if p.is_file() and not is_sidecar(p))
    # Counted from the folder itself, not pinned: adding a document must not break this.
    assert files, f"no documents under {corpus_root}"
    names = {t.name for t in resources.topics}
    problems = []
    for path in files:
        try:
            doc = extract_document(path, corpus_root, resources)
        except Rejected as exc:
            problems.append(f"{path}: {exc.reason}")
            continue
        if not (doc.title and doc.date and doc.year and doc.district and doc.issuer):
            problems.append(f"{doc.id}: {doc.title!r} {doc.date} {doc.district} {doc.issuer}")
        # No document is about every topic; each topic is one of the taxonomy's.
        if not doc.doc_type or len(doc.body) < 100 or len(doc.topics) >= len(names):
            problems.append(f"{doc.id}: {doc.doc_type} {len(doc.body)} {doc.topics}")
        if not set(doc.topics) <= names or doc.district_path[-1:] != [doc.district]:
            problems.append(f"{doc.id}: {doc.topics} {doc.district_path}")
    assert problems == []


def test_provincial_report_chrome_is_stripped(corpus_root, resources):
    doc = extract_document(
        corpus_root / "provincial-reports/2026-上海市.txt", corpus_root, resources
    )
    assert (doc.title, doc.date, doc.district) == (
        "2026年上海市政府工作报告",
        "2026-02-09",
        "上海市",
    )
    head = doc.body.splitlines()[:5]
    for chrome in ("下载", "打印", "全屏", "收藏", "【字号：", "加大", "来源：解放日报", "时间："):
        assert chrome not in head
    assert "相关报道" not in doc.body


def test_harbin_district_and_city_inference(resources):
    from indexer.metadata import infer_district

    g = resources.gazetteer
    assert infer_district(g, issuer="尚志市总工会", title="") == "尚志市"
    assert infer_district(g, issuer="哈尔滨市南岗区总工会", title="") == "南岗区"
    assert infer_district(g, issuer="国务院办公厅", title="关于哈尔滨市的复函") == "全国"
    assert infer_district(g, issuer="山东人大常委会", title="青岛市劳动保障监察条例") == "青岛市"
    assert infer_district(g, issuer="", title="", region="内蒙古") == "内蒙古自治区"
