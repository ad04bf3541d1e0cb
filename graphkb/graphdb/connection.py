"""Opening a Neo4j driver, and the one place where driver errors become one-line GraphkbErrors.

Every failure a user can act on gets a message that says what to do: the server
is not reachable, the password is wrong, the database does not exist, a query is
malformed or misses a parameter.
"""
from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import GraphkbError
from .statements import named_statement

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
# how long a connection may take, handshake included (a port that accepts and never answers)
CONNECT_SECONDS = 10
# A write that a concurrent load's MERGE beat to the same node: run it again (it then matches).
# ArcadeDB sometimes reports the same race as an unknown database error; a MERGE batch is
# idempotent, so running it again is harmless, and a lasting error still surfaces after the tries.
CONFLICT_CODES = frozenset({"Neo.ClientError.Schema.ConstraintValidationFailed",
                            "Neo.DatabaseError.General.UnknownError"})
CONFLICT_RETRIES = 5
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
ENV = {"uri": "NEO4J_URI", "user": "NEO4J_USER", "password": "NEO4J_PASSWORD", "database": "NEO4J_DATABASE"}


# the userinfo of a URI ("bolt://root:pw@host"): its password is never shown
_USERINFO_RE = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.\-]*://)([^/@\s:]*)(:[^/@\s]*)?@")


def redact(text: str) -> str:
    """`text` with the password of every URI in it replaced by ***."""
    return _USERINFO_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{':***' if m.group(3) else ''}@", str(text))


def read_password_file(path: str) -> str:
    """The password in a file (its first line): unlike --password, never visible in `ps`."""
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as e:
        raise GraphkbError(f"--password-file {path}: cannot read: {getattr(e, 'strerror', None) or e}") from None


@dataclass(frozen=True)
class Neo4jTarget:
    """Where to connect. `database=None` is the server's default (home) database."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = None
    database: str | None = None

    @classmethod
    def from_env(cls, environ=None, **given) -> Neo4jTarget:
        """Values given (not None) win over NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE."""
        environ = os.environ if environ is None else environ
        values = {key: given.get(key) or environ.get(var) or None for key, var in ENV.items()}
        return cls(uri=values["uri"] or DEFAULT_URI, user=values["user"] or DEFAULT_USER,
                   password=values["password"], database=values["database"])

    @property
    def where(self) -> str:
        return self.shown_uri + (f" (database {self.database!r})" if self.database else "")

    @property
    def shown_uri(self) -> str:
        """The URI as messages show it: without a password written into it."""
        return redact(self.uri)


def _first_line(text: str) -> str:
    return next((line.strip() for line in str(text).splitlines() if line.strip()), "")


def translate(error: Exception, target: Neo4jTarget) -> GraphkbError:
    """A driver exception as a one-line error with a hint (and no password from the URI)."""
    return GraphkbError(redact(str(_translate(error, target))))


def _translate(error: Exception, target: Neo4jTarget) -> GraphkbError:
    from neo4j import exceptions as ex

    if isinstance(error, ex.ServiceUnavailable) and "handshake" in str(error):
        return GraphkbError(
            f"{target.uri}: the server accepted the connection but did not answer the Bolt handshake "
            f"within {CONNECT_SECONDS} s: is this the Bolt port of a Neo4j server (not, say, its HTTP port)?")
    if isinstance(error, (ex.ServiceUnavailable, ex.SessionExpired)):
        return GraphkbError(
            f"cannot reach a Neo4j server at {target.uri}: is it running? Start one with "
            "`docker compose -f docker/docker-compose.yml up -d` or `graphkb serve OUT/`, "
            "or point --uri (NEO4J_URI) at yours")
    if isinstance(error, ex.AuthError):
        return GraphkbError(
            f"{target.uri}: authentication failed for user {target.user!r}: "
            "check --user/--password (NEO4J_USER/NEO4J_PASSWORD)")
    code = getattr(error, "code", None) or ""
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return GraphkbError(
            f"{target.uri}: database {target.database!r} does not exist: pass an existing one with "
            "--database (NEO4J_DATABASE), or leave it out for the server's default "
            "(Neo4j Community has only 'neo4j')")
    if code == "Neo.ClientError.Statement.ParameterMissing":
        return GraphkbError(f"{_first_line(error.message)}: pass each with --param name=value")
    if isinstance(error, ex.Neo4jError):
        kind = "Cypher syntax error" if isinstance(error, ex.CypherSyntaxError) else (code or "Neo4j error")
        return GraphkbError(f"{kind}: {_first_line(error.message or error)}")
    if isinstance(error, (ex.ConfigurationError, ValueError)):
        return GraphkbError(f"{target.uri}: not a Neo4j URI ({_first_line(error)}); "
                            "expected e.g. bolt://localhost:7687 or neo4j://host:7687")
    return GraphkbError(f"{target.uri}: {_first_line(error) or type(error).__name__}")


class Connection:
    """An open driver bound to one database, with errors translated."""

    def __init__(self, driver, target: Neo4jTarget):
        self.driver = driver
        self.target = target

    def session(self):
        return self.driver.session(database=self.target.database)

    def read(self, statement: str, params: dict | None = None) -> tuple[list, list[str]]:
        """Run a statement in an auto-commit transaction: (records, column names)."""
        with self.errors(), self.session() as session:
            result = session.run(statement, params or {})
            records = list(result)
            return records, list(result.keys())

    def write(self, statement: str, params: dict | None = None):
        """Run a statement in its own managed write transaction (retried on transient errors).

        A MERGE that loses a race with another load (both create the same node; the unique
        constraint refuses the second) is run again: it then finds the node. Without that, two
        loads at once failed about half the time, though the data came out right.
        """
        from neo4j.exceptions import Neo4jError

        def work(tx):
            return tx.run(statement, params or {}).consume().counters
        for attempt in range(CONFLICT_RETRIES + 1):
            try:
                with self.session() as session:
                    return session.execute_write(work)
            except Neo4jError as e:
                if getattr(e, "code", None) not in CONFLICT_CODES or attempt == CONFLICT_RETRIES:
                    raise translate(e, self.target) from None
                time.sleep(0.05 * 2 ** attempt + random.random() * 0.05)
            except Exception as e:  # noqa: BLE001 - every other driver failure, translated as `errors` does
                with self.errors():
                    raise e

    def autocommit(self, statement: str, params: dict | None = None):
        """Run a statement that manages its own transactions (CALL { } IN TRANSACTIONS)."""
        with self.errors(), self.session() as session:
            return session.run(statement, params or {}).consume().counters

    @contextmanager
    def errors(self) -> Iterator[None]:
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except (Neo4jError, DriverError) as e:
            raise translate(e, self.target) from None

    def close(self) -> None:
        self.driver.close()


@contextmanager
def connect(target: Neo4jTarget) -> Iterator[Connection]:
    """An open, verified connection: the server answers, the credentials and the database are good."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    scheme = target.uri.split("://", 1)[0] if "://" in target.uri else ""
    if scheme not in SCHEMES:
        raise GraphkbError(f"{target.shown_uri}: not a Bolt URI; expected e.g. bolt://localhost:7687 "
                           f"(schemes: {', '.join(SCHEMES)})")
    if not target.password:
        raise GraphkbError("no Neo4j password: set NEO4J_PASSWORD, or pass --password-file FILE "
                           "(or run on a terminal to be asked for it)")
    try:
        driver = GraphDatabase.driver(target.uri, auth=(target.user, target.password),
                                      connection_timeout=CONNECT_SECONDS,
                                      connection_acquisition_timeout=CONNECT_SECONDS,
                                      notifications_min_severity="OFF")
    except (Neo4jError, DriverError, ValueError) as e:
        raise translate(e, target) from None
    connection = Connection(driver, target)
    try:
        connection.read(named_statement("ping"))
        yield connection
    finally:
        connection.close()
