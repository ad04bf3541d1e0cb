"""The RDF view of the graph: standard vocabularies, the graphkb ontology and SHACL shapes.

vocab (namespaces) -> iris (safe IRIs) -> triples (mapping tables) -> writers (one per
format); sparql runs queries over an export. ontology.ttl and shapes.ttl ship here.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def ontology_path() -> Path:
    """The graphkb ontology (Turtle) shipped with the package."""
    return Path(str(files(__name__) / "ontology.ttl"))


def shapes_path() -> Path:
    """The SHACL shapes of the export (Turtle) shipped with the package."""
    return Path(str(files(__name__) / "shapes.ttl"))
