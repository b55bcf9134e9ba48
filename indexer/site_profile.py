"""What a mirrored site repeats, learnt from all of its pages before any is extracted.

A site is a folder named like a host (``www.xfzgh.cn/``), as ``wget --mirror`` writes it,
anywhere under the corpus.  Its profile holds:

* ``chrome``: fingerprints of blocks (menu, login box, visitor counter, footer with
  版权所有 and ICP备) found on at least half of the site's HTML pages (and on 3 or more),
  removed from every page of the site (:mod:`indexer.site_chrome`);
* ``site_names``: the <title> parts shared the same way (the 站名 of 站名--标题);
* ``attachments`` / ``attached_to``: which office files in the mirror each page links to.

Incremental reindexing stays correct because a profile depends only on its site's files:
``plan_sites`` fingerprints each site (its files' content hashes and names) and keeps the
stored profile while that fingerprint is unchanged; when any file of the site changes, the
profile is learnt again, and if it came out different every page of the site is extracted
again.  Other sites, and documents outside mirrors, are never touched.
"""

from __future__ import annotations

import hashlib
import json
import math
import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from indexer.corpus_walk import document_ids
from indexer.decode import decode_bytes
from indexer.formats.sniff import HTML, sniff_bytes
from indexer.html_extract import page_tree
from indexer.listing import pager_text
from indexer.site_chrome import block_fingerprints
from indexer.sizes import read_bounded

_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?$", re.IGNORECASE)
ATTACHMENT_SUFFIXES = {".doc", ".docx", ".wps", ".pdf", ".xls", ".xlsx", ".et", ".odt", ".rtf"}
MIN_PAGES = 3  # fewer pages than this say nothing about what a site repeats
SHARE = 0.5  # a block on at least this share of a site's pages is its chrome


def site_of(doc_id: str) -> str | None:
    """The mirror folder a document id lies in (``mirrors/www.xfzgh.cn``), or None."""
    parts = doc_id.split("/")[:-1]
    for i, part in enumerate(parts):
        if _HOST.match(part):
            return "/".join(parts[: i + 1])
    return None


@dataclass(frozen=True)
class SiteProfile:
    site: str
    chrome: frozenset[str] = frozenset()
    site_names: frozenset[str] = frozenset()
    attachments: dict[str, tuple[str, ...]] = field(default_factory=dict)
    attached_to: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "site": self.site,
            "chrome": sorted(self.chrome),
            "site_names": sorted(self.site_names),
            "attachments": {k: list(v) for k, v in sorted(self.attachments.items())},
            "attached_to": dict(sorted(self.attached_to.items())),
        }

    @classmethod
    def from_json(cls, data: dict) -> SiteProfile:
        return cls(
            site=data["site"],
            chrome=frozenset(data.get("chrome", ())),
            site_names=frozenset(data.get("site_names", ())),
            attachments={k: tuple(v) for k, v in data.get("attachments", {}).items()},
            attached_to=dict(data.get("attached_to", {})),
        )

    @property
    def digest(self) -> str:
        blob = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def site_files(corpus_root: Path, site: str) -> list[str]:
    """Every file id under a site's folder (hidden files and sidecars excluded)."""
    return document_ids(Path(corpus_root), Path(corpus_root) / site)


def learn_site(corpus_root: Path, site: str, max_bytes: int) -> SiteProfile:
    """Read every HTML page of ``site`` and learn what it repeats and what it attaches."""
    files = site_files(corpus_root, site)
    existing = set(files)
    blocks: Counter[str] = Counter()
    names: Counter[str] = Counter()
    links: dict[str, list[str]] = {}
    lists: set[str] = set()
    pages = 0
    for doc_id in files:
        if posixpath.splitext(doc_id)[1].lower() in ATTACHMENT_SUFFIXES:
            continue
        page = _read_page(Path(corpus_root) / doc_id, max_bytes)
        if page is None:
            continue
        root, parts = page
        pages += 1
        blocks.update(block_fingerprints(root))
        names.update(set(parts))
        found = _attachment_links(root, doc_id, site, existing)
        if found:
            links[doc_id] = found
            if pager_text(root):
                lists.add(doc_id)
    if pages < MIN_PAGES:
        return SiteProfile(site, attachments=_attachments(links), attached_to=_owners(links, lists))
    needed = max(MIN_PAGES, math.ceil(SHARE * pages))
    return SiteProfile(
        site,
        chrome=frozenset(fp for fp, n in blocks.items() if n >= needed),
        site_names=frozenset(p for p, n in names.items() if n >= needed),
        attachments=_attachments(links),
        attached_to=_owners(links, lists),
    )


def _read_page(path: Path, max_bytes: int):
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None
        with open(path, "rb") as f:
            raw = read_bounded(f, size, max_bytes)
        # The same type decision as extraction: a page is what the sniffer calls HTML.
        if len(raw) > max_bytes or sniff_bytes(raw, path.name) != HTML:
            return None
        return page_tree(decode_bytes(raw))
    except Exception:  # an unreadable or broken page teaches nothing; extraction reports it
        return None


def _attachment_links(root, doc_id: str, site: str, existing: set[str]) -> list[str]:
    """Ids of the office files in this mirror that the page links to, in page order."""
    here = posixpath.dirname(doc_id)
    found: list[str] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href:
            continue
        url = urlsplit(href)
        path = unquote(url.path)
        if posixpath.splitext(path)[1].lower() not in ATTACHMENT_SUFFIXES:
            continue
        if url.scheme or path.startswith("/"):  # absolute: from the mirror's root
            target = posixpath.normpath(site + "/" + path.lstrip("/"))
        else:
            target = posixpath.normpath(posixpath.join(here, path))
        if target in existing and target not in found:
            found.append(target)
    return found


def _attachments(links: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {page: tuple(targets) for page, targets in sorted(links.items())}


def _owners(links: dict[str, list[str]], lists: set[str]) -> dict[str, str]:
    """Each attachment's notice: the first article page linking to it (list pages last)."""
    owners: dict[str, str] = {}
    for page in sorted(links, key=lambda p: (p in lists, p)):
        for target in links[page]:
            owners.setdefault(target, page)
    return owners


@dataclass
class SitePlan:
    # site -> profile, for every site in the corpus
    profiles: dict[str, SiteProfile] = field(default_factory=dict)
    reextract: set[str] = field(default_factory=set)  # ids whose site profile changed
    meta: dict[str, dict] = field(default_factory=dict)  # stored in meta.json for next time


def plan_sites(
    sources: Iterable, old_meta: dict | None, corpus_root: Path, max_bytes: int
) -> SitePlan:
    """Profiles for every site among ``sources`` (objects with ``id`` and ``fingerprint``),
    reusing the stored ones whose site did not change."""
    old_meta = old_meta or {}
    by_site: dict[str, list] = {}
    for src in sources:
        site = site_of(src.id)
        if site is not None:
            by_site.setdefault(site, []).append(src)
    plan = SitePlan()
    for site, group in sorted(by_site.items()):
        fingerprint = _site_fingerprint(group, site_files(corpus_root, site))
        old = old_meta.get(site, {})
        if old.get("fingerprint") == fingerprint and "profile" in old:
            profile = SiteProfile.from_json(old["profile"])
        else:
            profile = learn_site(corpus_root, site, max_bytes)
            old_digest = SiteProfile.from_json(old["profile"]).digest if "profile" in old else ""
            if profile.digest != old_digest:
                plan.reextract.update(src.id for src in group)
        plan.profiles[site] = profile
        plan.meta[site] = {"fingerprint": fingerprint, "profile": profile.to_json()}
    return plan


def _site_fingerprint(group: list, files: list[str]) -> str:
    digest = hashlib.sha256()
    for src in sorted(group, key=lambda s: s.id):
        digest.update(f"{src.id}\0{src.fingerprint}\n".encode())
    digest.update("\0".join(files).encode())
    return digest.hexdigest()


def profile_for(doc_id: str, corpus_root: Path, max_bytes: int) -> SiteProfile | None:
    """The profile of the site a single document belongs to (for ``union-search extract``)."""
    site = site_of(doc_id)
    return learn_site(corpus_root, site, max_bytes) if site else None
