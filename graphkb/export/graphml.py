"""GraphML for Cytoscape, yEd and Gephi, written a node and a relationship at a time.

Each property gets one key per scope (`n:title`, `e:score`), typed from its values and written
as xml_text says (lists and the evidence as JSON text). The document is written here rather
than by networkx's writer, which builds it whole as an element tree first: the same bytes come
from the graph and, a batch of rows at a time, from a graph.parquet (`stream`). networkx reads it
back (`nx.read_graphml(path, force_multigraph=True)`).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..graph import chunks
from .registry import Exporter, register
from .xml_text import Kinds, writers, xml_escape, xml_type, xml_value

_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
         'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
_ELEMENTS_AT_ONCE = 4096


def _key_lines(node_kinds: Kinds, edge_kinds: Kinds) -> Iterator[str]:
    for scope, kinds in (("node", node_kinds), ("edge", edge_kinds)):
        for name in sorted(kinds):
            key = xml_escape(name)
            yield (f'  <key id="{scope[0]}:{key}" for="{scope}" attr.name="{key}" '
                   f'attr.type="{xml_type(kinds[name])}" />\n')


def _data_lines(scope: str, data: dict) -> str:
    return "".join(f'      <data key="{scope}:{xml_escape(key)}">{xml_value(data[key])}</data>\n'
                   for key in sorted(data))


def write_graphml(out: BinaryIO, node_kinds: Kinds, edge_kinds: Kinds, nodes: Iterable[tuple[str, dict]],
                  edges: Iterable[tuple[str, str, str, dict]]) -> None:
    """The document, given each scope's property kinds, then the nodes (id, data) and edges
    (source, target, key, data) in the order to write them."""
    out.write((_HEAD + "".join(_key_lines(node_kinds, edge_kinds)) + '  <graph edgedefault="directed">\n')
              .encode("utf-8"))
    for batch in chunks(nodes, _ELEMENTS_AT_ONCE):
        out.write("".join(f'    <node id="{xml_escape(str(node))}">\n{_data_lines("n", data)}    </node>\n'
                          for node, data in batch).encode("utf-8"))
    for batch in chunks(edges, _ELEMENTS_AT_ONCE):
        out.write("".join(f'    <edge id="{xml_escape(str(key))}" source="{xml_escape(str(source))}" '
                          f'target="{xml_escape(str(target))}">\n{_data_lines("e", data)}    </edge>\n'
                          for source, target, key, data in batch).encode("utf-8"))
    out.write(b"  </graph>\n</graphml>\n")


write, stream = writers(write_graphml)


EXPORTER = register(Exporter("graphml", "graph.graphml", write,
                             "GraphML for Cytoscape, yEd and Gephi (lists and evidence as JSON text)", binary=True,
                             stream=stream))
