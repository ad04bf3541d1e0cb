"""Versions and sizes linked to their family: Llama-3-70B -> Llama 3, Qwen2.5-Math -> Qwen2.5.

Names keep their versions and sizes as written (each its own Method); VARIANT_OF links each to
the nearest shorter name of the corpus it extends, so "who uses Llama 3" can follow the links
to its variants. A family is looked for by taking the name apart from its end, one hyphen-,
slash- or space-separated part at a time ("-Instruct", "-70B", "/14", " 3.1"); the first that
names another Method of the corpus is the family (an everyday word only as it is written:
"self-attention" is no variant of SELF). Glued versions are not split: Qwen2.5 is
not a variant of Qwen2.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..extract import zipf
from ..keys import entity_key
from .resolve import ResolvedEntity

_LAST_PART_RE = re.compile(r"[-\s/][^-\s/]+$")


@dataclass(frozen=True)
class VariantOf:
    source: str  # the variant's entity id
    target: str  # its family's entity id


def shorter_names(name: str) -> Iterator[str]:
    """The names `name` may be a variant of, nearest first (none shorter than two characters)."""
    while _LAST_PART_RE.search(name):
        name = _LAST_PART_RE.sub("", name).rstrip(" -/")
        if len(name) < 2:
            return
        yield name


def _is_word(name: str) -> bool:
    """An everyday English word ("self", "Step"): as a family it must be written as the family is
    ("self-attention" is no variant of SELF, "Step-APO" none of STeP); a name meets its spellings
    in any case (LLAMA-8B -> LLaMA, Flan-T5 -> FLAN)."""
    return name.isalpha() and zipf(name.lower()) >= 3.5


def variant_pairs(entities: Mapping[str, ResolvedEntity]) -> list[VariantOf]:
    """(variant, family) Method pairs, one family per variant: its nearest one in the corpus."""
    by_key: dict[str, str] = {}
    spellings: set[str] = set()
    for e in entities.values():
        if e.label == "Method":
            for n in (e.name, *e.aliases):
                by_key.setdefault(entity_key(n), e.id)
                spellings.add(n)
    pairs = []
    for e in sorted(entities.values(), key=lambda e: e.id):
        if e.label != "Method":
            continue
        family = next((by_key[k] for n in shorter_names(e.name) if (k := entity_key(n)) in by_key
                       and by_key[k] != e.id and (not _is_word(n) or n in spellings)), None)
        if family is not None:
            pairs.append(VariantOf(e.id, family))
    return pairs
