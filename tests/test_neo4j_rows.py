"""Rows for Neo4j: native property values, groups per label and relationship type, batches."""
from __future__ import annotations

import json

import pytest

from graphkb.graph import KnowledgeGraph
from graphkb.graphdb.cypher_files import STATEMENTS, node_statement, relationship_statement
from graphkb.graphdb.rows import RelKey, batches, graph_rows, property_values
from graphkb.errors import GraphkbError


def test_property_values_are_what_neo4j_can_store():
    data = {
        "label": "Paper", "type": "USES",  # bookkeeping: carried by the label/type itself
        "title": "T", "count": 3, "score": 0.5, "flag": True, "missing": None,
        "aliases": ["a", "b"], "empty": [], "numbers": [1, 2.5], "flags": [True, False],
        "evidence": {"sentence": "S.", "start": 0, "end": 2, "rule": "lexicon", "field": "abstract",
                     "nested": {"deep": 1}},
        "mixed": ["a", 1], "records": [{"k": "v"}], "tuple": ("x", "y"),
    }
    assert property_values(data) == {
        "title": "T", "count": 3, "score": 0.5, "flag": True,
        "aliases": ["a", "b"], "empty": [], "numbers": [1.0, 2.5], "flags": [True, False],
        "evidence_sentence": "S.", "evidence_start": 0, "evidence_end": 2, "evidence_rule": "lexicon",
        "evidence_field": "abstract", "evidence_nested_deep": 1,
        "mixed": '["a", 1]', "records": '[{"k": "v"}]', "tuple": ["x", "y"],
    }
    assert property_values({"flags": [True, 1]})["flags"] == json.dumps([True, 1])  # bool is not int


def test_graph_rows_group_by_label_and_relationship_group():
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p2", title="B", sources=["x:1"])
    kg.add_node("Paper", "p1", title="A", sources=["x:2"])
    kg.add_node("Method", "method:grpo", name="GRPO", aliases=["Group Relative Policy Optimization"])
    kg.add_node("Benchmark", "benchmark:gsm8k", name="GSM8K")
    ev = {"sentence": "We propose GRPO.", "start": 0, "end": 16, "rule": "we-propose", "field": "abstract"}
    kg.add_edge("PROPOSES", "p2", "method:grpo", evidence=ev, confidence=0.9)
    kg.add_edge("PROPOSES", "p1", "benchmark:gsm8k", evidence=ev, confidence=0.8)
    kg.add_edge("USES", "p1", "method:grpo", evidence=ev, confidence=0.7)
    kg.add_edge("SIMILAR_TO", "p1", "p2", score=0.3, shared_terms=["rl"])
    rows = graph_rows(kg)
    assert list(rows.nodes) == ["Paper", "Method", "Benchmark"]
    assert [r["id"] for r in rows.nodes["Paper"]] == ["p1", "p2"]  # sorted: same graph, same rows
    assert rows.nodes["Method"][0] == {"id": "method:grpo", "props": {
        "name": "GRPO", "aliases": ["Group Relative Policy Optimization"]}}
    assert list(rows.relationships) == [RelKey("Paper", "PROPOSES", "Benchmark"),
                                        RelKey("Paper", "PROPOSES", "Method"),
                                        RelKey("Paper", "USES", "Method"),
                                        RelKey("Paper", "SIMILAR_TO", "Paper")]
    assert rows.relationships[RelKey("Paper", "USES", "Method")] == [{
        "src": "p1", "dst": "method:grpo",
        "props": {"confidence": 0.7, "evidence_sentence": "We propose GRPO.", "evidence_start": 0,
                  "evidence_end": 16, "evidence_rule": "we-propose", "evidence_field": "abstract"}}]
    assert rows.node_count == 4 and rows.relationship_count == 4


def test_samples_rows_cover_the_graph_and_every_group_has_a_statement(sample_graph):
    kg, _ = sample_graph
    rows = graph_rows(kg)
    assert rows.node_count == len(kg) and rows.relationship_count == kg.g.number_of_edges()
    for label in rows.nodes:
        assert "MERGE (n:" + label + " {id: row.id})" in node_statement(label)
    for key in rows.relationships:
        text = relationship_statement(key)
        assert f"MATCH (a:{key.source_label} {{id: row.src}})" in text
        assert f"MATCH (b:{key.target_label} {{id: row.dst}})" in text
        assert f"MERGE (a)-[r:{key.type}]->(b)" in text
    for label_rows in rows.nodes.values():
        for row in label_rows:
            assert all(not isinstance(v, dict) for v in row["props"].values())


def test_every_group_of_the_schema_has_a_statement_file():
    """DESIGN.md's relationship table: each (from, type, to) it allows can be loaded."""
    groups = ["Paper-PROPOSES-Method", "Paper-PROPOSES-Benchmark", "Paper-USES-Method",
              "Paper-EVALUATED_ON-Benchmark", "Paper-MENTIONS-Concept", "Paper-HAS_CODE-Repository",
              "Paper-SIMILAR_TO-Paper", "Paper-SHARES_METHOD-Paper", "Paper-SHARES_BENCHMARK-Paper",
              "Paper-BUILDS_ON-Paper", "Paper-IN_TOPIC-Topic", "Author-AUTHORED-Paper", "Method-VARIANT_OF-Method",
              "Paper-ADDRESSES-Task"]
    assert sorted(p.stem for p in (STATEMENTS / "relationships").glob("*.cypher")) == sorted(groups)
    for path in STATEMENTS.rglob("*.cypher"):
        assert "$" in path.read_text() or path.stem == "ping", path  # parameterised (ping takes none)
    with pytest.raises(GraphkbError, match=r"no loader statement for \(:Topic\)-\[:USES\]->\(:Paper\)"):
        relationship_statement(RelKey("Topic", "USES", "Paper"))


def test_batches():
    rows = list(range(7))
    assert [list(b) for b in batches(rows, 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [list(b) for b in batches(rows, 10)] == [rows]
    assert list(batches([], 3)) == []
    with pytest.raises(ValueError):
        list(batches(rows, 0))
