"""Shared CLI pieces: error translation, the progress bar, common options."""
from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from ..errors import GraphkbError
from ..graph import KnowledgeGraph, graph_file
from ..ingest import FORMATS
from ..querypack import FORMATS as QUERY_FORMATS
from ..querypack import QueryFile, find_query, parse_query


def reports_errors(fn: Callable) -> Callable:
    """Turn library errors into click's one-line `Error: ...` and exit code 1."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except GraphkbError as e:
            raise click.ClickException(str(e)) from None
        except OSError as e:
            where = f"{e.filename}: " if e.filename else ""
            raise click.ClickException(f"{where}{e.strerror or e}") from None
    return wrapper


def load_graph(out: str | Path) -> KnowledgeGraph:
    return KnowledgeGraph.load(out)


Read = TypeVar("Read")


def read_graph(out: str | Path, from_columns: Callable[[Path], Read],
               from_graph: Callable[[KnowledgeGraph], Read]) -> Read:
    """What a command reads of a build (OUT folder, graph.json or graph.parquet): `from_columns(path)`
    when its graph is read from a graph.parquet (`graph.graph_file`: a big graph's), which reads
    only the columns it needs and never builds the graph; otherwise `from_graph` of the graph."""
    source = graph_file(Path(out))
    return from_columns(source) if source.suffix == ".parquet" else from_graph(load_graph(source))


class BarProgress:
    """The library's Progress drawn as click progress bars on stderr (silent when not a terminal)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled and sys.stderr.isatty()
        self._bar = None

    def start(self, stage: str, total: int) -> None:
        self.finish()
        if self.enabled and total > 0:
            self._bar = click.progressbar(length=total, label=f"{stage:<11}", file=sys.stderr,
                                          show_pos=True)
            self._bar.__enter__()

    def advance(self, steps: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(steps)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def input_options(fn: Callable) -> Callable:
    """--format and --on-error, shared by every command that reads papers."""
    fn = click.option("--on-error", type=click.Choice(["fail", "skip"]), default="fail",
                      show_default=True,
                      help="fail: stop at the first bad record. skip: skip bad records and list them.")(fn)
    fn = click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
                      help="Read every input in this format instead of detecting it.")(fn)
    return fn


def jobs_option(fn: Callable) -> Callable:
    """--jobs: worker processes for extraction."""
    return click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
                        help="Processes for extraction (and for writing a build's files); 0 uses every "
                             "CPU on big inputs. "
                             "The output is the same for any value.")(fn)


def report_skipped(skipped) -> None:
    for e in skipped:
        click.echo(f"skipped {e}", err=True)


def query_options(fn: Callable) -> Callable:
    """QUERY, -f/--file, -p/--param, --format and --list: shared by `graphkb query` and `graphkb sparql`."""
    fn = click.option("--list", "list_pack", is_flag=True, help="List the query pack and exit.")(fn)
    fn = click.option("--format", "fmt", type=click.Choice(sorted(QUERY_FORMATS)), default="table",
                      show_default=True, help="Output format.")(fn)
    fn = click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
                      help="A query parameter (repeatable); its type comes from the query's header.")(fn)
    fn = click.option("-f", "--file", "query_file", metavar="FILE",
                      help="Run the query in FILE, or a pack query by name (see --list).")(fn)
    return fn


def pick_query(query: str | None, query_file: str | None, language: str) -> QueryFile:
    """The query a command runs: inline text or a file / pack name (exactly one of them)."""
    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or -f FILE (one of them)")
    if query_file:
        return find_query(query_file, language)
    return parse_query(query, language)
