"""What is in a graph, in a few lines: counts by label and type, the most used entities, topics."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .graph import KnowledgeGraph
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


def _top(kg: KnowledgeGraph, label: str, n: int, count: str = "paper_count") -> list[tuple[str, int]]:
    rows = [(d.get("name", node), int(d.get(count, 0))) for node, d in kg.nodes(label)]
    return sorted(rows, key=lambda r: (-r[1], r[0].lower()))[:n]


def summarize(kg: KnowledgeGraph, top: int = 8) -> GraphSummary:
    nodes, rels = kg.node_counts(), kg.edge_counts()
    return GraphSummary(
        nodes={label: nodes[label] for label in LABELS if nodes[label]},
        relationships={t: rels[t] for t in REL_TYPES if rels[t]},
        top_methods=_top(kg, "Method", top),
        top_benchmarks=_top(kg, "Benchmark", top),
        top_concepts=_top(kg, "Concept", top),
        topics=_top(kg, "Topic", top, count="size"),
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
