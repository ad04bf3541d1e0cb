#!/usr/bin/env python3
"""The paper map's layout inside each topic's region: time and quality by number of steps.

    python benchmarks/region_layout.py OUT/ [--iterations 500 map 100] [--min-papers 50]

Renders OUT's paper map as the HTML view does (trimmed, then `region_layout`), keeping the
graph of each region's papers it lays out. Each region is then laid out again with each number
of Fruchterman-Reingold steps (the first is the peer: igraph's default, 500; `map` is what the
map takes, `layout.region_iterations`) and spread over its disc as the map does (`_even_disc`).
Quality: of each paper's linked papers, the share that are among its nearest papers on the map
(as many as it has links), averaged over the papers of regions of more than `--min-papers` (50)
papers, weighted by size; beside it the same share for random positions.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.spatial import cKDTree

from graphkb.graph import KnowledgeGraph
from graphkb.htmlview import HtmlOptions, layout
from graphkb.htmlview.page import render_view


def region_graphs(out: str) -> list:
    """The graphs `region_layout` lays out inside the regions of OUT's paper map."""
    kept, force_directed = [], layout.force_directed

    def keep(g, seed, iterations=500):
        if not any(n == "" or str(n).startswith("topic:") for n in g):  # not the graph of the regions
            kept.append(g.copy())
        return force_directed(g, seed, iterations)
    layout.force_directed = keep
    try:
        render_view(KnowledgeGraph.load(out), HtmlOptions(), "papers")
    finally:
        layout.force_directed = force_directed
    return [g for g in kept if g.number_of_nodes() > 1]


def kept_neighbours(xy: np.ndarray, nodes: list, g) -> float:
    """Of each node's linked nodes, the mean share among its nearest on the map."""
    at = {n: i for i, n in enumerate(nodes)}
    tree, shares = cKDTree(xy), []
    for n in nodes:
        linked = {at[m] for m in g[n]}
        if linked:
            _, nearest = tree.query(xy[at[n]], k=min(len(linked) + 1, len(nodes)))
            shares.append(len(linked & (set(np.atleast_1d(nearest).tolist()) - {at[n]})) / len(linked))
    return float(np.mean(shares)) if shares else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="a build folder")
    ap.add_argument("--iterations", nargs="+", default=["500", "map", "100"])
    ap.add_argument("--min-papers", type=int, default=50, help="the smallest region whose quality counts")
    args = ap.parse_args()
    graphs = region_graphs(args.out)
    print(f"{len(graphs)} regions, {sum(g.number_of_nodes() for g in graphs):,} papers, "
          f"{sum(g.number_of_edges() for g in graphs):,} links inside them")
    for iterations in args.iterations:
        rng = np.random.default_rng(0)
        seconds, shares, sizes, random_shares = 0.0, [], [], []
        for g in graphs:
            t = time.perf_counter()
            steps = layout.region_iterations(len(g)) if iterations == "map" else int(iterations)
            local = layout.force_directed(g, 7, steps)
            seconds += time.perf_counter() - t
            if g.number_of_nodes() > args.min_papers and g.number_of_edges():
                spread = layout._even_disc(local, 100.0)
                nodes = list(spread)
                shares.append(kept_neighbours(np.array([spread[n] for n in nodes]), nodes, g))
                random_shares.append(kept_neighbours(rng.uniform(size=(len(nodes), 2)), nodes, g))
                sizes.append(len(nodes))
        quality = (f"linked papers kept among the nearest {np.average(shares, weights=sizes):.3f} "
                   f"(random positions {np.average(random_shares, weights=sizes):.3f})" if sizes
                   else f"no region of more than {args.min_papers} papers")
        print(f"{iterations:>5} steps: {seconds:6.2f} s, {quality}")


if __name__ == "__main__":
    main()
