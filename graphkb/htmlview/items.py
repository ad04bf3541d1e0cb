"""A trimmed view as vis-network items (nodes, edges), plus its legend and topic entries."""
from __future__ import annotations

import math
import re
from collections import Counter
from urllib.parse import quote

import networkx as nx
from markupsafe import Markup

from ..graph import KnowledgeGraph, degrees, edge_list
from ..schema import LABELS, REL_TYPES, label_rank
from . import style
from .details import Details
from .focus import fold, names_of
from .tooltips import Neighbourhood, edge_tip, node_tip, timeline_axis
from .views import SAME_PAPER, View

LABEL_CHARS = 36
SEARCH_CHARS = 300  # of a name or title matched by the search box (a title can be absurdly long)
EDGE_ORDER = {t: i for i, t in enumerate((*REL_TYPES, SAME_PAPER))}
EDGE_NAMES = {SAME_PAPER: "in the same paper"}
_ISO_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
# legend swatches, one per vis-network shape, drawn in a 16x16 box
SWATCHES = {
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "triangle": '<polygon points="8,1 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15"/>',
    "star": '<polygon points="8,0.5 10.2,5.6 15.6,5.9 11.4,9.4 12.8,14.8 8,11.8 3.2,14.8 4.6,9.4 0.4,5.9 5.8,5.6"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"/>',
}


def short_label(node_id: str, d: dict) -> str:
    """The text drawn under a node: a paper's title up to its colon, a name, a URL without scheme."""
    if d.get("label") == "Paper":
        text = str(d.get("title") or node_id)
        head = text.split(":", 1)[0]
        text = head if 0 < len(head) <= LABEL_CHARS else text
    else:
        text = str(d.get("name") or re.sub(r"^https?://", "", str(d.get("url") or "")) or node_id)
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def link_of(d: dict) -> str | None:
    """Where a node's page is on the web (http(s) only), e.g. a paper's arXiv abstract page."""
    url = str(d.get("url") or "")
    if re.match(r"^https?://", url, re.I):
        return url
    if d.get("arxiv_id"):
        return "https://arxiv.org/abs/" + quote(str(d["arxiv_id"]), safe="./")
    return None


def iso_day(d: dict) -> str | None:
    """A paper's date as YYYY-MM-DD (a bare year becomes its first day), for the date filter."""
    raw = d.get("date") or d.get("year")
    m = _ISO_DAY.match(str(raw or ""))
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"


def paper_topics(kg: KnowledgeGraph) -> dict[str, str]:
    """Each paper's topic: the IN_TOPIC target of highest weight."""
    best: dict[str, tuple[float, str]] = {}
    for u, v, d in kg.edges("IN_TOPIC"):
        w = float(d.get("weight") or 0)
        if u not in best or (w, v) > best[u]:
            best[u] = (w, v)
    return {paper: topic for paper, (_, topic) in best.items()}


def topic_colours(kg: KnowledgeGraph) -> dict[str, str]:
    """A colour per topic, biggest topic first."""
    topics = sorted(kg.nodes("Topic"), key=lambda nd: (-int(nd[1].get("size") or 0), nd[0]))
    return {t: style.topic_colour(i) for i, (t, _) in enumerate(topics)}


def search_terms(d: dict) -> list[str]:
    """What the search box matches by name: names, titles (and a title's short name), aliases,
    a topic's top terms; folded like the page folds the query."""
    terms = names_of(d) + [str(t) for t in d.get("top_terms") or []] if d.get("label") == "Topic" else names_of(d)
    return list(dict.fromkeys(fold(s)[:SEARCH_CHARS] for s in terms if s))


class ItemTexts:
    """What a node's or an edge's item says wherever it is drawn (tooltip, panel, search terms), worked
    out once per page: the paper map and the full graph draw the same papers and many of the same links,
    and the texts read the whole graph, not the view (an edge's, its ends and data, the same in every view)."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.topic_of = paper_topics(kg)
        self.topic_colour = topic_colours(kg)
        self.hood = Neighbourhood(kg, self.topic_of, timeline_axis(kg))
        self.details = Details(kg, self.hood)
        self._texts: dict[str, tuple[str, dict, dict, list[str], str]] = {}
        self._edge_tips: dict[tuple, dict] = {}

    def of(self, node_id: str, d: dict) -> tuple[str, dict, dict, list[str], str]:
        """(id, tip, more, search terms, text) of a node, `text` a paper's folded abstract (what the
        search matches beside the names); the same objects for every view (they are only read)."""
        texts = self._texts.get(node_id)
        if texts is None:
            text = fold(d["abstract"]) if d.get("label") == "Paper" and d.get("abstract") else ""
            more = self.more(node_id, d)  # first: an entity's panel lists more of its papers than its tooltip
            texts = self._texts[node_id] = (node_id, node_tip(node_id, d, self.hood), more, search_terms(d), text)
        return texts

    def edge_tip(self, u: str, v: str, key: str, d: dict) -> dict:
        """The tooltip of the edge (u, v, key), without its ends (the page adds them)."""
        tip = self._edge_tips.get((u, v, key))
        if tip is None:
            tip = self._edge_tips[u, v, key] = edge_tip(u, v, d, self.hood, ends=False)
        return tip

    def more(self, node_id: str, d: dict) -> dict:
        """The node's panel: its details, and for a node other than a paper its web page."""
        more = self.details.of(node_id, d)
        link = link_of(d) if d.get("label") != "Paper" else None
        if link:
            more["links"] = [[link, link]]
        return more


class ItemBuilder:
    """Turns one trimmed view into vis-network items, legend entries and filter ranges."""

    def __init__(self, kg: KnowledgeGraph, view: View, graph: nx.MultiDiGraph, texts: ItemTexts | None = None):
        self.kg, self.view, self.graph = kg, view, graph
        self.texts = texts or ItemTexts(kg)
        self.topic_of, self.topic_colour = self.texts.topic_of, self.texts.topic_colour
        self.hood, self.details = self.texts.hood, self.texts.details
        # on the paper map the regions tell the story; links stay faint until a paper is selected
        self.edge_alpha = 0.12 if view.regions else 0.45

    def colour(self, node_id: str, d: dict) -> str:
        if self.view.colour_by == "topic" and d.get("label") == "Paper":
            return self.topic_colour.get(self.topic_of.get(node_id), style.NO_TOPIC)
        return style.node_style(d.get("label")).colour

    def nodes(self, positions: dict) -> list[dict]:
        """Items in drawing order: the biggest first, so that small nodes are drawn over them. Their
        texts are the page's (node_texts)."""
        items = []
        degree = degrees(self.graph)
        value = {n: style.node_weight(d, degree[n]) for n, d in self.graph.nodes(data=True)}
        order = sorted(self.graph.nodes(data=True), key=lambda nd: (-value[nd[0]], str(nd[0])))
        for n, d in order:
            label = d.get("label")
            x, y = positions[n]
            item = {"id": n, "label": short_label(n, d), "kind": label,
                    "shape": style.node_style(label).shape, "color": self.colour(n, d),
                    "value": value[n], "x": x, "y": y}
            if label == "Paper":
                if n in self.topic_of:
                    item["topic"] = self.topic_of[n]
                day = iso_day(d)
                if day:
                    item["date"] = day
            if n in self.view.focus:
                item.update(focus=True, borderWidth=4)
            items.append(item)
        return items

    def label_priority(self, items: list[dict]) -> list[str]:
        """Whose label the overview shows first: the focus, then the biggest nodes."""
        order = sorted(items, key=lambda n: (n["id"] not in self.view.focus, -n["value"],
                                             label_rank(n["kind"]), n["id"]))
        return [n["id"] for n in order]

    def edges(self) -> list[dict]:
        """Edge items; what is the same for every edge of a type (colours, arrows) is in edge_styles(),
        and the tooltip's From/To rows are made in the page from the nodes' names (a big view has
        many more edges than nodes)."""
        items = []
        for u, v, k, d in edge_list(self.graph):
            kind = d.get("type", k)
            width = style.edge_width(d)
            if kind in style.CITATION_LINKS:
                width = max(width, style.CITATION_WIDTH)
            item = {"from": u, "to": v, "kind": kind, "width": width, "key": k}
            score = d.get("score")
            if isinstance(score, (int, float)) and math.isfinite(score):
                item["score"] = max(0.0, float(score))  # similarities are >= 0 (pack.py: -1 is "none")
            items.append(item)
        return items

    def node_texts(self, items: list[dict]) -> list[tuple]:
        """(id, tooltip, panel, search terms, text) of each node item, in their order (PageTexts)."""
        nodes = self.graph._node
        return [self.texts.of(n["id"], nodes[n["id"]]) for n in items]

    def edge_texts(self, items: list[dict]) -> list[tuple]:
        """((from, to, kind), tooltip) of each edge item, in their order (PageTexts)."""
        succ = self.graph._succ
        return [((e["from"], e["to"], e["kind"]),
                 self.texts.edge_tip(e["from"], e["to"], e["key"], succ[e["from"]][e["to"]][e["key"]]))
                for e in items]

    def edge_styles(self, edges: list[dict]) -> dict[str, dict]:
        """Per relationship type drawn: vis-network's colour object and arrows."""
        out = {}
        for kind in sorted({e["kind"] for e in edges}):
            colour = style.EDGE_COLOURS.get(kind, "#999999")
            alpha = max(self.edge_alpha, style.CITATION_ALPHA) if kind in style.CITATION_LINKS else self.edge_alpha
            out[kind] = {"color": {"color": style.rgba(colour, alpha), "highlight": colour, "hover": colour}}
            if kind in style.DIRECTED:
                out[kind]["arrows"] = {"to": {"enabled": True}}
        return out

    def legend(self) -> list[dict]:
        counts = Counter(label for _, label in self.graph.nodes(data="label"))
        order = [lbl for lbl in LABELS if lbl in counts] + sorted(set(counts) - set(LABELS), key=str)
        out = []
        for label in order:
            s = style.node_style(label)
            colour = s.colour if not (self.view.colour_by == "topic" and label == "Paper") else "#777777"
            out.append({"label": label, "count": counts[label], "colour": colour,
                        "swatch": Markup(SWATCHES.get(s.shape, SWATCHES["dot"]))})
        return out

    def edge_legend(self) -> list[dict]:
        counts = Counter(d.get("type", k) for _, _, k, d in edge_list(self.graph))
        return [{"type": t, "name": EDGE_NAMES.get(t, t.replace("_", " ").lower()), "count": c,
                 "colour": style.EDGE_COLOURS.get(t, "#999999")}
                for t, c in sorted(counts.items(), key=lambda tc: (EDGE_ORDER.get(tc[0], 99), tc[0]))]

    def regions(self, regions: dict[str, tuple[float, float, float]]) -> list[dict]:
        """The paper map's regions, biggest first: where each topic's name is written on the map."""
        out = []
        for t in self.topics():
            if t["id"] in regions:
                x, y, r = regions[t["id"]]
                d = self.kg.g.nodes[t["id"]] if t["id"] in self.kg.g else {"label": "Topic", "name": t["name"]}
                out.append({**t, "x": x, "y": y, "r": r, "label_colour": style.darker(t["colour"]),
                            "search": search_terms(d), "tip": node_tip(t["id"], d, self.hood),
                            "more": self.details.topic(t["id"])})
        return out

    def topics(self) -> list[dict]:
        """Topics of the drawn papers, for the topic filter (and the colour key of the paper map)."""
        counts = Counter(self.topic_of[n] for n, label in self.graph.nodes(data="label")
                         if label == "Paper" and n in self.topic_of)
        rank = {t: i for i, t in enumerate(self.topic_colour)}  # biggest topic first
        ranked = sorted(counts, key=lambda t: (rank.get(t, len(rank)), t))
        return [{"id": t, "name": str(self.kg.g.nodes[t].get("name") or t) if t in self.kg.g else t,
                 "colour": self.topic_colour.get(t, style.NO_TOPIC), "count": counts[t]} for t in ranked]
