"""The graph schema: every node label and relationship type, in one place.

A node type says how its ids are minted (`method:grpo`), which properties it
carries and how each is typed, what it is in RDF and how it is drawn. A
relationship type says which labels it links, its properties, its RDF predicate
and qualifier class, and its colour. The graph model, id minting, the RDF view,
the Neo4j statements, the HTML legend and the tests all read these tables:
adding a type is an entry here (see docs/architecture.md, "Extending graphkb").

RDF terms are written as CURIEs (`gkb:Paper`, `dcterms:title`) over the
prefixes of graphkb/rdf/vocab.py, so this module imports nothing of the stages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Property kinds: how a value is typed in RDF (and read by people). A list of values is
# written as one triple per value, whatever the kind.
PROPERTY_KINDS = (
    "text",  # English prose: titles, abstracts, sentences, key phrases
    "string",  # a name, an identifier, a code
    "integer",
    "float",
    "boolean",
    "date",  # ISO date, year-month or year
    "year",
    "uri",
    "evidence",  # {sentence, start, end, rule, field}: why an extracted link exists
    "names",  # entity names a paper-to-paper link went through (linked to the entities in RDF)
    "month_count",  # "YYYY-MM:N": N papers in that month (see month_count below)
)
_NAME_RE = re.compile(r"^[A-Z][A-Za-z]*$|^[A-Z][A-Z_]*[A-Z]$")


@dataclass(frozen=True)
class Property:
    """One property of a node or relationship: its key in graph.json, its kind, and the
    RDF predicate it is written as (None: not written in RDF, e.g. a paper's author names,
    which are Author nodes there)."""

    key: str
    kind: str
    rdf: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in PROPERTY_KINDS:
            raise ValueError(f"property {self.key!r}: unknown kind {self.kind!r}")


@dataclass(frozen=True)
class NodeType:
    """A node label.

    `short` names the label in ids (`method:grpo`), RDF IRIs (`<base>method/grpo`) and
    Neo4j constraint names; ids carry it as a prefix unless `prefixed` is False (papers keep
    their input ids). `indexed`: properties Neo4j indexes for lookups.
    """

    label: str
    short: str
    properties: tuple[Property, ...]
    rdf_classes: tuple[str, ...]  # rdf:type values, the gkb class first
    colour: str
    shape: str  # a vis-network shape whose label sits below it
    description: str
    prefixed: bool = True
    indexed: tuple[str, ...] = ()

    @property
    def id_prefix(self) -> str:
        return f"{self.short}:" if self.prefixed else ""

    def property(self, key: str) -> Property | None:
        return next((p for p in self.properties if p.key == key), None)


@dataclass(frozen=True)
class RelType:
    """A relationship type: from one of `sources` to one of `targets`.

    `symmetric`: one edge per pair of papers, its direction meaningless (source id < target id).
    `rdf`: the predicate of the direct triple; `rdf_reverse` writes it from target to source.
    `qualifier`: the class of the node that carries the properties in RDF (None: none).
    """

    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[Property, ...]
    rdf: str
    colour: str
    description: str
    qualifier: str | None = None
    symmetric: bool = False
    rdf_reverse: bool = False

    @property
    def slug(self) -> str:
        """The type in IRIs: `evaluated-on`."""
        return self.type.lower().replace("_", "-")

    def property(self, key: str) -> Property | None:
        return next((p for p in self.properties if p.key == key), None)


_NAME = Property("name", "string", "skos:prefLabel")
# When an entity's papers were written (graphkb/link/trends.py): the earliest and latest date of its
# papers, and how many of them each month; only papers whose date gives the month count
TIMELINE = (Property("first_seen", "date", "gkb:firstSeen"), Property("last_seen", "date", "gkb:lastSeen"),
            Property("papers_per_month", "month_count", "gkb:papersPerMonth"))
_ENTITY = (_NAME, Property("aliases", "string", "skos:altLabel"), Property("paper_count", "integer", "gkb:paperCount"),
           *TIMELINE)
_EVIDENCE = Property("evidence", "evidence")
_MENTION = (Property("confidence", "float", "gkb:confidence"), Property("mention", "string", "gkb:mentionText"),
            _EVIDENCE)

NODE_TYPES: tuple[NodeType, ...] = (
    NodeType("Paper", "paper", (
        Property("title", "text", "dcterms:title"),
        Property("abstract", "text", "dcterms:abstract"),
        Property("date", "date", "dcterms:date"),
        Property("year", "year", "fabio:hasPublicationYear"),
        Property("arxiv_id", "string", "fabio:hasArXivId"),
        Property("doi", "string", "gkb:doi"),
        Property("url", "uri", "fabio:hasURL"),
        Property("authors", "string"),
        Property("listing_date", "string", "gkb:listingDate"),
        Property("categories", "string", "gkb:arxivCategory"),
        Property("sources", "string", "gkb:sourceRecord"),
        Property("references_outside", "integer", "gkb:referencesOutside"),
        Property("cited_only", "boolean", "gkb:citedOnly"),
    ), ("gkb:Paper", "schema:ScholarlyArticle"), "#4e79a7", "dot",
        "a paper, one per real-world paper (duplicates merged)", prefixed=False,
        indexed=("title", "arxiv_id", "date")),
    NodeType("Method", "method", _ENTITY, ("gkb:Method",), "#f28e2b", "diamond",
             "a named method, model or technique", indexed=("name",)),
    NodeType("Benchmark", "benchmark", _ENTITY, ("gkb:Benchmark", "schema:Dataset"), "#e15759", "square",
             "a dataset or benchmark", indexed=("name",)),
    NodeType("Concept", "concept", (
        Property("name", "text", "skos:prefLabel"), Property("paper_count", "integer", "gkb:paperCount"), *TIMELINE,
    ), ("gkb:Concept", "skos:Concept"), "#76b7b2", "triangle", "a key phrase several papers share",
        indexed=("name",)),
    NodeType("Topic", "topic", (
        Property("name", "text", "skos:prefLabel"), Property("top_terms", "text", "gkb:topTerm"),
        Property("size", "integer", "gkb:size"),
    ), ("gkb:Topic", "skos:Concept"), "#59a14f", "star", "a theme: a cluster of papers", indexed=("name",)),
    NodeType("Repository", "repo", (Property("url", "uri", "fabio:hasURL"),),
             ("gkb:Repository", "schema:SoftwareSourceCode"), "#b07aa1", "hexagon",
             "a code or project URL a paper gives", indexed=("url",)),
    NodeType("Author", "author", (Property("name", "string", "foaf:name"),), ("gkb:Author", "foaf:Person"),
             "#9c755f", "triangleDown", "an author (when inputs carry authors)", indexed=("name",)),
    NodeType("Task", "task", _ENTITY, ("gkb:Task",), "#17becf", "square",
             "a problem papers work on (\"semantic segmentation\")", indexed=("name",)),
)

RELATIONSHIP_TYPES: tuple[RelType, ...] = (
    RelType("PROPOSES", ("Paper",), ("Method", "Benchmark"), _MENTION, "gkb:proposes", "#f28e2b",
            "the paper introduces the method or benchmark", qualifier="gkb:Mention"),
    RelType("USES", ("Paper",), ("Method",), _MENTION, "gkb:uses", "#f5b176",
            "the paper uses the method", qualifier="gkb:Mention"),
    RelType("EVALUATED_ON", ("Paper",), ("Benchmark",), _MENTION, "gkb:evaluatedOn", "#e15759",
            "the paper evaluates on the benchmark", qualifier="gkb:Mention"),
    RelType("MENTIONS", ("Paper",), ("Concept",), (Property("weight", "float", "gkb:weight"), _EVIDENCE),
            "gkb:mentions", "#76b7b2", "the paper has the key phrase", qualifier="gkb:Mention"),
    RelType("HAS_CODE", ("Paper",), ("Repository",), (_EVIDENCE,), "gkb:hasCode", "#b07aa1",
            "the paper gives the URL", qualifier="gkb:Mention"),
    RelType("SIMILAR_TO", ("Paper",), ("Paper",), (
        Property("score", "float", "gkb:score"), Property("shared_terms", "text", "gkb:sharedTerm"),
    ), "gkb:similarTo", "#4e79a7", "thematic similarity", qualifier="gkb:Similarity", symmetric=True),
    RelType("SHARES_METHOD", ("Paper",), ("Paper",), (
        Property("count", "integer", "gkb:count"), Property("names", "names"),
    ), "gkb:sharesMethod", "#edc948", "the papers use methods in common", qualifier="gkb:SharedEntities",
        symmetric=True),
    RelType("SHARES_BENCHMARK", ("Paper",), ("Paper",), (
        Property("count", "integer", "gkb:count"), Property("names", "names"),
    ), "gkb:sharesBenchmark", "#ff9da7", "the papers use benchmarks in common",
        qualifier="gkb:SharedEntities", symmetric=True),
    RelType("BUILDS_ON", ("Paper",), ("Paper",), (
        Property("via", "names"), Property("proposal_sentence", "text", "gkb:proposalSentence"), _EVIDENCE,
    ), "gkb:buildsOn", "#222222", "inferred citation: the source uses what the target proposes (evidence: the "
        "source's sentence; proposal_sentence: the target's)", qualifier="gkb:InferredCitation"),
    RelType("IN_TOPIC", ("Paper",), ("Topic",), (Property("weight", "float", "gkb:weight"),), "gkb:inTopic",
            "#59a14f", "the paper belongs to the topic", qualifier="gkb:TopicMembership"),
    RelType("AUTHORED", ("Author",), ("Paper",), (), "dcterms:creator", "#9c755f", "the author wrote the paper",
            rdf_reverse=True),
    RelType("ADDRESSES", ("Paper",), ("Task",), (_EVIDENCE,), "gkb:addresses", "#17becf",
            "the paper works on the task", qualifier="gkb:Mention"),
    RelType("VARIANT_OF", ("Method",), ("Method",), (), "gkb:variantOf", "#8cd17d",
            "a version, size or tuned variant of a method family (Llama-3-70B of Llama 3)"),
    RelType("CITES", ("Paper",), ("Paper",), (
        Property("citation_source", "string", "gkb:citationSource"),
        Property("contexts", "text", "gkb:citationContext"),
        Property("intents", "string", "gkb:citationIntent"),
    ), "cito:cites", "#000000", "a real citation (OpenAlex, Semantic Scholar), added by `graphkb enrich citations`",
        qualifier="gkb:RecordedCitation"),
)

NODES: dict[str, NodeType] = {n.label: n for n in NODE_TYPES}
TIMELINE_LABELS: tuple[str, ...] = tuple(n.label for n in NODE_TYPES if n.property("papers_per_month"))
RELATIONSHIPS: dict[str, RelType] = {r.type: r for r in RELATIONSHIP_TYPES}
LABELS: tuple[str, ...] = tuple(NODES)  # the canonical order of labels
REL_TYPES: tuple[str, ...] = tuple(RELATIONSHIPS)  # the canonical order of relationship types
_LABEL_RANK = {label: i for i, label in enumerate(LABELS)}
_TYPE_RANK = {t: i for i, t in enumerate(REL_TYPES)}


def _check() -> None:
    """The tables are consistent: names are safe identifiers, endpoints are labels, ids are apart."""
    shorts = [n.short for n in NODE_TYPES]
    assert len(set(shorts)) == len(shorts), "two labels share a short name"
    for name in (*LABELS, *REL_TYPES):
        assert _NAME_RE.match(name), f"{name!r} is not a safe label or type name"
    for r in RELATIONSHIP_TYPES:
        assert set(r.sources) | set(r.targets) <= set(NODES), f"{r.type}: unknown endpoint label"


_check()


def label_rank(label: str | None) -> int:
    """A label's place in the canonical order (LABELS; anything else last)."""
    return _LABEL_RANK.get(label, len(LABELS))


def type_rank(rel_type: str | None) -> int:
    """A relationship type's place in the canonical order (REL_TYPES; anything else last)."""
    return _TYPE_RANK.get(rel_type, len(REL_TYPES))


def edge_order(source, target, data: dict) -> tuple:
    """The canonical order of relationships: by type, then source id, then target id."""
    return type_rank(data.get("type")), str(source), str(target)


_MONTH_COUNT = re.compile(r"^(\d{4}-(?:0[1-9]|1[0-2])):([1-9]\d*)$")


def month_count(month: str, count: int) -> str:
    """One value of `papers_per_month`: `month_count("2025-07", 3) == "2025-07:3"`.

    A month and its count travel as one string so that they stay paired in every export:
    Neo4j stores a list of strings (it has no maps), and RDF writes a list as one triple per
    value, which would lose the pairing of two parallel lists. The text sorts by month, and
    Cypher (`split(v, ':')`) and SPARQL (`STRBEFORE(?v, ":")`) take it apart.
    """
    return f"{month}:{count}"


def parse_month_count(value: str) -> tuple[str, int]:
    """`"2025-07:3"` -> `("2025-07", 3)`; ValueError for anything else."""
    m = _MONTH_COUNT.match(str(value))
    if not m:
        raise ValueError(f"not a month count (YYYY-MM:N): {str(value)[:40]!r}")
    return m.group(1), int(m.group(2))


def month_span(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` (YYYY-MM), both included: the axis of a timeline."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def node_id(label: str, local: str) -> str:
    """The id of a `label` node from its local part: `node_id("Method", "grpo") == "method:grpo"`."""
    return NODES[label].id_prefix + local


_RESERVED_PREFIXES = tuple(n.id_prefix for n in NODE_TYPES if n.prefixed)


def paper_id(raw: str) -> str:
    """A paper's id from its input id, kept apart from the other labels' ids: an input id that
    looks like one (`method:grpo`, `topic:1`) becomes `paper:method:grpo`, as does one that
    starts with `paper:` itself (so two different inputs never meet)."""
    if raw.startswith(_RESERVED_PREFIXES) or raw.startswith("paper:"):
        return "paper:" + raw
    return raw
