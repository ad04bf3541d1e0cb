"""Where graphkb's Cypher lives, and how a .cypher file is read.

Two sets of files:
- the user-facing `cypher/` folder (schema.cypher and the query pack queries/*.cypher):
  at the top of the repository, and shipped inside the wheel as `graphkb/_cypher`
  (hatch force-include), so `cypher_dir()` finds it in an editable and in a wheel install;
- the loader's statements, `graphkb/graphdb/statements/`: one file per node label and per
  relationship group, because Cypher cannot take a label or a type as a parameter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import GraphkbError
from .rows import RelKey

_PACKAGE = Path(__file__).resolve().parent.parent  # graphkb/
STATEMENTS = Path(__file__).resolve().parent / "statements"


def cypher_dir() -> Path:
    """The cypher/ folder: inside the installed package (wheel), else beside it (repository)."""
    for candidate in (_PACKAGE / "_cypher", _PACKAGE.parent / "cypher"):
        if (candidate / "schema.cypher").is_file():
            return candidate
    raise GraphkbError(f"cypher/schema.cypher not found beside {_PACKAGE}: reinstall graphkb")


def schema_path() -> Path:
    return cypher_dir() / "schema.cypher"


def schema_statements() -> list[str]:
    """The statements of cypher/schema.cypher (constraints and indexes), comments dropped."""
    return split_statements(schema_path().read_text(encoding="utf-8"))


def queries_dir() -> Path:
    return cypher_dir() / "queries"


def node_statement(label: str) -> str:
    return _statement(STATEMENTS / "nodes" / f"{label}.cypher", f"nodes labelled {label}")


def relationship_statement(key: RelKey) -> str:
    return _statement(STATEMENTS / "relationships" / f"{key.name}.cypher",
                      f"(:{key.source_label})-[:{key.type}]->(:{key.target_label})")


def named_statement(name: str) -> str:
    return _statement(STATEMENTS / f"{name}.cypher", name)


def _statement(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphkbError(f"no loader statement for {what} (expected {path})") from None


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


# -- the query pack ------------------------------------------------------------------------------

PARAM_TYPES = ("string", "integer", "float", "boolean", "list")
_PARAM_LINE = re.compile(r"^\$(?P<name>\w+)\s+(?P<type>\w+)\s+(?P<text>.*)$")
_DEFAULT = re.compile(r"\(default (?P<value>[^)]*)\)")
_EXAMPLE = re.compile(r"e\.g\.\s+(?P<value>.+?)\s*(?:\)|$)")


@dataclass(frozen=True)
class QueryParam:
    name: str
    type: str
    description: str
    default: object = None  # None: required
    example: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class QueryFile:
    """A .cypher query with its header: the question it answers and its parameters."""

    path: Path
    question: str
    text: str
    params: tuple[QueryParam, ...] = ()

    @property
    def name(self) -> str:
        return self.path.stem


def convert_param(value: str, param_type: str, name: str) -> object:
    """A --param value as the type its query declares."""
    text = value.strip()
    try:
        if param_type == "integer":
            return int(text)
        if param_type == "float":
            return float(text)
        if param_type == "boolean":
            if text.lower() not in ("true", "false"):
                raise ValueError
            return text.lower() == "true"
        if param_type == "list":
            return [item.strip() for item in text.split(",") if item.strip()]
    except ValueError:
        raise GraphkbError(f"--param {name}={value}: not a valid {param_type}") from None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return value


def _header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        lines.append(stripped[2:].strip())
    return lines


def read_query_file(path: str | Path) -> QueryFile:
    """A query file with its header parsed (see cypher/README.md for the header format)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphkbError(f"{path}: no such query file (see `graphkb query --list`)") from None
    except UnicodeDecodeError:
        raise GraphkbError(f"{path}: not a UTF-8 text file") from None
    header = _header_lines(text)
    question_lines = []
    for line in header:
        if not line:
            break
        question_lines.append(line)
    params, in_params = [], False
    for number, line in enumerate(header, start=1):
        if line.lower().startswith("parameters:"):
            in_params = True
            continue
        if in_params:
            if not line:
                break
            m = _PARAM_LINE.match(line)
            if not m:
                continue  # a continuation line of the previous description
            ptype = m.group("type")
            if ptype not in PARAM_TYPES:
                raise GraphkbError(f"{path}:{number}: parameter ${m.group('name')} has unknown type "
                                   f"{ptype!r} (one of {', '.join(PARAM_TYPES)})")
            description = m.group("text")
            default = _DEFAULT.search(description)
            example = _EXAMPLE.search(description)
            params.append(QueryParam(
                name=m.group("name"), type=ptype, description=description,
                default=convert_param(default.group("value"), ptype, m.group("name")) if default else None,
                example=example.group("value") if example else None))
    return QueryFile(path=path, question=" ".join(question_lines), text=text, params=tuple(params))


def pack() -> list[QueryFile]:
    """Every query of the pack, by file name."""
    return [read_query_file(p) for p in sorted(queries_dir().glob("*.cypher"))]


def find_query(name_or_path: str | Path) -> QueryFile:
    """A query file by path, or a pack query by name (`top_methods` or `top_methods.cypher`)."""
    path = Path(name_or_path)
    if path.is_file():
        return read_query_file(path)
    in_pack = queries_dir() / (path.name if path.suffix == ".cypher" else f"{path.name}.cypher")
    if in_pack.is_file() and path.parent in (Path("."), Path("cypher/queries")):
        return read_query_file(in_pack)
    return read_query_file(path)  # raises the not-found error naming the path
