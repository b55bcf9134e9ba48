"""Shared helpers for the reliability tests: a real `union-search serve` subprocess,
raw HTTP over loopback, a small JSON-schema checker for the OpenAPI document, and a
fingerprint of an index folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.serving import (  # noqa: F401  (re-exported for the reliability tests)
    CHROMIUM,
    CHROMIUM_ARGS,
    METHODS,
    cli_env,
    free_port,
    request,
    run_cli,
    running_server,
    wait_ready,
)

# -- the app in-process ----------------------------------------------------------


@pytest.fixture(scope="session")
def openapi(shipped_app) -> dict:
    resp = shipped_app.test_client().get("/openapi.json")
    assert resp.status_code == 200
    return resp.get_json()


# -- JSON schema (the subset web/openapi.py uses) ----------------------------------

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def schema_errors(value, schema: dict, spec: dict, where: str = "$") -> list[str]:
    """Why ``value`` does not match ``schema`` (refs resolved in ``spec``); [] if it does."""
    if "$ref" in schema:
        node = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        return schema_errors(value, node, spec, where)
    errors: list[str] = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](value) for t in types):
            return [f"{where}: {value!r:.80} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r:.80} not in {schema['enum']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: {value} > {schema['maximum']}")
    if isinstance(value, str) and "maxLength" in schema and len(value) > schema["maxLength"]:
        errors.append(f"{where}: longer than {schema['maxLength']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}: missing {key!r}")
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += schema_errors(item, props[key], spec, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: unexpected {key!r}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], spec, f"{where}[{i}]")
    return errors


def assert_matches(value, schema_name: str, spec: dict) -> None:
    errors = schema_errors(value, {"$ref": f"#/components/schemas/{schema_name}"}, spec)
    assert not errors, (errors[:5], json.dumps(value, ensure_ascii=False)[:500])


# -- an index folder's fingerprint --------------------------------------------------


def tree_state(root: Path) -> dict[str, tuple[int, int] | str]:
    """Every entry under ``root``: files → (size, mtime_ns), folders → "dir"."""
    state: dict[str, tuple[int, int] | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            state[os.path.relpath(os.path.join(dirpath, d), root)] = "dir"
        for f in filenames:
            st = os.stat(os.path.join(dirpath, f))
            state[os.path.relpath(os.path.join(dirpath, f), root)] = (st.st_size, st.st_mtime_ns)
    return state
