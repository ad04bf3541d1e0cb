"""The vocabularies of the RDF view: namespace IRIs and the prefixes written into every file.

Standard vocabularies come first (Dublin Core terms, FaBiO, CiTO, PROV-O, SKOS,
schema.org, FOAF); `gkb:` holds what they lack. Its namespace is fixed (the
ontology is the same for every export); `--base` only moves the resources.
"""
from __future__ import annotations

from ..schema import NODE_TYPES

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCTERMS = "http://purl.org/dc/terms/"
FABIO = "http://purl.org/spar/fabio/"
CITO = "http://purl.org/spar/cito/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"
GKB = "https://graphkb.org/ontology#"
ONTOLOGY = "https://graphkb.org/ontology"  # the owl:Ontology of ontology.ttl

DEFAULT_BASE = "https://graphkb.org/id/"

# prefix -> namespace, in the order they are written
VOCABULARIES: dict[str, str] = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "dcterms": DCTERMS, "fabio": FABIO,
    "cito": CITO, "prov": PROV, "skos": SKOS, "schema": SCHEMA, "foaf": FOAF, "void": VOID,
    "gkb": GKB,
}

# well-known terms, by the name used in the code
TYPE = RDF + "type"
XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
XSD_BOOLEAN = XSD + "boolean"
XSD_DECIMAL = XSD + "decimal"
XSD_DOUBLE = XSD + "double"
XSD_DATE = XSD + "date"
XSD_GYEAR = XSD + "gYear"
XSD_GYEARMONTH = XSD + "gYearMonth"
XSD_ANYURI = XSD + "anyURI"
LANG_STRING = RDF + "langString"

# path segment of each label's resources under the base: <base>method/grpo
SEGMENTS: dict[str, str] = {n.label: n.short for n in NODE_TYPES}
LINK_SEGMENT = "link"  # qualified relationship nodes: <base>link/uses/<paper>/<method>


def prefixes(base: str) -> dict[str, str]:
    """Prefixes for a file whose resources live under `base` (one per label, plus `kb:`)."""
    out = dict(VOCABULARIES)
    out["kb"] = base
    for segment in SEGMENTS.values():
        out[segment] = f"{base}{segment}/"
    out[LINK_SEGMENT] = f"{base}{LINK_SEGMENT}/"
    return out
