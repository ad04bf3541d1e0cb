"""What a method or benchmark name looks like: tokens, quantities, "X-based" suffixes, word rarity.

(The key under which spellings of a name meet is keys.entity_key.)
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from wordfreq import get_frequency_dict, zipf_frequency

# A token: letters, digits and the marks that occur inside names (GPT-4o, Qwen2.5, C++, Ψ, ∞).
TOKEN_RE = re.compile(r"[\w∞][\w∞.+\-]*[\w∞+]|[\w∞]")
# Pure quantities and units, never names: 7B, 3.5K, 128K, 10x, 2nd, 3D, 95%.
_QUANTITY_RE = re.compile(r"^\d+(?:[.,]\d+)*(?:[a-zA-Z]{1,3}|%)?$|^\d+(?:st|nd|rd|th)$")
# Suffixes that make "X-based", "X-like", ... out of a name X: the phrase is not a name, X may be.
NAME_SUFFIXES = (
    "based", "like", "style", "driven", "guided", "aware", "free", "specific", "level", "agnostic",
    "centric", "powered", "enhanced", "augmented", "oriented", "inspired", "only", "scale", "wise",
    "generated", "tuned", "trained", "initialized", "derived", "compatible", "equipped", "assisted",
    "annotated", "labeled", "labelled", "conditioned", "integrated", "related", "informed",
)
_SUFFIX_RE = re.compile(rf"^(.+?)-(?:{'|'.join(NAME_SUFFIXES)})$", re.I)


def strip_name_suffix(token: str) -> tuple[str, str | None]:
    """`VLM-Based` -> (`VLM`, `based`); a token without such a suffix is returned as is."""
    if "-" not in token:
        return token, None
    m = _SUFFIX_RE.match(token)
    if m:
        return m.group(1), token[len(m.group(1)) + 1:].lower()
    return token, None


def is_quantity(token: str) -> bool:
    return bool(_QUANTITY_RE.match(token))


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    return get_frequency_dict("en", "best")  # positional, as wordfreq calls it: one cached copy


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common a word is in English (wordfreq Zipf scale: 0 unknown .. 7+ very common).

    Plain words are looked up in wordfreq's table directly (a dict lookup); anything
    wordfreq would tokenise first (hyphens, digits, apostrophes) goes through its API.
    """
    lowered = word.lower()
    parts = lowered.split("-")
    if all(p.isalpha() and p.isascii() for p in parts):
        # wordfreq's rule for a word it splits: 1/f = 1/f1 + 1/f2 + ..., unknown if any part is
        freqs = _frequencies()
        inverse = 0.0
        for p in parts:
            freq = freqs.get(p)
            if not freq:
                return 0.0
            inverse += 1.0 / freq
        return round(math.log10(1.0 / inverse) + 9.0, 2)
    return zipf_frequency(lowered, "en")
