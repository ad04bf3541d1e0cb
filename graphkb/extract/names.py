"""What a method or benchmark name looks like, and the key under which its spellings meet.

`GPT-4`, `GPT4` and `gpt-4` share a key; so do `chain-of-thought` and
`chain of thought`, and `Transformer` and `Transformers`.
"""
from __future__ import annotations

import math
import re
import unicodedata
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


@lru_cache(maxsize=200_000)
def entity_key(name: str) -> str:
    """The key under which spellings of one name meet: case, spaces, hyphens and a plural -s ignored."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.findall(r"[0-9a-z∞ψ]+(?:\.[0-9]+)*", text)
    if not words:
        return text.strip()
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is", "ics")):
        words[-1] = last[:-1]
    elif len(last) > 1 and last.endswith("s") and name.rstrip()[-1] == "s" and name.rstrip()[-2:-1].isupper():
        words[-1] = last[:-1]  # LLMs, GANs
    return "".join(words)


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


def has_inner_capital(token: str) -> bool:
    """GRPO, ResNet, LoRA, vLLM, Step-KTO: an upper-case letter after the first character
    of some hyphen-separated part. Title-cased compounds (Open-World, Text-to-Image) do not count."""
    return any(any(c.isupper() for c in part[1:]) for part in token.split("-"))


def has_letters_and_digits(token: str) -> bool:
    return any(c.isalpha() for c in token) and any(c.isdigit() for c in token)


def is_name_token(token: str) -> bool:
    """Does this single token look like a proper name of a method, model or dataset?

    Names carry inner capitals (GRPO, ResNet), letters mixed with digits (GPT-4o,
    Qwen2.5, GSM8K) or a hyphenated part that does (Mobile-R1, Step-KTO).
    Plain words, quantities (7B, 3.5K) and numbers are not names.
    """
    if not token or not token[0].isalpha() or is_quantity(token):
        return False
    if has_inner_capital(token):
        return True
    if has_letters_and_digits(token):
        return token[0].isupper()  # GPT4, T5, Qwen2.5; not "sim0.01"
    if "∞" in token or "Ψ" in token:
        return True
    return False
