"""What an update changed in the graph, element by element: so that its files are written from
what changed (an exporter's `splice`), not made again from every node and relationship.

An update reads the earlier graph's elements from the build folder's graph.json
(`GraphElements.read`: in graph.json's order, with their data) and compares its graph with them
(`GraphDelta.between`): each node and relationship of the new graph is either the same as one
of the earlier graph (same id, or same source, target and key, and equal data) or is new or
changed. An exporter that can splice copies the earlier file's text of the elements that are
the same and writes only the others; the result is the bytes it would write from the whole
graph (the tests hold each to that). Reading graph.json, not a copy kept in the build state,
keeps the state small and the comparison honest: a line edited by hand is a changed element.

Equal data means equal by Python's `==`: a value that turned from 1 to 1.0, or True to 1,
between two builds would keep its earlier text. graphkb makes each property's value the same
way every time, so this does not happen in its own graphs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .graph import KnowledgeGraph
from .memory import gc_paused

Node = tuple[str, dict]
Edge = tuple[str, str, str, dict]


@dataclass
class GraphElements:
    """A graph's nodes (id, data) and relationships (source, target, key, data) in graph.json's
    order (`KnowledgeGraph.json_order`): the graph's own dicts (`of`), or those of a graph.json
    (`read`)."""

    nodes: list[Node]
    edges: list[Edge]

    @classmethod
    def of(cls, kg: KnowledgeGraph) -> GraphElements:
        nodes, edges = kg.json_order()
        return cls(nodes, list(edges))

    @classmethod
    def read(cls, path: Path) -> GraphElements | None:
        """The elements a graph.json holds, in its order; None if it cannot be read as one."""
        try:
            with gc_paused():
                data = json.loads(Path(path).read_bytes())
                return cls([(node.pop("id"), node) for node in data["nodes"]],
                           [(edge.pop("source"), edge.pop("target"), edge.pop("key"), edge) for edge in data["edges"]])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None


@dataclass(frozen=True)
class GraphDelta:
    """The new graph's elements (`now`) and, for each, the position of the same element among the
    earlier graph's in graph.json's order, or -1 where it is new or changed."""

    now: GraphElements
    node_from: np.ndarray  # by node of `now`: the earlier node's position, or -1
    edge_from: np.ndarray  # by edge of `now`: the earlier edge's position, or -1
    earlier: GraphElements  # where a format orders elements its own way, it finds the earlier file's order from them

    @property
    def earlier_nodes(self) -> int:
        return len(self.earlier.nodes)

    @property
    def earlier_edges(self) -> int:
        return len(self.earlier.edges)

    @classmethod
    def between(cls, earlier: GraphElements, now: GraphElements) -> GraphDelta:
        node_at = {n: i for i, (n, _) in enumerate(earlier.nodes)}
        old_nodes = earlier.nodes
        node_from = np.fromiter(
            ((i if old_nodes[i][1] == d else -1) if (i := node_at.get(n)) is not None else -1 for n, d in now.nodes),
            np.int64, len(now.nodes))
        edge_at = {(u, v, k): i for i, (u, v, k, _) in enumerate(earlier.edges)}
        old_edges = earlier.edges
        edge_from = np.fromiter(
            ((i if old_edges[i][3] == d else -1) if (i := edge_at.get((u, v, k))) is not None else -1
             for u, v, k, d in now.edges),
            np.int64, len(now.edges))
        return cls(now, node_from, edge_from, earlier)

    @property
    def changed(self) -> int:
        """Nodes and relationships that are new or changed."""
        return int((self.node_from < 0).sum() + (self.edge_from < 0).sum())

    @property
    def gone(self) -> int:
        """Nodes and relationships of the earlier graph that are gone or changed."""
        return (self.earlier_nodes - int((self.node_from >= 0).sum())
                + self.earlier_edges - int((self.edge_from >= 0).sum()))


class LazyDelta:
    """The delta of `kg` against the graph.json of an earlier build, worked out when first asked
    for: `outdir.write_build` asks in the process that writes the first spliced file, so the page
    starts at once in the other."""

    def __init__(self, kg: KnowledgeGraph, earlier_graph: Path):
        self.kg, self.earlier_graph = kg, Path(earlier_graph)
        self._delta: GraphDelta | None = None
        self._asked = False

    def get(self) -> GraphDelta | None:
        """The delta; None when the earlier graph.json cannot be read (its files are written whole)."""
        if not self._asked:
            self._asked = True
            earlier = GraphElements.read(self.earlier_graph)
            if earlier is not None:
                self._delta = GraphDelta.between(earlier, GraphElements.of(self.kg))
        return self._delta
