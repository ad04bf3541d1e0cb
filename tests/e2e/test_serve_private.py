"""`graphkb serve` keeps its files to itself: private temporary folders (no fixed names in the
shared $TMPDIR), data files the user's only, and no folder left behind by a killed server."""
from __future__ import annotations

import os
import queue
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

from test_serve import _reader, _wait_for

from graphkb.graphdb.server import LocalBoltServer


def _shared_with_others(root: Path) -> list[str]:
    return [str(p) for p in [root, *root.rglob("*")]
            if not p.is_symlink() and p.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)]


def test_a_data_folder_is_the_users_only_and_tmpdir_gets_no_fixed_names(tmp_path, monkeypatch):
    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(shared_tmp))
    data = tmp_path / "data"
    with LocalBoltServer(data, password="graphkb-tests"):
        pass
    assert _shared_with_others(data) == []
    assert list(shared_tmp.iterdir()) == []


def test_a_killed_serve_leaves_no_temporary_folder(samples_out, tmp_path):
    shared_tmp = tmp_path / "shared-tmp"
    shared_tmp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkb", "serve", str(samples_out), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(shared_tmp)})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    try:
        _wait_for(lines, [], "Serving until Ctrl-C.", timeout=180)
        [folder] = list(shared_tmp.iterdir())
        assert folder.name.startswith("graphkb-serve-") and _shared_with_others(folder) == []
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 90  # the server notices its parent is gone, stops, cleans up
        while folder.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not folder.exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
