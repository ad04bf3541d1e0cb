"""Well-known methods, benchmarks and tasks, and look-alike names that are neither (lexicons/*).

Two kinds of source: the lists written for graphkb (methods.txt, benchmarks.txt,
not_entities.txt: they win where sources disagree, and hold the recent names), and the
vocabularies derived from Papers with Code by scripts/derive_vocabularies.py (pwc_*.txt).
"""
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


# Which files feed each kind, ours first (an earlier file's reading of a spelling wins).
SOURCES = {"method": ("methods.txt", "pwc_methods.txt"), "benchmark": ("benchmarks.txt", "pwc_datasets.txt")}


def _read(filename: str) -> str:
    return (resources.files(__package__) / "lexicons" / filename).read_text(encoding="utf-8")


def _entries(filename: str) -> list[list[str]]:
    text = _read(filename)
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
    """The spellings of one group, longest first; where a name may end is checked apart
    (`_whole_name_at`): a pattern holding those look-arounds compiles ~10 times slower, and
    there are thousands of groups."""
    if not surfaces:
        return None
    return re.compile("|".join(re.escape(s) for s in sorted(set(surfaces), key=lambda s: (-len(s), s))), flags)


_SUFFIXES = frozenset(NAME_SUFFIXES)
_BEFORE_NAME = re.compile(r"[\w\-.+]")
# What may follow a whole name: "-based" (checked against NAME_SUFFIXES) or anything that does not
# continue the token ("Qwen2.5-7B" is a name of its own, found by the token finder).
_AFTER_NAME = re.compile(r"-([A-Za-z]+)\b(?!-)|(?![\w+\-]|\.\d)")


def _whole_name_at(text: str, start: int, end: int) -> bool:
    """Is text[start:end] a whole name, not part of a longer token?"""
    if start and _BEFORE_NAME.match(text, start - 1):
        return False
    m = _AFTER_NAME.match(text, end)
    return m is not None and (m.group(1) is None or m.group(1).lower() in _SUFFIXES)


def _case_variants(surface: str) -> set[str]:
    """How a lower-case entry is written in prose and titles: "knowledge distillation",
    "Knowledge distillation", "Knowledge Distillation", "Chain-of-Thought Prompting"."""
    small = {"of", "and", "the", "to", "in", "for", "on", "with", "a", "an"}

    def cap(word: str, keep_small: bool) -> str:
        return "-".join(p if keep_small and p in small else p[:1].upper() + p[1:] for p in word.split("-"))
    return {surface, surface[:1].upper() + surface[1:],
            " ".join(cap(w, False) for w in surface.split()),
            " ".join(cap(w, True) for w in surface.split())}


def _is_phrase(spelling: str) -> bool:
    return spelling.islower() and any(c in spelling for c in " -")

# "Market-1501" is also written "Market 1501"; "CNN/Daily Mail" also "CNN and Daily Mail".
_HYPHEN_NUMBER_RE = re.compile(r"(?<=[A-Za-z])-(?=\d+(?:\.\d+)?$)")
_SLASH_RE = re.compile(r"\s*/\s*")


def _written_variants(spelling: str) -> set[str]:
    """How a capitalised spelling is also written in prose: a hyphen before its final number as
    a space ("Market-1501", "Market 1501"), a slash between two names as "and" or "&"."""
    out = {spelling}
    if _HYPHEN_NUMBER_RE.search(spelling):
        out.add(_HYPHEN_NUMBER_RE.sub(" ", spelling))
    parts = _SLASH_RE.split(spelling)
    if len(parts) == 2 and all(len(p) > 1 and p[:1].isupper() for p in parts):
        out |= {f"{parts[0]} and {parts[1]}", f"{parts[0]} & {parts[1]}"}
    return out


def _letters(spelling: str) -> str:
    """The letters and digits of a spelling as cased, but its first ("Mini-ImageNet", "miniImageNet")."""
    letters = re.sub(r"[\W_]+", "", spelling)
    return letters[:1].lower() + letters[1:]


def _any_case_is_safe(spelling: str) -> bool:
    """Can a name be matched in any case without meeting ordinary words? Yes if it holds a digit
    and three letters ("Text8", "CIFAR-10") or is several words one of which is rare ("Penn
    Treebank"); not a plain word ("MATH", "Adam") nor common words ("Natural Questions")."""
    words = _HEAD_RE.findall(spelling)
    if any(c.isdigit() for c in spelling):
        return sum(len(w) for w in words) >= 3
    return len(words) >= 2 and " " in spelling.strip() and min(zipf(w.lower()) for w in words) < 2.5


class _SpellingIndex:
    """Spellings grouped by their rarest word, one small pattern per group: a sentence is matched
    only against the groups whose word it contains, and most contain none. A group's pattern is
    compiled when a text first holds its word: compiling all ~8,000 at start took 0.9 s of every
    process that extracts, and 4,000 papers meet about 560 of them."""

    def __init__(self, entries: dict[str, tuple[str, str]], case_sensitive: bool) -> None:
        self.entries = entries  # spelling (lower-cased if not case-sensitive) -> (preferred name, kind)
        self.case_sensitive = case_sensitive
        groups: dict[str, list[str]] = {}
        for spelling in entries:
            groups.setdefault(_head(spelling), []).append(spelling)
        self.spellings_of_head = groups
        self._flags = 0 if case_sensitive else re.IGNORECASE
        self._pattern_of_head: dict[str, re.Pattern] = {}
        self.heads = frozenset(groups)

    def _pattern_for(self, head: str) -> re.Pattern:
        pattern = self._pattern_of_head.get(head)
        if pattern is None:
            pattern = self._pattern_of_head[head] = _pattern(self.spellings_of_head[head], self._flags)
        return pattern

    def find(self, text: str, words: list[str]) -> list[LexiconHit]:
        """Known names in `text`, whose word runs (`_HEAD_RE`) are `words`; overlaps are left."""
        if self.case_sensitive:
            heads = self.heads.intersection(words)
        elif text.isascii():  # lower-casing ASCII changes no word's bounds
            heads = self.heads.intersection([w.lower() for w in words])
        else:
            heads = self.heads.intersection(_HEAD_RE.findall(text.lower()))
        hits = []
        for head in heads:
            pattern = self._pattern_for(head)
            m = pattern.search(text)
            while m is not None:
                start, surface = m.start(), self._longest_whole_name(text, m, head)
                if surface:
                    name, kind = self.entries[surface if self.case_sensitive else surface.lower()]
                    hits.append(LexiconHit(surface, name, kind, start, start + len(surface)))
                m = pattern.search(text, start + max(1, len(surface or "")))
        return hits

    def _longest_whole_name(self, text: str, m: re.Match, head: str) -> str | None:
        """The longest spelling found at m.start() that is a whole name there, as written in `text`."""
        start = m.start()
        if _whole_name_at(text, start, m.end()):
            return m.group(0)
        compared = text if self.case_sensitive else text.lower()
        for spelling in sorted(self.spellings_of_head[head], key=len, reverse=True):
            if len(spelling) < len(m.group(0)) and compared.startswith(spelling, start) \
                    and _whole_name_at(text, start, start + len(spelling)):
                return text[start:start + len(spelling)]
        return None


class Lexicon:
    """Matches known names in text; `kind_of` and `is_excluded` answer by entity key.

    Entries with capitals match exactly ("MATH" but not "math"); all-lower-case
    entries match as written in prose or capitalised in titles.
    """

    def __init__(self, sources: dict[str, tuple[str, ...]] = SOURCES) -> None:
        self._by_surface: dict[str, tuple[str, str]] = {}  # spelling -> (preferred name, kind)
        self._kind_by_key: dict[str, str] = {}
        self._name_by_key: dict[str, str] = {}
        self._letters_by_key: dict[str, set[str]] = {}  # each spelling's letters and digits, as cased
        any_case: dict[str, tuple[str, str]] = {}  # lower-cased spelling -> (preferred name, kind)
        files = [(kind, f) for kind, names in sources.items() for f in names]
        files.sort(key=lambda kf: kf[1].startswith("pwc_"))  # all of ours before any derived list
        ours: set[str] = set()
        self._derived: set[str] = set()  # keys known only from a derived (PwC) list
        for kind, filename in files:
            for spellings in _entries(filename):
                preferred = spellings[0]
                for s in spellings:
                    (self._derived if filename.startswith("pwc_") else ours).add(entity_key(s))
                    variants = _written_variants(s) if any(c.isupper() for c in s) else _case_variants(s)
                    for v in variants:
                        self._by_surface.setdefault(v, (preferred, kind))
                        if _any_case_is_safe(v):
                            any_case.setdefault(v.lower(), (preferred, kind))
                    self._kind_by_key.setdefault(entity_key(s), kind)
                    self._name_by_key.setdefault(entity_key(s), preferred)
                    self._letters_by_key.setdefault(entity_key(s), set()).add(_letters(s))
        self._derived -= ours
        # our entries with a lower-case multi-word spelling: families of techniques, not one
        # paper's name (chain-of-thought prompting, RLHF | reinforcement learning from human feedback)
        self._families = {entity_key(s) for f in SOURCES["method"] if not f.startswith("pwc_")
                          for row in _entries(f) if any(_is_phrase(x) for x in row) for s in row}
        self._excluded = {entity_key(s) for row in _entries("not_entities.txt") for s in row}
        self._task_by_key: dict[str, str] = {}
        for row in _entries("pwc_tasks.txt"):
            self._task_by_key.setdefault(entity_key(row[0]), row[0])
        # method -> title of the paper that introduced it (PwC), by entity key
        self._paper_by_key = {entity_key(name): title for name, title in (
            line.split("\t", 1) for line in _read("pwc_method_papers.tsv").splitlines()
            if "\t" in line and not line.startswith("#"))}
        self._as_written = _SpellingIndex(self._by_surface, case_sensitive=True)
        # names with a digit or a rare word mean the same in any case: "text8", "Penn TreeBank"
        self._any_case = _SpellingIndex({s: v for s, v in any_case.items() if s not in self._by_surface},
                                        case_sensitive=False)

    def find(self, text: str) -> list[LexiconHit]:
        """Known names in `text`; where two overlap, the one starting first, then the longer."""
        words = _HEAD_RE.findall(text)
        hits = self._as_written.find(text, words) + self._any_case.find(text, words)
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

    def kind_of_token(self, token: str) -> str | None:
        """The kind of a name-shaped token, if it is a known name as the vocabulary writes it
        (hyphens and spaces aside), or in another case if English has no such word: "Caffe"
        (a word) is not the dataset "CaFFe", "Procgen" (none) is "ProcGen"."""
        key = entity_key(token)
        kind = self._kind_by_key.get(key)
        if kind is None or key not in self._derived or _letters(token) in self._letters_by_key[key] \
                or zipf(token) == 0:
            return kind
        return None

    def preferred_name(self, name: str) -> str | None:
        return self._name_by_key.get(entity_key(name))

    def is_excluded(self, name: str) -> bool:
        return entity_key(name) in self._excluded

    def is_derived(self, name: str) -> bool:
        """Known only from a derived vocabulary: its kind there is a vote, not a verdict
        (PwC files agents and toolkits among datasets)."""
        return entity_key(name) in self._derived

    def is_family(self, name: str) -> bool:
        """A family of techniques (knowledge distillation, RLHF, GAN): used, never one paper's name."""
        return entity_key(name) in self._families

    def is_task(self, name: str) -> bool:
        """A task of the field ("Question Answering", "semantic segmentation"): never proposed."""
        return entity_key(name) in self._task_by_key

    def task_name(self, name: str) -> str | None:
        """The vocabulary's spelling of a task ("semantic segmentation" -> "Semantic Segmentation")."""
        return self._task_by_key.get(entity_key(name))

    def introducing_paper(self, name: str) -> str | None:
        """The title of the paper that introduced a known method, if the vocabulary says."""
        return self._paper_by_key.get(entity_key(name))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon()
