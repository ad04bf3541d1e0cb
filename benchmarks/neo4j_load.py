"""Loading speed into a Bolt server: the batched loader at several batch sizes, beside a naive peer.

Generates a graph shaped like graphkb's (papers with evidence-carrying links to methods,
benchmarks and concepts, similarity and sharing links between papers) of at least 100k
nodes and 500k relationships, loads it into the local Bolt server (ArcadeDB from
graphkb[server]) with `graphkb load neo4j`'s loader, once per batch size, each into a
fresh server process (so each figure includes the server's JVM warming up), reloads it
(nothing changed: the load reads the database, compares, and writes nothing), loads a
changed graph over it (5% of the papers gone with their links, as many new ones, 5% of the
USES links with another confidence: the exact-sync path) and wipes it. The peer, in the
same run and on the same server: a naive loader that sends one MERGE per row in its own
transaction, on a sample of the same rows.

    .venv/bin/python benchmarks/neo4j_load.py                  # ~4 minutes on 2 cores
    .venv/bin/python benchmarks/neo4j_load.py --scale 0.2 --batch-sizes 5000   # quick look
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from graphkb.graph import KnowledgeGraph
from graphkb.graphdb.connection import connect
from graphkb.graphdb.loader import Neo4jLoader
from graphkb.graphdb.rows import graph_rows
from graphkb.graphdb.server import LocalBoltServer
from graphkb.graphdb.statements import node_statement, relationship_statement

WORDS = ("model language reasoning training data benchmark agent vision diffusion policy reward "
         "retrieval alignment tuning scaling token attention transformer graph robot video").split()


def generate(scale: float = 1.0, seed: int = 7) -> KnowledgeGraph:
    """A graphkb-shaped graph: at scale 1, 100,400 nodes and 544,000 relationships."""
    rnd = random.Random(seed)
    n_papers, n_methods, n_benchmarks = int(20_000 * scale), int(40_000 * scale), int(20_000 * scale)
    n_concepts, n_topics, n_repos = int(15_000 * scale), max(10, int(400 * scale)), int(5_000 * scale)
    kg = KnowledgeGraph()

    def text(n):
        return " ".join(rnd.choice(WORDS) for _ in range(n))

    def evidence():
        sentence = text(18).capitalize() + "."
        start = rnd.randrange(0, 800)
        return {"sentence": sentence, "start": start, "end": start + len(sentence),
                "rule": rnd.choice(("lexicon", "we-propose", "evaluated-on", "token")), "field": "abstract"}

    papers = [f"paper-{i:06d}" for i in range(n_papers)]
    for p in papers:
        kg.add_node("Paper", p, title=text(10).title(), abstract=text(120), listing_date="Jul 31",
                    sources=[f"papers.jsonl:{rnd.randrange(1, 10**6)}"])
    entities = {}
    for label, prefix, n in (("Method", "method", n_methods), ("Benchmark", "benchmark", n_benchmarks)):
        entities[label] = [f"{prefix}:{i}" for i in range(n)]
        for e in entities[label]:
            kg.add_node(label, e, name=text(2).title(), aliases=[text(3)], paper_count=rnd.randrange(1, 50))
    concepts = [f"concept:{i}" for i in range(n_concepts)]
    for c in concepts:
        kg.add_node("Concept", c, name=text(2), paper_count=rnd.randrange(2, 30))
    topics = [f"topic:{i}" for i in range(n_topics)]
    for t in topics:
        kg.add_node("Topic", t, name=text(3), top_terms=text(8).split(), size=rnd.randrange(5, 500))
    repos = [f"repo:github.com/x/{i}" for i in range(n_repos)]
    for r in repos:
        kg.add_node("Repository", r, url="https://" + r[5:])

    def distinct(population, k):
        return rnd.sample(population, k)
    for i, p in enumerate(papers):
        for m in distinct(entities["Method"], 8):
            kg.add_edge("USES", p, m, evidence=evidence(), confidence=round(rnd.random(), 2), mention=text(1))
        for b in distinct(entities["Benchmark"], 4):
            kg.add_edge("EVALUATED_ON", p, b, evidence=evidence(), confidence=round(rnd.random(), 2),
                        mention=text(1))
        kg.add_edge("PROPOSES", p, rnd.choice(entities["Method"]), evidence=evidence(), confidence=0.9,
                    mention=text(1))
        for c in distinct(concepts, 5):
            kg.add_edge("MENTIONS", p, c, weight=round(rnd.random(), 3), evidence=evidence())
        kg.add_edge("IN_TOPIC", p, rnd.choice(topics), weight=round(rnd.random(), 3))
        for q in distinct(papers, 5):
            if q != p:
                kg.add_edge("SIMILAR_TO", p, q, score=round(rnd.random(), 4), shared_terms=text(5).split())
        for q in distinct(papers, 3):
            if q != p:
                kg.add_edge("SHARES_METHOD", p, q, count=1, names=[text(2)])
        if i % 4 == 0:
            kg.add_edge("HAS_CODE", p, rnd.choice(repos), evidence=evidence())
    return kg


def changed(kg: KnowledgeGraph, share: float = 0.05, seed: int = 11) -> KnowledgeGraph:
    """`kg` with `share` of its papers gone (and their links), as many new papers linked like the
    others, and `share` of its USES links with another confidence."""
    rnd = random.Random(seed)
    out = KnowledgeGraph(kg.g.copy())
    papers = sorted(n for n, _ in kg.nodes("Paper"))
    n = int(len(papers) * share)
    out.g.remove_nodes_from(rnd.sample(papers, n))
    methods = sorted(m for m, _ in kg.nodes("Method"))
    survivors = sorted(p for p, _ in out.nodes("Paper"))
    for i in range(n):
        p = f"paper-new-{i:06d}"
        out.add_node("Paper", p, title=f"New paper {i}", abstract="new " * 100, sources=[f"new.jsonl:{i}"])
        for m in rnd.sample(methods, 8):
            out.add_edge("USES", p, m, confidence=0.5, mention="new",
                         evidence={"sentence": "We use it.", "start": 0, "end": 10, "rule": "token",
                                   "field": "abstract"})
        for q in rnd.sample(survivors, 5):
            out.add_edge("SIMILAR_TO", p, q, score=0.5, shared_terms=["new"])
    uses = [(u, v) for u, v, _ in out.edges("USES")]
    for u, v in rnd.sample(uses, int(len(uses) * share)):
        out.g.edges[u, v, "USES"]["confidence"] = -1.0
    return out


def measure_loader(kg: KnowledgeGraph, batch_size: int, heap: str, reload: bool,
                   other: KnowledgeGraph | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="graphkb-bench-") as root, \
            LocalBoltServer(Path(root), heap=heap) as server:
        with connect(server.endpoint.target()) as connection:
            loader = Neo4jLoader(connection, batch_size=batch_size)
            report = loader.load(kg)
            counts = loader.counts()
            result = {"batch": batch_size, "report": report, "counts_ok": counts == (
                dict(kg.node_counts()), dict(kg.edge_counts()))}
            if reload:
                result["reload"] = loader.load(kg)
            if other is not None:
                result["change"] = loader.load(other)
                result["counts_ok"] &= loader.counts() == (dict(other.node_counts()), dict(other.edge_counts()))
            t = time.perf_counter()
            result["wipe"] = (loader.wipe(), time.perf_counter() - t)
    return result


def measure_naive(kg: KnowledgeGraph, sample: int, heap: str) -> dict:
    """The peer: the same statements, one row per statement and transaction."""
    rows = graph_rows(kg)
    rnd = random.Random(1)
    node_plan = [(node_statement(label), r) for label, group in rows.nodes.items() for r in group]
    rel_plan = [(relationship_statement(key), r) for key, group in rows.relationships.items() for r in group]
    node_share = len(node_plan) / (len(node_plan) + len(rel_plan))
    nodes = rnd.sample(node_plan, int(sample * node_share))
    rels = rnd.sample(rel_plan, sample - len(nodes))
    with tempfile.TemporaryDirectory(prefix="graphkb-bench-") as root, \
            LocalBoltServer(Path(root), heap=heap) as server:
        with connect(server.endpoint.target()) as connection:
            Neo4jLoader(connection).apply_schema()
            Neo4jLoader(connection).load(_endpoints_only(kg, rels))  # rels need their endpoints
            t = time.perf_counter()
            for statement, row in nodes + rels:
                connection.write(statement, {"rows": [row]})
            seconds = time.perf_counter() - t
    return {"rows": len(nodes) + len(rels), "seconds": seconds}


def _endpoints_only(kg: KnowledgeGraph, rels) -> KnowledgeGraph:
    needed = {r["src"] for _, r in rels} | {r["dst"] for _, r in rels}
    out = KnowledgeGraph()
    for n in needed:
        data = dict(kg.g.nodes[n])
        out.add_node(data.pop("label"), n, **data)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="graph size (1.0: 100k nodes, 544k rels)")
    parser.add_argument("--batch-sizes", default="1000,5000,10000")
    parser.add_argument("--naive-sample", type=int, default=3000, help="rows the naive peer sends")
    parser.add_argument("--heap", default="3g", help="server heap")
    args = parser.parse_args()

    t = time.perf_counter()
    kg = generate(args.scale)
    nodes, rels = len(kg), kg.g.number_of_edges()
    print(f"graph: {nodes:,} nodes, {rels:,} relationships ({nodes + rels:,} rows), "
          f"generated in {time.perf_counter() - t:.1f} s")
    other = changed(kg)
    print(f"changed graph: {len(other):,} nodes, {other.g.number_of_edges():,} relationships")
    sizes = [int(s) for s in args.batch_sizes.split(",")]
    print(f"\n{'batch':>6} {'load s':>8} {'rows/s':>8} {'nodes/s':>8} {'rels/s':>8} "
          f"{'tx':>5} {'reload s':>9} {'reload rows/s':>14} {'changed s':>10} {'written':>8} {'wipe s':>7}")
    results = []
    for size in sizes:
        r = measure_loader(kg, size, args.heap, reload=True, other=other)
        rep, rel, chg = r["report"], r["reload"], r["change"]
        results.append(r)
        print(f"{size:>6} {rep.seconds:>8.1f} {rep.rows / rep.seconds:>8,.0f} "
              f"{nodes / rep.stage_seconds['nodes']:>8,.0f} {rels / rep.stage_seconds['relationships']:>8,.0f} "
              f"{rep.transactions:>5} {rel.seconds:>9.1f} {rel.rows / rel.seconds:>14,.0f} "
              f"{chg.seconds:>10.1f} {chg.rows_written:>8,} {r['wipe'][1]:>7.1f}"
              + ("" if r["counts_ok"] else "  COUNTS WRONG"), flush=True)
        print(f"{'':>6} stages (s): load " + ", ".join(f"{k} {v:.1f}" for k, v in rep.stage_seconds.items())
              + "; reload " + ", ".join(f"{k} {v:.1f}" for k, v in rel.stage_seconds.items())
              + "; changed " + ", ".join(f"{k} {v:.1f}" for k, v in chg.stage_seconds.items()), flush=True)
    naive = measure_naive(kg, args.naive_sample, args.heap)
    naive_rate = naive["rows"] / naive["seconds"]
    best = max(results, key=lambda r: r["report"].rows / r["report"].seconds)
    best_rate = best["report"].rows / best["report"].seconds
    print(f"\npeer, naive loader (one MERGE per row and transaction, {naive['rows']:,}-row sample): "
          f"{naive_rate:,.0f} rows/s")
    print(f"batched loader at batch {best['batch']}: {best_rate:,.0f} rows/s, "
          f"{best_rate / naive_rate:.0f}x the naive loader; target >= 10,000 rows/s: "
          f"{'met' if best_rate >= 10_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
