"""Exact ties are broken by the next rule, the same in every process.

A score summed over a set of strings follows the set's order, which follows the process's
string hashing; in floating point, equal sums in exact arithmetic can then differ in the
last bit, and a tie was broken by rounding, differently in each server worker. Each test
runs the same code under several hash seeds, among them seeds under which a sum in set
order chose otherwise (found by running the old code).
"""

from __future__ import annotations

import os
import subprocess
import sys

from union_search.config import PROJECT_ROOT

SEEDS = (0, 1, 22, 23, 35, 40)


def _outputs(code: str) -> set[str]:
    outputs = set()
    for seed in SEEDS:
        run = subprocess.run(
            [sys.executable, "-c", code],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(run.stdout.strip())
    return outputs


# Two sentences whose query strings are equally rare (1 + 1 + 1/3): the tie goes to the
# one with more characters of query strings.
TIE_TEXT = "工会和职工的经费。文化宫和图书馆的经费。只说经费。"
SNIPPET_CODE = (
    "from search.highlight import snippet\n"
    f"print(snippet({TIE_TEXT!r}, ['工会', '职工', '经费', '文化宫', '图书馆'], 120, 1))\n"
)


def test_an_exact_tie_between_sentences_goes_to_the_longer_strings_in_every_process():
    assert _outputs(SNIPPET_CODE) == {
        "…<mark>文化宫</mark>和<mark>图书馆</mark>的<mark>经费</mark>。只说<mark>经费</mark>。"
    }


# Two articles holding equally weighty concepts (1 + 1 + 1/3): the tie goes to the one with
# more matches.
RANK_CODE = """
from indexer.units import Unit
from search.unit_hits import rank_units
units = [Unit(0, "条", "第一条", "a1", 0, 10), Unit(0, "条", "第二条", "a2", 10, 20)]
weights = {"工会": 1.0, "职工": 1.0, "经费": 1 / 3, "文化宫": 1.0, "图书馆": 1.0}
found = {0: ({"工会", "职工", "经费"}, 2), 1: ({"文化宫", "图书馆", "经费"}, 5)}
print([units[i].label for i, _, _ in rank_units(units, found, weights)])
"""


def test_an_exact_tie_between_articles_goes_to_more_matches_in_every_process():
    assert _outputs(RANK_CODE) == {"['第二条', '第一条']"}
