"""node-link JSON (the graph.json contract of DESIGN.md)."""
from __future__ import annotations

import json
from typing import BinaryIO, TextIO

from ..delta import GraphDelta
from ..graph import KnowledgeGraph, node_link_edge, node_link_node
from ..parquet_graph import write_json_from_parquet
from .registry import EarlierFileMismatch, Exporter, register

_SAMPLED = 97  # an earlier edge line in this many is checked against the element it should hold


def write(graph: KnowledgeGraph, out: TextIO) -> None:
    graph.write_json(out)


def _sections(earlier: bytes, nodes: int, edges: int) -> tuple[list[bytes], list[bytes]]:
    """The earlier graph.json's node lines and edge lines (without their separating commas),
    checked against the numbers of elements the earlier graph has (delta.GraphDelta)."""
    lines = earlier.split(b"\n")
    try:
        at_nodes, at_edges = lines.index(b'"nodes": ['), lines.index(b'"edges": [')
    except ValueError:
        raise EarlierFileMismatch("not a graph.json written by graphkb") from None
    node_lines, edge_lines = lines[at_nodes + 1:at_nodes + 1 + nodes], lines[at_edges + 1:at_edges + 1 + edges]
    if (at_edges != at_nodes + nodes + 2 + (nodes == 0) or len(lines) != at_edges + edges + 4 + (edges == 0)
            or lines[at_edges - 1] != b"],"):
        raise EarlierFileMismatch("its nodes and relationships are not those of the earlier graph")
    return [line.removesuffix(b",") for line in node_lines], [line.removesuffix(b",") for line in edge_lines]


def splice(graph: KnowledgeGraph, delta: GraphDelta, earlier: bytes, out: BinaryIO) -> None:
    """graph.json from the earlier build's (`earlier`, its bytes) and what changed: the lines of
    the elements that are the same are copied, the others made (the bytes `write` makes)."""
    old_nodes, old_edges = _sections(earlier, delta.earlier_nodes, delta.earlier_edges)
    dump = json.JSONEncoder(ensure_ascii=False).encode
    now = delta.now
    for (node, _), i in zip(now.nodes, delta.node_from.tolist()):
        if i >= 0 and not old_nodes[i].endswith(b'"id": ' + dump(node).encode() + b"}"):
            raise EarlierFileMismatch(f"its line of node {node} holds another node")
    for (u, v, k, _), i in zip(now.edges[::_SAMPLED], delta.edge_from[::_SAMPLED].tolist()):
        if i >= 0 and not old_edges[i].endswith(f'"source": {dump(u)}, "target": {dump(v)}, "key": {dump(k)}}}'
                                                .encode()):
            raise EarlierFileMismatch(f"its line of relationship {u} -> {v} holds another one")
    nodes = [old_nodes[i] if i >= 0 else dump(node_link_node(*n)).encode()
             for n, i in zip(now.nodes, delta.node_from.tolist())]
    edges = [old_edges[i] if i >= 0 else dump(node_link_edge(*e)).encode()
             for e, i in zip(now.edges, delta.edge_from.tolist())]
    out.write(b"{\n")
    for key, value in (("directed", True), ("multigraph", True), ("graph", graph.node_link_attributes())):
        out.write(f"{dump(key)}: {dump(value)},\n".encode())
    for key, lines, end in (("nodes", nodes, b",\n"), ("edges", edges, b"\n")):
        out.write(f"{dump(key)}: [\n".encode())
        out.write(b",\n".join(lines))
        out.write(b"\n]" + end)
    out.write(b"}\n")


EXPORTER = register(Exporter("json", "graph.json", write,
                             "networkx node-link JSON (the graph.json contract)", stream=write_json_from_parquet,
                             splice=splice))
