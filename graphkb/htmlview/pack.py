"""A view's items as the page carries them: columns for the first frame, the rest packed for later.

A big view (20,000 nodes, 100,000 edges) must draw within seconds, so the page holds four
JSON blocks per view, in the order they are needed:

- the drawing (`graph-data-NAME`, parsed at once): one array per node field (ids, labels,
  kinds, positions, sizes, colours, label fonts, topics, dates) and per edge field (ends as
  node indices, kinds, widths, scores), with kinds, colours, topics and dates as indices
  into small tables;
- the tooltips (`graph-tips-NAME`, parsed at the first hover or search): each node's tooltip,
  every string an index into one table of distinct strings ("Confidence", "0.8": once); on
  their own, so that the pointer on a node need not wait for the browser to read the panels;
- the details (`graph-more-NAME`, parsed at the first click or hover on an edge): each
  node's panel and each edge's tooltip, with their own table of strings (an evidence
  sentence is written once for the paper's panel and each link's tooltip; a paper's title
  in a hundred lists: once);
- the search text (`graph-search-NAME`, parsed at the first search): the folded names and
  abstracts the search box matches.

view.js unpacks a tooltip or panel when it is shown. A key of a tooltip or panel that this
module does not know is carried as it is (the packed form's last element), so a new field
needs no change here.
"""
from __future__ import annotations

from collections.abc import Iterable

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


def pack_view(nodes: list[dict], edges: list[dict], topic_ids: list[str]) -> tuple[dict, dict, dict, dict]:
    """(drawing, tips, details, search) of one view's node and edge items (items.ItemBuilder's)."""
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
    search = {"terms": [n["search"] for n in nodes], "text": [n.get("text", "") for n in nodes]}
    return drawing, pack_tips(nodes), pack_details(nodes, edges), search


def pack_tips(nodes: list[dict]) -> dict:
    """{nodes: [packed tooltip], strings} of a view's nodes."""
    s = Strings()
    packed = [pack_tip(n["tip"], s) for n in nodes]
    table, new = s.ranked()
    return {"nodes": [renumber_tip(t, new) for t in packed], "strings": table}


def pack_details(nodes: list[dict], edges: list[dict]) -> dict:
    """{nodes: [packed panel], edges: [packed tooltip], strings} of a view's nodes and edges."""
    s = Strings()
    panels = [pack_more(n["more"], s) for n in nodes]
    edge_tips = [pack_tip(e["tip"], s) for e in edges]
    table, new = s.ranked()
    return {"nodes": [renumber_more(m, new) for m in panels], "edges": [renumber_tip(t, new) for t in edge_tips],
            "strings": table}
