"""node-link JSON (the graph.json contract of DESIGN.md)."""
from __future__ import annotations

from pathlib import Path

from ..graph import KnowledgeGraph
from .registry import Exporter, register


def write(graph: KnowledgeGraph, path: Path) -> None:
    graph.save(path)


EXPORTER = register(Exporter("json", "graph.json", write,
                             "networkx node-link JSON (the graph.json contract)"))
