"""Output formats: one module per format, each registering an Exporter by name.

`graphkb export NAME OUT/ -o FILE` runs one; `graphkb build` runs those marked
`in_build` to write their views beside graph.json.
"""
from __future__ import annotations

from .registry import EXPORTERS, Exporter, register  # noqa: F401

# isort: off
# Registration order: the order in which `graphkb build` writes graph.json and its views.
from . import json_graph, parquet, html, rdf, cypher_script, graphml, gexf, neo4j_csv  # noqa: E402,F401  (register)
# isort: on
