"""Fragment ids that links on the results page lead back to.

A filter, sort or page link reloads the page; its fragment puts keyboard and screen-reader
users back where they were (the browser focuses the element with that id, which has
``tabindex="-1"``) instead of at the top of the page.
"""

from __future__ import annotations

RESULTS = "results"


def facet(name: str) -> str:
    """The id of one facet's group of values, e.g. ``facet-district``."""
    return f"facet-{name}"


def at(url: str, anchor: str) -> str:
    return f"{url}#{anchor}"
