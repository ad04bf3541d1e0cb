"""Entity timelines and `graphkb trends`, on a dated corpus in the Hugging Face API shape
(tests/dated_corpus.py: GRPO rises, PPO fades, DPO holds its share over six months)."""
from __future__ import annotations

import json
import math
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import dated_corpus
import pyoxigraph as ox
import pytest
from cli_support import run

from graphkb.build import build
from graphkb.errors import GraphkbError
from graphkb.export import EXPORTERS
from graphkb.graph import KnowledgeGraph
from graphkb.graphdb.rows import graph_rows
from graphkb.link import set_timelines
from graphkb.schema import TIMELINE_LABELS, month_span, parse_month_count
from graphkb.trends import burst_score, find_trends, write_chart


@pytest.fixture(scope="module")
def dated_out(tmp_path_factory) -> Path:
    """`graphkb build` of the dated corpus: graph.json and its views."""
    folder = tmp_path_factory.mktemp("dated")
    out = folder / "out"
    result = run("build", dated_corpus.write(folder), "-o", out, "-q")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def kg(dated_out) -> KnowledgeGraph:
    return KnowledgeGraph.load(dated_out)


def months_of(data: dict) -> dict[str, int]:
    return dict(parse_month_count(v) for v in data["papers_per_month"])


# -- timelines ------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["GRPO", "PPO", "DPO"])
def test_a_methods_timeline_is_its_dated_papers(kg, method):
    data = kg.g.nodes[f"method:{method.lower()}"]
    dates = dated_corpus.expected_dates(method)
    assert data["first_seen"] == dates[0] and data["last_seen"] == dates[-1]
    assert months_of(data) == dated_corpus.expected_months(method)
    assert data["papers_per_month"] == sorted(data["papers_per_month"])  # by month


def test_papers_without_a_month_do_not_count(kg):
    grpo = kg.g.nodes["method:grpo"]
    # GRPO's undated paper and its paper dated only "2025" are its papers, but not in its months
    assert grpo["paper_count"] == sum(months_of(grpo).values()) + 2
    undated = [d for _, d in kg.nodes("Paper") if d.get("date") in (None, "2025")]
    assert len(undated) == 2


def test_every_entity_label_carries_a_timeline_and_no_other_label_does(kg):
    per_label = {label: 0 for label in TIMELINE_LABELS}
    for node, data in kg.g.nodes(data=True):
        if data["label"] in TIMELINE_LABELS:
            per_label[data["label"]] += 1
            papers = {u for u, _ in kg.g.in_edges(node) if kg.g.nodes[u]["label"] == "Paper"}
            dates = sorted(kg.g.nodes[p]["date"] for p in papers if len(kg.g.nodes[p].get("date", "")) == 10)
            assert (data["first_seen"], data["last_seen"]) == (dates[0], dates[-1]), node
            assert sum(months_of(data).values()) == len(dates), node
        else:
            assert not {"first_seen", "last_seen", "papers_per_month"} & set(data), node
    assert all(per_label.values()), per_label  # methods, benchmarks, tasks and concepts alike


def test_an_undated_graph_has_no_timelines(sample_graph):
    kg, _ = sample_graph
    assert not any("first_seen" in d or "papers_per_month" in d for _, d in kg.g.nodes(data=True))


def test_cited_only_papers_never_count():
    kg = KnowledgeGraph()
    kg.add_node("Paper", "read", title="Read", date="2025-03-10")
    kg.add_node("Paper", "cited", title="Cited", date="2019-01-05", cited_only=True)
    kg.add_node("Method", "method:m", name="M")
    kg.add_node("Method", "method:old", name="Old")
    for paper in ("read", "cited"):
        kg.add_edge("USES", paper, "method:m")
    kg.add_edge("USES", "cited", "method:old")
    kg.g.nodes["method:old"]["first_seen"] = "2019-01-05"  # a stale value is removed
    assert set_timelines(kg) == 1
    assert {k: kg.g.nodes["method:m"][k] for k in ("first_seen", "last_seen", "papers_per_month")} == \
        {"first_seen": "2025-03-10", "last_seen": "2025-03-10", "papers_per_month": ["2025-03:1"]}
    assert "first_seen" not in kg.g.nodes["method:old"]


def test_month_counts_are_one_value_each():
    assert parse_month_count("2025-07:3") == ("2025-07", 3)
    for bad in ("2025-13:1", "2025-07:0", "2025-07", "2025-07:3:1", "07-2025:3"):
        with pytest.raises(ValueError):
            parse_month_count(bad)
    assert month_span("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]


# -- the exports carry them -------------------------------------------------------------------------

def test_graph_json_rdf_and_neo4j_rows_carry_the_timelines(dated_out, kg):
    grpo = json.loads(next(line.rstrip(",\n") for line in (dated_out / "graph.json").open()
                           if '"id": "method:grpo"' in line))
    assert months_of(grpo) == dated_corpus.expected_months("GRPO")
    # RDF: one literal per month, each keeping its count, and first/last seen as xsd:date
    store = ox.Store()
    store.load(path=str(dated_out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX gkb: <https://graphkb.org/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?month ?n ?first ?last WHERE {
          ?m dcterms:identifier "method:grpo" ; gkb:papersPerMonth ?v ; gkb:firstSeen ?first ; gkb:lastSeen ?last .
          BIND(STRBEFORE(?v, ":") AS ?month) BIND(xsd:integer(STRAFTER(?v, ":")) AS ?n)
        } ORDER BY ?month"""))
    assert {r["month"].value: int(r["n"].value) for r in rows} == dated_corpus.expected_months("GRPO")
    dates = dated_corpus.expected_dates("GRPO")
    assert rows[0]["first"] == ox.Literal(dates[0], datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert rows[0]["last"].value == dates[-1]
    # Neo4j: the rows the loader sends hold only values Neo4j stores (strings and lists of strings)
    row = next(r for r in graph_rows(kg).nodes["Method"] if r["id"] == "method:grpo")
    assert row["props"]["papers_per_month"] == grpo["papers_per_month"]
    assert all(isinstance(v, str) for v in row["props"]["papers_per_month"])
    assert row["props"]["first_seen"] == dates[0]
    # the Cypher script and the neo4j-admin CSVs too
    assert "papers_per_month: ['2025-03:1', '2025-04:2', '2025-05:3', '2025-06:4']" in \
        (dated_out / "graph.cypher").read_text()
    csv_dir = dated_out.parent / "csv"
    EXPORTERS["neo4j-csv"].export(kg, csv_dir)
    assert "papers_per_month:string[]" in (csv_dir / "nodes" / "Method.header.csv").read_text()
    assert "2025-03:1|2025-04:2|2025-05:3|2025-06:4" in (csv_dir / "nodes" / "Method.csv").read_text()


def test_the_dated_export_conforms_to_the_shapes(dated_out):
    import pyshacl
    import rdflib

    from graphkb.rdf import shapes_path

    data = rdflib.Graph().parse(dated_out / "graph.ttl", format="turtle")
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, text
    # and the shapes refuse a month count that is not one
    bad = (dated_out / "graph.ttl").read_text().replace('"2025-03:1"', '"2025-13:1"', 1)
    conforms, _, text = pyshacl.validate(rdflib.Graph().parse(data=bad, format="turtle"), shacl_graph=shapes)
    assert not conforms and "papersPerMonth" in text


# -- burst scores and trends ------------------------------------------------------------------------

def test_burst_score_compares_the_recent_share_with_the_baseline_share():
    assert burst_score(2, 4, 10, 20) == 0  # a third of each window's papers: no change
    assert burst_score(0, 0, 10, 20) == 0
    assert burst_score(8, 2, 10, 20) > 2 > burst_score(1, 0, 10, 20) > 0  # one new paper is no trend
    assert 0 < burst_score(1, 0, 10, 100) < 1
    assert burst_score(0, 10, 10, 20) < -1
    expected = 10 * 10 / 30
    assert burst_score(8, 2, 10, 20) == pytest.approx((8 - expected) / math.sqrt(expected + 1))
    # the more papers behind the same shares, the stronger the signal
    assert burst_score(16, 4, 20, 40) > burst_score(8, 2, 10, 20)


def test_grpo_rises_ppo_fades_and_dpo_is_steady(kg):
    report = find_trends(kg, ["method"], window=2)
    assert report.months == tuple(dated_corpus.MONTHS)
    assert report.recent_months == ("2025-05", "2025-06") and report.papers == (5,) * 6
    assert [t.name for t in report.rising] == ["GRPO"]
    assert [t.name for t in report.fading] == ["PPO", "DPO"]
    grpo, (ppo, dpo) = report.rising[0], report.fading
    assert (grpo.recent, grpo.before, grpo.per_month) == (7, 3, (0, 0, 1, 2, 3, 4))
    assert grpo.burst == pytest.approx(burst_score(7, 3, 10, 20))
    assert (ppo.recent, ppo.before) == (0, 10) and ppo.burst < -1.5
    assert -0.5 < dpo.burst < 0  # 3 of 10 recent papers against 7 of 20: about the same share
    assert grpo.first_seen == dated_corpus.expected_dates("GRPO")[0]


def test_windows_since_until_and_kinds(kg):
    assert find_trends(kg).window == 2  # a third of six months
    since = find_trends(kg, ["method"], since="2025-04-15")  # a date counts as its month
    assert since.recent_months == ("2025-04", "2025-05", "2025-06")
    assert since.rising[0].name == "GRPO" and (since.rising[0].recent, since.rising[0].before) == (9, 1)
    until = find_trends(kg, ["method"], window=1, until="2025-03")
    assert until.months == ("2025-01", "2025-02", "2025-03")  # later papers do not count
    assert [t.name for t in until.rising][:1] == ["GRPO"] and until.rising[0].recent == 1
    benchmarks = find_trends(kg, ["benchmark"], window=2)
    assert benchmarks.rising == benchmarks.fading == ()  # one paper a month each: steady
    every = find_trends(kg, top=1, window=2)
    assert len(every.rising) == len(every.fading) == 1 and every.labels == TIMELINE_LABELS


@pytest.mark.parametrize("options, message", [
    ({"window": 6}, "the papers cover 6 months (2025-01 to 2025-06): a recent window of 6 leaves no baseline"),
    ({"since": "2025-01"}, "leaves no baseline"),
    ({"since": "2025-07"}, "--since 2025-07: after the last month (2025-06)"),
    ({"since": "June"}, "--since: expected a month (YYYY-MM) or a date (YYYY-MM-DD), got 'June'"),
    ({"until": "2024-12"}, "--until 2024-12: before the first dated paper (2025-01)"),
    ({"since": "2025-03", "window": 2}, "give the recent window as --window or --since, not both"),
])
def test_bad_windows_are_one_line_errors(kg, options, message):
    with pytest.raises(GraphkbError, match=message.replace("(", r"\(").replace(")", r"\)")):
        find_trends(kg, **options)


# -- the command ----------------------------------------------------------------------------------

def test_graphkb_trends_prints_rising_and_fading(dated_out):
    result = run("trends", dated_out, "--kind", "method", "--window", "2")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"Trends in {dated_out / 'graph.json'}: 30 dated papers, 2025-01 to 2025-06; "
                          "recent window 2025-05 to 2025-06 (10 papers), baseline 2025-01 to 2025-04 (20 papers)")
    rising, fading = out.split("\nRising: 1\n")[1].split("\nFading: 2\n")
    assert rising.splitlines()[2].split() == ["Method", "GRPO", "7", "3", "+1.76", "2025-03-13", "2025-06-18", "··▂▄▆█"]
    assert [line.split()[1] for line in fading.splitlines()[2:4]] == ["PPO", "DPO"]
    as_json = json.loads(run("trends", dated_out, "--kind", "method", "--window", "2", "--format", "json").output)
    assert [(r["trend"], r["name"], r["per_month"]) for r in as_json] == [
        ("rising", "GRPO", [0, 0, 1, 2, 3, 4]), ("fading", "PPO", [4, 3, 2, 1, 0, 0]),
        ("fading", "DPO", [1, 2, 2, 2, 2, 1])]


def test_the_chart_is_a_valid_svg_and_png(dated_out, kg, tmp_path):
    svg = tmp_path / "trends.svg"
    result = run("trends", dated_out, "--window", "2", "--chart", svg)
    assert result.exit_code == 0, result.output
    root = ElementTree.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.read_text()
    assert "GRPO (method, burst +1.76)" in text and "PPO (method, burst -1.60)" in text  # the legends
    again = write_chart(find_trends(kg, window=2), tmp_path / "again.svg")
    assert again.read_bytes() == svg.read_bytes()  # the same graph draws the same bytes
    png = tmp_path / "trends.png"
    assert run("trends", dated_out, "--chart", png).exit_code == 0
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    assert width > 600 and height > 400


def test_trends_errors_are_one_line(dated_out, tmp_path, sample_build):
    for args, message in [
        ((sample_build,), f"Error: {sample_build / 'graph.json'}: no paper has a date with a month"),
        ((dated_out, "--chart", tmp_path / "t.pdf"), "a chart is .svg or .png, not .pdf"),
        ((dated_out, "--window", "9"), "a recent window of 9 leaves no baseline"),
        ((dated_out, "--since", "2025-99"), "--since: expected a month (YYYY-MM)"),
    ]:
        result = run("trends", *args)
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
    assert not (tmp_path / "t.pdf").exists()


def test_a_bad_month_count_in_graph_json_names_the_file_and_node(dated_out, tmp_path):
    text = (dated_out / "graph.json").read_text().replace('"2025-03:1"', '"March:1"', 1)
    (tmp_path / "graph.json").write_text(text)
    result = run("trends", tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'graph.json'}: node 'method:")
    assert "papers_per_month: not a month count (YYYY-MM:N): 'March:1'" in result.output


def test_a_graph_json_from_before_timelines_gets_them_on_the_fly(dated_out, tmp_path):
    data = json.loads((dated_out / "graph.json").read_text())
    for node in data["nodes"]:
        for key in ("first_seen", "last_seen", "papers_per_month"):
            node.pop(key, None)
    (tmp_path / "graph.json").write_text(json.dumps(data))
    result = run("trends", tmp_path, "--kind", "method", "--window", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in json.loads(result.output)] == ["GRPO", "PPO", "DPO"]


def test_without_matplotlib_chart_says_what_to_install(dated_out, tmp_path):
    """In a process where matplotlib cannot be imported (sys.modules[name] = None is how Python
    marks a module as absent), --chart is a one-line error naming the extra."""
    blocked = "import sys; sys.modules['matplotlib'] = None; from graphkb.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", blocked, "trends", str(dated_out), "--chart", str(tmp_path / "t.svg")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: --chart needs matplotlib: pip install 'graphkb[charts]'"
    assert not (tmp_path / "t.svg").exists()


def test_the_same_inputs_give_the_same_timelines(tmp_path):
    path = dated_corpus.write(tmp_path)
    first, _ = build([path])
    second, _ = build([path], jobs=1)
    keys = ("first_seen", "last_seen", "papers_per_month")
    assert [(n, [d.get(k) for k in keys]) for n, d in first.g.nodes(data=True)] == \
        [(n, [d.get(k) for k in keys]) for n, d in second.g.nodes(data=True)]


def test_trends_of_a_folder_read_from_graph_parquet(dated_out, kg, tmp_path):
    """A folder whose graph is read from graph.parquet: the trends come from its nodes' rows (no
    graph built) and are the same; one from before timelines were stored gets them on the fly."""
    args = ("--window", "2", "--format", "json")
    expected = run("trends", dated_out, *args).output
    folder = tmp_path / "parquet"
    folder.mkdir()
    EXPORTERS["parquet"].export(kg, folder / "graph.parquet")
    result = run("trends", folder, *args)
    assert result.exit_code == 0, result.output
    assert result.output == expected and "GRPO" in expected
    assert run("trends", folder, "--window", "2").output.startswith(f"Trends in {folder / 'graph.parquet'}: ")
    old = KnowledgeGraph.load(dated_out)
    for _, data in old.g.nodes(data=True):
        for key in ("first_seen", "last_seen", "papers_per_month"):
            data.pop(key, None)
    EXPORTERS["parquet"].export(old, folder / "graph.parquet")
    assert run("trends", folder, *args).output == expected
