"""What a load changes, decided in Python (graphdb/sync.py): the graph's rows against what the
database holds. The end-to-end tests (tests/e2e/test_neo4j_sync.py) run it on the real server."""
from __future__ import annotations

from graphkb.graphdb.rows import RelKey, schema_groups, schema_keys
from graphkb.graphdb.sync import Changes, GroupPlan, changed_row, conflict_message, diff_nodes, diff_relationships
from graphkb.records import Evidence
from graphkb.schema import EVIDENCE_FIELDS, LABELS, OWNED, RELATIONSHIP_TYPES

USES = RelKey("Paper", "USES", "Method")


def test_schema_keys_are_the_properties_rows_store():
    assert EVIDENCE_FIELDS == Evidence._fields
    assert schema_keys("Method") == {"name", "aliases", "paper_count", "first_seen", "last_seen", "papers_per_month"}
    assert schema_keys("USES") == {"confidence", "mention", "evidence_sentence", "evidence_start",
                                   "evidence_end", "evidence_rule", "evidence_field"}
    assert OWNED not in schema_keys("Paper")
    groups = schema_groups()
    assert len(groups) == len(set(groups)) == sum(len(r.sources) * len(r.targets) for r in RELATIONSHIP_TYPES)
    assert [g.type for g in groups] == sorted((g.type for g in groups),
                                              key=[r.type for r in RELATIONSHIP_TYPES].index)


def test_a_node_is_created_updated_deleted_or_left_as_it_is():
    rows = [{"id": "method:a", "props": {"name": "A"}},
            {"id": "method:b", "props": {"name": "B", "aliases": ["bee"]}},
            {"id": "method:c", "props": {"name": "C"}}]
    stored = [("method:b", True, {"id": "method:b", OWNED: True, "name": "B", "aliases": ["bee"]}),
              ("method:c", True, {"id": "method:c", OWNED: True, "name": "C", "paper_count": 3,
                                  "note": "a user's property"}),
              ("method:gone", True, {"id": "method:gone", OWNED: True, "name": "Gone"})]
    plan = diff_nodes("Method", rows, stored)
    assert plan.create == [rows[0]]
    # paper_count is graphkb's (the schema's) and the graph no longer has it: removed with a null;
    # `note` is not graphkb's: never compared, never sent
    assert plan.update == [{"id": "method:c", "props": {"name": "C", "paper_count": None}}]
    assert plan.delete == [{"id": "method:gone"}] and plan.deleted == 1
    assert plan.unchanged == 1 and plan.conflicts == []
    assert plan.changes() == Changes(created=1, updated=1, deleted=1, unchanged=1)
    assert plan.writes == plan.create + plan.update


def test_values_are_compared_with_their_types():
    row = {"id": "x", "props": {"count": 1, "flags": [1, 2], "score": 0.5}}
    keys = frozenset({"count", "flags", "score"})
    assert changed_row(row, {"count": 1, "flags": [1, 2], "score": 0.5}, keys) is None
    assert changed_row(row, {"count": True, "flags": [1, 2], "score": 0.5}, keys) == row  # 1 == True in Python
    assert changed_row(row, {"count": 1.0, "flags": [1, 2], "score": 0.5}, keys) == row
    assert changed_row(row, {"count": 1, "flags": [1.0, 2], "score": 0.5}, keys) == row
    assert changed_row(row, {"count": 1, "flags": [1, 2]}, keys) == row  # missing
    assert changed_row(row, {"count": 1, "flags": [1, 2], "score": 0.5, "theirs": 7}, keys) is None


def test_properties_the_graph_carries_beyond_the_schema_are_graphkbs():
    rows = [{"id": "method:a", "props": {"name": "A", "extra": 1}}, {"id": "method:b", "props": {"name": "B"}}]
    stored = [("method:a", True, {"name": "A", "extra": 1}), ("method:b", True, {"name": "B", "extra": 2})]
    plan = diff_nodes("Method", rows, stored)
    assert plan.update == [{"id": "method:b", "props": {"name": "B", "extra": None}}]


def test_a_node_graphkb_did_not_create_is_a_conflict_never_an_update():
    rows = [{"id": "p1", "props": {"title": "T"}}, {"id": "p2", "props": {"title": "U"}}]
    plan = diff_nodes("Paper", rows, [("p1", False, {"id": "p1", "title": "mine"}),
                                      ("mine", False, {"id": "mine"})])
    assert plan.conflicts == ["p1"] and plan.create == [rows[1]]
    assert plan.update == [] and plan.delete == []  # another's node not in the graph: never deleted
    message = conflict_message("bolt://h:7687", {"Paper": ["p1"], "Method": ["method:x", "method:y"]})
    assert "\n" not in message
    assert message.startswith("bolt://h:7687: 3 nodes with graphkb's labels and ids of this graph were not "
                              "created by graphkb (e.g. Paper 'p1')")
    assert "--wipe" in message


def test_relationships_by_endpoints_with_duplicates_replaced():
    ev = {"evidence_sentence": "We use A.", "evidence_start": 0}
    rows = [{"src": "p1", "dst": "method:a", "props": {"confidence": 0.5, **ev}},
            {"src": "p1", "dst": "method:b", "props": {"confidence": 0.5}},
            {"src": "p2", "dst": "method:a", "props": {"confidence": 0.9}},
            {"src": "p3", "dst": "method:a", "props": {"confidence": 0.1}}]
    stored = [("p1", "method:a", {OWNED: True, "confidence": 0.5, **ev}),
              ("p1", "method:b", {OWNED: True, "confidence": 0.5, "evidence_sentence": "Old."}),
              ("p2", "method:a", {OWNED: True, "confidence": 0.9}), ("p2", "method:a", {OWNED: True}),
              ("p9", "method:a", {OWNED: True})]
    plan = diff_relationships(USES, rows, stored)
    assert plan.unchanged == 1
    assert plan.update == [{"src": "p1", "dst": "method:b", "props": {"confidence": 0.5, "evidence_sentence": None}}]
    # two of graphkb's between p2 and method:a: both go, and the graph's one is created again
    assert plan.delete == [{"src": "p2", "dst": "method:a"}, {"src": "p9", "dst": "method:a"}]
    assert plan.deleted == 3
    assert plan.create == [rows[2], rows[3]]
    assert plan.changes() == Changes(created=2, updated=1, deleted=3, unchanged=1)


def test_kept_nodes_leave_the_delete_list():
    plan = GroupPlan(delete=[{"id": "a"}, {"id": "b"}, {"id": "c"}], deleted=3)
    plan.keep({"b", "zz"})
    assert plan.delete == [{"id": "a"}, {"id": "c"}]
    assert plan.changes() == Changes(deleted=2, kept=1)
    assert sum((Changes(1, 2, 3, 4, 5), Changes(1, 1, 1, 1, 1)), Changes()) == Changes(2, 3, 4, 5, 6)


def test_an_empty_database_means_everything_is_created():
    rows = [{"id": f"method:{i}", "props": {"name": str(i)}} for i in range(3)]
    for label in LABELS:
        assert diff_nodes(label, [], []).changes() == Changes()
    assert diff_nodes("Method", rows, []).changes() == Changes(created=3)
