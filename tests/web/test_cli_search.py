"""Issue 11, twenty-first round: `union-search search` prints the JSON API's own hit record
and the page's notices, takes the export command's filters, parsed by the API's parser;
and a hit's link to its document page carries what the page needs to mark what the
search's hits mark (the match mode and the spelling choice). The shipped index."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from click.testing import CliRunner

from search import FACETS
from tests.web.conftest import parse
from union_search.cli import main

COAL = "举报小煤矿违法生产 查实了给奖金吗 给多少"  # relaxed: 未包含 and per-hit `missing`
TYPO = "公会法"  # run as its correction 工会法
SPACED = "平台经济"  # typed as written; its words in any order find more


def cli(index, *args: str):
    result = CliRunner().invoke(main, [*args, "--index", str(index.index_dir)])
    return result


def cli_search(index, *args: str) -> tuple[list[dict], list[str]]:
    """The records on stdout and the lines on stderr of a successful search, but for the
    facet counts (``cli_facets``)."""
    result = cli(index, "search", *args)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return records, [line for line in result.stderr.splitlines() if not line.startswith(LABELS)]


# The facets' lines start with the page's headings (checked against the page below).
LABELS = tuple(f.label + "：" for f in FACETS)


def api(client, **params) -> dict:
    resp = client.get("/api/search?" + urlencode(params, doseq=True))
    return resp.get_json()


def page_text(client, **params) -> str:
    html = client.get("/search?" + urlencode(params, doseq=True)).get_data(as_text=True)
    return " ".join(parse(html).text_content().split())


def test_a_relaxed_question_prints_the_api_records_and_the_page_notices(shipped_index, client):
    records, err = cli_search(shipped_index, COAL)
    body = api(client, q=COAL)
    # The API's own records, field for field: `missing`, the articles, the level, the link.
    assert records == body["hits"]
    assert any(r["missing"] for r in records)
    assert [r["missing"] for r in records] == [h["missing"] for h in body["hits"]]
    assert err[0].startswith(f"{body['total']} hits")
    assert "未包含：" + "、".join(body["relaxed"]["dropped"]) in err
    page = page_text(client, q=COAL)
    for line in err[1:]:
        assert line in page  # the page's words (a relaxed result has no link notices)


@pytest.mark.parametrize(
    "options, params",
    [
        (
            ["--district", "河南省", "--year-from", "2015"],
            {"district": "河南省", "year_from": 2015},
        ),
        (["--year", "２０１９年", "--sort", "oldest"], {"year": "２０１９年", "sort": "oldest"}),
        (
            ["--topic", "女职工权益", "--doc-type", "条例"],
            {"topic": "女职工权益", "doc_type": "条例"},
        ),
    ],
)
def test_a_filter_narrows_as_the_api_does(shipped_index, client, options, params):
    everything, _ = cli_search(shipped_index, "工会", "--limit", "50")
    records, err = cli_search(shipped_index, "工会", "--limit", "50", *options)
    body = api(client, q="工会", per_page=50, **params)
    assert records == body["hits"]
    assert err[0].startswith(f"{body['total']} hits")
    assert 0 < len(records) < len(everything)


@pytest.mark.parametrize(
    "options, params",
    [
        (["--match", "any_order"], {"match": "any_order"}),
        (["--spelling", "off"], {"spelling": "off"}),
    ],
)
def test_the_match_mode_and_spelling_choice_are_the_apis(shipped_index, client, options, params):
    for q in (TYPO, SPACED):
        records, _ = cli_search(shipped_index, q, *options)
        assert records == api(client, q=q, **params)["hits"]


def test_a_correction_and_the_looser_set_are_said_in_the_pages_words(shipped_index, client):
    _, err = cli_search(shipped_index, TYPO)
    body = api(client, q=TYPO)
    assert body["corrected"]["q"] == "工会法"
    said = [line for line in err if line.startswith("已显示")]
    assert said == ["已显示“工会法”的结果 · 仍然搜索“公会法”：--spelling off"]
    for q, options in ((TYPO, []), (SPACED, []), (SPACED, ["--match", "any_order"])):
        _, err = cli_search(shipped_index, q, *options)
        page = page_text(client, q=q, **({"match": "any_order"} if options else {}))
        assert len(err) > 1
        for line in err[1:]:
            # The page's words; where the page has a link, the CLI names its option.
            assert re.sub(r"：--\w+ \w+$", "", line) in page, line


@pytest.mark.parametrize(
    "command, options, query",
    [
        ("search", ["--year", "abc"], "year=abc"),
        ("search", ["--year-to", "1e3"], "year_to=1e3"),
        ("search", ["--match", "loose"], "match=loose"),
        ("search", ["--spelling", "maybe"], "spelling=maybe"),
        ("search", ["--sort", "best"], "sort=best"),
        ("search", ["--limit", "0"], "per_page=0"),
        ("export", ["--year", "abc"], "year=abc"),
        ("export", ["--match", "loose"], "match=loose"),
    ],
)
def test_a_bad_value_is_the_apis_error(shipped_index, client, command, options, query):
    args = ["search", "工会"] if command == "export" else ["工会"]
    result = cli(shipped_index, command, *args, *options)
    resp = client.get("/api/search?q=" + quote("工会") + "&" + query)
    assert resp.status_code == 400
    error = resp.get_json()["error"]
    assert result.exit_code == 1
    assert result.stderr.strip() == f"union-search {command}: {error['code']}: {error['message']}"


def test_the_export_takes_the_match_mode_and_spelling_choice(shipped_index, client):
    counts = {}
    for params in ({}, {"match": "any_order"}, {"spelling": "off"}):
        options = [f"--{name}={value}" for name, value in params.items()]
        result = cli(shipped_index, "export", "search", SPACED, "--format", "jsonl", *options)
        assert result.exit_code == 0, result.stderr
        ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
        body = api(client, q=SPACED, per_page=100, **params)
        assert ids[: len(body["hits"])] == [h["id"] for h in body["hits"]]
        assert len(ids) == body["total"]
        counts[tuple(params)] = len(ids)
    assert counts[()] < counts[("match",)]  # the looser set is larger


# -- the link from a hit to its document page ------------------------------------------


def hit_links(client, **params) -> list[tuple[str, set[str]]]:
    """(link, the words marked in the hit's title and snippet) of each hit of the page."""
    html = client.get("/search?" + urlencode(params)).get_data(as_text=True)
    out = []
    for item in parse(html).xpath('//li[@class="hit"]'):
        link = item.xpath('.//h3[@class="hit-title"]/a/@href')[0]
        marks = {m.text_content() for m in item.xpath(".//mark")}
        out.append((link, marks))
    return out


def document_marks(client, url: str) -> set[str]:
    html = client.get(url).get_data(as_text=True)
    tree = parse(html)
    body = '//*[contains(concat(" ", @class, " "), " doc-body ")]//mark'
    return {m.text_content() for m in tree.xpath(body + " | //h1//mark")}


@pytest.mark.parametrize(
    "params, run, before",
    [
        # The page marks what the search ran (工会法), not the typed words' fallback.
        ({"q": TYPO}, {"q": "工会法", "spelling": "off"}, {"q": TYPO, "spelling": "off"}),
        # Searched as typed when asked: the link says so.
        ({"q": TYPO, "spelling": "off"}, {"q": TYPO, "spelling": "off"}, {"q": TYPO}),
        # Its words anywhere: the page marks 平台 and 经济 apart as the hits do.
        ({"q": SPACED, "match": "any_order"}, {"q": SPACED, "match": "any_order"}, {"q": SPACED}),
        # The filters too (a correction is used when it finds enough documents within them);
        # not the order.
        (
            {"q": TYPO, "district": "全国", "sort": "newest"},
            {"q": "工会法", "spelling": "off", "district": "全国"},
            {"q": TYPO, "spelling": "off", "district": "全国"},
        ),
    ],
)
def test_the_document_page_marks_what_the_hit_marked(client, params, run, before):
    links = hit_links(client, **params)
    assert links
    for link, marks in links[:5]:
        carried = dict(parse_qsl(urlsplit(link).query))
        assert carried == {k: v for k, v in params.items() if k != "sort"}
        shown = document_marks(client, link)
        assert marks <= shown
        # The marks of the document page of the query the search ran...
        path = urlsplit(link).path
        assert shown == document_marks(client, path + "?" + urlencode(run))
    if params["q"] == TYPO and "spelling" not in params:
        # It says which words it marks (the ones the search ran), and leads back to the
        # same search, filters included.
        tree = parse(client.get(links[0][0]).get_data(as_text=True))
        said = tree.xpath('//p[@class="match-count"]')[0].text_content()
        assert said.startswith("“工会法”在本文中共有")
        back = tree.xpath('//p[@class="back"]/a/@href')[0]
        assert dict(parse_qsl(urlsplit(back).query)) == carried
    # ...which the page does not give without what the link carries (or, for a
    # correction, without running the correction: the page before this round).
    assert document_marks(client, path + "?" + urlencode(before)) != shown


def test_the_document_page_refuses_a_bad_mode_as_the_search_does(client):
    resp = client.get("/doc/x?q=" + quote(TYPO) + "&match=loose")
    assert resp.status_code == 400
    assert "bad_match" in resp.get_data(as_text=True)


def printed_facet(line: str) -> list[tuple[int, bool, str, int]]:
    """A facet's line read back: (depth, selected, value, count) in order, a value's
    parts being in brackets after it."""
    values, depth = [], 0
    listed = line.split("：", 1)[1]
    others = re.search(r"，另有 (\d+) 个$", listed)
    listed = listed[: others.start()] if others else listed
    for token in re.findall(r"[（）、]|[^（）、]+", listed):
        if token == "（":
            depth += 1
        elif token == "）":
            depth -= 1
        elif token != "、":
            value, count = token.rsplit(" ", 1)
            selected = value.startswith("✓")
            values.append((depth, selected, value.removeprefix("✓"), int(count.removesuffix("篇"))))
    assert depth == 0
    return values, int(others.group(1)) if others else 0


@pytest.mark.parametrize(
    "options, params", [([], {}), (["--district", "河南省"], {"district": "河南省"})]
)
def test_the_facet_counts_follow_the_hits(shipped_index, client, options, params):
    result = cli(shipped_index, "search", "工会", "--limit", "3", *options)
    assert result.exit_code == 0, result.stderr
    body = api(client, q="工会", per_page=3, **params)
    sections = parse(client.get("/search?" + urlencode({"q": "工会", **params})).data).xpath(
        "//section[@class='facet']"
    )
    headings = [" ".join(section.xpath("./h3")[0].text_content().split()) for section in sections]
    # What the page lists before its "更多" disclosure, and how many values are behind it.
    shown = [len(section.xpath("./ul/li")) for section in sections]
    more = [len(section.xpath("./details/ul/li")) for section in sections]
    lines = [line for line in result.stderr.splitlines() if line.startswith(LABELS)]
    # One line per facet with values, in the page's order and under its headings.
    assert [line.split("：", 1)[0] for line in lines] == [
        h for h, f in zip(headings, FACETS, strict=True) if body["facets"][f.name]
    ]
    assert len(lines) >= 5
    with_values = [f for f in FACETS if body["facets"][f.name]]
    assert sum(more) > 0  # some facet lists values behind "更多" (地区 has 33)
    for line, facet, n, behind in zip(lines, with_values, shown, more, strict=True):
        values = [
            (v["depth"], v["selected"], str(v["value"]), v["count"])
            for v in body["facets"][facet.name]
        ]
        # The page's first values, then a chosen one from behind "更多", then the others' count.
        chosen = [v for v in values[n:] if v[1]]
        assert printed_facet(line) == (values[:n] + chosen, behind - len(chosen)), facet.name
    district = next(line for line in lines if line.startswith("地区："))
    assert re.search(r"河南省 \d+篇（郑州市 \d+篇", district)
    assert ("✓河南省" in district) == bool(params)
    # After the hits, on a terminal.
    output = result.output.splitlines()
    last_hit = max(i for i, line in enumerate(output) if line.startswith("{"))
    assert output.index(lines[0]) > last_hit


def test_a_citation_prints_the_pages_answer_box(shipped_index, client):
    q = "劳动法第四十四条"
    _, err = cli_search(shipped_index, q)
    answer = api(client, q=q)["answer"]
    assert answer["found"]
    head = f"《{answer['title']}》{answer['article']}"
    start = err.index(f"{head} {answer['url']}")
    text = [line for line in answer["text"].split("\n") if line.strip()]
    assert len(text) == 4  # the article's first paragraph and its three items
    assert err[start + 1 : start + 2 + len(text)] == [
        f"{answer['date']} {answer['status']}",
        *text,
    ]
    page = page_text(client, q=q)
    for line in [head, *text]:
        assert " ".join(line.split()) in page

    q = "劳动法第九百条"
    _, err = cli_search(shipped_index, q)
    answer = api(client, q=q)["answer"]
    assert not answer["found"]
    start = err.index(answer["message"])
    url = answer["url"]
    assert err[start + 1] == f"查的是《{answer['title']}》（{answer['date']}） {url}"
    assert answer["message"] in page_text(client, q=q)

    _, err = cli_search(shipped_index, "工会")
    assert not any(line.startswith("《") for line in err)  # no citation, no answer box


@pytest.mark.parametrize("args", [["search", "工会"], ["export", "search", "工会"]])
def test_no_index_yet_is_one_line_saying_what_to_run(tmp_path, args):
    result = CliRunner().invoke(main, [*args, "--index", str(tmp_path / "index")])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1
    assert "run `union-search reindex` first" in result.output
