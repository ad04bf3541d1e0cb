"""A small registry of exporters, looked up by name (as rdflib's plugin registry is).

Each format module registers one Exporter that declares what it writes and the
options it takes; `graphkb export NAME` is generated from that declaration, so a
new format is one module here and nothing in the CLI.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import GraphkbError
from ..fileio import atomic_writer
from ..graph import KnowledgeGraph

if TYPE_CHECKING:
    from ..delta import GraphDelta


class EarlierFileMismatch(Exception):
    """An earlier build's file is not the one an update's changes were taken against (it was
    edited, or written by another build): the file is written whole instead."""


@dataclass(frozen=True)
class Option:
    """An option of an exporter; the CLI offers it as `--name-with-dashes`.

    `type` is int, str, float, or a tuple of the allowed strings. `minimum` bounds an int.
    """

    name: str
    type: type | tuple[str, ...]
    default: object
    help: str
    minimum: int | None = None
    metavar: str | None = None


@dataclass(frozen=True)
class Exporter:
    """Writes a KnowledgeGraph in one format.

    `write(graph, out, **options)` writes to `out`, an open stream (bytes when `binary`,
    else text) or, for a `folder` format, the folder's path (written atomically by the
    format itself); it returns a short summary of what it wrote, or None. `filename` is
    the name used beside graph.json when the build writes this view (`in_build`), and
    the default output of `graphkb export`; `filename_for(options)` may choose it from
    the options (graph.nt for N-Triples). `resolve(options, output)` may fill options
    from the output's name (the RDF format from its extension). `write_cost`: about how
    long it takes to write a graph, relative to graph.json (the build's processes take
    the costliest file first). `stream(parquet_path, out, **options)`, where given, writes the
    format straight from a graph.parquet, a batch of rows at a time, without building the graph:
    `graphkb export` uses it when it reads a graph.parquet. `splice(graph, delta, earlier, out,
    **options)`, where given, writes the same bytes as `write` from the same file of an earlier
    build (its bytes) and what changed since (delta.GraphDelta), to a bytes stream; it raises
    EarlierFileMismatch when the earlier file is not the one the delta was taken against.
    """

    name: str
    filename: str
    write: Callable[..., str | None]
    description: str
    options: tuple[Option, ...] = ()
    in_build: bool = False
    binary: bool = False
    folder: bool = False
    filename_for: Callable[[dict], str] | None = None
    resolve: Callable[[dict, str | None], dict] | None = None
    write_cost: float = 1.0
    stream: Callable[..., str | None] | None = None
    splice: Callable[..., str | None] | None = None

    def default_options(self) -> dict:
        return {o.name: o.default for o in self.options}

    def output_name(self, options: dict) -> str:
        return self.filename_for(options) if self.filename_for else self.filename

    def export(self, graph: KnowledgeGraph, output: str | Path | IO, **options) -> str | None:
        """Write `graph` to a path (atomically: a failed export leaves no half-written file),
        to a stream, or to `-` (standard output); returns the format's summary."""
        return self._export(lambda out, **o: self.write(graph, out, **o), output, options)

    def export_streamed(self, parquet: Path, output: str | Path | IO, **options) -> str | None:
        """As `export`, from a graph.parquet through `stream` (the graph is never built)."""
        return self._export(lambda out, **o: self.stream(parquet, out, **o), output, options)

    def export_spliced(self, graph: KnowledgeGraph, delta: GraphDelta, earlier: Path, output: str | Path,
                       **options) -> str | None:
        """As `export` to a path, through `splice` from the file `earlier` of an earlier build."""
        options = {**self.default_options(), **options}
        if self.resolve:
            options = self.resolve(options, str(output))
        content = earlier.read_bytes()
        with atomic_writer(output, "wb") as fh:
            return self.splice(graph, delta, content, fh, **options)

    def _export(self, write: Callable[..., str | None], output: str | Path | IO, options: dict) -> str | None:
        options = {**self.default_options(), **options}
        if self.resolve:
            options = self.resolve(options, None if not isinstance(output, (str, Path)) else str(output))
        if self.folder:
            if not isinstance(output, (str, Path)) or str(output) == "-":
                raise GraphkbError(f"{self.name} writes a folder: give -o a folder, not standard output")
            return write(Path(output), **options)
        if isinstance(output, (str, Path)) and str(output) == "-":
            standard = sys.stdout.buffer if self.binary else sys.stdout
            summary = write(standard, **options)
            standard.flush()
            return summary
        if isinstance(output, (str, Path)):
            with atomic_writer(output, "wb" if self.binary else "w") as fh:
                return write(fh, **options)
        return write(output, **options)


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter
