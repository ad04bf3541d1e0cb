"""Tooltip contents as plain data; the page builds them with textContent, so no text is ever parsed as HTML."""
from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .. import keys
from ..graph import KnowledgeGraph, node_labels
from ..schema import month_span, parse_month_count

EXCERPT_CHARS = 320
NAME_CHARS = 160  # a name or title in a tooltip (each neighbour's, too: a page holds thousands)
LIST_ITEMS = 8


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def listed(names, limit: int = LIST_ITEMS, total: int | None = None) -> str:
    """The first `limit` names, and how many more there are (of `total`, when `names` holds only the first)."""
    names = list(names)
    total = len(names) if total is None else total
    more = f" (+{total - limit} more)" if total > limit else ""
    return ", ".join(excerpt(n, NAME_CHARS) for n in names[:limit]) + more


def linked_papers(graph, label_of: dict, node_id: str) -> set[str]:
    """The papers linked to a node, either way (from the graph's own dicts: a page reads thousands)."""
    found = {u for u in graph._pred[node_id] if label_of[u] == "Paper"}
    found.update(v for v in graph._succ[node_id] if label_of[v] == "Paper")
    return found


def paper_places(label_of: dict, key: Callable[[str], object]) -> dict[str, int]:
    """Each paper's place among all the graph's papers sorted by `key` (the order `first_papers` takes)."""
    papers = sorted((n for n, label in label_of.items() if label == "Paper"), key=key)
    return {p: i for i, p in enumerate(papers)}


def first_papers(papers, limit: int, order: dict[str, int]) -> list[str]:
    """The first `limit` of `papers` in `order` (each paper's place among all), without sorting them
    all: a concept of a big graph has thousands, of which a list shows a few."""
    return heapq.nsmallest(limit, papers, key=order.__getitem__)


def display_name(node_id: str, data: dict) -> str:
    """A node's name, title or URL (keys.display_name), cut to NAME_CHARS for the page."""
    return excerpt(keys.display_name(node_id, data), NAME_CHARS)


def month_counts(d: dict) -> dict[str, int]:
    """An entity's stored papers per month ("YYYY-MM:N" values) as {month: papers}; values that are
    not month counts are left out (a hand-edited graph.json still draws)."""
    out: dict[str, int] = {}
    values = d.get("papers_per_month") or []
    for value in values if isinstance(values, list) else [values]:
        try:
            month, n = parse_month_count(value)
        except ValueError:
            continue
        out[month] = out.get(month, 0) + n
    return out


def timeline_axis(kg: KnowledgeGraph) -> tuple[str, ...]:
    """The months of every sparkline of a page: from the first to the last month any entity has papers
    in, so that sparklines compare at a glance."""
    months = {m for _, d in kg.g.nodes(data=True) if "papers_per_month" in d for m in month_counts(d)}
    return tuple(month_span(min(months), max(months))) if months else ()


@dataclass(frozen=True)
class Neighbourhood:
    """What tooltips say about a node's links in the whole graph, not only in the drawn view."""

    kg: KnowledgeGraph
    topic_of: dict[str, str]
    months: tuple[str, ...] = ()  # the sparklines' axis (timeline_axis)
    names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # names worked out
    # each node's first papers (the longest list asked for) and how many it has, worked out
    first: dict[str, tuple[list[str], int]] = field(default_factory=dict, compare=False, repr=False)

    def name(self, node_id: str) -> str:
        name = self.names.get(node_id)
        if name is None:
            name = self.names[node_id] = display_name(node_id, self.kg.g.nodes[node_id])
        return name

    @cached_property
    def labels(self) -> dict[str, str | None]:
        """Every node's label: a page reads the labels of every node's neighbours."""
        return node_labels(self.kg.g)

    def targets(self, node_id: str, labels: tuple[str, ...]) -> dict[str, list[str]]:
        """The names of the node's targets of each label, in one pass over its links."""
        label_of = self.labels
        found: dict[str, set[str]] = {label: set() for label in labels}
        for v in self.kg.g._succ[node_id]:  # the graph's own dicts: a page reads every node's links
            targets = found.get(label_of[v])
            if targets is not None:
                targets.add(v)
        return {label: sorted((self.name(v) for v in vs), key=str.casefold) for label, vs in found.items()}

    @cached_property
    def paper_order(self) -> dict[str, int]:
        """Each paper's place among all papers by name in any case, then id (what `papers_of` lists
        them by)."""
        return paper_places(self.labels, lambda p: (self.name(p).casefold(), p))

    def papers_of(self, node_id: str, limit: int) -> tuple[list[str], int]:
        """The node's first `limit` papers (ids) by name in any case, and how many papers link to it
        or it to them; worked out once for a node's tooltip and panel (the longer list first: at
        100,000 papers a method has thousands)."""
        first, total = self.first.get(node_id, ([], -1))
        if total < 0 or len(first) < min(limit, total):
            found = linked_papers(self.kg.g, self.labels, node_id)
            first, total = first_papers(found, limit, self.paper_order), len(found)
            self.first[node_id] = (first, total)
        return first[:limit], total


def tip(title: str, kind: str, rows: list[tuple[str, str]], text: str = "", spark: dict | None = None) -> dict:
    out = {"title": title, "kind": kind, "rows": [[k, v] for k, v in rows if v], "text": text}
    if spark:
        out["spark"] = spark
    return out


def sparkline(d: dict, months: tuple[str, ...]) -> dict | None:
    """An entity's papers in each month of the axis, for the page's sparkline: {start, counts}
    (start: the axis' first month); None when it has no dated papers."""
    counts = month_counts(d)
    if not counts or not months:
        return None
    return {"start": months[0], "counts": [counts.get(m, 0) for m in months]}


def paper_tip(node_id: str, d: dict, hood: Neighbourhood) -> dict:
    when = d.get("date") or d.get("year") or d.get("listing_date") or ""
    authors = d.get("authors") or []
    topic = hood.topic_of.get(node_id)
    targets = hood.targets(node_id, ("Method", "Benchmark", "Concept", "Task"))
    rows = [("Authors", listed(authors, 4)),
            ("Topic", hood.name(topic) if topic else ""),
            ("Methods", listed(targets["Method"])),
            ("Benchmarks", listed(targets["Benchmark"])),
            ("Concepts", listed(targets["Concept"])),
            ("Tasks", listed(targets["Task"])),
            ("arXiv", d.get("arxiv_id") or "")]
    return tip(excerpt(d.get("title") or node_id, NAME_CHARS), " · ".join(str(x) for x in ("Paper", when) if x), rows,
               excerpt(d.get("abstract")))


def papers_listed(node_id: str, hood: Neighbourhood, limit: int = 3) -> str:
    """A tooltip's row of a node's papers: the first `limit` by name, and how many more."""
    first, total = hood.papers_of(node_id, limit)
    return listed([hood.name(p) for p in first], limit, total)


def entity_tip(node_id: str, d: dict, hood: Neighbourhood) -> dict:
    count = d.get("paper_count")
    kind = str(d.get("label"))
    if count:
        kind += f" · {count} paper{'s' if count != 1 else ''}"
    rows = [("Aliases", listed(d.get("aliases") or [])),
            ("Papers", papers_listed(node_id, hood)),
            ("First seen", str(d.get("first_seen") or "")), ("Last seen", str(d.get("last_seen") or ""))]
    return tip(display_name(node_id, d), kind, rows, spark=sparkline(d, hood.months))


def topic_tip(node_id: str, d: dict, hood: Neighbourhood) -> dict:
    size = d.get("size")
    return tip(display_name(node_id, d), f"Topic · {size} papers" if size else "Topic",
               [("Top terms", listed(d.get("top_terms") or [], 10))])


def simple_tip(node_id: str, d: dict, hood: Neighbourhood) -> dict:
    rows = [("URL", str(d.get("url") or "")), ("Papers", papers_listed(node_id, hood))]
    return tip(display_name(node_id, d), str(d.get("label")), rows)


NODE_TIPS: dict[str, Callable[[str, dict, Neighbourhood], dict]] = defaultdict(
    lambda: simple_tip, Paper=paper_tip, Method=entity_tip, Benchmark=entity_tip, Concept=entity_tip,
    Author=entity_tip, Task=entity_tip, Topic=topic_tip)


def node_tip(node_id: str, d: dict, hood: Neighbourhood) -> dict:
    return NODE_TIPS[d.get("label")](node_id, d, hood)


def _number(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


# an edge tooltip's rows: (data key, row name), for a value and for a list
VALUE_ROWS = (("score", "Score"), ("confidence", "Confidence"), ("weight", "Weight"),
              ("count", "Count"), ("mention", "Written as"), ("citation_source", "Source"))
LIST_ROWS = (("shared_terms", "Shared terms"), ("names", "Shared"), ("via", "Via"), ("intents", "Intents"))


def edge_tip(u: str, v: str, d: dict, hood: Neighbourhood, ends: bool = True) -> dict:
    """Every edge shows its ends (unless `ends` is False: the page adds them); extracted links add
    their evidence sentence and the rule that fired."""
    kind = str(d.get("type"))
    rows = [("From", hood.name(u)), ("To", hood.name(v))] if ends else []
    for key, label in VALUE_ROWS:
        value = d.get(key)
        if value is not None:
            rows.append((label, _number(value)))
    for key, label in LIST_ROWS:
        value = d.get(key)
        if value:
            rows.append((label, listed(value)))
    text = ""
    evidence = d.get("evidence")
    if isinstance(evidence, dict) and evidence.get("sentence"):
        rows.append(("Rule", str(evidence.get("rule") or "")))
        text = "“" + excerpt(evidence["sentence"], 400) + "”"
    if d.get("papers"):
        text = "In: " + listed([hood.name(p) for p in d["papers"]], 5)
    if d.get("contexts"):  # CITES from Semantic Scholar: the citing sentence
        text = "“" + excerpt(str(d["contexts"][0]), 400) + "”"
    return tip(kind.replace("_", " ").lower(), "", rows, text)
