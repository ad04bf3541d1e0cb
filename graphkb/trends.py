"""Rising and fading methods, benchmarks, tasks and concepts: `graphkb trends`.

Reads the timelines the build stores on each entity (`papers_per_month`, see
graphkb/link/trends.py) and the papers' dates, splits the months into a recent window and
the baseline before it, and ranks the entities by their burst score (`burst_score`). The
chart (`write_chart`) needs matplotlib, the `charts` extra.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import GraphkbError
from .fileio import atomic_writer
from .graph import KnowledgeGraph
from .keys import display_name
from .link import corpus_months, set_timelines
from .parquet_graph import checked_nodes
from .querypack import QueryResult
from .schema import TIMELINE_LABELS, month_span, parse_month_count

KINDS: dict[str, str] = {label.lower(): label for label in TIMELINE_LABELS}  # --kind method -> Method
MAX_WINDOW = 3  # months in the default recent window
_MONTH_ARG = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$")
SPARK = "▁▂▃▄▅▆▇█"
CHART_LINES = 8  # entities drawn per panel
CHART_FORMATS = (".svg", ".png")


def burst_score(recent: int, before: int, recent_papers: int, baseline_papers: int) -> float:
    """How much more an entity is written about in the recent window than before it.

    With r and b the entity's papers in the recent window and in the baseline, R and B all
    papers in each, n = r + b and T = R + B:

        expected = n * R / T                    (its recent papers, were its share unchanged)
        burst    = (r - expected) / sqrt(expected + 1)

    r - expected equals (R * B / T) * (r / R - b / B): the recent share of papers minus the
    baseline share, as a number of papers. Dividing by the square root of the expected count
    (the spread of a Poisson count) puts big and small entities on one scale, and the +1 is
    the smoothing: a single new paper scores below 1, where a steady rise over several
    papers scores 2 and more. Positive: rising; negative: fading; 0: unchanged share.
    """
    total = recent_papers + baseline_papers
    if total <= 0:
        return 0.0
    n = recent + before
    # r - expected as (r*T - n*R) / T: exactly 0 for an unchanged share, as the query pack computes it
    return (recent * total - n * recent_papers) / total / math.sqrt(n * recent_papers / total + 1)


@dataclass(frozen=True)
class Trend:
    id: str
    label: str
    name: str
    recent: int  # its papers in the recent window
    before: int  # its papers in the baseline
    burst: float
    first_seen: str | None
    last_seen: str | None
    per_month: tuple[int, ...]  # its papers in each month of the period (TrendReport.months)


@dataclass(frozen=True)
class TrendReport:
    labels: tuple[str, ...]
    months: tuple[str, ...]  # the period: the baseline's months, then the recent window's
    window: int  # how many of them are the recent window
    papers: tuple[int, ...]  # all dated papers in each month of the period
    rising: tuple[Trend, ...]
    fading: tuple[Trend, ...]

    @property
    def baseline_months(self) -> tuple[str, ...]:
        return self.months[:-self.window]

    @property
    def recent_months(self) -> tuple[str, ...]:
        return self.months[-self.window:]

    @property
    def baseline_papers(self) -> int:
        return sum(self.papers[:-self.window])

    @property
    def recent_papers(self) -> int:
        return sum(self.papers[-self.window:])


def month_arg(value: str | None, name: str) -> str | None:
    """A --since/--until value (YYYY-MM, or a date: its month) as YYYY-MM."""
    if value is None:
        return None
    m = _MONTH_ARG.match(value.strip())
    if not m:
        raise GraphkbError(f"{name}: expected a month (YYYY-MM) or a date (YYYY-MM-DD), got {value[:40]!r}")
    return f"{m.group(1)}-{m.group(2)}"


def default_window(months: int) -> int:
    """A third of the months covered, between 1 and MAX_WINDOW."""
    return min(MAX_WINDOW, max(1, months // 3))


def _entity_months(node: str, data: dict, where: str) -> Counter:
    counts: Counter = Counter()
    values = data.get("papers_per_month") or []
    for value in values if isinstance(values, list) else [values]:
        try:
            month, n = parse_month_count(value)
        except ValueError as e:
            raise GraphkbError(f"{where}: node {node[:80]!r}: papers_per_month: {e}") from None
        counts[month] += n
    return counts


def find_trends(kg: KnowledgeGraph, kinds: Iterable[str] | None = None, top: int = 20, window: int | None = None,
                since: str | None = None, until: str | None = None, where: str = "the graph") -> TrendReport:
    """The `top` rising and fading entities of the given labels (default: all of TIMELINE_LABELS).

    The period runs from the month of the earliest dated paper to `until` (default: the month
    of the latest). Its last `window` months (default: default_window) are the recent window,
    or the months from `since` on; the months before are the baseline. Papers after `until`
    do not count. Entities are ranked by burst_score: rising the highest first, fading the
    lowest first (ties: more papers first, then by name). `where` names the graph in errors.
    """
    if not any("papers_per_month" in d for _, d in kg.g.nodes(data=True)):
        set_timelines(kg)  # a graph.json from before timelines were stored
    return trends_of_nodes(list(kg.g.nodes(data=True)), kinds, top, window, since, until, where)


# what trends read of a node: a paper's date and whether it counts, an entity's timeline and name
_TREND_KEYS = ("date", "cited_only", "papers_per_month", "first_seen", "last_seen", "name", "title", "url")


def find_trends_in_parquet(path: Path, kinds: Iterable[str] | None = None, top: int = 20, window: int | None = None,
                           since: str | None = None, until: str | None = None) -> TrendReport:
    """`find_trends` of the graph a graph.parquet holds, from its nodes' rows alone (the graph is
    built only for a graph from before timelines were stored)."""
    nodes = list(checked_nodes(path, _TREND_KEYS))
    if not any("papers_per_month" in d for _, d in nodes):
        return find_trends(KnowledgeGraph.load(path), kinds, top, window, since, until, str(path))
    return trends_of_nodes(nodes, kinds, top, window, since, until, str(path))


def trends_of_nodes(nodes: list[tuple[str, dict]], kinds: Iterable[str] | None, top: int, window: int | None,
                    since: str | None, until: str | None, where: str) -> TrendReport:
    """`find_trends` over a graph's nodes (id, data), their timelines stored."""
    labels = tuple(KINDS[k.lower()] if k.lower() in KINDS else k for k in (kinds or KINDS))
    unknown = [k for k in labels if k not in TIMELINE_LABELS]
    if unknown:
        raise GraphkbError(f"no trends for {unknown[0]!r}: one of {', '.join(KINDS)}")
    if since is not None and window is not None:
        raise GraphkbError("give the recent window as --window or --since, not both")
    if window is not None and window < 1:
        raise GraphkbError("--window: at least one month")
    since, until = month_arg(since, "--since"), month_arg(until, "--until")
    corpus = corpus_months(data for _, data in nodes if data.get("label") == "Paper")
    if not corpus:
        raise GraphkbError(f"{where}: no paper has a date with a month, so there are no trends "
                           "(inputs need dates: e.g. build Daily Papers pages with --year)")
    first, last = min(corpus), until or max(corpus)
    if last < first:
        raise GraphkbError(f"--until {last}: before the first dated paper ({first})")
    months = month_span(first, last)
    if since is not None:
        if since > last:
            raise GraphkbError(f"--since {since}: after the last month ({last})")
        window = len([m for m in months if m >= since])
    window = window if window is not None else default_window(len(months))
    if window >= len(months):
        raise GraphkbError(f"the papers cover {len(months)} month{'s' if len(months) != 1 else ''} "
                           f"({first} to {last}): a recent window of {window} leaves no baseline to compare "
                           "with (use a smaller --window or a later --since)")
    papers = tuple(corpus.get(m, 0) for m in months)
    recent_total, baseline_total = sum(papers[-window:]), sum(papers[:-window])
    trends = []
    for node, data in nodes:
        if data.get("label") not in labels:
            continue
        counts = _entity_months(node, data, where)
        per_month = tuple(counts.get(m, 0) for m in months)
        recent, before = sum(per_month[-window:]), sum(per_month[:-window])
        if recent + before == 0:
            continue
        trends.append(Trend(node, data["label"], display_name(node, data), recent, before,
                            burst_score(recent, before, recent_total, baseline_total),
                            data.get("first_seen"), data.get("last_seen"), per_month))
    rising = sorted((t for t in trends if t.burst > 0), key=lambda t: (-t.burst, -t.recent, t.name, t.id))
    fading = sorted((t for t in trends if t.burst < 0), key=lambda t: (t.burst, -t.before, t.name, t.id))
    return TrendReport(labels, tuple(months), window, papers, tuple(rising[:top]), tuple(fading[:top]))


def sparkline(counts: Iterable[int]) -> str:
    """Counts as a line of block characters, scaled to the largest; `·` for none."""
    counts = list(counts)
    peak = max(counts, default=0)
    return "".join("·" if n <= 0 else SPARK[max(0, math.ceil(n / peak * len(SPARK)) - 1)] for n in counts)


COLUMNS = ("trend", "kind", "name", "recent", "before", "burst", "first_seen", "last_seen", "per_month")


def as_rows(report: TrendReport, table: bool = False, which: Iterable[str] = ("rising", "fading")) -> QueryResult:
    """The lists as one result, rising first (`which`: only these): `per_month` is the counts of the
    period's months and `burst` rounded to 2 decimals; for a `table`, a sparkline and signed text."""
    lists = {"rising": report.rising, "fading": report.fading}
    rows = [{"trend": trend, "kind": t.label, "name": t.name, "recent": t.recent, "before": t.before,
             "burst": f"{t.burst:+.2f}" if table else round(t.burst, 2), "first_seen": t.first_seen,
             "last_seen": t.last_seen, "per_month": sparkline(t.per_month) if table else list(t.per_month)}
            for trend in which for t in lists[trend]]
    return QueryResult(list(COLUMNS), rows)


def describe(report: TrendReport) -> str:
    """The period and the two windows, in two lines."""
    base, recent = report.baseline_months, report.recent_months
    return (f"{sum(report.papers):,} dated papers, {report.months[0]} to {report.months[-1]}; "
            f"recent window {recent[0]} to {recent[-1]} ({report.recent_papers:,} papers), "
            f"baseline {base[0]} to {base[-1]} ({report.baseline_papers:,} papers)\n"
            "burst = (r - n*R/T) / sqrt(n*R/T + 1): r, n an entity's recent and total papers, "
            "R, T all recent and total papers")


def write_chart(report: TrendReport, path: str | Path) -> Path:
    """Draw the rising and the fading entities' share of each month's papers (months without papers
    skipped), the recent window shaded, as SVG or PNG (by the file's suffix). Needs matplotlib
    (`pip install 'graphkb[charts]'`)."""
    path = Path(path)
    fmt = path.suffix.lower()
    if fmt not in CHART_FORMATS:
        raise GraphkbError(f"{path}: a chart is .svg or .png, not {fmt or 'a file without a suffix'}")
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise GraphkbError("--chart needs matplotlib: pip install 'graphkb[charts]'") from None
    months = list(report.months)
    x = list(range(len(months)))
    with matplotlib.rc_context({"svg.hashsalt": "graphkb", "font.size": 9}):
        fig = Figure(figsize=(10, 6.5), layout="constrained")
        panels = fig.subplots(2, 1, sharex=True)
        for ax, title, trends in ((panels[0], "Rising", report.rising), (panels[1], "Fading", report.fading)):
            ax.axvspan(len(months) - report.window - 0.5, len(months) - 0.5, color="#eeeeee", zorder=0)
            for t in trends[:CHART_LINES]:
                # a month without any paper has no share: the line passes over it
                shares = [(i, 100 * n / total) for i, (n, total) in enumerate(zip(t.per_month, report.papers))
                          if total]
                ax.plot([i for i, _ in shares], [s for _, s in shares], marker="o", markersize=3, linewidth=1.5,
                        label=f"{t.name} ({t.label.lower()}, burst {t.burst:+.2f})")
            ax.set_title(f"{title}: share of each month's papers (the recent window shaded)", loc="left")
            ax.set_ylabel("% of papers")
            ax.grid(axis="y", color="#dddddd", linewidth=0.6)
            ax.set_xlim(-0.5, len(months) - 0.5)
            if trends:
                ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
            else:
                ax.text(0.5, 0.5, "none", transform=ax.transAxes, ha="center", va="center", color="#888888")
        step = max(1, math.ceil(len(months) / 12))
        panels[1].set_xticks(x[::step], months[::step], rotation=45, ha="right")
        metadata = {"Date": None} if fmt == ".svg" else {"Software": "graphkb"}
        with atomic_writer(path, "wb") as fh:
            fig.savefig(fh, format=fmt[1:], metadata=metadata, dpi=120)
    return path
