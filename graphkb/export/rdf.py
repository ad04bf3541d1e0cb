"""RDF: the graph in Turtle, N-Triples, JSON-LD or RDF/XML with standard vocabularies.

The build writes graph.ttl beside graph.json; `graphkb export rdf` writes any
format under any base. The mapping lives in graphkb/rdf/.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import GraphkbError
from ..fileio import atomic_writer
from ..graph import KnowledgeGraph
from ..memory import gc_paused
from ..rdf.columns import graph_turtle
from ..rdf.iris import check_base
from ..rdf.spliced import Mismatch, splice_turtle
from ..rdf.streamed import parquet_triples
from ..rdf.triples import Triple, graph_triples
from ..rdf.vocab import DEFAULT_BASE, prefixes
from ..rdf.writers import FORMATS, format_for_path
from .registry import EarlierFileMismatch, Exporter, Option, register

if TYPE_CHECKING:
    from ..delta import GraphDelta


def write_rdf(graph: KnowledgeGraph, output: Path | BinaryIO, fmt: str = "turtle",
              base: str | None = None) -> int:
    """Write the RDF view of `graph` to a file (atomically) or a binary stream; returns the triple count.
    Turtle's qualified nodes are made by columns (rdf/columns.py), to the same bytes."""
    if fmt == "turtle":
        return _write(lambda fh, checked_base: graph_turtle(graph, fh, checked_base), output, base)
    return _write_triples(lambda checked_base: graph_triples(graph, checked_base), output, fmt, base)


def _write_triples(triples_for: Callable[[str], Iterable[Triple]], output: Path | BinaryIO, fmt: str,
                   base: str | None) -> int:
    """Write the triples `triples_for(base)` gives in `fmt`; returns their count."""
    if fmt not in FORMATS:
        raise GraphkbError(f"unknown RDF format {fmt!r} (expected one of {', '.join(FORMATS)})")
    writer = FORMATS[fmt].write
    return _write(lambda fh, checked_base: writer(triples_for(checked_base), fh, prefixes(checked_base)), output, base)


def _write(write_to: Callable[[BinaryIO, str], int], output: Path | BinaryIO, base: str | None) -> int:
    """`write_to(binary stream, checked base)` into a file (atomically) or a binary stream."""
    base = check_base(base)
    # millions of short-lived triples beside the sorted edges: the collector's passes would cost
    # as much as the writing (graph.ttl at 10k papers: 29 s with them, 15 s without)
    with gc_paused():
        if isinstance(output, (str, Path)):
            with atomic_writer(output, "wb") as fh:
                return write_to(fh, base)
        return write_to(output, base)


def write(graph: KnowledgeGraph, out: BinaryIO, format: str = "turtle", base: str | None = None) -> str:
    n = write_rdf(graph, out, format, base)
    return f"{n:,} triples, {format}"


def stream(parquet: Path, out: BinaryIO, format: str = "turtle", base: str | None = None) -> str:
    """`write` from a graph.parquet, without building the graph (rdf.streamed): the same bytes."""
    n = _write_triples(lambda checked_base: parquet_triples(parquet, checked_base), out, format, base)
    return f"{n:,} triples, {format} (streamed from {Path(parquet).name})"


def splice(graph: KnowledgeGraph, delta: GraphDelta, earlier: bytes, out: BinaryIO, format: str = "turtle",
           base: str | None = None) -> None:
    """graph.ttl from the earlier build's and what changed (rdf/spliced.py): the bytes `write` writes."""
    if format != "turtle":
        raise EarlierFileMismatch(f"{format} is written whole")
    try:
        with gc_paused():
            splice_turtle(graph, delta, earlier, out, check_base(base))
    except Mismatch as e:
        raise EarlierFileMismatch(str(e)) from None


def resolve(options: dict, output: str | None) -> dict:
    """No --format: the one the output's extension names, else Turtle."""
    if options.get("format") is None:
        guessed = format_for_path(output) if output and output != "-" else None
        options = {**options, "format": guessed.name if guessed else "turtle"}
    return options


EXPORTER = register(Exporter(
    "rdf", "graph.ttl", write,
    "RDF with Dublin Core, FaBiO, CiTO, PROV-O and SKOS (see the README's vocabulary table)",
    options=(
        Option("format", tuple(FORMATS), None, "turtle, nt (N-Triples), json-ld or xml (RDF/XML). "
                                               "[default: from -o's extension, else turtle]"),
        Option("base", str, None, "Namespace of graphkb resources (papers, methods, ...); must end with / or #. "
                                  f"[default: {DEFAULT_BASE}]"),
    ),
    # Turtle: 10k papers 5.4 s, 100k 31.7 s (graph.json 3.5-3.8 s, 21.3 s; before its qualified
    # nodes were made by columns 13.4 s and 85.0 s beside 4.6 s and 29.1 s)
    in_build=True, binary=True, resolve=resolve, write_cost=1.5, stream=stream, splice=splice,
    filename_for=lambda options: "graph" + FORMATS[options.get("format") or "turtle"].extension))
