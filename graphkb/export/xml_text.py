"""What the XML formats (GraphML, GEXF) share: values as text, escaping, a property's type, and
writing a document in two passes from a graph or from a graph.parquet (`writers`).

Both hold scalars only: a list or a dict (the evidence) is written as JSON text (keys sorted).
A property's type comes from its values: `string`, `long`, `double` or `boolean` (the names
both formats use); ints beside floats make a `double`, anything beside text a `string`.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from ..graph import KnowledgeGraph, edge_list
from ..memory import gc_paused
from ..parquet_graph import elements

_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
# what XML 1.0 cannot hold at all (written as U+FFFD), and what it must escape
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_TEXT, _ESCAPE_ATTRIBUTE = re.compile("[&<>]"), re.compile('[&<>"]')
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}

Kinds = dict[str, set[type]]  # a property's name -> the types of its values


def xml_type(kinds: set[type]) -> str:
    """The XML format's type of a property whose values are of `kinds` (a list or dict is text)."""
    kinds = {kind if kind in _TYPES else str for kind in kinds}
    if len(kinds) == 1:
        return _TYPES[kinds.pop()]
    return "double" if kinds == {int, float} else "string"


def see_kinds(kinds: Kinds, data: dict) -> None:
    """Add the types of `data`'s values to `kinds`, by property."""
    for key, value in data.items():
        found = kinds.get(key)
        if found is None:
            kinds[key] = {type(value)}
        else:
            found.add(type(value))


def xml_value(value, attribute: bool = False) -> str:
    """A value as XML text, escaped (for an attribute's quotes too)."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)
    if kind is not str:
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return xml_escape(value, attribute)


def xml_escape(text: str, attribute: bool = True) -> str:
    """Text for XML: what XML cannot hold replaced, markup escaped (quotes too, in an attribute)."""
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
    escape = _ESCAPE_ATTRIBUTE if attribute else _ESCAPE_TEXT
    return escape.sub(lambda m: _ESCAPES[m.group()], text) if escape.search(text) else text


def writers(write_document: Callable[..., None], node_attributes: Callable[[dict], dict] = lambda data: data,
            edge_attributes: Callable[[str, dict], dict] = lambda key, data: data) -> tuple[Callable, Callable]:
    """An XML exporter's `write` (from a graph) and `stream` (from a graph.parquet, the graph never
    built): a pass over the elements for the kinds of their attributes (`node_attributes(data)`,
    `edge_attributes(key, data)`), then `write_document(out, node_kinds, edge_kinds, nodes,
    edges)` over them in graph.json's order. The same bytes either way."""
    def kinds(nodes: Iterable[tuple[str, dict]], edges: Iterable[tuple]) -> tuple[Kinds, Kinds]:
        node_kinds: Kinds = {}
        edge_kinds: Kinds = {}
        for _, data in nodes:
            see_kinds(node_kinds, node_attributes(data))
        for _, _, key, data in edges:
            see_kinds(edge_kinds, edge_attributes(key, data))
        return node_kinds, edge_kinds

    def write(graph: KnowledgeGraph, out: BinaryIO) -> str:
        with gc_paused():
            node_kinds, edge_kinds = kinds(graph.g._node.items(), edge_list(graph.g))
            nodes, edges = graph.json_order()
            write_document(out, node_kinds, edge_kinds, nodes, edges)
        return f"{len(nodes):,} nodes"

    def stream(parquet: Path, out: BinaryIO) -> str:
        with gc_paused():
            node_kinds, edge_kinds = kinds(*elements(parquet)[2:])
            _, node_count, nodes, edges = elements(parquet)
            write_document(out, node_kinds, edge_kinds, nodes, edges)
        return f"{node_count:,} nodes (streamed from {Path(parquet).name})"
    return write, stream
