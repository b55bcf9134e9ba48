"""Validate JSON against the app's own /openapi.json with jsonschema.

The OpenAPI 3.1 document is registered as one JSON Schema 2020-12 resource, so its
``#/components/...`` references resolve as they would for any OpenAPI client, and an
unresolvable one raises. Shared by the web and the reliability tests.
"""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:union-search:openapi"


def spec_registry(spec: dict) -> Registry:
    return Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
    )


def _validator(spec: dict, pointer: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"{SPEC_URI}#/{pointer}"}, registry=spec_registry(spec))


def schema_validator(spec: dict, name: str) -> Draft202012Validator:
    """A validator for ``#/components/schemas/<name>``."""
    return _validator(spec, f"components/schemas/{name}")


def assert_matches(value, schema_name: str, spec: dict) -> None:
    errors = [e.message for e in schema_validator(spec, schema_name).iter_errors(value)]
    assert not errors, (errors[:5], json.dumps(value, ensure_ascii=False)[:500])


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def response_validator(spec: dict, url: str, status: int) -> Draft202012Validator:
    """A validator for the documented JSON response to GET ``url`` with ``status``.

    URLs outside the documented paths, and unexpected 500s, must still be the Error schema.
    """
    path = spec_path_of(url)
    if path in spec["paths"] and status != 500:
        responses = spec["paths"][path]["get"]["responses"]
        assert str(status) in responses, f"GET {path} does not document status {status}"
        pointer = _pointer("paths", path, "get", "responses", str(status), "content")
        return _validator(spec, pointer + "/application~1json/schema")
    assert status >= 400, f"{url} is not a documented path"
    return schema_validator(spec, "Error")


def spec_path_of(url: str) -> str:
    """The OpenAPI path template a request URL belongs to."""
    path = url.split("?", 1)[0]
    if path.startswith("/api/documents/"):
        return "/api/documents/{id}"
    return path
