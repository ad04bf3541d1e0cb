"""Files written from what changed (delta.py, an exporter's `splice`): the bytes the exporter writes
from the whole graph, whatever changed; an update writes them so; an earlier file that is not
the one the changes were taken against is written whole instead."""
from __future__ import annotations

import copy
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from rdf_support import make_tiny_graph
from sample_days import write_base_and_day

from graphkb.build import build, update
from graphkb.delta import GraphDelta, GraphElements
from graphkb.export import EXPORTERS
from graphkb.export.registry import EarlierFileMismatch
from graphkb.graph import KnowledgeGraph

SPLICING = [e.name for e in EXPORTERS.values() if e.splice is not None]


def test_every_file_of_a_build_but_the_page_splices():
    from graphkb.outdir import build_files
    assert {EXPORTERS[name].filename for name in SPLICING} == set(build_files(views=True)) - {"graph.html"}


@pytest.fixture(scope="module")
def day_graphs(tmp_path_factory, sample_records):
    """The sample papers' graph without the last 20 papers, and with them."""
    root = tmp_path_factory.mktemp("day")
    write_base_and_day(root, sample_records)
    before, _ = build([root / "base.jsonl"])
    after, _ = build([root / "base.jsonl", root / "day.jsonl"])
    return before, after


def edited(kg: KnowledgeGraph) -> KnowledgeGraph:
    """`kg` with one of each kind of change: nodes and relationships changed, gone and new, with
    text that JSON and the other formats escape."""
    out = KnowledgeGraph(copy.deepcopy(kg.g))
    papers = sorted(n for n, _ in out.nodes("Paper"))
    out.g.nodes[papers[0]]["title"] = 'a "new" title\twith\\ and ü and \u2028 and a\nnewline'
    out.g.remove_node(papers[1])
    out.g.nodes[papers[2]]["abstract"] = "LaTeX in a row: $\\frac{a}, {b}$ and {x}, {y}"  # cut like two rows
    u, v, data = next(iter(out.edges("USES")))
    out.g[u][v]["USES"]["mention"] = data.get("mention", "") + " changed"
    # an entity renamed: names in SHARES_* and BUILDS_ON that resolved to it no longer do
    named = [n for n, _ in out.nodes("Method")
             if any(d.get("type") == "PROPOSES" for _, _, d in out.g.in_edges(n, data=True))]
    out.g.nodes[(named or [v])[0]]["name"] = "Renamed"
    out.add_node("Paper", "zz-new", title="Brand new", abstract="", sources=["day.jsonl:9"])
    out.add_edge("USES", "zz-new", v, confidence=0.5, evidence={"sentence": "We use it.", "rule": "we use X"})
    out.add_node("Paper", "0-first", title="Sorted first", abstract="", sources=["day.jsonl:10"])
    out.add_edge("SIMILAR_TO", "0-first", "zz-new", score=0.5, shared_terms=["x"])
    return out


def parquet_columns(path) -> list:
    import pyarrow.parquet as pq
    return [(field.name, str(field.type)) for field in pq.read_schema(path)]


def spliced_and_whole(name: str, before: KnowledgeGraph, after: KnowledgeGraph, tmp_path) -> tuple[bytes, bytes]:
    """The file of `after` written from that of `before` and what changed, and written whole.
    graph.parquet's columns are those of the whole graph: where they are not the earlier file's,
    its splice refuses it (and a build writes it whole)."""
    exporter = EXPORTERS[name]
    earlier, spliced, whole = (tmp_path / f"{kind}-{exporter.filename}" for kind in ("earlier", "spliced", "whole"))
    exporter.export(before, earlier)
    exporter.export(after, whole)
    delta = GraphDelta.between(GraphElements.of(before), GraphElements.of(after))
    assert 0 < delta.changed + delta.gone and delta.changed < len(delta.now.nodes) + len(delta.now.edges)
    if name == "parquet" and parquet_columns(earlier) != parquet_columns(whole):
        with pytest.raises(EarlierFileMismatch):
            exporter.export_spliced(after, delta, earlier, spliced)
        return whole.read_bytes(), whole.read_bytes()
    exporter.export_spliced(after, delta, earlier, spliced)
    return spliced.read_bytes(), whole.read_bytes()


@pytest.mark.parametrize("name", SPLICING)
def test_a_day_of_papers_spliced_is_the_file_written_whole(name, day_graphs, tmp_path):
    spliced, whole = spliced_and_whole(name, *day_graphs, tmp_path)
    assert spliced == whole


@pytest.mark.parametrize("name", SPLICING)
@pytest.mark.parametrize("graph", ["sample", "tiny"])
def test_every_kind_of_change_spliced_is_the_file_written_whole(name, graph, sample_graph, tmp_path):
    before = sample_graph[0] if graph == "sample" else make_tiny_graph()
    spliced, whole = spliced_and_whole(name, before, edited(before), tmp_path)
    assert spliced == whole
    # and back again: what was gone comes back, what was new goes
    spliced, whole = spliced_and_whole(name, edited(before), before, tmp_path)
    assert spliced == whole


A, B = "2401.00001", "odd id with spaces <>\"{}|^`\\ and #frag?q=1%"  # the tiny graph's: B uses what A proposes


def renamed(kg: KnowledgeGraph) -> None:
    kg.g.nodes["method:grpo"]["name"] = "GRPO-2"


def proposes_no_more(kg: KnowledgeGraph) -> None:
    kg.g.remove_edge(A, "benchmark:gsm8k", "PROPOSES")


def uses_no_more(kg: KnowledgeGraph) -> None:
    kg.g.remove_edge(B, "benchmark:gsm8k", "EVALUATED_ON")
    kg.g.nodes[B]["title"] += " "  # B's own statement changes; A's SHARES_BENCHMARK (resolved on A) does not


@pytest.mark.parametrize("name", SPLICING)
@pytest.mark.parametrize("edit", [renamed, proposes_no_more, uses_no_more])
def test_names_resolved_through_changed_entity_links_are_written_again(name, edit, tmp_path):
    """SHARES_* and BUILDS_ON name entities a paper links to: a statement whose relationship is
    the same but whose names now resolve otherwise is not copied."""
    before = make_tiny_graph()
    after = KnowledgeGraph(copy.deepcopy(before.g))
    edit(after)
    spliced, whole = spliced_and_whole(name, before, after, tmp_path)
    assert spliced == whole


@pytest.mark.parametrize("name", SPLICING)
def test_an_earlier_file_that_does_not_hold_the_earlier_graph_is_refused(name, sample_graph, tmp_path):
    sample_graph = sample_graph[0]
    exporter = EXPORTERS[name]
    other = edited(sample_graph)
    earlier = tmp_path / exporter.filename
    exporter.export(other, earlier)  # not the graph the delta is taken against
    delta = GraphDelta.between(GraphElements.of(sample_graph), GraphElements.of(other))
    with pytest.raises(EarlierFileMismatch):
        exporter.export_spliced(other, delta, earlier, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def update_without_whole_writes(tmp_path_factory, sample_records):
    """An update (with every view) of a build whose files cannot be written whole but by splicing."""
    root = tmp_path_factory.mktemp("update")
    write_base_and_day(root, sample_records)
    build([root / "base.jsonl"], out=root / "base")
    shutil.copytree(root / "base", root / "updated")
    patch = pytest.MonkeyPatch()

    def refuse(*_args, **_kwargs):
        raise AssertionError("written whole")
    for name in SPLICING:
        patch.setitem(EXPORTERS, name, replace(EXPORTERS[name], write=refuse))
    page_options = []
    html = EXPORTERS["html"]

    def page(graph, out, **options):
        page_options.append(options)
        return html.write(graph, out, **options)
    patch.setitem(EXPORTERS, "html", replace(html, write=page))
    try:
        kg, _, _ = update(root / "updated", [root / "day.jsonl"], jobs=2)
    finally:
        patch.undo()
    return root / "updated", kg, page_options


def test_an_update_makes_its_page_once_on_the_earlier_map(update_without_whole_writes):
    """The page is not spliced: it is made again, once, keeping the earlier page's map."""
    folder, *_, page_options = update_without_whole_writes
    assert [Path(options["keep_layout_from"]) for options in page_options] == [folder / "graph.html"]


@pytest.mark.parametrize("name", SPLICING)
def test_an_update_splices_its_files(name, update_without_whole_writes, tmp_path):
    folder, kg, _ = update_without_whole_writes
    exporter = EXPORTERS[name]
    exporter.export(kg, tmp_path / exporter.filename)
    assert (folder / exporter.filename).read_bytes() == (tmp_path / exporter.filename).read_bytes()


def test_an_update_over_a_hand_edited_graph_json_writes_it_whole(sample_records, tmp_path):
    write_base_and_day(tmp_path, sample_records)
    build([tmp_path / "base.jsonl"], out=tmp_path / "out", views=False)
    graph = tmp_path / "out" / "graph.json"
    lines = graph.read_text(encoding="utf-8").split("\n")
    at = lines.index('"nodes": [') + 1
    lines[at], lines[at + 1] = lines[at + 1].removesuffix(",") + ",", lines[at].removesuffix(",") + ","
    graph.write_text("\n".join(lines), encoding="utf-8")
    kg, _, _ = update(tmp_path / "out", [tmp_path / "day.jsonl"])
    EXPORTERS["json"].export(kg, tmp_path / "whole.json")
    assert graph.read_bytes() == (tmp_path / "whole.json").read_bytes()


@pytest.mark.parametrize("parsed", ["whole", "in chunks"])
@pytest.mark.parametrize("edit", ["day", "every kind", "none"])
def test_the_delta_read_from_the_earlier_graph_json_is_the_delta_of_the_graphs(edit, parsed, day_graphs, tmp_path,
                                                                                monkeypatch):
    """An update compares its graph with the earlier graph.json (parsed whole, or a few lines at a
    time when big), keeping only the ends, labels, names and types of the earlier elements: the
    same positions as `between`."""
    from graphkb import delta
    if parsed == "in chunks":
        monkeypatch.setattr(delta, "WHOLE_PARSE_MAX_BYTES", 0)
        monkeypatch.setattr(delta, "_LINES_PER_PARSE", 7)
    before, after = day_graphs if edit == "day" else (day_graphs[0], edited(day_graphs[0]))
    if edit == "none":
        after = before
    before.save(tmp_path / "graph.json")
    read = GraphDelta.against_file(tmp_path / "graph.json", GraphElements.of(after))
    made = GraphDelta.between(GraphElements.of(before), GraphElements.of(after))
    assert read.node_from.tolist() == made.node_from.tolist() and read.edge_from.tolist() == made.edge_from.tolist()
    assert [(n, d.get("label"), d.get("name")) for n, d in read.earlier.nodes] == \
        [(n, d.get("label"), d.get("name")) for n, d in made.earlier.nodes]
    assert [(u, v, k, d["type"]) for u, v, k, d in read.earlier.edges] == \
        [(u, v, k, d["type"]) for u, v, k, d in made.earlier.edges]
    assert (read.changed, read.gone) == (made.changed, made.gone)
    (tmp_path / "graph.json").write_text('{\n"nodes": [\n{"id": ', encoding="utf-8")
    assert GraphDelta.against_file(tmp_path / "graph.json", GraphElements.of(after)) is None
