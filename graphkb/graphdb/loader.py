"""Load a KnowledgeGraph into Neo4j over Bolt: schema first, then batched MERGEs.

Each batch is one `UNWIND $rows AS row MERGE ...` in its own managed write
transaction (the driver retries transient failures; MERGE makes a retry
harmless). Nodes are merged on their unique `id`, relationships on their
endpoints and type, so loading the same graph twice leaves the same nodes and
relationships, and loading a bigger graph later only adds what is new.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..graph import KnowledgeGraph
from ..progress import NoProgress, Progress
from ..schema import LABELS
from .connection import Connection, Neo4jTarget, connect
from .rows import batches, graph_rows
from .statements import named_statement, node_statement, relationship_statement, schema_statements

DEFAULT_BATCH_SIZE = 5000


@dataclass(frozen=True)
class LoadReport:
    """What a load sent and what the server reports it changed."""

    nodes: dict[str, int]  # rows sent, per label
    relationships: dict[str, int]  # rows sent, per relationship type
    nodes_created: int
    relationships_created: int
    nodes_deleted: int = 0  # by --wipe
    relationships_deleted: int = 0
    transactions: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.nodes.values()) + sum(self.relationships.values())


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

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes per graphkb label and relationships per type, as the server has them now."""
        records, _ = self.connection.read(named_statement("count"), {"labels": list(LABELS)})
        nodes = {r["name"]: r["count"] for r in records if r["kind"] == "node"}
        rels = {r["name"]: r["count"] for r in records if r["kind"] == "relationship"}
        return nodes, rels

    def load(self, kg: KnowledgeGraph, wipe: bool = False) -> LoadReport:
        started = time.perf_counter()
        rows = graph_rows(kg)
        # every statement is looked up before anything is written: an unknown group fails up front
        node_plan = [(node_statement(label), label_rows) for label, label_rows in rows.nodes.items()]
        rel_plan = [(relationship_statement(key), key_rows) for key, key_rows in rows.relationships.items()]
        stage_seconds = {}
        t = time.perf_counter()
        self.apply_schema()
        stage_seconds["schema"] = time.perf_counter() - t
        deleted = (0, 0)
        if wipe:
            t = time.perf_counter()
            deleted = self.wipe()
            stage_seconds["wipe"] = time.perf_counter() - t
        t = time.perf_counter()
        created_nodes, node_tx = self._send("nodes", node_plan, rows.node_count, "nodes_created")
        stage_seconds["nodes"] = time.perf_counter() - t
        t = time.perf_counter()
        created_rels, rel_tx = self._send("relationships", rel_plan, rows.relationship_count,
                                          "relationships_created")
        stage_seconds["relationships"] = time.perf_counter() - t
        rel_totals: dict[str, int] = {}
        for key, key_rows in rows.relationships.items():
            _add(rel_totals, key.type, len(key_rows))
        return LoadReport(
            nodes={label: len(label_rows) for label, label_rows in rows.nodes.items()},
            relationships=rel_totals, nodes_created=created_nodes,
            relationships_created=created_rels, nodes_deleted=deleted[0],
            relationships_deleted=deleted[1], transactions=node_tx + rel_tx,
            seconds=time.perf_counter() - started, stage_seconds=stage_seconds)

    def _send(self, stage: str, plan: list[tuple[str, list[dict]]], total: int,
              counter: str) -> tuple[int, int]:
        """Send each group's rows in batches, one write transaction per batch: (created, transactions)."""
        created = transactions = 0
        self.progress.start(stage, total)
        for statement, group_rows in plan:
            for batch in batches(group_rows, self.batch_size):
                counters = self.connection.write(statement, {"rows": list(batch)})
                created += getattr(counters, counter)
                transactions += 1
                self.progress.advance(len(batch))
        self.progress.finish()
        return created, transactions


@dataclass(frozen=True)
class LoadResult:
    """A finished load: what it sent and changed, and what the database holds now."""

    target: Neo4jTarget
    report: LoadReport
    nodes: dict[str, int]  # now in the database, per graphkb label
    relationships: dict[str, int]  # now in the database, per relationship type


def load_into_neo4j(kg: KnowledgeGraph, target: Neo4jTarget, batch_size: int = DEFAULT_BATCH_SIZE,
                    wipe: bool = False, progress: Progress | None = None) -> LoadResult:
    """Connect, load `kg` (schema first, then batches), and count what the database holds."""
    with connect(target) as connection:
        loader = Neo4jLoader(connection, batch_size=batch_size, progress=progress)
        report = loader.load(kg, wipe=wipe)
        nodes, rels = loader.counts()
    return LoadResult(target, report, nodes, rels)
