"""`graphkb serve`: a real process serving the graph over Bolt until Ctrl-C."""
from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from graphkb.cli import main


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _wait_for(lines: queue.Queue, seen: list, prefix: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        if line.strip().startswith(prefix):
            return line.strip()[len(prefix):].strip()
    raise AssertionError(f"no {prefix!r} line; output so far:\n{''.join(seen)}")


@pytest.mark.parametrize("stop_signal, parquet_only", [(signal.SIGINT, False), (signal.SIGTERM, True)],
                         ids=["ctrl-c", "sigterm-graph-parquet"])
def test_serve_loads_serves_and_stops_cleanly(samples_out, samples_graph, tmp_path, stop_signal, parquet_only):
    """Serves the graph until stopped; from a folder whose graph is read from graph.parquet too
    (its rows made from the columns)."""
    if parquet_only:
        folder = tmp_path / "parquet-only"
        folder.mkdir()
        assert CliRunner().invoke(main, ["export", "parquet", str(samples_out), "-o",
                                         str(folder / "graph.parquet")]).exit_code == 0
        samples_out = folder
    papers = samples_graph.node_counts()["Paper"]
    evaluated = {}
    for u, v, d in samples_graph.edges():
        if d["type"] in ("EVALUATED_ON", "PROPOSES") and samples_graph.g.nodes[v]["label"] == "Benchmark":
            evaluated.setdefault(v, set()).add(u)
    top = min(evaluated, key=lambda b: (-len(evaluated[b]), samples_graph.g.nodes[b]["name"]))
    data_dir = tmp_path / "server"
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkb", "serve", str(samples_out), "--port", "0",
         "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    seen: list[str] = []
    try:
        uri = _wait_for(lines, seen, "URI:", timeout=180)
        user = _wait_for(lines, seen, "user:", timeout=5)
        password = _wait_for(lines, seen, "password:", timeout=5)
        _wait_for(lines, seen, "Serving until Ctrl-C.", timeout=5)
        assert uri.startswith("bolt://127.0.0.1:") and user == "root" and len(password) >= 8
        with GraphDatabase.driver(uri, auth=(user, password)) as driver:  # no database: the default
            records, _, _ = driver.execute_query(
                "MATCH (p:Paper) RETURN count(p) AS papers, COUNT { ()-[:SIMILAR_TO]->() } AS similar")
            assert records[0]["papers"] == papers and records[0]["similar"] > 0
            # a pack query through the CLI, with what serve printed
            env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
            result = CliRunner(env=env).invoke(main, ["query", "-f", "top_benchmarks", "--param", "limit=2"])
            assert result.exit_code == 0, result.output
            assert result.stdout.splitlines()[2].split()[:2] == [samples_graph.g.nodes[top]["name"],
                                                                 str(len(evaluated[top]))]
            driver.verify_connectivity()  # a client still connected while the server stops
            process.send_signal(stop_signal)
            process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    while (line := lines.get(timeout=5)) is not None:
        seen.append(line)
    output = "".join(seen)
    assert process.returncode == 0, output
    assert "Stopping." in output and "Traceback" not in output
    port = int(uri.rsplit(":", 1)[1])
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # the port is closed
    assert (data_dir / "databases" / "neo4j").is_dir()  # --data-dir keeps the database


def test_serve_refuses_a_busy_port(samples_out):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(samples_out), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: port {port} on 127.0.0.1 is in use (another Neo4j or "
                                     "`graphkb serve`?); pass --port with a free port, or --port 0 "
                                     "to pick one")


def test_a_data_folder_keeps_its_password_and_graph(tmp_path):
    """The root password is fixed at a folder's first start: a generated one is kept and reused."""
    from graphkb.graphdb.server import PASSWORD_FILE, LocalBoltServer

    with LocalBoltServer(tmp_path / "data") as first:
        password = first.endpoint.password
        with GraphDatabase.driver(first.endpoint.uri, auth=(first.endpoint.user, password)) as driver:
            driver.execute_query("CREATE (:Paper {id: 'kept'})")
    assert (tmp_path / "data" / PASSWORD_FILE).stat().st_mode & 0o777 == 0o600
    with LocalBoltServer(tmp_path / "data") as second:
        assert second.endpoint.password == password
        with GraphDatabase.driver(second.endpoint.uri, auth=(second.endpoint.user, password)) as driver:
            records, _, _ = driver.execute_query("MATCH (p:Paper) RETURN p.id AS id")
    assert [r["id"] for r in records] == ["kept"]
