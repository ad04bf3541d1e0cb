"""Turtle statements of qualified nodes made a column at a time (pyarrow.compute), not a triple at a time.

The qualified nodes (`triples.Terms.qualified`: who, what, how sure and why of each relationship
that carries values) are most of graph.ttl: at 100,000 papers the MENTIONS ones alone are 375 MB.
`QualifiedColumns` writes a piece of one relationship type's the way `writers.write_turtle`
writes their triples, byte for byte, but gathers each value into a column and lets Arrow cast,
escape and join the pieces of every statement at once (benchmarks/turtle_columns.py: 2x). What it
does not write the same way (BUILDS_ON's kinds of citation, a number with an exponent, a control
character, an IRI that is not a prefixed name) it leaves to the triples: it then returns None
for the piece.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import chain, groupby
from typing import BinaryIO, NamedTuple

from ..graph import KnowledgeGraph
from .iris import IriMinter
from .triples import (
    _EVIDENCE,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    WAS_DERIVED_FROM,
    Edge,
    Prop,
    RelMapping,
    Terms,
    _GraphTriples,
    decimal,
    integer,
    plain,
    text_en,
    text_field,
)
from .vocab import prefixes
from .writers import _LOCAL_ESCAPES, nt_literal, turtle_names, write_turtle

# what N-Triples escapes in a literal with a short escape; other control characters are left to the triples
_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
_RARE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
# repr(float) and Arrow's cast agree on the digits; they may not on when to write an exponent
_PLAIN_FLOAT = (1e-4, 1e15)

# qualified nodes made at a time: Arrow's strings hold at most 2 GB, and a piece's columns are let go
# before the next
PIECE = 65_536


class Statements(NamedTuple):
    text: bytes
    triples: int


class _Unwritten(Exception):
    """A value these columns do not write as the triples would."""


def _plain_floats(values: list) -> list:
    """`values` if each is None or a number repr() writes without an exponent; else _Unwritten."""
    low, high = _PLAIN_FLOAT
    for v in values:
        if v is not None and (type(v) not in (int, float) or not math.isfinite(v) or (v and not low <= abs(v) < high)):
            raise _Unwritten
    return values


def _column(pa, pc, prop: Prop, values: list, names: Callable[[str], str]):
    """One property's objects as Turtle text (null where the relationship has none), and how many
    triples each row's text holds."""
    convert = prop.convert
    if any(isinstance(v, list) for v in values):
        if convert not in (plain, text_en) or any(v is not None and not isinstance(v, list) for v in values):
            raise _Unwritten
        items = pa.array([None if v is None else [str(x) for x in v] for v in values], pa.list_(pa.string()))
        flat = _quoted(pa, pc, items.flatten(), convert)
        objects = pc.binary_join(pa.ListArray.from_arrays(items.offsets, flat), " , ")
        counts = pc.fill_null(pc.list_value_length(items), 0)
        objects = pc.if_else(pc.greater(counts, 0), objects, pa.scalar(None, pa.string()))
        return objects, counts
    if convert is decimal:
        text = pc.cast(pa.array(_plain_floats(values), pa.float64()), pa.string())
        objects = pc.if_else(pc.match_substring_regex(text, r"^[+-]?[0-9]+$"),
                             pc.binary_join_element_wise(text, ".0", ""), text)
    elif convert is integer:
        if any(v is not None and type(v) not in (int, bool) for v in values):
            raise _Unwritten
        objects = pc.cast(pa.array([None if v is None else int(v) for v in values], pa.int64()), pa.string())
    elif convert in (plain, text_en):
        objects = _quoted(pa, pc, pa.array([None if v is None else str(v) for v in values], pa.string()), convert)
    elif convert is text_field:
        field_names = {f: names(text_field(f)) for f in ("title", "abstract")}
        objects = pa.array([field_names.get(v) for v in values], pa.string())
    else:
        raise _Unwritten
    return objects, pc.cast(pc.is_valid(objects), pa.int64())


def _literal(lit) -> str:
    """A literal as write_turtle writes one without a datatype (`Lit`s of entity names: plain text)."""
    if lit.datatype is not None and not lit.lang:
        raise _Unwritten
    if "\ud800" <= max(lit.value, default="") and any("\ud800" <= ch <= "\udfff" for ch in lit.value):
        raise _Unwritten  # Arrow holds UTF-8: a lone surrogate is the triples' business
    return nt_literal(lit)


def _quoted(pa, pc, strings, convert: Callable):
    """Strings as literals: escaped, quoted, and tagged @en for English text."""
    if pc.any(pc.match_substring_regex(strings, _RARE)).as_py():
        raise _Unwritten
    for raw, escaped in _ESCAPES:
        strings = pc.replace_substring(strings, raw, escaped)
    return pc.binary_join_element_wise('"', strings, '"@en' if convert is text_en else '"', "")


class QualifiedColumns:
    """Writes qualified nodes a column at a time for one walk of a graph (`terms`), each node's Turtle
    name and link part made once. `names`: an IRI's Turtle name (writers.turtle_names)."""

    def __init__(self, terms: Terms, names: Callable[[str], str]):
        self.terms, self.names = terms, names
        self._iri_names: dict[str, str] = {}
        # a local part may not end in ".": such a node's qualified nodes are written <iri>
        self._ends = {n: p.translate(_LOCAL_ESCAPES) for n, p in terms.link_parts.items() if not p.endswith(".")}

    def _node_name(self, node: str) -> str:
        return self._iri_name(self.terms.iri[node])

    def _entity_names(self, m: RelMapping, edge: Edge) -> tuple[str, int]:
        """The statement's part for the entity names of a relationship (SHARES_*: a link to each
        entity a name is the paper's, else the name), written as `write_turtle` writes those triples
        (`,` between objects of the same predicate in a row), and their number."""
        source, target, data, _ = edge
        spec = m.entities
        paper = source if spec.side == "source" else target
        pairs = [pair for name in data.get(spec.key) or () for pair in self.terms._name_values(spec, paper, name)]
        text, last = [], None
        for predicate, obj in pairs:
            text.append(" , " if predicate == last else f" ;\n\t{self._iri_name(predicate)} ")
            text.append(self._iri_name(obj) if type(obj) is str else _literal(obj))
            last = predicate
        return "".join(text), len(pairs)

    def _iri_name(self, iri: str) -> str:
        """An IRI's Turtle name, made once (nodes, entities and predicates repeat)."""
        found = self._iri_names.get(iri)
        if found is None:
            found = self._iri_names[iri] = self.names(iri)
        return found

    def statements(self, edges: Sequence[Edge]) -> Statements | None:
        """The Turtle statements of the qualified nodes of `edges` (of one relationship type, in
        edge_order), as `write_turtle` writes `terms.qualified`'s triples; None when a value asks
        for what only the triples write."""
        if not edges:
            return Statements(b"", 0)
        m = edges[0][3]
        if m.qualifier is None or m.cito:
            return None
        import pyarrow as pa  # only here, as in parquet_graph.py: commands that write no Turtle start without it
        import pyarrow.compute as pc

        names, ends, minter = self.names, self._ends, self.terms.minter
        sources = [e[0] for e in edges]
        targets = [e[1] for e in edges]
        if any(t not in ends or s not in ends for s, t in zip(sources, targets)):
            return None
        s0, t0 = sources[0], targets[0]
        first = names(minter.link(m.slug, self.terms.link_parts[s0], self.terms.link_parts[t0]))
        suffix = f"{ends[s0]}\\/{ends[t0]}"
        if not first.endswith(suffix):
            return None  # not named under the link: prefix
        link_prefix = first[:-len(suffix)]
        node_name = self._node_name
        source_names = pa.array([node_name(s) for s in sources], pa.string())
        pieces = [pa.array([f"{link_prefix}{ends[s]}\\/{ends[t]}" for s, t in zip(sources, targets)], pa.string()),
                  f" a {names(m.qualifier)} ;\n\t{names(RDF_SUBJECT)} ", source_names,
                  f" ;\n\t{names(RDF_PREDICATE)} {names(m.predicate)} ;\n\t{names(RDF_OBJECT)} ",
                  pa.array([node_name(t) for t in targets], pa.string())]
        triples = pa.array([4] * len(edges), pa.int64())
        try:
            columns = [(prop, [e[2].get(prop.key) for e in edges]) for prop in m.props]
            if m.evidence:
                evidence = [e[2].get("evidence") for e in edges]
                evidence = [ev if isinstance(ev, dict) else None for ev in evidence]
                has = pa.array([ev is not None for ev in evidence], pa.bool_())
                derived = pc.if_else(has, pc.binary_join_element_wise(f" ;\n\t{names(WAS_DERIVED_FROM)} ",
                                                                      source_names, ""),
                                     pa.scalar(None, pa.string()))
                columns.append((None, (derived, pc.cast(has, pa.int64()))))
                columns += [(prop, [None if ev is None else ev.get(prop.key) for ev in evidence]) for prop in _EVIDENCE]
            for prop, values in columns:
                if prop is None:
                    lines, counts = values
                else:
                    objects, counts = _column(pa, pc, prop, values, names)
                    lines = pc.binary_join_element_wise(f" ;\n\t{names(prop.predicate)} ", objects, "")
                pieces.append(lines)
                triples = pc.add(triples, counts)
            if m.entities is not None:
                named = [self._entity_names(m, e) for e in edges]
                pieces.append(pa.array([text for text, _ in named], pa.string()))
                triples = pc.add(triples, pa.array([n for _, n in named], pa.int64()))
        except (_Unwritten, pa.ArrowInvalid, UnicodeEncodeError):
            return None
        pieces.append(" .\n")
        text = pc.binary_join_element_wise(*pieces, "", null_handling="replace", null_replacement="")
        _, offsets, data = text.buffers()  # the strings one after the other: the statements' bytes
        start, stop = (int.from_bytes(offsets[4 * i:4 * i + 4], "little", signed=True)
                       for i in (text.offset, text.offset + len(text)))
        return Statements(data[start:stop].to_pybytes(), pc.sum(triples).as_py())


def graph_turtle(kg: KnowledgeGraph, out: BinaryIO, base: str) -> int:
    """graph.ttl of `kg`, the bytes `write_turtle(graph_triples(kg, base))` writes: the header and the
    nodes by their triples, then the qualified nodes of each relationship type a piece at a time, by
    columns where they can be (`QualifiedColumns`), else by their triples. Returns the triple count."""
    walk = _GraphTriples(kg, IriMinter(base))
    space = prefixes(walk.minter.base)
    count = write_turtle(chain.from_iterable(walk.node_batches()), out, space)
    columns = QualifiedColumns(walk, turtle_names(space))
    qualified = (e for e in walk.edges() if e[3].qualifier is not None)
    for _, of_type in groupby(qualified, key=lambda e: e[2].get("type")):
        of_type = list(of_type)
        for start in range(0, len(of_type), PIECE):
            piece = of_type[start:start + PIECE]
            made = columns.statements(piece)
            if made is None:
                count += write_turtle(chain.from_iterable(walk.qualified(*e) for e in piece), out, space, header=False)
            else:
                out.write(made.text)
                count += made.triples
    return count
