"""Output formats: one module per format, each registering an Exporter by name.

`graphkb export NAME OUT/ -o FILE` runs one; `graphkb build` runs those marked
`in_build` to write their views beside graph.json.
"""
from __future__ import annotations

from . import cypher_script, gexf, graphml, html, json_graph, neo4j_csv, rdf  # noqa: F401,E402  (register)
from .registry import EXPORTERS, Exporter, register  # noqa: F401
