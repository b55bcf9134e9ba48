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
