"""Running the Debian command-line tools that read office formats, with a timeout.

A missing tool rejects only the file that needs it, with the install command in the
reason; it never stops a reindex.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.document import Rejected

# The Debian packages that provide each tool (scripts/ensure-tools installs them).
PACKAGES = {
    "pdftotext": "poppler-utils poppler-data",
    "pdftoppm": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "antiword": "antiword",
    "tesseract": "tesseract-ocr tesseract-ocr-chi-sim",
}


def run_tool(argv: list[str], timeout: float) -> bytes:
    """Run ``argv`` and return its stdout; any failure becomes a one-line :class:`Rejected`."""
    name = argv[0]
    exe = shutil.which(name)
    if exe is None:
        raise Rejected(f"{name} not installed: apt-get install {PACKAGES.get(name, name)}")
    try:
        proc = subprocess.run(
            [exe, *argv[1:]],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Rejected(f"{name} took longer than {timeout:g} s; file skipped") from None
    except OSError as exc:
        raise Rejected(f"cannot run {name}: {exc.strerror}") from None
    if proc.returncode != 0:
        raise Rejected(f"{name} failed: {_first_line(proc.stderr) or f'exit {proc.returncode}'}")
    return proc.stdout


def _first_line(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", errors="replace").splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


@contextmanager
def temp_copy(raw: bytes, suffix: str) -> Iterator[Path]:
    """The tools read files, and a web-archive record has no file of its own."""
    with tempfile.TemporaryDirectory(prefix="union-search-") as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(raw)
        yield path
