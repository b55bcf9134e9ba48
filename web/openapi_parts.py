"""Schema pieces that web.openapi and web.research_openapi both build from."""

from __future__ import annotations

NULLABLE_STR = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}


def closed_object(properties: dict, **head) -> dict:
    """An object schema that allows exactly ``properties`` and requires each of them (a
    response always carries every field, null when it has no value). ``head`` (a nullable
    ``type``, a ``description``) comes first."""
    return {
        "type": "object",
        **head,
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


# A document's own fields as the API's records carry them (a hit, a document, a
# concordance line take some of them, in this order).
_DOCUMENT_FIELDS: dict[str, dict] = {
    "id": {"type": "string"},
    "title": {"type": "string"},
    "date": NULLABLE_STR,
    "year": NULLABLE_INT,
    "district": {"type": "string"},
    "issuer": {"type": "string"},
    "doc_type": {"type": "string"},
    "topics": {"type": "array", "items": {"type": "string"}},
}


def document_fields(*names: str) -> dict:
    return {name: _DOCUMENT_FIELDS[name] for name in names}
