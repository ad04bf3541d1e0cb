"""graph.ttl by columns beside graph.ttl by triples: time, and the same bytes.

Side by side in one process, from one build folder's graph, alternated `--runs` times:
  triples   every triple made by rdf/triples.py and written by rdf/writers.py's `write_turtle`
            (how graph.ttl was written before 2026-12-02)
  columns   what the build writes now (rdf/columns.py `graph_turtle`): the nodes by their triples,
            the qualified nodes a piece at a time by pyarrow.compute
Each run checks that both give the same bytes and the same triple count.

    .venv/bin/python benchmarks/turtle_columns.py OUT_FOLDER [--runs 2]
"""
from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

from graphkb.graph import KnowledgeGraph
from graphkb.memory import gc_paused
from graphkb.rdf.columns import graph_turtle
from graphkb.rdf.triples import graph_triples
from graphkb.rdf.vocab import DEFAULT_BASE, prefixes
from graphkb.rdf.writers import write_turtle


def by_triples(kg: KnowledgeGraph, out: io.BytesIO) -> int:
    return write_turtle(graph_triples(kg, DEFAULT_BASE), out, prefixes(DEFAULT_BASE))


def by_columns(kg: KnowledgeGraph, out: io.BytesIO) -> int:
    return graph_turtle(kg, out, DEFAULT_BASE)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="a build folder (its graph.json or graph.parquet is read)")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    t = time.perf_counter()
    kg = KnowledgeGraph.load(args.folder)
    print(f"graph read in {time.perf_counter() - t:.1f} s: {kg.g.number_of_edges():,} relationships", flush=True)
    for run in range(1, args.runs + 1):
        made = {}
        for name, write in (("triples", by_triples), ("columns", by_columns)):
            out = io.BytesIO()
            with gc_paused():
                t = time.perf_counter()
                count = write(kg, out)
                made[name] = (time.perf_counter() - t, count, out.getvalue())
        (t_triples, n_triples, triples), (t_columns, n_columns, columns) = made["triples"], made["columns"]
        print(f"run {run}: triples {t_triples:.2f} s | columns {t_columns:.2f} s | x{t_triples / t_columns:.1f}; "
              f"{len(columns) / 1e6:,.1f} MB, {n_columns:,} triples; the same bytes and count: "
              f"{columns == triples and n_columns == n_triples}", flush=True)


if __name__ == "__main__":
    main()
