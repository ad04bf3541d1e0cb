"""Concept nodes: key phrases that several papers share become the thematic vocabulary of the graph.

Variants meet in one node: spelling of case, hyphens and spaces ("fine-tuning", "finetuning",
"fine tuning"), plurals, and an acronym with the long forms papers define for it ("GANs",
"generative adversarial nets", "generative adversarial networks"). A phrase that names a
Method or Benchmark node of the graph, or a name the lexicon knows as one, is not a Concept too.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..extract import KIND_NOUNS, can_head_noun_phrase, default_lexicon, zipf
from ..keys import GENERIC_NOUNS, entity_key, phrase_key
from ..records import Evidence, PaperExtraction
from ..schema import node_id
from ..text import slugify
from ..unionfind import UnionFind

# A one-word concept at least this common in English (wordfreq Zipf) is no theme of its own.
GENERIC_WORD_ZIPF = 4.0


@dataclass(frozen=True)
class ConceptNode:
    id: str
    name: str
    papers: tuple[tuple[str, float, Evidence], ...]  # (paper id, weight 0..1, where it was found)


def _merge_key(name: str) -> str:
    """Case, hyphens, spaces and plurals ignored: "Fine-tuning", "finetuning" meet."""
    return phrase_key(name.split()).replace(" ", "")


def _order_key(name: str) -> str:
    """The words in any order: "language model pre-training", "pre-training language models"."""
    return "words:" + " ".join(sorted(phrase_key(name.split()).split()))


# Nouns that, after adjectives only, make a phrase about the paper or its material in general
# ("a closer look", "technical report", "unified framework", "high-quality datasets"), no theme.
_GENERAL_HEADS = GENERIC_NOUNS | {
    "report", "look", "survey", "overview", "study", "studies", "dataset", "datasets", "data", "metrics",
    "results", "baselines", "resources", "pages", "tokens", "experiments", "settings", "techniques",
}


def _names_an_entity(name: str, entities: set[str]) -> bool:
    """"MIND2WEB benchmark", "RAG systems": an entity's name and the noun of its kind (not a family:
    "fine-tuning models" is a theme)."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in KIND_NOUNS:
        return False
    rest = " ".join(words[:-1])
    return not rest.islower() and entity_key(rest) in entities


_NUMBER_WORDS = frozenset({"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
                           "billions", "trillion", "trillions", "dozen", "dozens"})


# General nouns that everyday words before them do not make a theme of: "training set", "web
# pages", "high-quality datasets", "a closer look" (unlike "teacher models", a family of models).
_MATERIAL_HEADS = _GENERAL_HEADS - {"model", "models", "method", "methods", "approach", "approaches", "framework",
                                    "analysis", "design", "problem", "problems", "techniques"}


def _is_general(name: str) -> bool:
    """Adjectives before a general noun ("unified framework", "technical report"), everyday words
    before a noun of the paper's material ("training set", "web pages"), or a quantity ("trillion
    tokens")."""
    words = name.lower().split()
    if words[0] in _NUMBER_WORDS:
        return True  # "trillion tokens", "thousand images": a quantity
    if words[-1] not in _GENERAL_HEADS:
        return False
    return all(not can_head_noun_phrase(w) or (words[-1] in _MATERIAL_HEADS and zipf(w) >= GENERIC_WORD_ZIPF)
               for w in words[:-1])


def _acronym_keys(extractions: Sequence[PaperExtraction]) -> dict[str, str]:
    """merge key of an acronym or of a long form defined for it -> the acronym's merge key
    (a long form papers define for two acronyms is left alone)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for x in extractions:
        for a in x.acronyms:
            short = _merge_key(a.short)
            owners[short].add(short)
            owners[_merge_key(a.long)].add(short)
    return {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}


def _merged(links: dict[str, list], names: dict[str, Counter], order: UnionFind) -> tuple[dict, dict]:
    """Links and names of the keys one concept has in several word orders, under one key (a paper
    counted once, with its best weight)."""
    merged_links: dict[str, dict[str, tuple[str, float, Evidence]]] = defaultdict(dict)
    merged_names: dict[str, Counter] = defaultdict(Counter)
    for key in sorted(links):
        root = order.find(key)
        for link in links[key]:
            if link[0] not in merged_links[root] or link[1] > merged_links[root][link[0]][1]:
                merged_links[root][link[0]] = link
        merged_names[root].update(names[key])
    return {k: list(v.values()) for k, v in merged_links.items()}, merged_names


def concept_nodes(extractions: Sequence[PaperExtraction], per_paper: int = 10,
                  min_papers: int = 2, entity_names: Iterable[str] = ()) -> list[ConceptNode]:
    """Concepts among the top `per_paper` phrases of at least `min_papers` papers, not named
    like any of `entity_names` (the graph's methods, benchmarks and tasks, with their aliases)
    and not a single everyday word.

    A paper's weight for a concept is its phrase score relative to the paper's best phrase.
    """
    acronyms = _acronym_keys(extractions)
    lexicon = default_lexicon()
    entities = {entity_key(n) for n in entity_names} | {_merge_key(n) for n in entity_names}
    links: dict[str, list[tuple[str, float, Evidence]]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    order = UnionFind(rank=lambda k: (k.startswith("words:"), len(k), k))  # spellings and word orders meet
    keys_of: dict[str, tuple[str, str] | None] = {}  # a phrase -> its concept key and order key (None: no concept)

    def concept_keys(name: str) -> tuple[str, str] | None:
        key = _merge_key(name)
        key = acronyms.get(key, key)
        if key in entities or entity_key(name) in entities or lexicon.kind_of(name) \
                or _names_an_entity(name, entities):
            return None  # a method, benchmark or task (of the graph, or a known name): not a concept too
        if " " not in name and "-" not in name and name.islower() and zipf(name) >= GENERIC_WORD_ZIPF:
            return None  # "sizes", "clients", "instructions": an everyday word says nothing of a theme
        if _is_general(name):
            return None
        return key, _order_key(name)

    for x in extractions:
        top = x.concepts[:per_paper]
        if not top:
            continue
        best = max(k.score for k in top) or 1.0
        seen = set()
        for k in top:
            if k.name not in keys_of:  # the same phrases come back paper after paper: decided once
                keys_of[k.name] = concept_keys(k.name)
            found = keys_of[k.name]
            if found is None or found[0] in seen:
                continue
            key, words_key = found
            seen.add(key)
            links[key].append((x.paper_id, round(k.score / best, 4), k.evidence))
            names[key][k.name] += 1
            order.union(key, words_key)
    links, names = _merged(links, names, order)
    out, ids = [], set()
    for key in sorted(links):
        papers = links[key]
        if len(papers) < min_papers:
            continue
        name = min(names[key], key=lambda n: (-names[key][n], n))
        cid = node_id("Concept", slugify(name, max_words=10) or key)
        if cid in ids:  # two keys whose names slug alike: tell them apart by the key
            cid = f"{cid}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"
        ids.add(cid)
        out.append(ConceptNode(cid, name, tuple(sorted(papers, key=lambda p: p[0]))))
    return out
