"""How fast a 2,000-node / 5,000-edge HTML view is interactive in real headless Chromium, beside plain pyvis;
and a 20,000-node / 100,000-edge one with the WebGL renderer beside today's (vis-network) renderer.

    .venv/bin/python benchmarks/html_view.py [--runs 3] [--peer-timeout 90] [--skip-networkx-layout]
                                             [--large-scale 10] [--large-edges 100000] [--skip-large]
                                             [--only-large] [--baseline PATH]

Builds a synthetic knowledge graph shaped like a real one (papers with titles,
abstracts and dates; methods, benchmarks and concepts used by a few papers each,
with a long tail; topics; evidence sentences on extracted links), then measures
in the same run:

- Python: graphkb's layout and page (igraph layout), networkx's spring_layout on
  the same graph (what the layout would cost with networkx), and the same graph
  built with plain pyvis (Network.add_node/add_edge + generate_html).
- Chromium (Debian's, headless, every request blocked): for graphkb's page, the
  first drawn frame, then one real gesture after another, each as soon as the one
  before is answered: the pointer on a node until its tooltip shows, a wheel zoom
  and a drag until the frames they cause, a query typed into the search box until
  the results list shows; "interactive" is when the last is answered. For the
  pyvis page with its default physics, the time to its first drawn frame, which
  vis-network only draws once stabilisation is over.
- With `--baseline PATH` (another checkout of graphkb, e.g. `git worktree add
  /tmp/base main`), the large pages that checkout writes are measured too, in
  turns with this tree's (the machine's load moves both alike).

Times in the page are performance.now(), i.e. milliseconds since navigation start.
Results are also written to benchmarks/results/html_view.json.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
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
from offline_browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, VIEWPORT, offline_visit  # noqa: E402

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


PAGE_CLOCK = "() => performance.now()"
QUERY = "learning model"


def _frame_after(page, action) -> float:
    """Do `action` (a real mouse gesture) and wait for the frame it causes; the page clock when it is drawn."""
    page.evaluate("() => { window.__frame = new Promise(r => graphkb.nextFrame(r)); }")
    action()
    return page.evaluate("window.__frame")


def measure_graphkb(browser, path: Path, probe: str | None = None, screenshot: Path | None = None) -> dict:
    """How soon a user can work with the page, one real gesture after another as soon as each is
    answered (ms of the page clock, from navigation start): the first frame drawn; the pointer on
    `probe` (a node of the overview) until its tooltip shows; a wheel zoom until the frame it
    causes; a drag (pan) until its frame; the query typed into the search box until the results
    list shows. "Interactive" is when the last of them is answered: everything a first look
    needs (tooltips, panels and search text are parsed on first use, so this counts them)."""
    ctx, visit = offline_visit(browser, path)
    page = visit.page
    t = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit", timeout=120_000)
    page.wait_for_function("() => document.body && document.body.dataset.ready === '1'", timeout=120_000, polling=10)
    wall_ready = time.perf_counter() - t
    first_draw = page.evaluate("graphkb.timings.firstDraw")
    steps = {}
    tooltip = ""
    x, y = (page.evaluate("(id) => graphkb.screenPoint(id)", probe) if probe
            else (VIEWPORT["width"] * 0.6, VIEWPORT["height"] / 2))
    start = page.evaluate(PAGE_CLOCK)
    page.mouse.move(x, y)
    try:
        page.locator(".gk-tooltip").wait_for(state="visible", timeout=60_000)
        tooltip = page.locator(".gk-tooltip .gk-tip-title").inner_text()
        steps["hover"] = (start, page.evaluate(PAGE_CLOCK))
    except PlaywrightTimeout:
        steps["hover"] = (start, float("inf"))  # no tooltip within 60 s: reported as such
    start = page.evaluate(PAGE_CLOCK)
    steps["zoom"] = (start, _frame_after(page, lambda: page.mouse.wheel(0, -300)))

    def drag():
        page.mouse.down()
        page.mouse.move(x + 120, y + 60, steps=4)
        page.mouse.up()
    page.mouse.move(5, VIEWPORT["height"] - 5)  # off the tooltip's node: a drag from there pans
    page.mouse.move(VIEWPORT["width"] * 0.9, VIEWPORT["height"] * 0.9)
    x, y = VIEWPORT["width"] * 0.9, VIEWPORT["height"] * 0.9
    start = page.evaluate(PAGE_CLOCK)
    steps["pan"] = (start, _frame_after(page, drag))
    start = page.evaluate(PAGE_CLOCK)
    page.locator("#search").fill(QUERY)
    page.locator("#search-results").wait_for(state="visible", timeout=60_000)
    steps["search"] = (start, page.evaluate(PAGE_CLOCK))
    found = page.locator("#search-status").inner_text()
    if screenshot:  # what the user sees at the end: zoomed, panned, the search's results listed
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot))
    info = page.evaluate("""() => ({timings: graphkb.timings, renderer: graphkb.renderer,
                                     nodes: graphkb.visibleNodeIds().length})""")
    ctx.close()
    return {"renderer": info["renderer"], "first_draw_ms": first_draw,
            "interactive_ms": max(end for _, end in steps.values()),
            **{f"{name}_ms": end - begin for name, (begin, end) in steps.items()},
            "steps": {name: [begin, end] for name, (begin, end) in steps.items()},
            "wall_ready_s": wall_ready, "timings": info["timings"], "tooltip": tooltip, "search": found,
            "nodes": info["nodes"], "blocked": len(visit.requests), "errors": visit.console_errors + visit.page_errors}


def render_with(source: Path | None, graph_json: Path, options: dict, out: Path) -> dict:
    """Write the page of `graph_json` with the graphkb found in `source` (None: this tree), in a
    fresh process: {seconds, mb, nodes, edges}. A baseline is another checkout of graphkb."""
    code = (f"import sys, json, time; sys.path.insert(0, {str(source or ROOT)!r});"
            "from graphkb.graph import KnowledgeGraph; from graphkb.htmlview import HtmlOptions, render_page;"
            f"kg = KnowledgeGraph.load({str(graph_json)!r}); t = time.perf_counter();"
            f"page = render_page(kg, HtmlOptions(**{options!r})); s = time.perf_counter() - t;"
            f"open({str(out)!r}, 'w', encoding='utf-8').write(page.html);"
            "print(json.dumps({'seconds': s, 'mb': len(page.html.encode()) / 1e6, 'nodes': page.nodes,"
            " 'edges': page.edges}))")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                          cwd=str(source or ROOT))
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(label: str, r: dict) -> None:
    print(f"  {label:16} first frame {r['first_draw_ms']:6.0f}, hover {r['hover_ms']:5.0f}, zoom {r['zoom_ms']:5.0f}, "
          f"pan {r['pan_ms']:5.0f}, search {r['search_ms']:5.0f} -> interactive {r['interactive_ms']:6.0f} ms; "
          f"{r['blocked']} requests, {len(r['errors'])} console errors", flush=True)


def large_views(browser, runs: int, scale: int, n_edges: int, baseline: Path | None = None,
                renderers: tuple[str, ...] = ("webgl", "canvas")) -> dict:
    """The WebGL renderer beside today's (vis-network) on the same big graph, every node and edge drawn;
    with `baseline`, the same pages written by that checkout of graphkb too, measured in turns."""
    kg, t_graph = timed(synthetic_graph, 2, scale, n_edges)
    print(f"\nLarge graph: {len(kg):,} nodes, {kg.g.number_of_edges():,} edges (made in {t_graph:.1f} s)")
    probe = max((n for n, _ in kg.nodes("Method")), key=lambda n: (kg.g.degree(n), n))
    out: dict = {"nodes": len(kg), "edges": kg.g.number_of_edges(), "pages": {}}
    with tempfile.TemporaryDirectory() as tmp:
        graph_json = Path(tmp) / "graph.json"
        kg.save(graph_json)
        pages = {}
        for renderer in renderers:
            options = {"view": "full", "renderer": renderer, "max_nodes": len(kg), "max_edges": n_edges}
            for who, source in (("this", None), ("baseline", baseline)):
                if who == "baseline" and baseline is None:
                    continue
                path = Path(tmp) / f"{renderer}-{who}.html"
                written = render_with(source, graph_json, options, path)
                pages[f"{renderer} {who}"] = path
                out["pages"][f"{renderer} {who}"] = {**written, "runs": []}
                print(f"  {renderer} {who:8} page written in {written['seconds']:.1f} s, {written['mb']:.1f} MB "
                      f"({written['nodes']:,} nodes, {written['edges']:,} edges)", flush=True)
        for i in range(runs):  # in turns: the machine's load moves all of them alike
            for label, path in pages.items():
                shot = ARTIFACTS / f"large-{label.replace(' ', '-')}.png" if i == 0 else None
                r = measure_graphkb(browser, path, probe, shot)
                out["pages"][label]["runs"].append(r)
                _report(f"{label} {i + 1}", r)
        for label, page in out["pages"].items():
            worst = max(r["interactive_ms"] for r in page["runs"])
            print(f"  {label:16} worst of {runs}: interactive {worst:.0f} ms "
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
    parser.add_argument("--only-large", action="store_true", help="only the large graph")
    parser.add_argument("--renderers", default="webgl,canvas", help="the large graph's renderers (webgl,canvas)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout of graphkb (e.g. a git worktree of main): its large pages are "
                             "measured in turns with this tree's")
    args = parser.parse_args()
    if args.only_large:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            print(f"Chromium {browser.version}, headless, every request blocked; ms since navigation start")
            results = {"large": large_views(browser, args.runs, args.large_scale, args.large_edges, args.baseline,
                                       tuple(args.renderers.split(",")))}
            browser.close()
        _write(results)
        return

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
            _report(f"graphkb run {i + 1}", r)
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
            results["large"] = large_views(browser, args.runs, args.large_scale, args.large_edges, args.baseline,
                                       tuple(args.renderers.split(",")))
        browser.close()
    _write(results)


def _write(results: dict) -> None:
    out = ROOT / "benchmarks" / "results" / "html_view.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"\nWrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
