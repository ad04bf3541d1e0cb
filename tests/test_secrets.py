"""Credentials stay out of messages, and a port that accepts but never answers fails fast."""
from __future__ import annotations

import socket
import threading
import time

import pytest
from cli_support import run

from graphkb.graphdb import connection


@pytest.fixture
def silent_port():
    """A real TCP port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for c in accepted:
        c.close()
    server.close()


def test_a_port_that_never_answers_fails_within_the_connect_timeout(silent_port, monkeypatch):
    monkeypatch.setattr(connection, "CONNECT_SECONDS", 2)
    started = time.monotonic()
    result = run("query", "--uri", f"bolt://127.0.0.1:{silent_port}", "RETURN 1", env={"NEO4J_PASSWORD": "pw"})
    assert time.monotonic() - started < 20  # the driver's own default waits 60 s
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: bolt://127.0.0.1:{silent_port}: the server accepted the connection "
                                     "but did not answer the Bolt handshake within 2 s: is this the Bolt port of a "
                                     "Neo4j server (not, say, its HTTP port)?")


@pytest.mark.parametrize("uri", ["bolt://root:s3cret-pw@127.0.0.1:1", "http://root:s3cret-pw@127.0.0.1:1",
                                 "neo4j://root:s3cret-pw@127.0.0.1:1"])
def test_a_password_in_a_uri_is_never_echoed(uri):
    result = run("query", "--uri", uri, "RETURN 1", env={"NEO4J_PASSWORD": "pw"})
    assert result.exit_code == 1 and "s3cret" not in result.output
    assert "root:***@127.0.0.1:1" in result.output


def test_redact_keeps_the_user_and_hides_only_the_password():
    assert connection.redact("at bolt://root:pw@host:7687 and neo4j://user@h") == \
        "at bolt://root:***@host:7687 and neo4j://user@h"


def test_the_password_can_come_from_a_file_and_the_help_says_why(tmp_path, silent_port, monkeypatch):
    monkeypatch.setattr(connection, "CONNECT_SECONDS", 1)
    (tmp_path / "pw").write_text("from-the-file\n")
    result = run("query", "--uri", f"bolt://127.0.0.1:{silent_port}", "--password-file", tmp_path / "pw", "RETURN 1")
    assert "no Neo4j password" not in result.output and "handshake" in result.output
    result = run("query", "--uri", f"bolt://127.0.0.1:{silent_port}", "--password-file", tmp_path / "none", "RETURN 1")
    assert result.exit_code == 1 and "--password-file" in result.output and "cannot read" in result.output
    result = run("query", "--uri", f"bolt://127.0.0.1:{silent_port}", "RETURN 1")  # no terminal: no prompt
    assert result.output.strip().startswith("Error: no Neo4j password: set NEO4J_PASSWORD, or pass --password-file")
    for command in ("query", "serve"):
        help_text = " ".join(run(command, "--help").output.split())
        assert "--password-file" in help_text and "visible" in help_text and "`ps`" in help_text
