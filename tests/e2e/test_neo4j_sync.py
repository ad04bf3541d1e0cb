"""A load makes the database hold exactly the graph, on the real Bolt server: graph A, then
graph B gives B (what left the graph is deleted, changed properties updated, removed ones
removed), B again changes nothing, what graphkb did not create is never touched, and
--dry-run reports the same changes without writing.

A is the Jul 31 sample page; B is Jul 31 + Aug 6. Before exact sync, loading A then B left
the database with B's SIMILAR_TO plus A's that B no longer has, and 80 papers in two topics.
"""
from __future__ import annotations

import copy
import re

import pytest
from cli_support import env_for, run
from neo4j_support import changes, expected_graph, graph_counts, server_counts, snapshot, stored_graph

from graphkb.build import build
from graphkb.graphdb.connection import connect
from graphkb.graphdb.loader import Neo4jLoader, load_into_neo4j
from graphkb.graphdb.sync import Changes
from graphkb.schema import OWNED


@pytest.fixture(scope="module")
def graph_a(samples_dir):
    kg, _ = build([samples_dir / "hf-daily-papers-jul31.txt"])
    return kg


@pytest.fixture(scope="module")
def graph_b(samples_dir):
    kg, _ = build([samples_dir / "hf-daily-papers-jul31.txt", samples_dir / "hf-daily-papers-aug06.txt"])
    return kg


@pytest.fixture(scope="module")
def out_b(graph_b, tmp_path_factory):
    out = tmp_path_factory.mktemp("out-b")
    graph_b.save(out / "graph.json")
    return out


def load(target, kg, **options):
    with connect(target) as connection:
        return Neo4jLoader(connection, batch_size=50).load(kg, **options)


def papers_in_two_topics(target) -> int:
    with connect(target) as connection:
        records, _ = connection.read("MATCH (p:Paper)-[:IN_TOPIC]->(t:Topic) WITH p, count(t) AS topics "
                                     "WHERE topics > 1 RETURN count(p) AS n")
    return records[0]["n"]


def only_in(a, b, label) -> list[str]:
    """The ids of `label` nodes graph `a` has and `b` has not."""
    return sorted(set(n for n, _ in a.nodes(label)) - set(n for n, _ in b.nodes(label)))


def shared_papers(a, b):
    return sorted(set(n for n, _ in a.nodes("Paper")) & set(n for n, _ in b.nodes("Paper")))


def test_the_graphs_differ_in_every_way_a_load_must_handle(graph_a, graph_b):
    """A and B share papers, and relationships that B has not (stale), B has not (new), and both
    have with other values (changed): the tests below need all three."""
    rels_a = {(d["type"], u, v): d for u, v, d in graph_a.edges()}
    rels_b = {(d["type"], u, v): d for u, v, d in graph_b.edges()}
    assert len(shared_papers(graph_a, graph_b)) == graph_a.node_counts()["Paper"]
    assert {t for t, _, _ in set(rels_a) - set(rels_b)} >= {"SIMILAR_TO", "IN_TOPIC"}
    assert set(rels_b) - set(rels_a)
    assert any(rels_a[k] != rels_b[k] for k in set(rels_a) & set(rels_b))
    assert set(n for n, _ in graph_a.nodes()) - set(n for n, _ in graph_b.nodes())  # nodes B has not


def test_a_then_b_holds_exactly_b_and_b_again_changes_nothing(graph_a, graph_b, fresh_target):
    load(fresh_target, graph_a)
    assert stored_graph(fresh_target) == expected_graph(graph_a)
    report = load(fresh_target, graph_b)
    assert server_counts(fresh_target) == graph_counts(graph_b)
    assert stored_graph(fresh_target) == expected_graph(graph_b)  # every property value is B's
    assert papers_in_two_topics(fresh_target) == 0
    assert report.node_total.deleted > 0 and report.relationship_changes["SIMILAR_TO"].deleted > 0
    assert report.relationship_changes["IN_TOPIC"].updated + report.relationship_changes["IN_TOPIC"].deleted > 0
    # the report's figures are the server's
    assert report.nodes_created == report.node_total.created
    assert report.relationships_created == report.relationship_total.created
    assert report.nodes_deleted == report.node_total.deleted
    assert report.relationships_deleted == report.relationship_total.deleted

    before = snapshot(fresh_target)
    again = load(fresh_target, graph_b)
    assert again.node_total == Changes(unchanged=len(graph_b))
    assert again.relationship_total == Changes(unchanged=graph_b.g.number_of_edges())
    assert again.rows_written == 0 and again.transactions == 0
    assert snapshot(fresh_target) == before

    back = load(fresh_target, graph_a)  # and back: the smaller graph again
    assert back.node_total.deleted == len(graph_b) - len(graph_a) + back.node_total.created
    assert stored_graph(fresh_target) == expected_graph(graph_a)


def test_what_graphkb_did_not_create_is_never_touched(graph_a, graph_b, fresh_target):
    load(fresh_target, graph_a)
    p1, p2 = shared_papers(graph_a, graph_b)[:2]
    only_a = only_in(graph_a, graph_b, "Concept")
    with connect(fresh_target) as connection:
        connection.write("CREATE (:Note {id: 'note', text: 'mine'})")
        connection.write("CREATE (:Paper {id: 'my-own-paper', title: 'Not from graphkb'})")
        # a relationship of the user's between two graphkb papers, of a graphkb type and of another
        connection.write("MATCH (a:Paper {id: $p1}), (b:Paper {id: $p2}) "
                         "CREATE (a)-[:SIMILAR_TO {score: 2.0, by: 'me'}]->(b), (a)-[:READ_WITH]->(b)",
                         {"p1": p1, "p2": p2})
        # properties and a label of the user's on a graphkb node and relationship
        connection.write("MATCH (a:Paper {id: $p1}) SET a.my_note = 'read this', a:Favourite", {"p1": p1})
        connection.write("MATCH (a:Paper {id: $p1})-[r:IN_TOPIC]->() SET r.my_weight = 3", {"p1": p1})
        # the user's relationship to a Concept only A has: graphkb keeps the node when B drops it
        connection.write("MATCH (n:Note), (c:Concept {id: $c}) CREATE (n)-[:ABOUT]->(c)", {"c": only_a[0]})
    theirs_before = [r for r in snapshot(fresh_target)[1] if f'"{OWNED}": true' not in r]

    report = load(fresh_target, graph_b)
    concepts = report.node_changes["Concept"]
    assert (concepts.created, concepts.deleted, concepts.kept) == (
        len(only_in(graph_b, graph_a, "Concept")), len(only_a) - 1, 1)
    assert concepts.updated + concepts.unchanged == graph_a.node_counts()["Concept"] - len(only_a)
    nodes, rels = server_counts(fresh_target)
    assert (nodes, rels) == ({**graph_counts(graph_b)[0], "Concept": graph_b.node_counts()["Concept"] + 1},
                             graph_counts(graph_b)[1])
    stored_nodes, stored_rels = stored_graph(fresh_target)
    assert stored_nodes.pop(("Concept", only_a[0])) == expected_graph(graph_a)[0][("Concept", only_a[0])]
    expected_nodes, expected_rels = expected_graph(graph_b)
    assert stored_nodes[("Paper", p1)].pop("my_note") == "read this"  # the user's property stays
    assert stored_nodes == expected_nodes
    topic_rel = next(k for k in stored_rels if k[0] == "IN_TOPIC" and k[1] == p1)
    assert stored_rels[topic_rel].pop("my_weight") == 3
    assert stored_rels == expected_rels
    theirs_after = [r for r in snapshot(fresh_target)[1] if f'"{OWNED}": true' not in r]
    assert sorted(theirs_after) == sorted(theirs_before)  # every relationship of the user's, unchanged
    with connect(fresh_target) as connection:
        records, _ = connection.read("MATCH (n) WHERE n.id IN ['note', 'my-own-paper'] OR n.id = $p1 "
                                     "RETURN n.id AS id, labels(n) AS labels, properties(n) AS p", {"p1": p1})
    found = {r["id"]: r for r in records}
    assert found["note"]["p"] == {"id": "note", "text": "mine"}
    assert found["my-own-paper"]["p"] == {"id": "my-own-paper", "title": "Not from graphkb"}
    assert sorted(found[p1]["labels"]) == ["Favourite", "Paper"]

    # the user removes their relationship: the next load deletes the node B does not have
    with connect(fresh_target) as connection:
        connection.write("MATCH (:Note)-[r:ABOUT]->() DELETE r")
    report = load(fresh_target, graph_b)
    assert report.node_changes["Concept"] == Changes(deleted=1, unchanged=graph_b.node_counts()["Concept"])
    assert server_counts(fresh_target) == graph_counts(graph_b)


def test_changed_and_removed_properties(graph_b, fresh_target):
    load(fresh_target, graph_b)
    changed = copy.deepcopy(graph_b)
    paper, data = next(changed.nodes("Paper"))
    del data["abstract"]
    data["title"] = "A new title"
    method, mdata = next((n, d) for n, d in changed.nodes("Method") if d.get("aliases"))
    del mdata["aliases"]
    u, v, edata = next(changed.edges("USES"))
    del edata["evidence"]
    with connect(fresh_target) as connection:
        connection.write("MATCH (p:Paper {id: $p}) SET p.mine = 1", {"p": paper})

    report = load(fresh_target, changed)
    assert report.node_changes["Paper"].updated == 1 and report.node_changes["Method"].updated == 1
    assert report.relationship_changes["USES"].updated == 1
    assert report.node_total.updated == 2 and report.relationship_total.updated == 1
    assert report.node_total.created == report.node_total.deleted == 0
    nodes, rels = stored_graph(fresh_target)
    assert "abstract" not in nodes[("Paper", paper)] and nodes[("Paper", paper)]["title"] == "A new title"
    assert nodes[("Paper", paper)].pop("mine") == 1
    assert "aliases" not in nodes[("Method", method)]
    assert not any(k.startswith("evidence_") for k in rels[("USES", u, v)])
    assert (nodes, rels) == expected_graph(changed)


def test_duplicates_of_a_graphkb_relationship_are_replaced_by_one(graph_a, fresh_target):
    load(fresh_target, graph_a)
    u, v, _ = next(graph_a.edges("SIMILAR_TO"))
    with connect(fresh_target) as connection:  # as two loads at once, or an old load, could leave them
        connection.write(f"MATCH (a:Paper {{id: $u}}), (b:Paper {{id: $v}}) "
                         f"CREATE (a)-[:SIMILAR_TO {{{OWNED}: true, score: 0.0}}]->(b)", {"u": u, "v": v})
    assert server_counts(fresh_target)[1]["SIMILAR_TO"] == graph_a.edge_counts()["SIMILAR_TO"] + 1
    report = load(fresh_target, graph_a)
    assert report.relationship_changes["SIMILAR_TO"] == Changes(
        created=1, deleted=2, unchanged=graph_a.edge_counts()["SIMILAR_TO"] - 1)
    assert stored_graph(fresh_target) == expected_graph(graph_a)


def test_dry_run_reports_the_changes_and_writes_nothing(graph_a, graph_b, fresh_target):
    load(fresh_target, graph_a)
    before = snapshot(fresh_target)
    dry = load(fresh_target, graph_b, dry_run=True)
    assert dry.dry_run and dry.rows_written == dry.transactions == 0
    assert snapshot(fresh_target) == before
    wet = load(fresh_target, graph_b)
    assert (dry.node_changes, dry.relationship_changes) == (wet.node_changes, wet.relationship_changes)
    assert wet.node_total.changed > 0
    before = snapshot(fresh_target)
    dry_wipe = load(fresh_target, graph_a, wipe=True, dry_run=True)
    assert dry_wipe.wiped == (len(graph_b), graph_b.g.number_of_edges())
    assert dry_wipe.node_total == Changes(created=len(graph_a))
    assert snapshot(fresh_target) == before


def test_cli_dry_run(graph_a, graph_b, out_b, fresh_target):
    load(fresh_target, graph_a)
    before = snapshot(fresh_target)
    result = run("load", "neo4j", out_b, "--dry-run", "-q", env=env_for(fresh_target))
    assert result.exit_code == 0, result.output
    assert snapshot(fresh_target) == before
    lines = result.output.splitlines()
    assert lines[0] == (f"Dry run against {fresh_target.where}, nothing written: loading the graph "
                        f"({len(graph_b):,} nodes, {graph_b.g.number_of_edges():,} relationships) would change")
    assert re.match(r"^ +create +update +delete +unchanged$", lines[1])
    expected = load(fresh_target, graph_b, dry_run=True)
    for label, c in expected.node_changes.items():
        if graph_b.node_counts().get(label):
            assert changes(result.output, label) == (c.created, c.updated, c.deleted, c.unchanged)
    for rel_type, c in expected.relationship_changes.items():
        if graph_b.edge_counts().get(rel_type):
            assert changes(result.output, rel_type) == (c.created, c.updated, c.deleted, c.unchanged)
    total = expected.relationship_total
    assert changes(result.output, "all relationships") == (total.created, total.updated, total.deleted,
                                                           total.unchanged)
    assert total.deleted > 0 and changes(result.output, "SIMILAR_TO")[2] > 0
    assert lines[-1].startswith("The database holds (graphkb's): Paper ")
    assert "password" not in result.output.lower() and fresh_target.password not in result.output

    loaded = run("load", "neo4j", out_b, env=env_for(fresh_target))
    assert loaded.exit_code == 0, loaded.output
    assert [changes(loaded.output, name) for name in ("all nodes", "all relationships")] == [
        changes(result.output, name) for name in ("all nodes", "all relationships")]
    again = run("load", "neo4j", out_b, "--dry-run", env=env_for(fresh_target))
    assert changes(again.output, "all nodes") == (0, 0, 0, len(graph_b))
    assert changes(again.output, "all relationships") == (0, 0, 0, graph_b.g.number_of_edges())


def test_nodes_graphkb_did_not_create_in_the_way_stop_the_load(graph_a, out_b, graph_b, fresh_target):
    """A node of the user's (or of a load before graphkb marked what it creates) with a graphkb
    label and an id of the graph: one line, nothing written; --wipe clears the way."""
    paper = shared_papers(graph_a, graph_b)[0]
    with connect(fresh_target) as connection:
        connection.write("CREATE (:Paper {id: $id, title: 'mine'})", {"id": paper})
    before = snapshot(fresh_target)
    for args in ((), ("--dry-run",)):
        result = run("load", "neo4j", out_b, *args, env=env_for(fresh_target))
        assert result.exit_code == 1 and "Traceback" not in result.output
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"Error: {fresh_target.where}: 1 node with graphkb's labels and ids of this "
                               f"graph was not created by graphkb (e.g. Paper '{paper}')")
        assert "--wipe" in line
        assert snapshot(fresh_target) == before
    result = run("load", "neo4j", out_b, "--wipe", env=env_for(fresh_target))
    assert result.exit_code == 0, result.output
    assert stored_graph(fresh_target) == expected_graph(graph_b)


def test_the_cli_summary_says_what_it_left_alone_and_kept(graph_a, graph_b, out_b, fresh_target):
    result = load_into_neo4j(graph_a, fresh_target)
    assert (result.other_nodes, result.other_relationships) == (0, 0)
    concept = only_in(graph_a, graph_b, "Concept")[0]
    with connect(fresh_target) as connection:
        connection.write("CREATE (:Paper {id: 'mine'})")
        connection.write("MATCH (a:Paper {id: 'mine'}), (c:Concept {id: $c}) CREATE (a)-[:LIKES]->(c)",
                         {"c": concept})
    result = run("load", "neo4j", out_b, env=env_for(fresh_target))
    assert result.exit_code == 0, result.output
    assert "  kept: 1 Concept no longer in the graph, because relationships graphkb did not create" in result.output
    assert "  left alone, not graphkb's: 1 nodes with graphkb's labels, 1 relationships touching them" \
        in result.output
