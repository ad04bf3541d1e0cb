"""GraphML for Cytoscape, yEd and Gephi (networkx's writer); list and dict attributes as JSON text."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..fileio import atomic_writer
from ..graph import KnowledgeGraph
from .flat import flat_graph
from .registry import Exporter, register


def write(graph: KnowledgeGraph, path: Path) -> None:
    with atomic_writer(path, "wb") as fh:
        nx.write_graphml(flat_graph(graph), fh, encoding="utf-8", named_key_ids=True)


EXPORTER = register(Exporter("graphml", "graph.graphml", write,
                             "GraphML for Cytoscape, yEd and Gephi (lists and evidence as JSON text)"))
