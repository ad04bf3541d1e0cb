"""Rows for Neo4j: native property values, groups per label and relationship type, batches."""
from __future__ import annotations

import json

import pytest

from graphkb.errors import GraphkbError
from graphkb.graph import KnowledgeGraph
from graphkb.graphdb.rows import RelKey, batches, graph_rows, property_values
from graphkb.graphdb.statements import (
    NODE_TEMPLATES,
    RELATIONSHIP_TEMPLATES,
    TEMPLATES,
    node_statement,
    relationship_statement,
)
from graphkb.schema import LABELS


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
    # the loader's ownership mark is never a graph property: it would make anything graphkb's
    assert property_values({"graphkb_owned": False, "name": "x"}) == {"name": "x"}


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
        assert f"MERGE (a)-[r:{key.type} {{graphkb_owned: true}}]->(b)" in text
    for label_rows in rows.nodes.values():
        for row in label_rows:
            assert all(not isinstance(v, dict) for v in row["props"].values())


def test_every_group_of_the_schema_has_a_statement():
    """Each (from, type, to) the schema allows can be loaded; anything else is refused up front."""
    from graphkb.schema import RELATIONSHIP_TYPES

    groups = [RelKey(s, r.type, t) for r in RELATIONSHIP_TYPES for s in r.sources for t in r.targets]
    assert len(groups) >= 12
    for key in groups:
        text = relationship_statement(key)
        assert "__" not in text and "UNWIND $rows AS row" in text
        assert f"MERGE (a)-[r:{key.type} {{graphkb_owned: true}}]->(b)" in text
        for template in RELATIONSHIP_TEMPLATES:
            text = relationship_statement(key, template)
            assert "__" not in text and f"[r:{key.type}" in text and "graphkb_owned" in text
    for label in LABELS:
        for template in NODE_TEMPLATES:
            text = node_statement(label, template)
            assert "__" not in text and f"(n:{label}" in text and "graphkb_owned" in text
    for path in TEMPLATES.glob("*.cypher"):
        # parameterised (ping and the reads of a whole label or group take none)
        assert "$" in path.read_text() or path.stem in ("ping", "read_nodes", "read_relationships"), path
    with pytest.raises(GraphkbError, match=r"no loader statement for \(:Topic\)-\[:USES\]->\(:Paper\)"):
        relationship_statement(RelKey("Topic", "USES", "Paper"))
    with pytest.raises(GraphkbError, match="no loader statement for nodes labelled 'Evil`x'"):
        node_statement("Evil`x")
    with pytest.raises(GraphkbError, match="no node template 'wipe'"):
        node_statement("Paper", "wipe")
    with pytest.raises(GraphkbError, match="no relationship template 'node'"):
        relationship_statement(RelKey("Paper", "USES", "Method"), "node")


def test_batches():
    rows = list(range(7))
    assert [list(b) for b in batches(rows, 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [list(b) for b in batches(rows, 10)] == [rows]
    assert list(batches([], 3)) == []
    with pytest.raises(ValueError):
        list(batches(rows, 0))


def test_the_cypher_script_makes_each_batch_of_rows_as_it_writes_it_the_rows_of_graph_rows(sample_graph):
    from graphkb.export.cypher_script import cypher_literal, script_lines
    kg, _ = sample_graph
    rows = graph_rows(kg)
    written = [line.removeprefix(":param rows => ") for line in script_lines(kg, batch_size=7)
               if line.startswith(":param rows => ")]
    expected = [cypher_literal(list(batch)) for groups in (rows.nodes, rows.relationships)
                for group in groups.values() for batch in batches(group, 7)]
    assert len(expected) > 20 and written == expected
