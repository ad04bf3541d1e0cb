"""When each method, benchmark, task and concept was written about: its timeline.

An entity's timeline comes from its papers (the Paper nodes linked to it) whose date gives
at least the month: `first_seen` and `last_seen` are the earliest and latest of their dates
(as the papers give them: `2025-07-31`, or `2025-07` when that is all an input says), and
`papers_per_month` how many of them fall in each month, as `"YYYY-MM:N"` values
(schema.month_count). Papers without a date, or dated only by their year, do not count, and
neither do papers added only as cited works (`cited_only`, `graphkb enrich citations
--add-cited`): they are not part of the corpus read.

`set_timelines(kg)` writes the three properties on every node of schema.TIMELINE_LABELS; the
build calls it once the graph is linked, and `graphkb enrich citations` again after adding
cited papers.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..graph import KnowledgeGraph
from ..schema import TIMELINE, TIMELINE_LABELS, month_count

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-\d{2})?$")
_KEYS = tuple(p.key for p in TIMELINE)


def month_of(date: object) -> str | None:
    """A date's month, `YYYY-MM` (`"2025-07-31"` -> `"2025-07"`); None without one (`"2025"`)."""
    m = _MONTH.match(str(date)) if isinstance(date, str) else None
    return f"{m.group(1)}-{m.group(2)}" if m else None


def counted_date(data: dict) -> str | None:
    """A Paper node's date when it counts in timelines and trends (dated to the month, not
    cited-only), else None."""
    date = data.get("date")
    if data.get("cited_only") or month_of(date) is None:
        return None
    return date


@dataclass(frozen=True)
class Timeline:
    first_seen: str
    last_seen: str
    per_month: tuple[tuple[str, int], ...]  # (YYYY-MM, papers), by month, months with papers only

    def properties(self) -> dict:
        return {"first_seen": self.first_seen, "last_seen": self.last_seen,
                "papers_per_month": [month_count(m, n) for m, n in self.per_month]}


def timeline(dates: Iterable[str]) -> Timeline | None:
    """The timeline of papers with these dates (each with a month); None for no dates."""
    return _timeline([(d, month_of(d)) for d in dates])


def _timeline(dated: list[tuple[str, str]]) -> Timeline | None:
    """`timeline` of papers given as (date, its month)."""
    if not dated:
        return None
    dated.sort()
    months = Counter(month for _, month in dated)
    return Timeline(dated[0][0], dated[-1][0], tuple(sorted(months.items())))


def corpus_months(papers: Iterable[dict]) -> Counter:
    """How many papers of the corpus fall in each month (the papers timelines count), given the
    Paper nodes' data."""
    return Counter(month_of(d) for d in map(counted_date, papers) if d)


def entity_timelines(kg: KnowledgeGraph) -> dict[str, Timeline]:
    """The timeline of every entity that has a dated paper, by node id.

    Each paper's date and month are read once, not once per entity it links to (at 100,000
    papers, 2.3 million readings)."""
    nodes, linked_from = kg.g._node, kg.g._pred
    dated = {}  # the papers that count: id -> (date, month)
    for node, data in nodes.items():
        if data.get("label") == "Paper":
            date = counted_date(data)
            if date:
                dated[node] = (date, month_of(date))
    out = {}
    for node, data in nodes.items():
        if data.get("label") in TIMELINE_LABELS:
            found = _timeline([dated[u] for u in linked_from[node] if u in dated])
            if found:
                out[node] = found
    return out


def set_timelines(kg: KnowledgeGraph) -> int:
    """Write (or rewrite) first_seen, last_seen and papers_per_month on every entity of the graph;
    an entity without a dated paper carries none of them. Returns how many carry them."""
    found = entity_timelines(kg)
    for node, data in kg.g.nodes(data=True):
        if data.get("label") in TIMELINE_LABELS:
            for key in _KEYS:
                data.pop(key, None)
            if node in found:
                data.update(found[node].properties())
    return len(found)
