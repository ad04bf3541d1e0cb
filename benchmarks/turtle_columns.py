"""A spike for issue 14's write stage: Turtle made from graph.parquet's columns with pyarrow.compute.

The MENTIONS relationships' qualified nodes (a quarter of graph.ttl) two ways, from one build
folder, in one process:
  graphkb   as the build writes them: rdf/triples.py's triples for each relationship, written by
            rdf/writers.py's `write_turtle` (one Python step per triple)
  columns   the same statements made whole columns at a time: the ends' and the qualified node's
            names taken from a table of the nodes' names, the literals cast and escaped by Arrow,
            each statement joined element-wise (`binary_join_element_wise`)
Both are checked byte for byte against the folder's graph.ttl.

    .venv/bin/python benchmarks/turtle_columns.py OUT_FOLDER
"""
from __future__ import annotations

import argparse
import io
import time
from itertools import chain
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from graphkb.graph import KnowledgeGraph
from graphkb.memory import gc_paused
from graphkb.rdf.iris import IriMinter, link_part
from graphkb.rdf.triples import _GraphTriples
from graphkb.rdf.vocab import prefixes
from graphkb.rdf.writers import turtle_names, write_turtle

COLUMNS = ["id", "label", "source", "target", "type", "weight", "evidence.sentence", "evidence.start",
           "evidence.end", "evidence.rule", "evidence.field"]
# what N-Triples escapes in a literal; a sentence with another control character would need \uXXXX
ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
LOCAL_ESCAPES = str.maketrans({"/": "\\/", "~": "\\~", "@": "\\@"})


def expected_bytes(ttl: bytes, slug: str) -> bytes:
    """The statements of graph.ttl whose subjects are `slug`'s qualified nodes (they are written together)."""
    start = ttl.index(f"\nlink:{slug}\\/".encode()) + 1
    last = ttl.rindex(f"\nlink:{slug}\\/".encode()) + 1
    end = ttl.find(b" .\n", last) + 3
    return ttl[start:end]


def with_graphkb(folder: Path) -> tuple[bytes, dict]:
    kg = KnowledgeGraph.load(folder / "graph.parquet")
    seconds = {}
    with gc_paused():
        t = time.perf_counter()
        walk = _GraphTriples(kg, IriMinter(None))
        edges = [e for e in walk.edges() if e[2].get("type") == "MENTIONS"]
        seconds["nodes minted, relationships sorted"] = time.perf_counter() - t
        t = time.perf_counter()
        out = io.BytesIO()
        write_turtle(chain.from_iterable(walk.qualified(s, o, d, m) for s, o, d, m in edges), out,
                     prefixes(walk.minter.base))
        seconds["statements"] = time.perf_counter() - t
    text = out.getvalue()
    return text[text.index(b"\nlink:") + 1:], seconds


def with_columns(folder: Path) -> tuple[bytes, dict]:
    seconds = {}
    t = time.perf_counter()
    table = pq.read_table(folder / "graph.parquet", columns=COLUMNS)
    seconds["columns read"] = time.perf_counter() - t

    t = time.perf_counter()
    nodes = table.filter(pc.is_valid(table["label"]))
    minter = IriMinter(None)
    space = prefixes(minter.base)
    name = turtle_names(space)
    ids = nodes["id"].to_pylist()
    names = pa.array([name(minter.node(label, i)) for i, label in zip(ids, nodes["label"].to_pylist())])
    parts = [link_part(i) for i in ids]
    escaped_parts = pa.array([p.translate(LOCAL_ESCAPES) for p in parts])
    # a local part may not end in ".": such a qualified node is written <iri> (none in these corpora)
    plain_end = pa.array([not p.endswith(".") for p in parts])
    seconds["node names (Python, per node)"] = time.perf_counter() - t

    t = time.perf_counter()
    m = table.filter(pc.equal(table["type"], "MENTIONS"))
    source = pc.index_in(m["source"], value_set=nodes["id"])
    target = pc.index_in(m["target"], value_set=nodes["id"])
    if not pc.all(pc.take(plain_end, target)).as_py():
        raise SystemExit("a target id ends in '.': this spike does not write <iri> names")
    source_name = pc.take(names, source)
    link = pc.binary_join_element_wise("link:mentions\\/", pc.take(escaped_parts, source), "\\/",
                                       pc.take(escaped_parts, target), "")
    weight = pc.cast(m["weight"], pa.string())  # shortest round trip, as repr(float); "1" must read "1.0"
    weight = pc.if_else(pc.match_substring_regex(weight, r"^[+-]?[0-9]+$"),
                        pc.binary_join_element_wise(weight, ".0", ""), weight)
    if pc.any(pc.match_substring(weight, "e")).as_py():
        raise SystemExit("a weight in exponent form: this spike does not write those")
    sentence = m["evidence.sentence"]
    if pc.any(pc.match_substring_regex(sentence, "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")).as_py():
        raise SystemExit("a sentence with a control character: this spike does not write those")
    for raw, escaped in ESCAPES:
        sentence = pc.replace_substring(sentence, raw, escaped)
    field = pc.if_else(pc.equal(m["evidence.field"], "title"), "dcterms:title", "dcterms:abstract")
    statements = pc.binary_join_element_wise(
        link, " a gkb:Mention ;\n\trdf:subject ", source_name, " ;\n\trdf:predicate gkb:mentions ;\n\trdf:object ",
        pc.take(names, target), " ;\n\tgkb:weight ", weight, " ;\n\tprov:wasDerivedFrom ", source_name,
        ' ;\n\tgkb:sentence "', sentence, '"@en ;\n\tgkb:startOffset ', pc.cast(m["evidence.start"], pa.string()),
        " ;\n\tgkb:endOffset ", pc.cast(m["evidence.end"], pa.string()), ' ;\n\tgkb:rule "', m["evidence.rule"],
        '" ;\n\tgkb:inField ', field, " .\n", "").combine_chunks()
    offsets = np.frombuffer(statements.buffers()[1], dtype=np.int32, count=len(statements) + 1,
                            offset=statements.offset * 4)
    text = memoryview(statements.buffers()[2])[offsets[0]:offsets[-1]].tobytes()
    seconds["statements"] = time.perf_counter() - t
    return text, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="a build folder with graph.parquet and graph.ttl")
    folder = ap.parse_args().folder
    expected = expected_bytes((folder / "graph.ttl").read_bytes(), "mentions")
    for label, run in (("graphkb", with_graphkb), ("columns", with_columns)):
        text, seconds = run(folder)
        steps = ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items())
        print(f"{label:<8} {sum(seconds.values()):6.2f} s  ({steps}); {len(text) / 1e6:.1f} MB, "
              f"the same bytes as graph.ttl: {text == expected}", flush=True)


if __name__ == "__main__":
    main()
