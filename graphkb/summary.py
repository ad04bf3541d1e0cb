"""What is in a graph, in a few lines: counts by label and type, the most used entities, topics."""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from .graph import KnowledgeGraph, edge_list
from .parquet_graph import elements
from .schema import LABELS, REL_TYPES


@dataclass(frozen=True)
class GraphSummary:
    nodes: dict[str, int]
    relationships: dict[str, int]
    top_methods: list[tuple[str, int]]
    top_benchmarks: list[tuple[str, int]]
    top_concepts: list[tuple[str, int]]
    topics: list[tuple[str, int]]

    def as_dict(self) -> dict:
        return asdict(self)


_RANKED = {"Method": "paper_count", "Benchmark": "paper_count", "Concept": "paper_count", "Topic": "size"}


def summarize(kg: KnowledgeGraph, top: int = 8) -> GraphSummary:
    return summarize_elements(kg.g._node.items(), (data.get("type") for _, _, _, data in edge_list(kg.g)), top)


def summarize_parquet(path: str | Path, top: int = 8) -> GraphSummary:
    """`summarize` of the graph a graph.parquet holds, from the columns it needs (the graph is
    not built; every row is checked as a load checks it)."""
    _, _, nodes, relationships = elements(path, ("name", *set(_RANKED.values())))
    return summarize_elements(nodes, (data["type"] for _, _, _, data in relationships), top)


def summarize_elements(nodes: Iterable[tuple[str, dict]], edge_types: Iterable[str], top: int = 8) -> GraphSummary:
    """The summary of a graph given as its nodes (id, data) and its relationships' types. The
    entities ranked by count, then name (ties by id)."""
    node_counts: Counter = Counter()
    ranked: dict[str, list[tuple]] = {label: [] for label in _RANKED}
    for node, data in nodes:
        label = data.get("label")
        node_counts[label] += 1
        if label in ranked:
            name = data.get("name", node)
            ranked[label].append((-int(data.get(_RANKED[label], 0)), name.lower(), name, node))
    rel_counts = Counter(edge_types)

    def best(label: str) -> list[tuple[str, int]]:
        return [(name, -count) for count, _, name, _ in heapq.nsmallest(top, ranked[label])]
    return GraphSummary(
        nodes={label: node_counts[label] for label in LABELS if node_counts[label]},
        relationships={t: rel_counts[t] for t in REL_TYPES if rel_counts[t]},
        top_methods=best("Method"), top_benchmarks=best("Benchmark"), top_concepts=best("Concept"),
        topics=best("Topic"),
    )


def _ranked(rows: list[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in rows) or "none"


def format_summary(s: GraphSummary) -> str:
    total_nodes, total_rels = sum(s.nodes.values()), sum(s.relationships.values())
    width = max(map(len, [*s.nodes, *s.relationships]), default=10)
    lines = [f"Nodes: {total_nodes:,}"]
    lines += [f"  {label:<{width}} {n:>7,}" for label, n in s.nodes.items()]
    lines += [f"Relationships: {total_rels:,}"]
    lines += [f"  {rel:<{width}} {n:>7,}" for rel, n in s.relationships.items()]
    lines += [
        f"Top methods:    {_ranked(s.top_methods)}",
        f"Top benchmarks: {_ranked(s.top_benchmarks)}",
        f"Top concepts:   {_ranked(s.top_concepts)}",
        f"Topics:         {_ranked(s.topics)}",
    ]
    return "\n".join(lines)
