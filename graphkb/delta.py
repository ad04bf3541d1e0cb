"""What an update changed in the graph, element by element: so that its files are written from
what changed (an exporter's `splice`), not made again from every node and relationship.

An update compares its graph with the build folder's graph.json, a line at a time
(`GraphDelta.against_file`; `between` compares two graphs in memory): each node and
relationship of the new graph is either the same as one of the earlier graph (same id, or same
source, target and key, and equal data) or is new or changed. An exporter that can splice copies
the earlier file's text of the elements that are the same and writes only the others; the
result is the bytes it would write from the whole graph (the tests hold each to that). Reading
graph.json, not a copy kept in the build state, keeps the state small and the comparison
honest: a line edited by hand is a changed element.

Equal data means equal by Python's `==`: a value that turned from 1 to 1.0, or True to 1,
between two builds would keep its earlier text. graphkb makes each property's value the same
way every time, so this does not happen in its own graphs.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
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
    order (`KnowledgeGraph.json_order`): the graph's own dicts (`of`), or what an update keeps of
    an earlier graph.json's (`GraphDelta.against_file`)."""

    nodes: list[Node]
    edges: list[Edge]

    @classmethod
    def of(cls, kg: KnowledgeGraph) -> GraphElements:
        nodes, edges = kg.json_order()
        return cls(nodes, list(edges))


# what the splices read of an earlier element beside its ends (a node's label and name, a
# relationship's type): an update keeps only these of the earlier graph, not every property
_LIGHT_NODE_KEYS = ("label", "name")


@dataclass(frozen=True)
class GraphDelta:
    """The new graph's elements (`now`) and, for each, the position of the same element among the
    earlier graph's in graph.json's order, or -1 where it is new or changed."""

    now: GraphElements
    node_from: np.ndarray  # by node of `now`: the earlier node's position, or -1
    edge_from: np.ndarray  # by edge of `now`: the earlier edge's position, or -1
    # the earlier graph's elements, where a format orders them its own way (all of them from
    # `between`; from `against_file`, their ends, labels, names and types)
    earlier: GraphElements

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

    @classmethod
    def against_file(cls, path: Path, now: GraphElements) -> GraphDelta | None:
        """`between` the graph.json at `path` and `now`, keeping of each earlier element only its
        ends, label, name and type (`earlier` holds those). A file up to WHOLE_PARSE_MAX_BYTES is
        parsed at once; a bigger one a few thousand lines at a time (at 100,000 papers, 811 MB,
        the earlier graph's dicts took 3.9 GB parsed at once, 1.4 GB so; at 10,000 papers parsing
        it at once is a second quicker). None if it is not a graph.json graphkb wrote."""
        try:
            with gc_paused(garbage_cycles=False):  # parsed JSON holds no cycles
                if Path(path).stat().st_size <= WHOLE_PARSE_MAX_BYTES:
                    data = json.loads(Path(path).read_bytes())
                    return cls._compared(iter(data["nodes"]), iter(data["edges"]), now)
                with open(path, "rb") as fh:
                    line = next(fh)
                    while line != b'"nodes": [\n':
                        line = next(fh)

                    def edges() -> Iterator[dict]:
                        if next(fh) != b'"edges": [\n':
                            raise ValueError("no relationships after the nodes")
                        yield from _section(fh)
                    return cls._compared(_section(fh), edges(), now)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, StopIteration):
            return None

    @classmethod
    def _compared(cls, earlier_nodes: Iterator[dict], earlier_edges: Iterator[dict], now: GraphElements
                  ) -> GraphDelta:
        """The delta of `now` against the earlier graph's node and relationship dicts (as graph.json
        writes them, ids and ends included; they are emptied of those)."""
        node_at = {n: i for i, (n, _) in enumerate(now.nodes)}
        edge_at = {(u, v, k): j for j, (u, v, k, _) in enumerate(now.edges)}
        node_from = np.full(len(now.nodes), -1, np.int64)
        edge_from = np.full(len(now.edges), -1, np.int64)
        nodes: list[Node] = []
        edges: list[Edge] = []
        for d in earlier_nodes:
            n = d.pop("id")
            j = node_at.get(n)
            if j is not None and now.nodes[j][1] == d:
                node_from[j] = len(nodes)
            nodes.append((n, {k: d[k] for k in _LIGHT_NODE_KEYS if k in d}))
        of_type: dict = {}  # one {"type": t} for every relationship of type t
        for d in earlier_edges:
            u, v, k = key = d.pop("source"), d.pop("target"), d.pop("key")
            j = edge_at.get(key)
            if j is not None and now.edges[j][3] == d:
                edge_from[j] = len(edges)
            t = d.get("type")
            edges.append((u, v, k, of_type.get(t) or of_type.setdefault(t, {"type": t})))
        return cls(now, node_from, edge_from, GraphElements(nodes, edges))

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
            self._delta = GraphDelta.against_file(self.earlier_graph, GraphElements.of(self.kg))
        return self._delta


WHOLE_PARSE_MAX_BYTES = 256 * 2**20  # about 20,000 papers' graph.json
_LINES_PER_PARSE = 8_192  # graph.json lines parsed at once: one json.loads a line took twice as long


def _section(lines) -> Iterator[dict]:
    """The objects of one section of a graph.json written a line each, up to its closing "]"."""
    chunk: list[bytes] = []
    for line in lines:
        if line.startswith(b"]"):
            break
        if line != b"\n":  # an empty section's one line
            chunk.append(line)
        if len(chunk) == _LINES_PER_PARSE:
            yield from json.loads(b"[" + b"".join(chunk).rstrip(b",\n") + b"]")
            chunk = []
    else:
        raise ValueError("the file ends inside a section")
    if chunk:
        yield from json.loads(b"[" + b"".join(chunk).rstrip(b",\n") + b"]")
