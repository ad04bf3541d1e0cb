"""A local Bolt server: ArcadeDB (PyPI `arcadedb-embedded`, extra `graphkb[server]`) in-process.

ArcadeDB's Bolt plugin speaks the Neo4j 5 protocol and Cypher, so the official
driver, the loader and the query pack work against it without Docker. This is
the one place that starts and stops it: `graphkb serve` and the test fixture
both use `LocalBoltServer`.

Facts about the engine this module handles (measured, see the Neo4j section of
the README):
- the JVM starts once per process, with one configuration;
- the database must exist before a client opens it: we create `database`
  (default `neo4j`, Neo4j's default name) and make it Bolt's default, so a
  client that names no database gets it, as with Neo4j;
- `stop()` of the engine leaves a thread per still-open client connection
  running, which keeps the process alive: we close those connections after it,
  and an atexit hook stops a server the caller forgot (else the process hangs);
- the root password is fixed when a data folder is first used: a generated one
  is kept in the folder (PASSWORD_FILE, mode 600) and reused with the folder.
"""
from __future__ import annotations

import atexit
import os
import secrets
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import GraphkbError

USER = "root"  # ArcadeDB's administrator; Neo4j's would be `neo4j`
_BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"
_QUIET_LOGGING = (
    "handlers = java.util.logging.ConsoleHandler\n"
    ".level = WARNING\n"
    "com.arcadedb.level = SEVERE\n"
    "java.util.logging.ConsoleHandler.level = WARNING\n"
)
PASSWORD_FILE = "graphkb-root-password"
INSTALL_HINT = "the local Bolt server needs the server extra: pip install 'graphkb[server]'"


@dataclass(frozen=True)
class BoltEndpoint:
    """What a client needs to connect."""

    uri: str
    user: str
    password: str
    database: str
    engine: str


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


def _start_jvm(root: Path, heap: str) -> None:
    """Start the JVM once per process, quiet, with crash logs out of the working directory."""
    try:
        import jpype
        from arcadedb_embedded.jvm import start_jvm
    except ImportError:
        raise GraphkbError(INSTALL_HINT) from None
    if jpype.isJVMStarted():
        return
    logging_config = Path(tempfile.gettempdir()) / "graphkb-arcadedb-logging.properties"
    logging_config.write_text(_QUIET_LOGGING, encoding="utf-8")
    os.environ.setdefault("ARCADEDB_JVM_ERROR_FILE",
                          str(Path(tempfile.gettempdir()) / "graphkb-jvm-crash-%p.log"))
    start_jvm(heap_size=heap, jvm_args=[f"-Djava.util.logging.config.file={logging_config}"])


def _close_lingering_connections() -> int:
    """Close the sockets of Bolt connections the engine's stop() left open (else the JVM cannot exit)."""
    import jpype

    thread_class = jpype.JClass("java.lang.Thread")
    executor_class = jpype.JClass("com.arcadedb.bolt.BoltNetworkExecutor")
    field = executor_class.class_.getDeclaredField("socket")
    field.setAccessible(True)
    closed = 0
    for thread in list(thread_class.getAllStackTraces().keySet()):
        if isinstance(thread, executor_class) and thread.isAlive():
            try:
                field.get(thread).close()
                closed += 1
            except Exception:  # noqa: BLE001 - best effort: the connection may be closing already
                pass
    return closed


class LocalBoltServer:
    """ArcadeDB with its Bolt plugin on `host:port`, databases under `root`.

    `port=0` picks a free port; `password=None` reuses the one kept in `root`, or
    generates one (ArcadeDB wants at least 8 characters). Use as a context manager,
    or `start()` / `stop()`.
    """

    def __init__(self, root: str | Path, port: int = 0, password: str | None = None,
                 database: str = "neo4j", host: str = "127.0.0.1", heap: str = "1g"):
        if password is not None and len(password) < 8:
            raise GraphkbError("the server password must have at least 8 characters")
        self.root = Path(root).resolve()
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        self.heap = heap
        self._server = None

    def start(self) -> BoltEndpoint:
        port = self.port or free_port(self.host)
        if self.port:
            _check_port_free(self.host, port)
        self.root.mkdir(parents=True, exist_ok=True)
        self.password = self.password or self._kept_password()
        _start_jvm(self.root, self.heap)
        import arcadedb_embedded

        server = arcadedb_embedded.create_server(
            root_path=str(self.root), root_password=self.password,
            config={
                "host": self.host,
                "http_port": free_port(self.host),  # always started by the engine; not used by graphkb
                "server_plugins": _BOLT_PLUGIN,
                "bolt_port": port,
                "bolt_defaultDatabase": self.database,
                "server_logsDirectory": str(self.root / "log"),
            })
        try:
            server.start()
        except arcadedb_embedded.ArcadeDBError as e:
            raise GraphkbError(f"the local Bolt server did not start: {str(e).splitlines()[0]}") from None
        self._server = server
        atexit.register(self.stop)  # after the JVM's start, so it runs before JPype's own hook
        self.create_database(self.database)
        self.port = port
        return self.endpoint

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
        import arcadedb_embedded

        return BoltEndpoint(uri=f"bolt://{self.host}:{self.port}", user=USER, password=self.password,
                            database=self.database,
                            engine=f"ArcadeDB {arcadedb_embedded.__version__}")

    def create_database(self, name: str) -> None:
        """Create database `name` if it does not exist (Bolt clients cannot create databases here)."""
        if self._server is None:
            raise GraphkbError("the local Bolt server is not running")
        self._server.create_database(name)

    def stop(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        atexit.unregister(self.stop)
        server.stop()
        _close_lingering_connections()

    def __enter__(self) -> LocalBoltServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
