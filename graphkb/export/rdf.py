"""RDF: the graph in Turtle, N-Triples, JSON-LD or RDF/XML with standard vocabularies.

The build writes graph.ttl beside graph.json; `graphkb export rdf` writes any
format under any base. The mapping lives in graphkb/rdf/.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ..errors import GraphkbError
from ..fileio import atomic_writer
from ..graph import KnowledgeGraph
from ..rdf.iris import check_base
from ..rdf.triples import graph_triples
from ..rdf.vocab import prefixes
from ..rdf.writers import FORMATS
from .registry import Exporter, register


def write_rdf(graph: KnowledgeGraph, output: Path | BinaryIO, fmt: str = "turtle",
              base: str | None = None) -> int:
    """Write the RDF view of `graph` to a file (atomically) or a binary stream; returns the triple count."""
    if fmt not in FORMATS:
        raise GraphkbError(f"unknown RDF format {fmt!r} (expected one of {', '.join(FORMATS)})")
    base = check_base(base)
    writer = FORMATS[fmt].write
    if isinstance(output, (str, Path)):
        with atomic_writer(output, "wb") as fh:
            return writer(graph_triples(graph, base), fh, prefixes(base))
    return writer(graph_triples(graph, base), output, prefixes(base))


def write(graph: KnowledgeGraph, path: Path) -> None:
    write_rdf(graph, path, "turtle")


EXPORTER = register(Exporter("rdf", "graph.ttl", write,
                             "RDF (Turtle) with Dublin Core, FaBiO, CiTO, PROV-O and SKOS", in_build=True))
