"""`graphkb load neo4j` against the real Bolt server: loads, reloads, wipe, errors.

What a load changes in a database that holds an earlier graph (exact sync, what is never
touched, --dry-run) is tested in test_neo4j_sync.py."""
from __future__ import annotations

import math
from collections import Counter

import pytest
from cli_support import env_for, run
from neo4j_support import changes, expected_graph, graph_counts, server_counts, stored_graph

from graphkb.build import build
from graphkb.graphdb.connection import Neo4jTarget, connect
from graphkb.graphdb.loader import Neo4jLoader
from graphkb.graphdb.server import free_port
from graphkb.schema import OWNED


def test_load_twice_leaves_the_same_graph(samples_out, samples_graph, fresh_target):
    first = run("load", "neo4j", samples_out, "--batch-size", 100, env=env_for(fresh_target))
    assert first.exit_code == 0, first.output
    rows = graph_counts(samples_graph)
    n_nodes, n_rels = sum(rows[0].values()), sum(rows[1].values())
    assert changes(first.output, "all nodes") == (n_nodes, 0, 0, 0)
    assert changes(first.output, "all relationships") == (n_rels, 0, 0, 0)
    assert changes(first.output, "Paper") == (rows[0]["Paper"], 0, 0, 0)
    assert changes(first.output, "SIMILAR_TO") == (rows[1]["SIMILAR_TO"], 0, 0, 0)
    batches = sum(math.ceil(n / 100) for n in samples_graph.node_counts().values())
    batches += sum(math.ceil(n / 100) for n in Counter(
        (samples_graph.g.nodes[u]["label"], d["type"], samples_graph.g.nodes[v]["label"])
        for u, v, d in samples_graph.edges()).values())
    assert f"{n_nodes + n_rels:,} rows written in {batches} transactions" in first.output
    assert server_counts(fresh_target) == graph_counts(samples_graph)

    second = run("load", "neo4j", samples_out, env=env_for(fresh_target))
    assert second.exit_code == 0, second.output
    assert changes(second.output, "all nodes") == (0, 0, 0, n_nodes)
    assert changes(second.output, "all relationships") == (0, 0, 0, n_rels)
    assert "0 rows written in 0 transactions" in second.output
    assert server_counts(fresh_target) == graph_counts(samples_graph)


def test_a_folder_read_from_graph_parquet_loads_the_same_graph(samples_out, samples_graph, fresh_target,
                                                               tmp_path):
    """A folder whose graph is read from graph.parquet is loaded from its rows (no graph built): the
    database then holds the graph, and loading graph.json over it changes nothing."""
    folder = tmp_path / "parquet-only"
    folder.mkdir()
    assert run("export", "parquet", samples_out, "-o", folder / "graph.parquet").exit_code == 0
    first = run("load", "neo4j", folder, env=env_for(fresh_target))
    assert first.exit_code == 0, first.output
    assert server_counts(fresh_target) == graph_counts(samples_graph)
    assert stored_graph(fresh_target) == expected_graph(samples_graph)
    again = run("load", "neo4j", samples_out / "graph.json", env=env_for(fresh_target))
    assert again.exit_code == 0, again.output
    assert "0 rows written in 0 transactions" in again.output


def test_properties_are_native_neo4j_values(samples_graph, samples_target):
    assert stored_graph(samples_target) == expected_graph(samples_graph)
    nodes, rels = stored_graph(samples_target)
    uses = [props for (rel_type, _, _), props in rels.items() if rel_type == "USES"]
    props = uses[0]
    assert isinstance(props["evidence_sentence"], str) and isinstance(props["evidence_start"], int)
    assert isinstance(props["confidence"], float) and "evidence" not in props
    assert props[OWNED] is True
    # lists of strings come back from the server as lists
    method = next(p for (label, _), p in nodes.items() if label == "Method" and p.get("aliases"))
    assert isinstance(method["aliases"], list) and all(isinstance(a, str) for a in method["aliases"])


def test_a_bigger_graph_then_a_smaller_one_and_wipe(samples_dir, samples_out, samples_graph, fresh_target):
    smaller, _ = build([samples_dir / "hf-daily-papers-jul31.txt"])
    assert len(smaller) < len(samples_graph)
    with connect(fresh_target) as connection:
        connection.write("CREATE (:Note {id: 'keep me', text: 'not graphkb'})")
        Neo4jLoader(connection).load(smaller)
        assert Neo4jLoader(connection).counts() == graph_counts(smaller)
    result = run("load", "neo4j", samples_out, env=env_for(fresh_target))
    assert result.exit_code == 0, result.output
    assert server_counts(fresh_target) == graph_counts(samples_graph)  # not the union of both
    with connect(fresh_target) as connection:
        Neo4jLoader(connection).load(smaller)
    assert server_counts(fresh_target) == graph_counts(smaller)

    wiped = run("load", "neo4j", samples_out, "--wipe", env=env_for(fresh_target))
    assert wiped.exit_code == 0, wiped.output
    assert f"wiped first: {len(smaller):,} nodes, {smaller.g.number_of_edges():,} relationships" in wiped.output
    assert changes(wiped.output, "all nodes") == (len(samples_graph), 0, 0, 0)
    assert server_counts(fresh_target) == graph_counts(samples_graph)
    with connect(fresh_target) as connection:
        records, _ = connection.read("MATCH (n:Note) RETURN n.id AS id")
    assert [r["id"] for r in records] == ["keep me"]  # only graphkb's labels are wiped


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_unreachable_server(samples_out, endpoint):
    uri = f"bolt://127.0.0.1:{free_port()}"
    line = one_line_error(run("load", "neo4j", samples_out, "--uri", uri, "--password", "x" * 8))
    assert line.startswith(f"Error: cannot reach a Neo4j server at {uri}: is it running?")
    assert "docker compose -f docker/docker-compose.yml up -d" in line and "graphkb serve" in line


def test_wrong_password(samples_out, endpoint):
    line = one_line_error(run("load", "neo4j", samples_out, "--uri", endpoint.uri, "--user",
                                 endpoint.user, "--password", "not-the-password"))
    assert line == (f"Error: {endpoint.uri}: authentication failed for user 'root': "
                    "check --user/--password (NEO4J_USER/NEO4J_PASSWORD)")


def test_missing_database(samples_out, endpoint):
    line = one_line_error(run("load", "neo4j", samples_out, "--database", "nosuchdb",
                                 env={"NEO4J_URI": endpoint.uri, "NEO4J_USER": endpoint.user,
                                      "NEO4J_PASSWORD": endpoint.password}))
    assert line.startswith(f"Error: {endpoint.uri}: database 'nosuchdb' does not exist: pass an "
                           "existing one with --database (NEO4J_DATABASE)")


@pytest.mark.parametrize("args, message", [
    (["--password", ""], "Error: no Neo4j password: set NEO4J_PASSWORD, or pass --password-file FILE "
                         "(or run on a terminal to be asked for it)"),
    (["--uri", "http://localhost:7474", "--password", "secret123"],
     "Error: http://localhost:7474: not a Bolt URI; expected e.g. bolt://localhost:7687"),
])
def test_bad_settings(samples_out, args, message):
    assert one_line_error(run("load", "neo4j", samples_out, *args)).startswith(message)


def test_default_database_and_options_over_env(samples_out, samples_graph, endpoint):
    # no --database and no NEO4J_DATABASE: the server's default database (here: `neo4j`)
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_USER": endpoint.user,
           "NEO4J_PASSWORD": "wrong-password"}
    result = run("load", "neo4j", samples_out, "--uri", endpoint.uri, "--password",
                    endpoint.password, "-q", env=env)
    assert result.exit_code == 0, result.output
    assert result.output == ""  # -q
    default = Neo4jTarget(uri=endpoint.uri, user=endpoint.user, password=endpoint.password,
                          database=endpoint.database)
    assert server_counts(default) == graph_counts(samples_graph)


def test_build_then_load(samples_dir, samples_graph, fresh_target, tmp_path):
    result = run("build", samples_dir, "-o", tmp_path, "--neo4j-uri", fresh_target.uri,
                    env={k: v for k, v in env_for(fresh_target).items() if k != "NEO4J_URI"})
    assert result.exit_code == 0, result.output
    assert f"Loaded into {fresh_target.where}" in result.output
    assert (tmp_path / "graph.json").exists() and (tmp_path / "graph.cypher").exists()
    assert server_counts(fresh_target) == graph_counts(samples_graph)


def test_two_loads_at_once_both_succeed(samples_graph, fresh_target):
    """Two loads racing to MERGE the same nodes: the loser of each race runs its batch again
    (it failed on a uniqueness error about half the time, though the data came out right)."""
    import threading

    from graphkb.graphdb.loader import load_into_neo4j

    failures = []

    def load():
        try:
            load_into_neo4j(samples_graph, fresh_target, batch_size=100)
        except Exception as e:  # noqa: BLE001 - any failure of either load fails the test
            failures.append(e)
    for _ in range(2):
        threads = [threading.Thread(target=load) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
    assert server_counts(fresh_target) == graph_counts(samples_graph)
