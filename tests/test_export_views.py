"""HTML view internals (focus lookup, node budget, layout, determinism) and the GraphML/GEXF exports."""
from __future__ import annotations

import json
import math
import os
import random
import re
import subprocess
import sys
from collections import Counter

import networkx as nx
import numpy as np
import pytest
from cli_support import run
from click.testing import CliRunner

from graphkb.cli import main
from graphkb.errors import GraphkbError
from graphkb.graph import KnowledgeGraph, degrees, edge_list, induced_subgraph, multidigraph, number_of_edges
from graphkb.htmlview import HtmlOptions, render_page
from graphkb.htmlview.focus import fold, resolve_focus
from graphkb.htmlview.layout import CORE_FULL_RUN_NODES, REGION_FULL_RUN_PAPERS, layout, region_layout
from graphkb.htmlview.trim import keep_most_connected, keep_strongest_edges


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
    nodes, edges = list(kg.g.nodes(data=True)), edge_list(kg.g)
    kept_nodes, kept_edges, omitted = keep_most_connected(nodes, edges, 50, always=(loner,))
    kept = multidigraph(kept_nodes, kept_edges)
    assert kept.number_of_nodes() == 50 and loner in kept
    rest = set(kept) - {loner}
    dropped = set(kg.g) - set(kept)
    assert min(kg.g.degree(n) for n in rest) >= max(kg.g.degree(n) for n in dropped)
    assert omitted.nodes == len(dropped) and omitted.total_nodes == len(kg)
    assert sum(n for _, n in omitted.by_label) == len(dropped)
    assert omitted.edges == kg.g.number_of_edges() - kept.number_of_edges()
    # the kept part as networkx's subgraph has it, in the graph's order
    assert kept_edges == edge_list(induced_subgraph(kg.g, set(kept))) != []
    assert [n for n, _ in kept_nodes] == [n for n in kg.g if n in kept]
    same_nodes, same_edges, nothing = keep_most_connected(nodes, edges, len(kg))
    assert same_nodes is nodes and same_edges is edges and not nothing


def test_edge_budget_keeps_the_strongest_edges_of_each_type(kg):
    nodes, edges = list(kg.g.nodes(data=True)), edge_list(kg.g)
    total = len(edges)
    kept_edges, dropped = keep_strongest_edges(nodes, edges, 600)
    assert len(kept_edges) == 600 and dropped == total - 600
    kept = multidigraph(nodes, kept_edges)
    by_type_all = kg.edge_counts()
    by_type_kept = KnowledgeGraph(kept).edge_counts()
    for rel, n in by_type_all.items():  # each type keeps about its share of the budget: the cut-off
        # rank quantile q keeps floor or ceil of q * n per type, and q exceeds 600 / total by at
        # most (number of types) / total, since the floors add up to 600
        assert abs(by_type_kept[rel] - 600 * n / total) <= 1 + n * len(by_type_all) / total, rel
    similar = sorted((d["score"] for _, _, d in kg.edges("SIMILAR_TO")), reverse=True)
    kept_scores = sorted((d["score"] for _, _, d in KnowledgeGraph(kept).edges("SIMILAR_TO")), reverse=True)
    assert kept_scores == similar[:len(kept_scores)]  # the strongest ones
    same, none_dropped = keep_strongest_edges(nodes, edges, total)
    assert same is edges and none_dropped == 0


def test_edge_budget_keeps_edges_in_the_order_of_their_rank_within_their_type(kg):
    """The rule, stated plainly: each edge's rank within its type (strongest first; ties by the
    ends' ids, the key, the edge's place) as a fraction of the type's edges; the edges kept are the
    first by that fraction, then the ends' ids, the key, the type's first appearance, the place."""
    nodes, edges = list(kg.g.nodes(data=True)), edge_list(kg.g)

    def strength(d):
        return next((float(d[k]) for k in ("score", "count", "weight", "confidence") if k in d),
                    float(len(d.get("via", ()))))

    place = {n: i for i, n in enumerate(sorted(str(n) for n, _ in nodes))}
    by_type: dict = {}
    for i, (u, v, k, d) in enumerate(edges):
        by_type.setdefault(d["type"], []).append((-strength(d), place[u], place[v], str(k), i))
    ranked = []
    for t, group in enumerate(by_type.values()):
        ranked += [((j + 1) / len(group), w[1], w[2], w[3], t, w[4]) for j, w in enumerate(sorted(group))]
    for budget in (1, 600, 2_500):
        kept, _ = keep_strongest_edges(nodes, edges, budget)
        assert kept == [edges[r[-1]] for r in sorted(ranked)[:budget]], budget


def test_the_paper_map_is_every_paper_and_the_links_between_them_in_the_graphs_order(kg):
    """The paper map's lists are what networkx gives for the papers' subgraph, in the same order
    (what the page draws, and its ties, follow that order)."""
    from graphkb.htmlview.views import PAPER_LINKS, papers_view

    view = papers_view(kg, HtmlOptions())
    papers = [(n, d) for n, d in kg.g.nodes(data=True) if d["label"] == "Paper"]
    links = [(u, v, k, d) for u, v, k, d in kg.g.edges(keys=True, data=True) if d["type"] in PAPER_LINKS]
    assert view.nodes == papers and view.edges == links
    assert {k for _, _, k, _ in links} >= {"SIMILAR_TO", "SHARES_METHOD"}
    g = nx.MultiDiGraph()
    g.add_nodes_from(papers)
    g.add_edges_from(links)
    assert list(g.edges(keys=True, data=True)) == view.edges


def test_an_entitys_tooltip_and_panel_list_its_first_papers_by_name_and_count_them_all(kg, monkeypatch):
    """The tooltip names an entity's first three papers, the panel its first LIST_ITEMS, both by name in
    any case (then id), each with how many papers there are in all (papers linking to it, or it to them);
    whichever is made first."""
    from graphkb.htmlview import details as panels
    from graphkb.htmlview.tooltips import Neighbourhood, display_name, node_tip

    monkeypatch.setattr(panels, "LIST_ITEMS", 4)  # the samples' entities have at most 23 papers
    LIST_ITEMS = panels.LIST_ITEMS
    hood = Neighbourhood(kg, {})
    details = panels.Details(kg, hood)  # the page's: one list of an entity's first papers for both
    checked = 0
    for node_id, d in kg.nodes():
        if d["label"] not in ("Method", "Concept", "Author", "Repository"):
            continue
        papers = {u for u in kg.g.predecessors(node_id) if kg.g.nodes[u]["label"] == "Paper"}
        papers |= {v for v in kg.g.successors(node_id) if kg.g.nodes[v]["label"] == "Paper"}
        by_name = sorted(papers, key=lambda p: (display_name(p, kg.g.nodes[p]).casefold(), p))
        names = [display_name(p, kg.g.nodes[p]) for p in by_name]
        tip_first = len(papers) % 2 == 0  # the tooltip's list made before the panel's, or after
        if not tip_first:
            panel = details.of(node_id, d)
        row = dict(node_tip(node_id, d, hood)["rows"]).get("Papers")
        more = f" (+{len(names) - 3} more)" if len(names) > 3 else ""
        assert row == (", ".join(names[:3]) + more if names else None), node_id
        if tip_first:
            panel = details.of(node_id, d)
        expected = [[f"Papers ({len(papers)})", [[p, display_name(p, kg.g.nodes[p]), ""]
                                                 for p in by_name[:LIST_ITEMS]]]] if papers else None
        assert panel.get("lists") == expected, node_id
        checked += len(papers) > LIST_ITEMS
    assert checked > 10  # entities with more papers than a list shows


def test_a_topics_panel_lists_its_best_papers_and_its_most_used_entities(kg, monkeypatch):
    """A topic's panel: its papers by weight, and the methods, benchmarks and concepts its papers link
    to, the most used first (ties by name in any case, then id), each list cut to LIST_ITEMS."""
    from graphkb.htmlview import details as panels
    from graphkb.htmlview.tooltips import display_name

    monkeypatch.setattr(panels, "LIST_ITEMS", 4)  # so that ties at the cut are met
    details = panels.Details(kg)
    ties_at_the_cut = 0
    for topic, _ in kg.nodes("Topic"):
        members = sorted(((d["weight"], u) for u, v, d in kg.edges("IN_TOPIC") if v == topic),
                         key=lambda wu: (-wu[0], wu[1]))
        used = Counter(v for _, p in members for v in set(kg.g.successors(p))
                       if kg.g.nodes[v]["label"] in ("Method", "Benchmark", "Concept"))
        ranked = sorted(used, key=lambda v: (-used[v], display_name(v, kg.g.nodes[v]).casefold(), v))
        lists = details.topic(topic)["lists"]
        assert lists[0] == [f"Papers ({len(members)}, best first)",
                            [[p, display_name(p, kg.g.nodes[p]), ""] for _, p in members[:4]]]
        assert lists[1] == [f"Methods, benchmarks and concepts ({len(used)})",
                            [[v, display_name(v, kg.g.nodes[v]), f"{kg.g.nodes[v]['label']} · {used[v]}"]
                             for v in ranked[:4]]]
        ties_at_the_cut += len(ranked) > 4 and used[ranked[3]] == used[ranked[4]]
    assert ties_at_the_cut > 3


def test_a_graph_read_and_made_through_its_dicts_is_what_networkx_reads_and_makes(kg):
    """graph.py's fast paths (edge_list, degrees, number_of_edges, KnowledgeGraph.edges and .nodes, and
    subgraphs made by multidigraph) agree with networkx's views and add_edges_from, down to the order of
    each node's links."""
    g = kg.g
    assert edge_list(g) == list(g.edges(keys=True, data=True))
    assert degrees(g) == dict(g.degree()) and number_of_edges(g) == g.number_of_edges()
    assert list(kg.edges()) == list(g.edges(data=True))
    for rel_type in ("SIMILAR_TO", "USES", "IN_TOPIC"):
        assert list(kg.edges(rel_type)) == [e for e in g.edges(data=True) if e[2]["type"] == rel_type] != []
    assert list(kg.nodes("Method")) == [n for n in g.nodes(data=True) if n[1]["label"] == "Method"] != []
    keep = set(sorted(g, key=str)[::2])
    made = nx.MultiDiGraph()
    made.add_nodes_from((n, d) for n, d in g.nodes(data=True) if n in keep)
    made.add_edges_from((u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if u in keep and v in keep)
    sub = induced_subgraph(g, keep)
    assert made.number_of_edges() > 100
    assert list(sub.nodes(data=True)) == list(made.nodes(data=True))
    assert list(sub.edges(keys=True, data=True)) == list(made.edges(keys=True, data=True))
    assert all(list(sub.pred[n].items()) == list(made.pred[n].items()) for n in made)


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


def nearest_own_group(pos: dict, groups: list[list]) -> float:
    """The share of the grouped nodes whose own group's centre is the nearest to them."""
    centre = {i: np.mean([pos[p] for p in group], axis=0) for i, group in enumerate(groups)}
    nearest_own = [min(centre, key=lambda i: math.dist(pos[p], centre[i])) == own
                   for own, group in enumerate(groups) for p in group]
    return sum(nearest_own) / len(nearest_own)


def test_a_big_region_keeps_its_linked_papers_together_inside_its_disc():
    """A topic of more than REGION_FULL_RUN_PAPERS papers (laid out in fewer steps) whose papers form
    three groups, linked within and not across: each paper's group lies nearer it than the others,
    and every paper sits inside its topic's disc, beside a small topic's."""
    rng = random.Random(3)
    groups = [[f"2401.{g}{i:04d}" for i in range(90)] for g in range(3)]
    small = [f"2402.{i:05d}" for i in range(20)]
    assert sum(map(len, groups)) > REGION_FULL_RUN_PAPERS
    g = nx.MultiDiGraph()
    topic_of = {p: "topic:1" for group in groups for p in group} | {p: "topic:2" for p in small}
    g.add_nodes_from(topic_of)
    for group in [*groups, small]:
        for p in group:
            for q in rng.sample(group, 4):
                if p != q:
                    g.add_edge(p, q, key="SIMILAR_TO", type="SIMILAR_TO", score=0.5)
    pos, regions = region_layout(g, topic_of)
    assert set(pos) == set(topic_of)
    for p, t in topic_of.items():
        x, y, r = regions[t]
        assert math.dist(pos[p], (x, y)) <= r
    assert nearest_own_group(pos, groups) > 0.9


def test_a_big_core_keeps_its_linked_nodes_together():
    """A core of more than CORE_FULL_RUN_NODES nodes (laid out in fewer steps) in three groups, linked
    within and barely across: each node's group centre is the nearest to it."""
    rng = random.Random(4)
    groups = [[f"2401.{g}{i:04d}" for i in range(700)] for g in range(3)]
    assert sum(map(len, groups)) > CORE_FULL_RUN_NODES
    g = nx.MultiDiGraph()
    for group in groups:
        g.add_nodes_from(group)
        for p in group:
            for q in rng.sample(group, 3):
                if p != q:
                    g.add_edge(p, q, key="SIMILAR_TO", type="SIMILAR_TO", score=0.5)
    for a, b in zip(groups, groups[1:]):
        g.add_edge(a[0], b[0], key="SIMILAR_TO", type="SIMILAR_TO", score=0.5)
    pos = layout(g)
    assert set(pos) == set(g)
    assert nearest_own_group(pos, groups) > 0.9


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


def unpacked_tip(strings: list[str], p: list) -> dict:
    """A packed tooltip read back as view.js reads it (pack.py's format)."""
    text = strings[p[3]] if isinstance(p[3], int) else "“" + strings[p[3][0]] + "”"
    rows = [[strings[a], strings[b]] for a, b in zip(p[2][::2], p[2][1::2])]
    return {"title": strings[p[0]], "kind": strings[p[1]], "rows": rows, "text": text, **(p[4] if len(p) > 4 else {})}


def unpacked_more(strings: list[str], p: list) -> dict:
    """A packed panel read back as view.js reads it: evidence marks are UTF-16 offsets."""
    evidence = []
    for sentence, marks in p[1]:
        units = strings[sentence].encode("utf-16-le")
        cut = [0, *marks, len(units) // 2]
        pieces = [[units[2 * a:2 * b].decode("utf-16-le"), i % 2 == 1] for i, (a, b) in enumerate(zip(cut, cut[1:]))]
        evidence.append([piece for piece in pieces if piece[0]])
    out = {"links": [[strings[a], strings[b]] for a, b in zip(p[0][::2], p[0][1::2])],
           "evidence": evidence,
           "lists": [[strings[h], [[strings[i] for i in e[j:j + 3]] for j in range(0, len(e), 3)]] for h, e in p[2]]}
    return {**out, **(p[3] if len(p) > 3 else {})}


def test_a_view_is_packed_into_columns_and_string_tables_without_loss(kg):
    """pack.py: what the page carries reads back to the items and their texts, and each string is once
    in each table (the node tooltips' and the panels' and edge tooltips')."""
    from graphkb.htmlview.items import ItemBuilder
    from graphkb.htmlview.pack import PageTexts, pack_view
    from graphkb.htmlview.views import select_view

    view = select_view(kg, HtmlOptions(view="full"))
    graph = multidigraph(view.nodes, view.edges)
    builder = ItemBuilder(kg, view, graph)
    nodes, edges = builder.nodes(layout(graph)), builder.edges()
    for n in nodes:
        n["font"] = {"size": 10}
    node_texts, edge_texts = builder.node_texts(nodes), builder.edge_texts(edges)
    node_texts[0][2]["evidence"] = [[["Rockets \U0001f680 and ", False], ["GRPO", True], [" win", False]]]
    node_texts[0][1]["trend"] = [1, 2, 3]  # a key pack.py does not know is carried as it is
    drawing = pack_view(nodes, edges, [])
    texts = PageTexts()
    texts.add_view(drawing, node_texts, edge_texts)
    tips, details, search = texts.blocks()
    strings = details["strings"]
    assert len(set(strings)) == len(strings) and len(set(tips["strings"])) == len(tips["strings"])
    assert drawing["nodes"]["id"] == [n["id"] for n in nodes]
    assert [drawing["kinds"][k] for k in drawing["nodes"]["kind"]] == [n["kind"] for n in nodes]
    ends = [(nodes[a]["id"], nodes[b]["id"]) for a, b in zip(drawing["edges"]["from"], drawing["edges"]["to"])]
    assert ends == [(e["from"], e["to"]) for e in edges]
    assert [drawing["edge_kinds"][k] for k in drawing["edges"]["kind"]] == [e["kind"] for e in edges]
    assert [s if s >= 0 else None for s in drawing["edges"]["score"]] == [e.get("score") for e in edges]
    for k, (node_id, tip, more, terms, text) in enumerate(node_texts):
        entry = drawing["nodes"]["text"][k]
        assert node_id == nodes[k]["id"]
        assert unpacked_tip(tips["strings"], tips["nodes"][entry]) == tip
        assert unpacked_more(strings, details["nodes"][entry]) == {"links": [], "evidence": [], "lists": [], **more}
        assert search["terms"][entry] == terms and search["text"][entry] == text
    assert all(unpacked_tip(strings, details["edges"][drawing["edges"]["text"][j]]) == tip
               for j, (_, tip) in enumerate(edge_texts))
    paper = next(k for k, n in enumerate(nodes) if n["kind"] == "Paper")
    assert fold(kg.g.nodes[nodes[paper]["id"]]["abstract"]) == search["text"][drawing["nodes"]["text"][paper]] != ""
    # the most used string (every link's empty kind) has the shortest index; a sentence of a paper's
    # evidence is the same entry as its links' tooltip text
    assert strings[0] == ""
    at = {n["id"]: drawing["nodes"]["text"][k] for k, n in enumerate(nodes)}
    shared = Counter()
    for j, e in enumerate(edges):
        t = details["edges"][drawing["edges"]["text"][j]]
        if isinstance(t[3], list) and e["from"] in at:
            sentences = [sentence for sentence, _ in details["nodes"][at[e["from"]]][1]]
            shared[t[3][0] in sentences] += 1
    assert shared[True] > 100 and shared[True] > 5 * shared[False]


def test_a_pages_views_share_one_entry_per_node_and_link(kg):
    """A node or a link drawn by both the paper map and the full graph has one tooltip, panel and
    search entry in the page, which both views' drawings point at."""
    page = render_page(kg)
    html = page.html
    blocks = {m.group(1): json.loads(m.group(2)) for m in
              re.finditer(r'<script type="application/json" id="([^"]+)">(.*?)</script>', html, re.S)}
    assert set(blocks) == {"graph-data-papers", "graph-data-full", "graph-tips", "graph-more", "graph-search"}
    papers, full = blocks["graph-data-papers"], blocks["graph-data-full"]
    tips, more = blocks["graph-tips"], blocks["graph-more"]

    def entries(drawing: dict) -> dict:
        return dict(zip(drawing["nodes"]["id"], drawing["nodes"]["text"]))

    def edge_entries(drawing: dict) -> dict:
        ids, e = drawing["nodes"]["id"], drawing["edges"]
        return {(ids[a], ids[b], drawing["edge_kinds"][k]): t
                for a, b, k, t in zip(e["from"], e["to"], e["kind"], e["text"])}
    in_papers, in_full = entries(papers), entries(full)
    both = in_papers.keys() & in_full.keys()
    assert len(both) == kg.node_counts()["Paper"]  # every paper is on the map and in the full graph
    assert all(in_papers[n] == in_full[n] for n in both)
    assert len(tips["nodes"]) == len(in_papers.keys() | in_full.keys())
    assert set(in_full.values()) | set(in_papers.values()) == set(range(len(tips["nodes"])))
    links_papers, links_full = edge_entries(papers), edge_entries(full)
    shared = links_papers.keys() & links_full.keys()
    assert shared and all(links_papers[k] == links_full[k] for k in shared)
    assert len(more["edges"]) == len(links_papers.keys() | links_full.keys())
    assert len(more["nodes"]) == len(tips["nodes"]) == len(blocks["graph-search"]["terms"])
    paper = next(iter(both))
    assert tips["strings"][tips["nodes"][in_full[paper]][0]] == kg.g.nodes[paper]["title"]


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
    (["--view", "papers", "--focus", "GRPO"], 1, "Error: --focus goes with --view focus"),
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


def flat_graph(kg) -> nx.MultiDiGraph:
    """The graph in graph.json's order with lists and dicts as JSON text (keys sorted): what
    graphkb wrote through networkx's GraphML and GEXF writers before it wrote them itself."""
    def scalar(value):
        return value if isinstance(value, bool | int | float | str) else json.dumps(value, ensure_ascii=False,
                                                                                     sort_keys=True)
    nodes, edges = kg.json_order()
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, {k: scalar(v) for k, v in d.items()}) for n, d in nodes)
    out.add_edges_from((u, v, k, {a: scalar(x) for a, x in d.items()}) for u, v, k, d in edges)
    return out


def test_graphml_reads_back_as_networkx_own_writer_gives_it(out_dir, kg, tmp_path):
    """Written a node and an edge at a time, the GraphML reads back into networkx as the document
    networkx's own writer makes of the same graph (its element tree, lists as JSON text) does."""
    ours = out_dir / "g.graphml"
    assert run("export", "graphml", out_dir, "-o", ours).exit_code == 0
    theirs = tmp_path / "networkx.graphml"
    nx.write_graphml(flat_graph(kg), theirs, encoding="utf-8", named_key_ids=True)
    a, b = nx.read_graphml(ours, force_multigraph=True), nx.read_graphml(theirs, force_multigraph=True)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_graphml_holds_hostile_text_and_mixed_types(tmp_path):
    """Markup, quotes and control characters in ids and text; an int beside a float (a double) and
    text beside a number (a string); booleans: a valid document networkx reads back."""
    from graphkb.export import EXPORTERS
    from graphkb.graph import KnowledgeGraph
    kg = KnowledgeGraph()
    kg.add_node("Paper", 'p<1>&"', title='A <b>bold</b> & "quoted" title\x07\x00', year=2024, open_access=True)
    kg.add_node("Paper", "p2", title="Two", year=2025.5, open_access=False)
    kg.add_node("Concept", "concept:x", name="x", paper_count="many")
    kg.add_node("Concept", "concept:y", name="y", paper_count=2)
    kg.add_edge("SIMILAR_TO", 'p<1>&"', "p2", score=1)
    kg.add_edge("SIMILAR_TO", "p2", 'p<1>&"', score=0.25, shared_terms=["a & b", "<c>"])
    kg.add_edge("MENTIONS", "p2", "concept:x", weight=0.5,
                evidence={"sentence": "x <is> here", "start": 0, "end": 1, "rule": "key-phrase"})
    EXPORTERS["graphml"].export(kg, tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert g.nodes['p<1>&"']["title"] == 'A <b>bold</b> & "quoted" title\ufffd\ufffd'
    assert g.nodes['p<1>&"']["year"] == 2024.0 and g.nodes["p2"]["year"] == 2025.5
    assert g.nodes['p<1>&"']["open_access"] is True and g.nodes["p2"]["open_access"] is False
    assert g.nodes["concept:y"]["paper_count"] == "2"
    assert g.edges['p<1>&"', "p2", "SIMILAR_TO"]["score"] == 1.0
    assert json.loads(g.edges["p2", 'p<1>&"', "SIMILAR_TO"]["shared_terms"]) == ["a & b", "<c>"]
    assert json.loads(g.edges["p2", "concept:x", "MENTIONS"]["evidence"])["sentence"] == "x <is> here"


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


def test_gexf_reads_back_as_networkx_own_writer_gives_it(out_dir, kg, tmp_path):
    """Written a node and an edge at a time, the GEXF reads back into networkx as the document
    networkx's own writer makes of the graph in the same shape (kind, label, weight, colour) does."""
    from graphkb.keys import display_name
    from graphkb.schema import NODES
    ours = out_dir / "g.gexf"
    assert run("export", "gexf", out_dir, "-o", ours).exit_code == 0
    shaped = nx.MultiDiGraph()
    flat = flat_graph(kg)
    for n, d in flat.nodes(data=True):
        colour = NODES[d["label"]].colour
        shaped.add_node(n, **{k: v for k, v in d.items() if k != "label"}, kind=d["label"], label=display_name(n, d),
                        viz={"color": {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16),
                                       "b": int(colour[5:7], 16), "a": 1.0}})
    for u, v, k, d in flat.edges(keys=True, data=True):
        weight = d.get("score", d.get("count", d.get("weight")))
        attrs = {a: x for a, x in d.items() if a not in ("type", "weight")}
        attrs.update(kind=d["type"], label=d["type"], id=f"{u}|{v}|{k}")
        if isinstance(weight, int | float) and not isinstance(weight, bool):
            attrs["weight"] = weight
        shaped.add_edge(u, v, key=k, **attrs)
    theirs = tmp_path / "networkx.gexf"
    nx.write_gexf(shaped, theirs, encoding="utf-8")
    a, b = nx.read_gexf(ours), nx.read_gexf(theirs)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    def edges(g):
        return sorted((u, v, sorted(d.items())) for u, v, d in g.edges(data=True))
    assert edges(a) == edges(b)


def test_gexf_holds_hostile_text(tmp_path):
    from graphkb.export import EXPORTERS
    from graphkb.graph import KnowledgeGraph
    kg = KnowledgeGraph()
    kg.add_node("Paper", 'p<1>&"', title='A <b>bold</b> & "quoted" title\x07', year=2024)
    kg.add_node("Paper", "p2", title="Two", year=2025.5)
    kg.add_edge("SIMILAR_TO", 'p<1>&"', "p2", score=0.25, shared_terms=["a & b", "<c>"])
    EXPORTERS["gexf"].export(kg, tmp_path / "g.gexf")
    g = nx.read_gexf(tmp_path / "g.gexf")
    assert g.nodes['p<1>&"']["label"] == 'A <b>bold</b> & "quoted" title\ufffd'
    assert g.nodes['p<1>&"']["year"] == 2024.0 and g.nodes["p2"]["year"] == 2025.5
    (edge,) = g.edges(data=True)
    assert edge[2]["weight"] == 0.25 and json.loads(edge[2]["shared_terms"]) == ["a & b", "<c>"]


@pytest.mark.parametrize("name", ["json", "html", "rdf", "cypher", "graphml", "gexf"])
def test_every_file_format_writes_to_standard_output(sample_build, tmp_path, name):
    """`-o -` works for every exporter that writes one file, with the same bytes as a file."""
    from graphkb.export import EXPORTERS

    target = tmp_path / EXPORTERS[name].filename
    assert run("export", name, sample_build, "-o", target).exit_code == 0
    result = CliRunner().invoke(main, ["export", name, str(sample_build), "-o", "-"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout_bytes == target.read_bytes()


def test_a_folder_format_refuses_standard_output(sample_build):
    result = run("export", "neo4j-csv", sample_build, "-o", "-")
    assert result.exit_code == 1 and "neo4j-csv writes a folder" in result.output


def test_graph_json_is_written_a_few_elements_at_a_time_one_per_line(sample_graph, monkeypatch):
    import io

    from graphkb import graph as graph_module
    kg, _ = sample_graph
    monkeypatch.setattr(graph_module, "_JSON_LINES_PER_WRITE", 7)
    text = io.StringIO()
    kg.write_json(text)
    assert json.loads(text.getvalue()) == kg.to_node_link()
    lines = text.getvalue().splitlines()
    assert sum(line.startswith('{"') for line in lines) == len(kg) + number_of_edges(kg.g)
    empty = io.StringIO()
    KnowledgeGraph().write_json(empty)
    assert json.loads(empty.getvalue())["nodes"] == [] == json.loads(empty.getvalue())["edges"]
