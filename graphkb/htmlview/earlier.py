"""An earlier page's map, kept: nodes it drew stay where they were, new ones go beside their neighbours.

A researcher who adds each day's papers (`graphkb update`) reads the same map every day: papers and
regions that were there stay put, so the day's new papers are what moves. It also spares the update
the force layout (at 10,000 papers a third of the page's time). The positions are read back from
the earlier page itself (each view's drawing block, pack.py), so nothing else has to keep them.

A view keeps the earlier map when that map placed at least KEEP_SHARE of the nodes the view draws
now (and, on the paper map, has a region for every topic drawn; papers without a topic have none);
otherwise, as after the topics are fitted again, it is laid out afresh (layout.py).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

KEEP_SHARE = 0.8
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))  # successive new nodes turn by this much: no two coincide
_DRAWING = re.compile(r'<script type="application/json" id="graph-data-([^"]+)">(.*?)</script>', re.S)


@dataclass(frozen=True)
class EarlierMap:
    """One view of an earlier page: each node's (x, y) and, on the paper map, each topic's region (x, y, r)."""

    positions: dict[str, tuple[float, float]]
    regions: dict[str, tuple[float, float, float]]

    def keeps(self, nodes: Iterable[str]) -> bool:
        """Does this map place enough of `nodes` to be kept (KEEP_SHARE)?"""
        nodes = list(nodes)
        return bool(nodes) and sum(n in self.positions for n in nodes) >= KEEP_SHARE * len(nodes)


def read_earlier_maps(page: str | Path) -> dict[str, EarlierMap]:
    """Each view's map in the page at `page`, by view name; {} when there is no page to read
    (a view whose block cannot be read is laid out afresh, as if it had no earlier page)."""
    try:
        text = Path(page).read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return {}
    maps = {}
    for view, block in _DRAWING.findall(text):
        try:
            drawing = json.loads(block)
            nodes = drawing["nodes"]
            positions = {n: (float(x), float(y)) for n, x, y in zip(nodes["id"], nodes["x"], nodes["y"], strict=True)}
            regions = {r["id"]: (float(r["x"]), float(r["y"]), float(r["r"])) for r in drawing.get("regions", ())}
        except (ValueError, KeyError, TypeError):
            continue
        maps[view] = EarlierMap(positions, regions)
    return maps


def place_beside(new: list, neighbours: dict, placed: dict, step: float) -> tuple[dict, list]:
    """Positions for the `new` nodes: each at the middle of its `neighbours` already in `placed`
    (or placed here before it), `step` away from it in a direction that turns by the golden angle
    from one new node to the next. Returns (positions, the nodes with no placed neighbour)."""
    out: dict = {}
    waiting = list(new)
    turn = 0
    while waiting:
        left = []
        for node in waiting:
            near = [placed.get(m) or out.get(m) for m in neighbours.get(node, ())]
            near = [p for p in near if p is not None]
            if not near:
                left.append(node)
                continue
            x = sum(p[0] for p in near) / len(near) + step * math.cos(turn * _GOLDEN_ANGLE)
            y = sum(p[1] for p in near) / len(near) + step * math.sin(turn * _GOLDEN_ANGLE)
            out[node] = (x, y)
            turn += 1
        if len(left) == len(waiting):  # none of them has a placed neighbour, nor will
            break
        waiting = left
    return out, waiting


def spot_in_disc(k: int, of: int, centre: tuple[float, float], radius: float) -> tuple[float, float]:
    """The k-th of `of` spots spread evenly over a disc (a sunflower: the golden angle, radius by sqrt)."""
    r = radius * math.sqrt((k + 0.5) / of)
    return centre[0] + r * math.cos(k * _GOLDEN_ANGLE), centre[1] + r * math.sin(k * _GOLDEN_ANGLE)
