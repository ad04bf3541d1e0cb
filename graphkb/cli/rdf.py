"""`graphkb export rdf` and `graphkb sparql`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import GraphkbError
from ..export.rdf import write_rdf
from ..graphdb.query import FORMATS as OUTPUT_FORMATS
from ..graphdb.query import QueryResult as Rows
from ..rdf.sparql import (Iri, find_sparql_query, open_store, run_query, sparql_pack, store_prefixes,
                          triples_as_turtle)
from ..rdf.vocab import DEFAULT_BASE
from ..rdf.writers import FORMATS, Compactor, format_for_path
from .common import load_graph, parse_param_options, reports_errors
from .export import export as export_group

_BASE_HELP = f"Namespace of graphkb resources (papers, methods, ...); must end with / or #. [default: {DEFAULT_BASE}]"


def _default_output(out: str, fmt: str) -> Path:
    folder = Path(out) if Path(out).is_dir() else Path(out).parent
    return folder / f"graph{FORMATS[fmt].extension}"


@click.command(name="rdf")
@click.argument("out", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="turtle, nt (N-Triples), json-ld or xml (RDF/XML). [default: from -o's extension, else turtle]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="File to write, or - for standard output. [default: graph.ttl (.nt, .jsonld, .rdf) beside graph.json]")
@click.option("--base", default=None, help=_BASE_HELP)
@reports_errors
def export_rdf(out, fmt, output, base):
    """RDF with Dublin Core, FaBiO, CiTO, PROV-O and SKOS (see the README's vocabulary table)."""
    if fmt is None:
        guessed = format_for_path(output) if output and output != "-" else None
        fmt = guessed.name if guessed else "turtle"
    graph = load_graph(out)
    if output == "-":
        n = write_rdf(graph, sys.stdout.buffer, fmt, base)
        sys.stdout.flush()
        click.echo(f"{n:,} triples ({fmt})", err=True)
        return
    path = Path(output) if output else _default_output(out, fmt)
    n = write_rdf(graph, path, fmt, base)
    click.echo(f"Wrote {path} ({n:,} triples, {fmt})", err=True)


def _list_pack() -> str:
    queries = sparql_pack()
    width = max(len(name) for name, _, _ in queries)
    return "".join(f"{name:<{width}}  {question}\n" for name, question, _ in queries)


@click.command()
@click.argument("out", type=click.Path(exists=True), required=False)
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", metavar="FILE",
              help="Run the query in FILE, or a SPARQL pack query by name (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Value for $NAME in the query: a string, or an IRI written <...>. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(sorted(OUTPUT_FORMATS)), default="table", show_default=True,
              help="How to print SELECT/ASK results (CONSTRUCT/DESCRIBE print Turtle).")
@click.option("--base", default=None, help="Base used when graph.json has to be converted. " + _BASE_HELP)
@click.option("--list", "list_pack", is_flag=True, help="List the SPARQL pack (cypher/sparql/) and exit.")
@reports_errors
def sparql(out, query, query_file, params, fmt, base, list_pack):
    """Run a SPARQL QUERY (or -f FILE) on a build: OUT folder, graph.json or an RDF export.

    \b
    graphkb sparql out/ "SELECT ?name ?n WHERE { ?m a gkb:Method ; skos:prefLabel ?name ; gkb:paperCount ?n } ORDER BY DESC(?n) LIMIT 5"
    graphkb sparql out/ -f papers_sharing_benchmarks --param paper="Qwen2.5 Technical Report"

    Reads OUT/graph.ttl when it is up to date, else converts OUT/graph.json.
    The prefixes rdf rdfs xsd owl dcterms fabio cito prov skos schema foaf void gkb,
    and kb paper method benchmark concept topic repo author link (under the
    export's base) are declared for you.
    """
    if list_pack:
        click.echo(_list_pack(), nl=False)
        return
    if out is None:
        raise click.UsageError("give the build to query (OUT folder, graph.json or an RDF file)")
    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or -f FILE (one of them)")
    if query_file:
        path = find_sparql_query(query_file)
        try:
            source, text = str(path), path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise GraphkbError(f"{path}: not a UTF-8 text file") from None
    else:
        source, text = "query", query
    bound = parse_param_options(params)
    store, _ = open_store(out, base)
    prefix_map = store_prefixes(store)
    result = run_query(store, text, bound, source=source, prefix_map=prefix_map)
    if result.triples is not None:
        click.echo(triples_as_turtle(result.triples, prefix_map), nl=False)
        return
    compact = Compactor(prefix_map) if fmt == "table" else str
    rows = [{c: compact(v) if isinstance(v, Iri) else v for c, v in zip(result.columns, row)}
            for row in result.rows]
    click.echo(OUTPUT_FORMATS[fmt](Rows(columns=list(result.columns), rows=rows)), nl=False)


def register(main: click.Group) -> None:
    export_group.add_command(export_rdf)
    main.add_command(sparql)
