#!/usr/bin/env python3
"""The HTML view's layouts by number of steps: time and quality, on a build's own views.

    python benchmarks/layout_steps.py OUT/ [--steps 500 page 100] [--min-nodes 50]

Renders OUT's two default views as the page does (trimmed, then laid out), keeping each graph
the layout gets: the paper map's regions (each topic's papers and their links, `region_layout`)
and the full view's connected core (`layout`). Each is laid out again with each number of
Fruchterman-Reingold steps: the first is the peer, igraph's default 500; `page` is what the page
takes (`layout.region_iterations`, `layout.core_iterations`). A region is then spread over its
disc as the map does (`_even_disc`). Quality: of each node's linked nodes, the share that are
among its nearest on the drawing (as many as it has links), averaged over the nodes of graphs
of more than `--min-nodes` nodes, weighted by size; beside it the same share for random places.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.spatial import cKDTree

from graphkb.graph import KnowledgeGraph
from graphkb.htmlview import HtmlOptions, layout
from graphkb.htmlview.page import render_view


def laid_out_graphs(out: str) -> dict[str, list]:
    """The graphs the page lays out for OUT: the regions of the paper map, the core of the full view."""
    kept: dict[str, list] = {"regions": [], "core": []}
    force_directed = layout.force_directed
    view = ""

    def keep(g, seed, iterations=layout.FULL_RUN_ITERATIONS):
        if view == "full":
            kept["core"].append(g.copy())
        elif not any(n == "" or str(n).startswith("topic:") for n in g):  # not the graph of the regions
            kept["regions"].append(g.copy())
        return force_directed(g, seed, iterations)
    layout.force_directed = keep
    try:
        kg = KnowledgeGraph.load(out)
        for view in ("papers", "full"):
            render_view(kg, HtmlOptions(), view)
    finally:
        layout.force_directed = force_directed
    return {name: [g for g in graphs if g.number_of_nodes() > 1] for name, graphs in kept.items()}


def kept_neighbours(xy: np.ndarray, nodes: list, g) -> float:
    """Of each node's linked nodes, the mean share among its nearest on the drawing."""
    at = {n: i for i, n in enumerate(nodes)}
    tree, shares = cKDTree(xy), []
    for n in nodes:
        linked = {at[m] for m in g[n]}
        if linked:
            _, nearest = tree.query(xy[at[n]], k=min(len(linked) + 1, len(nodes)))
            shares.append(len(linked & (set(np.atleast_1d(nearest).tolist()) - {at[n]})) / len(linked))
    return float(np.mean(shares)) if shares else float("nan")


def measure(name: str, graphs: list, steps_for, spread, args) -> None:
    print(f"{name}: {len(graphs)} graphs, {sum(g.number_of_nodes() for g in graphs):,} nodes, "
          f"{sum(g.number_of_edges() for g in graphs):,} links")
    for steps in args.steps:
        rng = np.random.default_rng(0)
        seconds, shares, sizes, random_shares = 0.0, [], [], []
        for g in graphs:
            t = time.perf_counter()
            pos = layout.force_directed(g, 7, steps_for(len(g)) if steps == "page" else int(steps))
            seconds += time.perf_counter() - t
            if g.number_of_nodes() > args.min_nodes and g.number_of_edges():
                pos = spread(pos)
                nodes = sorted(pos, key=str)  # one order whatever the steps, so the random places are the same
                shares.append(kept_neighbours(np.array([pos[n] for n in nodes]), nodes, g))
                random_shares.append(kept_neighbours(rng.uniform(size=(len(nodes), 2)), nodes, g))
                sizes.append(len(nodes))
        quality = (f"linked nodes kept among the nearest {np.average(shares, weights=sizes):.3f} "
                   f"(random places {np.average(random_shares, weights=sizes):.3f})" if sizes
                   else f"no graph of more than {args.min_nodes} nodes")
        print(f"  {steps:>5} steps: {seconds:6.2f} s, {quality}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="a build folder")
    ap.add_argument("--steps", nargs="+", default=["500", "page", "100"])
    ap.add_argument("--min-nodes", type=int, default=50, help="the smallest graph whose quality counts")
    args = ap.parse_args()
    graphs = laid_out_graphs(args.out)
    measure("paper map, inside the regions", graphs["regions"], layout.region_iterations,
            lambda pos: layout._even_disc(pos, 100.0), args)
    measure("full view, its connected core", graphs["core"], layout.core_iterations, lambda pos: pos, args)


if __name__ == "__main__":
    main()
