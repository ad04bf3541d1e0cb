"""Output formats: one module per format, each registering an Exporter by name.

`graphkb export NAME OUT/ -o FILE` runs one; `graphkb build` runs those marked
`in_build` to write their views beside graph.json.
"""
from __future__ import annotations

from .registry import EXPORTERS, Exporter, register  # noqa: F401
from . import json_graph, html, graphml, gexf, rdf, cypher_script, neo4j_csv  # noqa: F401,E402  (register)
