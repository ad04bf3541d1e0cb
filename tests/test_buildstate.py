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
