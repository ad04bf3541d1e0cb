"""Keys and word lists shared by every stage: how names, phrases and words compare, and the stop words.

Extraction, linking, the views and the exports all need to agree on when two
spellings are the same name (`entity_key`), the same phrase (`phrase_key`) or
the same word (`word_key`), on which words carry no meaning (`STOP_WORDS`), and
on what to call a node (`display_name`); they import it from here, below them all.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

_KEY_WORD_RE = re.compile(r"[0-9a-z∞ψ]+(?:\.[0-9]+)*")


@lru_cache(maxsize=200_000)
def entity_key(name: str) -> str:
    """The key under which spellings of one name meet: case, spaces, hyphens and a plural -s ignored."""
    if name.isascii():  # the common case: nothing to decompose
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = _KEY_WORD_RE.findall(text)
    if not words:
        return text.strip()
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is", "ics")):
        words[-1] = last[:-1]
    elif len(last) > 1 and last.endswith("s") and name.rstrip()[-1] == "s" and name.rstrip()[-2:-1].isupper():
        words[-1] = last[:-1]  # LLMs, GANs
    return "".join(words)


def stem(word: str) -> str:
    """A light, deterministic stemmer: enough to meet plural and -ing/-ed variants."""
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ves", "f")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def word_key(word: str) -> str:
    """The stemmed key of one word, hyphen parts separated: "Fine-tuned" -> "fine tuned"."""
    if "-" not in word:  # most words: one part
        return stem(word)
    return " ".join(stem(part) for part in word.split("-") if part)


_SPLIT_RE = re.compile(r"[\s\-]+")


def phrase_key(words: Sequence[str]) -> str:
    """Key under which variants of a phrase meet: case, plurals and hyphens ignored."""
    return " ".join(word_key(w) for w in _SPLIT_RE.split(" ".join(words)) if w)


# Words that end a content-word run besides the usual stop words: the verbs and
# fillers of scientific prose ("we propose", "results show") that never head a phrase.
DISCOURSE_WORDS = frozenset({
    "propose", "proposes", "proposed", "proposing", "present", "presents", "presented", "introduce",
    "introduces", "introduced", "show", "shows", "showed", "shown", "demonstrate", "demonstrates",
    "demonstrated", "use", "uses", "used", "using", "based", "achieve", "achieves", "achieved",
    "achieving", "improve", "improves", "improved", "improving", "provide", "provides", "provided",
    "paper", "study", "work", "works", "also", "however", "thus", "therefore", "furthermore",
    "moreover", "new", "novel", "existing", "recent", "recently", "various", "different", "several",
    "significant", "significantly", "effective", "effectively", "efficient", "efficiently", "state",
    "art", "results", "result", "experiments", "experimental", "extensive", "able", "enable",
    "enables", "allow", "allows", "make", "makes", "made", "including", "include", "includes",
    "given", "called", "named", "respectively", "et", "al", "etc", "via", "within",
    "across", "without", "yet", "still", "often", "typically", "usually", "especially", "particularly",
    "highly", "widely", "simple", "simply", "strong", "stronger", "better", "best", "good", "high",
    "higher", "large", "larger", "small", "smaller", "main", "key", "important", "first", "second",
    "finally", "specifically", "additionally", "overall", "approach", "approaches", "method",
    "methods", "framework", "problem", "problems", "task", "tasks", "model", "models", "performance",
    "outperforms", "outperform", "outperforming", "compared", "comparable", "aims", "aim",
    "address", "addresses", "challenging", "challenge", "challenges", "despite", "due", "remains",
    "leads", "lead", "leading", "require", "requires", "required", "need", "needs", "way", "ways",
    "apply", "applied", "applies", "consider", "considered", "obtain", "obtained", "perform",
    "performed", "performs", "evaluate", "evaluated", "evaluation", "develop", "developed", "design",
    "designed", "help", "helps", "ability", "abilities", "capability", "capabilities", "potential",
    "time", "times", "number", "numbers", "set", "sets", "terms", "term", "order", "case", "cases",
    "lot", "lots", "kind", "kinds", "type", "types", "level", "levels", "range", "wide", "variety",
    "novelty", "like", "unlike", "findings", "insights", "analysis", "benefit", "benefits",
})
# The nouns among them: said alone they carry no theme ("our model", "this problem"), but inside
# a noun phrase they are part of the term ("model predictive control", "time series", "state
# estimator", "principal component analysis"). Key phrases may hold them; names never start there.
GENERIC_NOUNS = frozenset({
    "model", "models", "method", "methods", "approach", "approaches", "framework", "problem", "problems",
    "analysis", "design", "time", "times", "performance", "state", "type", "types", "order", "set", "sets",
    "level", "levels", "range", "number", "numbers", "case", "cases", "kind", "kinds", "term", "terms",
    "work", "works",
})
assert GENERIC_NOUNS <= DISCOURSE_WORDS


def _stop_words() -> frozenset[str]:
    text = (resources.files(__package__) / "stop_words.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


STOP_WORDS = _stop_words() | DISCOURSE_WORDS


def display_name(node_id: str, data: dict) -> str:
    """What to call a node: its name, title or URL, else its id."""
    return str(data.get("name") or data.get("title") or data.get("url") or node_id)
