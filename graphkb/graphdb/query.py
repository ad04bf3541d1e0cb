"""Run a Cypher query (inline or a pack file) and print its records as a table, JSON or CSV."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import GraphkbError
from .connection import Connection
from .cypher_files import QueryFile, convert_param


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[dict]  # plain Python values (see `plain`)


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


def parse_params(query: QueryFile | None, given: Mapping[str, str]) -> dict:
    """--param values typed by the query's header; declared defaults fill the rest.

    Without a header (an inline query, or a parameter the header does not declare)
    a value is read as JSON when it parses (10, 0.5, true, ["a","b"]), else kept as
    a string: quote it ('"2408.01234"') to force a string.
    """
    params: dict = {}
    declared = {p.name: p for p in query.params} if query else {}
    for name, value in given.items():
        param = declared.get(name)
        if param:
            params[name] = convert_param(value, param.type, name)
        else:
            try:
                params[name] = json.loads(value)
            except json.JSONDecodeError:
                params[name] = value
    for param in declared.values():
        if param.name not in params:
            if param.required:
                example = f" (e.g. --param {param.name}={param.example})" if param.example else ""
                raise GraphkbError(f"{query.path.name} needs --param {param.name}=...{example}: "
                                   f"{param.description}")
            params[param.name] = param.default
    return params


def run_query(connection: Connection, text: str, params: dict | None = None) -> QueryResult:
    records, columns = connection.read(text, params or {})
    return QueryResult(columns=columns, rows=[{c: plain(r[c]) for c in columns} for r in records])


# -- output formats ------------------------------------------------------------------------------

def _cell(value) -> str:
    """A value as short text: lists comma-joined, nodes by label and name or id."""
    if value is None:
        return ""
    if isinstance(value, dict) and "labels" in value and "properties" in value:
        props = value["properties"]
        name = props.get("name") or props.get("title") or props.get("id")
        return f"(:{':'.join(value['labels'])} {name})"
    if isinstance(value, dict) and "type" in value and "properties" in value:
        return f"[:{value['type']}]"
    if isinstance(value, dict) and "nodes" in value and "relationships" in value:
        return " - ".join(_cell(n) for n in value["nodes"])
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def format_table(result: QueryResult, max_width: int = 60) -> str:
    def clip(text: str) -> str:
        return text if len(text) <= max_width else text[:max_width - 1] + "…"
    cells = [[clip(_cell(row[c])) for c in result.columns] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_json(result: QueryResult) -> str:
    return json.dumps(result.rows, ensure_ascii=False, indent=2) + "\n"


def format_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if row[c] is None else
                         json.dumps(row[c], ensure_ascii=False) if isinstance(row[c], (list, dict))
                         else row[c] for c in result.columns])
    return out.getvalue()


FORMATS: dict[str, Callable[[QueryResult], str]] = {
    "table": format_table, "json": format_json, "csv": format_csv}
