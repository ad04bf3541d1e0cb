"""Running the graphkb command in-process, as the CLI tests do."""
from __future__ import annotations

from click.testing import CliRunner, Result

from graphkb.cli import main
from graphkb.graphdb.connection import ENV


def run(*args, env: dict | None = None) -> Result:
    """`graphkb ARGS...` (any value turned into text); an unexpected exception is raised, not
    hidden in the result, while handled errors show as an exit code and a message."""
    return CliRunner(env=env or {}).invoke(main, [str(a) for a in args], catch_exceptions=False)


def env_for(target) -> dict:
    """The NEO4J_* variables that point graphkb at `target` (a Neo4jTarget)."""
    return {var: getattr(target, key) for key, var in ENV.items()}
