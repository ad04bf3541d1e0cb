"""RDF export speed: triples/second for N-Triples and Turtle on a generated graph of ~1M triples.

Side by side in one run, from the same KnowledgeGraph to a file on disk:
  graphkb     the export as shipped (N-Triples and Turtle written directly)
  pyoxigraph  Turtle from graphkb's N-Triples parsed back by pyoxigraph (how graphkb wrote it until
              2026-12; RDF/XML still goes so), and the same triples as pyoxigraph objects, written
              by pyoxigraph.serialize
  rdflib      the same triples added to an rdflib.Graph, written by Graph.serialize
The mapping (KnowledgeGraph -> triples) is timed on its own too, as is
reading each file back. Target: N-Triples >= 200k triples/s, Turtle within 3x of that.

    .venv/bin/python benchmarks/rdf_export.py [--triples 1000000] [--no-rdflib-turtle]
"""
from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graphkb.export.rdf import write_rdf
from graphkb.graph import KnowledgeGraph
from graphkb.rdf.triples import graph_triples
from graphkb.rdf.vocab import DEFAULT_BASE, prefixes
from graphkb.rdf.writers import oxigraph_writer, rdflib_graph

WORDS = ("model learning language training data reasoning policy reward agent benchmark vision "
         "transformer attention diffusion retrieval alignment preference robust efficient scaling "
         "evaluation dataset multimodal token optimization gradient continual memory graph").split()


def ox_triples(triples):
    """The same triples as pyoxigraph objects, made one by one in Python (IRI objects cached:
    predicates and types repeat): the peer of graphkb's writers, which feed pyoxigraph N-Triples."""
    node = lru_cache(maxsize=100_000)(ox.NamedNode)  # bounded: subjects of big graphs rarely repeat
    for s, p, o in triples:
        if type(o) is str:
            obj = node(o)
        elif o.lang:
            obj = ox.Literal(o.value, language=o.lang)
        elif o.datatype:
            obj = ox.Literal(o.value, datatype=node(o.datatype))
        else:
            obj = ox.Literal(o.value)
        yield ox.Triple(node(s), node(p), obj)

def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generated_graph(papers: int, seed: int = 7) -> KnowledgeGraph:
    """A graph shaped like a real build: per paper 3 USES, 1 EVALUATED_ON, 2 MENTIONS, 1 IN_TOPIC,
    3 SIMILAR_TO, 2 SHARES_METHOD, each with the values a build gives them."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    n_methods, n_benchmarks, n_concepts, n_topics = papers // 4, papers // 20, papers // 10, 50
    for i in range(n_methods):
        kg.add_node("Method", f"method:m{i}", name=f"Method-{i}", aliases=[f"M{i} long form"], paper_count=3)
    for i in range(n_benchmarks):
        kg.add_node("Benchmark", f"benchmark:b{i}", name=f"Bench-{i}", paper_count=5)
    for i in range(n_concepts):
        kg.add_node("Concept", f"concept:c{i}", name=f"concept {i}", paper_count=2)
    for i in range(n_topics):
        kg.add_node("Topic", f"topic:{i + 1}", name=f"topic {i}", top_terms=rng.sample(WORDS, 5), size=papers // 50)
    ids = [f"{2400 + i // 100000}.{i % 100000:05d}" for i in range(papers)]
    for i, pid in enumerate(ids):
        sentences = [sentence(rng, rng.randint(12, 25)) for _ in range(6)]
        abstract = " ".join(sentences)
        kg.add_node("Paper", pid, title=sentence(rng, 10), abstract=abstract, date="2024-05-17", year=2024,
                    arxiv_id=pid, listing_date="May 17", sources=[f"papers.jsonl:{i + 1}"])
        offset = 0
        spans = []
        for s in sentences:
            spans.append({"sentence": s, "start": offset, "end": offset + len(s), "rule": "lexicon",
                          "field": "abstract"})
            offset += len(s) + 1
        for k in rng.sample(range(n_methods), 3):
            kg.add_edge("USES", pid, f"method:m{k}", confidence=round(rng.random(), 3), evidence=rng.choice(spans),
                        mention=f"Method-{k}")
        b = rng.randrange(n_benchmarks)
        kg.add_edge("EVALUATED_ON", pid, f"benchmark:b{b}", confidence=0.9, evidence=spans[-1], mention=f"Bench-{b}")
        for c in rng.sample(range(n_concepts), 2):
            kg.add_edge("MENTIONS", pid, f"concept:c{c}", weight=round(rng.random(), 4), evidence=spans[0])
        kg.add_edge("IN_TOPIC", pid, f"topic:{rng.randrange(n_topics) + 1}", weight=0.3)
    for i, pid in enumerate(ids):
        for j in rng.sample(range(papers), 3):
            if j != i:
                kg.add_edge("SIMILAR_TO", pid, ids[j], score=round(rng.random(), 4), shared_terms=rng.sample(WORDS, 3))
        for j in rng.sample(range(papers), 2):
            if j != i:
                kg.add_edge("SHARES_METHOD", pid, ids[j], count=1, names=["Method-0"])
    return kg


def timed(fn):
    gc.collect()
    t = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="about how many triples to generate")
    ap.add_argument("--no-rdflib-turtle", action="store_true", help="skip rdflib's (slow) Turtle serializer")
    args = ap.parse_args(argv)

    kg, secs = timed(lambda: generated_graph(max(10, args.triples // 131)))
    n = sum(1 for _ in graph_triples(kg))
    print(f"generated graph: {len(kg):,} nodes, {kg.g.number_of_edges():,} relationships -> {n:,} triples "
          f"({secs:.1f} s to generate)\n")
    pre = prefixes(DEFAULT_BASE)
    rows = []

    def report(engine: str, what: str, seconds: float, path: Path | None = None):
        size = f"{path.stat().st_size / 1e6:8.1f} MB" if path else " " * 11
        rows.append((engine, what, seconds))
        print(f"{engine:<11} {what:<34} {seconds:7.2f} s  {n / seconds:>11,.0f} triples/s  {size}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        _, s = timed(lambda: sum(1 for _ in graph_triples(kg)))
        report("graphkb", "mapping only (no output)", s)

        for fmt, ext in (("nt", ".nt"), ("turtle", ".ttl")):
            path = out / f"graphkb{ext}"
            _, s = timed(lambda: write_rdf(kg, path, fmt))
            report("graphkb", f"{fmt} (as shipped)", s, path)

        path = out / "ox-from-nt.ttl"
        from_nt = oxigraph_writer(ox.RdfFormat.TURTLE)
        with open(path, "wb") as fh:
            _, s = timed(lambda: from_nt(graph_triples(kg), fh, pre))
        report("pyoxigraph", "turtle (from our N-Triples)", s, path)

        for fmt, oxfmt, ext in (("nt", ox.RdfFormat.N_TRIPLES, ".nt"), ("turtle", ox.RdfFormat.TURTLE, ".ttl")):
            path = out / f"ox{ext}"
            _, s = timed(lambda: ox.serialize(ox_triples(graph_triples(kg)), str(path), oxfmt, prefixes=pre))
            report("pyoxigraph", f"{fmt} (objects + serialize)", s, path)

        graph, s_build = timed(lambda: rdflib_graph(graph_triples(kg)))
        report("rdflib", "mapping + Graph.add (no output)", s_build)
        for fmt, ext in (("nt", ".nt"), ("turtle", ".ttl")):
            if fmt == "turtle" and args.no_rdflib_turtle:
                continue
            path = out / f"rdflib{ext}"
            _, s = timed(lambda g=graph: g.serialize(str(path), format=fmt, encoding="utf-8"))
            report("rdflib", f"{fmt} (Graph + serialize)", s_build + s, path)
        del graph

        print("\nreading back (pyoxigraph Store.bulk_load):")
        for ext, oxfmt in ((".nt", ox.RdfFormat.N_TRIPLES), (".ttl", ox.RdfFormat.TURTLE)):
            store = ox.Store()
            _, s = timed(lambda: store.bulk_load(path=str(out / f"graphkb{ext}"), format=oxfmt))
            assert len(store) == n, (len(store), n)
            print(f"  graphkb{ext}: {s:.2f} s, {n / s:,.0f} triples/s")

    by = {(e, w): s for e, w, s in rows}
    nt = n / by[("graphkb", "nt (as shipped)")]
    ttl = n / by[("graphkb", "turtle (as shipped)")]
    print(f"\nN-Triples {nt:,.0f} triples/s (target >= 200,000): {'OK' if nt >= 200_000 else 'MISSED'}")
    print(f"Turtle    {ttl:,.0f} triples/s, {nt / ttl:.1f}x slower than N-Triples (target <= 3x): "
          f"{'OK' if nt / ttl <= 3 else 'MISSED'}")
    from_nt = by[("pyoxigraph", "turtle (from our N-Triples)")]
    print(f"graphkb Turtle is {from_nt / by[('graphkb', 'turtle (as shipped)')]:.2f}x as fast as pyoxigraph's "
          "from the same N-Triples")
    rd = by.get(("rdflib", "nt (Graph + serialize)"))
    if rd:
        print(f"graphkb N-Triples is {rd / by[('graphkb', 'nt (as shipped)')]:.1f}x faster than rdflib's")
    rd = by.get(("rdflib", "turtle (Graph + serialize)"))
    if rd:
        print(f"graphkb Turtle is {rd / by[('graphkb', 'turtle (as shipped)')]:.1f}x faster than rdflib's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
