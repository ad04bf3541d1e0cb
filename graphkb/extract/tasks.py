"""Task phrases: the problem a paper works on ("semantic segmentation", "machine translation").

A task phrase is the tail (one to three words) of a content-word run that ends
in a task noun. Papers on the same task share these phrases even when their
methods differ, which is what thematic similarity should notice first.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..keys import word_key
from .prepared import PreparedPaper
from .vocabulary import TASK_PHRASE_NOUNS

_TASK_NOUNS = frozenset(word_key(w) for w in TASK_PHRASE_NOUNS)  # as content-word keys


def task_phrases(pp: PreparedPaper) -> tuple[tuple[str, int], ...]:
    """(phrase, count) for each task phrase and its shorter tails, most frequent first."""
    counts: Counter = Counter()
    for ps in pp.sentences:
        for run in ps.runs:
            words = [w[0].lower() for w in run]
            for i, w in enumerate(run):
                if w[3] not in _TASK_NOUNS:
                    continue
                for n in (1, 2, 3):
                    if i - n + 1 >= 0:
                        counts[" ".join(words[i - n + 1:i + 1])] += 1
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class TaskExtractor:
    """Task phrases of each paper; nothing to decide across the corpus."""

    def observe(self, pp: PreparedPaper) -> tuple[tuple[str, int], ...]:
        return task_phrases(pp)

    def decide(self, observed: Sequence[tuple[tuple[str, int], ...]]) -> list[tuple[tuple[str, int], ...]]:
        return list(observed)
