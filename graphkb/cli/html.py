"""`graphkb export html OUT -o FILE [--view ...] [--focus ...] [--depth N] [--max-nodes N] [--max-edges N]`."""
from __future__ import annotations

from pathlib import Path

import click

from ..export.html import write_html
from ..htmlview import HtmlOptions
from ..htmlview.views import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, RENDERERS, VIEWS, WEBGL_MAX_NODES
from .common import load_graph, reports_errors
from .export import export

VIEW_HELP = "; ".join(f"{spec.name}: {spec.description}" for spec in VIEWS.values())


@export.command(name="html")
@click.argument("out", type=click.Path(exists=True))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--view", type=click.Choice(list(VIEWS)), default=None,
              help=f"What to draw [default: the paper map with the full graph a tab away, or focus with --focus]. "
                   f"{VIEW_HELP}.")
@click.option("--focus", metavar="NAME_OR_ID",
              help="The focus view's centre: a node id, or a name, alias or title (a part of one if unique).")
@click.option("--depth", type=click.IntRange(min=1), default=2, show_default=True,
              help="Focus view: how many steps around the centre.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=DEFAULT_MAX_NODES, show_default=True,
              help="With --renderer canvas, draw at most this many nodes, keeping the most connected (the page "
                   "says what was left out); with auto, a bigger view is drawn with WebGL.")
@click.option("--max-edges", type=click.IntRange(min=0), default=DEFAULT_MAX_EDGES, show_default=True,
              help="Draw at most this many edges between them, keeping the strongest of each type.")
@click.option("--renderer", type=click.Choice(RENDERERS), default="auto", show_default=True,
              help=f"canvas: vis-network; webgl: sigma.js, for big graphs (up to {WEBGL_MAX_NODES:,} nodes); "
                   "auto: webgl for a view with more than --max-nodes nodes, which it then draws whole.")
@reports_errors
def html(out, output, view, focus, depth, max_nodes, max_edges, renderer):
    """Interactive HTML view that works offline: search, legend, filters, neighbourhood highlight."""
    if focus and view not in (None, "focus"):
        raise click.UsageError(f"--focus goes with --view focus, not --view {view}")
    options = HtmlOptions(view=view or ("focus" if focus else None), focus=focus, depth=depth,
                          max_nodes=max_nodes, max_edges=max_edges, renderer=renderer)
    page = write_html(load_graph(out), Path(output), options)
    went = ([f"{page.omitted.nodes:,} less connected nodes"] if page.omitted else []) + \
        ([f"{page.weak_edges:,} weaker edges"] if page.weak_edges else [])
    left_out = f"; left out {' and '.join(went)}" if went else ""
    tabs = f" (and {', '.join(page.views[1:])} a tab away)" if len(page.views) > 1 else ""
    click.echo(f"Wrote {output}: {page.view} view, {page.nodes:,} nodes, {page.edges:,} edges{left_out}{tabs}",
               err=True)


def register(main: click.Group) -> None:
    """The command lives in the `export` group, which cli/export.py adds to `main`."""
