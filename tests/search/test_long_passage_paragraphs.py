"""Issue 16: a long unit's paragraphs (search.long_passages) are found once per paragraph,
not once per match. Checked against the definition, each match's paragraph looked up on its
own (from the last line break before it), on shipped texts whose long units hold many
matches: a law of chapters whose headings match (a chapter holds its articles), a judicial
decision of long numbered parts, and reports (long sections of many paragraphs)."""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping

import pytest

from indexer.units import split_units
from search.concepts import concept_of
from search.highlight import find_marks
from search.long_passages import LONG_UNIT, bounded_passages
from search.unit_hits import span_concepts
from tests.conftest import CORPUS_DOCS
from tests.laws import SAFETY_LAW
from tests.reports import GOV_REPORT_2019, HARBIN_REPORT

# Its parts (一、修改《…》) run to several thousand characters.
DECISION = (
    "laws/judicial-interpretations/0140-最高人民法院关于修改最高人民法院关于在民事审判工作中"
    "适用中华人民共和国工会法若干问题的解释等二十七件民事类司法解释的决定.txt"
)


def _by_definition(
    body: str,
    starts: list[int],
    ends: list[int],
    marks: list[tuple[int, int]],
    found: Mapping[int, tuple[set[str], int]],
    concepts: Mapping[str, str],
) -> dict[Hashable, tuple[set[str], int]]:
    """Each match's paragraph from the last line break before it, in the unit."""
    out: dict[Hashable, tuple[set[str], int]] = {}
    for i, entry in found.items():
        start, end = starts[i], ends[i]
        if end - start <= LONG_UNIT:
            out[i] = entry
            continue
        paragraphs: dict[int, tuple[set[str], int]] = {}
        for s, e in marks:
            if not start <= s < end:
                continue
            head = body.rfind("\n", start, s) + 1 or start
            held, n = paragraphs.get(head, (set(), 0))
            held.add(concept_of(concepts, body[s:e]))
            paragraphs[head] = (held, n + 1)
        out.update((("paragraph", head), v) for head, v in paragraphs.items())
    return out


def _check(body: str, literals: list[str], concepts: dict[str, str], whole: bool = False) -> int:
    """Compares both on ``body`` (its units, or itself as one unit: ``whole``); returns
    how many paragraph entries there were."""
    units = split_units(body)
    starts, ends = [u.start for u in units], [u.end for u in units]
    if whole:
        starts, ends = [0], [len(body)]
    marks = find_marks(body, literals)
    found = span_concepts(body, starts, ends, marks, concepts)
    got = bounded_passages(body, starts, ends, marks, found, concepts)
    want = _by_definition(body, starts, ends, marks, found, concepts)
    assert list(got) == list(want)  # the same entries in the same order
    assert got == want
    return sum(isinstance(k, tuple) for k in want)


def _law_of_chapters() -> str:
    """A law of chapters, each heading naming what its articles are about, from the
    articles of the safe production law."""
    law = (CORPUS_DOCS / SAFETY_LAW).read_text(encoding="utf-8")
    articles = [u for u in split_units(law) if u.kind == "条"]
    out, numbers = [], "一二三四五"
    for k, n in enumerate(numbers):
        out.append(f"第{n}章 安全生产第{n}部分")
        out += [law[u.start : u.end].strip() for u in articles[k * 20 : (k + 1) * 20]]
    return "\n".join(out)


@pytest.mark.parametrize("rel", [None, DECISION, GOV_REPORT_2019, HARBIN_REPORT])
def test_paragraphs_of_long_units_as_defined(rel):
    body = _law_of_chapters() if rel is None else (CORPUS_DOCS / rel).read_text(encoding="utf-8")
    rng = random.Random(16)
    paragraphs = 0
    for _ in range(12):
        # The text's own two-character strings (a few common ones among them), and one
        # concept standing for two of them.
        picks = set()
        while len(picks) < 4:
            at = rng.randrange(len(body) - 2)
            piece = body[at : at + 2]
            if "\n" not in piece:
                picks.add(piece)
        literals = sorted(picks) + ["安全", "发展", "工作"]
        concepts = {w: w for w in literals}
        concepts[literals[1]] = literals[0]
        paragraphs += _check(body, literals, concepts)
    assert paragraphs > 0  # long units were judged by their paragraphs


def test_a_match_across_a_line_break_starts_its_own_paragraph():
    # 职工 书屋 matches across any separator, a line break too: the match after it is in
    # the next paragraph, which the paragraph of the match before does not reach.
    filler = "甲" * (LONG_UNIT // 2)
    body = "职工\n书屋建设。" + filler + "职工书屋。\n" + filler + "书屋职工\n书屋。"
    literals = ["职工 书屋", "书屋"]
    assert _check(body, literals, {w: w for w in literals}, whole=True) == 3
