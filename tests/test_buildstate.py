"""The build state's biggest parts kept in temporary files until the state is written."""
import os
import pickle

import numpy as np
import pytest

from graphkb import __version__
from graphkb.buildstate import BuildState, Spilled, read_state, spill
from graphkb.changes import GraphSnapshot
from graphkb.errors import GraphkbError
from graphkb.forked import alongside
from graphkb.graph import KnowledgeGraph
from graphkb.outdir import STATE_FILE


def _observations(n=300):
    return {f"paper-{i}": (pickle.dumps(("entities", i)), os.urandom(i % 50), b"", pickle.dumps([i] * (i % 7)))
            for i in range(n)}


def _state(observations, model=None, neighbours=None, phrases=None):
    return BuildState(__version__, [], observations, None, model, GraphSnapshot.of(KnowledgeGraph()),
                      neighbours=neighbours, phrases=phrases)


def test_spilled_parts_are_written_into_the_state_as_if_held(tmp_path):
    held = _observations()
    expected = dict(held)
    model, neighbours = {"components": np.arange(12.0).reshape(3, 4)}, ("vectors", list(range(1000)))
    (tmp_path / "held").mkdir()
    _state(held, dict(model), neighbours, None).write(tmp_path / "held" / STATE_FILE)

    spilled = spill(held, tmp_path / "parent")
    assert isinstance(spilled, Spilled) and held == {}  # let go of, where the build held them
    assert list((tmp_path / "parent").iterdir()) == []  # the files have no name: nothing to leave behind
    assert spilled.load() == expected
    assert spill(None, tmp_path) is None and spill(neighbours, None) is neighbours
    (tmp_path / "spilled").mkdir()
    _state(spilled, spill(dict(model), tmp_path), spill(neighbours, tmp_path), None).write(
        tmp_path / "spilled" / STATE_FILE)

    assert (tmp_path / "spilled" / STATE_FILE).read_bytes() == (tmp_path / "held" / STATE_FILE).read_bytes()
    state = read_state(tmp_path / "spilled")
    assert state.observations == expected and state.neighbours == neighbours and state.phrases is None
    np.testing.assert_array_equal(state.topic_model["components"], model["components"])


def test_a_forked_writer_copies_the_spilled_parts_whole(tmp_path):
    """outdir.write_build may give the state to a forked process: the file is shared with it, read
    at the writer's own offsets, and the other process can still read it after."""
    expected = _observations(2000)
    spilled = spill(dict(expected), tmp_path)
    (tmp_path / "out").mkdir()

    def write_there():
        _state(spilled).write(tmp_path / "out" / STATE_FILE)
        return (tmp_path / "out" / STATE_FILE).stat().st_size

    here, size = alongside(spilled.load, write_there)
    assert here == expected and size > spilled.size
    assert read_state(tmp_path / "out").observations == expected


def test_a_folder_where_nothing_can_be_kept_is_named(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(GraphkbError, match=f"^{not_a_folder}: cannot keep the build state there"):
        spill({"a": (b"x",)}, not_a_folder)


def test_a_build_takes_its_snapshot_beside_the_views_and_an_update_before_its_diff(samples_dir, tmp_path,
                                                                                   monkeypatch):
    """A build that compares with no earlier one leaves the graph's snapshot to the process that writes
    the state, beside the views; the state read back holds the built graph's snapshot. An update takes
    its snapshot before the files, for the changes it reports."""
    import json

    from graphkb import build, outdir

    events = tmp_path / "events"
    of = GraphSnapshot.of.__func__

    def note(what: str) -> None:
        with open(events, "a") as fh:  # from whichever process: the files are written by two
            fh.write(f"{what} {os.getpid()}\n")

    def snapshot_noted(cls, kg):
        note("snapshot")
        return of(cls, kg)
    write_build = build.write_build

    def write_build_noted(*args, **kwargs):
        note("files")
        return write_build(*args, **kwargs)
    monkeypatch.setattr(GraphSnapshot, "of", classmethod(snapshot_noted))
    monkeypatch.setattr(build, "write_build", write_build_noted)
    monkeypatch.setattr(outdir, "PARALLEL_MIN_RELATIONSHIPS", 0)  # the samples' files written by two processes
    day_one = samples_dir / "hf-daily-papers-jul31.txt"
    kg, _ = build.build([day_one], out=tmp_path / "out", jobs=2)
    assert [line.split()[0] for line in events.read_text().splitlines()] == ["files", "snapshot"]
    assert read_state(tmp_path / "out").snapshot == of(GraphSnapshot, kg)

    events.unlink()
    kg, _, changes = build.update(tmp_path / "out", [samples_dir], jobs=2)
    assert [line.split()[0] for line in events.read_text().splitlines()] == ["snapshot", "files"]
    assert read_state(tmp_path / "out").snapshot == of(GraphSnapshot, kg) == changes.after
    assert json.loads((tmp_path / "out" / "changes.json").read_text())["new_papers"]
