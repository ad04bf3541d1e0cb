"""Key phrases of each paper, ranked: the thematic vocabulary that links papers.

Candidates are runs of content words between stop words and punctuation (as
in RAKE), kept whole up to five words, else as their two- and three-word
pieces. Each is scored from statistics, not a model: how often the paper
uses it, how rare it is across the corpus (document frequency) and in
English (wordfreq), where it first appears, and whether the title has it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..progress import NoProgress, Progress
from ..records import Evidence, Keyphrase
from .lexicon import Lexicon, default_lexicon
from .names import is_name_token, zipf
from .prepared import STOP_WORDS, PreparedPaper, PreparedSentence

__all__ = ["ConceptExtractor", "STOP_WORDS", "phrase_key", "stem"]

_LENGTH_WEIGHT = {1: 0.55, 2: 1.0, 3: 1.0, 4: 0.8, 5: 0.6}
_SPLIT_RE = re.compile(r"[\s\-]+")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, deterministic stemmer: enough to meet plural and -ing/-ed variants."""
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ves", "f")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


@lru_cache(maxsize=200_000)
def _key(surface: str) -> str:
    return " ".join(map(stem, _SPLIT_RE.split(surface.strip("-"))))


def phrase_key(words: Sequence[str]) -> str:
    """Key under which variants of a phrase meet: case, plurals and hyphens ignored."""
    return _key(" ".join(words))


@lru_cache(maxsize=200_000)
def _specificity(surface: str) -> float:
    """Rare English words make better key phrases: 1.0 for unknown words, ~0.2 for 'system'."""
    words = surface.split()
    vals = [min(1.0, max(0.15, (7.0 - zipf(w.lower())) / 4.5)) for w in words]
    return sum(vals) / len(vals)


@lru_cache(maxsize=200_000)
def _display(surface: str) -> str:
    """Lower case, except names and acronyms: "Skill Localization" -> "skill localization"."""
    return " ".join(w if is_name_token(w) or (w.isupper() and len(w) > 1) else w.lower()
                    for w in surface.split())


class _Phrase:
    """One candidate phrase of one paper, with its occurrences folded together."""

    __slots__ = ("surface", "count", "first_index", "in_title", "evidence", "n_words")

    def __init__(self, surface: str, index: int, in_title: bool, evidence: PreparedSentence,
                 n_words: int):
        self.surface = surface  # as first seen: its words decide the phrase's rarity
        self.count = 1
        self.first_index = index
        self.in_title = in_title
        self.evidence = evidence
        self.n_words = n_words


def _phrases(pp: PreparedPaper) -> dict[str, _Phrase]:
    found: dict[str, _Phrase] = {}
    for ps in pp.sentences:
        text = ps.text
        for run in ps.runs:
            if len(run) <= 5:
                spans = (run,)
            else:
                spans = [run[i:i + n] for n in (2, 3) for i in range(len(run) - n + 1)]
            for span in spans:
                surface = text[span[0][1]:span[-1][2]]
                key = _key(surface)
                p = found.get(key)
                if p is None:
                    found[key] = _Phrase(surface, ps.index, ps.is_title, ps, len(span))
                else:
                    p.count += 1
                    p.in_title = p.in_title or ps.is_title
    return found


class ConceptExtractor:
    """Ranks each paper's key phrases using statistics of the whole corpus."""

    def __init__(self, top_k: int = 15, lexicon: Lexicon | None = None):
        self.top_k = top_k
        self.lexicon = lexicon or default_lexicon()

    def run(self, papers: Sequence[PreparedPaper], progress: Progress | None = None
            ) -> dict[str, list[Keyphrase]]:
        """Each paper's `top_k` key phrases, best first.

        Candidates are gathered per paper in Python; their scores are computed for
        the whole corpus at once with numpy (the same formula, just vectorised).
        """
        progress = progress or NoProgress()
        key_ids: dict[str, int] = {}
        surfaces: list[str] = []  # per key id: the surface first seen
        rows: list[tuple[int, int, int, int, bool, int]] = []  # paper, key id, count, words, title, first
        found_per_paper: list[list[_Phrase]] = []
        for i, pp in enumerate(papers):
            phrases = _phrases(pp)
            kept = []
            for key, p in phrases.items():
                if p.n_words == 1 and self.lexicon.is_excluded(p.surface):
                    continue  # "LLMs", "NLP": too generic to be a paper's concept
                k = key_ids.get(key)
                if k is None:
                    k = key_ids[key] = len(surfaces)
                    surfaces.append(p.surface)
                rows.append((i, k, p.count, p.n_words, p.in_title, p.first_index))
                kept.append(p)
            found_per_paper.append(kept)
            progress.advance()
        out = {pp.paper.id: [] for pp in papers}
        if not rows:
            return out
        paper, key, count, n_words, in_title, first = (np.array(c) for c in zip(*rows))
        n = len(papers)
        df = np.bincount(key, minlength=len(surfaces))
        idf = np.log(n + 1) - np.log(df + 0.5) + 1.0 if n > 1 else np.ones(len(surfaces))
        specificity = np.array([_specificity(s) for s in surfaces])
        length_weight = np.array([_LENGTH_WEIGHT.get(w, 0.5) for w in range(max(n_words) + 1)])
        scores = ((1.0 + np.log(count)) * idf[key] * specificity[key] * length_weight[n_words]
                  * np.where(in_title, 1.5, 1.0) / (1.0 + 0.1 * first))
        # ties are broken by the phrase key, so the ranking never depends on input order
        key_rank = np.empty(len(surfaces), dtype=np.int64)
        key_rank[np.argsort(np.array(list(key_ids), dtype=object), kind="stable")] = np.arange(len(surfaces))
        bounds = np.searchsorted(paper, np.arange(n + 1))
        for i, pp in enumerate(papers):
            lo, hi = bounds[i], bounds[i + 1]
            order = np.lexsort((key_rank[key[lo:hi]], -scores[lo:hi]))[: self.top_k]
            found = found_per_paper[i]
            keyphrases = []
            for j in order:
                p = found[j]
                s = p.evidence.sentence
                ev = Evidence(s.text, s.start, s.end, "keyphrase", p.evidence.field)
                keyphrases.append(Keyphrase(_display(p.surface), round(float(scores[lo + j]), 4), ev))
            out[pp.paper.id] = keyphrases
        return out
