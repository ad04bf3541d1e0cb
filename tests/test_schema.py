"""The schema is the one place that knows labels and types: everything derives from it, and the
graph model refuses anything it does not allow, whether built in code or read from a graph.json."""
from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from cli_support import run

from graphkb.errors import GraphkbError
from graphkb.graph import KnowledgeGraph
from graphkb.graphdb.rows import RelKey
from graphkb.graphdb.statements import node_statement, relationship_statement, schema_statements
from graphkb.htmlview import style
from graphkb.rdf import ontology_path, shapes_path
from graphkb.rdf.triples import NODES as RDF_NODES
from graphkb.rdf.triples import RELATIONSHIPS as RDF_RELATIONSHIPS
from graphkb.rdf.triples import expand
from graphkb.schema import LABELS, NODE_TYPES, REL_TYPES, RELATIONSHIP_TYPES, node_id


def _declared_terms() -> set[str]:
    """Every IRI the shipped ontology declares (as a subject of its own triples)."""
    store = ox.Store()
    store.bulk_load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
    return {str(q.subject.value) for q in store if isinstance(q.subject, ox.NamedNode)}


def test_every_relationship_type_has_an_rdf_term_an_ontology_entry_and_a_colour():
    declared = _declared_terms()
    for rel in RELATIONSHIP_TYPES:
        mapping = RDF_RELATIONSHIPS[rel.type]
        assert mapping.predicate == expand(rel.rdf)
        if rel.rdf.startswith("gkb:"):
            assert mapping.predicate in declared, f"{rel.type}: {rel.rdf} is not in ontology.ttl"
        if rel.qualifier:
            assert mapping.qualifier in declared, f"{rel.type}: {rel.qualifier} is not in ontology.ttl"
        for prop in rel.properties:
            if prop.rdf and prop.rdf.startswith("gkb:"):
                assert expand(prop.rdf) in declared, f"{rel.type}.{prop.key}: {prop.rdf} not declared"
        assert re.fullmatch(r"#[0-9a-f]{6}", rel.colour) and style.EDGE_COLOURS[rel.type] == rel.colour
        assert (rel.type in style.DIRECTED) is not rel.symmetric


def test_every_label_has_rdf_classes_a_colour_and_neo4j_statements():
    declared = _declared_terms()
    for node in NODE_TYPES:
        assert RDF_NODES[node.label].classes[0] == expand(node.rdf_classes[0]) in declared
        for prop in node.properties:
            if prop.rdf and prop.rdf.startswith("gkb:"):
                assert expand(prop.rdf) in declared, f"{node.label}.{prop.key}: {prop.rdf} not declared"
        assert style.node_style(node.label).colour == node.colour
        assert f"MERGE (n:{node.label} {{id: row.id}})" in node_statement(node.label)
        assert any(f"FOR (n:{node.label}) REQUIRE n.id IS UNIQUE" in s for s in schema_statements())
    for rel in RELATIONSHIP_TYPES:
        for source in rel.sources:
            for target in rel.targets:
                statement = relationship_statement(RelKey(source, rel.type, target))
                assert f"[r:{rel.type} {{graphkb_owned: true}}]" in statement


def test_every_property_written_in_rdf_has_a_shape():
    """shapes.ttl agrees with the schema: each predicate a node or relationship property is written
    as is constrained by some shape (gkb: ones are declared in the ontology, checked above)."""
    store = ox.Store()
    store.bulk_load(path=str(shapes_path()), format=ox.RdfFormat.TURTLE)
    paths = {str(q.object.value) for q in store
             if q.predicate.value == "http://www.w3.org/ns/shacl#path" and isinstance(q.object, ox.NamedNode)}
    for owner in (*NODE_TYPES, *RELATIONSHIP_TYPES):
        for prop in owner.properties:
            if prop.rdf:
                assert expand(prop.rdf) in paths, f"{prop.key} ({prop.rdf}) has no shape in shapes.ttl"


def test_ids_are_minted_by_the_schema():
    assert node_id("Method", "grpo") == "method:grpo"
    assert node_id("Repository", "github.com/x") == "repo:github.com/x"
    assert node_id("Paper", "2401.00001") == "2401.00001"  # papers keep their input ids


def test_add_edge_refuses_what_the_schema_does_not_allow():
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title="A")
    kg.add_node("Method", "method:m", name="M")
    kg.add_edge("USES", "p1", "method:m")
    with pytest.raises(ValueError, match="no target node 'method:missing'"):
        kg.add_edge("USES", "p1", "method:missing")
    with pytest.raises(ValueError, match="the source is a Method, not a Paper"):
        kg.add_edge("USES", "method:m", "p1")
    with pytest.raises(ValueError, match="unknown relationship type 'LIKES'"):
        kg.add_edge("LIKES", "p1", "method:m")
    assert set(kg.g.nodes) == {"p1", "method:m"}  # no unlabelled node was made on the way


def test_add_edge_makes_what_networkx_add_edge_makes(sample_graph):
    """KnowledgeGraph.add_edge writes networkx's dicts itself (a build adds hundreds of thousands of
    relationships): the same edges, data and order as MultiDiGraph.add_edge, adding one twice included."""
    import networkx as nx

    graph, _ = sample_graph
    ours, theirs = KnowledgeGraph(), nx.MultiDiGraph()
    for n, d in graph.g.nodes(data=True):
        ours.g.add_node(n, **d)
        theirs.add_node(n, **d)
    for u, v, k, d in graph.g.edges(keys=True, data=True):
        props = {name: value for name, value in d.items() if name != "type"}
        for _ in range(2):
            ours.add_edge(k, u, v, **props)
            theirs.add_edge(u, v, key=k, **d)
    assert theirs.number_of_edges() > 1000
    assert list(ours.g.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    assert all(list(ours.g.pred[n].items()) == list(theirs.pred[n].items()) for n in theirs)


@pytest.mark.parametrize("mutate, message", [
    (lambda g: g["nodes"][0].update(label="Evil`touch PWNED`"), "has label 'Evil`touch PWNED`', not one of"),
    (lambda g: g["nodes"][0].update(label="../../tmp/x/escaped"), "has label '../../tmp/x/escaped'"),
    (lambda g: g["edges"][0].update(type="X]->() DETACH DELETE (n"), "has type 'X]->() DETACH DELETE (n'"),
    (lambda g: g["edges"].append({"source": g["nodes"][-1]["id"], "target": g["nodes"][0]["id"],
                                  "key": "USES", "type": "USES"}), "which the schema does not allow"),
])
def test_a_crafted_graph_json_is_refused_naming_the_node(tmp_path, sample_build, mutate, message):
    data = json.loads((sample_build / "graph.json").read_text())
    mutate(data)
    bad = tmp_path / "graph.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(GraphkbError, match=re.escape(message)):
        KnowledgeGraph.load(bad)
    for args in (("export", "neo4j-csv", tmp_path, "-o", tmp_path / "csv"), ("stats", tmp_path)):
        result = run(*args)
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "csv").exists()


def test_the_samples_use_only_schema_labels_and_types(sample_graph):
    kg, _ = sample_graph
    assert kg.schema_problem() is None
    assert set(kg.node_counts()) <= set(LABELS) and set(kg.edge_counts()) <= set(REL_TYPES)
