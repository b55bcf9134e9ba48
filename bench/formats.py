"""``python -m bench.formats``: extraction time per file format (`make bench` runs it).

Each format is built from the same real gov.cn notice as the format tests build it
(tests/indexer/format_samples.py), then extracted with ``extract_documents`` several
times; the report gives the median per file and per 1,000 characters of extracted text.
OCR runs once: it takes seconds a page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from indexer.extract import extract_documents
from indexer.resources import load_resources
from tests.indexer import format_samples as fs
from union_search.config import PROJECT_ROOT

BENCH_DIR = PROJECT_ROOT / "bench"


def build_samples(folder: Path, resources) -> dict[str, Path]:
    """One file per format, named for the format."""
    notice = fs.real_notice(resources)
    measures = fs.real_measures(resources)
    files = {
        "HTML (gov.cn page)": folder / "notice.html",
        ".docx": folder / "notice.docx",
        ".pdf (text layer)": folder / "notice.pdf",
        ".pdf (scan, OCR)": folder / "scan.pdf",
        ".xlsx": folder / "measures.xlsx",
        ".xls": folder / "measures.xls",
        ".odt": folder / "notice.odt",
        ".warc.gz (2 pages + 1 .docx)": folder / "site.warc.gz",
    }
    files["HTML (gov.cn page)"].write_bytes((fs.CORPUS_DOCS / fs.NOTICE_ID).read_bytes())
    fs.notice_docx(files[".docx"], notice, measures)
    fs.notice_pdf(files[".pdf (text layer)"], notice)
    fs.scanned_pdf(files[".pdf (scan, OCR)"], notice)
    fs.measures_xlsx(files[".xlsx"], measures)
    fs.measures_xls(files[".xls"], measures)
    fs.notice_odt(files[".odt"], notice)
    fs.site_warc(files[".warc.gz (2 pages + 1 .docx)"], files[".docx"].read_bytes(),
                 fs.png_bytes())  # fmt: skip
    return files


def measure(path: Path, root: Path, resources, repeat: int, ocr: bool) -> tuple[float, int]:
    times, chars = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        extraction = extract_documents(path, root, resources, ocr=ocr)
        times.append(time.perf_counter() - started)
        chars = sum(len(d.body) + len(d.title) for d in extraction.documents)
    return statistics.median(times), chars


def report(repeat: int) -> str:
    resources = load_resources(PROJECT_ROOT / "corpus")
    lines = [
        "# Extraction time per format",
        "",
        f"`python -m bench.formats --repeat {repeat}`, {time.strftime('%Y-%m-%d %H:%M')}: "
        "median of the runs (OCR: one run), one real notice per format.",
        "",
        "| format | file size | characters out | time per file | ms per 1,000 chars |",
        "|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="union-search-bench-formats-") as tmp:
        folder = Path(tmp)
        for label, path in build_samples(folder, resources).items():
            ocr = "OCR" in label
            seconds, chars = measure(path, folder, resources, 1 if ocr else repeat, ocr)
            lines.append(
                f"| {label} | {path.stat().st_size / 1024:,.0f} KB | {chars:,} | "
                f"{seconds * 1000:,.0f} ms | {seconds * 1e6 / max(chars, 1):,.1f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.formats", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs per format (default 5)")
    parser.add_argument(
        "--out", type=Path, default=BENCH_DIR / "RESULTS-formats.md", help="report path"
    )
    args = parser.parse_args(argv)
    text = report(args.repeat)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
