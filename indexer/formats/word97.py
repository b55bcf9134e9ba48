"""Word 97-2003 binaries (.doc, and WPS writer .wps files in the same format): antiword.

antiword reads the Unicode text pieces that Chinese documents are stored in and writes
UTF-8 with its UTF-8 mapping; ``-w 0`` keeps each paragraph on one line, so no wrapping
has to be undone.
"""

from __future__ import annotations

from indexer.document import Rejected
from indexer.formats.result import Extracted
from indexer.formats.tools import run_tool, temp_copy

ANTIWORD_TIMEOUT = 60.0


def extract_word97(raw: bytes) -> Extracted:
    with temp_copy(raw, ".doc") as path:
        out = run_tool(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)],
                       timeout=ANTIWORD_TIMEOUT)  # fmt: skip
    text = out.decode("utf-8", errors="replace")
    # antiword marks pictures it cannot show; they are not text a reader sees.
    lines = [line for line in text.split("\n") if line.strip() != "[pic]"]
    text = "\n".join(lines)
    if not text.strip():
        raise Rejected("Word 97 document holds no text")
    return Extracted(text)
