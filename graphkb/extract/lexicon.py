"""Well-known methods and benchmarks, and look-alike names that are neither (lexicons/*.txt)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..keys import entity_key
from .names import NAME_SUFFIXES, zipf


@dataclass(frozen=True)
class LexiconHit:
    surface: str  # the text as it appears in the sentence
    name: str  # the preferred name of the entity
    kind: str  # "method" | "benchmark"
    start: int
    end: int


def _entries(filename: str) -> list[list[str]]:
    text = (resources.files(__package__) / "lexicons" / filename).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            rows.append([s.strip() for s in line.split("|") if s.strip()])
    return rows


_HEAD_RE = re.compile(r"[^\W\d_]+")  # runs of letters (a word, or its leading letters)


def _head(surface: str) -> str:
    """The rarest word-start of an entry ("Pile" for "The Pile"): the sharpest pre-filter."""
    return min(_HEAD_RE.findall(surface), key=lambda w: (zipf(w.lower()), -len(w), w))


def _pattern(surfaces: list[str], flags: int) -> re.Pattern | None:
    if not surfaces:
        return None
    alternation = "|".join(re.escape(s) for s in sorted(set(surfaces), key=lambda s: (-len(s), s)))
    suffix = "|".join(NAME_SUFFIXES)
    # A whole name: not inside a longer token, though "X-based" / "X-like" still yield X,
    # and a model size "Qwen2.5-7B" yields the family "Qwen2.5".
    return re.compile(rf"(?<![\w\-.+])(?:{alternation})"
                      rf"(?=-(?:{suffix})\b|-\d+(?:\.\d+)?[BMK]\b|(?![\w+\-]|\.\d))", flags)


def _case_variants(surface: str) -> set[str]:
    """How a lower-case entry is written in prose and titles: "knowledge distillation",
    "Knowledge distillation", "Knowledge Distillation", "Chain-of-Thought Prompting"."""
    small = {"of", "and", "the", "to", "in", "for", "on", "with", "a", "an"}

    def cap(word: str, keep_small: bool) -> str:
        return "-".join(p if keep_small and p in small else p[:1].upper() + p[1:] for p in word.split("-"))
    return {surface, surface[:1].upper() + surface[1:],
            " ".join(cap(w, False) for w in surface.split()),
            " ".join(cap(w, True) for w in surface.split())}


class Lexicon:
    """Matches known names in text; `kind_of` and `is_excluded` answer by entity key.

    Entries with capitals match exactly ("MATH" but not "math"); all-lower-case
    entries match as written in prose or capitalised in titles.
    """

    def __init__(self) -> None:
        self._by_surface: dict[str, tuple[str, str]] = {}  # spelling -> (preferred name, kind)
        self._kind_by_key: dict[str, str] = {}
        self._name_by_key: dict[str, str] = {}
        for kind, filename in (("method", "methods.txt"), ("benchmark", "benchmarks.txt")):
            for spellings in _entries(filename):
                preferred = spellings[0]
                for s in spellings:
                    variants = {s} if any(c.isupper() for c in s) else _case_variants(s)
                    for v in variants:
                        self._by_surface.setdefault(v, (preferred, kind))
                    self._kind_by_key.setdefault(entity_key(s), kind)
                    self._name_by_key.setdefault(entity_key(s), preferred)
        self._excluded = {entity_key(s) for row in _entries("not_entities.txt") for s in row}
        # Spellings grouped by their rarest word, one small pattern per group: a sentence is
        # matched only against the groups whose word it contains, and most contain none.
        groups: dict[str, list[str]] = {}
        for spelling in self._by_surface:
            groups.setdefault(_head(spelling), []).append(spelling)
        self._pattern_of_head = {head: _pattern(spellings, 0) for head, spellings in groups.items()}
        self._heads = frozenset(self._pattern_of_head)

    def find(self, text: str) -> list[LexiconHit]:
        """Known names in `text`; where two overlap, the one starting first, then the longer."""
        heads = self._heads.intersection(_HEAD_RE.findall(text))
        if not heads:
            return []
        hits = []
        for head in heads:
            for m in self._pattern_of_head[head].finditer(text):
                surface = m.group(0)
                name, kind = self._by_surface[surface]
                hits.append(LexiconHit(surface, name, kind, m.start(), m.end()))
        if len(hits) < 2:
            return hits
        hits.sort(key=lambda h: (h.start, h.start - h.end))
        kept: list[LexiconHit] = []
        for h in hits:
            if not kept or h.start >= kept[-1].end:
                kept.append(h)
        return kept

    def kind_of(self, name: str) -> str | None:
        return self._kind_by_key.get(entity_key(name))

    def preferred_name(self, name: str) -> str | None:
        return self._name_by_key.get(entity_key(name))

    def is_excluded(self, name: str) -> bool:
        return entity_key(name) in self._excluded


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon()
