"""node-link JSON (the graph.json contract of DESIGN.md)."""
from __future__ import annotations

from typing import TextIO

from ..graph import KnowledgeGraph
from ..parquet_graph import write_json_from_parquet
from .registry import Exporter, register


def write(graph: KnowledgeGraph, out: TextIO) -> None:
    graph.write_json(out)


EXPORTER = register(Exporter("json", "graph.json", write,
                             "networkx node-link JSON (the graph.json contract)", stream=write_json_from_parquet))
