"""Run a Cypher query against Neo4j; its records as plain values (printed by querypack's formats)."""
from __future__ import annotations

from collections.abc import Mapping

from ..querypack import QueryResult
from .connection import Connection


def plain(value):
    """A driver value as plain data: nodes, relationships and paths become dicts."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, Relationship):
        return {"type": value.type, "start": value.start_node.get("id"), "end": value.end_node.get("id"),
                "properties": plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if hasattr(value, "iso_format"):  # neo4j.time values
        return value.iso_format()
    return str(value)


def run_query(connection: Connection, text: str, params: dict | None = None) -> QueryResult:
    records, columns = connection.read(text, params or {})
    return QueryResult(columns=columns, rows=[{c: plain(r[c]) for c in columns} for r in records])
