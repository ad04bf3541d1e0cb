"""The RDF view of a graph.parquet, made without building the graph: the same triples in the same
order as `triples.graph_triples` gives for the graph the file holds.

Three reads of the file, a batch of rows at a time:
1. the nodes' ids, labels and names, and the relationships' ends and types: every node's IRI is
   minted, each paper's entities noted (what SHARES_* and BUILDS_ON names resolve to), and the
   relationships written from their target (`reverse`: AUTHORED) kept by target;
2. the nodes, and beside them the relationships, which graph.parquet lists grouped by source in
   node order: each node's triples, and its relationships' direct triples; the relationships
   that carry values go to a spill file of their type;
3. the spill files, type by type: the relationships' qualified nodes.

What is held is per node (an IRI, a label), per entity link and per AUTHORED link, not the
relationships' values: at 20,000 papers the Turtle is written in half the memory that loading
the graph and writing it takes, in about the same time (see benchmarks/README.md, "graph.parquet").
"""
from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from ..errors import GraphkbError
from ..graph import edge_problem
from ..parquet_graph import checked_nodes, read_rows
from ..schema import type_rank
from .iris import IriMinter
from .triples import _ENTITY_NAMES, _ENTITY_RELS, RELATIONSHIPS, Edge, Terms, Triple, add_entity

# the labels whose entities SHARES_* and BUILDS_ON names resolve to
_NAMED_LABELS = frozenset(label for spec in _ENTITY_NAMES.values() for label in spec.labels)
# the relationships the first read notes: entity links, and those written from their target
_SURVEYED = frozenset(_ENTITY_RELS) | {name for name, m in RELATIONSHIPS.items() if m.reverse}
_SPILL_BATCH = 4096  # relationships spilled at a time (marshal: they are plain values)
_FIRST = itemgetter(0)


class _ParquetTriples(Terms):
    def __init__(self, path: Path, minter: IriMinter):
        super().__init__(minter)
        self.path = path
        self._entities: dict[str, dict[tuple[str, str, str], str]] = {}
        self._in_edges: dict[str, list[tuple[tuple, Edge]]] = {}
        self._survey()

    def entities_of(self, paper: str) -> dict[tuple[str, str, str], str]:
        return self._entities.get(paper, {})

    def _survey(self) -> None:
        """Read 1: mint every node, note each paper's entities and the reversed relationships."""
        names: dict[str, object] = {}
        for node, data in checked_nodes(self.path, ("name",)):
            self.add_node(node, data["label"])
            if data["label"] in _NAMED_LABELS and data.get("name") is not None:
                names[node] = data["name"]
        _, _, relationships = read_rows(self.path, keys=("type",), skip_nodes=True, types=_SURVEYED)
        for _, (source, target, _), data in relationships:
            rel_type = data["type"]
            if rel_type in _ENTITY_RELS and target in names and source in self.label:
                add_entity(self._entities.setdefault(source, {}), rel_type, self.label[target], names[target], target)
            m = self.rel(data)
            if m.reverse:
                self._in_edges.setdefault(target, []).append(((type_rank(rel_type), str(source)),
                                                              (source, target, {}, m)))

    def batches(self, spill_folder: Path) -> Iterator[list[Triple]]:
        """The triples, a list per node and per qualified node."""
        yield list(self.header())
        spills: dict[str, BinaryIO] = {}
        try:
            yield from self._nodes(spills, spill_folder)
            for rel_type in sorted(spills, key=type_rank):
                spill = spills[rel_type]
                spill.seek(0)
                m = self.rel({"type": rel_type})
                while size := int.from_bytes(spill.read(8), "little"):
                    for source, target, data in marshal.loads(spill.read(size)):
                        yield self.qualified(source, target, data, m)
        finally:
            for spill in spills.values():
                spill.close()

    def _nodes(self, spills: dict[str, BinaryIO], spill_folder: Path) -> Iterator[list[Triple]]:
        """Reads 2: each node's triples, its relationships' direct triples; those with values spilled."""
        _, node_count, nodes = read_rows(self.path)
        _, _, relationships = read_rows(self.path, skip_nodes=True)
        pending: dict[str, list] = {}  # each type's relationships not yet spilled
        relationship = next(relationships, None)
        for _, (node,), data in islice(nodes, node_count):
            own: list[tuple[tuple, Edge]] = []
            while relationship is not None:
                row_number, (source, target, key), rel = relationship
                if source != node and source in self.label:
                    break  # a later node's (or out of order: found at the end)
                problem = edge_problem(source, target, key, rel, self.label)
                if problem:
                    raise GraphkbError(f"{self.path}: row {row_number}: {problem}")
                own.append(((type_rank(rel["type"]), str(target)), (source, target, rel, self.rel(rel))))
                relationship = next(relationships, None)
            own.sort(key=_FIRST)
            incoming = sorted(self._in_edges.pop(node, ()), key=_FIRST)
            yield self.node(node, data, (e for _, e in own if not e[3].reverse), (e for _, e in incoming))
            for _, (source, target, rel, m) in own:
                if m.qualifier is None:
                    continue
                # each type's in edge_order: the schema gives a type one source label, so node order
                # (label, then id) is id order within a type; targets are sorted per source above
                rel_type = rel["type"]
                batch = pending.setdefault(rel_type, [])
                batch.append((source, target, rel))
                if len(batch) == _SPILL_BATCH:
                    self._spill(spills, spill_folder, rel_type, batch)
                    batch.clear()
        if relationship is not None:
            raise GraphkbError(f"{self.path}: row {relationship[0]}: a relationship out of graph.json's order "
                               "(relationships grouped by source, in node order)")
        for rel_type, batch in pending.items():
            if batch:
                self._spill(spills, spill_folder, rel_type, batch)

    @staticmethod
    def _spill(spills: dict[str, BinaryIO], folder: Path, rel_type: str, batch: list) -> None:
        spill = spills.get(rel_type)
        if spill is None:
            spill = spills[rel_type] = open(folder / f"{len(spills)}.marshal", "w+b")
        data = marshal.dumps(batch)  # (marshal.load from a file reads it in small pieces: 6x slower)
        spill.write(len(data).to_bytes(8, "little"))
        spill.write(data)


def parquet_triples(path: str | Path, base: str | None = None) -> Iterator[Triple]:
    """Every triple of the RDF view of the graph a graph.parquet holds, as `graph_triples` gives them
    for that graph, without building it; errors name the file and row."""
    terms = _ParquetTriples(Path(path), IriMinter(base))
    with tempfile.TemporaryDirectory(prefix="graphkb-rdf-") as folder:
        yield from chain.from_iterable(terms.batches(Path(folder)))
