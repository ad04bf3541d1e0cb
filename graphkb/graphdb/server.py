"""A local Bolt server: ArcadeDB (PyPI `arcadedb-embedded`, extra `graphkb[server]`) in a child process.

ArcadeDB's Bolt plugin speaks the Neo4j 5 protocol and Cypher, so the official
driver, the loader and the query pack work against it without Docker. This is
the one place that starts and stops it: `graphkb serve`, the test fixture and the
benchmark all use `LocalBoltServer`.

The engine runs in a JVM that arcadedb-embedded starts inside a Python process
(`python -m graphkb.graphdb.server`, `_serve_forever` below), never inside the
caller's, because (all measured, see the README's Neo4j section):
- a client in the same process as the JVM loads 3-5x slower, with stalls of
  seconds between batches; from another process the same load runs smoothly;
- the JVM starts once per process with one configuration, and an engine left
  running, or a Bolt connection left open at `stop()`, keeps the process from
  exiting; a SIGTERM then crashes in JPype's handler.
In the child: the database must exist before a client opens it, so `database`
(default `neo4j`, Neo4j's default name) is created and made Bolt's default, and a
client that names no database gets it, as with Neo4j; after the engine's `stop()`
the still-open client connections are closed. The root password is fixed at a
data folder's first start, so a generated one is kept in the folder.
"""
from __future__ import annotations

import argparse
import atexit
import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GraphkbError

if TYPE_CHECKING:
    from .connection import Neo4jTarget

USER = "root"  # ArcadeDB's administrator; Neo4j's would be `neo4j`
PASSWORD_FILE = "graphkb-root-password"
INSTALL_HINT = "the local Bolt server needs the server extra: pip install 'graphkb[server]'"
_PASSWORD_ENV = "GRAPHKB_SERVER_PASSWORD"  # parent -> child, kept out of the command line
_BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
_QUIET_LOGGING = (
    "handlers = java.util.logging.ConsoleHandler\n"
    ".level = WARNING\n"
    "com.arcadedb.level = SEVERE\n"
    "java.util.logging.ConsoleHandler.level = WARNING\n"
)
_DATABASE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class BoltEndpoint:
    """What a client needs to connect."""

    uri: str
    user: str
    password: str
    database: str
    engine: str

    def target(self, database: str | None = None) -> Neo4jTarget:
        """A graphdb.connection.Neo4jTarget for this server (`database`: another than its own)."""
        from .connection import Neo4jTarget  # here: the server's child process never needs the driver
        return Neo4jTarget(uri=self.uri, user=self.user, password=self.password,
                           database=database or self.database)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _check_port_free(host: str, port: int) -> None:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            raise GraphkbError(f"port {port} on {host} is in use (another Neo4j or `graphkb serve`?); "
                               "pass --port with a free port, or --port 0 to pick one") from None


class LocalBoltServer:
    """ArcadeDB with its Bolt plugin on `host:port`, databases under `root`, in a child process.

    `port=0` picks a free port; `password=None` reuses the one kept in `root`, or
    generates one (ArcadeDB wants at least 8 characters). Use as a context manager,
    or `start()` / `stop()`.
    """

    def __init__(self, root: str | Path, port: int = 0, password: str | None = None,
                 database: str = "neo4j", host: str = "127.0.0.1", heap: str = "1g",
                 start_timeout: float = 180, temporary: bool = False):
        if password is not None and len(password) < 8:
            raise GraphkbError("the server password must have at least 8 characters")
        if not _DATABASE_NAME.match(database):
            raise GraphkbError(f"{database!r}: a database name is letters, digits and _")
        self.root = Path(root).resolve()
        self.host, self.port, self.password = host, port, password
        self.database, self.heap, self.start_timeout = database, heap, start_timeout
        self.temporary = temporary  # remove root when the server stops, even if we are killed
        self._process: subprocess.Popen | None = None
        self._endpoint: BoltEndpoint | None = None
        self._http_port = 0

    def start(self) -> BoltEndpoint:
        if self.port:
            _check_port_free(self.host, self.port)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.root.chmod(0o700)  # databases, logs and the kept password: the user's only
        self.password = self.password or self._kept_password()
        # the JVM's own stderr chatter, the user's only
        log = os.fdopen(os.open(self.root / "server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
        command = [sys.executable, "-m", "graphkb.graphdb.server", "--root", str(self.root),
                   "--host", self.host, "--port", str(self.port), "--database", self.database,
                   "--heap", self.heap] + (["--remove-root"] if self.temporary else [])
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
            env={**os.environ, _PASSWORD_ENV: self.password}, start_new_session=True)
        log.close()
        atexit.register(self.stop)
        message = self._read_ready()
        if "error" in message:
            self.stop()
            raise GraphkbError(message["error"])
        self._endpoint = BoltEndpoint(**message["endpoint"])
        self._http_port = message["http_port"]
        self.port = int(self._endpoint.uri.rsplit(":", 1)[1])
        return self._endpoint

    def _read_ready(self) -> dict:
        """The child's first stdout line: {"endpoint": ..., "http_port": ...} or {"error": ...}."""
        result: dict = {}

        def read():
            line = self._process.stdout.readline()
            result.update(json.loads(line) if line.strip() else {})
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        if not result:
            self.stop()
            tail = (self.root / "server.log").read_text(errors="replace").strip().splitlines()[-1:]
            raise GraphkbError("the local Bolt server did not start"
                               + (f": {tail[0]}" if tail else "") + f" (log: {self.root / 'server.log'})")
        return result

    def _kept_password(self) -> str:
        """The generated password of this data folder: read back, or made and kept (mode 600)."""
        kept = self.root / PASSWORD_FILE
        if kept.exists():
            return kept.read_text(encoding="utf-8").strip()
        password = secrets.token_urlsafe(12)
        fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
        return password

    @property
    def endpoint(self) -> BoltEndpoint:
        if self._endpoint is None:
            raise GraphkbError("the local Bolt server is not running")
        return self._endpoint

    def create_database(self, name: str) -> None:
        """Create database `name` unless it exists (Bolt clients cannot create databases here)."""
        if not _DATABASE_NAME.match(name):
            raise GraphkbError(f"{name!r}: a database name is letters, digits and _")
        if name not in self._admin("list databases"):
            self._admin(f"create database {name}")

    def _admin(self, command: str):
        """A command to the engine's HTTP admin endpoint (local only)."""
        token = base64.b64encode(f"{USER}:{self.endpoint.password}".encode()).decode()
        request = urllib.request.Request(
            f"http://{self.host}:{self._http_port}/api/v1/server", method="POST",
            data=json.dumps({"command": command}).encode(),
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read()).get("result")
        except urllib.error.HTTPError as e:
            raise GraphkbError(f"the local Bolt server refused {command!r}: "
                               f"{e.read().decode(errors='replace')[:200]}") from None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        atexit.unregister(self.stop)
        try:
            process.stdin.close()  # the child stops when its stdin closes
        except OSError:
            pass
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        self._endpoint = None

    def __enter__(self) -> LocalBoltServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# -- the child process: the engine itself ----------------------------------------------------------

def _start_jvm(heap: str, root: Path) -> None:
    """Quiet logging, crash logs out of the working directory, the heap asked for.

    Both files live in the server's own private folder: a fixed name in the shared $TMPDIR
    could be a symlink another local user planted there.
    """
    from arcadedb_embedded.jvm import start_jvm

    jvm_dir = root / "jvm"
    jvm_dir.mkdir(mode=0o700, exist_ok=True)
    logging_config = jvm_dir / "logging.properties"
    fd = os.open(logging_config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(_QUIET_LOGGING)
    os.environ.setdefault("ARCADEDB_JVM_ERROR_FILE", str(jvm_dir / "crash-%p.log"))
    start_jvm(heap_size=heap, jvm_args=[f"-Djava.util.logging.config.file={logging_config}"])


def _close_lingering_connections() -> None:
    """Close the sockets of Bolt connections the engine's stop() left open (else the JVM cannot exit)."""
    import jpype

    executor_class = jpype.JClass("com.arcadedb.bolt.BoltNetworkExecutor")
    field = executor_class.class_.getDeclaredField("socket")
    field.setAccessible(True)
    for thread in list(jpype.JClass("java.lang.Thread").getAllStackTraces().keySet()):
        if isinstance(thread, executor_class) and thread.isAlive():
            try:
                field.get(thread).close()
            except Exception:  # noqa: BLE001 - best effort: the connection may be closing already
                pass


def _serve_forever(root: Path, host: str, port: int, database: str, heap: str, password: str,
                   remove_root: bool = False) -> int:
    """Start the engine, report the endpoint on stdout, serve until stdin closes or a signal.

    Everything it writes is the user's only (umask 077). With `remove_root`, the folder goes
    when the server stops, also when its parent was killed (stdin closes then too).
    """
    os.umask(0o077)
    try:
        return _serve(root, host, port, database, heap, password)
    finally:
        if remove_root:
            shutil.rmtree(root, ignore_errors=True)


def _serve(root: Path, host: str, port: int, database: str, heap: str, password: str) -> int:
    def report(message: dict) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()
    try:
        import arcadedb_embedded
    except ImportError:
        report({"error": INSTALL_HINT})
        return 1
    try:
        port = port or free_port(host)
        _check_port_free(host, port)
    except GraphkbError as e:
        report({"error": str(e)})
        return 1
    _start_jvm(heap, root)
    http_port = free_port(host)
    server = arcadedb_embedded.create_server(
        root_path=str(root), root_password=password,
        config={"host": host, "http_port": http_port, "server_plugins": _BOLT_PLUGIN, "bolt_port": port,
                "bolt_defaultDatabase": database, "server_logsDirectory": str(root / "log")})
    try:
        server.start()
    except arcadedb_embedded.ArcadeDBError as e:
        report({"error": f"the local Bolt server did not start: {str(e).splitlines()[0]}"})
        return 1

    def stop(signum=None, frame=None):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)  # after the JVM's start: replaces its handler
    signal.signal(signal.SIGINT, stop)
    try:
        server.create_database(database)
        endpoint = BoltEndpoint(uri=f"bolt://{host}:{port}", user=USER, password=password,
                                database=database, engine=f"ArcadeDB {arcadedb_embedded.__version__}")
        report({"endpoint": asdict(endpoint), "http_port": http_port})
        threading.Thread(target=lambda: (sys.stdin.read(), os.kill(os.getpid(), signal.SIGTERM)),
                         daemon=True).start()
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        _close_lingering_connections()
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="graphkb's local Bolt server (started by LocalBoltServer)")
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--database", default="neo4j")
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--remove-root", action="store_true")
    args = parser.parse_args(argv)
    password = os.environ.pop(_PASSWORD_ENV, "")
    return _serve_forever(args.root, args.host, args.port, args.database, args.heap, password,
                          args.remove_root)


if __name__ == "__main__":
    sys.exit(main())
