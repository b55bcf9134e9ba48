"""Fixtures for the web tests: one app over the shipped index, a test client, helpers."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from lxml.html import HtmlElement


@pytest.fixture(scope="session")
def app(shipped_app):
    return shipped_app


@pytest.fixture
def client(shipped_client):
    return shipped_client


def parse(html: str) -> HtmlElement:
    return lxml.html.document_fromstring(html)


def hit_ids(html: str) -> list[str]:
    """Document ids of the result links on a search page, in order."""
    hrefs = parse(html).xpath('//h3[@class="hit-title"]/a/@href')
    return [unquote(urlsplit(h).path.removeprefix("/doc/")) for h in hrefs]


def total_of(html: str) -> int:
    found = parse(html).xpath("//strong[@data-total]/@data-total")
    assert len(found) == 1, "no single result count on the page"
    return int(found[0])
