"""`graphkb sparql`: SPARQL on a build's RDF view (`graphkb export rdf` is generated in export.py)."""
from __future__ import annotations

import click

from ..querypack import FORMATS, QueryResult, bind_params, parse_param_options
from ..querypack import list_pack as list_pack_queries
from ..rdf.sparql import Iri, open_store, run_query, store_prefixes, triples_as_turtle
from ..rdf.vocab import DEFAULT_BASE
from ..rdf.writers import Compactor
from .common import pick_query, query_options, reports_errors


@click.command()
@click.argument("out", type=click.Path(exists=True), required=False)
@click.argument("query", required=False)
@query_options
@click.option("--base", default=None,
              help="Base used when graph.json has to be converted: the namespace of graphkb resources; "
                   f"must end with / or #. [default: {DEFAULT_BASE}]")
@reports_errors
def sparql(out, query, query_file, params, fmt, list_pack, base):
    """Run a SPARQL QUERY (or -f FILE) on a build: OUT folder, graph.json or an RDF export.

    \b
    graphkb sparql out/ "SELECT ?name ?n WHERE { ?m a gkb:Method ; skos:prefLabel ?name ;
                                                  gkb:paperCount ?n } ORDER BY DESC(?n) LIMIT 5"
    graphkb sparql out/ -f papers_sharing_benchmarks --param paper="Qwen2.5 Technical Report"

    Reads OUT/graph.ttl when it is up to date, else converts OUT/graph.json.
    The prefixes rdf rdfs xsd owl dcterms fabio cito prov skos schema foaf void gkb,
    and kb paper method benchmark concept topic repo author link (under the
    export's base) are declared for you. A parameter's value is a string, or an IRI
    written <...>; typed by the query's header when it has one.
    """
    if list_pack:
        click.echo(list_pack_queries("sparql"), nl=False)
        return
    if out is None:
        raise click.UsageError("give the build to query (OUT folder, graph.json or an RDF file)")
    chosen = pick_query(query, query_file, "sparql")
    values = bind_params(chosen, parse_param_options(params))
    store, _ = open_store(out, base)
    prefix_map = store_prefixes(store)
    result = run_query(store, chosen, values, prefix_map=prefix_map)
    if result.triples is not None:
        click.echo(triples_as_turtle(result.triples, prefix_map), nl=False)
        return
    compact = Compactor(prefix_map) if fmt == "table" else str
    rows = [{c: compact(v) if isinstance(v, Iri) else v for c, v in row.items()} for row in result.rows]
    click.echo(FORMATS[fmt](QueryResult(result.columns, rows)), nl=False)


def register(main: click.Group) -> None:
    main.add_command(sparql)
