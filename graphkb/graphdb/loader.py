"""Load a KnowledgeGraph into Neo4j over Bolt so that the database holds exactly the graph.

A load reads what graphkb loaded before (the nodes of its labels, its own relationships),
compares it with the graph in Python (graphdb/sync.py), and then sends only the
differences, in batches, each batch one parameterised `UNWIND $rows AS row ...` statement
in its own managed write transaction (the driver retries transient failures; every
statement is idempotent, so a retry is harmless):

1. delete graphkb's relationships that are no longer in the graph, then its nodes that are
   no longer in the graph (keeping any that someone else's relationships hold);
2. MERGE the new and changed nodes, then the new and changed relationships (a changed
   row removes the properties the graph no longer has).

Everything graphkb creates carries `schema.OWNED` = true; the statements match, change
and delete only what carries it, so nodes, relationships and properties of anyone else
are never touched. A dry run reads and compares, and writes nothing.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import GraphkbError
from ..graph import KnowledgeGraph
from ..memory import gc_paused
from ..progress import NoProgress, Progress
from ..schema import LABELS, label_rank, type_rank
from .connection import Connection, Neo4jTarget, connect
from .rows import GraphRows, batches, graph_rows, schema_groups
from .statements import named_statement, node_statement, relationship_statement, schema_statements
from .sync import Changes, SyncPlan, conflict_message, diff_nodes, diff_relationships

DEFAULT_BATCH_SIZE = 5000


@dataclass(frozen=True)
class LoadReport:
    """What a load found and changed (or, in a dry run, would change)."""

    nodes: dict[str, int]  # in the graph, per label
    relationships: dict[str, int]  # in the graph, per relationship type
    node_changes: dict[str, Changes]  # per label (every label of the schema)
    relationship_changes: dict[str, Changes]  # per relationship type (every type of the schema)
    dry_run: bool = False
    # as the server counted them (a dry run: 0); they agree with the changes unless someone
    # else wrote the same nodes at the same time
    nodes_created: int = 0
    relationships_created: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    wiped: tuple[int, int] = (0, 0)  # nodes, relationships deleted first by --wipe (a dry run: would be)
    rows_written: int = 0  # rows sent to write statements
    transactions: int = 0  # write transactions
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """The graph's rows: its nodes and relationships."""
        return sum(self.nodes.values()) + sum(self.relationships.values())

    @property
    def node_total(self) -> Changes:
        return sum(self.node_changes.values(), Changes())

    @property
    def relationship_total(self) -> Changes:
        return sum(self.relationship_changes.values(), Changes())


@dataclass(frozen=True)
class Census:
    """What the database holds: graphkb's nodes per label and relationships per type, and the
    others (nodes with graphkb's labels, relationships touching them) that graphkb did not create."""

    nodes: dict[str, int]
    relationships: dict[str, int]
    other_nodes: dict[str, int]
    other_relationships: dict[str, int]


def _add(totals: dict, key: str, n: int) -> None:
    totals[key] = totals.get(key, 0) + n


class Neo4jLoader:
    """Loads graphs through one open Connection."""

    def __init__(self, connection: Connection, batch_size: int = DEFAULT_BATCH_SIZE,
                 progress: Progress | None = None):
        if batch_size < 1:
            raise ValueError("batch size must be at least 1")
        self.connection = connection
        self.batch_size = batch_size
        self.progress = progress or NoProgress()

    def apply_schema(self) -> int:
        """Create the constraints and indexes of the schema (idempotent); returns how many statements ran."""
        statements = schema_statements()
        for statement in statements:
            self.connection.write(statement)
        return len(statements)

    def wipe(self) -> tuple[int, int]:
        """Delete the nodes carrying graphkb's labels, and their relationships: (nodes, relationships)."""
        counters = self.connection.autocommit(named_statement("wipe"), {"labels": list(LABELS)})
        return counters.nodes_deleted, counters.relationships_deleted

    def census(self) -> Census:
        """What the database holds, graphkb's and the others', per label and type."""
        records, _ = self.connection.read(named_statement("count"), {"labels": list(LABELS)})
        tables: dict[tuple[str, bool], dict[str, int]] = {(kind, owned): {} for kind in ("node", "relationship")
                                                          for owned in (True, False)}
        for r in sorted(records, key=lambda r: (label_rank(r["name"]), type_rank(r["name"]), r["name"])):
            _add(tables[(r["kind"], r["owned"])], r["name"], r["count"])
        return Census(tables[("node", True)], tables[("relationship", True)],
                      tables[("node", False)], tables[("relationship", False)])

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """graphkb's nodes per label and relationships per type, as the server has them now."""
        census = self.census()
        return census.nodes, census.relationships

    @gc_paused()
    def plan(self, rows: GraphRows, empty: bool = False) -> SyncPlan:
        """Read the database and compare it with `rows` (`empty`: as if it held nothing)."""
        groups = schema_groups()
        self.progress.start("reading", len(LABELS) + len(groups))
        nodes = {}
        for label in LABELS:
            stored = () if empty else self._read(node_statement(label, "read_nodes"), ("id", "owned", "props"))
            nodes[label] = diff_nodes(label, rows.nodes.get(label, []), stored)
            self.progress.advance()
        relationships = {}
        for key in groups:
            stored = () if empty else [(src, dst, props) for src, out in self._read(
                relationship_statement(key, "read_relationships"), ("src", "out")) for dst, props in out]
            relationships[key] = diff_relationships(key, rows.relationships.get(key, []), stored)
            self.progress.advance()
        self.progress.finish()
        for label, group in nodes.items():
            if group.delete:
                group.keep(self._held(label, [row["id"] for row in group.delete]))
        return SyncPlan(nodes, relationships)

    def _read(self, statement: str, columns: tuple[str, ...]) -> list[tuple]:
        records, _ = self.connection.read(statement)
        return [tuple(r[c] for c in columns) for r in records]

    def _held(self, label: str, ids: list[str]) -> set[str]:
        """Which of graphkb's nodes among `ids` someone else's relationships hold."""
        held = set()
        for batch in batches(ids, self.batch_size):
            records, _ = self.connection.read(node_statement(label, "held_nodes"), {"ids": list(batch)})
            held.update(r["id"] for r in records)
        return held

    def load(self, graph: KnowledgeGraph | GraphRows, wipe: bool = False, dry_run: bool = False) -> LoadReport:
        """Make the database hold exactly `graph` (see the module doc), a graph or its rows
        (`rows.parquet_graph_rows`); `dry_run`: only find out what that changes. Refuses, before
        writing anything, a graph with ids held by nodes graphkb did not create."""
        started = time.perf_counter()
        rows = graph if isinstance(graph, GraphRows) else graph_rows(graph)
        for label in rows.nodes:  # an unknown label or group fails up front
            node_statement(label)
        for key in rows.relationships:
            relationship_statement(key)
        stage_seconds = {}
        wiped = (0, 0)
        if wipe:
            t = time.perf_counter()
            if dry_run:
                census = self.census()
                wiped = (sum(census.nodes.values()) + sum(census.other_nodes.values()),
                         sum(census.relationships.values()) + sum(census.other_relationships.values()))
            else:
                wiped = self.wipe()
            stage_seconds["wipe"] = time.perf_counter() - t
        t = time.perf_counter()
        plan = self.plan(rows, empty=wipe and dry_run)
        stage_seconds["read"] = time.perf_counter() - t
        if plan.conflicts:
            raise GraphkbError(conflict_message(self.connection.target.where, plan.conflicts))
        counters = {"nodes_created": 0, "relationships_created": 0, "nodes_deleted": 0,
                    "relationships_deleted": 0, "rows": 0, "transactions": 0}
        if not dry_run:
            t = time.perf_counter()
            self.apply_schema()
            stage_seconds["schema"] = time.perf_counter() - t
            t = time.perf_counter()
            deletes = ([(relationship_statement(key, "delete_relationships"), group.delete)
                        for key, group in plan.relationships.items()]
                       + [(node_statement(label, "delete_nodes"), group.delete)
                          for label, group in plan.nodes.items()])
            self._send("deleting", deletes, counters)
            stage_seconds["delete"] = time.perf_counter() - t
            t = time.perf_counter()
            self._send("nodes", [(node_statement(label), group.writes) for label, group in plan.nodes.items()],
                       counters)
            stage_seconds["nodes"] = time.perf_counter() - t
            t = time.perf_counter()
            self._send("relationships", [(relationship_statement(key), group.writes)
                                         for key, group in plan.relationships.items()], counters)
            stage_seconds["relationships"] = time.perf_counter() - t
        rel_totals: dict[str, int] = {}
        for key, key_rows in rows.relationships.items():
            _add(rel_totals, key.type, len(key_rows))
        return LoadReport(
            nodes={label: len(label_rows) for label, label_rows in rows.nodes.items()},
            relationships=rel_totals, node_changes=plan.node_changes(),
            relationship_changes=plan.relationship_changes(), dry_run=dry_run,
            nodes_created=counters["nodes_created"], relationships_created=counters["relationships_created"],
            nodes_deleted=counters["nodes_deleted"], relationships_deleted=counters["relationships_deleted"],
            wiped=wiped, rows_written=counters["rows"], transactions=counters["transactions"],
            seconds=time.perf_counter() - started, stage_seconds=stage_seconds)

    def _send(self, stage: str, plan: list[tuple[str, Sequence[dict]]], totals: dict[str, int]) -> None:
        """Send each group's rows in batches, one write transaction per batch, adding up the counters."""
        self.progress.start(stage, sum(len(group_rows) for _, group_rows in plan))
        for statement, group_rows in plan:
            for batch in batches(group_rows, self.batch_size):
                counters = self.connection.write(statement, {"rows": list(batch)})
                for name in ("nodes_created", "relationships_created", "nodes_deleted", "relationships_deleted"):
                    totals[name] += getattr(counters, name)
                totals["rows"] += len(batch)
                totals["transactions"] += 1
                self.progress.advance(len(batch))
        self.progress.finish()


@dataclass(frozen=True)
class LoadResult:
    """A finished load: what it found and changed, and what the database holds now."""

    target: Neo4jTarget
    report: LoadReport
    nodes: dict[str, int]  # graphkb's, now in the database, per label
    relationships: dict[str, int]  # graphkb's, now in the database, per relationship type
    other_nodes: int = 0  # nodes with graphkb's labels that graphkb did not create
    other_relationships: int = 0  # relationships graphkb did not create, touching those labels


def load_into_neo4j(graph: KnowledgeGraph | GraphRows, target: Neo4jTarget, batch_size: int = DEFAULT_BATCH_SIZE,
                    wipe: bool = False, progress: Progress | None = None, dry_run: bool = False) -> LoadResult:
    """Connect, make the database hold `graph` (a graph or its rows; or, `dry_run`, find out what
    that changes), and count what the database holds."""
    with connect(target) as connection:
        loader = Neo4jLoader(connection, batch_size=batch_size, progress=progress)
        report = loader.load(graph, wipe=wipe, dry_run=dry_run)
        census = loader.census()
    return LoadResult(target, report, census.nodes, census.relationships,
                      sum(census.other_nodes.values()), sum(census.other_relationships.values()))
