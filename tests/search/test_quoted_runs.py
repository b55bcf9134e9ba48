"""A quoted string that crosses punctuation is found wherever it occurs (Ctrl-F), also when
its last part is one character that begins a longer run in the document ("情况，合" inside
"情况，合理")."""

from __future__ import annotations

import re

import pytest

from indexer.analysis import normalize
from tests.search.conftest import all_ids, contains

# Two Chinese characters, a comma, then the first character of a run of at least two.
CROSSING = re.compile(r"[\u4e00-\u9fff]{2}[，、；][\u4e00-\u9fff](?=[\u4e00-\u9fff])")


@pytest.fixture(scope="module")
def crossing_literals(all_documents) -> list[str]:
    """Strings of that shape taken from the texts, a few per document kind, deterministic."""
    seen: dict[str, None] = {}
    for doc in sorted(all_documents, key=lambda d: d.id)[::7]:
        for m in CROSSING.finditer(doc.text):
            seen.setdefault(m.group(), None)
            if len(seen) % 5 == 0:
                break
        if len(seen) >= 20:
            break
    assert len(seen) >= 10, "the corpus should offer strings of this shape"
    return list(seen)


def test_quoted_string_ending_inside_a_run_is_found(
    shipped_searcher, all_documents, crossing_literals
):
    for literal in crossing_literals:
        expected = {d.id for d in all_documents if contains(d, literal)}
        assert expected, literal
        found = set(all_ids(shipped_searcher, q=f'"{literal}"'))
        assert expected <= found, (literal, sorted(expected - found))
        # The index keeps runs, not the punctuation between them: the same runs with
        # another separator match too (README, "Questions and everyday wording"), and
        # nothing else does.
        runs = re.split(r"\W+", normalize(literal))
        loose = re.compile(r"\W+".join(map(re.escape, runs)))
        by_runs = {d.id for d in all_documents if loose.search(normalize(d.title + "\n" + d.text))}
        assert found == by_runs, (literal, sorted(found ^ by_runs))
