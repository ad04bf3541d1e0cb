"""Render the page: the view's items, legend and filters into static/page.html with the assets inlined."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TextIO

import jinja2
from markupsafe import Markup

from .. import __version__
from ..graph import KnowledgeGraph, drop_views, multidigraph
from ..memory import gc_paused
from .assets import load_assets
from .earlier import EarlierMap, read_earlier_maps
from .items import ItemBuilder, ItemTexts
from .labels import DRAW_THRESHOLD, MAX_PLACED, MAX_VISIBLE, NODE_SIZES, place_labels
from .layout import layout, region_layout
from .pack import PageTexts, pack_view
from .trim import Omitted, keep_most_connected, keep_strongest_edges
from .views import WEBGL_MAX_EDGES, WEBGL_MAX_NODES, HtmlOptions, select_view, uses_webgl, view_names


@dataclass(frozen=True)
class Page:
    """A rendered page and what its first view shows (`views`: every view the page holds).

    It keeps what goes into the page, not its text: `write` streams the text into a file (at
    20,000 papers the whole text took a quarter of a gigabyte beside the views it is made of)."""

    view: str
    nodes: int
    edges: int
    omitted: Omitted  # nodes over the node budget, and their edges
    weak_edges: int = 0  # edges over the edge budget
    views: tuple[str, ...] = ()
    content: dict = field(default_factory=dict, repr=False)  # the page template's variables

    def write(self, fh: TextIO) -> None:
        for chunk in _template().generate(**self.content):
            fh.write(chunk)

    @property
    def html(self) -> str:
        """The page's text, whole."""
        return _template().render(**self.content)


@dataclass(frozen=True)
class ViewPage:
    """One view's panel: its template context, which holds the view's drawing as JSON text
    (`payload`, parsed at once; its items' texts are the page's, PageTexts). Made text as soon as
    the view is, it takes a tenth of the memory of the lists it is made from (at 10,000 papers the
    paper map's lists took 0.38 GB while the next view was made)."""

    name: str
    tab: str
    context: dict
    omitted: Omitted
    weak_edges: int


TABS = {"papers": "Paper map", "full": "All nodes", "methods": "Methods", "focus": "Focus"}
MAP_LABELS = 20  # paper titles shown on the map at the overview zoom, beside the topic names


def vis_options(n_nodes: int) -> dict:
    """vis-network options: positions come from Python, so physics is off and edges are straight."""
    big = n_nodes > 600
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": {
            "borderWidth": 1,
            "font": {"face": "system-ui, -apple-system, Segoe UI, sans-serif", "color": "#222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            # size by `value`; each label's font is set by labels.place_labels, and a label is
            # only drawn once it is big enough on screen: zooming in reveals the rest
            "scaling": {"min": NODE_SIZES[0], "max": NODE_SIZES[1],
                        "label": {"enabled": False, "maxVisible": MAX_VISIBLE, "drawThreshold": DRAW_THRESHOLD}},
        },
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.8,
                  "arrows": {"to": {"enabled": False, "scaleFactor": 0.45}}},
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True,
                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
    }


def _json_for_script(value) -> Markup:
    """JSON that cannot end the <script> element it sits in (every <, >, & is a \\u escape)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def omitted_note(omitted: Omitted, max_nodes: int) -> str:
    if not omitted:
        return ""
    parts = ", ".join(f"{n:,} {label}" for label, n in omitted.by_label)
    return (f"Showing the {omitted.total_nodes - omitted.nodes:,} most connected of {omitted.total_nodes:,} nodes "
            f"(--max-nodes {max_nodes:,}): left out {omitted.nodes:,} nodes ({parts}) "
            f"and their {omitted.edges:,} edges.")


def weak_edges_note(dropped: int, kept: int, max_edges: int) -> str:
    if not dropped:
        return ""
    return (f"Showing the {kept:,} strongest of {kept + dropped:,} edges between them "
            f"(--max-edges {max_edges:,}; strength ranked within each relationship type).")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.PackageLoader("graphkb.htmlview", "static"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    return env.get_template("page.html")


def render_view(kg: KnowledgeGraph, options: HtmlOptions, name: str, texts: ItemTexts | None = None,
                earlier: EarlierMap | None = None, page_texts: PageTexts | None = None) -> ViewPage:
    """One view: trimmed to the budgets, laid out, its items, legend and filters (`texts`: the page's
    tooltips and panels, shared by its views; `earlier`: the view's map on an earlier page, kept
    where it places enough of the view; `page_texts`: the page's texts, which its items' join)."""
    view = select_view(kg, options, name)
    webgl = uses_webgl(view, options)
    max_nodes, max_edges = (WEBGL_MAX_NODES, WEBGL_MAX_EDGES) if webgl else (options.max_nodes, options.max_edges)
    nodes, edges, omitted = keep_most_connected(view.nodes, view.edges, max_nodes, always=view.focus)
    edges, weak_edges = keep_strongest_edges(nodes, edges, max_edges)
    graph = multidigraph(nodes, edges)
    view = replace(view, nodes=[], edges=[])  # the whole view's lists go: only what is drawn stays
    del nodes, edges
    builder = ItemBuilder(kg, view, graph, texts)
    if view.regions:
        positions, region_xy = region_layout(graph, builder.topic_of, earlier=earlier)
        regions = builder.regions(region_xy)
    else:
        positions, regions = layout(graph, earlier=earlier), []
    nodes = builder.nodes(positions)
    place_labels(nodes, builder.label_priority(nodes), regions, MAP_LABELS if view.regions else MAX_PLACED)
    edges = builder.edges()
    scores = [e["score"] for e in edges if "score" in e]
    topics = builder.topics()
    notes = [*view.notes, omitted_note(omitted, max_nodes),
             weak_edges_note(weak_edges, graph.number_of_edges(), max_edges)]
    drawing = pack_view(nodes, edges, [t["id"] for t in topics])
    (page_texts or PageTexts()).add_view(drawing, builder.node_texts(nodes), builder.edge_texts(edges))
    dates = drawing["dates"]
    at = {n["id"]: i for i, n in enumerate(nodes)}
    payload = {"view": view.name, "renderer": "webgl" if webgl else "canvas", "focus": [at[n] for n in view.focus],
               **drawing, "edge_styles": builder.edge_styles(edges), "regions": regions}
    if not webgl:
        payload["options"] = vis_options(len(nodes))
    context = {
        "renderer": payload["renderer"], "name": view.name, "heading": view.heading,
        "n_nodes": len(nodes), "n_edges": len(edges),
        "notes": [n for n in notes if n], "legend": builder.legend(), "edge_legend": builder.edge_legend(),
        "topics": topics, "colour_by": view.colour_by,
        "max_score": math.ceil(max(scores) * 100) / 100 if scores else None,
        "date_min": dates[0] if dates else None, "date_max": dates[-1] if dates else None, "n_dates": len(dates)}
    context.update(payload=_json_for_script(payload))
    drop_views(graph)  # the view's graph goes when this call returns (see drop_views)
    return ViewPage(view.name, TABS.get(view.name, view.heading), context, omitted, weak_edges)


@gc_paused()
def render_page(kg: KnowledgeGraph, options: HtmlOptions = HtmlOptions()) -> Page:
    """The whole offline page: its views (the first one shown, the others a tab away).

    The collector is paused as in a build (outdir.write_build): a page's millions of small items hold
    no cycles, and its passes over them and a big graph took half the time of `graphkb export html`."""
    texts = ItemTexts(kg)
    earlier = read_earlier_maps(options.keep_layout_from) if options.keep_layout_from else {}
    names = view_names(kg, options)

    page_texts = PageTexts()
    views = [render_view(kg, options, name, texts, earlier.get(name), page_texts) for name in names]
    earlier.clear()
    del texts  # what the views' texts were made from (their indexes of the graph)
    blocks = page_texts.blocks()  # each made text before the next is made
    tips, details, search = (_json_for_script(next(blocks)) for _ in range(3))
    del page_texts, blocks
    first = views[0]
    assets = load_assets()
    renderers = {v.context["renderer"] for v in views}
    content = dict(
        title=f"graphkb · {first.context['heading']}", version=__version__, views=views,
        vis_js=Markup(assets.vis_js) if "canvas" in renderers else None,
        vis_css=Markup(assets.vis_css) if "canvas" in renderers else None,
        webgl_js=Markup(assets.webgl_js) if "webgl" in renderers else None,
        view_js=Markup(assets.view_js), view_css=Markup(assets.view_css),
        tips=tips, details=details, search=search)
    return Page(view=first.name, nodes=first.context["n_nodes"], edges=first.context["n_edges"],
                omitted=first.omitted, weak_edges=first.weak_edges, views=tuple(v.name for v in views),
                content=content)
