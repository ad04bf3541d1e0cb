"""The build state's observations kept in a temporary file until the state is written."""
import os
import pickle

from graphkb import __version__
from graphkb.buildstate import BuildState, SpilledObservations, read_state, spill_observations
from graphkb.changes import GraphSnapshot
from graphkb.forked import alongside
from graphkb.graph import KnowledgeGraph
from graphkb.outdir import STATE_FILE


def _observations(n=300):
    return {f"paper-{i}": (pickle.dumps(("entities", i)), os.urandom(i % 50), b"", pickle.dumps([i] * (i % 7)))
            for i in range(n)}


def _state(observations):
    return BuildState(__version__, [], observations, None, None, GraphSnapshot.of(KnowledgeGraph()))


def test_spilled_observations_are_written_into_the_state_as_if_held(tmp_path):
    held = _observations()
    expected = dict(held)
    (tmp_path / "held").mkdir()
    _state(held).write(tmp_path / "held" / STATE_FILE)

    spilled = spill_observations(held, tmp_path / "parent")
    assert isinstance(spilled, SpilledObservations) and held == {}  # let go of, where the build held them
    assert list((tmp_path / "parent").iterdir()) == []  # the file has no name: nothing to leave behind
    assert spilled.load() == expected
    (tmp_path / "spilled").mkdir()
    _state(spilled).write(tmp_path / "spilled" / STATE_FILE)

    assert (tmp_path / "spilled" / STATE_FILE).read_bytes() == (tmp_path / "held" / STATE_FILE).read_bytes()
    assert read_state(tmp_path / "spilled").observations == expected


def test_a_forked_writer_copies_the_spilled_observations_whole(tmp_path):
    """outdir.write_build may give the state to a forked process: the file is shared with it, read
    at the writer's own offsets, and the other process can still read it after."""
    expected = _observations(2000)
    spilled = spill_observations(dict(expected), tmp_path)
    (tmp_path / "out").mkdir()

    def write_there():
        _state(spilled).write(tmp_path / "out" / STATE_FILE)
        return (tmp_path / "out" / STATE_FILE).stat().st_size

    here, size = alongside(spilled.load, write_there)
    assert here == expected and size > spilled.size
    assert read_state(tmp_path / "out").observations == expected
