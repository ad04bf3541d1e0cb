"""A paper's text split once for every extractor: sentences, URL-free text, content-word runs.

Splitting and chunking are the costly part of extraction; doing them once
per paper, here, keeps each extractor a cheap pass over ready pieces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from ..keys import GENERIC_NOUNS, STOP_WORDS, word_key
from ..records import Paper
from .names import zipf
from .repositories import mask_urls
from .sentences import Sentence, split_sentences

# A title longer than this is really a paragraph (some datasets put the text there).
MAX_TITLE_CHARS = 250

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-']*[A-Za-z0-9]|[A-Za-z]|[^\sA-Za-z]+")


Word = tuple[str, int, int, str, float]
"""A content word: (text, start, end, key, specificity). Offsets are in the sentence; key is its
stemmed lower-case form with hyphens as spaces ("Fine-tuned" -> "fine tuned"); specificity says
how unusual the word is in English (1.0 for unknown words, ~0.2 for "system"). Plain tuples:
there are millions."""


class PreparedSentence(NamedTuple):
    """One sentence of a paper's title or abstract, ready for the extractors."""

    field: str  # "title" | "abstract"
    sentence: Sentence  # text and offsets in the field, for evidence
    text: str  # the sentence with URLs blanked out (same length, same offsets)
    is_title: bool  # a real title: title-only rules apply
    index: int  # position in the paper: 0 for the title, then 1, 2, ... for abstract sentences
    runs: tuple[tuple[Word, ...], ...]  # maximal runs of content words (no stop word, no punctuation)
    # the same, where the generic nouns of keys.GENERIC_NOUNS do not end a run: the noun phrases key
    # phrases come from ("model predictive control", "state estimator")
    phrase_runs: tuple[tuple[Word, ...], ...]


@dataclass(frozen=True)
class PreparedPaper:
    paper: Paper
    sentences: tuple[PreparedSentence, ...]


def specificity(word: str) -> float:
    """How unusual a word is in English: 1.0 for unknown words, ~0.2 for "system"."""
    return _specificity_of(zipf(word.lower()))


def _specificity_of(zipf_value: float) -> float:
    return min(1.0, max(0.15, (7.0 - zipf_value) / 4.5))


@cache
def _word_list(filename: str) -> frozenset[str]:
    text = (resources.files(__package__) / "lexicons" / filename).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_verb_or_adverb(token: str) -> bool:
    """Can this word only be a verb or an adverb ("surpasses", "innovate", "mostly")? By the
    derived lists of lexicons/ (scripts/derive_vocabularies.py); names, terms, gerunds and
    participles are not."""
    # gerunds and participles act as nouns and adjectives: "stochastic pooling", "labeled data"
    return token in _word_list("verb_adverb_words.txt") and not token.endswith(("ing", "ed"))


def is_verb_form(token: str) -> bool:
    """Is this lower-case word only ever a verb or an adverb, gerunds and participles included
    ("evaluating", "surpasses")? What opens a verb phrase, not a noun phrase."""
    return token in _word_list("verb_adverb_words.txt")


@lru_cache(maxsize=200_000)
def can_head_noun_phrase(token: str) -> bool:
    """Can this word end a noun phrase: a noun, or a word the lists do not know (a name, a
    term)? Not an adjective, participle, verb or adverb alone: "robust constrained", "device known"."""
    lowered = token.lower().rsplit("-", 1)[-1]  # "multi-modal" heads as "modal" would: it does not
    return lowered not in _word_list("adjective_words.txt") and lowered not in _word_list("verb_adverb_words.txt")


def _word_info_of(token: str) -> tuple[str, float, bool] | None:
    """(key, specificity, generic) of a content word; None for a stop word, a letter, a number,
    punctuation, or a word that is only ever a verb or an adverb ("surpasses", "innovate",
    "mostly"), which no noun phrase holds. `generic`: one of keys.GENERIC_NOUNS ("model", "time")."""
    if len(token) <= 1 or not token[0].isalpha():
        return None
    lowered = token.lower()
    generic = lowered in GENERIC_NOUNS
    if not generic and (lowered in STOP_WORDS or is_verb_or_adverb(token)):
        return None
    return word_key(token), _specificity_of(zipf(lowered)), generic  # (zipf of the lower case, as specificity)


# token -> _word_info_of(token), filled as tokens are met: one dict lookup per token after that
_word_info: dict[str, tuple[str, float, bool] | None] = {}
_UNSEEN = object()


def content_runs(text: str) -> tuple[tuple[tuple[Word, ...], ...], tuple[tuple[Word, ...], ...]]:
    """Runs of content words between stop words, numbers and punctuation (RAKE-style chunks),
    and the noun-phrase runs, which the generic nouns of keys.GENERIC_NOUNS do not end."""
    phrase_runs, run = [], []
    info = _word_info
    get, add = info.get, run.append  # (bound once: this loop runs for every word of a corpus)
    generic = False  # does the sentence hold a generic noun?
    for m in _WORD_RE.finditer(text):
        w = m.group()
        known = get(w, _UNSEEN)
        if known is _UNSEEN:
            known = info[w] = _word_info_of(w)
        if known is not None:
            start = m.start()
            add((w, start, start + len(w), known[0], known[1]))
            if known[2]:
                generic = True
        elif run:
            phrase_runs.append(tuple(run))
            run = []
            add = run.append
    if run:
        phrase_runs.append(tuple(run))
    phrases = tuple(phrase_runs)
    if not generic:
        return phrases, phrases
    runs = []
    for r in phrase_runs:
        if not any(info[word[0]][2] for word in r):
            runs.append(r)
            continue
        part = []
        for word in r:  # a generic noun ends a run of names and technique phrases
            if info[word[0]][2]:
                if part:
                    runs.append(tuple(part))
                    part = []
            else:
                part.append(word)
        if part:
            runs.append(tuple(part))
    return tuple(runs), tuple(phrase_runs)


def _prepared(field: str, s: Sentence, is_title: bool, index: int) -> PreparedSentence:
    text = mask_urls(s.text)
    return PreparedSentence(field, s, text, is_title, index, *content_runs(text))


def prepare(paper: Paper) -> PreparedPaper:
    out = []
    title = paper.title
    if title and len(title) <= MAX_TITLE_CHARS:
        out.append(_prepared("title", Sentence(title, 0, len(title)), True, 0))
    elif title:
        out.extend(_prepared("title", s, False, 0) for s in split_sentences(title))
    out.extend(_prepared("abstract", s, False, i)
               for i, s in enumerate(split_sentences(paper.abstract), start=1))
    return PreparedPaper(paper, tuple(out))
