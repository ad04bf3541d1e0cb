"""The views of the HTML page: which nodes and edges each one draws, in a small registry."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx

from ..errors import GraphkbError
from ..graph import KnowledgeGraph, edge_list, induced_subgraph
from .focus import resolve_focus

PAPER_LINKS = ("SIMILAR_TO", "SHARES_METHOD", "SHARES_BENCHMARK", "BUILDS_ON", "CITES")
# the methods view links a method and a benchmark when a paper has both
SAME_PAPER = "SAME_PAPER"
METHOD_EDGES = {("PROPOSES", "Method"), ("USES", "Method")}
BENCHMARK_EDGES = {("PROPOSES", "Benchmark"), ("EVALUATED_ON", "Benchmark")}
DEFAULT_MAX_NODES = 1500
DEFAULT_MAX_EDGES = 10_000
# the WebGL renderer (sigma.js) draws views bigger than --max-nodes, within these budgets
WEBGL_MAX_NODES = 25_000
WEBGL_MAX_EDGES = 100_000
RENDERERS = ("auto", "canvas", "webgl")
# what a page shows when no --view is given: the paper map first, the full graph behind a tab
DEFAULT_VIEWS = ("papers", "full")


@dataclass(frozen=True)
class HtmlOptions:
    """What `graphkb export html` draws: a view, its focus node and depth, node and edge budgets."""

    view: str | None = None  # None: the paper map, with the full graph one click away (DEFAULT_VIEWS)
    focus: str | None = None
    depth: int = 2
    max_nodes: int = DEFAULT_MAX_NODES
    max_edges: int = DEFAULT_MAX_EDGES
    renderer: str = "auto"  # canvas (vis-network), webgl (sigma.js), or auto: webgl above max_nodes
    keep_layout_from: str | None = None  # an earlier page whose map each view keeps (earlier.py)


@dataclass(frozen=True)
class View:
    """The nodes and edges one view draws (attributes as in the KnowledgeGraph), as lists, not
    a graph: the paper map of 100,000 papers has about a million links, of which the page draws
    at most WEBGL_MAX_EDGES, so only what is kept becomes a graph (page.render_view)."""

    name: str
    heading: str
    nodes: list  # (id, data), in the graph's order
    edges: list  # (u, v, key, data), in the order multidigraph(nodes, edges) lists them
    colour_by: str = "label"  # or "topic": papers coloured by their topic
    regions: bool = False  # papers laid out in one labelled region per topic (the paper map)
    focus: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # what the view leaves out by design


@dataclass(frozen=True)
class ViewSpec:
    name: str
    description: str
    select: Callable[[KnowledgeGraph, HtmlOptions], View]


def _parts(graph: nx.MultiDiGraph) -> tuple[list, list]:
    """A graph's nodes and edges, as a View holds them."""
    return list(graph.nodes(data=True)), edge_list(graph)


def full_view(kg: KnowledgeGraph, options: HtmlOptions) -> View:
    return View("full", "All nodes", *_parts(kg.g))


def papers_view(kg: KnowledgeGraph, options: HtmlOptions) -> View:
    links = edge_list(kg.g, PAPER_LINKS)  # all between papers, in the graph's order
    return View("papers", "Paper map", list(kg.nodes("Paper")), links, colour_by="topic", regions=True)


def methods_view(kg: KnowledgeGraph, options: HtmlOptions) -> View:
    """Methods and benchmarks, linked when papers use the method and evaluate on the benchmark;
    and a method to the family it is a variant of (VARIANT_OF), when both are drawn."""
    methods, benchmarks = defaultdict(set), defaultdict(set)
    for u, v, d in kg.g.edges(data=True):
        kind = (d.get("type"), kg.g.nodes[v].get("label"))
        if kind in METHOD_EDGES:
            methods[u].add(v)
        elif kind in BENCHMARK_EDGES:
            benchmarks[u].add(v)
    pair_papers = defaultdict(list)
    for paper in sorted(methods.keys() & benchmarks.keys()):
        for m in methods[paper]:
            for b in benchmarks[paper]:
                pair_papers[m, b].append(paper)
    g = nx.MultiDiGraph()
    for (m, b), papers in sorted(pair_papers.items()):
        g.add_node(m, **kg.g.nodes[m])
        g.add_node(b, **kg.g.nodes[b])
        g.add_edge(m, b, key=SAME_PAPER, type=SAME_PAPER, count=len(papers), papers=papers)
    g.add_edges_from((u, v, "VARIANT_OF", d) for u, v, d in kg.edges("VARIANT_OF") if u in g and v in g)
    left_out = Counter(d.get("label") for n, d in kg.g.nodes(data=True)
                       if d.get("label") in ("Method", "Benchmark") and n not in g)
    notes = ()
    if left_out:
        notes = (f"{left_out['Method']:,} methods and {left_out['Benchmark']:,} benchmarks that share "
                 f"no paper with a benchmark or method are not drawn.",)
    return View("methods", "Methods and benchmarks", *_parts(g), notes=notes)


def focus_view(kg: KnowledgeGraph, options: HtmlOptions) -> View:
    """Everything within `depth` steps of one node, in either direction (networkx's ego graph,
    in the graph's own order)."""
    if not options.focus:
        raise GraphkbError("the focus view needs --focus NAME_OR_ID")
    if options.depth < 1:
        raise GraphkbError(f"--depth must be at least 1, not {options.depth}")
    centre = resolve_focus(kg, options.focus)
    within = nx.single_source_shortest_path_length(kg.g.to_undirected(as_view=True), centre, cutoff=options.depth)
    g = induced_subgraph(kg.g, within)
    d = kg.g.nodes[centre]
    name = d.get("name") or d.get("title") or centre
    steps = "step" if options.depth == 1 else "steps"
    return View("focus", f"{name}: {options.depth} {steps} around", *_parts(g), focus=(centre,))


VIEWS: dict[str, ViewSpec] = {spec.name: spec for spec in (
    ViewSpec("full", "every node and relationship", full_view),
    ViewSpec("papers", "the paper map: papers in one labelled region per topic, linked by similarity, "
             "shared methods/benchmarks, BUILDS_ON and CITES",
             papers_view),
    ViewSpec("methods", "methods and benchmarks, linked when papers use both (and variants to their family)",
             methods_view),
    ViewSpec("focus", "the neighbourhood of one paper, method or benchmark (--focus, --depth)", focus_view),
)}


def uses_webgl(view: View, options: HtmlOptions) -> bool:
    """Whether a view is drawn with WebGL: when asked to, or (auto) when it has more than --max-nodes nodes."""
    if options.renderer not in RENDERERS:
        raise GraphkbError(f"unknown renderer {options.renderer!r} (choose from {', '.join(RENDERERS)})")
    return options.renderer == "webgl" or (options.renderer == "auto"
                                           and len(view.nodes) > options.max_nodes)


def view_names(kg: KnowledgeGraph, options: HtmlOptions) -> tuple[str, ...]:
    """The views one page holds: the one asked for, else the paper map and the full graph
    (only the full graph when there are no papers to map)."""
    if options.view is not None:
        return (options.view,)
    if options.focus:
        return ("focus",)
    if kg.node_counts().get("Paper"):
        return DEFAULT_VIEWS
    return ("full",)


def select_view(kg: KnowledgeGraph, options: HtmlOptions, name: str | None = None) -> View:
    name = name or view_names(kg, options)[0]
    try:
        spec = VIEWS[name]
    except KeyError:
        raise GraphkbError(f"unknown view {name!r} (choose from {', '.join(VIEWS)})") from None
    return spec.select(kg, options)
