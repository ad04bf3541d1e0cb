"""The cypher/ folder: schema, query headers, statement splitting, and the wheel that ships it."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graphkb.errors import GraphkbError
from graphkb.graphdb.statements import schema_script, schema_statements, split_statements
from graphkb.querypack import (
    PARAM_TYPES,
    bind_params,
    convert_param,
    find_query,
    pack,
    pack_dir,
    parse_query,
    read_query_file,
)

ROOT = Path(__file__).resolve().parents[1]


def test_schema_has_a_unique_id_constraint_per_label():
    from graphkb.schema import LABELS

    statements = schema_statements()
    for label in LABELS:
        assert (f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) "
                f"REQUIRE n.id IS UNIQUE") in statements
    assert all("IF NOT EXISTS" in s for s in statements)
    assert sum(s.startswith("CREATE INDEX") for s in statements) >= 5


def test_every_pack_query_has_a_header_and_declares_its_parameters():
    queries = pack("cypher")
    assert len(queries) >= 12
    for q in queries:
        assert q.question.endswith("?"), q.name
        body = "\n".join(line for line in q.text.splitlines() if not line.strip().startswith("//"))
        used = set(re.findall(r"\$(\w+)", body))
        assert used == {p.name for p in q.params}, q.name
        for p in q.params:
            assert p.type in PARAM_TYPES
            assert p.required == (p.example is not None), (q.name, p.name)  # required ones show one
        assert "Returns:" in q.text
        assert split_statements(q.text) and len(split_statements(q.text)) == 1  # one statement


def test_header_parsing_and_param_types(tmp_path):
    path = tmp_path / "q.cypher"
    path.write_text("// Which papers?\n// More text.\n//\n// Parameters:\n"
                    "//   $paper  string   a paper (e.g. \"2408.01234\")\n"
                    "//   $limit  integer  how many (default 10)\n"
                    "//   $min    float    a floor (default 0.5)\n"
                    "//   $names  list     names (default a, b)\n"
                    "//\n// Returns: x\nMATCH (p) RETURN p LIMIT $limit\n")
    q = read_query_file(path, "cypher")
    assert q.question == "Which papers? More text."
    assert [(p.name, p.type, p.default, p.example) for p in q.params] == [
        ("paper", "string", None, '"2408.01234"'), ("limit", "integer", 10, None),
        ("min", "float", 0.5, None), ("names", "list", ["a", "b"], None)]
    assert bind_params(q, {"paper": "2408.01234"}) == {  # a string stays a string
        "paper": "2408.01234", "limit": 10, "min": 0.5, "names": ["a", "b"]}
    assert bind_params(q, {"paper": "x", "limit": "3", "names": "c"})["limit"] == 3
    with pytest.raises(GraphkbError, match=r'q.cypher needs --param paper=... \(e.g. --param paper="2408.01234"\)'):
        bind_params(q, {})
    with pytest.raises(GraphkbError, match="--param limit=x: not a valid integer"):
        bind_params(q, {"paper": "p", "limit": "x"})
    with pytest.raises(GraphkbError, match=r"no parameter \$limt \(its parameters: \$paper, \$limit, \$min, \$names\)"):
        bind_params(q, {"paper": "p", "limt": "3"})  # a misspelt name is an error, not ignored
    # inline queries: JSON when it parses, else a string; quote to force a string
    inline = parse_query("RETURN $n, $s, $q, $l, '$not_a_param' // $nor_this", "cypher")
    assert bind_params(inline, {"n": "5", "s": "GRPO", "q": '"2408.01"', "l": '["a"]'}) == {
        "n": 5, "s": "GRPO", "q": "2408.01", "l": ["a"]}
    with pytest.raises(GraphkbError, match=r"no parameter \$x"):
        bind_params(inline, {"n": "5", "s": "", "q": "", "l": "", "x": "1"})
    with pytest.raises(GraphkbError, match="--param limit=²: not a valid integer"):
        convert_param("²", "integer", "limit")  # str.isdigit accepts it, int() does not
    assert convert_param("TRUE", "boolean", "b") is True
    path.write_text("// Q?\n//\n// Parameters:\n//   $x  date  nope\n//\nRETURN $x\n")
    with pytest.raises(GraphkbError, match=r"q.cypher:4: parameter \$x has unknown type 'date'"):
        read_query_file(path, "cypher")


def test_find_query_by_name_or_path(tmp_path, monkeypatch):
    assert find_query("top_methods", "cypher").path == pack_dir() / "queries" / "top_methods.cypher"
    assert find_query("top_methods.cypher", "cypher").name == "top_methods"
    assert find_query(ROOT / "cypher" / "queries" / "top_methods.cypher", "cypher").name == "top_methods"
    assert find_query("top_methods", "sparql").path == pack_dir() / "sparql" / "top_methods.rq"
    monkeypatch.chdir(tmp_path)
    assert find_query("cypher/queries/top_methods.cypher", "cypher").name == "top_methods"  # from elsewhere
    with pytest.raises(GraphkbError, match="nope.cypher: no such query file"):
        find_query("nope.cypher", "cypher")


def test_schema_file_is_the_generated_schema():
    """cypher/schema.cypher, which people run by hand, says what the loader creates."""
    assert (ROOT / "cypher" / "schema.cypher").read_text(encoding="utf-8") == schema_script()
    assert split_statements(schema_script()) == schema_statements()


def test_split_statements():
    text = ("// comment; not a split\nMATCH (n {name: 'a;b'}) RETURN n; /* block ; */\n"
            "RETURN \"x\\\";y\" AS `odd;name`;\n\n;  RETURN 1 // trailing;")
    assert split_statements(text) == ["MATCH (n {name: 'a;b'}) RETURN n",
                                      'RETURN "x\\";y" AS `odd;name`', "RETURN 1"]


def test_readme_lists_every_pack_query():
    readme = (ROOT / "README.md").read_text()
    for q in pack("cypher"):
        assert f"`{q.name}`" in readme, q.name


def test_the_wheel_ships_the_query_pack(tmp_path):
    """Installed from a wheel (no repository beside it), graphkb still finds cypher/."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp_path / "dist"), str(ROOT)], check=True,
                   capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("graphkb-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(site)
    assert "graphkb/_cypher/schema.cypher" in names
    assert {f"graphkb/_cypher/queries/{q.path.name}" for q in pack("cypher")} <= set(names)
    assert {"graphkb/graphdb/cypher/node.cypher", "graphkb/graphdb/cypher/relationship.cypher"} <= set(names)
    # the RDF view's ontology and shapes, and the SPARQL twins of the pack, ship too
    sparql_files = {f"graphkb/_cypher/sparql/{p.name}" for p in (ROOT / "cypher" / "sparql").glob("*.rq")}
    assert sparql_files and {"graphkb/rdf/ontology.ttl", "graphkb/rdf/shapes.ttl"} | sparql_files <= set(names)
    probe = ("import graphkb, graphkb.querypack as q, graphkb.rdf as r; "
             "print(graphkb.__file__); print(q.pack_dir() / 'schema.cypher'); print(len(q.pack('cypher'))); "
             "print(len(q.pack('sparql'))); print(r.ontology_path().is_file() and r.shapes_path().is_file())")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, capture_output=True,
                         text=True, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}).stdout.split()
    assert out[0].startswith(str(site)) and out[1] == str(site / "graphkb" / "_cypher" / "schema.cypher")
    assert int(out[2]) == len(pack("cypher"))
    assert int(out[3]) == len(sparql_files) and out[4] == "True"
