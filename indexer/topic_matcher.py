"""Every topic's keyword occurrences in one pass over a text.

:func:`indexer.topics.evidence` states the rule one topic at a time: every occurrence of
each of the topic's keywords, then the longest first without overlaps. Applied to the
whole taxonomy that is one ``str.find`` scan of the text per keyword (207 keywords, twice
per document: title and body). :class:`TopicMatcher` finds the occurrences of all the
keywords at once with an Aho-Corasick automaton (``pyahocorasick``: a C automaton, kept up,
reporting every occurrence, overlapping ones included, as ``str.find`` in a loop does), and
then applies the same rule per topic, so the evidence and the scores are the same.
"""

from __future__ import annotations

import ahocorasick

from indexer.resources import Topic


def non_overlapping(found: list[tuple[int, int, float]]) -> list[tuple[int, float]]:
    """(position, value) of the occurrences kept: ``found`` holds (start, length, value) of
    every occurrence; at each start the longest counts, and one starting inside a kept one
    is part of it."""
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, float]] = []
    end = 0
    for start, length, value in found:
        if start >= end:
            kept.append((start, value))
            end = start + length
    return kept


class TopicMatcher:
    """The taxonomy's keywords in one automaton; built once per indexing process."""

    def __init__(self, topics: tuple[Topic, ...]):
        self.names = tuple(topic.name for topic in topics)
        # keyword -> (length, ((topic index, value of one occurrence), ...)): a keyword
        # may belong to several topics, with a weight in each.
        entries: dict[str, list[tuple[int, float]]] = {}
        for index, topic in enumerate(topics):
            for keyword, weight in topic.keywords.items():
                if keyword:
                    entries.setdefault(keyword, []).append((index, weight * len(keyword) / 2))
        self._automaton = ahocorasick.Automaton()
        for keyword, hits in entries.items():
            self._automaton.add_word(keyword, (len(keyword), tuple(hits)))
        self._empty = not entries
        if not self._empty:
            self._automaton.make_automaton()

    def evidence(self, text: str) -> dict[int, list[tuple[int, float]]]:
        """Topic index -> its kept (position, value) occurrences in ``text``, as
        :func:`indexer.topics.evidence` gives them; topics without one are left out."""
        if self._empty or not text:
            return {}
        found: dict[int, list[tuple[int, int, float]]] = {}
        for end, (length, hits) in self._automaton.iter(text):
            start = end - length + 1
            for index, value in hits:
                occurrences = found.get(index)
                if occurrences is None:
                    found[index] = [(start, length, value)]
                else:
                    occurrences.append((start, length, value))
        return {index: non_overlapping(occurrences) for index, occurrences in found.items()}
