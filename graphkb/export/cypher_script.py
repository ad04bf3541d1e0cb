"""A Cypher script for `cypher-shell -f`: the schema, then the loader's statements with their rows.

Each batch is a cypher-shell parameter command (`:param rows => [...]`, the value a
Cypher literal) followed by the same parameterised `UNWIND $rows AS row MERGE ...`
statement `graphkb load neo4j` sends, so the script is idempotent as the loader is, and
marks what it creates as graphkb's (`schema.OWNED`) as the loader does: a later
`graphkb load neo4j` takes over from it. Unlike the loader, a script cannot know what the
database holds: it creates and updates, and never deletes what an earlier graph had
(nor a property the graph no longer has). Every statement runs in its own transaction,
one per batch.
"""
from __future__ import annotations

import math
import re
import shutil
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, TextIO

from ..delta import GraphDelta, GraphElements
from ..graph import KnowledgeGraph
from ..graphdb.rows import (
    RelKey,
    batches,
    group_elements,
    group_order,
    group_positions,
    node_row,
    parquet_rows,
    relationship_row,
)
from ..graphdb.statements import node_statement, relationship_statement, schema_statements, split_statements
from ..memory import gc_paused
from ..schema import OWNED
from .registry import EarlierFileMismatch, Exporter, Option, register

DEFAULT_BATCH_SIZE = 200  # rows per :param line; each line is one literal the server parses
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# every character a Cypher string literal must escape: the above, and other control characters as \uXXXX
_ESCAPE_OF = {**{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)}, **_ESCAPES}
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPE_OF)) + "]")


def _string(text: str) -> str:
    """A string literal in single quotes, escaped as Cypher requires."""
    if _NEEDS_ESCAPE.search(text) is None:  # most strings: nothing to escape
        return "'" + text + "'"
    return "'" + _NEEDS_ESCAPE.sub(lambda m: _ESCAPE_OF[m.group()], text) + "'"


@lru_cache(maxsize=4096)
def _field(name: str) -> str:
    """The start of a map entry: its key, quoted when it is not a plain name, and the colon.
    Cached: rows repeat a few dozen keys millions of times."""
    return (name if _NAME.match(name) else "`" + name.replace("`", "``") + "`") + ": "


def _float(value: float) -> str:
    if math.isnan(value):
        return "(0.0 / 0.0)"
    if math.isinf(value):
        return "(1.0 / 0.0)" if value > 0 else "(-1.0 / 0.0)"
    return repr(value).replace("e+", "e")  # Cypher exponents take no '+'


# _map and _list look each value's literal up as cypher_literal does, without a call to it: rows
# hold millions of values

def _map(value: dict) -> str:
    literal = _LITERALS.get
    return "{" + ", ".join([_field(str(k)) + literal(type(v), _any)(v) for k, v in value.items()]) + "}"


def _list(value: list | tuple) -> str:
    literal = _LITERALS.get
    return "[" + ", ".join([literal(type(v), _any)(v) for v in value]) + "]"


def _any(value) -> str:
    """The literal of a value of no exact type in _LITERALS (a subclass, or anything else)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return _map(value)
    if isinstance(value, (list, tuple)):
        return _list(value)
    return _string(str(value))


# the literal of a value by its exact type: one lookup, where _any tries each type in turn; rows hold
# millions of values, nearly all of these types
_LITERALS = {
    str: _string, int: int.__repr__, float: _float, bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null", dict: _map, list: _list, tuple: _list,
}


def cypher_literal(value) -> str:
    """A Python value as a Cypher literal expression (strings escaped, keys quoted when needed)."""
    return _LITERALS.get(type(value), _any)(value)


def _statement(text: str) -> str:
    (statement,) = split_statements(text)  # the file's one statement, comments dropped
    return statement + ";"


def _head(node_count: int, relationship_count: int, batch_size: int) -> Iterator[str]:
    """The script's comments and its schema statements."""
    yield "// A graphkb knowledge graph for Neo4j 5, written by graphkb (`graphkb export cypher`)."
    yield "// Run: cypher-shell -a bolt://localhost:7687 -u neo4j -p PASSWORD -f graph.cypher"
    yield "// Idempotent (MERGE on unique ids): running it again leaves the same graph. It creates and updates"
    yield f"// graphkb's nodes and relationships (marked {OWNED} = true) and never touches others; it"
    yield "// does not delete what an earlier graph had: `graphkb load neo4j` makes a database equal the graph."
    yield f"// {node_count} nodes and {relationship_count} relationships, in batches of at most {batch_size} rows."
    yield ""
    yield "// Schema (cypher/schema.cypher)"
    for statement in schema_statements():
        yield statement + ";"


def _section_title(group: str | RelKey, count: int) -> Iterator[str]:
    yield ""
    if isinstance(group, RelKey):
        yield f"// Relationships: (:{group.source_label})-[:{group.type}]->(:{group.target_label}) ({count})"
    else:
        yield f"// Nodes: {group} ({count})"


@lru_cache(maxsize=None)
def _group_statement(group: str | RelKey) -> str:
    """A group's statement, ready for the script (made once: a big graph's groups have thousands of batches)."""
    return _statement(relationship_statement(group) if isinstance(group, RelKey) else node_statement(group))


def _batch_lines(rows: list[dict], statement: str) -> Iterator[str]:
    yield f":param rows => {cypher_literal(rows)}"
    yield statement


def script_lines(graph: KnowledgeGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[str]:
    """The script, line by line; each batch's rows are made as its line is (graphdb/rows.py)."""
    grouped = group_elements(graph)
    yield from _head(grouped.node_count, grouped.relationship_count, batch_size)
    for groups, row in ((grouped.nodes, node_row), (grouped.relationships, relationship_row)):
        for group, members in groups.items():
            yield from _section_title(group, len(members))
            statement = _group_statement(group)
            for batch in batches(members, batch_size):
                yield from _batch_lines([row(*m) for m in batch], statement)


def write(graph: KnowledgeGraph, out: TextIO, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
    # the collector paused while the batches' rows are made: they hold no cycles
    with gc_paused():
        for line in script_lines(graph, batch_size):
            out.write(line + "\n")


_PARAM = b":param rows => ["


def _earlier_rows(earlier: bytes, elements: GraphElements) -> tuple[list[bytes | None], list[bytes | None]]:
    """Each earlier node's and relationship's row as the earlier script wrote it, by its position
    among `elements` (the earlier graph's); None where a batch's line could not be cut into its
    rows (a text holding "}, {"): that row is made again."""
    node_groups, edge_groups = group_positions(elements)
    groups = iter([*node_groups.values(), *edge_groups.values()])
    nodes: list[bytes | None] = [None] * len(elements.nodes)
    edges: list[bytes | None] = [None] * len(elements.edges)
    lines = earlier.split(b"\n")
    size = re.match(rb"// (\d+) nodes and (\d+) relationships, in batches of at most (\d+) rows\.$", lines[5])
    if size is None or (int(size[1]), int(size[2])) != (len(nodes), len(edges)):
        raise EarlierFileMismatch("not the script of the earlier graph")
    batch_size = int(size[3])
    members: list[int] = []
    found: list[bytes | None] = nodes
    done = 0
    for line in lines:
        if line.startswith(b"// Nodes: ") or line.startswith(b"// Relationships: "):
            if done != len(members):
                raise EarlierFileMismatch("its batches do not hold the rows of the earlier graph")
            found = nodes if line.startswith(b"// Nodes: ") else edges
            members, done = next(groups, []), 0
        elif line.startswith(_PARAM) and line.endswith(b"]"):
            batch = members[done:done + batch_size]
            rows = line[len(_PARAM):-1].split(b"}, {")
            if len(rows) == len(batch):  # else a text held "}, {": the batch's rows are made again
                last = len(rows) - 1
                for i, row in enumerate(rows):
                    found[batch[i]] = (b"{" if i else b"") + row + (b"}" if i < last else b"")
            done += len(batch)
    if done != len(members) or next(groups, None) is not None:
        raise EarlierFileMismatch("its batches do not hold the rows of the earlier graph")
    return nodes, edges


def splice(graph: KnowledgeGraph, delta: GraphDelta, earlier: bytes, out: BinaryIO,
           batch_size: int = DEFAULT_BATCH_SIZE) -> None:
    """The script from the earlier build's (`earlier`, its bytes) and what changed: each row of a
    node or relationship that is the same is copied from the earlier script, the others made."""
    old_nodes, old_edges = _earlier_rows(earlier, delta.earlier)
    now = delta.now
    node_groups, edge_groups = group_positions(now)
    head = _head(len(now.nodes), len(now.edges), batch_size)
    with gc_paused():
        out.write("".join(line + "\n" for line in head).encode())
        for groups, elements, came_from, old, row in (
                (node_groups, now.nodes, delta.node_from.tolist(), old_nodes, lambda n: node_row(*n)),
                (edge_groups, now.edges, delta.edge_from.tolist(), old_edges, lambda e: relationship_row(*_ends(e)))):
            for group, members in groups.items():
                out.write("".join(line + "\n" for line in _section_title(group, len(members))).encode())
                statement = (_group_statement(group) + "\n").encode()
                for batch in batches(members, batch_size):
                    texts = [old[i] if (i := came_from[j]) >= 0 and old[i] is not None
                             else cypher_literal(row(elements[j])).encode() for j in batch]
                    out.write(_PARAM + b", ".join(texts) + b"]\n" + statement)


def _ends(edge: tuple) -> tuple[str, str, dict]:
    source, target, _, data = edge
    return str(source), str(target), data


def stream(parquet: Path, out: TextIO, batch_size: int = DEFAULT_BATCH_SIZE) -> str:
    """The script from a graph.parquet, never building the graph: in one pass over the file each
    group's batches are written to a spill file of its own (graph.parquet lists relationships
    source by source, the script group by group), then the head and the groups in order are
    copied out. What is held is one batch per group."""
    counts: dict[str | RelKey, int] = {}
    pending: dict[str | RelKey, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="graphkb-cypher-") as folder, gc_paused():
        spills: dict[str | RelKey, TextIO] = {}

        def flush(group) -> None:
            spill = spills.get(group)
            if spill is None:
                spill = spills[group] = open(Path(folder) / f"{len(spills)}.cypher", "w+", encoding="utf-8")
            spill.writelines(line + "\n" for line in _batch_lines(pending[group], _group_statement(group)))
            pending[group] = []

        try:
            for group, row in parquet_rows(parquet):
                counts[group] = counts.get(group, 0) + 1
                batch = pending.setdefault(group, [])
                batch.append(row)
                if len(batch) == batch_size:
                    flush(group)
            for group, batch in pending.items():
                if batch:
                    flush(group)
            labels, keys = group_order(counts)
            nodes = sum(counts[label] for label in labels)
            out.writelines(line + "\n" for line in _head(nodes, sum(counts.values()) - nodes, batch_size))
            for group in (*labels, *keys):
                out.writelines(line + "\n" for line in _section_title(group, counts[group]))
                spill = spills[group]
                spill.seek(0)
                shutil.copyfileobj(spill, out)
        finally:
            for spill in spills.values():
                spill.close()
    return f"{nodes:,} nodes, {sum(counts.values()) - nodes:,} relationships (streamed from {parquet.name})"


EXPORTER = register(Exporter(
    "cypher", "graph.cypher", write, "Cypher script for cypher-shell -f (schema + batched MERGE statements)",
    options=(Option("batch_size", int, DEFAULT_BATCH_SIZE, "Rows per :param line and statement.", minimum=1),),
    # 10k papers 6.5 s, 100k 38.1 s (graph.json 4.6 s, 29.1 s)
    in_build=True, write_cost=1.4, stream=stream, splice=splice))
