"""GEXF for Gephi (networkx's writer).

GEXF reserves `label` (the name Gephi shows) and, on edges, `type` (directed or
undirected) and `weight`, so our node label goes to the attribute `kind`, the
node's name or title becomes its GEXF label, the relationship type becomes the
edge's label and its `kind`, and its score, count or weight the GEXF weight.
Nodes carry their legend colour (viz:color) so Gephi opens them coloured.
"""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from ..graph import KnowledgeGraph
from ..keys import display_name
from ..schema import NODES
from .flat import flat_graph
from .registry import Exporter, register


def _rgb(colour: str) -> dict:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def gexf_graph(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    flat = flat_graph(graph)
    out = nx.MultiDiGraph()
    for n, d in flat.nodes(data=True):
        attrs = {k: v for k, v in d.items() if k != "label"}
        attrs.update(kind=d.get("label"), label=display_name(n, d),
                     viz={"color": _rgb(NODES[d["label"]].colour)})
        out.add_node(n, **attrs)
    for u, v, k, d in flat.edges(keys=True, data=True):
        attrs = {a: x for a, x in d.items() if a not in ("type", "weight")}
        weight = d.get("score", d.get("count", d.get("weight")))
        attrs.update(kind=d.get("type", k), label=d.get("type", k), id=f"{u}|{v}|{k}")
        if isinstance(weight, int | float) and not isinstance(weight, bool):
            attrs["weight"] = weight
        out.add_edge(u, v, key=k, **attrs)
    return out


def write(graph: KnowledgeGraph, out: BinaryIO) -> None:
    nx.write_gexf(gexf_graph(graph), out, encoding="utf-8")


EXPORTER = register(Exporter("gexf", "graph.gexf", write,
                             "GEXF for Gephi (node label as `kind`, relationship type as edge label)", binary=True))
