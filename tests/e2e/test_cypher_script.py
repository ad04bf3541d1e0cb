"""`graphkb export cypher`: the script runs on the real server as cypher-shell -f would run it.

cypher-shell is not installable here (it ships with Neo4j), so `run_script` does what
it does with a file: `:param name => expression` asks the server to evaluate
`RETURN expression` and keeps the value as a parameter; every other statement, up to
its `;`, runs in its own transaction with the parameters set so far.
"""
from __future__ import annotations

import math
import re

import pytest
from click.testing import CliRunner

from graphkb.cli import main
from graphkb.export.cypher_script import cypher_literal
from graphkb.graphdb.connection import connect
from graphkb.graphdb.loader import Neo4jLoader
from graphkb.graphdb.rows import property_values
from graphkb.graphdb.statements import split_statements
from graphkb.graphdb.sync import Changes
from graphkb.schema import LABELS, OWNED

_PARAM = re.compile(r"^:param\s+(?P<name>\w+)\s*=>\s*(?P<value>.+)$")


def run_script(connection, text: str) -> int:
    """Run a cypher-shell script; returns how many statements ran."""
    params, pending, ran = {}, [], 0
    for line in text.splitlines():
        m = _PARAM.match(line)
        if m and not split_statements("".join(pending)):  # a command where a statement may start
            records, _ = connection.read(f"RETURN {m.group('value')} AS value")  # as cypher-shell does
            params[m.group("name")] = records[0]["value"]
            continue
        pending.append(line + "\n")
        if line.rstrip().endswith(";"):
            for statement in split_statements("".join(pending)):
                connection.write(statement, params)
                ran += 1
            pending = []
    assert not split_statements("".join(pending)), "script ends inside a statement"
    return ran


def test_script_loads_the_graph_idempotently(samples_out, samples_graph, fresh_target, tmp_path):
    script = tmp_path / "graph.cypher"
    result = CliRunner().invoke(main, ["export", "cypher", str(samples_out), "-o", str(script),
                                       "--batch-size", "50"])
    assert result.exit_code == 0, result.output
    text = script.read_text(encoding="utf-8")
    assert text.startswith("// A graphkb knowledge graph for Neo4j 5")
    assert all(len(line) < 200_000 for line in text.splitlines())
    with connect(fresh_target) as connection:
        ran = run_script(connection, text)
        counts = Neo4jLoader(connection).counts()
        assert counts == (dict(samples_graph.node_counts()), dict(samples_graph.edge_counts()))
        assert run_script(connection, text) == ran  # again: the same graph
        assert Neo4jLoader(connection).counts() == counts
        for label in LABELS:  # every property came through the literals unchanged
            records, _ = connection.read("MATCH (n) WHERE $label IN labels(n) "
                                         "RETURN n.id AS id, properties(n) AS p", {"label": label})
            assert {r["id"]: r["p"] for r in records} == {
                n: {**property_values(d), "id": n, OWNED: True} for n, d in samples_graph.nodes(label)}
        records, _ = connection.read("MATCH (a)-[r:MENTIONS]->(b) RETURN a.id AS a, b.id AS b, "
                                     "properties(r) AS p")
        # what the script created is graphkb's: a load afterwards finds the graph and changes nothing
        report = Neo4jLoader(connection).load(samples_graph)
        assert report.node_total == Changes(unchanged=len(samples_graph))
        assert report.relationship_total == Changes(unchanged=samples_graph.g.number_of_edges())
    assert {(r["a"], r["b"]): r["p"] for r in records} == {
        (u, v): {**property_values(d), OWNED: True} for u, v, d in samples_graph.edges("MENTIONS")}
    batches = sum(math.ceil(n / 50) for n in samples_graph.node_counts().values())
    assert text.count(":param rows => ") >= batches
    assert ran == text.count(":param rows => ") + text.count("CREATE CONSTRAINT") + text.count("CREATE INDEX")


TRICKY = [
    "plain", "it's", 'say "hi"', "back\\slash", "tab\there", "line\nbreak\r\n", "\x00\x07\x1f\x7f",
    "TÜLU 3 — naïve 日本語 🚀", "$rows {x} [y] // not a comment /* nor this */ ;", "",
    0, -7, 2**62, 0.5, -1.25e-7, 1e16, 6.02214076e23, True, False, None,
    [], ["a", "b'c"], [1, 2.5], {"k": 1, "with space": "v", "back`tick": [True]},
    [{"id": "n1", "props": {"aliases": ["x", "y"], "evidence_sentence": "It's \"quoted\"."}}],
]


@pytest.mark.parametrize("value", TRICKY, ids=range(len(TRICKY)))
def test_literals_read_back_as_the_same_value(samples_target, value):
    with connect(samples_target) as connection:
        records, _ = connection.read(f"RETURN {cypher_literal(value)} AS value")
    assert records[0]["value"] == value
    assert type(records[0]["value"]) is type(value)


def test_non_finite_floats(samples_target):
    with connect(samples_target) as connection:
        records, _ = connection.read(f"RETURN {cypher_literal([float('inf'), float('-inf'), float('nan')])} AS v")
    inf, minus_inf, nan = records[0]["v"]
    assert inf == math.inf and minus_inf == -math.inf and math.isnan(nan)
