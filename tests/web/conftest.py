"""Fixtures for the web tests: one app over the shipped index, a test client, helpers."""

from __future__ import annotations

import re

import pytest


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
