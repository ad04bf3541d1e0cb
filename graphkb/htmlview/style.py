"""How nodes and edges look: colour and shape per label, size by degree or paper count, edge width."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..schema import NODE_TYPES, RELATIONSHIP_TYPES


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str  # a vis-network shape whose label sits below it


NODE_STYLES = {n.label: NodeStyle(n.colour, n.shape) for n in NODE_TYPES}
FALLBACK = NodeStyle("#bab0ac", "dot")

EDGE_COLOURS = {**{r.type: r.colour for r in RELATIONSHIP_TYPES}, "SAME_PAPER": "#7f7f7f"}
DIRECTED = {r.type for r in RELATIONSHIP_TYPES if not r.symmetric}
# one paper building on or citing another (BUILDS_ON, CITES): drawn stronger than the faint similarity
# links of the paper map, with arrows
CITATION_LINKS = {r.type for r in RELATIONSHIP_TYPES
                  if r.sources == ("Paper",) and r.targets == ("Paper",) and not r.symmetric}
CITATION_ALPHA = 0.75
CITATION_WIDTH = 2.0

# topic colours for the paper map (Tableau 20, strong shades first); papers without a topic are grey
TOPIC_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                 "#9c755f", "#17becf", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63",
                 "#d4a6c8", "#fabfd2", "#d7b5a6", "#9edae5")
NO_TOPIC = "#bab0ac"


def node_style(label: str | None) -> NodeStyle:
    return NODE_STYLES.get(label, FALLBACK)


def topic_colour(rank: int) -> str:
    return TOPIC_COLOURS[rank % len(TOPIC_COLOURS)]


def node_weight(data: dict, degree: int) -> float:
    """What a node's size shows: papers for entities, size for topics, links for the rest."""
    label = data.get("label")
    if label in ("Method", "Benchmark", "Concept") and data.get("paper_count"):
        raw = data["paper_count"]
    elif label == "Topic" and data.get("size"):
        raw = data["size"]
    else:
        raw = degree
    return round(math.sqrt(max(raw, 1)), 3)  # square root: area, not radius, grows with the count


def edge_width(data: dict) -> float:
    """Thicker for a higher similarity score or more shared entities / papers."""
    if isinstance(data.get("score"), (int, float)):
        return round(1 + 8 * float(data["score"]), 2)
    if isinstance(data.get("count"), int):
        return round(1 + 1.5 * math.log2(data["count"]), 2) if data["count"] > 1 else 1.0
    return 1.0


def rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def darker(colour: str, keep: float = 0.55) -> str:
    """The colour mixed with black (`keep` of it left): a topic's name on the map, readable on white."""
    r, g, b = (round(int(colour[i:i + 2], 16) * keep) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"
