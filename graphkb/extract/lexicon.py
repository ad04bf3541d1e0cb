"""Well-known methods and benchmarks, and look-alike names that are neither (lexicons/*.txt)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .names import NAME_SUFFIXES, entity_key, zipf


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


_HEAD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]+")  # the leading letters of each word


def _head(surface: str) -> str:
    """The rarest word-start of an entry ("Pile" for "The Pile"): the sharpest pre-filter."""
    return min(_HEAD_RE.findall(surface), key=lambda w: (zipf(w.lower()), -len(w), w))


def _pattern(surfaces: list[str], flags: int) -> re.Pattern | None:
    if not surfaces:
        return None
    alternation = "|".join(re.escape(s) for s in sorted(set(surfaces), key=len, reverse=True))
    suffix = "|".join(NAME_SUFFIXES)
    # A whole name: not inside a longer token, though "X-based" / "X-like" still yield X,
    # and a model size "Qwen2.5-7B" yields the family "Qwen2.5".
    return re.compile(rf"(?<![\w\-.+])(?:{alternation})"
                      rf"(?=-(?:{suffix})\b|-\d+(?:\.\d+)?[BMK]\b|(?![\w+\-]|\.\d))", flags)


class Lexicon:
    """Matches known names in text; `kind_of` and `is_excluded` answer by entity key."""

    def __init__(self) -> None:
        self._by_surface: dict[str, tuple[str, str]] = {}  # surface (lowered if caseless) -> (name, kind)
        self._kind_by_key: dict[str, str] = {}
        self._name_by_key: dict[str, str] = {}
        exact, caseless = [], []
        for kind, filename in (("method", "methods.txt"), ("benchmark", "benchmarks.txt")):
            for spellings in _entries(filename):
                preferred = spellings[0]
                for s in spellings:
                    if any(c.isupper() for c in s):
                        exact.append(s)
                        self._by_surface[s] = (preferred, kind)
                    else:
                        caseless.append(s)
                        self._by_surface[s.lower()] = (preferred, kind)
                    self._kind_by_key.setdefault(entity_key(s), kind)
                    self._name_by_key.setdefault(entity_key(s), preferred)
        self._excluded = {entity_key(s) for row in _entries("not_entities.txt") for s in row}
        self._exact = _pattern(exact, 0)
        self._caseless = _pattern(caseless, re.I)
        # Leading letters of every entry: a sentence without any of them cannot match, and
        # most sentences have none, so the big patterns run only where they can succeed.
        self._exact_heads = frozenset(_head(s) for s in exact)
        self._caseless_heads = frozenset(_head(s).lower() for s in caseless)

    def find(self, text: str) -> list[LexiconHit]:
        """Known names in `text`, longest first where two overlap."""
        heads = set(_HEAD_RE.findall(text))
        hits = []
        for pattern, lower in ((self._exact, False), (self._caseless, True)):
            if pattern is None:
                continue
            if lower:
                if self._caseless_heads.isdisjoint({h.lower() for h in heads}):
                    continue
            elif self._exact_heads.isdisjoint(heads):
                continue
            for m in pattern.finditer(text):
                surface = m.group(0)
                name, kind = self._by_surface[surface.lower() if lower else surface]
                hits.append(LexiconHit(surface, name, kind, m.start(), m.end()))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept, last_end = [], -1
        for h in hits:
            if h.start >= last_end:
                kept.append(h)
                last_end = h.end
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
