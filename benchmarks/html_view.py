"""How fast a 2,000-node / 5,000-edge HTML view is interactive in real headless Chromium, beside plain pyvis;
and a 20,000-node / 100,000-edge one with the WebGL renderer beside today's (vis-network) renderer.

    .venv/bin/python benchmarks/html_view.py [--runs 3] [--peer-timeout 90] [--skip-networkx-layout]
                                             [--large-scale 10] [--large-edges 100000] [--skip-large]

Builds a synthetic knowledge graph shaped like a real one (papers with titles,
abstracts and dates; methods, benchmarks and concepts used by a few papers each,
with a long tail; topics; evidence sentences on extracted links), then measures
in the same run:

- Python: graphkb's layout and page (igraph layout), networkx's spring_layout on
  the same graph (what the layout would cost with networkx), and the same graph
  built with plain pyvis (Network.add_node/add_edge + generate_html).
- Chromium (Debian's, headless, every request blocked): for graphkb's page, the
  time from navigation start to the first drawn frame, and to the frame drawn
  after a real mouse-wheel zoom sent once the page said it was ready
  ("interactive"); for the pyvis page with its default physics, the time to its
  first drawn frame, which vis-network only draws once stabilisation is over.

Times in the page are performance.now(), i.e. milliseconds since navigation start.
Results are also written to benchmarks/results/html_view.json.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from pyvis.network import Network

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from offline_browser import CHROMIUM, LAUNCH_ARGS, VIEWPORT, offline_visit  # noqa: E402

from graphkb.graph import KnowledgeGraph  # noqa: E402
from graphkb.htmlview import HtmlOptions, render_page  # noqa: E402
from graphkb.htmlview.layout import layout  # noqa: E402

WORDS = ("learning model language reasoning agent vision diffusion policy reward benchmark data training "
         "efficient scalable robust multimodal retrieval alignment instruction graph transformer sparse "
         "expert memory planning video code math preference feedback distillation quantization").split()
COUNTS = {"Paper": 800, "Method": 600, "Benchmark": 300, "Concept": 250, "Topic": 20, "Repository": 30}
N_EDGES = 5000


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthetic_graph(seed: int = 1, scale: int = 1, n_edges: int = N_EDGES) -> KnowledgeGraph:
    """2,000 nodes and exactly 5,000 relationships (times `scale` nodes, `n_edges` relationships),
    with a long tail of rarely used entities."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    ids = {label: [] for label in COUNTS}
    for label, base in COUNTS.items():
        count = base * scale
        for i in range(count):
            node_id = f"{label.lower()}:{i}"
            ids[label].append(node_id)
            if label == "Paper":
                kg.add_node(label, node_id, title=sentence(rng, 9)[:-1], abstract=" ".join(sentence(rng, 14)
                            for _ in range(8)), date=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            arxiv_id=f"2401.{i:05d}")
            elif label == "Topic":
                kg.add_node(label, node_id, name=", ".join(rng.sample(WORDS, 3)), top_terms=rng.sample(WORDS, 8),
                            size=40)
            elif label == "Repository":
                kg.add_node(label, node_id, url=f"https://github.com/example/repo{i}")
            else:
                kg.add_node(label, node_id, name=f"{rng.choice(WORDS).title()}-{i}",
                            aliases=[sentence(rng, 3)[:-1]] if i % 3 == 0 else [])
    papers = ids["Paper"]

    def skewed(label):  # a few entities used by many papers, most by one or two
        pool = ids[label]
        return pool[min(len(pool) - 1, int(len(pool) * rng.random() ** 3))]

    def evidence():
        s = sentence(rng, 18)
        return {"sentence": s, "start": 0, "end": len(s), "rule": "cue", "field": "abstract"}

    plan = [(rel, count * scale) for rel, count in (
        ("IN_TOPIC", 800), ("HAS_CODE", 30), ("PROPOSES", 200), ("USES", 1400), ("EVALUATED_ON", 900),
        ("MENTIONS", 700), ("SHARES_METHOD", 70))]
    for i, paper in enumerate(papers):
        kg.add_edge("IN_TOPIC", paper, ids["Topic"][i % len(ids["Topic"])], weight=0.5)
    for i, repo in enumerate(ids["Repository"]):
        kg.add_edge("HAS_CODE", papers[i * 7 % len(papers)], repo, evidence=evidence())
    targets = {"PROPOSES": "Method", "USES": "Method", "EVALUATED_ON": "Benchmark", "MENTIONS": "Concept"}
    unused = {label: list(ids[label]) for label in ("Method", "Benchmark", "Concept")}
    for rel, count in plan[2:6]:
        made = 0
        while made < count:
            pool = unused[targets[rel]]  # every entity is linked at least once, as in a real graph
            p, e = rng.choice(papers), pool.pop() if pool else skewed(targets[rel])
            if not kg.g.has_edge(p, e):
                kg.add_edge(rel, p, e, evidence=evidence(), confidence=0.8)
                made += 1
    made = kg.g.number_of_edges()  # (networkx counts edges by walking them all: count here instead)
    while made < n_edges:
        a, b = sorted(rng.sample(papers, 2))
        rel = "SHARES_METHOD" if made >= n_edges - plan[6][1] else "SIMILAR_TO"
        if not kg.g.has_edge(a, b):
            made += 1
            props = {"count": 1, "names": ["X"]} if rel == "SHARES_METHOD" else {
                "score": round(rng.uniform(0.1, 0.6), 3), "shared_terms": rng.sample(WORDS, 3)}
            kg.add_edge(rel, a, b, **props)
    for label in ("Method", "Benchmark", "Concept"):
        for n in ids[label]:
            kg.g.nodes[n]["paper_count"] = max(1, kg.g.in_degree(n))
    assert kg.g.number_of_nodes() == 2000 * scale and kg.g.number_of_edges() == n_edges
    return kg


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - t


def pyvis_page(kg: KnowledgeGraph) -> str:
    """The same graph as plain pyvis would make it: default options (physics on), plain-text titles."""
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    for n, d in kg.g.nodes(data=True):
        net.add_node(n, label=str(d.get("name") or d.get("title") or n)[:40], title=str(d.get("title") or ""),
                     group=d["label"])
    for u, v, d in kg.g.edges(data=True):
        net.add_edge(u, v, title=d["type"])
    return net.generate_html()


HOOK = """(() => {  // record when the page's vis.Network is made, stabilised and first drawn
  let net; window.__bench = {};
  Object.defineProperty(window, 'network', {configurable: true, get() { return net; }, set(v) {
    net = v; window.__bench.built = performance.now();
    v.once('stabilizationIterationsDone', () => { window.__bench.stabilized = performance.now(); });
    v.once('afterDrawing', () => { window.__bench.firstDraw = performance.now(); });
  }});
})();"""


def measure_graphkb(browser, path: Path, probe: str | None = None) -> dict:
    """Navigation start to first frame, to the frame after a real wheel zoom ("interactive"), then a
    real hover (tooltip shown) on `probe` and a search, on either renderer."""
    ctx, visit = offline_visit(browser, path)
    page = visit.page
    t = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit", timeout=120_000)
    page.wait_for_function("() => document.body && document.body.dataset.ready === '1'", timeout=120_000, polling=10)
    wall_ready = time.perf_counter() - t
    # a real interaction: wheel-zoom over the graph, then wait for the frame it causes
    page.evaluate("() => { window.__zoomed = new Promise(r => graphkb.nextFrame(r)); }")
    page.mouse.move(VIEWPORT["width"] * 0.6, VIEWPORT["height"] / 2)
    page.mouse.wheel(0, -300)
    interactive = page.evaluate("window.__zoomed")
    result = page.evaluate("""() => ({timings: graphkb.timings, renderer: graphkb.renderer,
                                       nodes: graphkb.visibleNodeIds().length, edges: graphkb.data.edges.length})""")
    hover_ms = search_ms = None
    if probe:
        page.evaluate("(id) => graphkb.pick(id)", probe)  # zoomed to it, so that it is big enough to point at
        page.keyboard.press("Escape")
        page.mouse.move(5, 5)
        x, y = page.evaluate("(id) => graphkb.screenPoint(id)", probe)
        t = time.perf_counter()
        page.mouse.move(x, y)
        try:
            page.locator(".gk-tooltip").wait_for(state="visible", timeout=30_000)
            hover_ms = (time.perf_counter() - t) * 1000
        except PlaywrightTimeout:
            hover_ms = float("inf")  # no tooltip within 30 s: reported as such
        search_ms = page.evaluate("() => { const t = performance.now(); graphkb.search('learning model'); "
                                  "return performance.now() - t; }")
    ctx.close()
    return {"renderer": result["renderer"], "first_draw_ms": result["timings"]["firstDraw"],
            "interactive_ms": interactive, "built_ms": result["timings"]["networkBuilt"], "wall_ready_s": wall_ready,
            "hover_ms": hover_ms, "search_ms": search_ms,
            "nodes": result["nodes"], "edges": result["edges"], "blocked": len(visit.requests),
            "errors": visit.console_errors + visit.page_errors}


def large_views(browser, runs: int, scale: int, n_edges: int) -> dict:
    """The WebGL renderer beside today's (vis-network) on the same big graph, every node and edge drawn."""
    kg, t_graph = timed(synthetic_graph, 2, scale, n_edges)
    print(f"\nLarge graph: {len(kg):,} nodes, {kg.g.number_of_edges():,} edges (made in {t_graph:.1f} s)")
    probe = max((n for n, _ in kg.nodes("Method")), key=lambda n: (kg.g.degree(n), n))
    out: dict = {"nodes": len(kg), "edges": kg.g.number_of_edges()}
    with tempfile.TemporaryDirectory() as tmp:
        for renderer in ("webgl", "canvas"):
            options = HtmlOptions(view="full", renderer=renderer, max_nodes=len(kg), max_edges=n_edges)
            page, t_page = timed(render_page, kg, options)
            path = Path(tmp) / f"{renderer}.html"
            path.write_text(page.html, encoding="utf-8")
            print(f"  {renderer:6} page written in {t_page:.1f} s, {len(page.html) / 1e6:.1f} MB "
                  f"({page.nodes:,} nodes, {page.edges:,} edges)")
            measured = [measure_graphkb(browser, path, probe) for _ in range(runs)]
            for i, r in enumerate(measured):
                print(f"  {renderer:6} run {i + 1}: first frame {r['first_draw_ms']:6.0f} ms, interactive "
                      f"{r['interactive_ms']:6.0f} ms, hover tooltip {r['hover_ms']:5.0f} ms, search "
                      f"{r['search_ms']:5.0f} ms; {r['blocked']} requests, {len(r['errors'])} console errors")
            out[renderer] = {"page_s": t_page, "page_mb": len(page.html) / 1e6, "runs": measured}
        worst = max(r["interactive_ms"] for r in out["webgl"]["runs"])
        print(f"  webgl worst of {runs}: interactive {worst:.0f} ms "
              f"({'within' if worst <= 3000 else 'OVER'} the 3 s target)")
    return out


def measure_pyvis(browser, path: Path, timeout_s: float) -> dict:
    ctx, visit = offline_visit(browser, path, HOOK)
    page = visit.page
    t = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit", timeout=int(timeout_s * 1000))
    try:
        page.wait_for_function("() => window.__bench && window.__bench.firstDraw", timeout=int(timeout_s * 1000))
        drawn = page.evaluate("window.__bench")
    except Exception:  # noqa: BLE001  (Playwright's timeout: report it as such)
        drawn = page.evaluate("window.__bench") or {}
        drawn["timed_out_after_s"] = timeout_s
    drawn["wall_s"] = time.perf_counter() - t
    drawn["nodes"] = page.evaluate("window.network ? network.body.data.nodes.length : 0")
    ctx.close()
    return {**drawn, "blocked": len(visit.requests), "errors": len(visit.console_errors + visit.page_errors)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-timeout", type=float, default=90.0,
                        help="seconds to wait for the pyvis page's first frame")
    parser.add_argument("--skip-networkx-layout", action="store_true")
    parser.add_argument("--large-scale", type=int, default=10,
                        help="the large graph has 2,000 x this many nodes (default: 20,000)")
    parser.add_argument("--large-edges", type=int, default=100_000)
    parser.add_argument("--skip-large", action="store_true", help="only the 2,000-node comparison")
    args = parser.parse_args()

    kg, t_graph = timed(synthetic_graph)
    print(f"graph: {len(kg):,} nodes, {kg.g.number_of_edges():,} edges (made in {t_graph:.2f} s)")
    results: dict = {"nodes": len(kg), "edges": kg.g.number_of_edges()}
    _, t_layout = timed(layout, kg.g)
    page, t_page = timed(render_page, kg, HtmlOptions(view="full", renderer="canvas", max_nodes=len(kg)))
    results["python"] = {"graphkb_layout_s": t_layout, "graphkb_page_s": t_page}
    print("\nPython side")
    print(f"  graphkb layout (igraph Fruchterman-Reingold)  {t_layout:7.2f} s")
    print(f"  graphkb page (layout + items + HTML)          {t_page:7.2f} s   {len(page.html) / 1e6:.1f} MB")
    if not args.skip_networkx_layout:
        _, t_nx = timed(nx.spring_layout, nx.Graph(kg.g), seed=1)
        results["python"]["networkx_spring_layout_s"] = t_nx
        print(f"  networkx spring_layout, same graph (peer)     {t_nx:7.2f} s")
    peer_html, t_peer = timed(pyvis_page, kg)
    results["python"]["pyvis_build_s"] = t_peer
    print(f"  plain pyvis add_node/add_edge + generate_html {t_peer:7.2f} s   {len(peer_html) / 1e6:.1f} MB")

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        ours = Path(tmp) / "graphkb.html"
        ours.write_text(page.html, encoding="utf-8")
        peer = Path(tmp) / "pyvis.html"
        peer.write_text(peer_html, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        print(f"\nChromium {browser.version}, headless, every request blocked; ms since navigation start")
        runs = [measure_graphkb(browser, ours) for _ in range(args.runs)]
        for i, r in enumerate(runs):
            print(f"  graphkb run {i + 1}: first frame {r['first_draw_ms']:6.0f} ms, interactive "
                  f"(zoom redrawn) {r['interactive_ms']:6.0f} ms; {r['nodes']:,} nodes drawn, "
                  f"{r['blocked']} requests, {len(r['errors'])} console errors")
        worst = max(r["interactive_ms"] for r in runs)
        print(f"  graphkb worst of {len(runs)}: interactive {worst:.0f} ms "
              f"({'within' if worst <= 3000 else 'OVER'} the 3 s target)")
        peer_run = measure_pyvis(browser, peer, args.peer_timeout)
        if "timed_out_after_s" in peer_run:
            print(f"  plain pyvis (physics on): no frame after {args.peer_timeout:.0f} s "
                  f"(still stabilising); {peer_run['blocked']} CDN requests blocked")
        else:
            print(f"  plain pyvis (physics on): first frame {peer_run['firstDraw']:6.0f} ms "
                  f"(stabilised {peer_run.get('stabilized', float('nan')):.0f} ms); "
                  f"{peer_run['blocked']} CDN requests blocked, {peer_run['errors']} console errors")
        results["chromium"] = {"graphkb": runs, "pyvis_physics": peer_run}
        if not args.skip_large:
            results["large"] = large_views(browser, args.runs, args.large_scale, args.large_edges)
        browser.close()
    out = ROOT / "benchmarks" / "results" / "html_view.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nWrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
