"""The interactive HTML view (vis-network from pyvis, or sigma.js WebGL for big views), one offline file."""
from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..errors import GraphkbError
from ..fileio import atomic_writer
from ..graph import KnowledgeGraph
from ..htmlview import HtmlOptions, render_page
from ..htmlview.earlier import KEEP_SHARE
from ..htmlview.page import Page
from ..htmlview.views import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, RENDERERS, VIEWS, WEBGL_MAX_NODES
from .registry import Exporter, Option, register


def write_html(graph: KnowledgeGraph, path: Path, options: HtmlOptions = HtmlOptions()) -> Page:
    """Render one view and write it atomically; returns what the page shows."""
    page = render_page(graph, options)
    with atomic_writer(path) as fh:
        page.write(fh)
    return page


def describe(page: Page) -> str:
    """What a page shows, in a line: its view, counts, and what was left out."""
    went = ([f"{page.omitted.nodes:,} less connected nodes"] if page.omitted else []) + \
        ([f"{page.weak_edges:,} weaker edges"] if page.weak_edges else [])
    left_out = f"; left out {' and '.join(went)}" if went else ""
    tabs = f" (and {', '.join(page.views[1:])} a tab away)" if len(page.views) > 1 else ""
    return f"{page.view} view, {page.nodes:,} nodes, {page.edges:,} edges{left_out}{tabs}"


def write(graph: KnowledgeGraph, out: TextIO, view: str | None = None, focus: str | None = None,
          depth: int = 2, max_nodes: int = DEFAULT_MAX_NODES, max_edges: int = DEFAULT_MAX_EDGES,
          renderer: str = "auto", keep_layout_from: str | None = None) -> str:
    if focus and view not in (None, "focus"):
        raise GraphkbError(f"--focus goes with --view focus, not --view {view}")
    if keep_layout_from and not Path(keep_layout_from).is_file():
        raise GraphkbError(f"{keep_layout_from}: no such page, whose map --keep-layout-from would keep")
    options = HtmlOptions(view=view or ("focus" if focus else None), focus=focus, depth=depth,
                          max_nodes=max_nodes, max_edges=max_edges, renderer=renderer,
                          keep_layout_from=keep_layout_from)
    page = render_page(graph, options)
    page.write(out)
    return describe(page)


_VIEW_HELP = "; ".join(f"{spec.name}: {spec.description}" for spec in VIEWS.values())

EXPORTER = register(Exporter(
    "html", "graph.html", write,
    "Interactive HTML view that works offline: the paper map, the full graph a tab away",
    options=(
        Option("view", tuple(VIEWS), None, "What to draw [default: the paper map with the full graph a tab away, "
                                           f"or focus with --focus]. {_VIEW_HELP}."),
        Option("focus", str, None, "The focus view's centre: a node id, or a name, alias or title "
                                   "(a part of one if unique).", metavar="NAME_OR_ID"),
        Option("depth", int, 2, "Focus view: how many steps around the centre.", minimum=1),
        Option("max_nodes", int, DEFAULT_MAX_NODES, "With --renderer canvas, draw at most this many nodes, keeping "
                                                   "the most connected (the page says what was left out); with "
                                                   "auto, a bigger view is drawn with WebGL.", minimum=1),
        Option("max_edges", int, DEFAULT_MAX_EDGES, "Draw at most this many edges between them, keeping the "
                                                   "strongest of each type.", minimum=0),
        Option("renderer", RENDERERS, "auto", f"canvas: vis-network; webgl: sigma.js, for big graphs (up to "
                                              f"{WEBGL_MAX_NODES:,} nodes); auto: webgl for a view with more than "
                                              "--max-nodes nodes, which it then draws whole."),
        Option("keep_layout_from", str, None, "An earlier page of this graph whose map to keep: what it drew stays "
                                              "where it was, new nodes go beside their neighbours (for a view of "
                                              f"which it drew at least {KEEP_SHARE:.0%}; `graphkb update` does this).",
               metavar="PAGE"),
    ), in_build=True, write_cost=5.0))  # 10k papers: 18.9 s, 100k 44.9 s (graph.json 3.8 s, 21.3 s)
