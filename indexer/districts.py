"""A district's place in the hierarchy 省 > 市 > 区县, from the gazetteer.

Each document is indexed under its district *and every ancestor*, as path terms in the
style of Solr's path-hierarchy tokenizer (``黑龙江省``, ``黑龙江省/哈尔滨市``,
``黑龙江省/哈尔滨市/南岗区``): the postings of one term are exactly the documents in that
area or below it, so choosing 黑龙江省 includes Harbin's documents, facet counts stay exact
document counts, and the tree (level, parent) is read back from the terms alone.
"""

from __future__ import annotations

from indexer.resources import Gazetteer

PATH_SEP = "/"


def parent_of(area: str, gazetteer: Gazetteer) -> str | None:
    """The enclosing area the gazetteer knows, or None for a top-level one.

    全国 is a value of its own meaning "issued nationally", not the parent of the
    provinces; places the gazetteer does not list have no known parent.
    """
    if area in gazetteer.districts:
        return gazetteer.home_city
    if area in gazetteer.cities:
        return gazetteer.cities[area]
    return None


def district_chain(district: str, gazetteer: Gazetteer) -> list[str]:
    """Ancestors first, the district last: ["黑龙江省", "哈尔滨市", "南岗区"]."""
    chain: list[str] = []
    area: str | None = district.strip()
    while area and area not in chain:
        chain.insert(0, area)
        area = parent_of(area, gazetteer)
    return chain


def path_terms(chain: list[str]) -> list[str]:
    """The index terms of a chain: one per level, each the path down to it.

    The field is comma-separated and "/" separates levels, so a name (from a header
    override) holding either gets the full-width form instead of being split.
    """
    safe = [name.replace(",", "，").replace(PATH_SEP, "／") for name in chain]
    return [PATH_SEP.join(safe[: i + 1]) for i in range(len(safe))]


def place_names(gazetteer: Gazetteer) -> dict[str, str]:
    """Every name the gazetteer gives an area → the area's full name: the full names
    themselves, the short forms it lists (北京 → 北京市, 南岗 → 南岗区) and a city's name
    less 市 (its file's rule: 哈尔滨 → 哈尔滨市). 全国 is no area (it means "issued
    nationally"). Where two areas share a short form, the first listed keeps it."""
    names: dict[str, str] = {}
    for district, shorts in gazetteer.districts.items():
        for name in (district, *shorts):
            names.setdefault(name, district)
    for province, shorts in gazetteer.provinces.items():
        for name in (province, *shorts):
            names.setdefault(name, province)
    for city in gazetteer.cities:
        for name in (city, city.removesuffix("市")):
            names.setdefault(name, city)
    return {name: area for name, area in names.items() if len(name) >= 2}
