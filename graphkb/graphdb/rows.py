"""A KnowledgeGraph as rows Neo4j can store, grouped the way the loader sends them.

Neo4j properties are scalars or lists of one scalar type: no maps, no nulls, no
mixed lists. So each node or relationship becomes `{"id" | "src", "dst", "props"}`
where `props` holds native values: lists of strings stay lists, a map such as
`evidence` is flattened into `evidence_sentence`, `evidence_start`, ... and
anything else Neo4j cannot hold (a list of maps, a mixed list) becomes a JSON
string. Rows are grouped by node label and by (source label, type, target label),
because Cypher cannot take a label or a relationship type as a parameter: each
group has its own statement file.

A load compares these rows with what the database holds (graphdb/sync.py): `schema_keys`
names the properties that are graphkb's on a label or type, `schema_groups` every group
the schema allows (the database may hold groups the graph no longer has).
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..graph import KnowledgeGraph, edge_list
from ..memory import gc_paused
from ..parquet_graph import elements
from ..schema import EVIDENCE_FIELDS, NODES, OWNED, RELATIONSHIP_TYPES, RELATIONSHIPS, label_rank, type_rank

if TYPE_CHECKING:
    from ..delta import GraphElements

# graph.json bookkeeping, carried by the label/type itself; and the loader's ownership mark, never a
# graph property (a graph attribute of that name is not stored: it would make anything graphkb's)
_INTERNAL = frozenset({"label", "type", OWNED})


@dataclass(frozen=True, order=True)
class RelKey:
    """One relationship group: `(:Paper)-[:PROPOSES]->(:Method)`."""

    source_label: str
    type: str
    target_label: str

    @property
    def name(self) -> str:
        return f"{self.source_label}-{self.type}-{self.target_label}"


def schema_groups() -> list[RelKey]:
    """Every relationship group the schema allows, in the canonical order."""
    return sorted((RelKey(source, rel.type, target) for rel in RELATIONSHIP_TYPES
                   for source in rel.sources for target in rel.targets), key=_type_order)


@cache
def schema_keys(name: str) -> frozenset[str]:
    """The Neo4j properties the schema declares for a label or relationship type, as rows store
    them (an `evidence` property is `evidence_sentence`, `evidence_start`, ...)."""
    kind = NODES.get(name) or RELATIONSHIPS[name]
    keys = set()
    for prop in kind.properties:
        if prop.kind == "evidence":
            keys.update(f"{prop.key}_{part}" for part in EVIDENCE_FIELDS)
        else:
            keys.add(prop.key)
    return frozenset(keys)


class _Grouped:
    """Counts of a graph's nodes and relationships held per label and per group."""

    nodes: dict[str, list]
    relationships: dict[RelKey, list]

    @property
    def node_count(self) -> int:
        return sum(len(group) for group in self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(len(group) for group in self.relationships.values())


@dataclass(frozen=True)
class GraphRows(_Grouped):
    """Rows per node label (in LABELS order) and per relationship group (in REL_TYPES order)."""

    nodes: dict[str, list[dict]]
    relationships: dict[RelKey, list[dict]]


_PLAIN = frozenset({str, int, float, bool})


def _scalar_list(values: Sequence) -> list | None:
    """The list itself when Neo4j can store it as an array, else None."""
    if len(kinds := set(map(type, values))) == 1 and kinds <= _PLAIN:
        return list(values)  # the common case: all of one plain type
    kinds = {bool if isinstance(v, bool) else int if isinstance(v, int) else type(v) for v in values}
    if len(kinds) <= 1 and kinds <= {str, bool, int, float}:
        return list(values)
    if kinds == {int, float}:
        return [float(v) for v in values]
    return None


def _flatten(prefix: str, value, out: dict) -> None:
    if value is None:
        return
    if type(value) in _PLAIN:
        out[prefix] = value
    elif isinstance(value, dict):
        for key, sub in value.items():
            if type(sub) in _PLAIN:  # most of an evidence map: stored without a call
                out[f"{prefix}_{key}"] = sub
            else:
                _flatten(f"{prefix}_{key}", sub, out)
    elif isinstance(value, (list, tuple)):
        stored = _scalar_list(value)
        out[prefix] = stored if stored is not None else json.dumps(value, ensure_ascii=False,
                                                                   sort_keys=True, default=str)
    elif isinstance(value, (str, bool, int, float)):  # subclasses of the plain types
        out[prefix] = value
    else:
        out[prefix] = str(value)


def property_values(data: dict) -> dict:
    """A node's or relationship's attributes as Neo4j-storable properties (see module doc).

    A plain scalar, most values, is stored as it is without a call to `_flatten` (a build's
    graph has millions of them)."""
    out: dict = {}
    for key, value in data.items():
        if key in _INTERNAL:
            continue
        if type(value) in _PLAIN:
            out[key] = value
        else:
            _flatten(key, value, out)
    return out


def _type_order(key: RelKey) -> tuple:
    return type_rank(key.type), key


@dataclass(frozen=True)
class GroupedElements(_Grouped):
    """The graph's nodes per label and relationships per group, in GraphRows' order, as references
    to the graph's own dicts: rows are made from them a batch at a time (`node_row`,
    `relationship_row`), so a writer that streams holds one batch of rows, not all of them."""

    nodes: dict[str, list[tuple[str, dict]]]
    relationships: dict[RelKey, list[tuple[str, str, dict]]]


def node_row(node_id: str, data: dict) -> dict:
    props = property_values(data)
    props.pop("id", None)  # the node key is the id; never let an attribute disagree with it
    return {"id": node_id, "props": props}


def relationship_row(source: str, target: str, data: dict) -> dict:
    return {"src": source, "dst": target, "props": property_values(data)}


def group_elements(kg: KnowledgeGraph) -> GroupedElements:
    """Every node and relationship of `kg`, grouped and sorted so the same graph gives the same rows.

    The relationships are read from the graph's own dicts (`graph.edge_list`, networkx's
    order) and grouped by their (source label, type, target label) first: one `RelKey` per
    group, not per relationship."""
    nodes: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    labels: dict[str, str] = {}
    for node_id, data in kg.nodes():
        label = data.get("label")
        labels[node_id] = label
        nodes[label].append((str(node_id), data))
    groups: dict[tuple, list[tuple[str, str, dict]]] = defaultdict(list)
    for source, target, _, data in edge_list(kg.g):
        groups[labels[source], data.get("type"), labels[target]].append((str(source), str(target), data))
    rels = {RelKey(*group): members for group, members in groups.items()}
    return GroupedElements(
        nodes={label: sorted(nodes[label], key=_FIRST) for label in sorted(nodes, key=label_rank)},
        relationships={key: sorted(rels[key], key=_ENDS) for key in sorted(rels, key=_type_order)},
    )


def group_positions(elements: GraphElements) -> tuple[dict[str, list[int]], dict[RelKey, list[int]]]:
    """`group_elements`' groups as positions in `elements` (graph.json's order): each label's
    nodes and each group's relationships, in the groups' order and each in its order. graph.json
    orders nodes by label, then id, so a label's nodes come by id, and a node's position orders
    the ids of its label: a group's relationships (whose sources share a label, and targets)
    are sorted by their ends' positions."""
    labels = [data.get("label") for _, data in elements.nodes]
    nodes: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        nodes[label].append(i)
    at = {node: i for i, (node, _) in enumerate(elements.nodes)}
    n = len(elements.edges)
    sources = np.fromiter((at[e[0]] for e in elements.edges), np.int64, n)
    targets = np.fromiter((at[e[1]] for e in elements.edges), np.int64, n)
    codes: dict[tuple, int] = {}
    group = np.fromiter((codes.setdefault((labels[s], e[3].get("type"), labels[t]), len(codes))
                         for e, s, t in zip(elements.edges, sources.tolist(), targets.tolist())), np.int64, n)
    keys = [RelKey(*key) for key in codes]
    rank = np.empty(len(keys), np.int64)
    rank[sorted(range(len(keys)), key=lambda c: _type_order(keys[c]))] = np.arange(len(keys))
    order = np.lexsort((targets, sources, rank[group]))
    bounds = np.flatnonzero(np.diff(rank[group][order])) + 1
    rels = {keys[int(group[part[0]])]: part.tolist() for part in np.split(order, bounds) if len(part)}
    return {label: nodes[label] for label in sorted(nodes, key=label_rank)}, rels


@gc_paused()
def graph_rows(kg: KnowledgeGraph) -> GraphRows:
    """Every node and relationship of `kg` as rows (`group_elements`, each made a row)."""
    grouped = group_elements(kg)
    return GraphRows(
        nodes={label: [node_row(*n) for n in group] for label, group in grouped.nodes.items()},
        relationships={key: [relationship_row(*r) for r in group] for key, group in grouped.relationships.items()},
    )


_FIRST = itemgetter(0)  # a node's sort key: its id
_TARGET_TEXT = itemgetter(0)  # parquet_rows' (target as text, group, row)
_ENDS = itemgetter(0, 1)  # a relationship's: (source, target)


def parquet_rows(parquet: Path) -> Iterator[tuple[str | RelKey, dict]]:
    """(group, row) of every node and relationship of a graph.parquet, read a batch of rows at a time
    and checked as a load checks them (`checked_rows`): a node's group is its label, a relationship's its RelKey.
    Within each group the rows come in `graph_rows`' order (nodes by id; relationships by source,
    then target: graph.json orders each source's relationships by type first, so they are sorted
    by target as each source's come)."""
    _, _, nodes, relationships = elements(parquet)
    labels: dict = {}
    for node, data in nodes:
        labels[node] = data["label"]
        yield data["label"], node_row(str(node), data)
    source_rows: list[tuple[str, RelKey, dict]] = []
    current = object()
    for source, target, _, data in relationships:
        if source != current:
            source_rows.sort(key=_TARGET_TEXT)
            yield from ((group, row) for _, group, row in source_rows)
            source_rows, current = [], source
        group = RelKey(labels[source], data["type"], labels[target])
        source_rows.append((str(target), group, relationship_row(str(source), str(target), data)))
    source_rows.sort(key=_TARGET_TEXT)
    yield from ((group, row) for _, group, row in source_rows)


@gc_paused()
def parquet_graph_rows(parquet: Path) -> GraphRows:
    """`graph_rows` of the graph a graph.parquet holds, made from its rows without building the graph
    (so a load holds the rows, not the graph beside them)."""
    groups: dict[str | RelKey, list[dict]] = {}
    for group, row in parquet_rows(parquet):
        found = groups.get(group)
        if found is None:
            groups[group] = [row]
        else:
            found.append(row)
    labels, keys = group_order(groups)
    return GraphRows(nodes={label: groups[label] for label in labels}, relationships={key: groups[key] for key in keys})


def group_order(groups) -> tuple[list[str], list[RelKey]]:
    """The labels and relationship groups among `groups`, each in `graph_rows`' order."""
    labels = sorted((g for g in groups if isinstance(g, str)), key=label_rank)
    return labels, sorted((g for g in groups if isinstance(g, RelKey)), key=_type_order)


def batches(rows: Sequence, size: int) -> Iterator[Sequence]:
    """Consecutive slices of at most `size` rows."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
