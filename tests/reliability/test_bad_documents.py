"""A corpus full of bad files: the reindex finishes, good documents are searchable,
every bad one is listed with its reason, exit status 0."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from indexer.build import ReindexHooks, reindex
from search import SearchRequest, open_searcher
from tests.conftest import CORPUS_DOCS, make_config
from tests.reports import HARBIN_REPORT
from union_search.config import PROJECT_ROOT

SEED = CORPUS_DOCS / HARBIN_REPORT
LIMIT = 2 * 1024 * 1024


def build_bad_corpus(root: Path) -> dict[str, str]:
    """Good and bad files side by side; returns {id: expected reason fragment} for bad."""
    (root / "good").mkdir(parents=True)
    shutil.copy(SEED, root / "good" / "seed.txt")
    law = next((CORPUS_DOCS / "laws" / "national-laws").glob("*.txt"))
    shutil.copy(law, root / "good" / "law.txt")
    seed_text = SEED.read_text("utf-8")
    # GB18030 (the seed has • which GBK lacks) and GBK pages without any charset
    # declaration, and UTF-8 with a few invalid bytes: all good.
    (root / "good" / "seed-gb18030.txt").write_bytes(seed_text.encode("gb18030"))
    html = (
        "<html><head><title>南岗区总工会开展金秋助学活动</title></head><body>"
        "<h1>南岗区总工会开展金秋助学活动</h1><p>2023-08-20</p>"
        "<p>南岗区总工会为困难职工子女发放助学金，金秋助学活动惠及百余名学生。</p>"
        + "<p>活动现场，职工代表表示感谢。</p>" * 5
        + "</body></html>"
    )
    (root / "good" / "gbk-page.html").write_bytes(html.encode("gbk"))
    broken = (
        (
            "title: 道里区总工会职工书屋建设通知\ndate: 2022-05-06\n\n"
            "道里区总工会推进职工书屋建设。"
        ).encode()
        + b"\xff\xfe\x80"
        + "各基层工会认真落实职工书屋建设任务。".encode()
    )
    (root / "good" / "invalid-utf8.txt").write_bytes(broken)

    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 64)
    with open(bad / "huge.txt", "wb") as f:  # sparse: over the limit without disk cost
        f.truncate(LIMIT + 1)
    (bad / "truncated.html").write_text(
        "<html><head><title>松北区总工会</title></head><body><div><p>松北区总工会开展", "utf-8"
    )
    (bad / "truncated-tag.html").write_text('<html><body><p>工会</p><div class="con', "utf-8")
    (root / "good" / "deep.html").write_text(
        "<html><body>"
        + "<div>" * 50000
        + "<p>香坊区总工会建设职工之家，深层嵌套页面。</p>"
        + "</div>" * 50000
        + "</body></html>",
        "utf-8",
    )
    os.symlink("loop-b.txt", bad / "loop-a.txt")
    os.symlink("loop-a.txt", bad / "loop-b.txt")
    (bad / "unreadable.txt").write_text("title: 不可读\n\n工会文件", "utf-8")
    os.chmod(bad / "unreadable.txt", 0)
    (bad / "vanishing.txt").write_text("title: 消失的文件\n\n呼兰区总工会通知", "utf-8")
    return {
        "bad/empty.txt": "empty",
        "bad/binary.txt": "binary",
        "bad/huge.txt": "too large",
        "bad/truncated.html": "truncated",
        "bad/truncated-tag.html": "truncated",
        "bad/loop-a.txt": "symlink loop",
        "bad/loop-b.txt": "symlink loop",
        "bad/unreadable.txt": "permission denied",
        "bad/vanishing.txt": "",
    }


def test_bad_files_are_reported_and_good_ones_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    expected_bad = build_bad_corpus(corpus)
    expected_bad.pop("bad/unreadable.txt")  # root reads anything: the next test covers it
    (corpus / "bad" / "unreadable.txt").unlink()
    config = make_config(tmp_path, corpus, max_file_bytes=LIMIT)

    class Vanish(ReindexHooks):
        def scanned(self, sources):  # the file disappears between scan and extraction
            (corpus / "bad" / "vanishing.txt").unlink()

    report = reindex(config, hooks=Vanish())
    reasons = {r.path: r.reason for r in report.rejected}
    assert set(reasons) == set(expected_bad)
    for doc_id, fragment in expected_bad.items():
        assert fragment in reasons[doc_id], (doc_id, reasons[doc_id])
    assert sorted(report.added) == sorted(f"good/{p.name}" for p in (corpus / "good").iterdir())
    with open_searcher(config) as s:
        for q, doc_id in [
            ("惠及百余名学生", "good/gbk-page.html"),
            ("职工书屋建设任务", "good/invalid-utf8.txt"),
            ("深层嵌套页面", "good/deep.html"),
        ]:
            assert [h.id for h in s.search(SearchRequest(q=f'"{q}"')).hits] == [doc_id], q
        seed_hits = {h.id for h in s.search(SearchRequest(q='"工人先锋号"')).hits}
        assert {"good/seed.txt", "good/seed-gb18030.txt"} <= seed_hits


def test_cli_reports_every_bad_file_and_exits_zero():
    """Without the power to override file permissions, so an unreadable file really is."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.chmod(tmp, 0o755)
        corpus = tmp / "corpus"
        expected_bad = build_bad_corpus(corpus)
        expected_bad.pop("bad/vanishing.txt")
        (corpus / "bad" / "vanishing.txt").unlink()
        index = tmp / "index"
        index.mkdir()
        os.chmod(index, 0o777)
        prefix = []
        if os.geteuid() == 0:  # root reads anything unless it gives up these capabilities
            setpriv = shutil.which("setpriv")
            if not setpriv:
                pytest.fail("running as root needs util-linux setpriv to drop CAP_DAC_*")
            prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
        proc = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "union_search.cli",
                "reindex",
                "--json",
                "--corpus",
                str(corpus),
                "--index",
                str(index),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=PROJECT_ROOT,
            env={**os.environ, "UNION_SEARCH_MAX_FILE_BYTES": str(LIMIT), "HOME": str(tmp)},
        )
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        reasons = {r["path"]: r["reason"] for r in report["rejected"]}
        assert set(reasons) == set(expected_bad)
        for doc_id, fragment in expected_bad.items():
            assert fragment in reasons[doc_id], (doc_id, reasons[doc_id])
        assert report["documents"] == len(list((corpus / "good").iterdir()))
