"""Concept nodes: key phrases that several papers share become the thematic vocabulary of the graph."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..keys import phrase_key
from ..records import Evidence, PaperExtraction
from ..schema import node_id
from ..text import slugify


@dataclass(frozen=True)
class ConceptNode:
    id: str
    name: str
    papers: tuple[tuple[str, float, Evidence], ...]  # (paper id, weight 0..1, where it was found)


def concept_nodes(extractions: Sequence[PaperExtraction], per_paper: int = 10,
                  min_papers: int = 2) -> list[ConceptNode]:
    """Concepts among the top `per_paper` phrases of at least `min_papers` papers.

    A paper's weight for a concept is its phrase score relative to the paper's best phrase.
    """
    links: dict[str, list[tuple[str, float, Evidence]]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    for x in extractions:
        top = x.concepts[:per_paper]
        if not top:
            continue
        best = max(k.score for k in top) or 1.0
        seen = set()
        for k in top:
            key = phrase_key(k.name.split())
            if key in seen:
                continue
            seen.add(key)
            links[key].append((x.paper_id, round(k.score / best, 4), k.evidence))
            names[key][k.name] += 1
    out = []
    for key in sorted(links):
        papers = links[key]
        if len(papers) < min_papers:
            continue
        name = sorted(names[key], key=lambda n: (-names[key][n], n))[0]
        out.append(ConceptNode(node_id("Concept", slugify(key, max_words=10)), name,
                               tuple(sorted(papers, key=lambda p: p[0]))))
    return out
