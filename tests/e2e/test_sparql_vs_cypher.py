"""Each query of cypher/sparql/ gives the same answers as its Cypher twin in cypher/queries/:
the Cypher on the real Bolt server loaded with the samples graph, the SPARQL on the samples'
RDF export (graph.ttl). Rows must agree in order on the ORDER BY columns and as a whole;
list columns (Cypher lists, SPARQL "|"-joined GROUP_CONCATs, which have no order) as sets.
"""
from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from graphkb.graphdb.connection import connect
from graphkb.graphdb.query import run_query as run_cypher
from graphkb.querypack import bind_params, find_query, pack
from graphkb.rdf.sparql import load_graph_json, open_store
from graphkb.rdf.sparql import run_query as run_sparql


@pytest.fixture(scope="module")
def cypher(samples_target):
    with connect(samples_target) as connection:
        def run(name, params):
            query = find_query(name, "cypher")
            return run_cypher(connection, query.text, bind_params(query, params)).rows
        yield run


@pytest.fixture(scope="module")
def sparql(sample_build):
    store, path = open_store(sample_build)
    assert path.name == "graph.ttl"

    def run(name, params):
        query = find_query(name, "sparql")
        return run_sparql(store, query, bind_params(query, params)).rows
    return run


@pytest.fixture(scope="module")
def picks(sample_graph):
    """Parameters that make each question interesting on the samples."""
    kg = sample_graph[0]

    def degree(node, *types):
        return sum(1 for _, _, d in kg.g.out_edges(node, data=True) if d["type"] in types)
    papers = [n for n, _ in kg.nodes("Paper")]
    by_benchmarks = max(papers, key=lambda p: (degree(p, "EVALUATED_ON", "PROPOSES"), p))
    similar_to = [(u, v) for u, v, _ in kg.edges("SIMILAR_TO")]
    sharing = {frozenset((u, v)) for u, v, d in kg.edges() if d["type"] in ("SHARES_METHOD", "SHARES_BENCHMARK")}

    def similar_and_sharing(p):  # neighbours by similarity that also share a method or benchmark
        return sum(1 for u, v in similar_to if p in (u, v) and frozenset((u, v)) in sharing)
    similar = max(papers, key=lambda p: (similar_and_sharing(p), sum(p in e for e in similar_to), p))
    return {"by_benchmarks": by_benchmarks, "title": kg.g.nodes[by_benchmarks]["title"], "similar": similar}


def _normal(value, as_list: bool):
    if as_list:
        items = value if isinstance(value, list) else (value.split("|") if value else [])
        return tuple(sorted(items))
    if isinstance(value, float):
        return round(value, 6)
    return value


def same_answers(cypher_rows, sparql_rows, order_by):
    assert cypher_rows, "the Cypher query returned nothing: pick other parameters"
    columns = list(cypher_rows[0])
    assert list(sparql_rows[0]) == columns  # same columns, same order
    lists = {c for c in columns if any(isinstance(r[c], list) for r in cypher_rows)}

    def rows(rs):
        return [tuple(_normal(r[c], c in lists) for c in columns) for r in rs]
    c_rows, s_rows = rows(cypher_rows), rows(sparql_rows)
    keys = [columns.index(c) for c in order_by]
    assert [tuple(r[k] for k in keys) for r in s_rows] == [tuple(r[k] for k in keys) for r in c_rows]
    assert Counter(s_rows) == Counter(c_rows)


CASES = [
    # (pack query, parameters, its ORDER BY columns)
    ("top_methods", {}, ("papers", "method")),
    ("top_methods", {"limit": "10000"}, ("papers", "method")),
    ("top_benchmarks", {"limit": "10000"}, ("papers", "benchmark")),
    ("methods_used_together", {}, ("papers", "method", "with_method")),
    ("methods_used_together", {"min_papers": "1", "limit": "10000"}, ("papers", "method", "with_method")),
    ("concept_cooccurrence", {"limit": "10000"}, ("papers", "concept", "with_concept")),
    ("method_benchmarks", {"method": "GPT-4"}, ("papers", "benchmark")),
    ("method_benchmarks", {"method": "supervised fine-tuning"}, ("papers", "benchmark")),  # an alias, any case
    ("method_users", {"method": "sft"}, ("relation", "confidence", "title")),
    ("method_users", {"method": "method:gpt4"}, ("relation", "confidence", "title")),
    ("new_benchmarks", {"limit": "10000"}, ("used_by", "title", "benchmark")),
    ("papers_on_task", {"task": "code generation"}, ("title", "id")),
    ("single_paper_entities", {"limit": "10000"}, ("kind", "name", "id")),
]


@pytest.mark.parametrize("name, params, order_by", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_sparql_twin_gives_the_cypher_answers(cypher, sparql, name, params, order_by):
    same_answers(cypher(name, params), sparql(name, params), order_by)


@pytest.mark.parametrize("key", ["by_benchmarks", "title"])
def test_papers_sharing_benchmarks(cypher, sparql, picks, key):
    params = {"paper": picks[key]}
    rows = cypher("papers_sharing_benchmarks", params)
    assert rows[0]["shared"] >= 2
    same_answers(rows, sparql("papers_sharing_benchmarks", params), ("shared", "title"))


def test_similar_papers(cypher, sparql, picks):
    params = {"paper": picks["similar"], "limit": "100"}
    rows = cypher("similar_papers", params)
    assert len(rows) >= 5 and any(r["shared_methods"] or r["shared_benchmarks"] for r in rows)
    same_answers(rows, sparql("similar_papers", params), ("score", "title"))


def both_answers(graph, target, name: str, params: dict) -> tuple[list[dict], list[dict]]:
    """A pack query's rows from Cypher (graph loaded into a fresh server) and from its SPARQL twin."""
    from graphkb.graphdb.loader import Neo4jLoader

    query, twin = find_query(name, "cypher"), find_query(name, "sparql")
    with connect(target) as connection:
        Neo4jLoader(connection).load(graph)
        rows = run_cypher(connection, query.text, bind_params(query, params)).rows
    store = ox.Store()
    load_graph_json(store, graph)
    return rows, run_sparql(store, twin, bind_params(twin, params)).rows


@pytest.mark.parametrize("since", ["2024-08-01", "2025-03"])
def test_rising_methods_on_dated_papers(dated_graph, fresh_target, since):
    params = {"since": since, "limit": "1000"}
    rows, twin_rows = both_answers(dated_graph, fresh_target, "rising_methods", params)
    assert len(rows) > 3 and any(r["before"] for r in rows)
    assert all(r["first_seen"] <= r["last_seen"] for r in rows)
    same_answers(rows, twin_rows, ("method", "recent", "before"))


@pytest.mark.parametrize("paper", ["a", "Paper D", "2501.00004"])
def test_citations(cited_graph, fresh_target, paper):
    rows, twin_rows = both_answers(cited_graph, fresh_target, "citations", {"paper": paper})
    same_answers(rows, twin_rows, ("direction", "title", "id"))


def test_every_sparql_file_has_a_cypher_twin_and_is_compared():
    names = {q.name for q in pack("sparql")}
    assert len(names) >= 6
    for name in names:
        assert find_query(name, "cypher").path.stem == name  # the Cypher twin exists
    compared = {c[0] for c in CASES} | {"papers_sharing_benchmarks", "similar_papers", "rising_methods",
                                        "citations"}
    assert names == compared
