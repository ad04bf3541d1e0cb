"""graph.parquet: the graph as one columnar table, read back as the graph graph.json gives."""
from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cli_support import run

from graphkb import graph as graph_module
from graphkb.errors import GraphkbError
from graphkb.export import EXPORTERS
from graphkb.graph import KnowledgeGraph, graph_file
from graphkb.parquet_graph import read_parquet, write_parquet


def parquet_bytes(kg: KnowledgeGraph) -> bytes:
    buffer = io.BytesIO()
    write_parquet(kg, buffer)
    return buffer.getvalue()


def json_text(kg: KnowledgeGraph) -> str:
    out = io.StringIO()
    kg.write_json(out)
    return out.getvalue()


def test_the_sample_graph_reads_back_as_graph_json_gives_it(sample_build, tmp_path):
    from_json = KnowledgeGraph.load(sample_build / "graph.json")
    path = tmp_path / "graph.parquet"
    EXPORTERS["parquet"].export(from_json, path)
    from_parquet = KnowledgeGraph.load(path)
    assert json_text(from_parquet) == (sample_build / "graph.json").read_text(encoding="utf-8")
    # the same nodes and relationships in the same order, each with the same data, evidence included
    assert list(from_parquet.g.nodes(data=True)) == list(from_json.g.nodes(data=True))
    assert list(from_parquet.g.edges(keys=True, data=True)) == list(from_json.g.edges(keys=True, data=True))
    evidence = [d["evidence"] for _, _, d in from_parquet.edges("PROPOSES")]
    assert evidence and all(set(e) >= {"sentence", "rule"} for e in evidence)


def test_its_columns_are_what_an_analyst_reads(sample_graph, tmp_path):
    """Read as a plain Parquet table (no graphkb): a row per node and relationship, typed columns,
    the evidence a column per part."""
    kg, _ = sample_graph
    path = tmp_path / "graph.parquet"
    EXPORTERS["parquet"].export(kg, path)
    table = pq.read_table(path)
    assert table.num_rows == kg.g.number_of_nodes() + kg.g.number_of_edges()
    types = [t for t in table.column("type").to_pylist() if t is not None]
    assert {t: types.count(t) for t in set(types)} == dict(kg.edge_counts())
    labels = table.column("label").to_pylist()[:kg.g.number_of_nodes()]
    assert {label: labels.count(label) for label in set(labels)} == dict(kg.node_counts())
    assert table.schema.field("confidence").type == pa.float64()
    assert table.schema.field("paper_count").type == pa.int64()
    assert table.schema.field("sources").type == pa.list_(pa.string())
    assert table.schema.field("evidence.start").type == pa.int64()
    proposes = table.filter(pa.compute.equal(table.column("type"), "PROPOSES"))
    assert all(proposes.column("evidence.sentence").to_pylist())


def test_values_of_mixed_types_come_back_exactly(tmp_path):
    """An int beside a float in one property (Arrow would make both floats), lists of mixed items,
    unicode, a big int and a nested dict: each reads back as it was."""
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title="Größe 🙂", year=2024, arxiv_id="2401.00001", references_outside=2**40)
    kg.add_node("Paper", "p2", title="Second", year=2025, categories=["cs.CL", "cs.LG"])
    kg.add_node("Method", "method:a", name="A", aliases=["A-1"], paper_count=1)
    kg.add_node("Concept", "concept:x", name="x", paper_count=3)
    kg.add_edge("USES", "p1", "method:a", confidence=1, mention="A",
                evidence={"sentence": "We use A.", "start": 0, "end": 9, "rule": "use-verb"})
    kg.add_edge("PROPOSES", "p2", "method:a", confidence=0.5, mention="A",
                evidence={"sentence": "We propose A.", "start": 0, "end": 13, "rule": "propose", "field": "title"})
    kg.add_edge("MENTIONS", "p1", "concept:x", weight=[1, "two", 3.0])
    kg.add_edge("SIMILAR_TO", "p1", "p2", score=0.25)
    (tmp_path / "g.parquet").write_bytes(parquet_bytes(kg))
    back = KnowledgeGraph(read_parquet(tmp_path / "g.parquet"))
    assert json_text(back) == json_text(kg)
    assert back.g.edges["p1", "method:a", "USES"]["confidence"] == 1
    assert type(back.g.edges["p1", "method:a", "USES"]["confidence"]) is int
    assert back.g.edges["p2", "method:a", "PROPOSES"]["evidence"] == {
        "sentence": "We propose A.", "start": 0, "end": 13, "rule": "propose", "field": "title"}
    assert "field" not in back.g.edges["p1", "method:a", "USES"]["evidence"]
    assert back.g.edges["p1", "concept:x", "MENTIONS"]["weight"] == [1, "two", 3.0]
    assert back.g.nodes["p1"]["references_outside"] == 2**40
    kg.g.nodes["p2"]["references_outside"] = 2**70  # beyond Parquet's integers: said, not written wrong
    with pytest.raises(GraphkbError, match="'references_outside': cannot be written"):
        parquet_bytes(kg)
    del kg.g.nodes["p2"]["references_outside"]
    kg.add_node("Paper", "p3", title="Third", key="k")  # a node-link key as a property: refused, not lost
    with pytest.raises(GraphkbError, match="'p3' has a property named 'key'"):
        parquet_bytes(kg)


def test_a_build_folder_is_read_from_graph_parquet_when_graph_json_is_big(tmp_path, monkeypatch, sample_graph):
    kg, _ = sample_graph
    out = tmp_path / "out"
    out.mkdir()
    for name in ("json", "parquet"):
        EXPORTERS[name].export(kg, out / EXPORTERS[name].filename)
    assert graph_file(out) == out / "graph.json"  # small: JSON parses faster than pyarrow imports
    monkeypatch.setattr(graph_module, "PARQUET_FROM_BYTES", 0)
    assert graph_file(out) == out / "graph.parquet"
    assert json_text(KnowledgeGraph.load(out)) == (out / "graph.json").read_text(encoding="utf-8")
    (out / "graph.json").unlink()
    monkeypatch.setattr(graph_module, "PARQUET_FROM_BYTES", 10**12)
    assert graph_file(out) == out / "graph.parquet"  # no graph.json: the Parquet copy


def test_a_build_writes_graph_parquet_and_commands_read_it(tmp_path, samples_dir):
    out = tmp_path / "out"
    assert run("build", samples_dir, "-o", out, "-q").exit_code == 0
    assert (out / "graph.parquet").is_file()
    assert (out / "graph.parquet").stat().st_size * 3 < (out / "graph.json").stat().st_size
    (out / "graph.json").unlink()  # the commands now read graph.parquet
    stats = run("stats", out, "--json")
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["nodes"] == dict(KnowledgeGraph.load(out / "graph.parquet").node_counts())
    exported = run("export", "json", out, "-o", tmp_path / "again.json")
    assert exported.exit_code == 0, exported.output
    assert KnowledgeGraph.load(tmp_path / "again.json").g.number_of_edges() > 0


def broken_files(tmp_path, kg: KnowledgeGraph):
    good = parquet_bytes(kg)
    (tmp_path / "truncated.parquet").write_bytes(good[: len(good) // 2])
    pq.write_table(pa.table({"id": ["p1"]}), tmp_path / "foreign.parquet")
    table = pq.read_table(io.BytesIO(good))
    sources = table.column("source").to_pylist()
    sources[-1] = "nowhere"
    index = table.schema.get_field_index("source")
    dangling = table.set_column(index, table.schema.field("source"), pa.array(sources, type=pa.string()))
    pq.write_table(dangling, tmp_path / "dangling.parquet")
    return {"truncated.parquet": "not a Parquet file", "foreign.parquet": "not a graph.parquet file",
            "dangling.parquet": "'nowhere', which is not a node"}


def test_a_bad_graph_parquet_is_one_line_naming_the_file(tmp_path):
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title="One")
    kg.add_node("Paper", "p2", title="Two")
    kg.add_edge("SIMILAR_TO", "p1", "p2", score=0.5)
    for name, reason in broken_files(tmp_path, kg).items():
        with pytest.raises(GraphkbError, match=reason) as caught:
            KnowledgeGraph.load(tmp_path / name)
        assert str(tmp_path / name) in str(caught.value)
        result = run("stats", tmp_path / name)
        assert result.exit_code != 0
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1 and name in result.output


def test_graph_json_is_streamed_from_graph_parquet_byte_for_byte(tmp_path, samples_dir):
    """`graphkb export json` on a folder holding only graph.parquet writes graph.json without
    building the graph, the same bytes the build wrote."""
    out = tmp_path / "out"
    assert run("build", samples_dir, "-o", out, "-q").exit_code == 0
    kept = tmp_path / "kept"
    kept.mkdir()
    (out / "graph.parquet").rename(kept / "graph.parquet")
    result = run("export", "json", kept)
    assert result.exit_code == 0, result.output
    assert "streamed from graph.parquet" in result.output
    assert (kept / "graph.json").read_bytes() == (out / "graph.json").read_bytes()


def with_column(data: bytes, name: str, change) -> pa.Table:
    """The table of a graph.parquet with one column's values changed by `change(values)`."""
    table = pq.read_table(io.BytesIO(data))
    values = change(table.column(name).to_pylist())
    index = table.schema.get_field_index(name)
    return table.set_column(index, table.schema.field(name), pa.array(values, type=table.schema.field(name).type))


@pytest.mark.parametrize("column, change, reason", [
    ("label", lambda v: ["Person"] + v[1:], "row 1: node 'p1' has label 'Person'"),
    ("type", lambda v: v[:-1] + ["LIKES"], "row 4: relationship 'p1' -> 'method:a' has type 'LIKES'"),
    ("target", lambda v: v[:-1] + ["p9"], "row 4: relationship PROPOSES 'p1' -> 'p9' links a Paper to a None"),
])
def test_a_streamed_export_checks_the_schema_and_leaves_no_file(tmp_path, column, change, reason):
    kg = KnowledgeGraph()
    kg.add_node("Method", "method:a", name="A")
    kg.add_node("Paper", "p1", title="One")
    kg.add_node("Paper", "p2", title="Two")
    kg.add_edge("PROPOSES", "p1", "method:a", confidence=0.9)
    folder = tmp_path / "out"
    folder.mkdir()
    pq.write_table(with_column(parquet_bytes(kg), column, change), folder / "graph.parquet")
    result = run("export", "json", folder)
    assert result.exit_code != 0
    assert reason in result.output and "graph.parquet" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["graph.parquet"]  # nothing half-written


def test_neo4j_csv_is_streamed_from_graph_parquet_file_for_file(tmp_path, sample_graph):
    """The neo4j-admin folder written from graph.parquet without building the graph holds the
    same files, byte for byte, as the one written from the graph."""
    kg, _ = sample_graph
    source = tmp_path / "out"
    source.mkdir()
    EXPORTERS["parquet"].export(kg, source / "graph.parquet")
    EXPORTERS["neo4j-csv"].export(kg, tmp_path / "from-graph")
    result = run("export", "neo4j-csv", source, "-o", tmp_path / "streamed")
    assert result.exit_code == 0, result.output

    def files(folder):
        return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    from_graph, streamed = files(tmp_path / "from-graph"), files(tmp_path / "streamed")
    assert len(from_graph) > 10 and streamed == from_graph


@pytest.mark.parametrize("batch_size", [200, 7])
def test_the_cypher_script_is_streamed_from_graph_parquet_byte_for_byte(tmp_path, sample_graph, batch_size):
    """Each group's batches spilled to a file of its own, then copied out in the graph path's order:
    the same script as from the graph loaded (whose properties are in graph.json's key order)."""
    kg, _ = sample_graph
    source = tmp_path / "out"
    source.mkdir()
    EXPORTERS["parquet"].export(kg, source / "graph.parquet")
    loaded = KnowledgeGraph.load(source / "graph.parquet")
    EXPORTERS["cypher"].export(loaded, tmp_path / "from-graph.cypher", batch_size=batch_size)
    result = run("export", "cypher", source, "-o", tmp_path / "streamed.cypher", "--batch-size", batch_size)
    assert result.exit_code == 0, result.output
    assert "streamed from graph.parquet" in result.output
    expected = (tmp_path / "from-graph.cypher").read_text(encoding="utf-8")
    assert expected.count(":param rows") > 20
    assert (tmp_path / "streamed.cypher").read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml"])
def test_rdf_is_streamed_from_graph_parquet_byte_for_byte(tmp_path, sample_graph, fmt):
    """`graphkb export rdf` on a graph.parquet writes the RDF view without building the graph: the
    same bytes as from the graph, in every format."""
    kg, _ = sample_graph
    source = tmp_path / "out"
    source.mkdir()
    EXPORTERS["parquet"].export(kg, source / "graph.parquet")
    EXPORTERS["rdf"].export(kg, tmp_path / "from-graph", format=fmt)
    result = run("export", "rdf", source, "-o", tmp_path / "streamed", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "streamed from graph.parquet" in result.output
    expected = (tmp_path / "from-graph").read_bytes()
    assert len(expected) > 100_000 and (tmp_path / "streamed").read_bytes() == expected


def test_rdf_streamed_over_small_row_groups_and_spills(tmp_path, sample_graph, monkeypatch):
    """Row groups of 97 rows (the nodes end inside one, which the relationships' read starts from),
    read 40 rows at a time, and spill batches of 5 relationships: still the graph's Turtle, byte for
    byte."""
    from graphkb import parquet_graph
    from graphkb.rdf import streamed
    kg, _ = sample_graph
    monkeypatch.setattr(parquet_graph, "_ROWS_PER_GROUP", 97)
    monkeypatch.setattr(parquet_graph, "_ROWS_PER_BATCH", 40)
    monkeypatch.setattr(streamed, "_SPILL_BATCH", 5)
    EXPORTERS["parquet"].export(kg, tmp_path / "graph.parquet")
    assert pq.ParquetFile(tmp_path / "graph.parquet").metadata.num_row_groups > 20
    assert kg.g.number_of_nodes() % 97  # the nodes' last row group holds relationships too
    EXPORTERS["rdf"].export(kg, tmp_path / "from-graph.ttl")
    EXPORTERS["rdf"].export_streamed(tmp_path / "graph.parquet", tmp_path / "streamed.ttl")
    assert (tmp_path / "streamed.ttl").read_bytes() == (tmp_path / "from-graph.ttl").read_bytes()


def cited_graph(first: str = "method:b", second: str = "method:a") -> KnowledgeGraph:
    """p2 builds on p1 through "X", the name of two methods p1 proposes (linked in the order given),
    and shares "X" with it through method:a, which it uses; two authors wrote p1."""
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title="One")
    kg.add_node("Paper", "p2", title="Two")
    kg.add_node("Method", "method:b", name="X")
    kg.add_node("Method", "method:a", name="X")
    kg.add_node("Author", "author:z", name="Zed")
    kg.add_node("Author", "author:y", name="Why")
    kg.add_edge("PROPOSES", "p1", first, confidence=0.9)
    kg.add_edge("PROPOSES", "p1", second, confidence=0.9)
    kg.add_edge("USES", "p2", "method:a", confidence=0.8)
    kg.add_edge("BUILDS_ON", "p2", "p1", via=["X"],
                evidence={"sentence": "We build on X.", "start": 0, "end": 14, "rule": "uses-proposed"})
    kg.add_edge("SHARES_METHOD", "p2", "p1", count=1, names=["X"])
    kg.add_edge("AUTHORED", "author:z", "p1")
    kg.add_edge("AUTHORED", "author:y", "p1")
    return kg


@pytest.mark.parametrize("order", [("method:b", "method:a"), ("method:a", "method:b")])
def test_rdf_streamed_names_the_same_entities_and_authors(tmp_path, order):
    """A name two entities share resolves to the lower id whichever order the graph linked them in,
    in both paths; authors are written from the paper, in id order."""
    kg = cited_graph(*order)
    (tmp_path / "graph.parquet").write_bytes(parquet_bytes(kg))
    EXPORTERS["rdf"].export(kg, tmp_path / "from-graph.nt", format="nt")
    EXPORTERS["rdf"].export_streamed(tmp_path / "graph.parquet", tmp_path / "streamed.nt", format="nt")
    lines = (tmp_path / "from-graph.nt").read_text(encoding="utf-8").splitlines()
    assert (tmp_path / "streamed.nt").read_text(encoding="utf-8").splitlines() == lines
    via = [line for line in lines if "#via>" in line or "#sharedEntity>" in line]
    assert len(via) == 2 and all("method/a>" in line for line in via), via
    assert any("usesMethodIn" in line and "method" not in line.split()[2] for line in lines)
    creators = [line.split()[2] for line in lines if "/creator>" in line]
    assert len(creators) == 2 and creators == sorted(creators) and "author/y>" in creators[0]


def test_rdf_streamed_from_relationships_out_of_order_is_one_line(tmp_path):
    """graph.parquet lists relationships grouped by source in node order; a file that does not
    is refused with its name and row, and no file is left."""
    table = pq.read_table(io.BytesIO(parquet_bytes(cited_graph())))
    nodes = 6
    rows = list(range(nodes)) + list(reversed(range(nodes, table.num_rows)))
    folder = tmp_path / "out"
    folder.mkdir()
    pq.write_table(table.take(rows), folder / "graph.parquet")
    result = run("export", "rdf", folder, "-o", tmp_path / "graph.ttl")
    assert result.exit_code != 0
    assert "graph.parquet: row" in result.output and "out of graph.json's order" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "graph.ttl").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("name", ["graphml", "gexf"])
def test_graphml_and_gexf_are_streamed_from_graph_parquet_byte_for_byte(tmp_path, sample_graph, name):
    kg, _ = sample_graph
    source = tmp_path / "out"
    source.mkdir()
    EXPORTERS["parquet"].export(kg, source / "graph.parquet")
    EXPORTERS[name].export(kg, tmp_path / "from-graph")
    result = run("export", name, source, "-o", tmp_path / "streamed")
    assert result.exit_code == 0, result.output
    assert "streamed from graph.parquet" in result.output
    expected = (tmp_path / "from-graph").read_bytes()
    assert expected.count(b"<edge ") == kg.g.number_of_edges()
    assert (tmp_path / "streamed").read_bytes() == expected


def test_neo4j_rows_are_made_from_graph_parquet_as_from_the_graph(tmp_path, sample_graph):
    """What `graphkb load neo4j` sends, made from graph.parquet without building the graph: the same
    groups, in the same order, with the same rows in the same order."""
    from graphkb.graphdb.rows import graph_rows, parquet_graph_rows
    kg, _ = sample_graph
    EXPORTERS["parquet"].export(kg, tmp_path / "graph.parquet")
    expected, streamed = graph_rows(kg), parquet_graph_rows(tmp_path / "graph.parquet")
    assert list(streamed.nodes) == list(expected.nodes) and streamed.nodes == expected.nodes
    assert list(streamed.relationships) == list(expected.relationships)
    assert streamed.relationships == expected.relationships
    assert streamed.relationship_count == kg.g.number_of_edges() > 1000


def test_stats_of_graph_parquet_are_read_from_its_columns(tmp_path, sample_graph):
    """`graphkb stats` on a folder read from graph.parquet summarises the columns (no graph built):
    the same summary as the graph's."""
    from graphkb.summary import summarize, summarize_parquet
    kg, _ = sample_graph
    folder = tmp_path / "out"
    folder.mkdir()
    EXPORTERS["parquet"].export(kg, folder / "graph.parquet")
    assert summarize_parquet(folder / "graph.parquet", top=5) == summarize(kg, top=5)
    result = run("stats", folder, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["nodes"] == dict(kg.node_counts())
    assert sum(summary["relationships"].values()) == kg.g.number_of_edges()
    assert summary["top_methods"][0] == ["GPT-4", 23]


def test_stats_rank_ties_by_name_then_id():
    from graphkb.summary import summarize
    kg = KnowledgeGraph()
    for node, name, count in (("method:z", "bert", 2), ("method:b", "BERT", 2), ("method:a", "BERT", 2),
                              ("method:c", "ALBERT", 2), ("method:d", "GPT", 5)):
        kg.add_node("Method", node, name=name, paper_count=count)
    assert summarize(kg, top=4).top_methods == [("GPT", 5), ("ALBERT", 2), ("BERT", 2), ("BERT", 2)]
    assert [n for n, _ in summarize(kg, top=5).top_methods][-1] == "bert"
