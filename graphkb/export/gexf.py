"""GEXF for Gephi, written a node and a relationship at a time.

GEXF reserves `label` (the name Gephi shows) and, on edges, `type` (directed or
undirected) and `weight`, so our node label goes to the attribute `kind`, the
node's name or title becomes its GEXF label, the relationship type becomes the
edge's label and its `kind`, and its score, count or weight the GEXF weight.
Nodes carry their legend colour (viz:color) so Gephi opens them coloured. Values are
written as xml_text says (lists and the evidence as JSON text). The document is written
here rather than by networkx's writer, which builds it whole as an element tree first: the
same bytes come from the graph and from a graph.parquet (`stream`). networkx reads it back
(`nx.read_gexf(path)`).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from .. import __version__
from ..graph import chunks
from ..keys import display_name
from ..schema import NODES
from .registry import Exporter, register
from .xml_text import Kinds, writers, xml_escape, xml_type, xml_value

_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
         f'  <meta>\n    <creator>graphkb {__version__}</creator>\n  </meta>\n'
         '  <graph defaultedgetype="directed" mode="static">\n')
_ELEMENTS_AT_ONCE = 4096
_EDGE_RESERVED = ("type", "weight")


def _colour(label: str) -> str:
    colour = NODES[label].colour
    return f'<viz:color r="{int(colour[1:3], 16)}" g="{int(colour[3:5], 16)}" b="{int(colour[5:7], 16)}" a="1.0" />'


def node_attributes(data: dict) -> dict:
    """A node's GEXF attributes: its properties, its label as `kind`."""
    attributes = {key: value for key, value in data.items() if key != "label"}
    attributes["kind"] = data.get("label")
    return attributes


def edge_attributes(key: str, data: dict) -> dict:
    """A relationship's GEXF attributes: its properties but type and weight, its type as `kind`."""
    attributes = {name: value for name, value in data.items() if name not in _EDGE_RESERVED}
    attributes["kind"] = data.get("type", key)
    return attributes


def _weight(data: dict):
    weight = data.get("score", data.get("count", data.get("weight")))
    return weight if isinstance(weight, int | float) and not isinstance(weight, bool) else None


def _declarations(scope: str, kinds: Kinds, ids: dict[str, str]) -> str:
    lines = [f'    <attributes class="{scope}" mode="static">\n']
    for name in sorted(kinds):
        ids[name] = str(len(ids))
        lines.append(f'      <attribute id="{ids[name]}" title="{xml_escape(name)}" '
                     f'type="{xml_type(kinds[name])}" />\n')
    lines.append("    </attributes>\n")
    return "".join(lines)


def _values(attributes: dict, ids: dict[str, str]) -> str:
    return "".join(f'          <attvalue for="{ids[name]}" value="{xml_value(attributes[name], attribute=True)}" />\n'
                   for name in sorted(attributes))


def _node(node: str, data: dict, ids: dict[str, str]) -> str:
    return (f'      <node id="{xml_escape(str(node))}" label="{xml_escape(str(display_name(node, data)))}">\n'
            f'        {_colour(data["label"])}\n'
            f'        <attvalues>\n{_values(node_attributes(data), ids)}        </attvalues>\n      </node>\n')


def _edge(source: str, target: str, key: str, data: dict, ids: dict[str, str]) -> str:
    weight = _weight(data)
    weighted = f' weight="{xml_value(weight)}"' if weight is not None else ""
    attributes = edge_attributes(key, data)
    return (f'      <edge id="{xml_escape(f"{source}|{target}|{key}")}" source="{xml_escape(str(source))}" '
            f'target="{xml_escape(str(target))}" label="{xml_escape(str(attributes["kind"]))}"{weighted}>\n'
            f'        <attvalues>\n{_values(attributes, ids)}        </attvalues>\n      </edge>\n')


def write_gexf(out: BinaryIO, node_kinds: Kinds, edge_kinds: Kinds, nodes: Iterable[tuple[str, dict]],
               edges: Iterable[tuple[str, str, str, dict]]) -> None:
    """The document, given the kinds of the nodes' and edges' GEXF attributes, then the nodes
    (id, data) and edges (source, target, key, data) in the order to write them."""
    node_ids: dict[str, str] = {}
    edge_ids: dict[str, str] = {}
    head = _HEAD + _declarations("node", node_kinds, node_ids) + _declarations("edge", edge_kinds, edge_ids)
    out.write((head + "    <nodes>\n").encode("utf-8"))
    for batch in chunks(nodes, _ELEMENTS_AT_ONCE):
        out.write("".join(_node(node, data, node_ids) for node, data in batch).encode("utf-8"))
    out.write(b"    </nodes>\n    <edges>\n")
    for batch in chunks(edges, _ELEMENTS_AT_ONCE):
        out.write("".join(_edge(u, v, k, data, edge_ids) for u, v, k, data in batch).encode("utf-8"))
    out.write(b"    </edges>\n  </graph>\n</gexf>\n")


write, stream = writers(write_gexf, node_attributes, edge_attributes)


EXPORTER = register(Exporter("gexf", "graph.gexf", write,
                             "GEXF for Gephi (node label as `kind`, relationship type as edge label)", binary=True,
                             stream=stream))
