"""`graphkb export neo4j-csv`: read back the way `neo4j-admin database import full` reads it.

neo4j-admin is not installable here (it ships with Neo4j), so `read_import` follows its
documented CSV rules: the files and labels/types named by the command in import.sh, a
header file per data file, `name:type` columns (long, double, boolean, string, arrays
`type[]` split on --array-delimiter), `id:ID(space)` stored as property `id`,
`:START_ID(space)`/`:END_ID(space)`, RFC 4180 quoting, an empty field is no property.
"""
from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from graphkb.cli import main
from graphkb.graph import KnowledgeGraph
from graphkb.graphdb.rows import property_values
from graphkb.schema import OWNED

_CONVERT = {"long": int, "int": int, "double": float, "float": float, "string": str,
            "boolean": lambda v: {"true": True, "false": False}[v]}


def _command(folder: Path, database: str | None = None) -> list[str]:
    """The arguments import.sh passes to neo4j-admin: run it with a stand-in that prints them."""
    bin_dir = folder.parent / f"{folder.name}-bin"
    bin_dir.mkdir(exist_ok=True)
    stub = bin_dir / "neo4j-admin"
    stub.write_text('#!/bin/sh\nfor a in "$@"; do printf \'%s\\n\' "$a"; done\n')
    stub.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", **({"DATABASE": database} if database else {})}
    out = subprocess.run(["sh", str(folder / "import.sh")], cwd="/", env=env, check=True,
                         capture_output=True, text=True).stdout
    return ["neo4j-admin"] + out.splitlines()


def _read_pair(folder: Path, files: str, array_delimiter: str):
    header_file, data_file = files.split(",")
    with open(folder / header_file, newline="", encoding="utf-8") as fh:
        (header,) = list(csv.reader(fh))
    with open(folder / data_file, newline="", encoding="utf-8") as fh:
        for values in csv.reader(fh):
            assert len(values) == len(header)
            record, props = {}, {}
            for column, value in zip(header, values):
                name, _, kind = column.partition(":")
                m = re.fullmatch(r"(ID|START_ID|END_ID)\((\w+)\)", kind)
                if m:
                    record[m.group(1)] = (m.group(2), value)
                    if name:
                        props[name] = value  # a named ID column is also a property
                    continue
                if value == "":
                    continue
                kind = kind or "string"
                if kind.endswith("[]"):
                    props[name] = [_CONVERT[kind[:-2]](v) for v in value.split(array_delimiter)]
                else:
                    props[name] = _CONVERT[kind](value)
            yield record, props


def read_import(folder: Path):
    """(nodes {(label, id): props}, relationships {(start, type, end): props}) as neo4j-admin sees them."""
    args = _command(folder)
    assert args[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]  # ${DATABASE:-neo4j}
    options = dict(a[2:].split("=", 1) for a in args if a.startswith("--") and "=" in a
                   and not a.startswith(("--nodes=", "--relationships=")))
    code = options["array-delimiter"]
    assert code.startswith("U+")
    array_delimiter = chr(int(code[2:], 16))
    nodes, rels = {}, {}
    for arg in args:
        if arg.startswith("--nodes="):
            label, files = arg[len("--nodes="):].split("=", 1)
            for record, props in _read_pair(folder, files, array_delimiter):
                space, node_id = record["ID"]
                assert space == label
                assert (label, node_id) not in nodes
                nodes[(label, node_id)] = props
        elif arg.startswith("--relationships="):
            rel_type, files = arg[len("--relationships="):].split("=", 1)
            for record, props in _read_pair(folder, files, array_delimiter):
                (start_space, start), (end_space, end) = record["START_ID"], record["END_ID"]
                assert (start_space, start) in nodes and (end_space, end) in nodes
                rels[(start, rel_type, end)] = props
    return nodes, rels, options


def _expected(kg: KnowledgeGraph):
    nodes = {(d["label"], n): {**property_values(d), "id": n, OWNED: True} for n, d in kg.nodes()}
    rels = {(u, d["type"], v): {**property_values(d), OWNED: True} for u, v, d in kg.edges()}
    return nodes, rels


def test_samples_export_reads_back_as_the_graph(sample_graph, tmp_path):
    kg, _ = sample_graph
    (tmp_path / "out").mkdir()
    kg.save(tmp_path / "out" / "graph.json")
    result = CliRunner().invoke(main, ["export", "neo4j-csv", str(tmp_path / "out"), "-o",
                                       str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    nodes, rels, options = read_import(tmp_path / "csv")
    assert (nodes, rels) == _expected(kg)
    assert "multiline-fields" not in options  # the samples' text has no line breaks
    assert options["report-file"] == "/tmp/graphkb-neo4j-import.report"  # not the (read-only?) folder
    assert _command(tmp_path / "csv", database="papers")[4] == "papers"
    header = (tmp_path / "csv" / "nodes" / "Method.header.csv").read_text().strip().split(",")
    assert header == ["id:ID(Method)", "aliases:string[]", "name", "paper_count:long", "graphkb_owned:boolean"]


def test_awkward_values(tmp_path):
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p,1", title='Quotes "and", commas', abstract="two\nlines", sources=["a|b", "c;d"],
                year=2024)
    kg.add_node("Paper", "p2", title="Plain", abstract="x", sources=["s"], year=2023)
    kg.add_node("Topic", "topic:1", name="t", top_terms=["x"], size=2)
    kg.add_edge("IN_TOPIC", "p,1", "topic:1", weight=1)  # long and double in one column -> double
    kg.add_edge("IN_TOPIC", "p2", "topic:1", weight=0.5)
    kg.add_edge("SIMILAR_TO", "p,1", "p2", score=0.25, shared_terms=["x"])
    from graphkb.export.neo4j_csv import write
    write(kg, tmp_path / "csv")
    nodes, rels, options = read_import(tmp_path / "csv")
    expected_nodes, expected_rels = _expected(kg)
    expected_rels[("p,1", "IN_TOPIC", "topic:1")]["weight"] = 1.0
    assert (nodes, rels) == (expected_nodes, expected_rels)
    assert options["multiline-fields"] == "true"
    assert options["array-delimiter"] == "U+001F"  # '|' and ';' occur in list values


def test_a_line_break_inside_a_list_item_makes_the_fields_multiline(tmp_path):
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title="One line", abstract="one line", sources=["a\nb"])
    from graphkb.export.neo4j_csv import write
    write(kg, tmp_path / "csv")
    nodes, _, options = read_import(tmp_path / "csv")
    assert options["multiline-fields"] == "true"
    assert nodes == _expected(kg)[0]


def test_writes_only_into_a_new_empty_or_previous_export_folder(sample_graph, tmp_path):
    kg, _ = sample_graph
    from graphkb.export.neo4j_csv import write
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    kg.save(out / "graph.json")
    result = CliRunner().invoke(main, ["export", "neo4j-csv", str(out), "-o", str(foreign)])
    assert result.exit_code == 1
    assert "is not empty and not a previous neo4j-csv export" in result.output
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    write(kg, tmp_path / "csv")
    write(kg, tmp_path / "csv")  # a previous export is replaced whole
    assert read_import(tmp_path / "csv")[:2] == _expected(kg)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "csv-bin", "mine", "out"]  # no leftovers
