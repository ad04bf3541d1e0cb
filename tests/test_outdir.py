"""A build replaces OUT's files as one set: never a new graph.json beside old views, nothing left
half-written after a failure, and a killed build is finished or undone by the next one."""
from __future__ import annotations

import dataclasses
import os
import sys
import time
import weakref
from pathlib import Path

import pytest
from cli_support import run

from graphkb import outdir
from graphkb.export import EXPORTERS
from graphkb.graph import KnowledgeGraph
from graphkb.outdir import build_files, recover, write_build


def tiny(title: str) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node("Paper", "p1", title=title, abstract="We study things.")
    return kg


def test_a_build_writes_its_set_and_keeps_foreign_files(tmp_path):
    out = tmp_path / "out"
    written = write_build(tiny("first"), out)
    assert [p.name for p in written] == build_files() == [
        "graph.json", "graph.parquet", "graph.html", "graph.ttl", "graph.cypher"]
    (out / "notes.txt").write_text("mine")
    write_build(tiny("second"), out, views=False)
    assert sorted(p.name for p in out.iterdir()) == ["graph.json", "notes.txt"]  # no stale views beside it
    assert "second" in (out / "graph.json").read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_view_leaves_the_previous_build_whole(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(outdir, "PARALLEL_MIN_RELATIONSHIPS", 0)  # jobs=2: the views in two processes
    out = tmp_path / "out"
    write_build(tiny("first"), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "notes.txt").write_text("mine")

    def broken(graph, out_stream, **options):
        raise RuntimeError("the RDF writer broke")
    monkeypatch.setitem(EXPORTERS, "rdf", dataclasses.replace(EXPORTERS["rdf"], write=broken))
    with pytest.raises(RuntimeError, match="the RDF writer broke"):
        write_build(tiny("second"), out, jobs=jobs)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != "notes.txt"} == before
    assert (out / "notes.txt").read_text() == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("jobs", [2, 3])
def test_files_written_by_several_processes_are_those_one_process_writes(sample_graph, tmp_path, monkeypatch,
                                                                          jobs):
    """A big graph's files are written by several processes, each claiming the next as soon as it is
    free; each file is still written whole, and byte for byte as one process writes it."""
    writers = tmp_path / "writers"
    writers.mkdir()

    def recording(exporter):
        def write(graph, out_stream, **options):
            if exporter.name == "html" and jobs_now[0] > 1:  # until another process has written a file
                deadline = time.monotonic() + 30
                while {p.suffix for p in writers.iterdir()} <= {f".{os.getpid()}"} and time.monotonic() < deadline:
                    time.sleep(0.01)
            (writers / f"{exporter.filename}.{os.getpid()}").touch()
            return exporter.write(graph, out_stream, **options)
        return dataclasses.replace(exporter, write=write)
    jobs_now = [1]
    for name, exporter in list(EXPORTERS.items()):
        monkeypatch.setitem(EXPORTERS, name, recording(exporter))
    def extras():
        return {"manifest.json": lambda path: path.write_text("{}")}
    kg = sample_graph[0]
    one = write_build(kg, tmp_path / "one", extras=extras(), jobs=1)
    monkeypatch.setattr(outdir, "PARALLEL_MIN_RELATIONSHIPS", 0)
    for p in writers.iterdir():
        p.unlink()
    jobs_now[0] = jobs
    shared = write_build(kg, tmp_path / "shared", extras=extras(), jobs=jobs)
    assert [p.name for p in shared] == [p.name for p in one] == [*build_files(), "manifest.json"]
    for a, b in zip(one, shared):
        assert a.read_bytes() == b.read_bytes(), a.name
    by_file = {}
    for p in writers.iterdir():
        by_file.setdefault(p.stem, set()).add(p.suffix)
    assert sorted(by_file) == sorted(build_files()) and all(len(w) == 1 for w in by_file.values())  # each whole
    assert 1 < len(set().union(*by_file.values())) <= jobs  # by several processes, each free one claiming the next


@pytest.mark.parametrize("parallel", [False, True])
def test_what_only_the_metadata_writers_hold_is_let_go_before_the_views(sample_graph, tmp_path, monkeypatch,
                                                                        parallel):
    """The build state a metadata file's function holds (1 GB at 100,000 papers) is freed before
    the HTML view is made, in one process or in the one that leaves the metadata to another."""
    class State:  # stands for the build state: only the writer below refers to it
        def write(self, path):
            path.write_text("state")
    state = State()
    alive = weakref.ref(state)
    seen = tmp_path / "seen"
    seen.mkdir()
    html = EXPORTERS["html"]

    def html_write(graph, out_stream, **options):
        (seen / f"{os.getpid()}-{'alive' if alive() is not None else 'gone'}").touch()
        return html.write(graph, out_stream, **options)
    monkeypatch.setitem(EXPORTERS, "html", dataclasses.replace(html, write=html_write))
    if parallel:
        monkeypatch.setattr(outdir, "PARALLEL_MIN_RELATIONSHIPS", 0)
    extras = {"build-state.pickle": state.write}
    del state
    written = write_build(sample_graph[0], tmp_path / "out", extras=extras, jobs=2 if parallel else 1)
    assert extras == {}  # taken
    assert (tmp_path / "out" / "build-state.pickle").read_text() == "state"
    assert [p.name.split("-")[1] for p in seen.iterdir()] == ["gone"]
    assert written[-1].name == "build-state.pickle"


def test_recovery_after_a_kill_between_the_two_renames(tmp_path):
    """Killed after OUT became the old folder and before the new one took its place."""
    out = tmp_path / "out"
    write_build(tiny("first"), out)
    new = tmp_path / ".out.graphkb-new-x"
    write_build(tiny("second"), new)
    (new / outdir._COMPLETE).touch()
    os.replace(out, tmp_path / ".out.graphkb-old-y")
    recover(out)
    assert "second" in (out / "graph.json").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert not (out / outdir._COMPLETE).exists()


def test_recovery_after_a_kill_while_writing(tmp_path):
    """Killed while the new set was being written: OUT stays, moved-in foreign files go back."""
    out = tmp_path / "out"
    write_build(tiny("first"), out)
    staging = tmp_path / ".out.graphkb-new-z"
    staging.mkdir()
    (staging / "graph.json").write_text("{half")
    (staging / "notes.txt").write_text("mine")
    recover(out)
    assert "first" in (out / "graph.json").read_text() and (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_build_killed_mid_way_is_recovered_by_the_next(tmp_path, samples_dir):
    """A real kill -9 of `graphkb build` while it writes, then a build that finishes."""
    import signal
    import subprocess
    import time

    out = tmp_path / "out"
    assert run("build", samples_dir / "hf-daily-papers-jul31.txt", "-o", out, "-q").exit_code == 0
    first = (out / "graph.json").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "graphkb", "build", str(samples_dir), "-o", str(out), "-q"])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(tmp_path.glob(".out.graphkb-new-*/graph.json")):
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (out / "graph.json").read_bytes() == first  # the old set, untouched
    assert run("build", samples_dir, "-o", out, "-q").exit_code == 0
    assert (out / "graph.json").read_bytes() != first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_build_into_the_current_folder_replaces_files_in_place(tmp_path, monkeypatch):
    """`graphkb build ... -o .` from inside OUT: the folder is not swapped from under the shell."""
    out = tmp_path / "out"
    write_build(tiny("first"), out)
    (out / "notes.txt").write_text("mine")
    inode = out.stat().st_ino
    monkeypatch.chdir(out)
    written = write_build(tiny("second"), ".", views=False)
    assert written == [Path(".") / "graph.json"] and out.stat().st_ino == inode
    assert sorted(p.name for p in out.iterdir()) == ["graph.json", "notes.txt"]
    assert "second" in (out / "graph.json").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
