"""Reading back what a load left in the real Bolt server, to compare with a graph."""
from __future__ import annotations

import json
import re
from collections import Counter

from graphkb.graphdb.connection import connect
from graphkb.graphdb.loader import Neo4jLoader
from graphkb.graphdb.rows import property_values
from graphkb.schema import LABELS, OWNED


def server_counts(target) -> tuple[dict, dict]:
    """graphkb's nodes per label and relationships per type in the database."""
    with connect(target) as connection:
        return Neo4jLoader(connection).counts()


def graph_counts(kg) -> tuple[dict, dict]:
    return dict(kg.node_counts()), dict(kg.edge_counts())


def _frozen(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def snapshot(target) -> tuple[Counter, Counter]:
    """Everything in the database: every node (labels, properties) and every relationship
    (endpoints' ids, type, properties), graphkb's or not, as multisets."""
    with connect(target) as connection:
        nodes, _ = connection.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS p")
        rels, _ = connection.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, "
                                  "properties(r) AS p")
    return (Counter(_frozen([sorted(r["labels"]), r["p"]]) for r in nodes),
            Counter(_frozen([r["a"], r["t"], r["b"], r["p"]]) for r in rels))


def stored_graph(target) -> tuple[dict, dict]:
    """graphkb's nodes {(label, id): properties} and relationships {(type, source, target): properties}."""
    nodes, rels = {}, {}
    with connect(target) as connection:
        for label in LABELS:
            records, _ = connection.read(f"MATCH (n:{label}) WHERE n.{OWNED} = true RETURN n.id AS id, "
                                         "properties(n) AS p")
            for r in records:
                nodes[(label, r["id"])] = r["p"]
        records, _ = connection.read(f"MATCH (a)-[r]->(b) WHERE r.{OWNED} = true RETURN type(r) AS t, "
                                     "a.id AS a, b.id AS b, properties(r) AS p")
    for r in records:
        assert (r["t"], r["a"], r["b"]) not in rels, f"two of graphkb's {r['t']} {r['a']} -> {r['b']}"
        rels[(r["t"], r["a"], r["b"])] = r["p"]
    return nodes, rels


def expected_graph(kg) -> tuple[dict, dict]:
    """What stored_graph should read after loading `kg`: its properties as rows store them, marked."""
    nodes = {(d["label"], n): {**property_values(d), "id": n, OWNED: True} for n, d in kg.nodes()}
    rels = {(d["type"], u, v): {**property_values(d), OWNED: True} for u, v, d in kg.edges()}
    return nodes, rels


def changes(output: str, name: str) -> tuple[int, int, int, int]:
    """A row of the load summary's table: (created, updated, deleted, unchanged) for a label, a
    relationship type, `all nodes` or `all relationships`."""
    m = re.search(rf"^  {re.escape(name)} +([\d,]+) +([\d,]+) +([\d,]+) +([\d,]+)$", output, re.MULTILINE)
    assert m, f"no row {name!r} in:\n{output}"
    return tuple(int(g.replace(",", "")) for g in m.groups())
