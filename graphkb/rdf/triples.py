"""The KnowledgeGraph as RDF triples: one mapping table per label and per relationship type.

Terms are plain values so every writer can turn them into its own objects
cheaply: an IRI is a `str`, a literal is a `Lit`. Each relationship becomes one
direct triple (`paper gkb:uses method`, easy to query and to count) and, when it
carries scores or evidence, one qualified node (`gkb:Mention`, `gkb:Similarity`,
...) with `rdf:subject`/`rdf:predicate`/`rdf:object` and those values, so plain
RDF 1.1 tools can read them. Triples come grouped by subject, so Turtle writers
can nest them.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import NamedTuple, Union

from ..errors import GraphkbError
from ..graph import KnowledgeGraph, edge_list
from ..schema import NODE_TYPES, RELATIONSHIP_TYPES, Property, RelType, edge_order, label_rank
from .iris import IriMinter, link_part
from .vocab import (
    CITO,
    DCTERMS,
    GKB,
    ONTOLOGY,
    PROV,
    RDF,
    SKOS,
    TYPE,
    VOCABULARIES,
    VOID,
    XSD_ANYURI,
    XSD_BOOLEAN,
    XSD_DATE,
    XSD_DECIMAL,
    XSD_DOUBLE,
    XSD_GYEAR,
    XSD_GYEARMONTH,
    XSD_INTEGER,
)


class Lit(NamedTuple):
    """An RDF literal: lexical form, datatype IRI (None: xsd:string) and language tag."""

    value: str
    datatype: str | None = None
    lang: str | None = None


Term = Union[str, Lit]  # a str is an IRI
Triple = tuple[str, str, Term]
Converter = Callable[[object], Lit | str | None]


# -- literal converters -------------------------------------------------------------------------

def text_en(v) -> Lit:
    """Titles, abstracts, sentences and key phrases: English text (the extractors are English-only)."""
    return Lit(str(v), None, "en")


def plain(v) -> Lit:
    return Lit(str(v))


def boolean(v) -> Lit:
    return Lit("true" if v else "false", XSD_BOOLEAN)


def integer(v) -> Lit:
    return Lit(str(int(v)), XSD_INTEGER)


def decimal(v) -> Lit:
    x = float(v)
    if not math.isfinite(x):
        return Lit("INF" if x > 0 else "-INF" if x < 0 else "NaN", XSD_DOUBLE)
    text = repr(x)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return Lit(text, XSD_DECIMAL)


_DATE_TYPES = ((re.compile(r"\d{4}-\d{2}-\d{2}\Z"), XSD_DATE), (re.compile(r"\d{4}-\d{2}\Z"), XSD_GYEARMONTH),
               (re.compile(r"\d{4}\Z"), XSD_GYEAR))


def date(v) -> Lit:
    """ISO dates as xsd:date (or gYearMonth / gYear when that is all we know), else plain text."""
    text = str(v)
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(text):
            return Lit(text, datatype)
    return Lit(text)


def year(v) -> Lit:
    return Lit(f"{int(v):04d}", XSD_GYEAR)


def any_uri(v) -> Lit:
    return Lit(str(v), XSD_ANYURI)


_FIELDS = {"title": DCTERMS + "title", "abstract": DCTERMS + "abstract"}


def text_field(v) -> str | None:
    """The paper property an evidence offset points into, as the property's IRI."""
    return _FIELDS.get(v)


# -- mapping tables -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Prop:
    """A node or relationship property written as `predicate` with one triple per value."""

    key: str
    predicate: str
    convert: Converter


@dataclass(frozen=True)
class NodeMapping:
    classes: tuple[str, ...]  # rdf:type values; the first is the gkb class
    props: tuple[Prop, ...]
    scheme: str | None = None  # skos:inScheme <base>NAME


IDENTIFIER = DCTERMS + "identifier"  # every node: its graphkb id, as in graph.json and Neo4j

# how a value of each schema property kind is written
CONVERTERS: dict[str, Converter] = {"text": text_en, "string": plain, "integer": integer, "float": decimal,
                                    "boolean": boolean,
                                    "date": date, "year": year, "uri": any_uri, "month_count": plain}


def expand(curie: str) -> str:
    """`gkb:Paper` -> the full IRI, by the prefixes of vocab.VOCABULARIES."""
    prefix, _, local = curie.partition(":")
    return VOCABULARIES[prefix] + local


def _props(properties: Iterable[Property]) -> tuple[Prop, ...]:
    """The schema's properties that are written as plain values (evidence and entity names have
    their own shapes, below)."""
    return tuple(Prop(p.key, expand(p.rdf), CONVERTERS[p.kind]) for p in properties
                 if p.rdf and p.kind in CONVERTERS)


# Concepts and topics are SKOS concepts of a scheme each: <base>NAME, with its English label.
SCHEME_OF_LABEL = {"Concept": "concepts", "Topic": "topics"}
SCHEMES = {"concepts": "Concepts", "topics": "Topics"}

NODES: dict[str, NodeMapping] = {
    n.label: NodeMapping(tuple(map(expand, n.rdf_classes)), _props(n.properties), SCHEME_OF_LABEL.get(n.label))
    for n in NODE_TYPES}


@dataclass(frozen=True, eq=False)
class EntityNames:
    """A relationship property holding entity names (SHARES_* `names`, BUILDS_ON `via`).

    Each name becomes a link to the entity (`predicate`) when the paper on `side`
    has it under one of `rels` (with a label in `labels`), else stays text (`fallback`).
    Compared and hashed by identity (there is one per relationship type): a cheap cache key.
    """

    key: str
    side: str  # "source" or "target"
    rels: tuple[str, ...]
    labels: tuple[str, ...]
    predicate: str
    fallback: str


@dataclass(frozen=True)
class RelMapping:
    """How one relationship type is written.

    `predicate` links source to target (target to source when `reverse`), one
    triple per relationship. `qualifier` is the class of the qualified node that
    carries `props` (and the evidence, when `evidence`; entity links, when
    `entities`); None when there is none. `cito`: also write CiTO's kind of
    citation (usesMethodIn / usesDataFrom) from the entities it went through.
    """

    predicate: str
    slug: str
    qualifier: str | None = None
    props: tuple[Prop, ...] = ()
    evidence: bool = False
    reverse: bool = False
    entities: EntityNames | None = None
    cito: bool = False


_ENTITY_RELS = ("PROPOSES", "USES", "EVALUATED_ON")
# What the entity names of a relationship link to: the entities the paper on one side has.
_ENTITY_NAMES = {
    "SHARES_METHOD": EntityNames("names", "source", _ENTITY_RELS, ("Method",), GKB + "sharedEntity",
                                 GKB + "sharedName"),
    "SHARES_BENCHMARK": EntityNames("names", "source", _ENTITY_RELS, ("Benchmark",), GKB + "sharedEntity",
                                    GKB + "sharedName"),
    "BUILDS_ON": EntityNames("via", "target", ("PROPOSES",), ("Method", "Benchmark"), GKB + "via",
                             GKB + "viaName"),
}
_CITATIONS = {"BUILDS_ON"}  # inferred citations: CiTO says what the citing paper took


def _rel_mapping(r: RelType) -> RelMapping:
    return RelMapping(expand(r.rdf), r.slug, expand(r.qualifier) if r.qualifier else None,
                      _props(r.properties), evidence=r.property("evidence") is not None,
                      reverse=r.rdf_reverse, entities=_ENTITY_NAMES.get(r.type), cito=r.type in _CITATIONS)


RELATIONSHIPS: dict[str, RelMapping] = {r.type: _rel_mapping(r) for r in RELATIONSHIP_TYPES}

_EVIDENCE = (Prop("sentence", GKB + "sentence", text_en), Prop("start", GKB + "startOffset", integer),
             Prop("end", GKB + "endOffset", integer), Prop("rule", GKB + "rule", plain),
             Prop("field", GKB + "inField", text_field))
_CITO_BY_LABEL = {"Method": CITO + "usesMethodIn", "Benchmark": CITO + "usesDataFrom"}


# -- the triples --------------------------------------------------------------------------------

# the terms every qualified node and every node repeats
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = RDF + "subject", RDF + "predicate", RDF + "object"
WAS_DERIVED_FROM = PROV + "wasDerivedFrom"
IN_SCHEME = SKOS + "inScheme"
HAS_CITATION_CHARACTERIZATION = CITO + "hasCitationCharacterization"


def _values(subject: str, props: Iterable[Prop], data: dict, out: list[Triple]) -> None:
    """Append `subject`'s triples for the values `data` holds under `props` (one per list item)."""
    for prop in props:
        value = data.get(prop.key)
        if value is None:
            continue
        if isinstance(value, list):
            for item in value:
                term = prop.convert(item)
                if term is not None:
                    out.append((subject, prop.predicate, term))
        else:
            term = prop.convert(value)
            if term is not None:
                out.append((subject, prop.predicate, term))


def _edge_order(edge: tuple) -> tuple:
    """edge_order for (source, target, data) triples."""
    return edge_order(*edge)


Edge = tuple[str, str, dict, RelMapping]  # source, target, data and how its type is written


class Terms:
    """What every walk of a graph shares: each node's IRI, label and link part (minted once), and the
    triples of one node and of one relationship.

    A walker mints every node first (`add_node`), then gives the nodes in the canonical order
    (label, then id) with their edges, and the relationships in edge_order; it says which
    entities a paper links to (`entities_of`), which names in SHARES_* and BUILDS_ON resolve to.
    """

    def __init__(self, minter: IriMinter):
        self.minter = minter
        self.iri: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.link_parts: dict[str, str] = {}  # node id -> its segment of qualified nodes' IRIs
        self._owner: dict[str, str] = {}
        self._name_terms: dict[tuple[EntityNames, str, str], tuple[tuple[str, Term], ...]] = {}
        self._schemes = {name: minter.resource(name) for name in SCHEMES}

    def add_node(self, node_id: str, label) -> None:
        if label not in NODES:
            raise GraphkbError(f"node {node_id!r}: unknown label {label!r} (expected one of {', '.join(NODES)})")
        iri = self.minter.node(label, str(node_id))
        if iri in self._owner:
            raise GraphkbError(f"nodes {self._owner[iri]!r} and {node_id!r} would share the IRI <{iri}>")
        self._owner[iri] = node_id
        self.iri[node_id], self.label[node_id] = iri, label
        self.link_parts[node_id] = link_part(str(node_id))

    def entities_of(self, paper: str) -> dict[tuple[str, str, str], str]:
        """(relationship type, label, name) -> id of the entities a paper links to (PROPOSES, USES,
        EVALUATED_ON; of two entities with one name, the lower id)."""
        raise NotImplementedError

    @staticmethod
    def rel(data: dict) -> RelMapping:
        try:
            return RELATIONSHIPS[data.get("type")]
        except KeyError:
            raise GraphkbError(f"unknown relationship type {data.get('type')!r} (expected one of "
                               f"{', '.join(RELATIONSHIPS)})") from None

    def named_entities(self, spec: EntityNames, source: str, target: str, data: dict
                       ) -> Iterator[tuple[str | None, str]]:
        """(entity id or None when it is not linked, name) for each name in the relationship."""
        paper = source if spec.side == "source" else target
        for name in data.get(spec.key) or ():
            yield from self._entities_named(spec, paper, name)

    def _entities_named(self, spec: EntityNames, paper: str, name) -> list[tuple[str | None, str]]:
        """named_entities for one name on one paper."""
        known = self.entities_of(paper)
        ids = [known[k] for k in ((rel, label, name) for rel in spec.rels for label in spec.labels) if k in known]
        return [(entity, str(name)) for entity in dict.fromkeys(ids)] if ids else [(None, str(name))]

    def _name_values(self, spec: EntityNames, paper: str, name) -> tuple[tuple[str, Term], ...]:
        """The (predicate, object) pairs one name gives a qualified node: a link to each entity it
        names, else the name as text. Made once per paper and name: papers share the same names often."""
        key = (spec, paper, name)
        found = self._name_terms.get(key)
        if found is None:
            found = tuple((spec.predicate, self.iri[entity]) if entity is not None else (spec.fallback, Lit(text))
                          for entity, text in self._entities_named(spec, paper, name))
            self._name_terms[key] = found
        return found

    def citation_kinds(self, m: RelMapping, source: str, target: str, data: dict) -> list[str]:
        """CiTO's characterisation of an inferred citation: what the citing paper took."""
        if not m.cito or m.entities is None:
            return []
        kinds = {_CITO_BY_LABEL.get(self.label[e]) for e, _ in self.named_entities(m.entities, source, target, data)
                 if e is not None}
        return sorted(kinds - {None})

    def header(self) -> Iterator[Triple]:
        dataset = self.minter.resource("dataset")
        yield dataset, TYPE, VOID + "Dataset"
        yield dataset, DCTERMS + "title", Lit("graphkb knowledge graph", None, "en")
        yield dataset, VOID + "uriSpace", Lit(self.minter.base)
        for namespace in VOCABULARIES.values():
            yield dataset, VOID + "vocabulary", ONTOLOGY if namespace == GKB else namespace
        present = {m.scheme for m in (NODES[label] for label in set(self.label.values())) if m.scheme}
        for name, title in SCHEMES.items():
            if name in present:
                scheme = self.minter.resource(name)
                yield scheme, TYPE, SKOS + "ConceptScheme"
                yield scheme, SKOS + "prefLabel", Lit(title, None, "en")

    def node(self, node_id: str, data: dict, out_edges: Iterable[Edge], in_edges: Iterable[Edge]) -> list[Triple]:
        """A node's own triples, then the direct triples of its relationships (the same subject): its
        outgoing ones, then the incoming ones written from the target (`reverse`), each in edge_order.

        Lists, not generators, here and in `qualified`: the walkers give a list per node and per
        qualified node, chained in C (`itertools.chain.from_iterable`), with no generator step per
        triple (a sixth of the mapping's time at 20,000 papers)."""
        iri = self.iri
        mapping = NODES[self.label[node_id]]
        s = iri[node_id]
        out: list[Triple] = [(s, TYPE, cls) for cls in mapping.classes]
        out.append((s, IDENTIFIER, Lit(str(node_id))))
        _values(s, mapping.props, data, out)
        if mapping.scheme:
            out.append((s, IN_SCHEME, self._schemes[mapping.scheme]))
        for _, target, rel, m in out_edges:
            out.append((s, m.predicate, iri[target]))
            if m.cito:
                for kind in self.citation_kinds(m, node_id, target, rel):
                    out.append((s, kind, iri[target]))
        for source, _, _, m in in_edges:
            out.append((s, m.predicate, iri[source]))
        return out

    def qualified(self, source: str, target: str, data: dict, m: RelMapping) -> list[Triple]:
        """The node of a relationship that carries values (`m.qualifier`): who, what, how sure and why."""
        iri, part = self.iri, self.link_parts
        q = self.minter.link(m.slug, part[source], part[target])
        out: list[Triple] = [(q, TYPE, m.qualifier), (q, RDF_SUBJECT, iri[source]), (q, RDF_PREDICATE, m.predicate),
                             (q, RDF_OBJECT, iri[target])]
        _values(q, m.props, data, out)
        if m.evidence and isinstance(data.get("evidence"), dict):
            out.append((q, WAS_DERIVED_FROM, iri[source]))
            _values(q, _EVIDENCE, data["evidence"], out)
        if m.entities is not None:
            spec = m.entities
            paper = source if spec.side == "source" else target
            for name in data.get(spec.key) or ():
                for p, o in self._name_values(spec, paper, name):
                    out.append((q, p, o))
            for kind in self.citation_kinds(m, source, target, data):
                out.append((q, HAS_CITATION_CHARACTERIZATION, kind))
        return out


def add_entity(found: dict[tuple[str, str, str], str], rel_type: str, label: str, name, target: str) -> None:
    """Note in a paper's `entities_of` that it links to `target` (of `label`, named `name`) by `rel_type`;
    of two entities with one name, the lower id is kept, whatever order they come in."""
    key = (rel_type, label, name)
    kept = found.get(key)
    if kept is None or str(target) < str(kept):
        found[key] = target


class _GraphTriples(Terms):
    """The triples of a KnowledgeGraph: its nodes minted at once, its edges read from the graph's own
    dicts (graph.edge_list) and sorted once, so a graph gives the same bytes whether it comes
    straight from the build or from graph.json."""

    def __init__(self, kg: KnowledgeGraph, minter: IriMinter):
        super().__init__(minter)
        self.g = kg.g
        for node_id, data in self.g.nodes(data=True):
            self.add_node(node_id, data.get("label"))
        self._edges: list[Edge] | None = None
        self._entities: dict[str, dict[tuple[str, str, str], str]] = {}

    def edges(self) -> list[Edge]:
        """Every (source, target, data, mapping) in the canonical order (edge_order; ties as the graph
        lists them). An unknown relationship type is an error here, before any triple."""
        if self._edges is None:
            edges = [(u, v, d) for u, v, _, d in edge_list(self.g)]
            edges.sort(key=_edge_order)
            self._edges = [(u, v, d, self.rel(d)) for u, v, d in edges]
        return self._edges

    def edges_by_node(self) -> tuple[dict[str, list], dict[str, list]]:
        """Each node's outgoing edges and its incoming edges written from the target (`reverse`),
        each list in the canonical order.

        Cut from the one sorted list: within a source (or a target) edge_order orders by
        type, then by the other end, as sorting each node's own edges would.
        """
        out_edges: dict[str, list] = {}
        in_edges: dict[str, list] = {}
        for edge in self.edges():
            source, target, _, m = edge
            by_node, node = (in_edges, target) if m.reverse else (out_edges, source)
            found = by_node.get(node)
            if found is None:
                by_node[node] = [edge]
            else:
                found.append(edge)
        return out_edges, in_edges

    def entities_of(self, paper: str) -> dict[tuple[str, str, str], str]:
        found = self._entities.get(paper)
        if found is None:
            found = {}
            nodes = self.g._node
            for target, keyed in self.g._succ[paper].items():
                for data in keyed.values():
                    if data.get("type") in _ENTITY_RELS:
                        name = nodes[target].get("name")
                        if name is not None:
                            add_entity(found, data["type"], self.label[target], name, target)
            self._entities[paper] = found
        return found

    def batches(self) -> Iterator[list[Triple]]:
        """The triples, a list per node and per qualified node."""
        yield from self.node_batches()
        for source, target, data, m in self.edges():
            if m.qualifier is not None:
                yield self.qualified(source, target, data, m)

    def node_batches(self) -> Iterator[list[Triple]]:
        """The triples before the qualified nodes: the header's, then a list per node."""
        yield list(self.header())
        out_edges, in_edges = self.edges_by_node()
        label_of = self.label
        for node_id, data in sorted(self.g.nodes(data=True), key=lambda nd: (label_rank(label_of[nd[0]]), str(nd[0]))):
            yield self.node(node_id, data, out_edges.get(node_id, ()), in_edges.get(node_id, ()))


def graph_triples(kg: KnowledgeGraph, base: str | None = None) -> Iterator[Triple]:
    """Every triple of the RDF view of `kg`, grouped by subject, in a stable order."""
    yield from chain.from_iterable(_GraphTriples(kg, IriMinter(base)).batches())
