"""A page's items as it carries them: columns for the first frame, the rest packed for later.

A big view (20,000 nodes, 100,000 edges) must draw within seconds, so the page holds a JSON
drawing per view and three blocks of texts for the whole page, in the order they are needed:

- the drawing of each view (`graph-data-NAME`, parsed at once): one array per node field (ids,
  labels, kinds, positions, sizes, colours, label fonts, topics, dates, and `text`: the node's
  entry in the page's texts) and per edge field (ends as node indices, kinds, widths, scores,
  `text`), with kinds, colours, topics and dates as indices into small tables;
- the tooltips (`graph-tips`, parsed at the first hover or search): each node's tooltip,
  every string an index into one table of distinct strings ("Confidence", "0.8": once); on
  their own, so that the pointer on a node need not wait for the browser to read the panels;
- the details (`graph-more`, parsed at the first click or hover on an edge): each node's
  panel and each edge's tooltip, with their own table of strings (an evidence sentence is
  written once for the paper's panel and each link's tooltip; a paper's title in a hundred
  lists: once);
- the search text (`graph-search`, parsed at the first search): the folded names and
  abstracts the search box matches.

The texts are the page's, not a view's (`PageTexts`): a node or a link drawn by several views
(the paper map's papers are in the full graph too) is written once, and each view's drawing
points at its entry.

view.js unpacks a tooltip or panel when it is shown. A key of a tooltip or panel that this
module does not know is carried as it is (the packed form's last element), so a new field
needs no change here.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

TIP_KEYS = ("title", "kind", "rows", "text")
MORE_KEYS = ("links", "evidence", "lists")
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"


class Strings:
    """A table of distinct strings; calling it with a string gives the string's index. `ranked()`
    orders the table by use, most used first, so that the indices written most often are short."""

    def __init__(self) -> None:
        self.table: list[str] = []
        self.uses: list[int] = []
        self._index: dict[str, int] = {}

    def __call__(self, text) -> int:
        text = str(text)
        i = self._index.get(text)
        if i is None:
            i = self._index[text] = len(self.table)
            self.table.append(text)
            self.uses.append(0)
        self.uses[i] += 1
        return i

    def ranked(self) -> tuple[list[str], list[int]]:
        """(the table, most used first; each old index's new index)."""
        order = sorted(range(len(self.table)), key=lambda i: (-self.uses[i], i))
        new = [0] * len(order)
        for rank, i in enumerate(order):
            new[i] = rank
        return [self.table[i] for i in order], new


def utf16_len(text: str) -> int:
    """The length of `text` in JavaScript (UTF-16 code units), where offsets are counted."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _extras(d: dict, known: tuple[str, ...]) -> dict:
    return {k: v for k, v in d.items() if k not in known}


def pack_text(text: str, s: Strings):
    """A tooltip's text: a string index, or [index] for a quoted sentence (“...”), whose words
    are then shared with the same sentence in a paper's evidence."""
    if len(text) > 2 and text.startswith(OPEN_QUOTE) and text.endswith(CLOSE_QUOTE):
        return [s(text[1:-1])]
    return s(text)


def pack_tip(tip: dict, s: Strings) -> list:
    """[title, kind, [row name, row value, ...], text(, other keys)] (tooltips.tip's fields)."""
    out = [s(tip["title"]), s(tip["kind"]), [s(x) for row in tip["rows"] for x in row], pack_text(tip["text"], s)]
    extras = _extras(tip, TIP_KEYS)
    if extras:
        out.append(extras)
    return out


def pack_evidence(pieces: list[list]) -> list:
    """details.marked's [text, is_name] pieces as [sentence, [start, end, ...]] (UTF-16 offsets of the names)."""
    sentence, marks, at = [], [], 0
    for text, is_name in pieces:
        n = utf16_len(text)
        if is_name:
            marks += [at, at + n]
        sentence.append(text)
        at += n
    return ["".join(sentence), marks]


def pack_more(more: dict, s: Strings) -> list:
    """[links, evidence, lists(, other keys)] (details.Details' fields), strings as indices."""
    links = [s(x) for link in more.get("links", ()) for x in link]
    evidence = []
    for pieces in more.get("evidence", ()):
        sentence, marks = pack_evidence(pieces)
        evidence.append([s(sentence), marks])
    lists = [[s(heading), [s(x) for entry in entries for x in entry]] for heading, entries in more.get("lists", ())]
    out = [links, evidence, lists]
    extras = _extras(more, MORE_KEYS)
    if extras:
        out.append(extras)
    return out


def _renumber_text(t, new: list[int]):
    return [new[t[0]]] if isinstance(t, list) else new[t]


def renumber_tip(p: list, new: list[int]) -> list:
    """A packed tooltip with its string indices mapped through `new` (Strings.ranked)."""
    return [new[p[0]], new[p[1]], [new[i] for i in p[2]], _renumber_text(p[3], new), *p[4:]]


def renumber_more(p: list, new: list[int]) -> list:
    """A packed panel with its string indices mapped through `new` (the evidence offsets stay)."""
    return [[new[i] for i in p[0]], [[new[sentence], marks] for sentence, marks in p[1]],
            [[new[heading], [new[i] for i in entries]] for heading, entries in p[2]], *p[3:]]


def _number(x: float) -> float | int:
    """1.0 as 1: a shorter page."""
    return int(x) if float(x).is_integer() else x


def _table(values: Iterable, fixed: list | None = None) -> tuple[list, dict]:
    table = list(fixed or [])
    index = {v: i for i, v in enumerate(table)}
    for v in values:
        if v not in index:
            index[v] = len(table)
            table.append(v)
    return table, index


def pack_view(nodes: list[dict], edges: list[dict], topic_ids: list[str]) -> dict:
    """The drawing of one view's node and edge items (items.ItemBuilder's); PageTexts.add_view adds
    its `text` columns."""
    kinds, kind_index = _table(n["kind"] for n in nodes)
    colours, colour_index = _table(n["color"] for n in nodes)
    topics, topic_index = _table((n["topic"] for n in nodes if "topic" in n), topic_ids)
    dates = sorted({n["date"] for n in nodes if "date" in n})
    date_index = {d: i for i, d in enumerate(dates)}
    node_index = {n["id"]: i for i, n in enumerate(nodes)}
    shapes = {}
    for n in nodes:
        shapes.setdefault(n["kind"], n["shape"])
    drawing_nodes = {
        "id": [n["id"] for n in nodes],
        "label": [n["label"] for n in nodes],
        "kind": [kind_index[n["kind"]] for n in nodes],
        "x": [_number(n["x"]) for n in nodes],
        "y": [_number(n["y"]) for n in nodes],
        "value": [_number(n["value"]) for n in nodes],
        "colour": [colour_index[n["color"]] for n in nodes],
        "font": [_number(n["font"]["size"]) for n in nodes],
        "topic": [topic_index[n["topic"]] if "topic" in n else -1 for n in nodes],
        "date": [date_index[n["date"]] if "date" in n else -1 for n in nodes],
    }
    edge_kinds, edge_kind_index = _table(e["kind"] for e in edges)
    drawing_edges = {
        "from": [node_index[e["from"]] for e in edges],
        "to": [node_index[e["to"]] for e in edges],
        "kind": [edge_kind_index[e["kind"]] for e in edges],
        "width": [_number(e["width"]) for e in edges],
        "score": [_number(e["score"]) if "score" in e else -1 for e in edges],  # scores are >= 0
    }
    drawing = {"nodes": drawing_nodes, "edges": drawing_edges, "kinds": kinds, "shapes": shapes,
               "colours": colours, "topics": topics, "dates": dates, "edge_kinds": edge_kinds}
    return drawing


def pack_tips(tips: list[dict]) -> dict:
    """{nodes: [packed tooltip], strings} of nodes' tooltips."""
    s = Strings()
    packed = [pack_tip(tip, s) for tip in tips]
    table, new = s.ranked()
    return {"nodes": [renumber_tip(t, new) for t in packed], "strings": table}


def pack_details(panels: list[dict], edge_tips: list[dict]) -> dict:
    """{nodes: [packed panel], edges: [packed tooltip], strings} of nodes' panels and edges' tooltips."""
    s = Strings()
    packed_panels = [pack_more(more, s) for more in panels]
    packed_tips = [pack_tip(tip, s) for tip in edge_tips]
    table, new = s.ranked()
    return {"nodes": [renumber_more(m, new) for m in packed_panels],
            "edges": [renumber_tip(t, new) for t in packed_tips], "strings": table}


class PageTexts:
    """The texts of every view of a page, each node's and each edge's once: a node's tooltip,
    panel, search terms and text (by node id), an edge's tooltip (by its ends and kind).

    Entries are numbered in the order views add them."""

    def __init__(self) -> None:
        self._node_at: dict[str, int] = {}
        self._edge_at: dict[tuple, int] = {}
        self.tips: list[dict] = []
        self.panels: list[dict] = []
        self.terms: list[list[str]] = []
        self.text: list[str] = []
        self.edge_tips: list[dict] = []

    def add_view(self, drawing: dict, node_texts: list[tuple], edge_texts: list[tuple]) -> None:
        """Enter a view's node texts (id, tip, panel, search terms, text) and edge texts ((from, to,
        kind), tip), each in the drawing's order, and write their entries into its `text` columns."""
        at = []
        for node_id, tip, more, terms, text in node_texts:
            i = self._node_at.get(node_id)
            if i is None:
                i = self._node_at[node_id] = len(self.tips)
                self.tips.append(tip)
                self.panels.append(more)
                self.terms.append(terms)
                self.text.append(text)
            at.append(i)
        drawing["nodes"]["text"] = at
        at = []
        for key, tip in edge_texts:
            i = self._edge_at.get(key)
            if i is None:
                i = self._edge_at[key] = len(self.edge_tips)
                self.edge_tips.append(tip)
            at.append(i)
        drawing["edges"]["text"] = at

    def blocks(self) -> Iterator[dict]:
        """tips, details, then search, as the page carries them, one at a time: each block's
        entries are let go of here as it is made, so that the page can make one block text
        before the next is made (at 100,000 papers each block is 100-200 MB as text)."""
        yield pack_tips(self._take("tips"))
        yield pack_details(self._take("panels"), self._take("edge_tips"))
        yield {"terms": self._take("terms"), "text": self._take("text")}

    def _take(self, name: str) -> list:
        entries = getattr(self, name)
        setattr(self, name, [])
        return entries
