"""Keep a view within its node budget: the most connected nodes stay, the page says what went."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from ..graph import LABELS

_LABEL_ORDER = {label: i for i, label in enumerate(LABELS)}


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
    ranked = sorted(graph.nodes(data="label"),
                    key=lambda nl: (-graph.degree(nl[0]), _LABEL_ORDER.get(nl[1], 99), str(nl[0])))
    keep = [n for n in always if n in graph]
    keep_set = set(keep)
    for n, _ in ranked:
        if len(keep) >= max_nodes:
            break
        if n not in keep_set:
            keep.append(n)
            keep_set.add(n)
    kept = graph.subgraph(keep)
    dropped = Counter(label for n, label in graph.nodes(data="label") if n not in keep_set)
    by_label = tuple(sorted(dropped.items(), key=lambda kv: _LABEL_ORDER.get(kv[0], 99)))
    return kept, Omitted(nodes=sum(dropped.values()),
                         edges=graph.number_of_edges() - kept.number_of_edges(),
                         by_label=by_label, total_nodes=graph.number_of_nodes())
