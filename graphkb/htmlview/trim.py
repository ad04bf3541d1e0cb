"""Keep a view within its budgets: the most connected nodes and the strongest edges stay,
and the page says what went."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from ..schema import label_rank


@dataclass(frozen=True)
class Omitted:
    """What a trimmed view left out."""

    nodes: int = 0
    edges: int = 0
    by_label: tuple[tuple[str, int], ...] = ()
    total_nodes: int = 0

    def __bool__(self) -> bool:
        return self.nodes > 0


def keep_most_connected(nodes: list, edges: list, max_nodes: int,
                        always: tuple[str, ...] = ()) -> tuple[list, list, Omitted]:
    """Of a view's nodes (id, data) and edges (u, v, key, data), the `max_nodes` nodes of highest
    degree (ties: label order, then id), plus `always`, and the edges between them, both in their
    order (the lists given, when they are within the budget)."""
    if len(nodes) <= max_nodes:
        return nodes, edges, Omitted(total_nodes=len(nodes))
    degree = Counter(map(itemgetter(0), edges))  # out-degree + in-degree, a self-loop twice (as networkx)
    degree.update(map(itemgetter(1), edges))
    ranked = sorted(((n, d.get("label")) for n, d in nodes),
                    key=lambda nl: (-degree[nl[0]], label_rank(nl[1]), str(nl[0])))
    present = {n for n, _ in nodes}
    keep = [n for n in always if n in present]
    keep_set = set(keep)
    for n, _ in ranked:
        if len(keep) >= max_nodes:
            break
        if n not in keep_set:
            keep.append(n)
            keep_set.add(n)
    kept_nodes = [(n, d) for n, d in nodes if n in keep_set]
    kept_edges = [e for e in edges if e[0] in keep_set and e[1] in keep_set]
    dropped = Counter(d.get("label") for n, d in nodes if n not in keep_set)
    by_label = tuple(sorted(dropped.items(), key=lambda kv: label_rank(kv[0])))
    return kept_nodes, kept_edges, Omitted(nodes=sum(dropped.values()), edges=len(edges) - len(kept_edges),
                                           by_label=by_label, total_nodes=len(nodes))


def _strength(data: dict) -> float:
    """How strong an edge is within its type: score, count, weight or confidence, whichever it has."""
    for key in ("score", "count", "weight", "confidence"):
        if key in data:
            return float(data[key])
    return float(len(data.get("via", ())))


def _places(nodes: list) -> dict:
    """Each node's place in the order of the ids as strings: edges are ordered by their ends' ids,
    and comparing two places is quicker than comparing two strings."""
    place = {text: i for i, text in enumerate(sorted({str(n) for n, _ in nodes}))}
    return {n: place[str(n)] for n, _ in nodes}


def keep_strongest_edges(nodes: list, edges: list, max_edges: int) -> tuple[list, int]:
    """The `max_edges` strongest of `edges` (u, v, key, data) between `nodes` (id, data), strongest
    first (all of them, in their order, when within the budget); and how many went.

    Strength is compared within each type, by rank (the top 10% of SIMILAR_TO edges and the
    top 10% of USES edges are equally strong), so every type keeps its share of the budget; ties
    go to the ends' ids, then the key, as strings, then the type's first appearance and the
    edge's place in `edges`. The ranks are columns sorted by NumPy (a view of 1.9 million
    relationships took a tuple of six numbers each, sorted in Python, before).
    """
    if len(edges) <= max_edges:
        return edges, 0
    n = len(edges)
    place = _places(nodes)
    types: dict[str, int] = {}  # each type's number, in order of first appearance
    key_names: dict[str, int] = {}
    of_type = np.fromiter((types.setdefault(e[3].get("type", e[2]), len(types)) for e in edges), np.int64, n)
    key = np.fromiter((key_names.setdefault(str(e[2]), len(key_names)) for e in edges), np.int64, n)
    rank_of_name = {name: r for r, name in enumerate(sorted(key_names))}
    key = np.array([rank_of_name[name] for name in key_names], np.int64)[key]  # keys compared as strings
    source = np.fromiter((place[e[0]] for e in edges), np.int64, n)
    target = np.fromiter((place[e[1]] for e in edges), np.int64, n)
    weakness = np.fromiter((-_strength(e[3]) for e in edges), np.float64, n)
    at = np.arange(n)
    # within each type: strongest first, then the ends, the key and the place
    ranked = np.lexsort((at, key, target, source, weakness, of_type))
    counts = np.bincount(of_type)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    ranked_type = of_type[ranked]
    fraction = np.empty(n)
    fraction[ranked] = (at - starts[ranked_type] + 1) / counts[ranked_type]
    kept = np.lexsort((at, of_type, key, target, source, fraction))[:max_edges]
    return [edges[i] for i in kept.tolist()], n - max_edges
