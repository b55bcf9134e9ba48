"""Infer issuer, district and document type from what a document says about itself."""

from __future__ import annotations

import re
from collections import Counter

from indexer.resources import Gazetteer

_SENTENCE_END = re.compile(r"[。；！？!?]$")
# "XX关于…", "XX印发…": the issuing body is whatever precedes these words in a title.
_TITLE_ISSUER = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,30}?)(?:总工会|人民政府|办公厅|办公室|国务院|中央军委|人大常委会|"
    r"人民代表大会常务委员会|委员会|最高人民法院|最高人民检察院|部|局|厅|委))(?:、[^关]{2,20}?)?"
    r"(?=关于|印发|转发|对|批转)"
)
# "哈尔滨市总工会", "松北区总工会", or just "市总工会"; the place part may not run across
# words such as 在/的/会 ("…主席朴逸在市总工会" must give "市总工会").
_UNION_NAME = re.compile(
    r"((?:[^\s，。、；：“”《》（）()会在的和与及对为向及]{0,6}?(?:省|市|区|县|自治区|自治州|旗))?总工会)"
)
_LAW_ISSUER = re.compile(
    # An adoption line may run the date straight into the body: "…31日绍兴市第七届…".
    r"((?<![0-9])[\u4e00-\u9fff]{2,12}?人民代表大会常务委员会|全国人民代表大会|国务院|"
    r"最高人民法院|"
    r"最高人民检察院|人力资源和社会保障部|人力资源社会保障部|劳动和社会保障部|劳动部)"
)

# Title endings -> document type; first match wins, so longer endings come first.
_TITLE_TYPES = (
    ("政府工作报告", "工作报告"),
    ("工作报告", "工作报告"),
    ("工作总结", "工作总结"),
    ("报告", "报告"),
    ("实施细则", "细则"),
    ("实施办法", "办法"),
    ("若干规定", "规定"),
    ("解释", "司法解释"),
    ("通知", "通知"),
    ("通报", "通报"),
    ("指导意见", "意见"),
    ("意见", "意见"),
    ("条例", "条例"),
    ("决定", "决定"),
    ("办法", "办法"),
    ("规定", "规定"),
    ("规则", "规则"),
    ("细则", "细则"),
    ("章程", "章程"),
    ("批复", "批复"),
    ("复函", "函"),
    ("函", "函"),
    ("答复", "答复"),
    ("请示", "请示"),
    ("纪要", "纪要"),
    ("决议", "决议"),
    ("公告", "公告"),
    ("通告", "通告"),
    ("公报", "公报"),
    ("方案", "方案"),
    ("规划", "规划"),
    ("讲话", "讲话"),
    ("综述", "新闻"),
)
# Header `kind:` values (see corpus/README.md) -> document type.
_KIND_TYPES = {
    "government_work_report": "工作报告",
    "union_work_report": "工作报告",
    "union_work_summary": "工作总结",
    "law": "法律",
    "judicial_interpretation": "司法解释",
    "department_rule": "规章",
    "case_summary": "案例",
    "union_news": "新闻",
    "government_union_news": "新闻",
    "news": "新闻",
}


def infer_title(lines: list[str]) -> str:
    """The first line that reads like a heading: not too short, not a sentence."""
    for line in lines[:15]:
        text = line.strip().lstrip("#").strip()
        if 4 <= len(text) <= 80 and not _SENTENCE_END.search(text):
            return text
    return lines[0].strip()[:80] if lines else ""


def infer_issuer(title: str, body: str, gazetteer: Gazetteer, info_block: str = "") -> str:
    """Who issued the document, from its title, its law info block or its first lines."""
    match = _TITLE_ISSUER.match(title)
    if match:
        return match.group(1)
    # A title names its issuer; running text only mentions unions, and a place the gazetteer
    # does not know is there more likely a phrase ("加大市总工会小额贷款…") than a place.
    names = [_trim_union_name(u, gazetteer) for u in _UNION_NAME.findall(title)] or [
        _trim_union_name(u, gazetteer, known_only=True) for u in _UNION_NAME.findall(body[:300])
    ]
    if names:
        issuer = _qualify_union(max(names, key=len), body, gazetteer)
        if issuer:
            return issuer
    if info_block:
        laws = _LAW_ISSUER.findall(info_block)
        if laws:
            return laws[0]
    if title.startswith("中华人民共和国") and title.endswith("法"):
        return "全国人民代表大会"
    return ""


def _trim_union_name(name: str, gazetteer: Gazetteer, known_only: bool = False) -> str:
    """Start the name at a known place ("召开哈尔滨市总工会" -> "哈尔滨市总工会"); an unknown
    prefix (any, with ``known_only``; else a long one) is more likely a phrase than a
    place, so keep only its unit ("市总工会")."""
    places = [*gazetteer.districts, *gazetteer.cities, *gazetteer.provinces]
    best = min((name.find(p) for p in places if p in name), default=-1)
    if best >= 0:
        return name[best:]
    prefix = name[: -len("总工会")]
    if not prefix or (len(prefix) <= 4 and not known_only):
        return name
    return prefix[-1] + "总工会"


def _qualify_union(name: str, body: str, gazetteer: Gazetteer) -> str:
    """A unit without its place gets the place the text is about ("市总工会" in a city
    union's own page is that city's federation), or nothing: never a bare "区总工会"."""
    if name == "市总工会":
        return most_mentioned_city(body, gazetteer) + "总工会"
    if name == "省总工会":
        return gazetteer.cities.get(most_mentioned_city(body, gazetteer), "") + "总工会"
    if name in ("区总工会", "县总工会"):
        district = _most_mentioned_district(body, gazetteer, unit=name[0])
        return district + "总工会" if district else ""
    return name


def _most_mentioned_district(text: str, gazetteer: Gazetteer, unit: str) -> str:
    counts = Counter({d: text.count(d) for d in gazetteer.districts if d.endswith(unit)})
    district, hits = counts.most_common(1)[0] if counts else ("", 0)
    return district if hits else ""


def most_mentioned_city(text: str, gazetteer: Gazetteer) -> str:
    counts = Counter()
    for city in gazetteer.cities:
        counts[city] = text.count(city[:-1])  # short form: 哈尔滨 counts 哈尔滨市 too
    city, hits = counts.most_common(1)[0] if counts else ("", 0)
    return city if hits else gazetteer.home_city


def area_of(text: str, gazetteer: Gazetteer) -> str:
    """The administrative area named at the start of ``text`` (an issuer, title, region)."""
    text = text.strip()
    if not text:
        return ""
    if text.startswith(("全国", "中华人民共和国", "中华全国", "中央", "中共中央")):
        return gazetteer.national
    if any(text.startswith(body) for body in gazetteer.national_bodies):
        return gazetteer.national
    for district, short in gazetteer.districts.items():
        home = gazetteer.home_city
        for prefix in (district, home + district, home[:-1] + district, *short_exact(short, text)):
            if text.startswith(prefix):
                return district
    for city in gazetteer.cities:
        if text.startswith((city, city[:-1])) and not text.startswith(city[:-1] + "省"):
            return city
    for province, shorts in gazetteer.provinces.items():
        if text.startswith(province) or any(text.startswith(s) for s in shorts if len(s) >= 2):
            return province
    return ""


# A place the gazetteer does not list, at the start of an issuer's name: 绍兴市人大常委会,
# 延边朝鲜族自治州人民政府, 某某县总工会.
_UNLISTED_PLACE = re.compile(
    r"^([\u4e00-\u9fff]{2,8}?(?:自治州|自治县|地区|盟|市|州|县|区))"
    r"(?=第|人民|人大|政府|总工会|工会|委员会|常务|党委|市委|办公|[\u4e00-\u9fff]*(?:局|厅|委员会|政府))"
)


def unlisted_area_of(issuer: str) -> str:
    m = _UNLISTED_PLACE.match(issuer.strip())
    return m.group(1) if m and len(m.group(1)) >= 2 else ""


def short_exact(shorts: tuple[str, ...], text: str) -> tuple[str, ...]:
    """Short district names count only when they are the whole text or followed by a unit."""
    return tuple(s for s in shorts if text == s or text.startswith(s + "总工会"))


def _rank(area: str, gazetteer: Gazetteer) -> int:
    if area in gazetteer.districts:
        return 3
    if area in gazetteer.cities:
        return 2
    if area in gazetteer.provinces:
        return 1
    return 0


def _province_of(area: str, gazetteer: Gazetteer) -> str:
    if area in gazetteer.districts:
        return gazetteer.home_province
    return gazetteer.cities.get(area, area)


# Adoption lines name issuers as 经山东省…常务委员会 or 第五届全国人民代表大会….
_ISSUER_NOISE = re.compile(r"^(?:经|由)?(?:第[一二三四五六七八九十百零〇]+届)?")


def infer_district(
    gazetteer: Gazetteer, *, issuer: str, title: str, region: str = "", body: str = ""
) -> str:
    """The most specific area among issuer, title and region that agree with each other.

    A national issuer wins outright (a 国务院 reply about Harbin is still national).  When
    nothing names an area, the place the body mentions most is used, then the home city.
    """
    issuer = _ISSUER_NOISE.sub("", issuer.strip())
    candidates = [area_of(s, gazetteer) for s in (issuer, region, title)]
    candidates = [a for a in candidates if a]
    if not candidates and (place := unlisted_area_of(issuer) or unlisted_area_of(region)):
        return place
    if candidates and candidates[0] == gazetteer.national:
        return gazetteer.national
    if candidates:
        province = _province_of(candidates[0], gazetteer)
        agreeing = [a for a in candidates if _province_of(a, gazetteer) == province]
        return max(agreeing, key=lambda a: _rank(a, gazetteer))
    return most_mentioned_city(body[:3000], gazetteer) if body else gazetteer.home_city


def infer_doc_type(title: str, kind: str = "") -> str:
    kind_key = kind.split(" ")[0].strip().lower()
    if kind_key in _KIND_TYPES:
        return _KIND_TYPES[kind_key]
    clean = re.sub(r"[（(][^）)]*[）)]$", "", title.strip())
    if re.search(r"法$", clean) and not clean.endswith(("办法", "方法", "做法", "说法")):
        return "法律"
    for ending, doc_type in _TITLE_TYPES:
        if clean.endswith(ending):
            return doc_type
    if re.search(r"(开展|举办|召开|组织|获|走访|慰问|参观)", clean):
        return "新闻"
    return "其他"
