"""Keep a view within its budgets: the most connected nodes and the strongest edges stay,
and the page says what went."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from ..graph import induced_subgraph
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


def keep_most_connected(graph: nx.MultiDiGraph, max_nodes: int,
                        always: tuple[str, ...] = ()) -> tuple[nx.MultiDiGraph, Omitted]:
    """The `max_nodes` nodes of highest degree (ties: label order, then id), plus `always`."""
    if graph.number_of_nodes() <= max_nodes:
        return graph, Omitted(total_nodes=graph.number_of_nodes())
    degree = dict(graph.degree())
    ranked = sorted(graph.nodes(data="label"),
                    key=lambda nl: (-degree[nl[0]], label_rank(nl[1]), str(nl[0])))
    keep = [n for n in always if n in graph]
    keep_set = set(keep)
    for n, _ in ranked:
        if len(keep) >= max_nodes:
            break
        if n not in keep_set:
            keep.append(n)
            keep_set.add(n)
    kept = induced_subgraph(graph, keep_set)
    dropped = Counter(label for n, label in graph.nodes(data="label") if n not in keep_set)
    by_label = tuple(sorted(dropped.items(), key=lambda kv: label_rank(kv[0])))
    return kept, Omitted(nodes=sum(dropped.values()),
                         edges=graph.number_of_edges() - kept.number_of_edges(),
                         by_label=by_label, total_nodes=graph.number_of_nodes())


def _strength(data: dict) -> float:
    """How strong an edge is within its type: score, count, weight or confidence, whichever it has."""
    for key in ("score", "count", "weight", "confidence"):
        if key in data:
            return float(data[key])
    return float(len(data.get("via", ())))


def keep_strongest_edges(graph: nx.MultiDiGraph, max_edges: int) -> tuple[nx.MultiDiGraph, int]:
    """Every node, and the `max_edges` strongest edges; returns the graph and how many edges went.

    Strength is compared within each type, by rank (the top 10% of SIMILAR_TO edges and the
    top 10% of USES edges are equally strong), so every type keeps its share of the budget.
    """
    if graph.number_of_edges() <= max_edges:
        return graph, 0
    by_type: dict[str, list] = {}
    for u, v, k, d in graph.edges(keys=True, data=True):
        by_type.setdefault(d.get("type", k), []).append((u, v, k, d))
    ranked = []
    for edges in by_type.values():
        edges.sort(key=lambda e: (-_strength(e[3]), str(e[0]), str(e[1]), str(e[2])))
        ranked.extend(((i + 1) / len(edges), str(u), str(v), str(k), (u, v, k, d))
                      for i, (u, v, k, d) in enumerate(edges))
    ranked.sort(key=lambda r: r[:4])
    kept = nx.MultiDiGraph()
    kept.add_nodes_from(graph.nodes(data=True))
    kept.add_edges_from(r[4] for r in ranked[:max_edges])
    return kept, graph.number_of_edges() - max_edges
