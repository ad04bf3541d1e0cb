"""The RDF export: every format read back by rdflib and by pyoxigraph, counts equal to graph.json,
typed literals, safe IRIs, qualified relationships with their evidence, and the ontology."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from cli_support import run
from click.testing import CliRunner
from rdf_support import BASE, CITO, CLASSES, DCT, GKB, PREDICATES, make_tiny_graph, node_iri
from rdflib import RDF, RDFS, URIRef

from graphkb.cli import main
from graphkb.errors import GraphkbError
from graphkb.export.rdf import write_rdf
from graphkb.graph import KnowledgeGraph
from graphkb.rdf import ontology_path


def xsd(name: str) -> URIRef:
    return URIRef("http://www.w3.org/2001/XMLSchema#" + name)


RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "xml": "xml"}
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
EXTENSIONS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld", "xml": ".rdf"}


def read_rdflib(path: Path, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(str(path), format=RDFLIB_FORMATS[fmt])


def read_oxigraph(path: Path, fmt: str) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=OX_FORMATS[fmt])
    return store


def rdflib_counts(g: rdflib.Graph) -> tuple[Counter, Counter]:
    labels = Counter({label: len(set(g.subjects(RDF.type, URIRef(cls)))) for label, cls in CLASSES.items()})
    rels = Counter({t: len(list(g.triples((None, URIRef(p), None)))) for t, p in PREDICATES.items()})
    return +labels, +rels


def oxigraph_counts(store: ox.Store) -> tuple[Counter, Counter]:
    rdf_type = ox.NamedNode(str(RDF.type))
    labels = Counter({label: len({q.subject for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(cls))})
                      for label, cls in CLASSES.items()})
    rels = Counter({t: len(list(store.quads_for_pattern(None, ox.NamedNode(p), None)))
                    for t, p in PREDICATES.items()})
    return +labels, +rels


def json_counts(graph_json: Path) -> tuple[Counter, Counter]:
    data = json.loads(graph_json.read_text(encoding="utf-8"))
    return Counter(n["label"] for n in data["nodes"]), Counter(e["type"] for e in data["edges"])


@pytest.fixture(scope="module")
def exports(sample_build, tmp_path_factory):
    """The sample graph.json exported by the CLI in every format."""
    out = tmp_path_factory.mktemp("rdf")
    paths = {}
    for fmt, ext in EXTENSIONS.items():
        paths[fmt] = out / f"graph{ext}"
        result = run("export", "rdf", sample_build, "--format", fmt, "-o", paths[fmt])
        assert result.exit_code == 0, result.output
        assert f"Wrote {paths[fmt]}" in result.stderr
    return paths


@pytest.fixture(scope="module")
def parsed(exports):
    """Each export read once by each engine: fmt -> (rdflib Graph, pyoxigraph Store)."""
    return {fmt: (read_rdflib(path, fmt), read_oxigraph(path, fmt)) for fmt, path in exports.items()}


@pytest.fixture(scope="module")
def tiny_graph() -> KnowledgeGraph:
    return make_tiny_graph()


# -- every format, both engines, counts of graph.json ---------------------------------------------

@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_every_format_reads_back_in_both_engines_with_the_counts_of_graph_json(parsed, sample_build, fmt):
    labels, rels = json_counts(sample_build / "graph.json")
    assert labels["Paper"] == 235 and rels["USES"] > 100  # the samples, not an empty graph
    g, store = parsed[fmt]
    assert len(g) == len(store) > 30_000
    assert rdflib_counts(g) == (labels, rels)
    assert oxigraph_counts(store) == (labels, rels)


def test_every_format_holds_the_same_triples(parsed):
    reference = set(parsed["nt"][0])
    ox_reference = set(parsed["nt"][1])
    for fmt in ("turtle", "json-ld", "xml"):
        assert set(parsed[fmt][0]) == reference, fmt
        assert set(parsed[fmt][1]) == ox_reference, fmt


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_tiny_graph_with_every_label_and_relationship_counts_right(tiny_graph, tmp_path, fmt):
    path = tmp_path / f"tiny{EXTENSIONS[fmt]}"
    n = write_rdf(tiny_graph, path, fmt)
    labels = tiny_graph.node_counts()
    rels = tiny_graph.edge_counts()
    assert set(labels) == set(CLASSES) and set(rels) == set(PREDICATES)
    g = read_rdflib(path, fmt)
    assert len(g) == n == len(read_oxigraph(path, fmt))
    assert rdflib_counts(g) == (labels, rels)
    assert oxigraph_counts(read_oxigraph(path, fmt)) == (labels, rels)


def test_build_writes_graph_ttl_beside_graph_json(samples_dir, tmp_path, exports):
    out = tmp_path / "out"
    result = run("build", samples_dir, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("graph.") and p.suffix in (".json", ".ttl")) == [
        "graph.json", "graph.ttl"]
    # the same bytes `graphkb export rdf` makes from graph.json
    assert (out / "graph.ttl").read_bytes() == exports["turtle"].read_bytes()
    no_views = tmp_path / "bare"
    assert run("build", samples_dir, "-o", no_views, "-q", "--no-views").exit_code == 0
    assert not (no_views / "graph.ttl").exists()


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_output_is_deterministic(sample_build, tmp_path, fmt):
    kg = KnowledgeGraph.load(sample_build)
    a, b = tmp_path / f"a{EXTENSIONS[fmt]}", tmp_path / f"b{EXTENSIONS[fmt]}"
    write_rdf(kg, a, fmt)
    write_rdf(KnowledgeGraph.load(sample_build), b, fmt)
    assert a.read_bytes() == b.read_bytes()


# -- literals and IRIs --------------------------------------------------------------------------

def _one(g: rdflib.Graph, s, p):
    values = list(g.objects(s, URIRef(p)))
    assert len(values) == 1, (s, p, values)
    return values[0]


def test_literals_are_typed_and_text_is_tagged_english(tiny_graph, tmp_path):
    path = tmp_path / "tiny.ttl"
    write_rdf(tiny_graph, path)
    g = read_rdflib(path, "turtle")
    paper = node_iri(g, "2401.00001")
    title = _one(g, paper, DCT + "title")
    assert (title.value, title.language) == ("Group Relative Policy Optimization for Maths", "en")
    assert _one(g, paper, DCT + "abstract").language == "en"
    date = _one(g, paper, DCT + "date")
    assert date.datatype == xsd("date") and str(date) == "2024-01-05"
    assert _one(g, paper, "http://purl.org/spar/fabio/hasPublicationYear").datatype == xsd("gYear")
    assert str(_one(g, paper, "http://purl.org/spar/fabio/hasArXivId")) == "2401.00001"
    url = _one(g, paper, "http://purl.org/spar/fabio/hasURL")
    assert url.datatype == xsd("anyURI") and str(url) == "https://arxiv.org/abs/2401.00001"
    assert {str(c) for c in g.objects(paper, URIRef(GKB + "arxivCategory"))} == {"cs.CL", "cs.LG"}
    assert _one(g, node_iri(g, "paper:ü/ß"), DCT + "date").datatype == xsd("gYear")
    odd = node_iri(g, "odd id with spaces <>\"{}|^`\\ and #frag?q=1%")
    assert _one(g, odd, DCT + "date").datatype == xsd("gYearMonth")
    assert str(_one(g, odd, DCT + "title")) == 'Ünïcode "quotes"\n\tand\\'  # escapes survive
    grpo = node_iri(g, "method:grpo")
    count = _one(g, grpo, GKB + "paperCount")
    assert count.datatype == xsd("integer") and count.value == 2
    assert str(_one(g, grpo, "http://www.w3.org/2004/02/skos/core#altLabel")) == "Group Relative Policy Optimization"
    concept = node_iri(g, "concept:policy-optimisation")
    assert _one(g, concept, "http://www.w3.org/2004/02/skos/core#prefLabel").language == "en"
    assert (concept, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in g
    # the author link goes the Dublin Core way: paper dcterms:creator author
    assert _one(g, paper, DCT + "creator") == node_iri(g, "author:ada-lovelace")
    # 1e-05 is written as an xsd:decimal, which has no exponent form
    tiny = [o for o in g.objects(None, URIRef(GKB + "confidence")) if o.value < 0.001]
    assert len(tiny) == 1 and tiny[0].datatype == xsd("decimal") and str(tiny[0]) == "0.00001"


def test_iris_are_valid_percent_encoded_and_distinct_for_any_id(tiny_graph, tmp_path):
    for fmt in ("nt", "turtle"):
        path = tmp_path / f"tiny{EXTENSIONS[fmt]}"
        write_rdf(tiny_graph, path, fmt)
        g = read_rdflib(path, fmt)
        iris = {node_id: node_iri(g, node_id) for node_id, _ in tiny_graph.nodes()}
        assert len(set(iris.values())) == len(iris)
        for iri in iris.values():
            assert not set(str(iri)) & set(" <>\"{}|^`\\#?\n"), iri
        assert str(iris["method:grpo"]) == BASE + "method/grpo"
        assert str(iris["2401.00001"]) == BASE + "paper/2401.00001"
        assert str(iris["method:Ü-Net/2"]) == BASE + "method/%C3%9C-Net/2"
        assert str(iris["paper:ü/ß"]) == BASE + "paper/paper:%C3%BC/%C3%9F"
        assert str(iris["repo:github.com/ada/grpo"]) == BASE + "repo/github.com/ada/grpo"
        assert str(iris["odd id with spaces <>\"{}|^`\\ and #frag?q=1%"]).startswith(BASE + "paper/odd%20id%20")
        # pyoxigraph validates IRIs strictly: it must accept every one of them
        store = read_oxigraph(path, fmt)
        assert {q.subject.value for q in store} >= {str(i) for i in iris.values()}


def test_base_moves_every_graphkb_resource(tiny_graph, tmp_path):
    path = tmp_path / "tiny.nt"
    write_rdf(tiny_graph, path, "nt", base="http://example.org/kb#")
    g = read_rdflib(path, "nt")
    subjects = {str(s) for s in g.subjects()}
    assert subjects and all(s.startswith("http://example.org/kb#") for s in subjects)
    assert str(node_iri(g, "method:grpo")) == "http://example.org/kb#method/grpo"
    assert (URIRef("http://example.org/kb#dataset"), URIRef("http://rdfs.org/ns/void#uriSpace"),
            rdflib.Literal("http://example.org/kb#")) in g


@pytest.mark.parametrize("base", ["relative/path/", "http://example.org/no-separator", "http://ex ample.org/",
                                  "http://example.org/<x>/"])
def test_a_bad_base_is_one_clear_error_and_writes_nothing(sample_build, tmp_path, base):
    target = tmp_path / "graph.ttl"
    result = run("export", "rdf", sample_build, "-o", target, "--base", base)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: --base")
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


# -- relationships with values ------------------------------------------------------------------

def test_qualified_nodes_keep_confidence_scores_and_evidence(sample_build, parsed):
    data = json.loads((sample_build / "graph.json").read_text(encoding="utf-8"))
    store = parsed["turtle"][1]
    rows = store.query("""
        PREFIX gkb: <https://graphkb.org/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?pid ?eid ?conf ?text ?sentence ?start ?end ?rule ?field WHERE {
          ?m a gkb:Mention ; rdf:subject ?p ; rdf:predicate gkb:uses ; rdf:object ?e ;
             gkb:confidence ?conf ; gkb:mentionText ?text ; gkb:sentence ?sentence ;
             gkb:startOffset ?start ; gkb:endOffset ?end ; gkb:rule ?rule ; gkb:inField ?field ;
             prov:wasDerivedFrom ?p .
          ?p gkb:uses ?e ; dcterms:identifier ?pid . ?e dcterms:identifier ?eid .
        }""", prefixes={"rdf": str(RDF)})
    got = {(r["pid"].value, r["eid"].value): (float(r["conf"].value), r["text"].value, r["sentence"].value,
                                              int(r["start"].value), int(r["end"].value), r["rule"].value,
                                              r["field"].value.rsplit("/", 1)[1]) for r in rows}
    want = {(e["source"], e["target"]): (e["confidence"], e["mention"], e["evidence"]["sentence"],
                                         e["evidence"]["start"], e["evidence"]["end"], e["evidence"]["rule"],
                                         e["evidence"]["field"]) for e in data["edges"] if e["type"] == "USES"}
    assert len(want) > 100 and got == want

    sims = store.query("""
        PREFIX gkb: <https://graphkb.org/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?a ?b ?score (GROUP_CONCAT(?term; separator="|") AS ?terms) WHERE {
          ?s a gkb:Similarity ; rdf:subject/dcterms:identifier ?a ; rdf:object/dcterms:identifier ?b ;
             gkb:score ?score ; gkb:sharedTerm ?term .
        } GROUP BY ?a ?b ?score""", prefixes={"rdf": str(RDF)})
    got = {(r["a"].value, r["b"].value): (float(r["score"].value), set(r["terms"].value.split("|"))) for r in sims}
    want = {(e["source"], e["target"]): (e["score"], set(e["shared_terms"]))
            for e in data["edges"] if e["type"] == "SIMILAR_TO"}
    assert len(want) > 100 and got == want


def test_builds_on_is_a_cito_citation_with_what_it_took(sample_build, parsed):
    data = json.loads((sample_build / "graph.json").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    proposed = {}
    for e in data["edges"]:
        if e["type"] == "PROPOSES":
            proposed.setdefault(e["source"], {})[nodes[e["target"]]["name"]] = nodes[e["target"]]["label"]
    want = set()
    for e in data["edges"]:
        if e["type"] == "BUILDS_ON":
            kinds = {proposed[e["target"]][name] for name in e["via"]}
            for label, prop in (("Method", "usesMethodIn"), ("Benchmark", "usesDataFrom")):
                if label in kinds:
                    want.add((e["source"], prop, e["target"]))
    assert want
    g = parsed["turtle"][0]
    ident = {s: str(o) for s, o in g.subject_objects(URIRef(DCT + "identifier"))}
    kinds = (URIRef(CITO + "usesMethodIn"), URIRef(CITO + "usesDataFrom"))
    got = {(ident[s], p.rsplit("/", 1)[1], ident[o]) for p in kinds for s, o in g.subject_objects(p)}
    assert got == want
    # the qualified citation names the entities it went through
    cites = list(g.subjects(RDF.type, URIRef(GKB + "InferredCitation")))
    assert len(cites) == sum(1 for e in data["edges"] if e["type"] == "BUILDS_ON")
    for c in cites:
        names = {str(_one(g, v, "http://www.w3.org/2004/02/skos/core#prefLabel"))
                 for v in g.objects(c, URIRef(GKB + "via"))}
        edge = next(e for e in data["edges"] if e["type"] == "BUILDS_ON"
                    and ident[_one(g, c, str(RDF.subject))] == e["source"]
                    and ident[_one(g, c, str(RDF.object))] == e["target"])
        assert names == set(edge["via"])


# -- the ontology -------------------------------------------------------------------------------

def test_ontology_declares_every_gkb_term_the_export_uses(parsed):
    ontology = rdflib.Graph().parse(ontology_path())
    g = parsed["nt"][0]
    used = {str(t) for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(GKB)}
    assert len(used) > 30
    for term in used:
        t = URIRef(term)
        labels = list(ontology.objects(t, RDFS.label))
        comments = list(ontology.objects(t, RDFS.comment))
        assert labels and comments, f"{term} is not declared with a label and a comment"
        assert all(lit.language == "en" for lit in labels + comments)


def test_ontology_links_our_terms_to_the_standard_ones():
    o = rdflib.Graph().parse(ontology_path())
    sub, subp = RDFS.subClassOf, RDFS.subPropertyOf

    def supers(term, rel):
        return {str(x) for x in o.transitive_objects(URIRef(GKB + term), rel)} - {GKB + term}

    assert {"https://schema.org/ScholarlyArticle", "http://purl.org/spar/fabio/ResearchPaper",
            "https://linkedpaperswithcode.com/class/paper"} <= supers("Paper", sub)
    assert "https://linkedpaperswithcode.com/class/method" in supers("Method", sub)
    assert "https://linkedpaperswithcode.com/class/dataset" in supers("Benchmark", sub)
    assert "http://www.w3.org/2004/02/skos/core#Concept" in supers("Concept", sub)
    assert {"http://www.w3.org/ns/prov#Entity", str(RDF.Statement)} <= supers("Mention", sub)
    assert CITO + "Citation" in supers("InferredCitation", sub)
    assert CITO + "cites" in supers("buildsOn", subp)
    assert "https://linkedpaperswithcode.com/property/hasMethod" in supers("uses", subp)
    assert "https://linkedpaperswithcode.com/property/usesDataset" in supers("evaluatedOn", subp)
    assert DCT + "subject" in supers("mentions", subp)
    # every class reaches a standard class
    for cls in o.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
        assert any(not s.startswith(GKB) for s in supers(str(cls)[len(GKB):], sub)), cls


# -- command line and bad input -----------------------------------------------------------------

def test_cli_guesses_the_format_from_the_extension_and_writes_to_stdout(sample_build, tmp_path):
    target = tmp_path / "g.jsonld"
    result = run("export", "rdf", sample_build, "-o", target)
    assert result.exit_code == 0 and "json-ld" in result.stderr
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["@context"]["gkb"] == GKB and len(doc["@graph"]) > 1000
    result = run("export", "rdf", sample_build / "graph.json", "--format", "nt", "-o", "-")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) > 30_000 and all(line.endswith(" .") for line in lines)
    default = run("export", "rdf", sample_build, "--format", "xml")
    assert default.exit_code == 0 and (sample_build / "graph.rdf").exists()
    (sample_build / "graph.rdf").unlink()


def test_cli_errors_are_one_line(tmp_path):
    result = run("export", "rdf", tmp_path, "-o", tmp_path / "x.ttl")
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "graph.json" in result.output
    result = CliRunner().invoke(main, ["export", "rdf", str(tmp_path), "--format", "n3"])
    assert result.exit_code == 2 and "'n3' is not one of" in result.output


def test_a_graph_the_export_cannot_map_leaves_no_file(tmp_path):
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title="T", abstract="A")
    kg.g.add_node("x", label="Gadget")
    with pytest.raises(GraphkbError, match="unknown label 'Gadget'"):
        write_rdf(kg, tmp_path / "g.ttl")
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title="T", abstract="A")
    kg.add_node("Paper", "p2", title="T", abstract="A")
    kg.g.add_edge("p1", "p2", key="REVIEWS", type="REVIEWS")
    with pytest.raises(GraphkbError, match="unknown relationship type 'REVIEWS'"):
        write_rdf(kg, tmp_path / "g.nt", "nt")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml"])
def test_a_lone_surrogate_in_a_graph_json_is_written_as_a_replacement_character(tmp_path, fmt):
    """A graph.json may hold text no RDF file can (JSON escapes a lone surrogate); every
    serialization writes U+FFFD there instead of failing."""
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title="broken \ud800 title", abstract="x")
    out = tmp_path / f"graph.{fmt}"
    write_rdf(kg, out, fmt)
    literals = {str(o) for _, _, o in rdflib.Graph().parse(out, format=fmt) if isinstance(o, rdflib.Literal)}
    assert "broken \ufffd title" in literals


# -- Turtle, written directly ---------------------------------------------------------------------

def test_turtle_names_and_bare_literals_read_back_as_the_same_triples_in_both_engines():
    """Locals a prefixed name cannot hold as they are ('-' or '.' at an end, a bad '%', non-ASCII)
    go under a shorter namespace or keep their whole IRI; '/', '~' and '@' are escaped; numbers
    and booleans are bare only when Turtle reads them back as the same literal."""
    import io

    from graphkb.rdf.triples import Lit
    from graphkb.rdf.vocab import XSD_BOOLEAN, XSD_DATE, XSD_DECIMAL, XSD_DOUBLE, XSD_INTEGER, prefixes
    from graphkb.rdf.writers import FORMATS, turtle_names

    base = "https://example.org/kb#"
    ns = prefixes(base)
    m = ns["method"]
    locals_ = ["grpo", "-lead", ".lead", "trail.", "mid.dle-x", "a~b@c/d", "%7Bx%7D", "%C3%9C-Net",
               "ü", "x:y", "", "_u", "9lives"]
    triples = [(m + local, ns["rdf"] + "type", ns["gkb"] + "Method") for local in locals_]
    s = m + "grpo"
    values = [("5", XSD_INTEGER), ("-12", XSD_INTEGER), ("0.5", XSD_DECIMAL), ("-3.25", XSD_DECIMAL),
              ("true", XSD_BOOLEAN), ("false", XSD_BOOLEAN), ("INF", XSD_DOUBLE), ("1e5", XSD_DECIMAL),
              ("2024-05-17", XSD_DATE)]
    triples += [(s, ns["gkb"] + f"p{i}", Lit(v, dt)) for i, (v, dt) in enumerate(values)]
    triples += [(s, ns["gkb"] + "p", Lit('say "hi"\n', None, "en")), (s, ns["gkb"] + "p", Lit("plain")),
                (s, ns["gkb"] + "p", m + "-lead"), (ns["kb"] + "dataset", ns["gkb"] + "vocab", ns["rdf"])]

    names = turtle_names(ns)
    assert names(m + "grpo") == "method:grpo"
    assert names(m + "a~b@c/d") == r"method:a\~b\@c\/d"
    assert names(m + "%7Bx%7D") == "method:%7Bx%7D"
    for local in ("-lead", ".lead"):  # a shorter namespace's local part can hold them
        assert names(m + local) == "kb:method\\/" + local
    for local in ("trail.", "bad%zz", "ü"):  # (%zz: not a valid IRI, never minted)
        assert names(m + local) == f"<{m}{local}>"
    assert names(ns["rdf"]) == "rdf:"

    buffer = io.BytesIO()
    assert FORMATS["turtle"].write(triples, buffer, ns) == len(triples)
    text = buffer.getvalue().decode("utf-8")
    assert "gkb:p0 5 ;" in text and "gkb:p3 -3.25 ;" in text and "gkb:p4 true ;" in text
    assert '"1e5"^^xsd:decimal' in text and '"INF"^^xsd:double' in text  # not a bare decimal / double
    body = text[text.index("\n", text.rindex("@prefix")) + 1:]
    assert body.count(" .\n") == len(locals_) + 2  # one statement per run of a subject's triples

    nt = io.BytesIO()
    FORMATS["nt"].write(triples, nt, ns)
    expected_rdflib = set(rdflib.Graph().parse(data=nt.getvalue().decode("utf-8"), format="nt"))
    assert set(rdflib.Graph().parse(data=text, format="turtle")) == expected_rdflib
    expected_ox = set(ox.parse(nt.getvalue(), ox.RdfFormat.N_TRIPLES))
    assert set(ox.parse(buffer.getvalue(), ox.RdfFormat.TURTLE)) == expected_ox
