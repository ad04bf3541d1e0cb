"""The query pack, for Cypher and SPARQL alike: files, headers, parameters, results and their formats.

The pack lives in `cypher/` (queries/*.cypher, and their SPARQL twins in sparql/*.rq),
at the top of the repository and inside the wheel as `graphkb/_cypher`. Every file
starts with a header in its language's comments (`//` or `#`, see cypher/README.md):
the question it answers, then its parameters with their types and defaults. Both
`graphkb query` and `graphkb sparql` read queries, bind `--param` values and print
results through this module, so they behave the same way.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import GraphkbError

_PACKAGE = Path(__file__).resolve().parent  # graphkb/


def pack_dir() -> Path:
    """The cypher/ folder: inside the installed package (wheel), else beside it (repository)."""
    for candidate in (_PACKAGE / "_cypher", _PACKAGE.parent / "cypher"):
        if (candidate / "schema.cypher").is_file():
            return candidate
    raise GraphkbError(f"cypher/schema.cypher not found beside {_PACKAGE}: reinstall graphkb")


@dataclass(frozen=True)
class Language:
    """A query language of the pack: where its files are, how it comments, how it writes `$name`."""

    name: str
    folder: str  # under cypher/
    suffix: str
    comment: str
    command: str  # the command that runs it, for hints
    undeclared_type: str  # the type of a parameter no header declares
    # `$name` outside strings, names, IRIs and comments (the `skip` group holds those)
    parameter_re: re.Pattern


LANGUAGES: dict[str, Language] = {lang.name: lang for lang in (
    Language("cypher", "queries", ".cypher", "//", "graphkb query", "any", re.compile(r'''
        (?P<skip> //[^\n]* | /\*.*?\*/ | '(?:[^'\\]|\\.)*' | "(?:[^"\\]|\\.)*" | `(?:[^`]|``)*` )
      | \$(?P<name>[A-Za-z_][A-Za-z0-9_]*)''', re.S | re.X)),
    Language("sparql", "sparql", ".rq", "#", "graphkb sparql", "string", re.compile(r'''
        (?P<skip> \"\"\".*?\"\"\" | \'\'\'.*?\'\'\' | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
                | <[^<>"{}|^`\\\s]*> | \#[^\n]* )
      | \$(?P<name>[A-Za-z_][A-Za-z0-9_]*)''', re.S | re.X)),
)}

PARAM_TYPES = ("string", "integer", "float", "boolean", "list")
_PARAM_LINE = re.compile(r"^\$(?P<name>\w+)\s+(?P<type>\w+)\s+(?P<text>.*)$")
_DEFAULT = re.compile(r"\(default (?P<value>[^)]*)\)")
_EXAMPLE = re.compile(r"e\.g\.\s+(?P<value>.+?)\s*(?:\)|$)")


@dataclass(frozen=True)
class QueryParam:
    name: str
    type: str  # one of PARAM_TYPES; without a header, "any" (Cypher: JSON or text) or "string"
    description: str
    default: object = None  # None: required
    example: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class QueryFile:
    """A query with its header: the question it answers and its parameters.

    `declared`: the header lists the parameters; otherwise (a query typed on the command
    line, a file without a header) every `$name` of the text is a parameter of any type.
    """

    path: Path | None
    language: str
    question: str
    text: str
    params: tuple[QueryParam, ...] = ()
    declared: bool = True

    @property
    def name(self) -> str:
        return self.path.stem if self.path else "query"

    @property
    def source(self) -> str:
        """How errors name the query: its file, or `query` for one given inline."""
        return str(self.path) if self.path else "query"


def parameter_names(text: str, language: str) -> list[str]:
    """The `$name`s a query uses, in order of first use (strings and comments skipped)."""
    found = (m.group("name") for m in LANGUAGES[language].parameter_re.finditer(text) if m.group("name"))
    return list(dict.fromkeys(found))


def convert_param(value: str, param_type: str, name: str) -> object:
    """A --param value as the type its query declares ("any": JSON when it parses, else text)."""
    text = value.strip()
    try:
        if param_type == "integer":
            if not (text.isascii() and re.fullmatch(r"[+-]?\d+", text)):
                raise ValueError
            return int(text)
        if param_type == "float":
            return float(text)
        if param_type == "boolean":
            if text.lower() not in ("true", "false"):
                raise ValueError
            return text.lower() == "true"
        if param_type == "list":
            return [item.strip() for item in text.split(",") if item.strip()]
        if param_type == "any":
            try:
                return json.loads(value)
            except (json.JSONDecodeError, RecursionError):
                return value
    except ValueError:
        raise GraphkbError(f"--param {name}={value}: not a valid {param_type}") from None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return value


def _header_lines(text: str, comment: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith(comment):
            break
        lines.append(stripped[len(comment):].strip())
    return lines


def parse_query(text: str, language: str, path: Path | None = None) -> QueryFile:
    """A query with its header parsed (see cypher/README.md for the header format)."""
    lang = LANGUAGES[language]
    header = _header_lines(text, lang.comment)
    question_lines = []
    for line in header:
        if not line:
            break
        question_lines.append(line)
    params, in_params, declared = [], False, False
    where = str(path) if path else "query"
    for number, line in enumerate(header, start=1):
        if line.lower().startswith("parameters:"):
            in_params = declared = True
            continue
        if in_params:
            if not line:
                break
            m = _PARAM_LINE.match(line)
            if not m:
                continue  # a continuation line of the previous description
            ptype = m.group("type")
            if ptype not in PARAM_TYPES:
                raise GraphkbError(f"{where}:{number}: parameter ${m.group('name')} has unknown type "
                                   f"{ptype!r} (one of {', '.join(PARAM_TYPES)})")
            description = m.group("text")
            default = _DEFAULT.search(description)
            example = _EXAMPLE.search(description)
            params.append(QueryParam(
                name=m.group("name"), type=ptype, description=description,
                default=convert_param(default.group("value"), ptype, m.group("name")) if default else None,
                example=example.group("value") if example else None))
    if not declared:
        params = [QueryParam(name, lang.undeclared_type, "") for name in parameter_names(text, language)]
    return QueryFile(path=path, language=language, question=" ".join(question_lines), text=text,
                     params=tuple(params), declared=declared)


def read_query_file(path: str | Path, language: str) -> QueryFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphkbError(f"{path}: no such query file (see `{LANGUAGES[language].command} --list`)") from None
    except UnicodeDecodeError:
        raise GraphkbError(f"{path}: not a UTF-8 text file") from None
    return parse_query(text, language, path)


def queries_dir(language: str) -> Path:
    return pack_dir() / LANGUAGES[language].folder


def pack(language: str) -> list[QueryFile]:
    """Every query of the pack in one language, by file name."""
    lang = LANGUAGES[language]
    return [read_query_file(p, language) for p in sorted(queries_dir(language).glob(f"*{lang.suffix}"))]


def find_query(name_or_path: str | Path, language: str) -> QueryFile:
    """A query file by path, or a pack query by name (`top_methods` or `top_methods.cypher`)."""
    lang = LANGUAGES[language]
    path = Path(name_or_path)
    if path.is_file():
        return read_query_file(path, language)
    folder = queries_dir(language)
    in_pack = folder / (path.name if path.suffix == lang.suffix else f"{path.name}{lang.suffix}")
    if in_pack.is_file() and path.parent in (Path("."), Path("cypher") / lang.folder):
        return read_query_file(in_pack, language)
    raise GraphkbError(f"{name_or_path}: no such query file or pack query (see `{lang.command} --list`)")


def bind_params(query: QueryFile, given: Mapping[str, str]) -> dict:
    """--param values typed by the query's header; declared defaults fill the rest.

    A name the query does not have is an error, and so is a required one not given.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise GraphkbError(f"{query.source}: no parameter ${unknown[0]} (its parameters: "
                           f"{', '.join('$' + n for n in declared) or 'none'})")
    values: dict = {}
    for param in query.params:
        if param.name in given:
            values[param.name] = convert_param(given[param.name], param.type, param.name)
        elif not param.required:
            values[param.name] = param.default
        elif query.declared:
            example = f" (e.g. --param {param.name}={param.example})" if param.example else ""
            raise GraphkbError(f"{query.path.name} needs --param {param.name}=...{example}: {param.description}")
        else:
            missing = [p.name for p in query.params if p.name not in given]
            raise GraphkbError(f"the query needs --param for: {', '.join(missing)}")
    return values


def parse_param_options(pairs) -> dict[str, str]:
    """`--param NAME=VALUE` options as a dict (a leading `$` on NAME is dropped)."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise GraphkbError(f"--param {pair}: expected NAME=VALUE")
        params[name.strip().lstrip("$")] = value
    return params


# -- results -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueryResult:
    """Rows of plain Python values (nodes, relationships and paths as dicts), by column;
    a SPARQL CONSTRUCT or DESCRIBE gives `triples` instead."""

    columns: list[str]
    rows: list[dict]
    triples: tuple | None = None


def _cell(value) -> str:
    """A value as short text: lists comma-joined, nodes by label and name or id."""
    if value is None:
        return ""
    if isinstance(value, dict) and "labels" in value and "properties" in value:
        props = value["properties"]
        name = props.get("name") or props.get("title") or props.get("id")
        return f"(:{':'.join(value['labels'])} {name})"
    if isinstance(value, dict) and "type" in value and "properties" in value:
        return f"[:{value['type']}]"
    if isinstance(value, dict) and "nodes" in value and "relationships" in value:
        return " - ".join(_cell(n) for n in value["nodes"])
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def format_table(result: QueryResult, max_width: int = 60) -> str:
    def clip(text: str) -> str:
        return text if len(text) <= max_width else text[:max_width - 1] + "…"
    cells = [[clip(_cell(row[c])) for c in result.columns] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_json(result: QueryResult) -> str:
    return json.dumps(result.rows, ensure_ascii=False, indent=2) + "\n"


def format_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if row[c] is None else
                         json.dumps(row[c], ensure_ascii=False) if isinstance(row[c], (list, dict))
                         else row[c] for c in result.columns])
    return out.getvalue()


FORMATS: dict[str, Callable[[QueryResult], str]] = {
    "table": format_table, "json": format_json, "csv": format_csv}


def list_pack(language: str) -> str:
    """One line per pack query: name, question, and the parameters it needs."""
    queries = pack(language)
    width = max((len(q.name) for q in queries), default=0)
    lines = []
    for q in queries:
        needed = " ".join(f"--param {p.name}=" + (p.example or "...") for p in q.params if p.required)
        lines.append(f"{q.name:<{width}}  {q.question}" + (f"  [{needed}]" if needed else ""))
    return "".join(line + "\n" for line in lines)
