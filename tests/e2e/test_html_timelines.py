"""Entity timelines in the HTML view, in real headless Chromium, offline: a dated graph's methods,
benchmarks, tasks and concepts show when they were first and last seen and a sparkline of their
papers per month (inline SVG); an undated graph shows none of it."""
from __future__ import annotations

from pathlib import Path

import dated_corpus
import pytest
from cli_support import run as run_cli
from offline_browser import assert_clean

from graphkb.graph import KnowledgeGraph
from graphkb.schema import TIMELINE_LABELS


def run(*args):
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> tuple[Path, KnowledgeGraph]:
    """`graphkb build` on the dated corpus: graph.json and graph.html."""
    folder = tmp_path_factory.mktemp("dated-html")
    out = folder / "out"
    run("build", dated_corpus.write(folder), "-o", out, "-q")
    return out, KnowledgeGraph.load(out)


def show_all_nodes(visit) -> None:
    visit.page.get_by_role("tab", name="All nodes").click()
    visit.page.wait_for_function("document.body.dataset.ready === '1'")


def hover_tip(visit, node_id: str):
    """Point at a node with the mouse; the tooltip that appears. The pointer first rests on an empty
    spot of the graph (vis-network reports a hover only when the node under the pointer changes,
    and does not see the pointer leave its canvas)."""
    empty = visit.js("""() => { const r = document.getElementById('graph').getBoundingClientRect();
        for (let y = r.bottom - 3; y > r.top; y -= 17) for (let x = r.left + 3; x < r.right; x += 17)
            if (network.getNodeAt({x: x - r.left, y: y - r.top}) === undefined) return [x, y];
        return null; }""")
    visit.page.mouse.move(*empty)
    visit.page.mouse.move(*visit.js("(id) => graphkb.screenPoint(id)", node_id))
    tip = visit.page.locator(".gk-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    return tip


def bars(locator) -> list[tuple[str, int, str]]:
    """The sparkline's bars: (month, papers, class)."""
    return [(r.get_attribute("data-month"), int(r.get_attribute("data-count")), r.get_attribute("class"))
            for r in locator.locator("svg.gk-spark rect").all()]


def rows(locator) -> dict[str, str]:
    dts = locator.locator("dt").all_inner_texts()
    return dict(zip(dts, locator.locator("dd").all_inner_texts()))


def test_a_methods_tooltip_and_panel_show_first_and_last_seen_and_its_papers_per_month(dated, open_page):
    out, kg = dated
    visit = open_page(out / "graph.html")
    show_all_nodes(visit)
    months = dated_corpus.MONTHS
    grpo = dated_corpus.expected_months("GRPO")
    dates = dated_corpus.expected_dates("GRPO")
    tip = hover_tip(visit, "method:grpo")
    assert tip.locator(".gk-tip-title").inner_text() == "GRPO"
    assert rows(tip)["First seen"] == dates[0] and rows(tip)["Last seen"] == dates[-1]
    # one bar per month of the graph, each as tall as its papers
    assert [(m, n) for m, n, _ in bars(tip)] == [(m, grpo.get(m, 0)) for m in months]
    heights = [float(r.get_attribute("height")) for r in tip.locator("svg.gk-spark rect").all()]
    assert heights == sorted(heights) and heights[0] < heights[2] < heights[-1]  # GRPO rises
    assert tip.locator(".gk-spark-label").inner_text() == f"Papers per month, {months[0]} to {months[-1]}"
    visit.screenshot("timeline-tooltip")
    # the panel of the selected node shows the same
    visit.page.mouse.click(*visit.js("graphkb.screenPoint('method:grpo')"))
    details = visit.page.locator("#details")
    assert visit.js("graphkb.selectedIds()") == ["method:grpo"]
    assert [(m, n) for m, n, _ in bars(details)] == [(m, grpo.get(m, 0)) for m in months]
    assert rows(details)["First seen"] == dates[0]
    visit.screenshot("timeline-panel")
    assert_clean(visit)


def test_every_entity_with_dated_papers_has_a_sparkline_and_papers_have_none(dated, open_page):
    out, kg = dated
    visit = open_page(out / "graph.html")
    show_all_nodes(visit)
    sparks = visit.js("Object.fromEntries(graphkb.data.nodes.map(n => [n.id, n.tip.spark || null]))")
    for node, data in kg.g.nodes(data=True):
        if data["label"] in TIMELINE_LABELS:
            counts = dict(m.split(":") for m in data["papers_per_month"])
            assert sparks[node] == {"start": "2025-01",
                                    "counts": [int(counts.get(m, 0)) for m in dated_corpus.MONTHS]}, node
        else:
            assert sparks[node] is None, node
    assert sum(1 for d in kg.g.nodes.values() if d["label"] in TIMELINE_LABELS) >= 10
    paper = next(n for n, d in kg.nodes("Paper") if "date" in d)
    tip = hover_tip(visit, paper)
    assert tip.locator("svg.gk-spark").count() == 0
    assert_clean(visit)


def test_the_as_of_slider_still_works_and_fades_the_months_after_it(dated, open_page):
    out, kg = dated
    visit = open_page(out / "graph.html")
    show_all_nodes(visit)
    everything = visit.visible_node_ids()
    dates = visit.js("graphkb.data.dates")
    slider = visit.page.locator("#as-of")
    april = max(i for i, d in enumerate(dates) if d < "2025-05")
    slider.fill(str(april))
    assert visit.page.locator("#as-of-value").inner_text() == dates[april] < "2025-05"
    later_papers = {n for n, d in kg.nodes("Paper") if d.get("date", "") > dates[april] and len(d["date"]) == 10}
    shown = visit.visible_node_ids()
    assert later_papers and not (shown & later_papers) and shown < everything
    # papers without a date stay (the year-only one is drawn as of its year's first day)
    assert {n for n, d in kg.nodes("Paper") if "date" not in d} <= shown
    tip = hover_tip(visit, "method:grpo")
    faded = [m for m, _, cls in bars(tip) if "later" in cls.split()]
    assert faded == ["2025-05", "2025-06"]
    slider.fill(str(len(dates) - 1))
    assert visit.visible_node_ids() == everything
    tip = hover_tip(visit, "method:grpo")
    assert not [m for m, _, cls in bars(tip) if "later" in cls.split()]
    assert_clean(visit)


def test_the_webgl_renderer_shows_the_sparkline_too(dated, open_page):
    out, _ = dated
    page = out / "webgl.html"
    run("export", "html", out, "-o", page, "--view", "full", "--renderer", "webgl")
    visit = open_page(page)
    assert visit.js("graphkb.renderer") == "webgl"
    visit.js("graphkb.select('method:ppo')")
    ppo = dated_corpus.expected_months("PPO")
    assert [(m, n) for m, n, _ in bars(visit.page.locator("#details"))] == \
        [(m, ppo.get(m, 0)) for m in dated_corpus.MONTHS]
    assert_clean(visit)


def test_an_undated_graph_shows_no_sparkline_and_no_first_seen(samples_out, open_page, tmp_path):
    page = tmp_path / "full.html"
    run("export", "html", samples_out, "-o", page, "--view", "full")
    visit = open_page(page)
    assert visit.js("graphkb.data.nodes.filter(n => n.tip.spark).length") == 0
    tip = hover_tip(visit, "method:grpo")
    assert tip.locator(".gk-tip-title").inner_text() == "GRPO"
    assert tip.locator("svg.gk-spark").count() == 0
    assert "First seen" not in rows(tip)
    visit.js("graphkb.select('method:grpo')")
    assert visit.page.locator("#details svg.gk-spark").count() == 0
    assert visit.page.locator("#as-of").count() == 0  # no dates, no slider
    assert_clean(visit)
