"""`graphkb load neo4j`, `graphkb query` and `graphkb serve`."""
from __future__ import annotations

import functools
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import click

from ..errors import GraphkbError
from ..graph import KnowledgeGraph
from ..graphdb.connection import DEFAULT_URI, DEFAULT_USER, ENV, Neo4jTarget, connect, read_password_file
from ..graphdb.loader import DEFAULT_BATCH_SIZE, LoadReport, LoadResult, load_into_neo4j
from ..graphdb.query import run_query
from ..graphdb.rows import GraphRows, parquet_graph_rows
from ..querypack import FORMATS, bind_params, parse_param_options
from ..querypack import list_pack as list_pack_queries
from .common import BarProgress, pick_query, query_options, read_graph, reports_errors

PASSWORD_HELP = ("Password. Prefer NEO4J_PASSWORD, --password-file or the prompt: a password on the "
                 "command line is visible to every local user in `ps`.")


def password_options(fn, envvar: str | None = ENV["password"], prompt: str | None = "Neo4j password",
                     help: str = PASSWORD_HELP):
    """--password (or its NEO4J_* variable) and --password-file; with neither, a hidden prompt on a
    terminal. The command receives `password` only."""
    @functools.wraps(fn)
    def wrapper(*args, password=None, password_file=None, **kwargs):
        if password_file:
            try:
                password = read_password_file(password_file)
            except GraphkbError as e:
                raise click.ClickException(str(e)) from None
        if not password and prompt and sys.stdin.isatty():
            password = click.prompt(prompt, hide_input=True, err=True)
        return fn(*args, password=password, **kwargs)
    wrapper = click.option("--password-file", type=click.Path(dir_okay=False), default=None,
                           help="Read the password from the first line of this file.")(wrapper)
    return click.option("--password", envvar=envvar, show_envvar=envvar is not None, default=None,
                        help=help)(wrapper)


def neo4j_options(fn):
    """--uri/--user/--password/--database, each falling back to its NEO4J_* variable."""
    fn = click.option("--database", envvar=ENV["database"], show_envvar=True, default=None,
                      help="Database to use [default: the server's default database].")(fn)
    fn = password_options(fn)
    fn = click.option("--user", envvar=ENV["user"], show_envvar=True, default=DEFAULT_USER,
                      show_default=True, help="User name.")(fn)
    fn = click.option("--uri", envvar=ENV["uri"], show_envvar=True, default=DEFAULT_URI,
                      show_default=True, help="Bolt URI of the Neo4j server.")(fn)
    return fn


def _changes_table(report: LoadReport) -> list[str]:
    """Per label and relationship type (those in the graph or changed), then the totals."""
    verbs = ("create", "update", "delete") if report.dry_run else ("created", "updated", "deleted")
    header = ("", *verbs, "unchanged")
    rows = [(name, c) for table, graph in ((report.node_changes, report.nodes),
                                           (report.relationship_changes, report.relationships))
            for name, c in table.items() if graph.get(name) or c.changed or c.kept]
    rows += [("all nodes", report.node_total), ("all relationships", report.relationship_total)]
    width = max(len(name) for name, _ in rows)
    lines = [f"  {header[0]:<{width}}" + "".join(f" {h:>9}" for h in header[1:])]
    for name, c in rows:
        lines.append(f"  {name:<{width}}" + "".join(f" {n:>9,}" for n in (c.created, c.updated, c.deleted,
                                                                            c.unchanged)))
    return lines


def load_summary(result: LoadResult) -> str:
    """What a load did (or, a dry run, would do), per label and type, and what the database holds now."""
    report, target = result.report, result.target
    nodes, rels = sum(report.nodes.values()), sum(report.relationships.values())
    if report.dry_run:
        lines = [f"Dry run against {target.where}, nothing written: loading the graph ({nodes:,} nodes, "
                 f"{rels:,} relationships) would change"]
    else:
        rate = report.rows / report.seconds if report.seconds else 0
        lines = [f"Loaded into {target.where} in {report.seconds:.2f} s: the graph's {nodes:,} nodes and "
                 f"{rels:,} relationships ({rate:,.0f} rows/s), {report.rows_written:,} rows written in "
                 f"{report.transactions:,} transactions"]
    if report.wiped != (0, 0):
        lines.append(f"  {'would wipe' if report.dry_run else 'wiped'} first: {report.wiped[0]:,} nodes, "
                     f"{report.wiped[1]:,} relationships")
    lines += _changes_table(report)
    kept = {label: c.kept for label, c in report.node_changes.items() if c.kept}
    if kept:
        lines.append(f"  kept: {', '.join(f'{n:,} {label}' for label, n in kept.items())} no longer in the graph, "
                     "because relationships graphkb did not create are attached (delete those, and a load "
                     "deletes the nodes)")
    if result.other_nodes or result.other_relationships:
        lines.append(f"  left alone, not graphkb's: {result.other_nodes:,} nodes with graphkb's labels, "
                     f"{result.other_relationships:,} relationships touching them")
    now = ", ".join(f"{k} {v:,}" for k, v in result.nodes.items()) or "no nodes"
    now_rels = ", ".join(f"{k} {v:,}" for k, v in result.relationships.items()) or "no relationships"
    lines.append(f"{'The database holds' if report.dry_run else 'Now in the database'} (graphkb's): "
                 f"{now}; {now_rels}")
    return "\n".join(lines)


def graph_to_load(out: str | Path) -> KnowledgeGraph | GraphRows:
    """What `load neo4j` and `serve` send: the graph, or for a folder whose graph is read from
    graph.parquet (a big graph's) its rows made straight from the columns, no graph built."""
    return read_graph(out, parquet_graph_rows, lambda kg: kg)


@click.group()
def load() -> None:
    """Load a built graph into a database."""


@load.command("neo4j")
@click.argument("out", type=click.Path(exists=True))
@neo4j_options
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(min=1),
              help="Rows per transaction.")
@click.option("--wipe", is_flag=True,
              help="First delete every node with graphkb's labels, graphkb's or not (and their "
                   "relationships); nodes with other labels are kept.")
@click.option("--dry-run", is_flag=True,
              help="Print what the load would create, update and delete, per label and type; write nothing.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@reports_errors
def load_neo4j(out, uri, user, password, database, batch_size, wipe, dry_run, quiet):
    """Make Neo4j hold OUT/graph.json exactly: create, update and delete graphkb's nodes and
    relationships (never anyone else's), in batches. Loading the same graph again changes nothing."""
    target = Neo4jTarget(uri=uri, user=user, password=password, database=database)
    result = load_into_neo4j(graph_to_load(out), target, batch_size, wipe, BarProgress(enabled=not quiet),
                             dry_run=dry_run)
    if not quiet or dry_run:
        click.echo(load_summary(result))


@click.command()
@click.argument("query", required=False)
@query_options
@neo4j_options
@reports_errors
def query(query, query_file, params, fmt, list_pack, uri, user, password, database):
    """Run a Cypher QUERY (or -f FILE) against Neo4j and print the records.

    \b
    graphkb query -f cypher/queries/top_methods.cypher --param limit=5
    graphkb query -f papers_sharing_benchmarks --param paper="Qwen2.5 Technical Report"
    graphkb query "MATCH (p:Paper) RETURN count(p) AS papers"
    """
    if list_pack:
        click.echo(list_pack_queries("cypher"), nl=False)
        return
    chosen = pick_query(query, query_file, "cypher")
    values = bind_params(chosen, parse_param_options(params))
    target = Neo4jTarget(uri=uri, user=user, password=password, database=database)
    with connect(target) as connection:
        result = run_query(connection, chosen.text, values)
    click.echo(FORMATS[fmt](result), nl=False)


def _wait_for_interrupt() -> None:
    """Block until Ctrl-C or SIGTERM (both end in KeyboardInterrupt, so the server is stopped).

    Both handlers are set here: SIGTERM's default would end the process without
    stopping the server's child process, and SIGINT may have been inherited as
    ignored (a process started in the background by a script).
    """
    def stop(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


@click.command()
@click.argument("out", type=click.Path(exists=True))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7687, show_default=True, type=click.IntRange(0, 65535),
              help="Bolt port (0: any free port).")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Keep the server's databases here [default: a temporary folder, removed on exit].")
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(min=1),
              help="Rows per transaction while loading.")
@click.option("--heap", default="1g", show_default=True, help="Java heap of the server.")
@functools.partial(password_options, envvar=None, prompt=None,
                   help=("Password for user root (at least 8 characters) [default: a new random one, "
                         "printed]. Prefer --password-file: a password on the command line is visible "
                         "in `ps` for the server's whole life."))
@reports_errors
def serve(out, host, port, password, data_dir, batch_size, heap):
    """Start a local Bolt server (ArcadeDB, from graphkb[server]), load OUT into it, serve until Ctrl-C.

    Any Neo4j client (the official drivers, graphkb query, the query pack) can connect
    with the URI and credentials it prints.
    """
    from ..graphdb.server import LocalBoltServer

    graph = graph_to_load(out)
    root = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="graphkb-serve-"))
    server = LocalBoltServer(root, port=port, password=password, host=host, heap=heap, temporary=not data_dir)
    try:
        endpoint = server.start()
        click.echo(load_summary(load_into_neo4j(graph, endpoint.target(), batch_size, progress=BarProgress())))
        del graph  # served from the database from now on: not held for the server's whole life
        click.echo(f"\nA Bolt server ({endpoint.engine}, Neo4j 5 protocol) is serving {out}:\n"
                   f"  URI:      {endpoint.uri}\n"
                   f"  user:     {endpoint.user}\n"
                   f"  password: {endpoint.password}\n"
                   f"  database: {endpoint.database}\n"
                   f"Connect any Neo4j client, or:\n"
                   f"  export NEO4J_URI={endpoint.uri} NEO4J_USER={endpoint.user} "
                   f"NEO4J_PASSWORD={endpoint.password}\n"
                   f"  graphkb query -f top_methods\n"
                   f"Serving until Ctrl-C.")
        sys.stdout.flush()
        _wait_for_interrupt()
        click.echo("Stopping.")
    finally:
        server.stop()
        if not data_dir:
            shutil.rmtree(root, ignore_errors=True)


def register(main: click.Group) -> None:
    main.add_command(load)
    main.add_command(query)
    main.add_command(serve)
