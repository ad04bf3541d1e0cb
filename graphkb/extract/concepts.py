"""Key phrases of each paper, ranked: the thematic vocabulary that links papers.

Candidates are runs of content words between stop words and punctuation (as
in RAKE; generic nouns such as "model" or "state" may stand inside one, not
alone), kept whole up to five words, else as their two- and three-word
pieces. Each is scored from statistics, not a model: how often the paper
uses it, how rare it is across the corpus (document frequency) and in
English (wordfreq), where it first appears, and whether the title has it.
"""
from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..keys import GENERIC_NOUNS, word_key
from ..records import Evidence, Keyphrase
from .lexicon import Lexicon, default_lexicon
from .prepared import PreparedPaper, can_head_noun_phrase, is_verb_form

# Nouns on the stop list that a run before them modifies: "pre-trained language models".
_HEAD_AFTER_RE = re.compile(r"[ \-](?:models?|methods?|frameworks?|approach(?:es)?|tasks?|problems?)\b", re.I)

# A run right after a subject pronoun or a modal opens with a verb: "we study light-harvesting
# complexes", "it can exploit realness".
_VERB_BEFORE = frozenset({"we", "they", "can", "could", "may", "might", "will", "would", "should", "must", "cannot"})
# A run that ends in a word in -s right before a determiner ends with a verb and its object follows:
# "Scribe supports the ...", "knowledge organisation plays an ...".
_OBJECT_AFTER_RE = re.compile(r"\s+(?:a|an|the|its|their|this|these|those|our|his|her)\b", re.I)
# Adjectives that qualify a noun without naming a kind of it ("conventional methods", "suitable
# parameters", "the underlying structure"): they open no key phrase. Classifying adjectives do
# ("linear systems", "optical storage") and stay.
_QUALIFYING_ADJECTIVES = frozenset({
    "basic", "conventional", "traditional", "certain", "typical", "subsequent", "broad", "broader", "suitable",
    "sophisticated", "additional", "available", "underlying", "previous", "appropriate", "relevant", "sufficient",
    "similar", "particular", "current", "prior", "corresponding", "respective", "proper", "necessary", "useful",
    "possible", "whole", "entire", "actual", "considerable", "substantial", "remarkable", "promising",
    "interesting", "reasonable", "satisfactory", "excellent", "superior", "numerous", "usual", "ordinary",
    "desirable", "unnecessary", "insufficient", "inappropriate", "unique", "innovative", "crucial", "essential",
    "obvious", "clear", "unclear", "so-called", "detailed", "desired",
})
_LENGTH_WEIGHT = {1: 0.45, 2: 1.0, 3: 1.0, 4: 0.8, 5: 0.6}
_KEEP_CASE_RE = re.compile(r"(?:^|-)[^-][^-]*?[A-Z]|^[A-Z].*\d")  # GRPO, ResNet, Step-KTO, GPT4


@lru_cache(maxsize=200_000)
def _display(surface: str) -> str:
    """Lower case, except names and acronyms: "Skill Localization" -> "skill localization"."""
    if surface.islower():
        return surface
    return " ".join(w if _KEEP_CASE_RE.search(w) else w.lower() for w in surface.split())


_GENERIC_KEYS = frozenset(word_key(w) for w in GENERIC_NOUNS)


@lru_cache(maxsize=200_000)
def _opens_no_phrase(word: str) -> bool:
    """A word a key phrase does not start with: a verb form ("evaluating LLMs", "pick independent
    managers": their object is the phrase; but a participle in -ed describes the noun:
    "decentralized control", "manipulated variables"), or a qualifying adjective ("conventional
    methods" are methods)."""
    return (is_verb_form(word) and not word.endswith("ed")) or word.lower() in _QUALIFYING_ADJECTIVES


def _word_before(text: str, start: int) -> str:
    """The lower-cased word right before `start` (one space between), or ""."""
    if start < 2 or text[start - 1] != " ":
        return ""
    return text[text.rfind(" ", 0, start - 1) + 1:start - 1].lower()


def _ends_in_verb(run: tuple) -> bool:
    """Does the run end in a word in -s after a singular noun ("Scribe supports")? With an object
    after it, that word is a verb ("fuzzy sets", "robot arms" have none)."""
    last, before = run[-1][0], run[-2][0]
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and not before.endswith("s")


class _Phrase:
    """One candidate phrase of one paper, with its occurrences folded together."""

    __slots__ = ("surface", "count", "first_index", "in_title", "sentence", "n_words", "specificity")

    def __init__(self, surface: str, index: int, in_title: bool, sentence: int, n_words: int,
                 specificity: float):
        self.surface = surface  # as first seen: its words decide the phrase's rarity
        self.count = 1
        self.first_index = index
        self.in_title = in_title
        self.sentence = sentence  # index of the first sentence that has it, for evidence
        self.n_words = n_words
        self.specificity = specificity  # the mean of its words' (prepared.specificity)


@dataclass(frozen=True)
class PhraseObservation:
    """What one paper contributes to concept ranking: its candidate phrases, column by column
    (cheap to pickle from a worker and to turn into numpy arrays), and their sentences."""

    keys: tuple[str, ...]
    surfaces: tuple[str, ...]  # as first seen: its words decide the phrase's rarity
    counts: tuple[int, ...]
    n_words: tuple[int, ...]
    in_title: tuple[bool, ...]
    first_index: tuple[int, ...]  # index of the first sentence that has it (0 = title)
    specificity: tuple[float, ...]  # how unusual its words are in English
    sentence: tuple[int, ...]  # index in `sentences` of its evidence
    sentences: tuple[tuple[str, int, int, str], ...]  # (text, start, end, field)


# the columns of PhraseObservation that score a phrase: each one's array code as read, its numpy type
_SCORED_COLUMNS = {"counts": ("d", np.float64), "n_words": ("q", np.int64), "in_title": ("b", np.bool_),
                   "first_index": ("d", np.float64), "specificity": ("d", np.float64)}


@dataclass(frozen=True)
class PhraseFit:
    """The corpus statistics the concepts were scored with, kept so that an update scores its
    new papers against them and leaves the earlier papers' phrases as they were (see
    `ConceptExtractor.decide`): the papers counted (`extract.paper_key`), and each phrase's
    document frequency, phrases numbered in the order the corpus first used them (the order
    ties keep)."""

    papers: frozenset[str]
    numbers: dict[str, int]  # phrase key -> its number
    df: np.ndarray  # by number: papers that had the phrase


class ConceptExtractor:
    """Ranks each paper's key phrases using statistics of the whole corpus.

    `observe` reads one paper (and can run in a worker process); `decide` scores all
    papers' candidates together.
    """

    def __init__(self, top_k: int = 15, lexicon: Lexicon | None = None):
        self.top_k = top_k
        self.fit: PhraseFit | None = None  # the statistics of the last `decide`, when it counted them
        self.lexicon = lexicon or default_lexicon()

    def observe(self, pp: PreparedPaper) -> PhraseObservation:
        found: dict[str, _Phrase] = {}
        for si, ps in enumerate(pp.sentences):
            text = ps.text
            for run in ps.phrase_runs:
                # "pre-trained language models": the run is the modifier of a stop-listed noun,
                # not a phrase of its own ("pre-trained language")
                modifier = _HEAD_AFTER_RE.match(text, run[-1][2]) is not None
                if len(run) > 1 and _word_before(text, run[0][1]) in _VERB_BEFORE:
                    run = run[1:]
                if len(run) > 1 and run[-1][0][-1] == "s" and _ends_in_verb(run) \
                        and _OBJECT_AFTER_RE.match(text, run[-1][2]):
                    run = run[:-1]
                n = len(run)
                if n <= 5:  # the run whole, without what opens or ends no noun phrase
                    if modifier:
                        continue
                    a, b = 0, n
                    while b - a > 1 and _opens_no_phrase(run[a][0]):
                        a += 1
                    while b > a and not can_head_noun_phrase(run[b - 1][0]):
                        b -= 1  # a noun phrase ends in its noun: not "device known"
                    if b > a:
                        self._add(found, run if b - a == n else run[a:b], text, ps, si)
                    continue
                # longer runs: their two- and three-word pieces (word classes looked up once)
                opens = [_opens_no_phrase(w[0]) for w in run]
                heads = [can_head_noun_phrase(w[0]) for w in run]
                for k in (2, 3):
                    for a in range(n - k + 1):
                        b = a + k
                        if modifier and b == n:
                            continue
                        while b - a > 1 and opens[a]:
                            a += 1
                        while b > a and not heads[b - 1]:
                            b -= 1
                        if b - a > 1:
                            self._add(found, run[a:b], text, ps, si)
        excluded = self.lexicon.is_excluded
        # one word the paper says once, outside its title, is no theme of it; "LLMs", "NLP" are too
        # generic to be a concept
        kept = [(k, p) for k, p in found.items()
                if p.n_words > 1 or ((p.count > 1 or p.in_title) and (p.surface.islower() or not excluded(p.surface)))]
        phrases = [p for _, p in kept]
        return PhraseObservation(
            keys=tuple(k for k, _ in kept),
            surfaces=tuple(p.surface for p in phrases),
            counts=tuple(p.count for p in phrases),
            n_words=tuple(p.n_words for p in phrases),
            in_title=tuple(p.in_title for p in phrases),
            first_index=tuple(p.first_index for p in phrases),
            specificity=tuple(p.specificity for p in phrases),
            sentence=tuple(p.sentence for p in phrases),
            sentences=tuple((ps.sentence.text, ps.sentence.start, ps.sentence.end, ps.field)
                            for ps in pp.sentences),
        )

    @staticmethod
    def _add(found: dict[str, _Phrase], span: tuple, text: str, ps, si: int) -> None:
        """Count the phrase `span` (words of a run) of sentence `ps` (index si)."""
        if len(span) == 1:
            key = span[0][3]
            if key in _GENERIC_KEYS:
                return  # "model", "time": no theme of its own
        else:
            keys = [w[3] for w in span]
            if _GENERIC_KEYS.issuperset(keys):
                return  # "performance analysis"
            key = " ".join(keys)
        p = found.get(key)
        if p is None:
            found[key] = _Phrase(text[span[0][1]:span[-1][2]], ps.index, ps.is_title, si, len(span),
                                 sum([w[4] for w in span]) / len(span))
        else:
            p.count += 1
            if ps.is_title:
                p.in_title = True

    def decide(self, observed: Sequence[PhraseObservation], paper_keys: Sequence[str] | None = None,
               fit: PhraseFit | None = None) -> list[list[Keyphrase]]:
        """Each paper's `top_k` key phrases, best first (same order as `observed`).

        All candidates of the corpus are scored and sorted at once with numpy. A phrase's
        rarity (idf) counts the papers that have it. Given the `fit` of an earlier build, a
        paper it counted (by `paper_keys`) is scored with its statistics, so it keeps the
        phrases it had, and any other paper as if it alone had been added to those papers.
        Without one, the corpus is counted, and `self.fit` keeps the counts (given `paper_keys`).
        """
        out: list[list[Keyphrase]] = [[] for _ in range(len(observed))]
        self.fit = None
        # the corpus's candidates as columns, read in one pass (`observed` may unpickle each
        # paper's as it is read: extract.Unpacked)
        key_ids: dict[str, int] = dict(fit.numbers) if fit is not None else {}
        sizes, keys = array("q"), array("q")
        columns = {name: array(code) for name, (code, _) in _SCORED_COLUMNS.items()}  # raw values, no objects
        for o in observed:
            sizes.append(len(o.keys))
            keys.extend(key_ids.setdefault(k, len(key_ids)) for k in o.keys)
            for name, values in columns.items():
                values.extend(getattr(o, name))
        total = len(keys)
        if not total:
            return out
        key, per_paper = np.frombuffer(keys, np.int64), np.frombuffer(sizes, np.int64)
        paper = np.repeat(np.arange(len(per_paper)), per_paper)
        count, n_words, in_title, first, specificity = (np.frombuffer(columns[name], dtype)
                                                        for name, (_, dtype) in _SCORED_COLUMNS.items())
        if fit is None:
            n, df = len(observed), np.bincount(key, minlength=len(key_ids))
            idf = np.log(n + 1) - np.log(df + 0.5) + 1.0 if n > 1 else np.ones(len(key_ids))
            idf = idf[key]
            if paper_keys is not None:
                self.fit = PhraseFit(frozenset(paper_keys), key_ids, df.astype(np.int32))
        else:  # counted papers: the fit's statistics; others: the fit's with the paper itself added
            added = np.array([k not in fit.papers for k in paper_keys], dtype=np.int64)[paper]
            n = len(fit.papers) + added
            df = np.concatenate([fit.df, np.zeros(len(key_ids) - len(fit.df), np.int32)])[key] + added
            idf = np.where(n > 1, np.log(n + 1) - np.log(df + 0.5) + 1.0, 1.0)
        length_weight = np.array([_LENGTH_WEIGHT.get(w, 0.5) for w in range(int(n_words.max()) + 1)])
        scores = ((1.0 + np.log(count)) * idf * specificity
                  * length_weight[n_words] * np.where(in_title, 1.5, 1.0) / (1.0 + 0.1 * first))
        # by paper, then best score; ties keep the order in which the corpus first used the phrase
        order = np.lexsort((key, -scores, paper))
        starts = np.concatenate(([0], np.cumsum(per_paper)))
        rank_in_paper = np.arange(total) - starts[paper[order]]
        chosen = order[rank_in_paper < self.top_k]  # rows of every paper's top k, best first
        chosen_papers = paper[chosen]
        chosen_index = (chosen - starts[chosen_papers]).tolist()  # index within its paper
        # the chosen rows come paper by paper (`order` sorts by paper first): one more pass
        rows = zip(chosen_papers.tolist(), chosen_index, np.round(scores[chosen], 4).tolist())
        row = next(rows, None)
        for i, obs in enumerate(observed):
            if row is None:
                break
            while row is not None and row[0] == i:
                j, score = row[1], row[2]
                text, start, end, field = obs.sentences[obs.sentence[j]]
                out[i].append(Keyphrase(_display(obs.surfaces[j]), score,
                                        Evidence(text, start, end, "keyphrase", field)))
                row = next(rows, None)
        return out
