"""The graph with scalar attributes only, for formats (GraphML, GEXF) that cannot hold lists or dicts."""
from __future__ import annotations

import json
import math

import networkx as nx

from ..graph import KnowledgeGraph


def scalar(value):
    """A value GraphML/GEXF can store: str, int, float or bool; lists and dicts become JSON text."""
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flat_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """A copy of the graph, in its canonical order, whose attribute values are all scalars."""
    g = kg.sorted_copy()
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, {k: scalar(v) for k, v in d.items() if v is not None}) for n, d in g.nodes(data=True))
    out.add_edges_from((u, v, k, {a: scalar(x) for a, x in d.items() if x is not None})
                       for u, v, k, d in g.edges(keys=True, data=True))
    return out
