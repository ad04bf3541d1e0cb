"""Shared by the RDF tests: the vocabulary contract and a tiny graph with every kind of node and link."""
from __future__ import annotations

import rdflib
from rdflib import URIRef

from graphkb.graph import KnowledgeGraph

GKB = "https://graphkb.org/ontology#"
DCT = "http://purl.org/dc/terms/"
CITO = "http://purl.org/spar/cito/"
BASE = "https://graphkb.org/id/"
# the contract of the README's vocabulary table
CLASSES = {label: GKB + label for label in
           ("Paper", "Method", "Benchmark", "Concept", "Topic", "Repository", "Author")}
PREDICATES = {
    "PROPOSES": GKB + "proposes", "USES": GKB + "uses", "EVALUATED_ON": GKB + "evaluatedOn",
    "MENTIONS": GKB + "mentions", "HAS_CODE": GKB + "hasCode", "SIMILAR_TO": GKB + "similarTo",
    "SHARES_METHOD": GKB + "sharesMethod", "SHARES_BENCHMARK": GKB + "sharesBenchmark",
    "BUILDS_ON": GKB + "buildsOn", "IN_TOPIC": GKB + "inTopic", "AUTHORED": DCT + "creator",
    "VARIANT_OF": GKB + "variantOf",
}


def node_iri(g: rdflib.Graph, node_id: str) -> URIRef:
    """The one subject whose dcterms:identifier is `node_id`."""
    subjects = list(g.subjects(URIRef(DCT + "identifier"), rdflib.Literal(node_id)))
    assert len(subjects) == 1, node_id
    return subjects[0]


def make_tiny_graph() -> KnowledgeGraph:
    """Every label, relationship type and property kind, with ids no IRI could hold as they are."""
    kg = KnowledgeGraph()
    kg.add_node("Paper", "2401.00001", title="Group Relative Policy Optimization for Maths",
                abstract="We propose GRPO. We evaluate on GSM8K.", date="2024-01-05", year=2024,
                arxiv_id="2401.00001", url="https://arxiv.org/abs/2401.00001", authors=["Ada Lovelace"],
                categories=["cs.CL", "cs.LG"], listing_date="Jan 5", sources=["a.jsonl:1"])
    kg.add_node("Paper", "odd id with spaces <>\"{}|^`\\ and #frag?q=1%", title='Ünïcode "quotes"\n\tand\\',
                abstract="Uses GRPO on GSM8K.", date="2024-02", sources=["b.csv:2"])
    kg.add_node("Paper", "paper:ü/ß", title="Third", abstract="Mentions nothing.", date="2023",
                sources=["c.txt:3"])
    kg.add_node("Method", "method:grpo", name="GRPO", aliases=["Group Relative Policy Optimization"],
                paper_count=2)
    kg.add_node("Method", "method:Ü-Net/2", name="Ü-Net/2", paper_count=1)
    kg.add_node("Benchmark", "benchmark:gsm8k", name="GSM8K", paper_count=2)
    kg.add_node("Concept", "concept:policy-optimisation", name="policy optimisation", paper_count=2)
    kg.add_node("Topic", "topic:1", name="policy, maths", top_terms=["policy", "maths"], size=2)
    kg.add_node("Repository", "repo:github.com/ada/grpo", url="https://github.com/ada/grpo")
    kg.add_node("Author", "author:ada-lovelace", name="Ada Lovelace")
    ev = {"sentence": "We propose GRPO.", "start": 0, "end": 16, "rule": "we-propose", "field": "abstract"}
    kg.add_edge("PROPOSES", "2401.00001", "method:grpo", confidence=0.9, evidence=ev, mention="GRPO")
    kg.add_edge("PROPOSES", "2401.00001", "benchmark:gsm8k", confidence=0.8, evidence=ev, mention="GSM8K")
    kg.add_edge("USES", "odd id with spaces <>\"{}|^`\\ and #frag?q=1%", "method:grpo", confidence=0.75,
                evidence={"sentence": "Uses GRPO on GSM8K.", "start": 0, "end": 19, "rule": "lexicon",
                          "field": "abstract"}, mention="GRPO")
    kg.add_edge("USES", "paper:ü/ß", "method:Ü-Net/2", confidence=1e-05,
                evidence={"sentence": "Third", "start": 0, "end": 5, "rule": "title", "field": "title"},
                mention="Ü-Net/2")
    kg.add_edge("EVALUATED_ON", "odd id with spaces <>\"{}|^`\\ and #frag?q=1%", "benchmark:gsm8k",
                confidence=0.6, evidence={"sentence": "Uses GRPO on GSM8K.", "start": 0, "end": 19,
                                          "rule": "evaluated-on", "field": "abstract"}, mention="GSM8K")
    kg.add_edge("MENTIONS", "2401.00001", "concept:policy-optimisation", weight=1.0, evidence=ev)
    kg.add_edge("HAS_CODE", "2401.00001", "repo:github.com/ada/grpo",
                evidence={"sentence": "We propose GRPO.", "start": 0, "end": 16, "rule": "url", "field": "abstract"})
    kg.add_edge("SIMILAR_TO", "2401.00001", "odd id with spaces <>\"{}|^`\\ and #frag?q=1%", score=0.4321,
                shared_terms=["grpo", "gsm8k"])
    kg.add_edge("SHARES_METHOD", "2401.00001", "odd id with spaces <>\"{}|^`\\ and #frag?q=1%", count=1,
                names=["GRPO"])
    kg.add_edge("SHARES_BENCHMARK", "2401.00001", "odd id with spaces <>\"{}|^`\\ and #frag?q=1%", count=1,
                names=["GSM8K"])
    kg.add_edge("BUILDS_ON", "odd id with spaces <>\"{}|^`\\ and #frag?q=1%", "2401.00001",
                via=["GRPO", "GSM8K"])
    kg.add_edge("IN_TOPIC", "2401.00001", "topic:1", weight=0.7)
    kg.add_edge("AUTHORED", "author:ada-lovelace", "2401.00001")
    kg.add_edge("VARIANT_OF", "method:Ü-Net/2", "method:grpo")
    return kg
