"""bench/spelling_cases.py: the two lists drawn from the documents are what they say
(reproducible, found nowhere, one slip of a real phrase; words around a real clause
break), and their measure runs end to end on a small real index."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench import data, spelling_cases
from indexer.analysis import Analyzer, normalize
from tests.laws import LABOUR_LAW, UNION_LAW
from union_search.config import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus" / "docs"
RESOURCES = PROJECT_ROOT / "corpus"


def _one_slip(phrase: str, typed: str, kind: str) -> bool:
    if kind == "drop":
        return any(phrase[:i] + phrase[i + 1 :] == typed for i in range(len(phrase)))
    if kind == "double":
        return any(phrase[: i + 1] + phrase[i:] == typed for i in range(len(phrase)))
    differ = [i for i, (a, b) in enumerate(zip(phrase, typed, strict=False)) if a != b]
    return len(phrase) == len(typed) and len(differ) == 1


def test_lists_drawn_from_a_small_real_corpus(tmp_path: Path):
    from bench.eval import shipped_searcher

    corpus = tmp_path / "docs"
    for p in (UNION_LAW, LABOUR_LAW):
        (corpus / p).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CORPUS / p, corpus / p)
    docs = data.extract_all(corpus, RESOURCES, jobs=1)
    texts = {d.id: normalize(d.title + "\n" + d.body) for d in docs}
    analyzer = Analyzer.from_resources(RESOURCES, tmp_path / "jieba").load()
    typos, joins = spelling_cases.cases(docs, analyzer, n=12)
    assert (typos, joins) == spelling_cases.cases(docs, analyzer, n=12)  # seeded
    assert typos and joins
    for t in typos:
        assert any(t.phrase in text for text in texts.values())
        assert not any(t.typed in text for text in texts.values())
        assert _one_slip(t.phrase, t.typed, t.kind), t
    for j in joins:
        assert not any(j.typed in text for text in texts.values())
        assert j.docs == {i for i, text in texts.items() if j.spot in text} and j.docs
        breaks = [c for c in j.spot if c in spelling_cases.BREAKS]
        assert len(breaks) == 1 and j.spot.replace(breaks[0], "") == j.typed

    with shipped_searcher(corpus) as (searcher, _):
        outcomes = spelling_cases.measure(searcher, typos, joins)
    lines = spelling_cases.report_lines(outcomes)
    assert (
        f"**{outcomes.typo_rate:.2f}**" in lines[4] and f"**{outcomes.join_rate:.2f}**" in lines[5]
    )
    assert len(outcomes.typos) == len(typos) and len(outcomes.joins) == len(joins)
