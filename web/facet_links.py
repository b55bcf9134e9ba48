"""Toggle links per facet value, Datasette style.

Every FacetCount becomes a dict ``{value, count, selected, depth, parent, toggle_url}``
where following ``toggle_url`` adds the value to the current request (or removes it when
selected) and goes back to page 1; every other parameter is kept. Its fragment
(``#facet-district``) returns focus to the facet just used.
"""

from __future__ import annotations

from dataclasses import replace

from flask import url_for

from search import FACET_FIELDS, FACETS, FacetCount, SearchRequest
from search.facet_set import FACET_BY_NAME
from web import anchors
from web.params import request_pairs, with_query

FACET_LABELS = {f.name: f.label for f in FACETS}
# The year range's two bounds (SearchRequest fields) and their chips' labels.
YEAR_BOUNDS = (("year_from", "起始年份"), ("year_to", "截止年份"))


def place_url(result, endpoint: str) -> str | None:
    """The same search filtered to the districts a question named as places
    (search.place: 北京 → 北京市), back on page 1; None when it named none."""
    if not result.places:
        return None
    filtered = replace(result.request, districts=tuple(result.places), page=1)
    return with_query(url_for(endpoint), request_pairs(filtered))


def toggled(req: SearchRequest, facet: str, value) -> SearchRequest:
    """``req`` with ``value`` of ``facet`` switched on or off, back on page 1."""
    current = [str(v) for v in req.selected(facet)]
    if str(value) in current:
        new = [v for v in req.selected(facet) if str(v) != str(value)]
    else:
        new = [*req.selected(facet), value]
    return replace(req, page=1, **{FACET_BY_NAME[facet].request_attr: tuple(new)})


def toggle_url(path: str, req: SearchRequest, facet: str, value) -> str:
    return with_query(path, request_pairs(toggled(req, facet, value)))


def facet_count_json(fc: FacetCount) -> dict:
    """One facet value as the JSON API and the pages show it."""
    return {
        "value": fc.value,
        "count": fc.count,
        "selected": fc.selected,
        "depth": fc.depth,
        "parent": fc.parent,
    }


def facet_links(
    path: str, req: SearchRequest, facets: dict[str, list[FacetCount]]
) -> dict[str, list[dict]]:
    return {
        facet: [
            {
                **facet_count_json(fc),
                "toggle_url": anchors.at(
                    toggle_url(path, req, facet, fc.value), anchors.facet(facet)
                ),
            }
            for fc in facets.get(facet, [])
        ]
        for facet in FACET_FIELDS
    }


def selected_chips(path: str, req: SearchRequest) -> list[dict]:
    """The active filters, each with the URL that removes it (for chips at the top)."""
    chips = []
    for facet in FACET_FIELDS:
        for value in req.selected(facet):
            chips.append(
                {
                    "facet": facet,
                    "label": FACET_LABELS[facet],
                    "value": value,
                    "remove_url": toggle_url(path, req, facet, value),
                }
            )
    for bound, label in YEAR_BOUNDS:
        year = getattr(req, bound)
        if year is not None:
            bare = replace(req, page=1, **{bound: None})
            chips.append(
                {
                    "facet": bound,
                    "label": label,
                    "value": year,
                    "remove_url": with_query(path, request_pairs(bare)),
                }
            )
    return chips


def clear_filters_url(path: str, req: SearchRequest) -> str:
    bare = SearchRequest(q=req.q, sort=req.sort, per_page=req.per_page)
    return with_query(path, request_pairs(bare))
