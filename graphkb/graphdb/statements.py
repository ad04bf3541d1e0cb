"""The Cypher the loader sends, made from graphkb/schema.py: constraints, indexes, and the statements
that read, MERGE and delete graphkb's nodes and relationships.

Cypher cannot take a label or a relationship type as a parameter, so the loader's
statements are templates (cypher/node.cypher, cypher/relationship.cypher and the read and
delete ones) filled with the schema's own names (labels, types, and the ownership mark
`schema.OWNED` for `__OWNED__`), never with anything read from input; the rows are always
the `$rows` (or `$ids`) parameter. The schema script (constraints and indexes) is generated too;
cypher/schema.cypher at the top of the repository is its copy for people who run it by
hand (`python -m graphkb.graphdb.statements > cypher/schema.cypher` rewrites it, and a
test keeps the two equal).
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ..errors import GraphkbError
from ..schema import NODE_TYPES, NODES, OWNED, RELATIONSHIPS
from .rows import RelKey

TEMPLATES = Path(__file__).resolve().parent / "cypher"
# the templates filled per label, and per relationship group; the first of each loads rows
NODE_TEMPLATES = ("node", "read_nodes", "held_nodes", "delete_nodes")
RELATIONSHIP_TEMPLATES = ("relationship", "read_relationships", "delete_relationships")


@cache
def named_statement(name: str) -> str:
    """One of the fixed statements in cypher/ (count, ping, wipe) or a template (NODE_TEMPLATES,
    RELATIONSHIP_TEMPLATES), with the ownership mark filled in."""
    path = TEMPLATES / f"{name}.cypher"
    try:
        return path.read_text(encoding="utf-8").replace("__OWNED__", OWNED)
    except FileNotFoundError:
        raise GraphkbError(f"no loader statement {name!r} (expected {path})") from None


def node_statement(label: str, template: str = "node") -> str:
    """A statement for nodes of `label` (a schema label): the MERGE, or another of NODE_TEMPLATES."""
    if label not in NODES:
        raise GraphkbError(f"no loader statement for nodes labelled {label!r}: not a label of the schema")
    if template not in NODE_TEMPLATES:
        raise GraphkbError(f"no node template {template!r} (one of {', '.join(NODE_TEMPLATES)})")
    return named_statement(template).replace("__LABEL__", label)


def relationship_statement(key: RelKey, template: str = "relationship") -> str:
    """A statement for one relationship group, if the schema allows it: the MERGE, or another of
    RELATIONSHIP_TEMPLATES."""
    rel = RELATIONSHIPS.get(key.type)
    if rel is None or key.source_label not in rel.sources or key.target_label not in rel.targets:
        raise GraphkbError(f"no loader statement for (:{key.source_label})-[:{key.type}]->(:{key.target_label}): "
                           "the schema does not allow it")
    if template not in RELATIONSHIP_TEMPLATES:
        raise GraphkbError(f"no relationship template {template!r} (one of {', '.join(RELATIONSHIP_TEMPLATES)})")
    return (named_statement(template).replace("__SOURCE__", key.source_label)
            .replace("__TARGET__", key.target_label).replace("__TYPE__", key.type))


def schema_statements() -> list[str]:
    """Constraints (a unique id per label) and indexes (the lookups people make), all idempotent."""
    constraints = [f"CREATE CONSTRAINT {n.label.lower()}_id IF NOT EXISTS FOR (n:{n.label}) REQUIRE n.id IS UNIQUE"
                   for n in NODE_TYPES]
    indexes = [f"CREATE INDEX {n.label.lower()}_{key} IF NOT EXISTS FOR (n:{n.label}) ON (n.{key})"
               for n in NODE_TYPES for key in n.indexed]
    return constraints + indexes


def schema_script() -> str:
    """The schema as a commented script for cypher-shell (the text of cypher/schema.cypher)."""
    statements = schema_statements()
    n_constraints = len(NODE_TYPES)
    lines = [
        "// graphkb schema for Neo4j 5: constraints and indexes, run before loading.",
        "// `graphkb load neo4j` runs this file first; by hand: cypher-shell -f cypher/schema.cypher",
        "// Every statement is idempotent (IF NOT EXISTS), so running it again changes nothing.",
        "",
        "// Every node is identified by its id, unique within its label. The constraint's index also",
        "// makes the loader's MERGE on id a lookup instead of a scan.",
        *(s + ";" for s in statements[:n_constraints]),
        "",
        "// Lookups people make: a paper by title, arXiv id or date; an entity by name.",
        *(s + ";" for s in statements[n_constraints:]),
    ]
    return "\n".join(lines) + "\n"


# -- splitting a script into statements ----------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<line_comment>//[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>`(?:[^`]|``)*`)
  | (?P<end>;)
  | (?P<other>[^/'"`;]+|/)
""", re.VERBOSE | re.DOTALL)


def split_statements(text: str) -> list[str]:
    """The statements of a script, split on `;` outside strings, names and comments.

    Comments are dropped; empty statements are skipped.
    """
    statements, current = [], []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("line_comment", "block_comment"):
            current.append(" " if kind == "block_comment" else "")
        elif kind == "end":
            statements.append("".join(current))
            current = []
        else:
            current.append(m.group())
    statements.append("".join(current))
    return [s.strip() for s in statements if s.strip()]


if __name__ == "__main__":
    print(schema_script(), end="")
