"""GraphML for Cytoscape, yEd and Gephi, written a node and a relationship at a time.

GraphML holds scalars only: a list or a dict (the evidence) is written as JSON text (keys
sorted). Each property gets one key per scope, typed from its values: `string`, `long`,
`double` or `boolean`; ints beside floats make a `double`, anything beside text a `string`.
The document is written here rather than by networkx's writer, which builds it whole as an
element tree first: the same bytes come from the graph and, a row group at a time, from a
graph.parquet (`stream`). networkx reads it back (`nx.read_graphml(path, force_multigraph=True)`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from ..graph import KnowledgeGraph, chunks, edge_list
from ..memory import gc_paused
from ..parquet_graph import checked_rows
from .registry import Exporter, register

_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
# what XML 1.0 cannot hold at all (written as U+FFFD), and what it must escape
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_TEXT, _ESCAPE_ATTRIBUTE = re.compile("[&<>]"), re.compile('[&<>"]')
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_ELEMENTS_AT_ONCE = 4096

Kinds = dict[str, set[type]]


def graphml_type(kinds: set[type]) -> str:
    """The GraphML type of a property whose values are of `kinds` (a list or dict is text)."""
    kinds = {kind if kind in _TYPES else str for kind in kinds}
    if len(kinds) == 1:
        return _TYPES[kinds.pop()]
    return "double" if kinds == {int, float} else "string"


def _text(value) -> str:
    """A value as GraphML text, escaped."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)
    if kind is not str:
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _escape(value, _ESCAPE_TEXT)


def _escape(text: str, escape: re.Pattern = _ESCAPE_ATTRIBUTE) -> str:
    """Text for XML: what XML cannot hold replaced, markup escaped (quotes too, in an attribute)."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
    return escape.sub(lambda m: _ESCAPES[m.group()], text) if escape.search(text) else text


def see_kinds(kinds: Kinds, data: dict) -> None:
    """Add the types of `data`'s values to `kinds`, by property."""
    for key, value in data.items():
        found = kinds.get(key)
        if found is None:
            kinds[key] = {type(value)}
        else:
            found.add(type(value))


def _key_lines(node_kinds: Kinds, edge_kinds: Kinds) -> Iterator[str]:
    for scope, kinds in (("node", node_kinds), ("edge", edge_kinds)):
        for name in sorted(kinds):
            key = _escape(name)
            yield (f'  <key id="{scope[0]}:{key}" for="{scope}" attr.name="{key}" '
                   f'attr.type="{graphml_type(kinds[name])}" />\n')


def _data_lines(scope: str, data: dict) -> str:
    return "".join(f'      <data key="{scope}:{_escape(key)}">{_text(data[key])}</data>\n' for key in sorted(data))


def write_graphml(out: BinaryIO, node_kinds: Kinds, edge_kinds: Kinds, nodes: Iterable[tuple[str, dict]],
                  edges: Iterable[tuple[str, str, str, dict]]) -> None:
    """The document, given each scope's property kinds, then the nodes (id, data) and edges
    (source, target, key, data) in the order to write them."""
    out.write((_HEAD + "".join(_key_lines(node_kinds, edge_kinds)) + '  <graph edgedefault="directed">\n')
              .encode("utf-8"))
    for batch in chunks(nodes, _ELEMENTS_AT_ONCE):
        out.write("".join(f'    <node id="{_escape(str(node))}">\n{_data_lines("n", data)}    </node>\n'
                          for node, data in batch).encode("utf-8"))
    for batch in chunks(edges, _ELEMENTS_AT_ONCE):
        out.write("".join(f'    <edge id="{_escape(str(key))}" source="{_escape(str(source))}" '
                          f'target="{_escape(str(target))}">\n{_data_lines("e", data)}    </edge>\n'
                          for source, target, key, data in batch).encode("utf-8"))
    out.write(b"  </graph>\n</graphml>\n")


def write(graph: KnowledgeGraph, out: BinaryIO) -> str:
    """The graph's GraphML, nodes and edges in graph.json's order."""
    with gc_paused():
        node_kinds: Kinds = {}
        edge_kinds: Kinds = {}
        for data in graph.g._node.values():
            see_kinds(node_kinds, data)
        for _, _, _, data in edge_list(graph.g):
            see_kinds(edge_kinds, data)
        nodes, edges = graph.json_order()
        write_graphml(out, node_kinds, edge_kinds, nodes, edges)
    return f"{len(nodes):,} nodes"


def stream(parquet: Path, out: BinaryIO) -> str:
    """`write` from a graph.parquet, without building the graph: a pass for the properties' kinds,
    a pass to write (the same bytes)."""
    with gc_paused():
        node_kinds: Kinds = {}
        edge_kinds: Kinds = {}
        _, node_count, rows = checked_rows(parquet)
        for _, _, data in islice(rows, node_count):
            see_kinds(node_kinds, data)
        for _, _, data in rows:
            see_kinds(edge_kinds, data)
        _, node_count, rows = checked_rows(parquet)
        nodes = ((node, data) for _, (node,), data in islice(rows, node_count))
        edges = ((source, target, key, data) for _, (source, target, key), data in rows)
        write_graphml(out, node_kinds, edge_kinds, nodes, edges)
    return f"{node_count:,} nodes (streamed from {Path(parquet).name})"


EXPORTER = register(Exporter("graphml", "graph.graphml", write,
                             "GraphML for Cytoscape, yEd and Gephi (lists and evidence as JSON text)", binary=True,
                             stream=stream))
