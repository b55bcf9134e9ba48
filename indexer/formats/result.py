"""What every format extractor hands to the shared metadata path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Extracted:
    # Plain text, one paragraph per line; it goes through the same metadata path as a
    # .txt file (title, red-header notices, dates, issuer), so that logic applies to it.
    text: str
    # Set when the format knows its title better than inference from the first lines
    # (a spreadsheet's title row); "" means "use the file name".
    title: str | None = None
    ocr: bool = False  # the text was recognised from page images
