"""An update's page keeps the earlier map (htmlview/earlier.py): papers and regions stay where they
were, new papers go beside their neighbours inside their topic's region, and a map that places too
little of a view is not kept."""
from __future__ import annotations

import math
import shutil

import networkx as nx
import pytest
from cli_support import run
from sample_days import write_base_and_day

from graphkb.build import build, update
from graphkb.graph import KnowledgeGraph, multidigraph
from graphkb.htmlview.earlier import KEEP_SHARE, EarlierMap, read_earlier_maps
from graphkb.htmlview.layout import layout, region_layout


@pytest.fixture(scope="module")
def grown_with_views(tmp_path_factory, sample_records):
    """The sample papers as JSONL: a build of all but the last 20, with its views, then an update with those 20."""
    root = tmp_path_factory.mktemp("kept-map")
    new_ids = write_base_and_day(root, sample_records)
    build([root / "base.jsonl"], out=root / "base")
    shutil.copytree(root / "base", root / "updated")
    _, report, _ = update(root / "updated", [root / "day.jsonl"])
    assert not any("topics fitted again" in n for n in report.notes), report.notes
    return root, new_ids


def test_an_update_keeps_the_map_and_puts_new_papers_in_their_topics_region(grown_with_views):
    root, new_ids = grown_with_views
    before, after = read_earlier_maps(root / "base" / "graph.html"), read_earlier_maps(root / "updated" / "graph.html")
    assert set(before) == set(after) == {"papers", "full"}
    old_map, new_map = before["papers"], after["papers"]
    assert new_map.regions == old_map.regions
    kept = [n for n in new_map.positions if n in old_map.positions]
    assert len(kept) == len(old_map.positions) and all(new_map.positions[n] == old_map.positions[n] for n in kept)
    topic_of = {u: v for u, v, _ in KnowledgeGraph.load(root / "updated").edges("IN_TOPIC")}
    arrived = [n for n in new_map.positions if n not in old_map.positions]
    assert set(arrived) == new_ids
    for n in arrived:
        x, y, r = new_map.regions[topic_of.get(n, "")]
        assert math.hypot(new_map.positions[n][0] - x, new_map.positions[n][1] - y) <= r
    assert len(set(new_map.positions.values())) == len(new_map.positions)  # no two papers on one spot
    full_before, full_after = before["full"].positions, after["full"].positions
    assert all(full_after[n] == full_before[n] for n in full_after if n in full_before)
    # the same map from the command, given the earlier page
    out = root / "again.html"
    assert run("export", "html", root / "updated", "-o", out,
               "--keep-layout-from", root / "base" / "graph.html").exit_code == 0
    assert {v: m.positions for v, m in read_earlier_maps(out).items()} == {v: m.positions for v, m in after.items()}
    missing = run("export", "html", root / "updated", "-o", root / "no.html", "--keep-layout-from", root / "gone.html")
    assert missing.exit_code == 1 and "gone.html: no such page" in missing.output
    assert len(missing.output.strip().splitlines()) == 1 and not (root / "no.html").exists()


def test_a_rebuild_lays_the_map_out_afresh(grown_with_views):
    """Without an earlier page (a build, an export) the layout is the force layout's, as before."""
    root, _ = grown_with_views
    fresh = root / "fresh.html"
    assert run("export", "html", root / "updated", "-o", fresh).exit_code == 0
    kept, laid_out = read_earlier_maps(root / "updated" / "graph.html"), read_earlier_maps(fresh)
    assert kept["papers"].positions.keys() == laid_out["papers"].positions.keys()
    assert kept["papers"].positions != laid_out["papers"].positions


def _graph(edges: list[tuple[str, str]]) -> nx.MultiDiGraph:
    nodes = sorted({n for e in edges for n in e})
    return multidigraph([(n, {"label": "Paper"}) for n in nodes],
                        [(u, v, "SIMILAR_TO", {"type": "SIMILAR_TO"}) for u, v in edges])


def test_new_nodes_go_beside_their_neighbours_and_unlinked_ones_below_the_drawing():
    chain = [(f"n{i}", f"n{i + 1}") for i in range(12)]
    graph = _graph([*chain, ("new", "n3"), ("new", "n5"), ("lone", "other")])
    earlier = EarlierMap({f"n{i}": (100.0 * i, 50.0 * (i % 2)) for i in range(13)}, {})
    pos = layout(graph, earlier=earlier)
    assert all(pos[n] == xy for n, xy in earlier.positions.items())
    middle = (300.0 + 500.0) / 2, (50.0 + 50.0) / 2
    assert math.dist(pos["new"], middle) <= 100  # a short step away from its neighbours' middle
    assert min(pos["lone"][1], pos["other"][1]) > max(y for _, y in earlier.positions.values())


def test_a_map_that_places_too_little_of_the_view_is_not_kept():
    chain = [(f"n{i}", f"n{i + 1}") for i in range(19)]
    graph = _graph(chain)
    placed = int(KEEP_SHARE * 20) - 1
    earlier = EarlierMap({f"n{i}": (float(i), 0.0) for i in range(placed)}, {})
    assert not earlier.keeps(graph)
    assert layout(graph, earlier=earlier) == layout(graph)


def test_an_unreadable_page_or_view_is_laid_out_afresh(tmp_path, grown_with_views):
    assert read_earlier_maps(tmp_path / "missing.html") == {}
    page_path = grown_with_views[0] / "base" / "graph.html"
    page, maps = page_path.read_text(encoding="utf-8"), read_earlier_maps(page_path)
    assert maps and all(m.positions for m in maps.values())
    damaged = tmp_path / "damaged.html"
    damaged.write_text(page.replace('id="graph-data-papers">{', 'id="graph-data-papers">{"x', 1), encoding="utf-8")
    assert "papers" not in read_earlier_maps(damaged) and set(read_earlier_maps(damaged)) == set(maps) - {"papers"}


def test_a_new_paper_without_a_topic_keeps_the_paper_map():
    """A page names no region for papers without a topic: one arriving (it fitted no topic) goes
    under the drawing, and the map is kept."""
    chain = [(f"n{i}", f"n{i + 1}") for i in range(9)]
    graph = _graph([*chain, ("loner", "stranger")])
    topic_of = {f"n{i}": "topic:1" for i in range(10)}
    earlier = EarlierMap({f"n{i}": (10.0 * i, 5.0) for i in range(10)}, {"topic:1": (45.0, 5.0, 80.0)})
    pos, regions = region_layout(graph, topic_of, earlier=earlier)
    assert regions == earlier.regions and all(pos[n] == xy for n, xy in earlier.positions.items())
    assert pos["loner"][1] > 5.0 + 80.0 and pos["stranger"][1] > 5.0 + 80.0 and pos["loner"] != pos["stranger"]
