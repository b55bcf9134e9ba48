"""Fixtures for the web tests: one app over the shipped index, a test client, helpers."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from lxml.html import HtmlElement

from tests.serving import CHROMIUM, CHROMIUM_ARGS, running_server


@pytest.fixture(scope="session")
def app(shipped_app):
    return shipped_app


@pytest.fixture
def client(shipped_client):
    return shipped_client


@pytest.fixture(scope="module")
def server(shipped_index, tmp_path_factory):
    """A real `union-search serve` over the shipped index; its base URL."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with running_server(shipped_index.index_dir, log) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        # `make test` installs it (scripts/ensure-chromium); only an explicit opt-out skips.
        if os.environ.get("UNION_SEARCH_SKIP_BROWSER"):
            pytest.skip("UNION_SEARCH_SKIP_BROWSER is set")
        pytest.fail("Chromium is missing at /usr/bin/chromium: run scripts/ensure-chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


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
