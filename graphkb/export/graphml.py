"""GraphML for Cytoscape, yEd and Gephi (networkx's writer); list and dict attributes as JSON text."""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from ..graph import KnowledgeGraph
from .flat import flat_graph
from .registry import Exporter, register


def write(graph: KnowledgeGraph, out: BinaryIO) -> None:
    nx.write_graphml(flat_graph(graph), out, encoding="utf-8", named_key_ids=True)


EXPORTER = register(Exporter("graphml", "graph.graphml", write,
                             "GraphML for Cytoscape, yEd and Gephi (lists and evidence as JSON text)", binary=True))
