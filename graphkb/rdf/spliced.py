"""graph.ttl from an earlier build's and what changed since (delta.GraphDelta): the statements whose
triples are the same are copied from the earlier file, the others written, to the bytes
`columns.graph_turtle` writes from the whole graph.

graph.ttl is the header, then one statement per node (canonical order), then one per qualified
node (edge_order). Each statement ends with " .\\n", which no literal holds (newlines are
escaped), so the earlier file cuts into its statements at those three bytes.

A node's statement holds the node's values and the direct triples of its relationships, so it is
written again when the node changed or any relationship at either end of it is new, changed or
gone. The names in SHARES_* and BUILDS_ON resolve to the entities a paper links to
(`Terms.entities_of`), so a statement that resolves names against a paper whose entity links
(PROPOSES, USES, EVALUATED_ON, or an entity's name) changed is written again too.
"""
from __future__ import annotations

import io
from collections import defaultdict
from itertools import chain
from operator import itemgetter
from typing import BinaryIO

import numpy as np

from ..delta import GraphDelta, GraphElements
from ..graph import KnowledgeGraph
from ..schema import type_rank
from .iris import IriMinter, link_part
from .triples import _ENTITY_RELS, RELATIONSHIPS, Edge, Triple, _GraphTriples
from .vocab import prefixes
from .writers import turtle_names, write_turtle

_END = b" .\n"
_FIRST = itemgetter(0)
# by relationship type: its place in edge_order; and the types written with a qualified node, from
# the target, with CiTO's kinds of citation, or with entity names
_RANK = defaultdict(lambda: type_rank(None), {t: type_rank(t) for t in RELATIONSHIPS})
_QUALIFIED_RANK = {t: type_rank(t) for t, m in RELATIONSHIPS.items() if m.qualifier is not None}
_REVERSE = frozenset(t for t, m in RELATIONSHIPS.items() if m.reverse)
_CITO = frozenset(t for t, m in RELATIONSHIPS.items() if m.cito)
_NAMED = frozenset(t for t, m in RELATIONSHIPS.items() if m.entities is not None)
_SAMPLED = 97  # an earlier qualified statement in this many is checked against the relationship it should hold


class Mismatch(Exception):
    """The earlier graph.ttl is not the file of the graph the delta was taken against."""


def _qualified_order(elements: GraphElements) -> np.ndarray:
    """Positions (graph.json's order) of the relationships that have a qualified node, in edge_order
    (type, then source id, then target id, as text)."""
    id_rank = {n: i for i, n in enumerate(sorted(str(n) for n, _ in elements.nodes))}
    edges = elements.edges
    kind = np.array([_QUALIFIED_RANK.get(e[3].get("type"), -1) for e in edges], np.int64)
    found = np.flatnonzero(kind >= 0)
    source = np.array([id_rank[str(e[0])] for e in edges], np.int64)[found]
    target = np.array([id_rank[str(e[1])] for e in edges], np.int64)[found]
    return found[np.lexsort((target, source, kind[found]))]


def _resolving_paper(u: str, v: str, data: dict) -> str | None:
    """The paper whose entities a relationship's names resolve to (None: it names none)."""
    spec = RELATIONSHIPS[data.get("type")].entities
    return None if spec is None else (u if spec.side == "source" else v)


def _rewritten(delta: GraphDelta) -> tuple[set[str], set[str]]:
    """(nodes whose statements are written again for their own or their relationships' changes;
    papers whose entity links changed)."""
    earlier, now = delta.earlier, delta.now
    touched = {n for (n, _), i in zip(now.nodes, delta.node_from.tolist()) if i < 0}
    changed_edges = [e for e, i in zip(now.edges, delta.edge_from.tolist()) if i < 0]
    kept = np.zeros(len(earlier.edges), bool)
    kept[delta.edge_from[delta.edge_from >= 0]] = True
    changed_edges += [earlier.edges[i] for i in np.flatnonzero(~kept).tolist()]
    papers: set[str] = set()
    for u, v, _, d in changed_edges:
        touched.add(u)
        touched.add(v)
        if d.get("type") in _ENTITY_RELS:
            papers.add(u)
    old_names = {n: d.get("name") for n, d in earlier.nodes}
    renamed = {n for n, d in now.nodes if n in old_names and old_names[n] != d.get("name")}
    if renamed:  # a name resolves to the entity by its name
        papers.update(u for u, v, _, d in now.edges if v in renamed and d.get("type") in _ENTITY_RELS)
    return touched, papers


def _statement_ends(earlier: bytes) -> np.ndarray:
    """Where each statement of the earlier file begins (the first: after its prefixes), then
    where the last one ends."""
    at = 0
    while earlier.startswith(b"@prefix ", at):
        at = earlier.index(b"\n", at) + 1
    if not earlier.endswith(_END):
        raise Mismatch("it does not end with a statement")
    parts = earlier[at:].split(_END)  # the last is empty: the file ends with a statement
    ends = np.fromiter(map(len, parts[:-1]), np.int64, len(parts) - 1) + len(_END)
    return np.concatenate([[at], at + np.cumsum(ends)])


def _node_edges(kg: KnowledgeGraph, walk: _GraphTriples, node: str) -> tuple[list[Edge], list[Edge]]:
    """A node's outgoing relationships and its incoming ones written from it (`reverse`), each in
    edge_order (as `_GraphTriples.edges_by_node` cuts them from all the graph's)."""
    rel = walk.rel
    out = [((_RANK[d.get("type")], str(v)), (node, v, d, m)) for v, keyed in kg.g._succ[node].items()
           for d in keyed.values() if not (m := rel(d)).reverse]
    into = [((_RANK[d.get("type")], str(u)), (u, node, d, m)) for u, keyed in kg.g._pred[node].items()
            for d in keyed.values() if d.get("type") in _REVERSE and (m := rel(d)).reverse]
    out.sort(key=_FIRST)
    into.sort(key=_FIRST)
    return [e for _, e in out], [e for _, e in into]


def _written(batches: list[list[Triple]], space: dict[str, str]) -> list[bytes]:
    """The statements of `batches` (a subject each), as write_turtle writes them."""
    if not batches:
        return []
    buffer = io.BytesIO()
    write_turtle(chain.from_iterable(batches), buffer, space, header=False)
    text = buffer.getvalue()
    return [part + _END for part in text[:-len(_END)].split(_END)]


def splice_turtle(kg: KnowledgeGraph, delta: GraphDelta, earlier: bytes, out: BinaryIO, base: str) -> None:
    """Write graph.ttl of `kg` from the earlier build's (its bytes) and `delta`."""
    walk = _GraphTriples(kg, IriMinter(base))
    space = prefixes(walk.minter.base)
    name = turtle_names(space)
    ends = _statement_ends(earlier)
    old_nodes, old_edges = delta.earlier.nodes, delta.earlier.edges
    old_qualified = _qualified_order(delta.earlier)
    first_node = len(ends) - 1 - len(old_nodes) - len(old_qualified)
    first_qualified = first_node + len(old_nodes)
    if first_node < 1:
        raise Mismatch("it holds fewer statements than the graph's nodes and qualified nodes")
    for i, (node, data) in enumerate(old_nodes):
        subject = name(walk.minter.node(data.get("label"), str(node))) + " "
        if not earlier.startswith(subject.encode(), int(ends[first_node + i])):
            raise Mismatch(f"its statement of node {node} is not there")
    for rank in range(0, len(old_qualified), _SAMPLED):
        u, v, _, d = old_edges[old_qualified[rank]]
        subject = name(walk.minter.link(RELATIONSHIPS[d.get("type")].slug, link_part(str(u)), link_part(str(v)))) + " "
        if not earlier.startswith(subject.encode(), int(ends[first_qualified + rank])):
            raise Mismatch(f"its statement of relationship {u} -> {v} is not there")
    qualified_rank = np.full(len(old_edges), -1, np.int64)
    qualified_rank[old_qualified] = np.arange(len(old_qualified))
    touched, papers = _rewritten(delta)
    # a BUILDS_ON's kinds of citation, in its source's statement, name the entities its target proposes
    if papers:
        touched.update(u for u, v, _, d in delta.now.edges
                       if d.get("type") in _CITO and _resolving_paper(u, v, d) in papers)

    # each statement of the new file: the earlier file's statement it copies, or -1 (written anew)
    now = delta.now
    copied: list[int] = []
    fresh: list[list[Triple]] = []
    for (node, data), i in zip(now.nodes, delta.node_from.tolist()):
        if i >= 0 and node not in touched:
            copied.append(first_node + i)
        else:
            copied.append(-1)
            fresh.append(walk.node(node, data, *_node_edges(kg, walk, node)))
    edge_from = delta.edge_from.tolist()
    resolved_anew = {j for j, (u, v, _, d) in enumerate(now.edges)
                     if d.get("type") in _NAMED and _resolving_paper(u, v, d) in papers} if papers else set()
    for j in _qualified_order(now).tolist():
        u, v, _, d = now.edges[j]
        i = edge_from[j]
        if i >= 0 and j not in resolved_anew:
            copied.append(first_qualified + int(qualified_rank[i]))
        else:
            copied.append(-1)
            fresh.append(walk.qualified(u, v, d, RELATIONSHIPS[d.get("type")]))
    written = iter(_written(fresh, space))
    del fresh
    write_turtle(walk.header(), out, space)
    view = memoryview(earlier)
    run_start = run_end = -1  # a run of earlier statements that follow one another, written at once
    for k in copied:
        if k >= 0 and k == run_end:
            run_end += 1
            continue
        if run_start >= 0:
            out.write(view[ends[run_start]:ends[run_end]])
        if k >= 0:
            run_start, run_end = k, k + 1
        else:
            run_start = run_end = -1
            out.write(next(written))
    if run_start >= 0:
        out.write(view[ends[run_start]:ends[run_end]])
