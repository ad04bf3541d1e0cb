"""RDF serializations of a triple stream, one registered writer per format.

N-Triples is written directly: it is a line per triple and our terms are
already valid, so no library can beat a string join. Turtle is written directly
too: a run of one subject's triples becomes one statement (`;` between its
predicates, `,` between one predicate's objects), IRIs under a prefix become
prefixed names where the local part is plain, and literals are written as in
N-Triples, which Turtle reads the same. That is what pyoxigraph's serializer
writes, without parsing our N-Triples back first: 1.7x as fast on the benchmark's
1M triples (benchmarks/rdf_export.py), graph.ttl at 20,000 papers in 31 s rather
than 40 (the README's "RDF export speed"). RDF/XML goes through
pyoxigraph's native serializer, an order of magnitude faster than rdflib's, fed
those N-Triples lines, parsed back by pyoxigraph, rather than pyoxigraph objects
made one by one in Python (benchmarks/rdf_export.py's peer): the same bytes, 8%
less CPU on a 10k-paper graph, 20% less on the benchmark's 1M triples. JSON-LD is
written directly too, compacted with an @context of our prefixes: pyoxigraph
writes only expanded JSON-LD (valid, but unreadable as JSON) and rdflib's
compacting serializer is slow and its output order changes from run to run.
Both engines read every format back in the tests.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import BinaryIO

import pyoxigraph as ox

from .triples import Lit, Triple
from .vocab import TYPE, XSD_BOOLEAN, XSD_DECIMAL, XSD_INTEGER

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# what N-Triples cannot hold raw, plus lone surrogates (not encodable as UTF-8)
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f\ud800-\udfff]')


def _escape_char(m: re.Match) -> str:
    c = m.group()
    if c in _ESCAPES:
        return _ESCAPES[c]
    if "\ud800" <= c <= "\udfff":
        return "\ufffd"
    return f"\\u{ord(c):04X}"


def nt_literal(lit: Lit) -> str:
    value, datatype, lang = lit
    text = _NEEDS_ESCAPE.sub(_escape_char, value)
    if lang:
        return f'"{text}"@{lang}'
    if datatype:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


class NtChunks:
    """N-Triples as UTF-8, `lines` triples a chunk (whole lines); `n` counts the triples so far.

    One line per triple (IRIs minted by graphkb need no escaping); a chunk's lines are
    made by one list comprehension, without a generator step per triple.
    """

    def __init__(self, triples: Iterable[Triple], lines: int = 8192):
        self._it, self._lines, self.n = iter(triples), lines, 0

    def __iter__(self) -> Iterator[bytes]:
        while batch := list(islice(self._it, self._lines)):
            self.n += len(batch)
            yield "".join([f"<{s}> <{p}> <{o}> .\n" if type(o) is str else f"<{s}> <{p}> {nt_literal(o)} .\n"
                           for s, p, o in batch]).encode("utf-8")


def write_ntriples(triples: Iterable[Triple], out: BinaryIO, prefixes: dict[str, str]) -> int:
    chunks = NtChunks(triples)
    for chunk in chunks:
        out.write(chunk)
    return chunks.n


# A local part written as it is in a prefixed name: ASCII letters, digits, "_", ":", "-", ".",
# "%XX"; not starting with "-" or ".", not ending with "."; "/", "~" and "@" escaped with "\\"
# (PN_LOCAL_ESC). An IRI without such a local part under any prefix is written whole, <iri>.
_LOCAL = r"(?:(?:[A-Za-z0-9_:~@/]|%[0-9A-Fa-f]{2})(?:(?:[A-Za-z0-9_:~@/.\-]|%[0-9A-Fa-f]{2})*" \
         r"(?:[A-Za-z0-9_:~@/\-]|%[0-9A-Fa-f]{2}))?)?"
_LOCAL_ESCAPES = str.maketrans({"/": "\\/", "~": "\\~", "@": "\\@"})


def turtle_names(prefixes: dict[str, str]) -> Callable[[str], str]:
    """IRI -> its Turtle form: `prefix:local` under the longest namespace that covers it with a
    plain local part, else `<iri>`; one regular expression tries the namespaces, longest first."""
    prefix_of = {ns: p for p, ns in prefixes.items()}
    namespaces = "|".join(re.escape(ns) for ns in sorted(prefix_of, key=len, reverse=True))
    match = re.compile(f"({namespaces})({_LOCAL})\\Z").match

    def name(iri: str) -> str:
        m = match(iri)
        if m is None:
            return f"<{iri}>"
        ns, local = m.groups()
        return f"{prefix_of[ns]}:{local.translate(_LOCAL_ESCAPES)}"
    return name


# literals Turtle writes bare (INTEGER, DECIMAL, BooleanLiteral) when their text has that form
_BARE = {XSD_INTEGER: re.compile(r"[+-]?[0-9]+\Z").match, XSD_DECIMAL: re.compile(r"[+-]?[0-9]*\.[0-9]+\Z").match,
         XSD_BOOLEAN: re.compile(r"(?:true|false)\Z").match}
_OBJECT_NAMES_KEPT = 500_000  # IRIs named once while they repeat as objects; forgotten past this many


def write_turtle(triples: Iterable[Triple], out: BinaryIO, prefixes: dict[str, str], header: bool = True) -> int:
    """Turtle: the prefixes (unless `header` is False: more statements of a file begun), then one
    statement per run of triples with the same subject (`;` between its predicates, `,` between one
    predicate's objects)."""
    name = turtle_names(prefixes)
    names: dict[str, str] = {TYPE: "a"}  # predicates, classes, linked nodes, datatypes
    escape, escape_char, bare = _NEEDS_ESCAPE.sub, _escape_char, _BARE.get
    if header:
        out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode("utf-8"))
    parts: list[str] = []
    add = parts.append
    subject = predicate = None
    n = 0
    for s, p, o in triples:
        if type(o) is str:
            obj = names.get(o)
            if obj is None:
                if len(names) > _OBJECT_NAMES_KEPT:
                    names = {TYPE: "a"}
                obj = names[o] = name(o)
        else:
            value, datatype, lang = o
            if lang or datatype is None:
                obj = nt_literal(o)
            else:
                is_bare = bare(datatype)
                if is_bare is not None and is_bare(value):
                    obj = value
                else:
                    dt = names.get(datatype) or names.setdefault(datatype, name(datatype))
                    obj = f'"{escape(escape_char, value)}"^^{dt}'
        if s is not subject and s != subject:
            if subject is not None:
                add(" .\n")
                if len(parts) > 65536:
                    out.write("".join(parts).encode("utf-8"))
                    parts.clear()
            subject, predicate = s, p
            add(name(s))
            add(" ")
            add(names.get(p) or names.setdefault(p, name(p)))
            add(" ")
        elif p is not predicate and p != predicate:
            predicate = p
            add(" ;\n\t")
            add(names.get(p) or names.setdefault(p, name(p)))
            add(" ")
        else:
            add(" , ")
        add(obj)
        n += 1
    if subject is not None:
        add(" .\n")
    out.write("".join(parts).encode("utf-8"))
    return n


def oxigraph_writer(fmt: ox.RdfFormat) -> Callable[[Iterable[Triple], BinaryIO, dict[str, str]], int]:
    """A writer through pyoxigraph's serializer, fed our N-Triples as pyoxigraph parses them.

    Each chunk of lines is parsed on its own (N-Triples has no state between lines),
    leniently: graphkb's IRIs are valid by construction (the base is checked, ids are
    percent-encoded), and checking each again would cost a third of the parse.
    """
    def write(triples: Iterable[Triple], out: BinaryIO, prefixes: dict[str, str]) -> int:
        chunks = NtChunks(triples)
        parsed = (quad for chunk in chunks for quad in ox.parse(chunk, ox.RdfFormat.N_TRIPLES, lenient=True))
        ox.serialize(parsed, out, fmt, prefixes=prefixes)
        return chunks.n
    return write


def rdflib_graph(triples: Iterable[Triple]):
    """The same triples in an rdflib.Graph (for rdflib's serializers, pyshacl, the benchmark)."""
    import rdflib  # only here: importing rdflib costs every command a third of a second

    g = rdflib.Graph()
    nodes: dict[str, rdflib.URIRef] = {}

    def node(iri: str) -> rdflib.URIRef:
        n = nodes.get(iri)
        if n is None:
            n = nodes[iri] = rdflib.URIRef(iri)
        return n

    add = g.add
    for s, p, o in triples:
        if type(o) is str:
            obj = node(o)
        else:
            obj = rdflib.Literal(o.value, lang=o.lang, datatype=node(o.datatype) if o.datatype else None)
        add((node(s), node(p), obj))
    return g


class Compactor:
    """IRI -> compact IRI `prefix:local` when a prefix covers it (longest namespace first)."""

    def __init__(self, prefixes: dict[str, str]):
        self._by_ns = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))

    def __call__(self, iri: str) -> str:
        for ns, prefix in self._by_ns:
            # a suffix starting with // would read as an absolute IRI, so keep those whole
            if iri.startswith(ns) and len(iri) > len(ns) and not iri.startswith("//", len(ns)):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


def _jsonld_nodes(triples: Iterable[Triple], compact: Compactor) -> Iterator[dict]:
    """One node object per run of triples with the same subject."""
    node: dict | None = None
    subject = None
    # each IRI compacted once while it repeats (predicates, classes, linked nodes), a bounded
    # cache, as subjects rarely do
    term = lru_cache(maxsize=100_000)(compact)
    for s, p, o in triples:
        if s != subject:
            if node is not None:
                yield node
            subject, node = s, {"@id": compact(s)}
        if p == TYPE and type(o) is str:
            node.setdefault("@type", []).append(term(o))
            continue
        if type(o) is str:
            value = {"@id": term(o)}
        elif o.lang:
            value = {"@value": o.value, "@language": o.lang}
        elif o.datatype:
            value = {"@value": o.value, "@type": term(o.datatype)}
        else:
            value = o.value
        node.setdefault(term(p), []).append(value)
    if node is not None:
        yield node


def write_jsonld(triples: Iterable[Triple], out: BinaryIO, prefixes: dict[str, str]) -> int:
    """Compacted JSON-LD: {"@context": prefixes, "@graph": [one object per subject]}, streamed."""
    counted = _Counter(triples)
    out.write(b'{"@context": ' + json.dumps(prefixes, indent=1).encode("utf-8") + b',\n"@graph": [\n')
    first = True
    for node in _jsonld_nodes(counted, Compactor(prefixes)):
        for key, values in node.items():
            if key != "@id" and len(values) == 1:
                node[key] = values[0]
        out.write((b"" if first else b",\n") + json.dumps(node, ensure_ascii=False).encode("utf-8"))
        first = False
    out.write(b"\n]}\n")
    return counted.n


class _Counter:
    def __init__(self, triples: Iterable[Triple]):
        self._it, self.n = iter(triples), 0

    def __iter__(self):
        for t in self._it:
            self.n += 1
            yield t


@dataclass(frozen=True)
class RdfFormat:
    name: str
    extension: str
    media_type: str
    write: Callable[[Iterable[Triple], BinaryIO, dict[str, str]], int]  # returns the triple count
    oxigraph: ox.RdfFormat  # how pyoxigraph reads it back


FORMATS: dict[str, RdfFormat] = {}


def register(fmt: RdfFormat) -> RdfFormat:
    FORMATS[fmt.name] = fmt
    return fmt


register(RdfFormat("turtle", ".ttl", "text/turtle", write_turtle, ox.RdfFormat.TURTLE))
register(RdfFormat("nt", ".nt", "application/n-triples", write_ntriples, ox.RdfFormat.N_TRIPLES))
register(RdfFormat("json-ld", ".jsonld", "application/ld+json", write_jsonld, ox.RdfFormat.JSON_LD))
register(RdfFormat("xml", ".rdf", "application/rdf+xml", oxigraph_writer(ox.RdfFormat.RDF_XML),
                   ox.RdfFormat.RDF_XML))


def format_for_path(path: str) -> RdfFormat | None:
    """The format a file name's extension names (.ttl, .nt, .jsonld/.json-ld, .rdf/.xml/.owl)."""
    lower = str(path).lower()
    for fmt in FORMATS.values():
        if lower.endswith(fmt.extension):
            return fmt
    aliases = {".json-ld": "json-ld", ".xml": "xml", ".owl": "xml"}
    for ext, name in aliases.items():
        if lower.endswith(ext):
            return FORMATS[name]
    return None
