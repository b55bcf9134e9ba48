"""Bytes -> text for Chinese documents of unknown encoding.

Order of trust: a byte-order mark, then strict UTF-8, then the charset the document
declares, then GB18030 (the superset of GB2312/GBK/cp936, so GBK pages never turn into
cp936 mojibake), then charset-normalizer's guess.  A few invalid bytes inside otherwise
good UTF-8 are replaced rather than rejected: real pages often carry one broken
character from a bad copy-paste.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from indexer.document import Rejected

# Share of bytes that may be invalid UTF-8 while we still call the file UTF-8.
MAX_UTF8_ERROR_RATE = 0.002
MAX_UTF8_ERRORS = 8
# Share of replacement characters tolerated in the final text.
MAX_REPLACEMENT_RATE = 0.02
# Control bytes (other than \t \n \r \f and ESC) above this share mean "not text".
MAX_CONTROL_RATE = 0.05

_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xd0\xcf\x11\xe0",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
)
_DECLARED = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_\-]+)""",
    re.IGNORECASE,
)
# Everything in the GB family decodes best with GB18030, which is a superset of all.
_GB_FAMILY = {"gb2312", "gbk", "cp936", "gb18030", "euc-cn", "x-gbk", "hz", "ms936", "936"}
_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def decode_bytes(raw: bytes) -> str:
    """Decode ``raw`` to text, or raise :class:`Rejected` if it is not text we can read."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(raw.decode("utf-16", errors="replace"))
    check_not_binary(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _utf8_error_count(raw) <= MAX_UTF8_ERRORS:
        return raw.decode("utf-8", errors="replace")
    if _utf8_error_rate(raw) <= MAX_UTF8_ERROR_RATE:
        return _checked(raw.decode("utf-8", errors="replace"))
    declared = declared_charset(raw)
    if declared:
        text = _try_decode(raw, declared)
        if text is not None:
            return text
    text = _try_decode(raw, "gb18030")
    if text is not None and _looks_chinese(text):
        return text
    guess = charset_normalizer.from_bytes(raw[:200_000]).best()
    if guess is not None and guess.encoding:
        text = _try_decode(raw, guess.encoding)
        if text is not None:
            return text
    raise Rejected("cannot decode as UTF-8/GB18030")


# Control bytes that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def check_not_binary(raw: bytes) -> None:
    """Reject files that are clearly not text (NUL bytes, known binary signatures)."""
    head = raw[:65536]
    if head.startswith(_BINARY_MAGIC):
        raise Rejected("binary file (known binary signature)")
    if b"\x00" in head:
        raise Rejected("binary file (NUL bytes)")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C
    if head and controls / len(head) > MAX_CONTROL_RATE:
        raise Rejected("binary file (mostly non-text bytes)")


def declared_charset(raw: bytes) -> str | None:
    """The charset named by a <meta> or XML declaration near the start, if any."""
    match = _DECLARED.search(raw[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try_decode(raw: bytes, encoding: str) -> str | None:
    if encoding.lower().replace("_", "") in _GB_FAMILY:
        encoding = "gb18030"
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        pass
    try:
        text = raw.decode(encoding, errors="replace")
    except LookupError:
        return None
    if text.count("\ufffd") > MAX_REPLACEMENT_RATE * max(len(text), 1):
        return None
    return text


def _utf8_error_count(raw: bytes) -> int:
    """Invalid sequences in otherwise-UTF-8 text; a short file may carry a few too."""
    text = raw.decode("utf-8", errors="replace")
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < 4:
        return 1 << 30
    return text.count("\ufffd")


def _utf8_error_rate(raw: bytes) -> float:
    text = raw.decode("utf-8", errors="replace")
    # Multi-byte text must actually be present: Latin-1/GBK bytes fail UTF-8 at every char.
    if not re.search(r"[^\x00-\x7f\ufffd]", text):
        return 1.0
    return text.count("\ufffd") / max(len(raw), 1)


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte soup; real Chinese text is dense in common CJK."""
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii == 0:
        return True
    return len(_CJK.findall(text)) / non_ascii > 0.8


def _checked(text: str) -> str:
    if text.count("\ufffd") > MAX_REPLACEMENT_RATE * max(len(text), 1):
        raise Rejected("cannot decode as UTF-8/GB18030")
    return text
