"""The one graph model every exporter reads: a networkx MultiDiGraph with typed nodes and edges.

Node keys are the nodes' `id`s; every node has a `label` attribute, every edge a
`type` attribute and is keyed by it, so two papers can be linked by several
relationship types but by each only once. Labels and types, and which labels a
type may link, come from graphkb/schema.py: the model refuses anything else,
whether built here or read from a graph.json.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache, cached_property
from itertools import islice
from operator import itemgetter
from pathlib import Path

import networkx as nx

from . import __version__
from .errors import GraphkbError
from .fileio import atomic_writer
from .memory import gc_paused
from .schema import NODES, RELATIONSHIPS, edge_order, label_rank

_JSON_LINES_PER_WRITE = 5_000  # graph.json: nodes or edges encoded and written at a time
_ENDPOINTS = {t: (frozenset(r.sources), frozenset(r.targets)) for t, r in RELATIONSHIPS.items()}
_FIRST = itemgetter(0)


def induced_subgraph(graph: nx.Graph, nodes) -> nx.Graph:
    """The nodes and the edges between them, as a new graph of the same kind, in `graph`'s
    own order. networkx's `subgraph` (and `ego_graph`, which copies one) lists nodes in set
    order, which varies between processes: anything drawn or written from it would too.
    A MultiDiGraph's subgraph shares its edges' data (see multidigraph)."""
    keep = set(nodes)
    kept_nodes = ((n, d) for n, d in graph.nodes(data=True) if n in keep)
    if type(graph) is nx.MultiDiGraph:
        return multidigraph(kept_nodes, ((u, v, k, d) for u, v, k, d in edge_list(graph) if u in keep and v in keep))
    if type(graph) is nx.Graph:
        return undirected_graph(kept_nodes, (e for e in undirected_edge_list(graph) if e[0] in keep and e[1] in keep))
    out = graph.__class__()
    out.add_nodes_from(kept_nodes)
    if graph.is_multigraph():
        out.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                           if u in keep and v in keep)
    else:
        out.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if u in keep and v in keep)
    return out


def drop_views(*graphs: nx.Graph) -> None:
    """Forget the views networkx caches on each graph (G.nodes, G.edges, G.degree, ...). Each
    view refers back to its graph, a cycle that only the collector frees, which the HTML view
    runs with paused (memory.py): at 20,000 papers its working graphs held 1.4 million
    objects to the end of the page. Without their views they go as soon as nothing names them."""
    for graph in graphs:
        cached = vars(graph)
        for name in _cached_views(type(graph)):
            cached.pop(name, None)


@cache
def _cached_views(graph_type: type) -> tuple[str, ...]:
    """The names of a graph class's cached properties (its views)."""
    return tuple(name for name in dir(graph_type) if isinstance(getattr(graph_type, name, None), cached_property))


# A MultiDiGraph read and made through its own dicts (`_succ`, `_pred`): networkx's edge views and
# add_edges_from cost microseconds an edge, and the HTML view reads and copies hundreds of thousands.

def edge_list(graph: nx.MultiDiGraph, types=None) -> list[tuple]:
    """Its (u, v, key, data) edges, in the order of graph.edges(keys=True, data=True); given `types`,
    only those whose key is one of them (a KnowledgeGraph's edge is keyed by its type)."""
    succ = graph._succ
    if types is None:  # (a comprehension each way: a generator step per edge costs a third more)
        return [(u, v, k, d) for u, nbrs in succ.items() for v, keyed in nbrs.items() for k, d in keyed.items()]
    return [(u, v, k, d) for u, nbrs in succ.items() for v, keyed in nbrs.items() for k, d in keyed.items()
            if k in types]


def degrees(graph: nx.MultiDiGraph) -> dict:
    """{node: in-degree + out-degree}, as dict(graph.degree())."""
    succ, pred = graph._succ, graph._pred
    return {n: sum(map(len, succ[n].values())) + sum(map(len, pred[n].values())) for n in succ}


def node_labels(graph: nx.Graph) -> dict:
    """{node: its label, or None}: one dict lookup for each of many nodes' labels."""
    return {n: d.get("label") for n, d in graph._node.items()}


def number_of_edges(graph: nx.MultiDiGraph) -> int:
    """graph.number_of_edges(), counted from its dicts (networkx sums the degrees)."""
    return sum(len(keyed) for nbrs in graph._succ.values() for keyed in nbrs.values())


def undirected_edge_list(graph: nx.Graph) -> list[tuple]:
    """An undirected graph's (u, v, data) edges, in the order of graph.edges(data=True): each edge
    from the end met first in node order (networkx skips the neighbours it has already been through)."""
    place = {n: i for i, n in enumerate(graph._adj)}
    return [(u, v, d) for i, (u, nbrs) in enumerate(graph._adj.items()) for v, d in nbrs.items() if place[v] >= i]


def undirected_graph(nodes, edges) -> nx.Graph:
    """The nx.Graph that add_nodes_from(nodes) then add_edges_from(edges) make, when every edge
    (u, v, data) joins two of the nodes and each pair comes once: the same dicts in the same order
    (each edge's data copied, as networkx does), without networkx's cost per edge."""
    out = nx.Graph()
    out.add_nodes_from(nodes)
    adj = out._adj
    for u, v, d in edges:
        d = dict(d)
        adj[u][v] = d
        adj[v][u] = d
    return out


def multidigraph(nodes, edges) -> nx.MultiDiGraph:
    """The MultiDiGraph that add_nodes_from(nodes) then add_edges_from(edges) make, when every edge
    (u, v, key, data) joins two of the nodes and each (u, v, key) comes once (as in a subgraph):
    the same dicts in the same order, without networkx's checks. The edges' data dicts are not
    copied but shared, as in networkx's subgraph views: the graph made is for reading."""
    out = nx.MultiDiGraph()
    out.add_nodes_from(nodes)
    succ, pred = out._succ, out._pred
    for u, v, k, d in edges:
        keyed = succ[u].get(v)
        if keyed is None:
            keyed = succ[u][v] = pred[v][u] = pair_dict(k)
        keyed[k] = d
    return out


# A build folder's graph.json from this size up is read from its graph.parquet instead: twice as fast
# (20,000 papers: 221 MB of JSON in 14.6-18.8 s, its 20 MB graph.parquet in 7.4-8.9 s). Below it,
# importing pyarrow (0.3 s) takes longer than parsing the JSON.
PARQUET_FROM_BYTES = 8_000_000
PARQUET_FILE = "graph.parquet"  # a build folder's copy of its graph as columns (parquet_graph.py)


def graph_file(path: Path) -> Path:
    """The file to read a graph from: `path` itself, or in a build folder its graph.json, or its
    graph.parquet when that is there and graph.json is big or missing (both hold the same graph)."""
    if not path.is_dir():
        return path
    json_path, parquet_path = path / "graph.json", path / PARQUET_FILE
    if parquet_path.is_file() and (not json_path.is_file() or json_path.stat().st_size >= PARQUET_FROM_BYTES):
        return parquet_path
    return json_path


_MOST_HOLDERS = 4096  # classes kept in each registry below; past it the registry starts again


def _dict_sharing_keys(holders: dict, key, name: str) -> dict:
    """A new, empty dict that shares its keys with the others made for `key`: the __dict__ of an
    instance of a class per key (kept in `holders`), which keeps only the values while the class
    keeps the names. A class stops sharing once its instances have used more than 30 names."""
    holder = holders.get(key)
    if holder is None:
        if len(holders) >= _MOST_HOLDERS:
            holders.clear()
        holder = holders[key] = type(name, (), {"__module__": __name__})
    return holder().__dict__


_HOLDERS: dict[tuple[str, ...], type] = {}  # by shape: a relationship's type and property names


def _relationship_dict(shape: tuple[str, ...]) -> dict:
    """A new relationship's properties, {"type": shape[0]}, to which the caller adds the others
    (shape[1:] names them): an ordinary dict, but one that shares its keys with the other
    relationships of its shape. One class a shape, not a type: a type's relationships can use more
    than 30 names between them. A build holds millions of relationships (1.9 million at
    100,000 papers): one with eight properties took 655 bytes in the graph with a plain dict,
    537 so."""
    data = _dict_sharing_keys(_HOLDERS, shape, "_RelationshipProperties")
    data["type"] = shape[0]
    return data


_PAIR_HOLDERS: dict[str, type] = {}  # by the type of a linked pair's first relationship


def pair_dict(first_type: str) -> dict:
    """A new, empty dict of the relationships from one node to another, by type (networkx's
    `_succ[u][v]`, also `_pred[v][u]`), for a pair whose first relationship is of `first_type`:
    an ordinary dict, but one that shares its keys with the other pairs that began with that type,
    as a relationship's properties do with those of its shape (_relationship_dict). A build holds
    one per linked pair (500,000 at 10,000 papers, the graph's biggest single part), almost all
    with one relationship: 184 bytes a pair with its own keys, 148 with one class for all pairs
    (each dict keeps room for every type's value), 96 with a class per first type."""
    return _dict_sharing_keys(_PAIR_HOLDERS, first_type, "_PairRelationships")


class KnowledgeGraph:
    """Typed nodes and relationships over networkx, with the node-link JSON of DESIGN.md."""

    def __init__(self, graph: nx.MultiDiGraph | None = None):
        self.g = graph if graph is not None else nx.MultiDiGraph()

    # -- building ----------------------------------------------------------------------------

    def add_node(self, label: str, node_id: str, **props) -> None:
        if label not in NODES:
            raise ValueError(f"unknown node label {label!r}")
        clean = {k: v for k, v in props.items() if v is not None and v != () and v != []}
        clean = {k: list(v) if isinstance(v, tuple) else v for k, v in clean.items()}
        if node_id in self.g and self.g.nodes[node_id].get("label") != label:
            raise ValueError(f"node id {node_id!r} is already a {self.g.nodes[node_id]['label']}")
        self.g.add_node(node_id, label=label, **clean)

    def add_edge(self, rel_type: str, source: str, target: str, **props) -> None:
        """Add a relationship between two nodes already in the graph, of the labels its type links."""
        endpoints = _ENDPOINTS.get(rel_type)
        if endpoints is None:
            raise ValueError(f"unknown relationship type {rel_type!r}")
        g = self.g
        source_data, target_data = g._node.get(source), g._node.get(target)
        if source_data is None or source_data.get("label") not in endpoints[0]:
            self._refuse(rel_type, source, target, "source", source_data, endpoints[0])
        if target_data is None or target_data.get("label") not in endpoints[1]:
            self._refuse(rel_type, source, target, "target", target_data, endpoints[1])
        data = _relationship_dict((rel_type, *props))
        for k, v in props.items():
            if v is not None:
                data[k] = list(v) if isinstance(v, tuple) else v
        # what g.add_edge(source, target, key=rel_type, **data) does once both nodes exist, without
        # its generic checks: a build adds hundreds of thousands of relationships
        keyed = g._succ[source].get(target)
        if keyed is None:
            keyed = g._succ[source][target] = g._pred[target][source] = pair_dict(rel_type)
        if rel_type in keyed:
            keyed[rel_type].update(data)
        else:
            keyed[rel_type] = data
        nx._clear_cache(g)

    @staticmethod
    def _refuse(rel_type: str, source: str, target: str, end: str, data: dict | None, allowed: frozenset) -> None:
        node = source if end == "source" else target
        if data is None:
            raise ValueError(f"{rel_type} {source!r} -> {target!r}: no {end} node {node!r}")
        raise ValueError(f"{rel_type} {source!r} -> {target!r}: the {end} is a {data.get('label')}, "
                         f"not a {' or '.join(sorted(allowed))}")

    # -- reading -----------------------------------------------------------------------------

    # The readers below go through networkx's own dicts, in its order: its views cost
    # microseconds an item, and a build reads each type of relationship several times.

    def nodes(self, label: str | None = None) -> Iterator[tuple[str, dict]]:
        for n, data in self.g._node.items():
            if label is None or data.get("label") == label:
                yield n, data

    def edges(self, rel_type: str | None = None) -> Iterator[tuple[str, str, dict]]:
        """(source, target, data) of every relationship, or of one type: an edge is keyed by its
        type, so each linked pair is a dict lookup (schema_problem refuses any other key)."""
        for u, nbrs in self.g._succ.items():
            for v, keyed in nbrs.items():
                if rel_type is None:
                    for data in keyed.values():
                        yield u, v, data
                else:
                    data = keyed.get(rel_type)
                    if data is not None:
                        yield u, v, data

    def node_counts(self) -> Counter:
        return Counter(d.get("label") for d in self.g._node.values())

    def edge_counts(self) -> Counter:
        """Relationships by type: an edge's key is its type (schema_problem refuses any other)."""
        return Counter(rel_type for nbrs in self.g._succ.values() for keyed in nbrs.values() for rel_type in keyed)

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

    def json_order(self) -> tuple[list[tuple[str, dict]], Iterator[tuple[str, str, str, dict]]]:
        """The nodes (id, data) and the edges (source, target, key, data) in graph.json's order:
        nodes by label, then id; edges grouped by source node, in node order, as networkx lists
        the edges of `sorted_copy()`. The data dicts are the graph's own."""
        nodes = self._canonical_nodes()
        return nodes, self._edges_in_json_order(nodes)

    def _edges_in_json_order(self, nodes: list[tuple[str, dict]]) -> Iterator[tuple[str, str, str, dict]]:
        """Each node's edges in turn, as `sorted_copy()` lists them: its edges sorted by edge_order
        (type, then target; stably), then grouped by target in order of first appearance. Sorting
        each node's own edges gives what sorting all of them by edge_order and cutting the list
        by source gives, without one sort of every edge held at once."""
        succ = self.g._succ
        for u, _ in nodes:
            own = [(edge_order(u, v, d), v, k, d) for v, keyed in succ[u].items() for k, d in keyed.items()]
            if not own:
                continue
            own.sort(key=_FIRST)
            by_target: dict[str, list[tuple[str, dict]]] = {}
            for _, v, k, d in own:
                found = by_target.get(v)
                if found is None:
                    by_target[v] = [(k, d)]
                else:
                    found.append((k, d))
            for v, keyed in by_target.items():
                for k, d in keyed:
                    yield u, v, k, d

    def _node_link_parts(self) -> tuple[dict, Iterator[dict], Iterator[dict]]:
        """networkx's node-link data of `sorted_copy()`, built without the copy: its graph
        attributes, then its nodes and its edges one dict at a time (made as they are read)."""
        nodes, edges = self.json_order()
        return self.node_link_attributes(), (node_link_node(*n) for n in nodes), (node_link_edge(*e) for e in edges)

    def node_link_attributes(self) -> dict:
        """The graph attributes graph.json carries (its "graph" object)."""
        return {**self.g.graph, "generator": self.g.graph.get("generator", f"graphkb {__version__}")}

    def to_node_link(self) -> dict:
        """networkx's node-link data of `sorted_copy()` (the same dict, built without the copy)."""
        graph, nodes, edges = self._node_link_parts()
        return {"directed": True, "multigraph": True, "graph": graph, "nodes": list(nodes), "edges": list(edges)}

    @classmethod
    def from_node_link(cls, data: dict) -> KnowledgeGraph:
        return cls(nx.node_link_graph(data, directed=True, multigraph=True, edges="edges"))

    def save(self, path: str | Path) -> None:
        """Write node-link JSON atomically: a reader never sees a half-written file."""
        with atomic_writer(path) as fh:
            self.write_json(fh)

    def write_json(self, fh) -> None:
        """Write node-link JSON to a text stream (see `write_node_link`)."""
        with gc_paused():
            write_node_link(fh, *self._node_link_parts())

    @classmethod
    def load(cls, path: str | Path) -> KnowledgeGraph:
        """Read `graph.json`, a `graph.parquet`, or a build folder holding them (see `graph_file`)."""
        path = graph_file(Path(path))
        if path.suffix == ".parquet":
            from .parquet_graph import read_parquet
            kg = cls(read_parquet(path))
            problem = kg.schema_problem()
            if problem:
                raise GraphkbError(f"{path}: {problem}")
            return kg
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
            try:
                kg = cls.from_node_link(data)
            except (KeyError, TypeError, ValueError, nx.NetworkXError) as e:
                raise GraphkbError(f"{path}: not a graph.json file: {e}") from None
        problem = kg.schema_problem()
        if problem:
            raise GraphkbError(f"{path}: {problem}")
        return kg

    def schema_problem(self) -> str | None:
        """The first node or relationship the schema does not allow, described; None if all are.

        A graph.json is input too: its labels and types end up in file names, Cypher and
        IRIs, so only the schema's own are accepted.
        """
        for node, data in self.g.nodes(data=True):
            problem = node_problem(node, data)
            if problem:
                return problem
        labels = node_labels(self.g)
        for source, target, key, data in self.g.edges(keys=True, data=True):
            problem = edge_problem(source, target, key, data, labels)
            if problem:
                return problem
        return None


def node_problem(node, data: dict) -> str | None:
    """What the schema refuses in a node, or None."""
    if data.get("label") not in NODES:
        return (f"node {str(node)[:80]!r} has label {str(data.get('label'))[:80]!r}, "
                f"not one of {', '.join(NODES)}")
    return None


def edge_problem(source, target, key, data: dict, labels: dict) -> str | None:
    """What the schema refuses in a relationship between nodes of `labels` ({id: label}), or None."""
    rel_type = data.get("type")
    endpoints = _ENDPOINTS.get(rel_type)
    if endpoints is None or key != rel_type:
        return (f"relationship {str(source)[:80]!r} -> {str(target)[:80]!r} has type "
                f"{str(rel_type)[:80]!r}, not one of {', '.join(RELATIONSHIPS)}")
    if labels.get(source) not in endpoints[0] or labels.get(target) not in endpoints[1]:
        return (f"relationship {rel_type} {str(source)[:80]!r} -> {str(target)[:80]!r} links a "
                f"{labels.get(source)} to a {labels.get(target)}, which the schema does not allow")
    return None


def node_link_node(node: str, data: dict) -> dict:
    """A node as graph.json writes it: its properties by name, then its id."""
    return {**dict(sorted(data.items())), "id": node}


def node_link_edge(source: str, target: str, key: str, data: dict) -> dict:
    """A relationship as graph.json writes it: its properties by name, then its ends and key."""
    return {**dict(sorted(data.items())), "source": source, "target": target, "key": key}


def write_node_link(fh, graph: dict, nodes: Iterable[dict], edges: Iterable[dict]) -> None:
    """Write node-link JSON (graph.json) to a text stream, from its graph attributes and its node
    and edge dicts, each already in graph.json's order with its keys.

    One node or edge per line: the file diffs well, and each line is encoded by
    json's C encoder (an indented dump goes through its pure-Python one, 4x slower).
    The lines are made and written a few thousand at a time, so writing takes little
    memory beside the graph (at 20,000 papers the whole text and a copy of every
    element's dict took 0.8 GB).
    """
    dump = json.JSONEncoder(ensure_ascii=False).encode
    fh.write("{\n")
    for key, value in (("directed", True), ("multigraph", True), ("graph", graph)):
        fh.write(f"{dump(key)}: {dump(value)},\n")
    for key, items, end in (("nodes", nodes, ",\n"), ("edges", edges, "\n")):
        fh.write(f"{dump(key)}: [\n")
        separator = ""
        for chunk in chunks(items, _JSON_LINES_PER_WRITE):
            fh.write(separator + ",\n".join(map(dump, chunk)))
            separator = ",\n"
        fh.write(f"\n]{end}")
    fh.write("}\n")


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Lists of the next `size` items, until `items` runs out (one pass over any iterable)."""
    items = iter(items)
    return iter(lambda: list(islice(items, size)), [])
