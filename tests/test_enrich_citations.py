"""`graphkb enrich citations` against a local server replaying OpenAlex and Semantic Scholar
responses: CITES between papers of the graph, references outside it counted, cited papers
added on request, every export carrying the new relationship, and nothing written on failure."""
from __future__ import annotations

import json

import pytest
from api_server import Reply
from cli_support import run

from graphkb.graph import KnowledgeGraph
from graphkb.htmlview.earlier import read_earlier_maps

QUERY = "cat:cs.CL"
FAST = ("--retries", "3", "--backoff", "0.01", "--no-cache")
ENRICH_FAST = (*FAST, "--delay", "0")


@pytest.fixture
def built(api, tmp_path):
    """Three arXiv papers (fetched from the local server), built into OUT/ with its views."""
    api.add("/api/query", Reply.file("arxiv/page1.xml"), start="0")
    api.add("/api/query", Reply.file("arxiv/page2.xml"), start="2")
    papers = tmp_path / "papers.jsonl"
    assert run("fetch", "arxiv", "--query", QUERY, "--page-size", "2", "--delay", "0", "-o", papers,
               *FAST).exit_code == 0
    out = tmp_path / "out"
    result = run("build", papers, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    api.requests.clear()
    return out


def _openalex(api):
    api.add("/works/doi:10.1234/refree.2025", Reply.file("openalex/W3.json"))
    api.add("/works/doi:10.48550/arxiv.2407.10002", Reply.file("openalex/W2.json"))
    api.add("/works/doi:10.48550/arxiv.2406.10001", Reply.file("openalex/W1.json"))
    api.add("/works", Reply.file("openalex/cited.json"), filter="openalex:W2100000901|W2100000902")


def _cites(out):
    kg = KnowledgeGraph.load(out)
    return kg, {(u, v): d for u, v, d in kg.edges("CITES")}


def test_openalex_cites_between_papers_of_the_graph(api, built, monkeypatch):
    _openalex(api)
    monkeypatch.setenv("OPENALEX_API_KEY", "oa-key-0123456789")
    monkeypatch.setenv("GRAPHKB_MAILTO", "someone@example.org")
    before = {p.name: p.stat().st_mtime_ns for p in built.iterdir()}
    maps = read_earlier_maps(built / "graph.html")
    result = run("enrich", "citations", built, "--source", "openalex", *ENRICH_FAST)
    assert result.exit_code == 0, result.output
    assert ("openalex: looked up 3 papers (0 not found): 3 CITES between papers of the graph, "
            "3 references outside it") in result.output
    kg, cites = _cites(built)
    assert set(cites) == {("2407.10003", "2407.10002"), ("2407.10003", "2406.10001"), ("2407.10002", "2406.10001")}
    assert all(d == {"type": "CITES", "citation_source": "openalex"} for d in cites.values())
    papers = dict(kg.nodes("Paper"))
    assert papers["2407.10003"]["references_outside"] == 2 and papers["2407.10002"]["references_outside"] == 1
    assert "references_outside" not in papers["2406.10001"] and len(papers) == 3  # nothing added
    # the key and the e-mail went to OpenAlex, and nowhere else
    assert {r.query.get("api_key") for r in api.requests} == {"oa-key-0123456789"}
    assert {r.query.get("mailto") for r in api.requests} == {"someone@example.org"}
    assert "oa-key" not in result.output and "someone@" not in result.output
    # every view beside graph.json was re-made, with the citations in it
    assert {p.name for p in built.iterdir()} == set(before)
    assert all(p.stat().st_mtime_ns != before[p.name] for p in built.iterdir())
    assert "cito:cites" in (built / "graph.ttl").read_text()
    assert ":CITES]" in (built / "graph.cypher").read_text()
    assert '"CITES"' in (built / "graph.html").read_text()
    # its page keeps the map: every node stays where it was
    assert {v: m.positions for v, m in read_earlier_maps(built / "graph.html").items()} == \
        {v: m.positions for v, m in maps.items()}
    # a second run gives the same graph (edges are merged, counts recomputed)
    graph_json = (built / "graph.json").read_bytes()
    assert run("enrich", "citations", built, "--source", "openalex", *ENRICH_FAST).exit_code == 0
    assert (built / "graph.json").read_bytes() == graph_json


def _timelines(kg):
    keys = ("first_seen", "last_seen", "papers_per_month")
    return {n: {k: d[k] for k in keys if k in d} for n, d in kg.g.nodes(data=True) if "paper_count" in d}


def test_openalex_add_cited(api, built):
    _openalex(api)
    timelines = _timelines(KnowledgeGraph.load(built))
    assert any(t for t in timelines.values())  # the arXiv papers are dated: their entities have timelines
    result = run("enrich", "citations", built, "--source", "openalex", "--add-cited", *ENRICH_FAST)
    assert result.exit_code == 0, result.output
    # the cited papers (1952, 2023) are not papers read: no entity's timeline moves
    assert _timelines(KnowledgeGraph.load(built)) == timelines
    assert "2 cited papers added" in result.output
    kg, cites = _cites(built)
    papers = dict(kg.nodes("Paper"))
    dpo = papers["2305.18290"]  # arXiv's DOI gives the cited paper its arXiv id
    assert dpo["title"].startswith("Direct Preference Optimization: Your Language Model") and dpo["cited_only"]
    assert dpo["abstract"] == "We introduce DPO." and dpo["date"] == "2023-05-29"
    bt = papers["doi:10.5555/bradley-terry.1952"]
    assert bt["abstract"] == "The method of paired method comparisons."  # from abstract_inverted_index
    assert bt["authors"] == ["Ralph Allan Bradley", "Milton E. Terry"]
    assert {("2407.10003", "2305.18290"), ("2407.10003", "doi:10.5555/bradley-terry.1952"),
            ("2407.10002", "doi:10.5555/bradley-terry.1952")} <= set(cites)
    assert papers["2407.10003"]["references_outside"] == 2  # still outside the papers read
    _conforms(built / "graph.ttl")


def _conforms(ttl):
    import pyshacl
    import rdflib

    from graphkb.rdf import shapes_path

    data = rdflib.Graph().parse(ttl, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(shapes_path(), format="turtle"))
    assert conforms, text
    return data


def test_semantic_scholar_keeps_contexts_and_intents(api, built, monkeypatch):
    refs = "/graph/v1/paper/ARXIV:2407.10003/references"
    api.add(refs, Reply.file("s2/refs-2407.10003-0.json"), offset="0")
    api.add(refs, Reply.file("s2/refs-2407.10003-2.json"), offset="2")
    api.add("/graph/v1/paper/ARXIV:2407.10002/references", Reply.file("s2/not-found.json", status=404))
    api.add("/graph/v1/paper/ARXIV:2406.10001/references",
            Reply.json({"message": "Too Many Requests"}, 429, headers=(("Retry-After", "0"),)),
            Reply.file("s2/refs-empty.json"))
    monkeypatch.setenv("S2_API_KEY", "s2-key-abcdef")
    result = run("enrich", "citations", built, "--source", "semantic-scholar", *ENRICH_FAST)
    assert result.exit_code == 0, result.output
    assert ("semantic-scholar: looked up 3 papers (1 not found): 2 CITES between papers of the graph, "
            "1 references outside it") in result.output
    assert [r.query["offset"] for r in api.hits(refs)] == ["0", "2"]  # paged by next
    assert len(api.hits("/graph/v1/paper/ARXIV:2406.10001/references")) == 2  # 429, then the answer
    assert {r.headers.get("x-api-key") for r in api.requests} == {"s2-key-abcdef"}
    assert "s2-key" not in result.output
    kg, cites = _cites(built)
    assert set(cites) == {("2407.10003", "2407.10002"), ("2407.10003", "2406.10001")}
    dpo = cites[("2407.10003", "2407.10002")]
    assert dpo["contexts"] == ["RefFree builds on DPO (Grocer et al., 2025), which removes the reward model."]
    assert dpo["intents"] == ["methodology"] and dpo["citation_source"] == "semantic-scholar"
    survey = cites[("2407.10003", "2406.10001")]  # matched through arXiv's DOI
    assert survey["intents"] == ["background"] and len(survey["contexts"]) == 2
    assert dict(kg.nodes("Paper"))["2407.10003"]["references_outside"] == 1  # the unresolved one is not counted
    ttl = (built / "graph.ttl").read_text()
    assert "gkb:citationContext" in ttl and "gkb:RecordedCitation" in ttl


def test_failure_leaves_the_build_untouched_and_hides_the_key(api, built, monkeypatch):
    api.add("/graph/v1/paper/ARXIV:2406.10001/references", Reply.file("s2/refs-empty.json"))
    api.add("/graph/v1/paper/ARXIV:2407.10002/references", Reply(body=b'{"data": [', status=200))
    monkeypatch.setenv("S2_API_KEY", "s2-key-abcdef")
    before = {p.name: p.read_bytes() for p in built.iterdir()}
    result = run("enrich", "citations", built, "--source", "semantic-scholar", *ENRICH_FAST)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {api.url}/graph/v1/paper/ARXIV:2407.10002/references?fields=")
    assert result.output.rstrip().endswith("malformed JSON response: Expecting value")
    assert len(result.output.splitlines()) == 1 and "s2-key" not in result.output
    assert {p.name: p.read_bytes() for p in built.iterdir()} == before  # no temporary folder left either


def test_rdf_export_of_citations_passes_the_shapes(api, built):
    import rdflib

    api.add("/graph/v1/paper/ARXIV:2407.10003/references", Reply.file("s2/refs-2407.10003-2.json"))
    api.add("/graph/v1/paper/ARXIV:2407.10002/references", Reply.file("s2/refs-empty.json"))
    api.add("/graph/v1/paper/ARXIV:2406.10001/references", Reply.file("s2/refs-empty.json"))
    assert run("enrich", "citations", built, "--source", "semantic-scholar", *ENRICH_FAST).exit_code == 0
    data = _conforms(built / "graph.ttl")
    cito = rdflib.URIRef("http://purl.org/spar/cito/cites")
    assert len(list(data.triples((None, cito, None)))) == 1
    node_link = json.loads((built / "graph.json").read_text())
    assert [e["type"] for e in node_link["edges"]].count("CITES") == 1


def test_html_papers_view_draws_citations_with_their_context(api, built):
    from graphkb.htmlview import HtmlOptions, render_page

    refs = "/graph/v1/paper/ARXIV:2407.10003/references"
    api.add(refs, Reply.file("s2/refs-2407.10003-0.json"), offset="0")
    api.add(refs, Reply.file("s2/refs-2407.10003-2.json"), offset="2")
    api.add("/graph/v1/paper/ARXIV:2407.10002/references", Reply.file("s2/refs-empty.json"))
    api.add("/graph/v1/paper/ARXIV:2406.10001/references", Reply.file("s2/refs-empty.json"))
    assert run("enrich", "citations", built, "--source", "semantic-scholar", *ENRICH_FAST).exit_code == 0
    page = render_page(KnowledgeGraph.load(built), HtmlOptions(view="papers"))
    assert page.edges >= 2 and "RefFree builds on DPO (Grocer et al., 2025)" in page.html


def test_an_update_keeps_the_citations_enrich_added(api, built, tmp_path):
    _openalex(api)
    assert run("enrich", "citations", built, "--source", "openalex", "--add-cited", *ENRICH_FAST).exit_code == 0
    kg, cites = _cites(built)
    cited_only = {n for n, d in kg.nodes("Paper") if d.get("cited_only")}
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert [(e["source"], e["add_cited"], e["cited_added"]) for e in manifest["enrichments"]] == \
        [("openalex", True, len(cited_only))]
    day = tmp_path / "day.jsonl"
    day.write_text(json.dumps({"id": "2408.00001", "title": "A Later Paper on Preference Optimization",
                               "abstract": "We study direct preference optimization for reward models."}) + "\n",
                   encoding="utf-8")
    result = run("update", built, day)
    assert result.exit_code == 0, result.output
    after, cites_after = _cites(built)
    assert cites_after == cites
    assert {n for n, d in after.nodes("Paper") if d.get("cited_only")} == cited_only
    assert dict(after.nodes("Paper"))["2407.10003"]["references_outside"] == 2
    assert "2408.00001" in dict(after.nodes("Paper"))
