"""Fixtures for the web tests: one app over the shipped index, a test client, helpers."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:union-search:openapi"


@pytest.fixture(scope="session")
def app(shipped_app):
    return shipped_app


@pytest.fixture
def client(shipped_client):
    return shipped_client


def hit_ids(html: str) -> list[str]:
    """Document ids of the result links on a search page, in order."""
    from urllib.parse import unquote

    return [unquote(m) for m in re.findall(r'<h3 class="hit-title"><a href="/doc/([^"?#]+)', html)]


def total_of(html: str) -> int:
    m = re.search(r'data-total="(\d+)"', html)
    assert m, "no result count on the page"
    return int(m.group(1))


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def response_validator(spec: dict, url: str, status: int) -> Draft202012Validator:
    """A jsonschema validator for the documented response to GET ``url`` with ``status``.

    The spec is registered as one resource, so its ``#/components/...`` references
    resolve as they would for any OpenAPI 3.1 client; an unresolvable one raises. URLs
    outside the documented paths, and unexpected 500s, must still be the Error schema.
    """
    registry = Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
    )
    path = spec_path_of(url)
    if path in spec["paths"] and status != 500:
        responses = spec["paths"][path]["get"]["responses"]
        assert str(status) in responses, f"GET {path} does not document status {status}"
        pointer = _pointer("paths", path, "get", "responses", str(status), "content")
        pointer += "/application~1json/schema"
    else:
        assert status >= 400, f"{url} is not a documented path"
        pointer = "components/schemas/Error"
    return Draft202012Validator({"$ref": f"{SPEC_URI}#/{pointer}"}, registry=registry)


def spec_path_of(url: str) -> str:
    """The OpenAPI path template a request URL belongs to."""
    path = url.split("?", 1)[0]
    if path.startswith("/api/documents/"):
        return "/api/documents/{id}"
    return path
