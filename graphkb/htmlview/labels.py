"""Which node labels the zoomed-out map shows, so that they never overlap into mush.

vis-network draws a label only when its size on screen reaches `drawThreshold`.
We estimate the zoom at which the whole graph fits a typical window, then walk
the nodes from the most important down and give a readable font only to those
whose label box does not collide with one already placed. Every other label
gets a font just under the threshold at that zoom: it appears as you zoom in.
"""
from __future__ import annotations

from dataclasses import dataclass

CANVAS = (1100.0, 850.0)  # a typical canvas beside the side panel, in screen pixels
SHOWN_PX = 13.0           # on-screen font size of a placed label at the overview zoom
HIDDEN_PX = 14.0          # font size of the other labels, at most (canvas pixels)
DRAW_THRESHOLD = 7.0      # vis-network's scaling.label.drawThreshold (screen pixels)
MAX_VISIBLE = 18.0        # vis-network's scaling.label.maxVisible: no label grows past this
MAX_PLACED = 45
NODE_SIZES = (5.0, 24.0)  # vis-network's nodes.scaling min and max: the smallest and largest radius
CHAR_WIDTH = 0.56         # average glyph width, in font sizes


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (self.right < other.left or other.right < self.left
                    or self.bottom < other.top or other.bottom < self.top)


def overview_scale(items: list[dict]) -> float:
    """The zoom at which vis-network's fit() shows every node in a CANVAS-sized window."""
    if not items:
        return 1.0
    xs = [n["x"] for n in items]
    ys = [n["y"] for n in items]
    width = max(xs) - min(xs) + 80
    height = max(ys) - min(ys) + 80
    return min(CANVAS[0] / width, CANVAS[1] / height, 1.0)


def node_radius(value: float, lo: float, hi: float) -> float:
    """vis-network's linear `scaling` of value to size."""
    smallest, largest = NODE_SIZES
    if hi <= lo:
        return (smallest + largest) / 2
    return smallest + (largest - smallest) * (value - lo) / (hi - lo)


REGION_PX = 15.0          # on-screen font size of a topic's name on the paper map (view.js draws it)


def region_boxes(regions: list[dict], scale: float) -> list[Box]:
    """Where the paper map writes the topic names at the overview zoom (centred on each region)."""
    font = REGION_PX / scale
    boxes = []
    for r in regions:
        half = CHAR_WIDTH * 1.05 * font * len(r["name"]) / 2
        boxes.append(Box(r["x"] - half, r["y"] - 0.7 * font, r["x"] + half, r["y"] + 0.7 * font))
    return boxes


def place_labels(items: list[dict], priority: list[str], regions: list[dict] = (),
                 max_placed: int = MAX_PLACED) -> None:
    """Set each item's font size: readable for placed labels, below the threshold for the rest.
    The paper map's topic names (`regions`) are placed first."""
    scale = overview_scale(items)
    by_id = {n["id"]: n for n in items}
    values = [n["value"] for n in items] or [1.0]
    lo, hi = min(values), max(values)
    shown_font = SHOWN_PX / scale
    hidden_font = min(HIDDEN_PX, 0.9 * (DRAW_THRESHOLD - 1) / scale)
    placed: list[Box] = region_boxes(regions, scale)
    max_placed += len(placed)
    for node_id in priority:
        n = by_id[node_id]
        n["font"] = {"size": round(hidden_font, 2)}
        if len(placed) >= max_placed:
            continue
        radius = node_radius(n["value"], lo, hi)
        half = CHAR_WIDTH * shown_font * len(n["label"]) / 2
        top = n["y"] + radius + 2 / scale
        box = Box(n["x"] - half, top, n["x"] + half, top + 1.2 * shown_font)
        if not any(box.overlaps(other) for other in placed):
            placed.append(box)
            n["font"] = {"size": round(shown_font, 2)}
