"""Every query of cypher/queries/, run on the real Bolt server loaded with the samples graph.

Each expected answer is computed here from the KnowledgeGraph (networkx and plain
Python), independently of Cypher, and compared with what the server returns.
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from cli_support import env_for
from click.testing import CliRunner

from graphkb.cli import main
from graphkb.graphdb.connection import connect
from graphkb.graphdb.query import run_query
from graphkb.querypack import bind_params, find_query, pack


class Graph:
    """Plain-Python views of the KnowledgeGraph the expectations are computed from."""

    def __init__(self, kg):
        self.kg = kg
        self.node = dict(kg.g.nodes(data=True))
        self.out = defaultdict(list)  # (source, type) -> [(target, data)]
        self.into = defaultdict(list)  # (target, type) -> [(source, data)]
        for u, v, d in kg.edges():
            self.out[(u, d["type"])].append((v, d))
            self.into[(v, d["type"])].append((u, d))

    def ids(self, label):
        return [n for n, d in self.node.items() if d["label"] == label]

    def targets(self, node, types, label):
        return {v for t in types for v, _ in self.out[(node, t)] if self.node[v]["label"] == label}

    def sources(self, node, types, label="Paper"):
        return {u for t in types for u, _ in self.into[(node, t)] if self.node[u]["label"] == label}

    def title(self, n):
        return self.node[n]["title"]

    def name(self, n):
        return self.node[n]["name"]

    def matching_methods(self, text):
        low = text.lower()
        return [m for m in self.ids("Method") if m == text or self.name(m).lower() == low
                or any(a.lower() == low for a in self.node[m].get("aliases", []))]


@pytest.fixture(scope="module")
def g(samples_graph):
    return Graph(samples_graph)


@pytest.fixture(scope="module")
def run(samples_target):
    with connect(samples_target) as connection:
        def run_pack(name, **params):
            query = find_query(name, "cypher")
            values = bind_params(query, {k: str(v) for k, v in params.items()})
            return run_query(connection, query.text, values).rows
        yield run_pack


def _rows(rows, *columns):
    return [tuple(r[c] for c in columns) for r in rows]


def test_papers_sharing_benchmarks(run, g):
    def benchmarks(p):
        return g.targets(p, ("EVALUATED_ON", "PROPOSES"), "Benchmark")
    paper = max(g.ids("Paper"), key=lambda p: (len(benchmarks(p)), g.title(p)))
    expected = []
    for other in g.ids("Paper"):
        shared = benchmarks(paper) & benchmarks(other)
        if other != paper and shared:
            names = sorted(g.name(b) for b in shared)
            expected.append((other, g.title(other), len(names), names))
    expected.sort(key=lambda r: (-r[2], r[1]))
    rows = run("papers_sharing_benchmarks", paper=g.title(paper))
    assert _rows(rows, "id", "title", "shared", "benchmarks") == expected[:10]
    assert rows  # the paper with the most benchmarks shares some
    assert run("papers_sharing_benchmarks", paper=paper, limit=3) == rows[:3]  # by id too


MOST_USED = [
    ("top_methods", "Method", ("USES", "PROPOSES")),
    ("top_benchmarks", "Benchmark", ("EVALUATED_ON", "PROPOSES")),
]


@pytest.mark.parametrize("name, label, types", MOST_USED)
def test_most_used(run, g, name, label, types):
    expected = []
    for e in g.ids(label):
        papers = g.sources(e, types)
        if papers:
            expected.append((g.name(e), len(papers), len(g.sources(e, ("PROPOSES",))),
                             g.node[e].get("aliases", [])))
    expected.sort(key=lambda r: (-r[1], r[0]))
    column = "method" if label == "Method" else "benchmark"
    rows = run(name, limit=10000)
    assert _rows(rows, column, "papers", "proposed_by", "aliases") == expected
    assert rows and rows[0]["papers"] >= 2
    assert run(name) == rows[:10]  # the declared default limit


def _pairs(g, label, types, min_papers):
    together = defaultdict(set)
    for p in g.ids("Paper"):
        entities = sorted(g.targets(p, types, label))
        for a, b in combinations(entities, 2):
            together[(a, b)].add(p)
    rows = [(g.name(a), g.name(b), len(ps), sorted(g.title(p) for p in ps))
            for (a, b), ps in together.items() if len(ps) >= min_papers]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def test_methods_used_together(run, g):
    expected = _pairs(g, "Method", ("USES", "PROPOSES"), 2)
    rows = run("methods_used_together", limit=1000)
    assert _rows(rows, "method", "with_method", "papers", "titles") == expected
    assert expected
    assert len(run("methods_used_together", min_papers=3, limit=1000)) == sum(r[2] >= 3 for r in expected)


def test_concept_cooccurrence(run, g):
    expected = _pairs(g, "Concept", ("MENTIONS",), 1)
    assert _rows(run("concept_cooccurrence", limit=5000), "concept", "with_concept", "papers",
                 "titles") == expected
    assert _rows(run("concept_cooccurrence", min_papers=2), "concept", "with_concept", "papers",
                 "titles") == [r for r in expected if r[2] >= 2][:20]


def _expected_builds_on(g, paper):
    builds_on = nx.DiGraph((u, v) for u, v, _ in g.kg.edges("BUILDS_ON"))
    expected = []
    for later in nx.ancestors(builds_on, paper):
        chains = [c for c in nx.all_simple_paths(builds_on, later, paper, cutoff=5)]
        best = min(chains, key=lambda c: (len(c), [g.title(n) for n in c]))
        via = g.out[(best[0], "BUILDS_ON")]
        expected.append((later, g.title(later), len(best) - 1, [g.title(n) for n in best],
                         next(d["via"] for v, d in via if v == best[1])))
    return sorted(expected, key=lambda r: (r[2], r[1]))


def test_builds_on_chains(run, g):
    builds_on = nx.DiGraph((u, v) for u, v, _ in g.kg.edges("BUILDS_ON"))
    paper = max(builds_on, key=lambda p: (len(nx.ancestors(builds_on, p)), p))
    expected = _expected_builds_on(g, paper)
    assert expected
    assert _rows(run("builds_on", paper=paper), "id", "title", "hops", "chain", "via") == expected


def test_builds_on_follows_chains(fresh_target):
    """A made-up chain d -> c -> b -> a (plus a shortcut d -> b): hops are the shortest chain's."""
    from graphkb.graph import KnowledgeGraph
    from graphkb.graphdb.loader import Neo4jLoader

    kg = KnowledgeGraph()
    for pid in "abcde":
        kg.add_node("Paper", pid, title=f"Paper {pid.upper()}", abstract="x", sources=["t:1"])
    for src, dst in (("b", "a"), ("c", "b"), ("d", "c"), ("d", "b"), ("e", "d")):
        kg.add_edge("BUILDS_ON", src, dst, via=[f"method:{dst}"])
    g = Graph(kg)
    with connect(fresh_target) as connection:
        Neo4jLoader(connection).load(kg)
        query = find_query("builds_on", "cypher")
        rows = run_query(connection, query.text, bind_params(query, {"paper": "Paper A"})).rows
    assert _rows(rows, "id", "title", "hops", "chain", "via") == _expected_builds_on(g, "a")
    assert [(r["id"], r["hops"]) for r in rows] == [("b", 1), ("c", 2), ("d", 2), ("e", 3)]


def test_citations_both_ways(cited_graph, fresh_target):
    from graphkb.graphdb.loader import Neo4jLoader

    with connect(fresh_target) as connection:
        Neo4jLoader(connection).load(cited_graph)
        query = find_query("citations", "cypher")
        rows = run_query(connection, query.text, bind_params(query, {"paper": "2501.00000"})).rows
    expected = []
    for u, v, d in cited_graph.edges("CITES"):
        for direction, me, other in (("cites", u, v), ("cited by", v, u)):
            if me == "a":
                expected.append((direction, other, f"Paper {other.upper()}", d["citation_source"],
                                 d.get("contexts", []), d.get("intents", [])))
    expected.sort(key=lambda r: (r[0] != "cites", r[2], r[1]))
    assert [tuple(r.values()) for r in rows] == expected
    assert [(r["direction"], r["id"]) for r in rows] == [("cites", "b"), ("cites", "c"), ("cited by", "b"),
                                                          ("cited by", "d")]


def test_similar_papers_and_why(run, g):
    def neighbours(p):
        return [(v, d) for v, d in g.out[(p, "SIMILAR_TO")]] + [(u, d) for u, d in g.into[(p, "SIMILAR_TO")]]

    def shared(p, q, rel):
        for v, d in g.out[(p, rel)] + g.into[(p, rel)]:
            if v == q:
                return d["names"]
        return []
    paper = max(g.ids("Paper"), key=lambda p: (sum(bool(shared(p, q, "SHARES_METHOD"))
                                                   for q, _ in neighbours(p)), p))
    expected = sorted(((q, g.title(q), d["score"], d["shared_terms"], shared(paper, q, "SHARES_METHOD"),
                        shared(paper, q, "SHARES_BENCHMARK")) for q, d in neighbours(paper)),
                      key=lambda r: (-r[2], r[1]))
    rows = run("similar_papers", paper=paper)
    assert _rows(rows, "id", "title", "score", "shared_terms", "shared_methods",
                 "shared_benchmarks") == expected[:10]
    assert rows and all(r["shared_terms"] for r in rows)


def test_topic_overview(run, g):
    expected = []
    for t in g.ids("Topic"):
        members = sorted(g.into[(t, "IN_TOPIC")], key=lambda m: (-m[1]["weight"], g.title(m[0])))
        expected.append((g.name(t), g.node[t]["size"], g.node[t]["top_terms"],
                         [g.title(p) for p, _ in members[:2]]))
    expected.sort(key=lambda r: (-r[1], r[0]))
    rows = run("topic_overview", papers_per_topic=2)
    assert _rows(rows, "topic", "size", "top_terms", "top_papers") == expected
    assert all(len(r["top_papers"]) == 3 for r in run("topic_overview"))  # default 3


def test_method_benchmarks(run, g):
    methods = g.matching_methods("gpt-4")  # any case
    pairs = {(b, p) for m in methods for p in g.sources(m, ("USES", "PROPOSES"))
             for b in g.targets(p, ("EVALUATED_ON", "PROPOSES"), "Benchmark")}
    by_benchmark = defaultdict(list)
    for b, p in pairs:
        by_benchmark[b].append(g.title(p))
    expected = sorted(((g.name(b), len(ts), sorted(ts)) for b, ts in by_benchmark.items()),
                      key=lambda r: (-r[1], r[0]))
    rows = run("method_benchmarks", method="gpt-4")
    assert methods and rows and _rows(rows, "benchmark", "papers", "titles") == expected


def test_method_users_with_evidence(run, g):
    alias_target = next(m for m in g.ids("Method") if g.node[m].get("aliases")
                        and len(g.sources(m, ("USES", "PROPOSES"))) >= 3)
    alias = g.node[alias_target]["aliases"][0]
    methods = g.matching_methods(alias)
    expected = []
    for m in methods:
        for rel in ("USES", "PROPOSES"):
            for p, d in g.into[(m, rel)]:
                expected.append((p, g.title(p), rel, d["confidence"], d["evidence"]["sentence"],
                                 d["evidence"]["rule"]))
    expected.sort(key=lambda r: (r[2], -r[3], r[1]))
    rows = run("method_users", method=alias)
    assert _rows(rows, "id", "title", "relation", "confidence", "evidence", "rule") == expected
    for r in rows:  # the evidence is a sentence of the paper's abstract or title
        node = g.node[r["id"]]
        assert r["evidence"] in node["abstract"] or r["evidence"] in node["title"]


def test_papers_on_a_task_with_evidence(run, g):
    task = max(g.ids("Task"), key=lambda t: (len(g.into[(t, "ADDRESSES")]), t))
    expected = sorted({(p, g.title(p), d["evidence"]["sentence"]) for p, d in g.into[(task, "ADDRESSES")]},
                      key=lambda r: (r[1], r[0]))
    assert len(expected) >= 2
    rows = run("papers_on_task", task=g.node[task]["name"].upper())  # any case
    assert _rows(rows, "id", "title", "evidence") == expected
    for r in rows:  # the evidence is the paper's sentence that names the task
        assert r["evidence"] in g.node[r["id"]]["abstract"] or r["evidence"] in g.node[r["id"]]["title"]


def test_shortest_connection(run, g):
    undirected = nx.Graph(g.kg.g)
    start = next(p for p in g.ids("Paper") if g.title(p) == "Qwen2.5 Technical Report")
    lengths = nx.single_source_shortest_path_length(undirected, start, cutoff=6)
    hops = max(n for p, n in lengths.items() if g.node[p]["label"] == "Paper")
    end = min((p for p, n in lengths.items() if n == hops and g.node[p]["label"] == "Paper"),
              key=g.title)
    rows = run("shortest_connection", **{"from": g.title(start), "to": end})
    assert len(rows) == 1 and rows[0]["hops"] == hops >= 2
    through, via = rows[0]["through"], rows[0]["via"]
    assert through[0] == g.title(start) and through[-1] == g.title(end) and len(via) == hops

    def display(n):
        d = g.node[n]
        return d.get("title") or d.get("name") or n
    # the returned chain is a real path of the graph: each step is an edge of the named type
    frontier = {start}
    for step, rel in enumerate(via, start=1):
        frontier = {v for u in frontier for v in undirected[u]
                    if display(v) == through[step]
                    and any(d["type"] == rel for d in g.kg.g.get_edge_data(u, v, default={}).values())
                    | any(d["type"] == rel for d in g.kg.g.get_edge_data(v, u, default={}).values())}
        assert frontier, f"step {step} ({rel} to {through[step]!r}) is not an edge of the graph"
    assert end in frontier


def test_new_benchmarks(run, g):
    expected = []
    for b in g.ids("Benchmark"):
        for p, d in g.into[(b, "PROPOSES")]:
            used_by = g.sources(b, ("EVALUATED_ON", "PROPOSES")) - {p}
            expected.append((p, g.title(p), g.name(b), len(used_by), d["evidence"]["sentence"]))
    expected.sort(key=lambda r: (-r[3], r[1], r[2]))
    rows = run("new_benchmarks", limit=500)
    assert _rows(rows, "id", "title", "benchmark", "used_by", "evidence") == expected
    assert expected


def _rising(g, since):
    """The burst ranking (README, "Trends") from the edges and the papers' dates, not the stored months."""
    since = since[:7]
    months = [d["date"][:7] for d in g.node.values()
              if d["label"] == "Paper" and re.match(r"\d{4}-\d\d", d.get("date", ""))]
    recent_papers, total_papers = sum(m >= since for m in months), len(months)
    expected = []
    for m in g.ids("Method"):
        dates = [g.node[p]["date"] for p in g.sources(m, ("USES", "PROPOSES"))
                 if re.match(r"\d{4}-\d\d", g.node[p].get("date", ""))]
        if not dates:
            continue
        recent = sum(d[:7] >= since for d in dates)
        mean = len(dates) * recent_papers / total_papers
        burst = (recent - mean) / math.sqrt(mean + 1)
        if burst > 1e-9:
            expected.append((burst, g.name(m), recent, len(dates) - recent, min(dates), max(dates)))
    expected.sort(key=lambda r: (-r[0], -r[2], r[1]))
    return [r[1:] for r in expected]


def test_rising_methods_on_the_undated_samples_is_empty(run, g):
    assert not any("date" in d for d in g.node.values())  # Daily Papers pages carry no dates
    assert run("rising_methods", since="2024-06-01") == _rising(g, "2024-06-01") == []


@pytest.mark.parametrize("since", ["2024-08", "2024-08-01", "2025-03"])
def test_rising_methods_on_dated_papers(dated_graph, fresh_target, since):
    from graphkb.graphdb.loader import Neo4jLoader
    from graphkb.trends import find_trends
    g = Graph(dated_graph)
    with connect(fresh_target) as connection:
        Neo4jLoader(connection).load(dated_graph)
        query = find_query("rising_methods", "cypher")
        rows = run_query(connection, query.text, bind_params(query, {"since": since, "limit": "1000"})).rows
        stored = run_query(connection, "MATCH (n) WHERE n.papers_per_month IS NOT NULL "
                           "RETURN n.id AS id, n.first_seen AS first, n.last_seen AS last, "
                           "n.papers_per_month AS months").rows
    # the server holds every entity's timeline as built: dates as text, months as a list of strings
    keys = ("first_seen", "last_seen", "papers_per_month")
    assert {r["id"]: (r["first"], r["last"], r["months"]) for r in stored} == \
        {n: tuple(d[k] for k in keys) for n, d in dated_graph.g.nodes(data=True) if "papers_per_month" in d}
    expected = _rising(g, since)
    assert _rows(rows, "method", "recent", "before", "first_seen", "last_seen") == expected
    assert len(expected) > 3 and any(r[2] > 0 for r in expected)  # recent and earlier papers both count
    # `graphkb trends` ranks the same methods the same way
    report = find_trends(dated_graph, ["method"], top=1000, since=since)
    assert [(t.name, t.recent, t.before, t.first_seen, t.last_seen) for t in report.rising] == expected


def test_single_paper_entities(run, g):
    expected = []
    for label in ("Benchmark", "Concept", "Method"):
        for e in g.ids(label):
            papers = g.sources(e, ("USES", "PROPOSES", "EVALUATED_ON", "MENTIONS"))
            if len(papers) == 1:
                expected.append((label, g.name(e), e, g.title(next(iter(papers)))))
    expected.sort(key=lambda r: (r[0], r[1], r[2]))
    rows = run("single_paper_entities", limit=10000)
    assert _rows(rows, "kind", "name", "id", "paper") == expected
    assert len(run("single_paper_entities")) == 100


def test_paper_overview(run, g):
    paper = next(p for p in g.ids("Paper") if g.title(p).startswith("ChatGLM"))
    (row,) = run("paper_overview", paper=g.title(paper))

    def names(types, label=None):
        return sorted(g.name(t) for rel in types for t, _ in g.out[(paper, rel)]
                      if label is None or g.node[t]["label"] == label)
    assert row["id"] == paper
    assert sorted(row["proposes"]) == names(("PROPOSES",))
    assert sorted(row["uses"]) == names(("USES",), "Method") and row["uses"]
    assert sorted(row["evaluated_on"]) == names(("EVALUATED_ON",), "Benchmark")
    assert sorted(row["concepts"]) == names(("MENTIONS",), "Concept")
    assert row["topic"] == names(("IN_TOPIC",), "Topic")
    assert sorted(row["code"]) == sorted(g.node[r]["url"] for r, _ in g.out[(paper, "HAS_CODE")])
    assert row["similar_papers"] == len(g.out[(paper, "SIMILAR_TO")]) + len(g.into[(paper, "SIMILAR_TO")])
    assert run("paper_overview", paper="no such paper") == []


def test_query_cli_formats_and_params(samples_target, g):
    env = env_for(samples_target)
    runner = CliRunner(env=env)
    table = runner.invoke(main, ["query", "-f", "cypher/queries/top_methods.cypher", "--param", "limit=3"])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["method", "papers", "proposed_by", "aliases"] and lines[-1] == "(3 rows)"
    top = max(g.ids("Method"), key=lambda m: len(g.sources(m, ("USES", "PROPOSES"))))
    assert lines[2].startswith(g.name(top))
    as_json = runner.invoke(main, ["query", "-f", "top_methods", "--format", "json"])
    assert [r["method"] for r in json.loads(as_json.stdout)][0] == g.name(top)
    as_csv = runner.invoke(main, ["query", "MATCH (p:Paper) WHERE p.title STARTS WITH $prefix "
                                  "RETURN p.title AS title ORDER BY title", "--param", "prefix=Qwen",
                                  "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout.splitlines() == ["title"] + sorted(
        g.title(p) if "," not in g.title(p) else f'"{g.title(p)}"'
        for p in g.ids("Paper") if g.title(p).startswith("Qwen"))
    missing = runner.invoke(main, ["query", "-f", "similar_papers"])
    assert missing.exit_code == 1
    assert missing.output.startswith("Error: similar_papers.cypher needs --param paper=")
    bad = runner.invoke(main, ["query", "-f", "top_methods", "--param", "limit=ten"])
    assert bad.exit_code == 1 and "Error: --param limit=ten: not a valid integer" in bad.output
    syntax = runner.invoke(main, ["query", "MATCH (n RETURN n"])
    assert syntax.exit_code == 1 and syntax.output.startswith("Error: Cypher syntax error")
    assert "Traceback" not in syntax.output and len(syntax.output.strip().splitlines()) == 1


def test_every_pack_query_is_tested():
    """Each pack query is run by a test of this file: read from its source, so the check
    holds whichever tests ran before it (or alone, with -k)."""
    source = Path(__file__).read_text(encoding="utf-8")
    called = set(re.findall(r'\b(?:run|find_query)\("(\w+)"', source)) | {name for name, _, _ in MOST_USED}
    names = {q.name for q in pack("cypher")}
    assert len(names) >= 12
    assert names <= called, f"untested: {sorted(names - called)}"
