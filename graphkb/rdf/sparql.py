"""SPARQL over a local export, with pyoxigraph's in-memory store (a native SPARQL 1.1 engine).

`open_store(OUT)` reads OUT/graph.ttl when it is there and up to date, else
converts OUT/graph.json on the fly. Queries take parameters the way Cypher
does: `$name` in the query, `--param name=value` on the command line. The value
is put in as an escaped RDF term (a string literal, or an IRI when written
`<...>`), so a parameter can never change the query's structure.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from ..errors import GraphkbError
from ..graph import PARQUET_FILE, KnowledgeGraph, graph_file
from ..querypack import LANGUAGES, QueryFile, QueryResult, bind_params, convert_param
from .streamed import parquet_triples
from .triples import Triple, graph_triples
from .vocab import VOCABULARIES, VOID, XSD, prefixes
from .writers import format_for_path, write_ntriples

_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "negativeInteger", "nonPositiveInteger",
                               "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}

class Iri(str):
    """An IRI in query results (a str, so JSON and CSV take it as is; tables may shorten it)."""


def _load_rdf(store: ox.Store, path: Path) -> None:
    fmt = format_for_path(path.name)
    if fmt is None:
        raise GraphkbError(f"{path}: not an RDF file graphkb reads (.ttl, .nt, .jsonld, .rdf) "
                           f"or a graph.json")
    try:
        store.bulk_load(path=str(path), format=fmt.oxigraph)
    except SyntaxError as e:
        raise GraphkbError(f"{path}: not valid {fmt.name}: {' '.join(str(e).split())}") from None


def load_graph_json(store: ox.Store, kg: KnowledgeGraph, base: str | None = None) -> None:
    """Put the RDF view of a graph into a store."""
    _load_triples(store, graph_triples(kg, base))


def _load_triples(store: ox.Store, triples: Iterable[Triple]) -> None:
    """Put triples into a store (as N-Triples in memory: parsed natively)."""
    buffer = io.BytesIO()
    write_ntriples(triples, buffer, {})
    store.bulk_load(buffer.getvalue(), ox.RdfFormat.N_TRIPLES)


def open_store(path: str | Path, base: str | None = None) -> tuple[ox.Store, Path]:
    """An in-memory store of a build (OUT folder, graph.json, graph.parquet or an RDF file); also what was read.

    A folder's graph.ttl is used when it is at least as new as its graph.json;
    otherwise its graph (graph.json, or graph.parquet: see graph.graph_file) is converted (with
    `base`, default the default base); a graph.parquet without building the graph.
    """
    path = Path(path)
    store = ox.Store()
    if path.is_dir():
        ttl, js = path / "graph.ttl", path / "graph.json"
        if ttl.exists() and (not js.exists() or ttl.stat().st_mtime >= js.stat().st_mtime):
            path = ttl
        elif js.exists() or (path / PARQUET_FILE).exists():
            path = graph_file(path)
        else:
            raise GraphkbError(f"{path}: no graph.ttl or graph.json here (run `graphkb build` first)")
    if not path.exists():
        raise GraphkbError(f"{path}: not found")
    if path.suffix.lower() == ".parquet":
        _load_triples(store, parquet_triples(path, base))
    elif path.suffix.lower() == ".json":
        load_graph_json(store, KnowledgeGraph.load(path), base)
    else:
        _load_rdf(store, path)
    return store, path


def parameter_term(value: str) -> ox.NamedNode | ox.Literal:
    """`<iri>` is an IRI; anything else a string literal (cast in the query: xsd:integer($n))."""
    if value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as e:
            raise GraphkbError(f"parameter value {value}: not a valid IRI ({e})") from None
    return ox.Literal(value)


def value_term(value) -> ox.NamedNode | ox.Literal:
    """A bound parameter value as an RDF term: numbers and booleans typed, text as parameter_term."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, list):
        raise GraphkbError("a SPARQL parameter takes one value, not a list")
    return parameter_term(str(value))


_LIMIT_RE = re.compile(r"\b(?:LIMIT|OFFSET)\s*\Z", re.I)


def bind_parameters(query: QueryFile, values: Mapping[str, object]) -> str:
    """The query text with each `$name` replaced by its value as an escaped RDF term.

    `values` come from querypack.bind_params (typed by the header, defaults filled in).
    After LIMIT or OFFSET (where SPARQL takes no variable) the value must be a whole
    number and goes in bare, so `LIMIT $limit` works as in Cypher.
    """
    text = query.text

    def replace(m: re.Match) -> str:
        name = m.group("name")
        if name is None:
            return m.group(0)
        value = values[name]
        if _LIMIT_RE.search(text, 0, m.start()):
            if isinstance(value, bool) or not isinstance(value, int):
                value = convert_param(str(value), "integer", name)
            if value < 0:
                raise GraphkbError(f"parameter ${name}={value}: LIMIT and OFFSET take a whole number")
            return str(value)
        return str(value_term(value))

    return LANGUAGES["sparql"].parameter_re.sub(replace, text)


def python_value(term):
    """An RDF term as a plain value: numbers as numbers, IRIs and other literals as their text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return Iri(term.value)


def run_query(store: ox.Store, query: QueryFile, values: Mapping[str, object] | None = None,
              prefix_map: Mapping[str, str] | None = None) -> QueryResult:
    """Run one SPARQL query with its bound parameter values (querypack.bind_params); the export's
    prefixes (gkb:, dcterms:, skos:, paper:, ...) need no declaration (pass `store_prefixes(store)`;
    default: the vocabularies only). SELECT gives rows, ASK one `result` column, CONSTRUCT and
    DESCRIBE their triples."""
    text = bind_parameters(query, values if values is not None else bind_params(query, {}))
    try:
        result = store.query(text, prefixes=dict(prefix_map or VOCABULARIES))
    except SyntaxError as e:
        raise GraphkbError(f"{query.source}: SPARQL syntax error: {' '.join(str(e).split())}") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(["result"], [{"result": bool(result)}])
    if isinstance(result, ox.QueryTriples):
        return QueryResult([], [], tuple(result))
    columns = [v.value for v in result.variables]
    rows = [{c: python_value(solution[c]) for c in columns} for solution in result]
    return QueryResult(columns, rows)


def store_prefixes(store: ox.Store) -> dict[str, str]:
    """The prefixes of the export in `store`: the vocabularies, plus kb:, paper:, method:, ...
    under the base its void:Dataset names (so queries work whatever --base it was made with)."""
    found = store.query(f"SELECT ?base WHERE {{ ?d a <{VOID}Dataset> ; <{VOID}uriSpace> ?base }} LIMIT 1")
    for solution in found:
        return prefixes(solution["base"].value)
    return dict(VOCABULARIES)


def triples_as_turtle(triples, prefix_map: Mapping[str, str]) -> str:
    """CONSTRUCT/DESCRIBE results as Turtle with the export's prefixes."""
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(prefix_map)).decode("utf-8")
