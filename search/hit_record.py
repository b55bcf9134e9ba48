"""A hit as the JSON record every front end prints: the API's ``hits`` items, and the
lines of ``union-search search``. Written once here so that they cannot drift apart."""

from __future__ import annotations

from search.models import Hit


def hit_record(hit: Hit, url: str) -> dict:
    """``url``: the hit's document page (a front end's own link to it); its articles'
    links are that address at their anchors."""
    return {
        "id": hit.id,
        "title": hit.title,
        "title_html": hit.title_html,
        "date": hit.date,
        "year": hit.year,
        "district": hit.district,
        "issuer": hit.issuer,
        "doc_type": hit.doc_type,
        "doc_number": hit.doc_number,
        "topics": list(hit.topics),
        "level": hit.level,
        "snippet": hit.snippet_html,
        "url": url,
        "ocr": hit.ocr,
        "status": hit.status or None,
        "missing": hit.missing,
        "units": [
            {
                "label": u.label,
                "anchor": u.anchor,
                "snippet": u.snippet_html,
                "matches": u.matches,
                "url": url + "#" + u.anchor,
            }
            for u in hit.units
        ],
    }
