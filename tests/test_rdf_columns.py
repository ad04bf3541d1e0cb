"""Turtle's qualified nodes made by columns (rdf/columns.py): the bytes the triples make, whatever the values."""
from __future__ import annotations

import io

import pytest
from rdf_support import make_tiny_graph

from graphkb.graph import KnowledgeGraph
from graphkb.rdf import columns
from graphkb.rdf.columns import QualifiedColumns, graph_turtle
from graphkb.rdf.iris import IriMinter
from graphkb.rdf.triples import _GraphTriples, graph_triples
from graphkb.rdf.vocab import DEFAULT_BASE, prefixes
from graphkb.rdf.writers import turtle_names, write_turtle


def by_triples(kg: KnowledgeGraph, base: str = DEFAULT_BASE) -> tuple[bytes, int]:
    out = io.BytesIO()
    n = write_turtle(graph_triples(kg, base), out, prefixes(base))
    return out.getvalue(), n


def by_columns(kg: KnowledgeGraph, base: str = DEFAULT_BASE) -> tuple[bytes, int]:
    out = io.BytesIO()
    n = graph_turtle(kg, out, base)
    return out.getvalue(), n


def hostile_graph() -> KnowledgeGraph:
    """The tiny graph, and values the columns leave to the triples or must write just as they do."""
    kg = make_tiny_graph()
    for i, title in enumerate(["tab\tquote\" backslash\\ newline\n return\r", "bell\x07 and form\x0c feed",
                               "a lone \ud800 surrogate", "plain", "ends with a dot."]):
        kg.add_node("Paper", f"p{i}." if i == 4 else f"p{i}", title=title, abstract=title, sources=["x.jsonl:1"])
    kg.add_node("Concept", "concept:c", name="c", paper_count=4)
    kg.add_node("Concept", "concept:c.", name="c.", paper_count=1)
    weights = [0.5, float("nan"), 1e20, 2.5e-07]
    for i, weight in enumerate(weights):
        kg.add_edge("MENTIONS", f"p{i}", "concept:c", weight=weight,
                    evidence={"sentence": kg.g.nodes[f"p{i}"]["title"], "start": 0, "end": 3, "rule": "keyphrase",
                              "field": "title" if i % 2 else "notes"})
    kg.add_edge("MENTIONS", "p3", "concept:c.", weight=0.25, evidence={"sentence": "a node whose id ends in ."})
    kg.add_edge("SIMILAR_TO", "p0", "p1", score=1, shared_terms=["a \"term\"", "ünï\n", 7])
    kg.add_edge("SIMILAR_TO", "p1", "p3", score=0.0, shared_terms=[])
    kg.add_edge("SIMILAR_TO", "p3", "p0", score=-0.0)
    kg.add_edge("SIMILAR_TO", "p3", "p4.", score=0.5, shared_terms=["to a paper whose id ends in ."])
    kg.add_edge("USES", "p0", "method:grpo", confidence=True, evidence="not a dict", mention=None)
    kg.add_edge("USES", "p1", "method:grpo", confidence="0.5", evidence=None, mention="GRPO\tv2")
    kg.add_edge("USES", "p3", "method:grpo", confidence=0.5, evidence={"sentence": 'a "quoted" \\ sentence\r\n',
                                                                        "start": 3, "field": "title"}, mention="G")
    kg.add_edge("IN_TOPIC", "p0", "topic:1", weight=[0.1, 0.2])
    kg.add_edge("SHARES_METHOD", "p0", "p1", count=2, names=["GRPO", "unknown name", "GRPO", "\"quoted\""])
    kg.add_edge("SHARES_BENCHMARK", "p1", "p3", count="3", names=[])
    kg.add_edge("SHARES_BENCHMARK", "p3", "p0", count=1, names=["GSM8K", "a lone \udfff surrogate"])
    return kg


@pytest.mark.parametrize("piece", [columns.PIECE, 2, 1])
@pytest.mark.parametrize("base", [DEFAULT_BASE, "http://example.org/kb#"])
def test_turtle_by_columns_is_the_turtle_of_the_triples_byte_for_byte(sample_build, monkeypatch, piece, base):
    """The sample graph, the tiny one (ids no IRI holds as they are, an exponent) and a hostile one,
    in pieces of any size: pieces the columns write sit beside pieces left to the triples."""
    monkeypatch.setattr(columns, "PIECE", piece)
    for kg in (KnowledgeGraph.load(sample_build), make_tiny_graph(), hostile_graph()):
        assert by_columns(kg, base) == by_triples(kg, base)


def qualified_by_type(kg: KnowledgeGraph) -> tuple[_GraphTriples, dict[str, list]]:
    walk = _GraphTriples(kg, IriMinter(DEFAULT_BASE))
    found: dict[str, list] = {}
    for edge in walk.edges():
        if edge[3].qualifier is not None:
            found.setdefault(edge[2]["type"], []).append(edge)
    return walk, found


def test_the_columns_write_every_relationship_type_of_a_build_but_builds_on(sample_build):
    """Not the triples in disguise: each type of the sample build is written by the columns (BUILDS_ON's
    kinds of citation are left to the triples), to the bytes of its triples."""
    walk, by_type = qualified_by_type(KnowledgeGraph.load(sample_build))
    made_by = QualifiedColumns(walk, turtle_names(prefixes(DEFAULT_BASE)))
    assert {"MENTIONS", "USES", "PROPOSES", "SIMILAR_TO", "SHARES_METHOD", "IN_TOPIC"} <= set(by_type)
    for rel_type, edges in by_type.items():
        made = made_by.statements(edges)
        if rel_type == "BUILDS_ON":
            assert made is None
            continue
        out = io.BytesIO()
        n = write_turtle((t for e in edges for t in walk.qualified(*e)), out, prefixes(DEFAULT_BASE), header=False)
        assert made is not None, rel_type
        assert (made.text, made.triples) == (out.getvalue(), n), rel_type


@pytest.mark.parametrize("rel_type, values", [
    ("MENTIONS", {"weight": float("nan")}), ("MENTIONS", {"weight": 1e20}), ("MENTIONS", {"weight": "0.5"}),
    ("MENTIONS", {"evidence": {"sentence": "bell\x07", "start": 0, "end": 4}}),
    ("MENTIONS", {"evidence": {"sentence": "lone \ud800"}}),
])
def test_a_value_the_columns_do_not_write_as_the_triples_leaves_the_piece_to_them(rel_type, values):
    kg = make_tiny_graph()
    kg.add_node("Concept", "concept:c", name="c", paper_count=1)
    kg.add_edge(rel_type, "2401.00001", "concept:c", **{"weight": 0.5, "evidence": {"sentence": "s"}, **values})
    walk, by_type = qualified_by_type(kg)
    assert QualifiedColumns(walk, turtle_names(prefixes(DEFAULT_BASE))).statements(by_type[rel_type]) is None
