"""The HTML views of the sample graph in real headless Chromium, offline: what is drawn and how it reacts."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from cli_support import run as run_cli
from offline_browser import assert_clean

from graphkb.graph import KnowledgeGraph
from graphkb.schema import LABELS


def run(*args):
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory, samples_dir) -> tuple[Path, KnowledgeGraph]:
    """`graphkb build` on the samples: graph.json and, by default, graph.html beside it."""
    out = tmp_path_factory.mktemp("html-out")
    run("build", samples_dir, "-o", out, "-q")
    return out, KnowledgeGraph.load(out)


def export_html(out: Path, name: str, *options) -> Path:
    path = out / f"{name}.html"
    run("export", "html", out, "-o", path, *options)
    return path


def drawn_ids(visit) -> set[str]:
    return visit.visible_node_ids()


def legend_labels(visit) -> dict[str, int]:
    return {li.get_attribute("data-label"): int(li.locator(".count").inner_text())
            for li in visit.page.locator("#legend li[data-label]").all()}


def undimmed(visit) -> set[str]:
    return set(visit.js("nodes.get({filter: n => !n.dimmed}).map(n => n.id)"))


def search(visit, text: str) -> list[str]:
    box = visit.page.locator("input[type=search]")
    box.fill(text)
    box.press("Enter")
    return visit.js("network.getSelectedNodes()")


def names(data: dict) -> list[str]:
    return [s.lower() for s in [data.get("name"), data.get("title"), *data.get("aliases", [])] if s]


# -- the full view, as the build writes it ----------------------------------------------------------

def test_build_writes_a_page_that_draws_every_node_offline(built, open_page):
    out, kg = built
    visit = open_page(out / "graph.html")
    assert_clean(visit)
    assert visit.js("window.network === network && typeof network.getPositions === 'function'")
    assert drawn_ids(visit) == set(kg.g.nodes)
    assert visit.js("network.body.data.edges.length") == kg.g.number_of_edges()
    counts = kg.node_counts()
    assert legend_labels(visit) == {label: counts[label] for label in LABELS if counts[label]}
    assert visit.page.locator("#legend").is_visible()
    visit.screenshot("sample-full")


def test_max_nodes_keeps_the_most_connected_and_says_what_was_left_out(built, open_page):
    out, kg = built
    visit = open_page(export_html(out, "max200", "--max-nodes", "200"))
    assert_clean(visit)
    kept = drawn_ids(visit)
    assert len(kept) == 200
    dropped = set(kg.g) - kept
    assert min(kg.g.degree(n) for n in kept) >= max(kg.g.degree(n) for n in dropped)
    note = visit.page.locator(".note").inner_text()
    assert f"left out {len(dropped)} nodes" in note and "--max-nodes 200" in note
    visit.screenshot("sample-max200")


def test_max_edges_draws_every_node_and_the_strongest_edges(built, open_page):
    out, kg = built
    visit = open_page(export_html(out, "edges300", "--max-edges", "300"))
    assert_clean(visit)
    assert drawn_ids(visit) == set(kg.g)
    assert visit.js("network.body.data.edges.length") == 300
    note = visit.page.locator(".note").inner_text()
    assert f"Showing the 300 strongest of {kg.g.number_of_edges():,} edges" in note


def test_search_selects_by_name_alias_and_title(built, open_page):
    out, kg = built
    visit = open_page(out / "graph.html")
    assert search(visit, "GRPO") == ["method:grpo"]
    assert search(visit, "group relative policy optimization") == ["method:grpo"]
    mobile = next(n for n, d in kg.nodes("Paper") if d["title"].startswith("Mobile-R1:"))
    assert search(visit, kg.g.nodes[mobile]["title"]) == [mobile]
    assert visit.page.locator("#details").is_visible()
    assert kg.g.nodes[mobile]["title"] in visit.page.locator("#details").inner_text()
    # a part of a name selects every node it is part of
    expected = {n for n, d in kg.g.nodes(data=True) if any("continual" in s for s in names(d))}
    assert len(expected) > 1
    assert set(search(visit, "Continual")) == expected
    assert search(visit, "no such thing anywhere") == []
    assert visit.page.locator("#search-status").inner_text() == "No match"
    assert_clean(visit)


def test_label_filter_hides_and_shows_nodes(built, open_page):
    out, kg = built
    visit = open_page(out / "graph.html")
    concepts = {n for n, _ in kg.nodes("Concept")}
    toggle = visit.page.locator(".label-toggle[value=Concept]")
    toggle.uncheck()
    assert drawn_ids(visit) == set(kg.g) - concepts
    assert visit.page.locator("#shown-nodes").inner_text() == str(len(kg) - len(concepts))
    toggle.check()
    assert drawn_ids(visit) == set(kg.g)
    assert_clean(visit)


def test_topic_filter_keeps_the_topic_and_what_its_papers_link_to(built, open_page):
    out, kg = built
    visit = open_page(out / "graph.html")
    visit.page.select_option("#topic-filter", "topic:1")
    shown = drawn_ids(visit)
    in_topic = {u for u, v, _ in kg.edges("IN_TOPIC") if v == "topic:1"}
    assert {n for n in shown if kg.g.nodes[n]["label"] == "Paper"} == in_topic
    assert {n for n in shown if kg.g.nodes[n]["label"] == "Topic"} == {"topic:1"}
    for n in shown - in_topic:
        papers = set(nx.all_neighbors(kg.g, n)) & {p for p, _ in kg.nodes("Paper")}
        assert not papers or papers & in_topic
    visit.page.select_option("#topic-filter", "")
    assert drawn_ids(visit) == set(kg.g)
    assert_clean(visit)


# -- the other views ----------------------------------------------------------------------------

def method_benchmark_pairs(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    pairs = set()
    for paper, _ in kg.nodes("Paper"):
        out = [(v, d["type"], kg.g.nodes[v]["label"]) for _, v, d in kg.g.out_edges(paper, data=True)]
        methods = {v for v, t, label in out if label == "Method" and t in ("USES", "PROPOSES")}
        benchmarks = {v for v, t, label in out if label == "Benchmark" and t in ("EVALUATED_ON", "PROPOSES")}
        pairs |= {(m, b) for m in methods for b in benchmarks}
    return pairs


def test_papers_view_draws_papers_and_their_links_coloured_by_topic(built, open_page):
    out, kg = built
    visit = open_page(export_html(out, "papers", "--view", "papers"))
    assert_clean(visit)
    assert drawn_ids(visit) == {n for n, _ in kg.nodes("Paper")}
    paper_links = Counter(d["type"] for _, _, d in kg.edges()
                          if d["type"] in ("SIMILAR_TO", "SHARES_METHOD", "SHARES_BENCHMARK", "BUILDS_ON"))
    assert visit.js("network.body.data.edges.length") == sum(paper_links.values())
    assert legend_labels(visit) == {"Paper": kg.node_counts()["Paper"]}
    topics = visit.page.locator("#legend ul.topics li").count()
    assert topics == kg.node_counts()["Topic"]
    colours = set(visit.js("nodes.get().map(n => n.color)"))
    assert len(colours) == topics  # one colour per topic
    visit.screenshot("sample-papers")


def test_min_similarity_hides_weaker_similarity_edges(built, open_page):
    out, kg = built
    visit = open_page(export_html(out, "papers-score", "--view", "papers"))
    visit.page.locator("#min-score").fill("0.3")
    shown = visit.js("network.body.edgeIndices.map(id => edges.get(id)).filter(e => e.kind === 'SIMILAR_TO')"
                     ".map(e => e.id)")
    strong = [d["score"] for _, _, d in kg.edges("SIMILAR_TO") if d["score"] >= 0.3]
    assert 0 < len(shown) == len(strong) < sum(1 for _ in kg.edges("SIMILAR_TO"))
    assert_clean(visit)


def test_methods_view_is_the_method_benchmark_map(built, open_page):
    out, kg = built
    visit = open_page(export_html(out, "methods", "--view", "methods"))
    assert_clean(visit)
    pairs = method_benchmark_pairs(kg)
    assert drawn_ids(visit) == {n for pair in pairs for n in pair}
    drawn_pairs = {tuple(p) for p in visit.js("edges.get().map(e => [e.from, e.to])")}
    assert drawn_pairs == pairs
    assert set(legend_labels(visit)) == {"Method", "Benchmark"}
    visit.screenshot("sample-methods")


@pytest.mark.parametrize("focus, node, depth", [
    ("Mobile-R1", "method:mobiler1", 2),                        # a name
    ("Group Relative Policy Optimization", "method:grpo", 1),  # an alias
    ("method:grpo", "method:grpo", 2),                          # an id
])
def test_focus_view_contains_exactly_the_neighbourhood(built, open_page, focus, node, depth):
    out, kg = built
    visit = open_page(export_html(out, f"focus-{depth}-{node.replace(':', '-')}", "--focus", focus,
                                  "--depth", str(depth), "--max-nodes", "5000"))
    assert_clean(visit)
    ego = nx.ego_graph(kg.g, node, radius=depth, undirected=True)
    assert drawn_ids(visit) == set(ego)
    assert visit.js("network.body.data.edges.length") == ego.number_of_edges()
    assert visit.js("network.getSelectedNodes()") == [node]
    if focus == "Mobile-R1":
        visit.screenshot("sample-focus")


def test_click_highlights_the_neighbourhood(built, open_page):
    out, kg = built
    visit = open_page(export_html(out, "focus-click", "--focus", "Mobile-R1"))
    paper = next(n for n, d in kg.nodes("Paper") if d["title"].startswith("Mobile-R1:"))
    ego = nx.ego_graph(kg.g, "method:mobiler1", radius=2, undirected=True)
    visit.page.mouse.click(*visit.node_point(paper))
    assert visit.js("network.getSelectedNodes()") == [paper]
    assert undimmed(visit) == {paper} | set(nx.all_neighbors(ego, paper))
    assert kg.g.nodes[paper]["title"] in visit.page.locator("#details").inner_text()
    visit.screenshot("sample-focus-click")
    visit.page.keyboard.press("Escape")
    assert undimmed(visit) == set(ego)
    assert_clean(visit)
