"""HTML view internals (focus lookup, node budget, layout, determinism) and the GraphML/GEXF exports."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest

from graphkb.errors import GraphkbError
from graphkb.graph import KnowledgeGraph
from graphkb.htmlview import HtmlOptions, render_page
from graphkb.htmlview.focus import resolve_focus
from graphkb.htmlview.layout import layout
from graphkb.htmlview.trim import keep_most_connected, keep_strongest_edges

from cli_support import run


@pytest.fixture(scope="module")
def kg(sample_graph):
    return sample_graph[0]


@pytest.fixture(scope="module")
def out_dir(kg, tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    kg.save(out / "graph.json")
    return out


# -- focus ---------------------------------------------------------------------------------------

def test_focus_finds_a_node_by_id_name_alias_or_title(kg):
    mobile = next(n for n, d in kg.nodes("Paper") if d["title"].startswith("Mobile-R1:"))
    assert resolve_focus(kg, "method:grpo") == "method:grpo"
    assert resolve_focus(kg, "grpo") == "method:grpo"
    assert resolve_focus(kg, "  Group   Relative Policy Optimization ") == "method:grpo"
    assert resolve_focus(kg, "Mobile-R1") == mobile  # a paper's short title (before its colon) wins over a name
    assert resolve_focus(kg, kg.g.nodes[mobile]["title"].upper()) == mobile
    assert resolve_focus(kg, "Towards Interactive Reinforcement Learning for VLM") == mobile


def test_focus_that_names_no_node_or_several_is_an_error(kg):
    with pytest.raises(GraphkbError, match="no node has this id, name, alias or title"):
        resolve_focus(kg, "definitely not in the graph")
    with pytest.raises(GraphkbError, match=r"matches \d+ nodes: .*method:mobiler1 \(Method\)"):
        resolve_focus(kg, "mobile")


# -- node budget ---------------------------------------------------------------------------------

def test_trim_keeps_the_most_connected_and_the_focus(kg):
    loner = min(kg.g, key=kg.g.degree)
    kept, omitted = keep_most_connected(kg.g, 50, always=(loner,))
    assert kept.number_of_nodes() == 50 and loner in kept
    rest = set(kept) - {loner}
    dropped = set(kg.g) - set(kept)
    assert min(kg.g.degree(n) for n in rest) >= max(kg.g.degree(n) for n in dropped)
    assert omitted.nodes == len(dropped) and omitted.total_nodes == len(kg)
    assert sum(n for _, n in omitted.by_label) == len(dropped)
    assert omitted.edges == kg.g.number_of_edges() - kept.number_of_edges()
    same, nothing = keep_most_connected(kg.g, len(kg))
    assert same is kg.g and not nothing


def test_edge_budget_keeps_every_node_and_the_strongest_edges_of_each_type(kg):
    total = kg.g.number_of_edges()
    kept, dropped = keep_strongest_edges(kg.g, 600)
    assert kept.number_of_edges() == 600 and dropped == total - 600
    assert set(kept) == set(kg.g)
    by_type_all = kg.edge_counts()
    by_type_kept = KnowledgeGraph(kept).edge_counts()
    for rel, n in by_type_all.items():  # each type keeps about its share of the budget
        assert abs(by_type_kept[rel] - 600 * n / total) <= 1, rel
    similar = sorted((d["score"] for _, _, d in kg.edges("SIMILAR_TO")), reverse=True)
    kept_scores = sorted((d["score"] for _, _, d in KnowledgeGraph(kept).edges("SIMILAR_TO")), reverse=True)
    assert kept_scores == similar[:len(kept_scores)]  # the strongest ones
    same, none_dropped = keep_strongest_edges(kg.g, total)
    assert same is kg.g and none_dropped == 0


@pytest.mark.parametrize("options", [(), ("--view", "full", "--renderer", "canvas", "--max-nodes", "150",
                                         "--max-edges", "400"), ("--focus", "Mobile-R1"), ("--renderer", "webgl")],
                         ids=["map-and-full", "trimmed", "focus", "webgl"])
def test_a_page_is_the_same_whatever_the_hash_seed(out_dir, tmp_path, options):
    """Nothing may follow set order (string hashes vary between processes): not the
    trimming, not the layout."""
    pages = []
    for seed in ("1", "2"):
        path = tmp_path / f"seed{seed}.html"
        subprocess.run([sys.executable, "-m", "graphkb", "export", "html", str(out_dir), "-o", str(path), *options],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(path.read_bytes())
    assert pages[0] == pages[1]


# -- layout and page -------------------------------------------------------------------------------

def test_layout_places_every_node_and_keeps_leaves_by_their_neighbour(kg):
    pos = layout(kg.g)
    assert set(pos) == set(kg.g)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    simple = nx.Graph(kg.g)
    dist = {(u, v): math.dist(pos[u], pos[v]) for u, v in simple.edges()}
    typical = float(np.median(list(dist.values())))
    leaves = [(n, next(iter(simple[n]))) for n in simple if simple.degree(n) == 1]
    assert leaves
    assert all(math.dist(pos[leaf], pos[parent]) < typical for leaf, parent in leaves)


def test_tiny_graphs_render():
    empty = render_page(KnowledgeGraph())
    assert (empty.nodes, empty.edges) == (0, 0)
    one = KnowledgeGraph()
    one.add_node("Paper", "p", title="Alone")
    assert render_page(one).nodes == 1
    assert layout(one.g) == {"p": (0.0, 0.0)}


def test_page_is_deterministic_and_self_contained(kg):
    first = render_page(kg, HtmlOptions(view="papers")).html
    assert render_page(kg, HtmlOptions(view="papers")).html == first
    assert "Content-Security-Policy" in first and "default-src 'none'" in first
    assert "<script src" not in first and "<link rel=\"stylesheet\"" not in first
    assert "window.network = network" in first


# -- CLI -------------------------------------------------------------------------------------------

def test_export_html_cli_reports_what_it_drew(out_dir, kg):
    result = run("export", "html", out_dir, "-o", out_dir / "m.html", "--view", "methods", "--renderer", "canvas",
                 "--max-nodes", "40")
    assert result.exit_code == 0, result.output
    assert "methods view, 40 nodes" in result.output and "left out" in result.output
    result = run("export", "html", out_dir, "-o", out_dir / "e.html", "--max-edges", "100")
    assert result.exit_code == 0, result.output
    paper_links = sum(1 for _, _, d in kg.g.edges(data=True)
                      if d["type"] in ("SIMILAR_TO", "SHARES_METHOD", "SHARES_BENCHMARK", "BUILDS_ON"))
    # the default page: the paper map first, the full graph a tab away (each within the budgets)
    assert (f"papers view, {kg.node_counts()['Paper']} nodes, 100 edges; left out {paper_links - 100:,} weaker "
            f"edges (and full a tab away)") in result.output
    assert f"Showing the 100 strongest of {kg.g.number_of_edges():,} edges" in (out_dir / "e.html").read_text()
    assert (out_dir / "m.html").stat().st_size > 0


@pytest.mark.parametrize("args, code, message", [
    (["--focus", "definitely not in the graph"], 1, "Error: --focus 'definitely not in the graph': no node"),
    (["--view", "focus"], 1, "Error: the focus view needs --focus NAME_OR_ID"),
    (["--view", "papers", "--focus", "GRPO"], 2, "--focus goes with --view focus"),
    (["--max-nodes", "0"], 2, "Invalid value for '--max-nodes'"),
])
def test_export_html_bad_options_fail_cleanly_and_write_nothing(out_dir, args, code, message):
    target = out_dir / "bad.html"
    result = run("export", "html", out_dir, "-o", target, *args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output
    assert not target.exists()
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".")]


def test_graphml_reads_back_with_networkx(out_dir, kg):
    target = out_dir / "g.graphml"
    result = run("export", "graphml", out_dir, "-o", target)
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(target, force_multigraph=True)
    assert g.is_directed() and g.is_multigraph()
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(kg), kg.g.number_of_edges())
    assert {n: d["label"] for n, d in g.nodes(data=True)} == {n: d["label"] for n, d in kg.g.nodes(data=True)}
    assert json.loads(g.nodes["method:grpo"]["aliases"]) == kg.g.nodes["method:grpo"]["aliases"]
    for u, v, k, d in kg.g.edges(keys=True, data=True):
        back = g.edges[u, v, k]
        assert back["type"] == d["type"]
        if "evidence" in d:
            assert json.loads(back["evidence"]) == d["evidence"]
        if "score" in d:
            assert back["score"] == d["score"]


def test_gexf_reads_back_with_networkx(out_dir, kg):
    target = out_dir / "g.gexf"
    result = run("export", "gexf", out_dir, "-o", target)
    assert result.exit_code == 0, result.output
    g = nx.read_gexf(target)
    assert g.is_directed() and g.is_multigraph()
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(kg), kg.g.number_of_edges())
    assert {n: d["kind"] for n, d in g.nodes(data=True)} == {n: d["label"] for n, d in kg.g.nodes(data=True)}
    assert g.nodes["method:grpo"]["label"] == "GRPO"
    assert json.loads(g.nodes["method:grpo"]["aliases"]) == kg.g.nodes["method:grpo"]["aliases"]
    by_pair = {(u, v, d["kind"]): d for u, v, d in g.edges(data=True)}
    for u, v, d in kg.edges("SIMILAR_TO"):
        assert by_pair[u, v, "SIMILAR_TO"]["weight"] == pytest.approx(d["score"])
    for u, v, d in kg.edges("USES"):
        assert json.loads(by_pair[u, v, "USES"]["evidence"]) == d["evidence"]
