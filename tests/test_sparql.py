"""`graphkb sparql` on a local build: answers that agree with graph.json, every output format,
parameters that stay values, which file it reads, and errors as one line."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil

import pytest
from cli_support import run

from graphkb.errors import GraphkbError
from graphkb.querypack import bind_params, parse_query
from graphkb.rdf.sparql import bind_parameters

TOP_METHODS = ("SELECT ?id ?name ?papers WHERE { ?m a gkb:Method ; dcterms:identifier ?id ; "
               "skos:prefLabel ?name ; gkb:paperCount ?papers } ORDER BY DESC(?papers) ?id LIMIT 10")


@pytest.fixture(scope="module")
def graph_json(sample_build):
    return json.loads((sample_build / "graph.json").read_text(encoding="utf-8"))


def top_methods(data, n=10):
    methods = [x for x in data["nodes"] if x["label"] == "Method"]
    methods.sort(key=lambda x: (-x["paper_count"], x["id"]))
    return [(x["id"], x["name"], x["paper_count"]) for x in methods[:n]]


def test_select_as_json_agrees_with_graph_json(sample_build, graph_json):
    result = run("sparql", sample_build, TOP_METHODS, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["id"], r["name"], r["papers"]) for r in rows] == top_methods(graph_json)
    assert isinstance(rows[0]["papers"], int)


def test_select_as_csv_and_table(sample_build, graph_json):
    result = run("sparql", sample_build, TOP_METHODS, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["id", "name", "papers"]
    assert [(r[0], r[1], int(r[2])) for r in rows[1:]] == top_methods(graph_json)

    query = ("SELECT ?m ?name WHERE { ?m a gkb:Method ; dcterms:identifier ?id ; skos:prefLabel ?name } "
             "ORDER BY ?id LIMIT 3")
    table = run("sparql", sample_build, query).stdout.splitlines()
    assert table[0].split() == ["m", "name"] and set(table[1]) <= {"-", " "}
    assert table[2].startswith("method:")  # IRIs shortened with the export's prefixes
    assert table[-1] == "(3 rows)"


def test_query_from_a_file_with_parameters(sample_build, graph_json, tmp_path):
    paper = next(e["source"] for e in graph_json["edges"] if e["type"] == "EVALUATED_ON")
    want = sorted(next(n["name"] for n in graph_json["nodes"] if n["id"] == e["target"])
                  for e in graph_json["edges"] if e["type"] == "EVALUATED_ON" and e["source"] == paper)
    rq = tmp_path / "benchmarks-of.rq"
    rq.write_text("# the benchmarks a paper evaluates on\n"
                  "SELECT ?name WHERE {\n  ?p dcterms:identifier $paper_id ; gkb:evaluatedOn ?b .\n"
                  "  ?b skos:prefLabel ?name .\n} ORDER BY ?name\n", encoding="utf-8")
    result = run("sparql", sample_build, "-f", rq, "--param", f"paper_id={paper}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in json.loads(result.stdout)] == want and want


def bind(text: str, given: dict) -> str:
    """A SPARQL query with --param values put in, as `graphkb sparql` does it."""
    query = parse_query(text, "sparql")
    return bind_parameters(query, bind_params(query, given))


def test_a_parameter_is_a_value_never_query_text(sample_build):
    sneaky = '" } UNION { ?p ?x ?name } #'
    result = run("sparql", sample_build, "SELECT ?name WHERE { ?p dcterms:identifier $id ; dcterms:title ?name }",
                 "--param", f"id={sneaky}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert bind('SELECT * { ?s ?p "$x" . ?s ?p $x }  # $x', {"x": 'a"b'}) == \
        'SELECT * { ?s ?p "$x" . ?s ?p "a\\"b" }  # $x'
    assert bind("SELECT * { $s ?p ?o }", {"s": "<https://graphkb.org/id/method/grpo>"}) == \
        "SELECT * { <https://graphkb.org/id/method/grpo> ?p ?o }"


def test_parameters_must_match_the_query():
    with pytest.raises(GraphkbError, match=r"needs --param for: x"):
        bind("SELECT * { ?s ?p $x }", {})
    with pytest.raises(GraphkbError, match=r"no parameter \$y \(its parameters: \$x\)"):
        bind("SELECT * { ?s ?p $x }", {"x": "1", "y": "2"})
    with pytest.raises(GraphkbError, match="not a valid IRI"):
        bind("SELECT * { ?s ?p $x }", {"x": "<not an iri>"})
    assert bind("SELECT * { ?s ?p ?o } LIMIT $n", {"n": "7"}).endswith("LIMIT 7")
    with pytest.raises(GraphkbError, match="--param n=²: not a valid integer"):
        bind("SELECT * { ?s ?p ?o } LIMIT $n", {"n": "²"})  # str.isdigit() accepts it, int() does not


def test_pack_parameters_are_typed_by_the_header(sample_build):
    result = run("sparql", sample_build, "-f", "top_methods", "--param", "limit=²")
    assert result.exit_code == 1 and result.output.strip() == "Error: --param limit=²: not a valid integer"
    result = run("sparql", sample_build, "-f", "top_methods", "--param", "limt=3")
    assert result.exit_code == 1 and "no parameter $limt (its parameters: $limit)" in result.output
    result = run("sparql", sample_build, "-f", "top_methods", "--param", "limit=2", "--format", "json")
    assert len(json.loads(result.stdout)) == 2


def test_ask_and_construct(sample_build):
    assert run("sparql", sample_build, "ASK { ?m a gkb:Method ; skos:prefLabel \"GRPO\" }").stdout.split()[2] == "True"
    assert json.loads(run("sparql", sample_build, "ASK { ?m skos:prefLabel \"no such method\" }",
                          "--format", "json").stdout) == [{"result": False}]
    result = run("sparql", sample_build,
                 "CONSTRUCT { ?m ?p ?o } WHERE { ?m dcterms:identifier \"method:grpo\" ; ?p ?o }")
    assert result.exit_code == 0
    assert "@prefix gkb:" in result.stdout and 'skos:prefLabel "GRPO"' in result.stdout


@pytest.fixture()
def build_copy(sample_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(sample_build, out)
    return out


def _count_papers(target):
    result = run("sparql", target, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a gkb:Paper }", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]["n"]


def test_reads_graph_ttl_or_converts_graph_json(build_copy):
    assert _count_papers(build_copy) == 235
    # an up-to-date graph.ttl is what gets read: a broken one is reported by name
    (build_copy / "graph.ttl").write_text("this is not turtle", encoding="utf-8")
    result = run("sparql", build_copy, "ASK { ?s ?p ?o }")
    assert result.exit_code == 1 and "graph.ttl: not valid turtle" in result.output
    # older than graph.json: stale, so graph.json is converted instead
    old = (build_copy / "graph.json").stat().st_mtime - 60
    os.utime(build_copy / "graph.ttl", (old, old))
    assert _count_papers(build_copy) == 235
    (build_copy / "graph.ttl").unlink()
    assert _count_papers(build_copy) == 235
    assert _count_papers(build_copy / "graph.json") == 235
    # graph.parquet alone: its triples are made from the columns, the graph never built
    query = "SELECT ?m (COUNT(?p) AS ?n) WHERE { ?p gkb:uses ?m } GROUP BY ?m ORDER BY DESC(?n) ?m LIMIT 5"
    from_json = run("sparql", build_copy, query).stdout
    assert run("export", "parquet", build_copy).exit_code == 0
    (build_copy / "graph.json").unlink()
    assert _count_papers(build_copy) == 235
    assert run("sparql", build_copy, query).stdout == from_json and from_json.count("method") >= 5


@pytest.mark.parametrize("fmt,ext", [("nt", ".nt"), ("json-ld", ".jsonld"), ("xml", ".rdf")])
def test_reads_any_export_format(build_copy, fmt, ext):
    target = build_copy / f"graph{ext}"
    assert run("export", "rdf", build_copy, "--format", fmt, "-o", target).exit_code == 0
    assert _count_papers(target) == 235


def test_prefixes_follow_the_base_the_export_was_made_with(build_copy):
    target = build_copy / "moved.ttl"
    assert run("export", "rdf", build_copy, "-o", target, "--base", "http://example.org/kb/").exit_code == 0
    result = run("sparql", target, "SELECT ?name WHERE { method:grpo skos:prefLabel ?name }", "--format", "csv")
    assert result.stdout.splitlines() == ["name", "GRPO"]
    found = run("sparql", target, "SELECT ?m WHERE { ?m skos:prefLabel \"GRPO\" }", "--format", "csv").stdout
    assert "http://example.org/kb/method/grpo" in found


@pytest.mark.parametrize("args,message", [
    (["SELECT ?x WHERE { ?x ?y }"], "Error: query: SPARQL syntax error: "),
    (["SELECT * WHERE { ?s ?p $who }"], "Error: the query needs --param for: who"),
    ([], "Error: give a QUERY or -f FILE"),
    (["SELECT * { ?s ?p ?o }", "--param", "novalue"], "expected NAME=VALUE"),
])
def test_errors_are_one_line_without_traceback(sample_build, args, message):
    result = run("sparql", sample_build, *args)
    assert result.exit_code in (1, 2)
    assert message in result.output and "Traceback" not in result.output


def test_an_empty_folder_says_what_to_do(tmp_path):
    result = run("sparql", tmp_path, "ASK { ?s ?p ?o }")
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}: no graph.ttl or graph.json here (run `graphkb build` first)\n"
