"""Task phrases: the problem a paper works on ("semantic segmentation", "machine translation").

A task phrase is the tail (one to three words) of a content-word run that ends
in a task noun. Papers on the same task share these phrases even when their
methods differ, which is what thematic similarity should notice first.
"""
from __future__ import annotations

from collections import Counter

from .cues import TASK_NOUNS
from .prepared import PreparedPaper, word_key

# Task nouns that name a problem (not the broader TASK_HEADS words, system, model,
# learning, analysis, ..., which end too many phrases that are not tasks)
_TASK_NOUNS = frozenset(word_key(w) for w in TASK_NOUNS | {
    "modeling", "modelling", "super-resolution", "re-identification", "reidentification"})


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
