"""The SHACL shapes shipped in the package: exports conform, and broken exports are caught."""
from __future__ import annotations

import pyshacl
import pytest
import rdflib
from rdf_support import DCT, GKB, make_tiny_graph, node_iri
from rdflib import RDF, URIRef

from graphkb.export.rdf import write_rdf
from graphkb.rdf import shapes_path

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(shapes_path())


def violations(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, set]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    found = {(r_focus, r_path) for r in report.subjects(RDF.type, SH.ValidationResult)
             for r_focus in report.objects(r, SH.focusNode) for r_path in report.objects(r, SH.resultPath)}
    return conforms, found


def test_the_samples_export_conforms(sample_build, shapes):
    data = rdflib.Graph().parse(sample_build / "graph.ttl")
    assert len(data) > 30_000
    conforms, found = violations(data, shapes)
    assert conforms and not found


@pytest.fixture()
def tiny_data(tmp_path) -> rdflib.Graph:
    path = tmp_path / "tiny.nt"
    write_rdf(make_tiny_graph(), path, "nt")
    return rdflib.Graph().parse(path, format="nt")


def test_every_label_and_relationship_conforms(tiny_data, shapes):
    assert violations(tiny_data, shapes) == (True, set())


def _mention(g: rdflib.Graph, predicate: str) -> URIRef:
    return next(m for m in g.subjects(RDF.predicate, URIRef(GKB + predicate)))


def _drop_title(g):
    paper = node_iri(g, "2401.00001")
    g.remove((paper, URIRef(DCT + "title"), None))
    return {(paper, URIRef(DCT + "title"))}


def _second_title_in_french(g):
    paper = node_iri(g, "2401.00001")
    g.add((paper, URIRef(DCT + "title"), rdflib.Literal("Optimisation", lang="fr")))
    return {(paper, URIRef(DCT + "title"))}


def _confidence_as_text(g):
    m = _mention(g, "proposes")
    g.set((m, URIRef(GKB + "confidence"), rdflib.Literal("high")))
    return {(m, URIRef(GKB + "confidence"))}


def _uses_points_at_a_benchmark(g):
    paper = node_iri(g, "paper:ü/ß")
    g.add((paper, URIRef(GKB + "uses"), node_iri(g, "benchmark:gsm8k")))
    return {(paper, URIRef(GKB + "uses"))}


def _offsets_backwards(g):
    m = _mention(g, "hasCode")
    g.set((m, URIRef(GKB + "startOffset"), rdflib.Literal(40)))
    return {(m, URIRef(GKB + "startOffset"))}


def _date_as_text(g):
    paper = node_iri(g, "2401.00001")
    g.set((paper, URIRef(DCT + "date"), rdflib.Literal("5 Jan 2024")))
    return {(paper, URIRef(DCT + "date"))}


def _similarity_without_score(g):
    s = next(g.subjects(RDF.type, URIRef(GKB + "Similarity")))
    g.remove((s, URIRef(GKB + "score"), None))
    return {(s, URIRef(GKB + "score"))}


@pytest.mark.parametrize("breakage", [_drop_title, _second_title_in_french, _confidence_as_text,
                                      _uses_points_at_a_benchmark, _offsets_backwards, _date_as_text,
                                      _similarity_without_score])
def test_a_broken_export_is_reported_where_it_breaks(tiny_data, shapes, breakage):
    expected = breakage(tiny_data)
    conforms, found = violations(tiny_data, shapes)
    assert not conforms
    assert found == expected
