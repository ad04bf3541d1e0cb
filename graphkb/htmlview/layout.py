"""Node positions computed in Python, so the browser draws at once with physics off.

The connected core is laid out by igraph's Fruchterman-Reingold (C code): 2,000
nodes and 5,000 edges take about 0.3 s, where networkx's spring_layout needs
8-16 s and forceatlas2_layout longer still on the same graph (measured in
benchmarks/html_view.py). Two things keep the drawing readable:
- leaves (a method only one paper uses, a paper's repository) are not part of
  the force layout; they fan out around their one neighbour, away from the
  centre, so the core gets the room and a paper's entities sit by it;
- loose nodes and pairs go in rows under the drawing instead of drifting away.
Seeded start positions and a seeded igraph generator make it deterministic.
"""
from __future__ import annotations

import importlib
import math
import random
import sys
import threading
from collections import defaultdict

import networkx as nx
import numpy as np

from ..graph import drop_views, edge_list, induced_subgraph, undirected_edge_list, undirected_graph
from .earlier import EarlierMap, place_beside, spot_in_disc

EDGE_PX = 140.0  # median length of a core edge, in vis-network pixels at zoom 1
MIN_EXTENT_PX = 800.0  # small graphs are spread to at least this size, to fill the window
LEAF_GAP = 0.2   # distance between fanned-out leaves, in core edge lengths
LOOSE_GAP = 0.6  # spacing of the rows of loose nodes, in core edge lengths
# how hard a relationship pulls its ends together: sharing a very common method (GPT-4, SFT)
# links many papers that are otherwise unrelated, so it pulls less than similarity does
PULL = {"SHARES_METHOD": 0.2, "SHARES_BENCHMARK": 0.3}


def simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, one edge per linked pair, weighted by its strongest relationship's pull."""
    pulls: dict[tuple, float] = {}  # each linked pair as first met, in the order of its ends' ids
    for u, v, k, d in sorted(edge_list(graph), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        if u == v:
            continue
        pair = (v, u) if (v, u) in pulls else (u, v)
        pull = PULL.get(d.get("type", k), 1.0)
        if pulls.get(pair, -math.inf) < pull:
            pulls[pair] = pull
    return undirected_graph(sorted(graph, key=str), ((u, v, {"pull": pull}) for (u, v), pull in pulls.items()))


def _igraph():
    """igraph, imported when a page is first laid out (with matplotlib it takes 0.7 s, which
    no other command needs). The import runs in a thread of its own: it leaves cyclic
    garbage (matplotlib's caught parse errors) whose tracebacks hold, through each frame's
    caller, every frame below them; from inside a page those were the page's, whose graphs
    and items (1.4 million objects at 20,000 papers) then waited for the collector."""
    if "igraph" not in sys.modules:
        importer = threading.Thread(target=importlib.import_module, args=("igraph",))
        importer.start()
        importer.join()
    import igraph  # imported now (or, if it failed there, failing here as any import would)
    return igraph


FULL_RUN_ITERATIONS = 500  # igraph's default number of Fruchterman-Reingold steps


def force_directed(g: nx.Graph, seed: int, iterations: int = FULL_RUN_ITERATIONS) -> dict:
    """Fruchterman-Reingold positions (arbitrary units) for the nodes of `g`, after `iterations`
    steps."""
    igraph = _igraph()

    nodes = list(g)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(u, v, d.get("pull", 1.0)) for u, v, d in undirected_edge_list(g)]
    ig = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v, _ in edges])
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)) * math.sqrt(len(nodes))
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = ig.layout_fruchterman_reingold(weights=[w for _, _, w in edges], seed=start.tolist(),
                                                niter=iterations, grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)  # igraph's default: Python's global generator
    return {node: np.array(xy, dtype=float) for node, xy in zip(nodes, coords)}


def edge_lengths(pos: dict, edges: list[tuple]) -> list[float]:
    """Each edge's length, np.linalg.norm(pos[u] - pos[v]) (the same dot product of the difference
    with itself, then its square root), with the differences taken at once."""
    if not edges:
        return []
    at = {n: i for i, n in enumerate(pos)}
    xy = np.array(list(pos.values()), dtype=float)
    diffs = xy[[at[e[0]] for e in edges]] - xy[[at[e[1]] for e in edges]]
    return [math.sqrt(d.dot(d)) for d in diffs]


def fan_out(pos: dict, leaves_of: dict, unit: float) -> dict:
    """Leaves around their neighbour, in a fan facing away from the centre of the drawing."""
    centre = np.mean(list(pos.values()), axis=0)
    out = {}
    for parent, leaves in leaves_of.items():
        k = len(leaves)
        away = pos[parent] - centre
        facing = math.atan2(away[1], away[0]) if np.any(away) else 0.0
        spread = min(2 * math.pi, 0.7 * k)
        radius = max(0.35 * unit, k * LEAF_GAP * unit / spread)
        for i, leaf in enumerate(leaves):
            angle = facing + spread * ((i + 0.5) / k - 0.5) if spread < 2 * math.pi else facing + 2 * math.pi * i / k
            out[leaf] = pos[parent] + radius * np.array([math.cos(angle), math.sin(angle)])
    return out


def in_rows(nodes: list, top: float, left: float, width: float, gap: float) -> dict:
    per_row = max(1, int(width / gap) + 1)
    return {n: np.array([left + gap * (i % per_row), top + gap * (i // per_row)]) for i, n in enumerate(nodes)}


def under(pos: dict, nodes: list, unit: float) -> dict:
    """`nodes` in rows under the drawing of `pos` (from the origin when it has none), LOOSE_GAP units apart."""
    xy = np.array(list(pos.values())) if pos else np.zeros((1, 2))
    (left, _), (right, bottom) = xy.min(axis=0), xy.max(axis=0)
    width = max(right - left, unit * LOOSE_GAP * math.sqrt(len(nodes)))
    return in_rows(nodes, bottom + (2 * unit if pos else 0), left, width, unit * LOOSE_GAP)


# Steps of the layout of a connected core of more than CORE_FULL_RUN_NODES nodes (smaller ones get
# FULL_RUN_ITERATIONS). At 20,000 papers (the full view's core: 11,992 nodes, 94,273 links) 300
# steps took 3.7 s where 500 took 5.3 s, and kept 0.149 of the nodes' linked nodes among their
# nearest against 0.148 (200 steps: 0.143; benchmarks/layout_steps.py).
CORE_ITERATIONS = 300
CORE_FULL_RUN_NODES = 2_000


def core_iterations(nodes: int) -> int:
    """The layout steps of a connected core of `nodes` nodes."""
    return FULL_RUN_ITERATIONS if nodes <= CORE_FULL_RUN_NODES else CORE_ITERATIONS


def _rounded(pos: dict, nodes) -> dict[str, tuple[float, float]]:
    return {n: (round(float(pos[n][0]), 1), round(float(pos[n][1]), 1)) for n in nodes}


def layout(graph: nx.MultiDiGraph, seed: int = 7, earlier: EarlierMap | None = None) -> dict[str, tuple[float, float]]:
    """{node: (x, y)} in vis-network pixels; given an `earlier` map that places enough of the
    nodes (earlier.py), its positions are kept and only the new nodes placed."""
    g = simple_graph(graph)
    if g.number_of_nodes() == 0:
        return {}
    if earlier is not None and earlier.keeps(g):
        return _kept_layout(g, earlier)
    loose = [n for comp in nx.connected_components(g) if len(comp) <= 2 for n in sorted(comp, key=str)]
    loose_set = set(loose)
    leaves_of = defaultdict(list)
    degree = dict(g.degree())
    for n in g:
        if n not in loose_set and degree[n] == 1:
            parent = next(iter(g[n]))
            if degree[parent] > 1:
                leaves_of[parent].append(n)
    leaf_set = {leaf for leaves in leaves_of.values() for leaf in leaves}
    core = induced_subgraph(g, (n for n in g if n not in loose_set and n not in leaf_set))
    pos = force_directed(core, seed, core_iterations(core.number_of_nodes())) if core.number_of_nodes() else {}
    lengths = edge_lengths(pos, undirected_edge_list(core))
    unit = float(np.median(lengths)) if lengths else 1.0
    if leaves_of:
        pos.update(fan_out(pos, leaves_of, unit))
    if loose:
        pos.update(under(pos, loose, unit))
    xy = np.array(list(pos.values()))
    extent = float(max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]))) or 1.0
    scale = max(EDGE_PX / (unit or 1.0), MIN_EXTENT_PX / extent) if len(xy) > 1 else 1.0
    placed = {n: (round(float(pos[n][0] * scale), 1), round(float(pos[n][1] * scale), 1)) for n in g}
    drop_views(g)  # g goes when this call returns (see drop_views)
    return placed


def _kept_layout(g: nx.Graph, earlier: EarlierMap) -> dict[str, tuple[float, float]]:
    """The earlier map's positions, and the new nodes beside their neighbours (those with none
    placed in rows under the drawing, as loose nodes are)."""
    placed = {n: earlier.positions[n] for n in g if n in earlier.positions}
    new = [n for n in g if n not in placed]
    beside, loose = place_beside(new, {n: list(g[n]) for n in new}, placed, EDGE_PX * LEAF_GAP * 2)
    placed.update(beside)
    if loose:
        placed.update(under(placed, loose, EDGE_PX))
    out = _rounded(placed, g)
    drop_views(g)
    return out


# -- the paper map: one region per topic ------------------------------------------------------------

REGION_PAPER_PX = 34.0  # room per paper inside a region (a region's area grows with its paper count)
REGION_GAP_PX = 70.0    # space between neighbouring regions
# Steps of the layout inside a region of more than REGION_FULL_RUN_PAPERS papers (smaller ones get
# FULL_RUN_ITERATIONS: they cost little). The papers are then spread evenly over the region's disc,
# keeping only each one's direction and rank in distance, so a full run buys little: at 20,000
# papers 150 steps took 6.8 s where 500 took 22.0 s, and kept 0.601 of the papers' linked
# neighbours among their nearest on the map against 0.608 (benchmarks/layout_steps.py).
REGION_ITERATIONS = 150
REGION_FULL_RUN_PAPERS = 200


def region_iterations(papers: int) -> int:
    """The layout steps inside a region of `papers` papers."""
    return FULL_RUN_ITERATIONS if papers <= REGION_FULL_RUN_PAPERS else REGION_ITERATIONS


def _fit_in_disc(pos: dict, radius: float) -> dict:
    """Positions centred on 0 and scaled so that the farthest one sits on a circle of `radius`."""
    if not pos:
        return {}
    xy = np.array(list(pos.values()))
    xy = xy - xy.mean(axis=0)
    far = float(np.max(np.linalg.norm(xy, axis=1))) or 1.0
    return {n: xy[i] * (radius / far) for i, n in enumerate(pos)}


def _even_disc(pos: dict, radius: float) -> dict:
    """The positions spread evenly over a disc: each keeps its direction from the middle and its rank
    in distance, but the k-th nearest of n goes to radius * sqrt(k / n), so that no clump stays."""
    if len(pos) < 3:
        return _fit_in_disc(pos, radius)
    names = list(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    xy -= xy.mean(axis=0)
    dist = np.linalg.norm(xy, axis=1)
    order = sorted(range(len(names)), key=lambda i: (dist[i], str(names[i])))
    out = {}
    for k, i in enumerate(order):
        angle = math.atan2(xy[i][1], xy[i][0])
        r = radius * math.sqrt((k + 0.5) / len(names))
        out[names[i]] = np.array([r * math.cos(angle), r * math.sin(angle)])
    return out


def _spread_discs(centres: np.ndarray, radii: np.ndarray, rounds: int = 400) -> np.ndarray:
    """Push overlapping discs apart (each overlapping pair by half the overlap each, all pairs at once)
    until none overlap, keeping the drawing centred."""
    c = centres.astype(float).copy()
    k = len(c)
    if k < 2:
        return c
    need = radii[:, None] + radii[None, :] + REGION_GAP_PX
    np.fill_diagonal(need, 0.0)
    # discs that sit on the same spot are told apart by a fixed direction per pair
    fallback = np.stack([np.cos(np.add.outer(np.arange(k), np.arange(k))),
                         np.sin(np.add.outer(np.arange(k), np.arange(k)))], axis=-1)
    for _ in range(rounds):
        d = c[None, :, :] - c[:, None, :]          # d[i, j] = c[j] - c[i]
        dist = np.hypot(d[..., 0], d[..., 1])
        overlap = np.clip(need - dist, 0.0, None)
        np.fill_diagonal(overlap, 0.0)
        if not overlap.any():
            break
        safe = np.where(dist > 1e-9, dist, 1.0)
        direction = np.where((dist > 1e-9)[..., None], d / safe[..., None], fallback)
        push = (overlap / 2)[..., None] * direction
        c -= push.sum(axis=1)   # i moves away from every j it overlaps
        c -= c.mean(axis=0)
    return c


def _within_topics(g: nx.Graph, members: dict[str, list], topic_of: dict[str, str]) -> dict[str, nx.Graph]:
    """Each topic's papers and the links between them: induced_subgraph(g, members[t]) for every
    topic, in one pass over the links."""
    links: dict[str, list] = {t: [] for t in members}
    for u, v, d in undirected_edge_list(g):
        t = topic_of.get(u, "")
        if t == topic_of.get(v, ""):
            links[t].append((u, v, d))
    return {t: undirected_graph(nodes, links[t]) for t, nodes in members.items()}


def region_layout(graph: nx.MultiDiGraph, topic_of: dict[str, str], seed: int = 7, earlier: EarlierMap | None = None
                  ) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float, float]]]:
    """Papers grouped by topic: each topic's papers in a disc (laid out by their own links), the discs
    placed by how much their papers link across, then pushed apart. Returns ({node: (x, y)},
    {topic: (x, y, radius)}); papers without a topic form one more region, keyed "".
    Given an `earlier` map with a region for every topic and enough of the papers (earlier.py),
    the regions and papers stay where they were and only the new papers are placed.
    """
    g = simple_graph(graph)
    if g.number_of_nodes() == 0:
        return {}, {}
    members: dict[str, list] = defaultdict(list)
    for n in g:
        members[topic_of.get(n, "")].append(n)
    topics = sorted(members, key=lambda t: (-len(members[t]), t))
    if earlier is not None and all(t in earlier.regions for t in topics if t) and earlier.keeps(g):
        return _kept_regions(g, members, topic_of, earlier)
    radius = {t: max(REGION_PAPER_PX, REGION_PAPER_PX * math.sqrt(len(members[t])) * 0.9) for t in topics}
    # where the regions go: a force layout of the topics, weighted by the links between their papers
    links: dict[tuple[str, str], int] = {}  # each pair of topics as first met, and its papers' links
    for u, v, _ in undirected_edge_list(g):
        tu, tv = topic_of.get(u, ""), topic_of.get(v, "")
        if tu != tv:
            pair = (tv, tu) if (tv, tu) in links else (tu, tv)
            links[pair] = links.get(pair, 0) + 1
    between = nx.Graph()
    between.add_nodes_from(topics)
    between.add_edges_from((tu, tv, {"pull": math.log1p(n)}) for (tu, tv), n in links.items())
    centres = force_directed(between, seed)
    xy = np.array([centres[t] for t in topics], dtype=float)
    spread = float(np.max(np.linalg.norm(xy - xy.mean(axis=0), axis=1))) or 1.0
    radii = np.array([radius[t] for t in topics])
    xy = (xy - xy.mean(axis=0)) * (float(radii.mean()) * math.sqrt(len(topics)) / spread)
    for _ in range(12):  # spread, then draw together, so that the regions pack without overlapping
        xy = _spread_discs(xy, radii) * 0.9
    xy = _spread_discs(xy, radii)
    pos: dict = {}
    regions: dict[str, tuple[float, float, float]] = {}
    within = _within_topics(g, members, topic_of)
    for i, t in enumerate(topics):
        inside = within[t]
        local = (force_directed(inside, seed, region_iterations(inside.number_of_nodes()))
                 if inside.number_of_nodes() > 1
                 else {members[t][0]: np.zeros(2)})
        fitted = _even_disc(local, radius[t] - REGION_PAPER_PX / 2) if len(local) > 1 else local
        for n, p in fitted.items():
            pos[n] = xy[i] + p
        regions[t] = (round(float(xy[i][0]), 1), round(float(xy[i][1]), 1), round(radius[t], 1))
    return _rounded(pos, g), regions


def _kept_regions(g: nx.Graph, members: dict[str, list], topic_of: dict[str, str], earlier: EarlierMap
                  ) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float, float]]]:
    """The earlier regions, their papers where they were (if still inside their region), and each
    new paper beside the papers of its topic it links to, or spread over its region when it links
    to none of them. Papers without a topic (a page names no region for them) keep their places
    too; a new one links to those or goes in the rows under the drawing."""
    same_topic: dict = defaultdict(list)
    for u, v, _ in undirected_edge_list(g):
        if topic_of.get(u, "") == topic_of.get(v, ""):
            same_topic[u].append(v)
            same_topic[v].append(u)
    pos: dict = {}
    regions = {t: earlier.regions[t] for t in members if t}
    for t, papers in members.items():
        if not t:
            continue
        x0, y0, r = regions[t]
        inner = max(r - REGION_PAPER_PX / 2, 0.0)
        kept = {n: earlier.positions[n] for n in papers if n in earlier.positions
                and math.hypot(earlier.positions[n][0] - x0, earlier.positions[n][1] - y0) <= r}
        beside, alone = place_beside([n for n in papers if n not in kept], same_topic, kept, REGION_PAPER_PX)
        for n, (x, y) in beside.items():
            far = math.hypot(x - x0, y - y0)
            if far > inner:  # drawn into the region
                x, y = x0 + (x - x0) * inner / far, y0 + (y - y0) * inner / far
            pos[n] = (x, y)
        for k, n in enumerate(alone):
            pos[n] = spot_in_disc(k, len(alone), (x0, y0), inner)
        pos.update(kept)
    if members.get(""):
        kept = {n: earlier.positions[n] for n in members[""] if n in earlier.positions}
        beside, alone = place_beside([n for n in members[""] if n not in kept], same_topic, kept, REGION_PAPER_PX)
        pos.update(kept)
        pos.update(beside)
        if alone:  # under the regions (and the papers)
            discs = [(x - r, y + r, x + r) for x, y, r in regions.values()]
            left = min([d[0] for d in discs] + [p[0] for p in pos.values()], default=0.0)
            right = max([d[2] for d in discs] + [p[0] for p in pos.values()], default=0.0)
            bottom = max([d[1] for d in discs] + [p[1] for p in pos.values()], default=0.0)
            pos.update(in_rows(alone, bottom + REGION_GAP_PX, left, right - left, REGION_PAPER_PX))
    out = _rounded(pos, g)
    drop_views(g)
    return out, regions
