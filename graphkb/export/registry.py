"""A small registry of exporters, looked up by name (as rdflib's plugin registry is)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..graph import KnowledgeGraph


@dataclass(frozen=True)
class Exporter:
    """Writes a KnowledgeGraph in one format.

    `write(graph, path)` must write atomically (see fileio.atomic_writer): a
    failed export leaves no half-written file. `filename` is the name used
    beside graph.json when the build writes this view (`in_build`).
    """

    name: str
    filename: str
    write: Callable[[KnowledgeGraph, Path], None]
    description: str
    in_build: bool = False


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter
