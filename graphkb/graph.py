"""The one graph model every exporter reads: a networkx MultiDiGraph with typed nodes and edges.

Node keys are the nodes' `id`s; every node has a `label` attribute (one of
LABELS), every edge a `type` attribute (one of REL_TYPES) and is keyed by it,
so two papers can be linked by several relationship types but by each only once.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from . import __version__
from .errors import GraphkbError
from .fileio import atomic_writer
from .memory import gc_paused

LABELS = ("Paper", "Method", "Benchmark", "Concept", "Topic", "Repository", "Author", "Task")
REL_TYPES = ("PROPOSES", "USES", "EVALUATED_ON", "MENTIONS", "HAS_CODE", "SIMILAR_TO",
             "SHARES_METHOD", "SHARES_BENCHMARK", "BUILDS_ON", "IN_TOPIC", "AUTHORED", "VARIANT_OF", "ADDRESSES")
_LABEL_ORDER = {label: i for i, label in enumerate(LABELS)}
_TYPE_ORDER = {t: i for i, t in enumerate(REL_TYPES)}


def label_rank(label: str | None) -> int:
    """A label's place in the canonical order (LABELS; anything else last)."""
    return _LABEL_ORDER.get(label, len(LABELS))


def type_rank(rel_type: str | None) -> int:
    """A relationship type's place in the canonical order (REL_TYPES; anything else last)."""
    return _TYPE_ORDER.get(rel_type, len(REL_TYPES))


def induced_subgraph(graph: nx.Graph, nodes) -> nx.Graph:
    """The nodes and the edges between them, as a new graph of the same kind, in `graph`'s
    own order. networkx's `subgraph` (and `ego_graph`, which copies one) lists nodes in set
    order, which varies between processes: anything drawn or written from it would too."""
    keep = set(nodes)
    out = graph.__class__()
    out.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if n in keep)
    if graph.is_multigraph():
        out.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                           if u in keep and v in keep)
    else:
        out.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if u in keep and v in keep)
    return out


def edge_order(source, target, data: dict) -> tuple:
    """The canonical order of relationships: by type, then source id, then target id."""
    return type_rank(data.get("type")), str(source), str(target)


class KnowledgeGraph:
    """Typed nodes and relationships over networkx, with the node-link JSON of DESIGN.md."""

    def __init__(self, graph: nx.MultiDiGraph | None = None):
        self.g = graph if graph is not None else nx.MultiDiGraph()

    # -- building ----------------------------------------------------------------------------

    def add_node(self, label: str, node_id: str, **props) -> None:
        if label not in _LABEL_ORDER:
            raise ValueError(f"unknown node label {label!r}")
        clean = {k: v for k, v in props.items() if v is not None and v != () and v != []}
        clean = {k: list(v) if isinstance(v, tuple) else v for k, v in clean.items()}
        if node_id in self.g and self.g.nodes[node_id].get("label") != label:
            raise ValueError(f"node id {node_id!r} is already a {self.g.nodes[node_id]['label']}")
        self.g.add_node(node_id, label=label, **clean)

    def add_edge(self, rel_type: str, source: str, target: str, **props) -> None:
        if rel_type not in _TYPE_ORDER:
            raise ValueError(f"unknown relationship type {rel_type!r}")
        clean = {k: (list(v) if isinstance(v, tuple) else v) for k, v in props.items() if v is not None}
        self.g.add_edge(source, target, key=rel_type, type=rel_type, **clean)

    # -- reading -----------------------------------------------------------------------------

    def nodes(self, label: str | None = None) -> Iterator[tuple[str, dict]]:
        for n, data in self.g.nodes(data=True):
            if label is None or data.get("label") == label:
                yield n, data

    def edges(self, rel_type: str | None = None) -> Iterator[tuple[str, str, dict]]:
        for u, v, data in self.g.edges(data=True):
            if rel_type is None or data.get("type") == rel_type:
                yield u, v, data

    def node_counts(self) -> Counter:
        return Counter(d.get("label") for _, d in self.g.nodes(data=True))

    def edge_counts(self) -> Counter:
        return Counter(d.get("type") for _, _, d in self.g.edges(data=True))

    def __len__(self) -> int:
        return self.g.number_of_nodes()

    # -- node-link JSON (contract) -------------------------------------------------------------

    def sorted_copy(self) -> nx.MultiDiGraph:
        """The same graph with nodes and edges in a canonical order, for byte-identical output."""
        out = nx.MultiDiGraph()
        out.graph.update(self.g.graph)
        out.add_nodes_from((n, dict(sorted(d.items()))) for n, d in self._canonical_nodes())
        out.add_edges_from((u, v, k, dict(sorted(d.items()))) for u, v, k, d in self._canonical_edges())
        return out

    def _canonical_nodes(self) -> list[tuple[str, dict]]:
        return sorted(self.g.nodes(data=True), key=lambda nd: (label_rank(nd[1].get("label")), str(nd[0])))

    def _canonical_edges(self) -> list[tuple[str, str, str, dict]]:
        return sorted(self.g.edges(keys=True, data=True), key=lambda e: edge_order(e[0], e[1], e[3]))

    def to_node_link(self) -> dict:
        """networkx's node-link data of `sorted_copy()` (the same dict, built without the copy)."""
        nodes = self._canonical_nodes()
        by_source: dict[str, dict[str, list[tuple[str, dict]]]] = {}
        for u, v, k, d in self._canonical_edges():
            by_source.setdefault(u, {}).setdefault(v, []).append((k, d))
        return {
            "directed": True,
            "multigraph": True,
            "graph": {**self.g.graph, "generator": self.g.graph.get("generator", f"graphkb {__version__}")},
            "nodes": [{**dict(sorted(d.items())), "id": n} for n, d in nodes],
            # grouped by source node, in node order, as networkx lists a graph's edges
            "edges": [{**dict(sorted(d.items())), "source": u, "target": v, "key": k}
                      for u, _ in nodes for v, keyed in by_source.get(u, {}).items() for k, d in keyed],
        }

    @classmethod
    def from_node_link(cls, data: dict) -> KnowledgeGraph:
        return cls(nx.node_link_graph(data, directed=True, multigraph=True, edges="edges"))

    def save(self, path: str | Path) -> None:
        """Write node-link JSON atomically: a reader never sees a half-written file.

        One node or edge per line: the file diffs well, and each line is encoded by
        json's C encoder (an indented dump goes through its pure-Python one, 4x slower).
        """
        dump = json.JSONEncoder(ensure_ascii=False).encode
        with gc_paused(), atomic_writer(path) as fh:
            data = self.to_node_link()
            fh.write("{\n")
            for key in ("directed", "multigraph", "graph"):
                fh.write(f"{dump(key)}: {dump(data[key])},\n")
            for key, end in (("nodes", ",\n"), ("edges", "\n")):
                fh.write(f"{dump(key)}: [\n")
                fh.write(",\n".join(map(dump, data[key])))
                fh.write(f"\n]{end}")
            fh.write("}\n")

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        """Read `graph.json` (or a build folder containing one)."""
        path = Path(path)
        if path.is_dir():
            path = path / "graph.json"
        try:
            with gc_paused():
                data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise GraphkbError(f"{path}: not found (run `graphkb build` first)") from None
        except json.JSONDecodeError as e:
            raise GraphkbError(f"{path}:{e.lineno}: not a graph.json file: {e.msg}") from None
        if not isinstance(data, dict) or "nodes" not in data or "edges" not in data:
            raise GraphkbError(f"{path}: not a graph.json file (expected node-link JSON with nodes and edges)")
        with gc_paused():
            return cls.from_node_link(data)
