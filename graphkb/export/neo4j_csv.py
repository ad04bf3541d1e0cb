"""Header and data CSVs for `neo4j-admin database import full`, the fastest way into a new database.

The output folder holds `nodes/<Label>.header.csv` + `nodes/<Label>.csv`, one pair
per relationship group under `relationships/`, and `import.sh` with the exact
neo4j-admin command for these files. Node ids use one ID space per label
(`id:ID(Paper)`), so `id` is stored as a property as `graphkb load neo4j` stores it;
property values are the loader's (rows.py), typed in the header (`paper_count:long`,
`aliases:string[]`), and every node and relationship carries the loader's ownership mark
(`graphkb_owned:boolean`, true), so `graphkb load neo4j` can later update the database.
The array delimiter is a character that no list value contains. From a graph.parquet the
folder is written without building the graph (`stream`): the same files, in two passes.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import GraphkbError
from ..graph import KnowledgeGraph
from ..graphdb.rows import RelKey, graph_rows, group_order, parquet_rows
from ..schema import OWNED
from .registry import Exporter, register

COMMAND_FILE = "import.sh"
_ARRAY_DELIMITERS = ("|", ";", "\x1f")
_SCALAR_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _kind(value) -> str:
    """`long`, `string[]`, ...; an empty list is `[]` (fits any array type); `mixed[]` fits none."""
    if isinstance(value, list):
        inner = {_kind(v) for v in value}
        if not inner:
            return "[]"
        if inner == {"long", "double"}:
            return "double[]"
        return f"{inner.pop()}[]" if len(inner) == 1 else "mixed[]"
    return _SCALAR_TYPES.get(type(value), "string")


def _column_type(kinds: set[str]) -> str:
    """One column's neo4j-admin type: long and double meet as double; anything else mixed is a string."""
    if kinds <= {"long", "double"}:
        return "double" if "double" in kinds else "long"
    arrays = kinds - {"[]"}
    if all(k.endswith("[]") for k in kinds):
        if not arrays:
            return "string[]"
        if arrays <= {"long[]", "double[]"}:
            return "double[]" if "double[]" in arrays else "long[]"
        if len(arrays) == 1 and arrays != {"mixed[]"}:
            return arrays.pop()
    return kinds.pop() if len(kinds) == 1 and not next(iter(kinds)).endswith("[]") else "string"


class _Survey:
    """What the CSVs' headers and the import command need to know of every property value: each
    group's column types, an array delimiter no list item contains, and whether some value (or
    list item) holds a line break (neo4j-admin's --multiline-fields). Fed one row at a time."""

    def __init__(self):
        self.kinds: dict[object, dict[str, set[str]]] = {}  # group (label or RelKey) -> key -> kinds
        self.used: set[str] = set()
        self.multiline = False

    def see(self, group, props: dict) -> None:
        kinds = self.kinds.setdefault(group, {})
        for key, value in props.items():
            kinds.setdefault(key, set()).add(_kind(value))
            for text in map(str, value if isinstance(value, list) else (value,)):
                self.multiline = self.multiline or "\n" in text or "\r" in text
                if isinstance(value, list):
                    self.used.update(ch for ch in _ARRAY_DELIMITERS if ch in text)

    def types(self, group) -> dict[str, str]:
        return {key: _column_type(seen) for key, seen in self.kinds.get(group, {}).items()}

    def delimiter(self) -> str:
        for candidate in _ARRAY_DELIMITERS:
            if candidate not in self.used:
                return candidate
        raise GraphkbError("every array delimiter candidate occurs in list values; cannot write neo4j-csv")


def _header_name(name: str, kind: str) -> str:
    if ":" in name:
        raise GraphkbError(f"property {name!r} has a ':' that neo4j-admin headers cannot carry")
    return name if kind == "string" else f"{name}:{kind}"


def _cell(value, kind: str, array_delimiter: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = value if isinstance(value, list) else [value]
        return array_delimiter.join(_scalar(v) for v in items)
    if kind == "string" and isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return _scalar(value)


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


# every node and relationship is marked as graphkb's, as `graphkb load neo4j` marks what it creates,
# so that a later load takes over from the import
_OWNED_COLUMN = f"{OWNED}:boolean"


class _Pair:
    """`<name>.header.csv` and `<name>.csv` of one group: the header written at once, the rows as
    they come (`add`); `paths` relative to the export."""

    def __init__(self, folder: Path, name: str, id_columns: list[tuple[str, str]], types: dict[str, str],
                 array_delimiter: str):
        self.id_fields = [field for _, field in id_columns]
        self.keys, self.types, self.array_delimiter = sorted(types), types, array_delimiter
        folder.mkdir(parents=True, exist_ok=True)
        header, data = folder / f"{name}.header.csv", folder / f"{name}.csv"
        with open(header, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerow([h for h, _ in id_columns] + [_header_name(k, types[k]) for k in self.keys]
                                    + [_OWNED_COLUMN])
        self._file = open(data, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file)
        self.paths = f"{folder.name}/{header.name}", f"{folder.name}/{data.name}"

    def add(self, row: dict) -> None:
        props, types, delimiter = row["props"], self.types, self.array_delimiter
        self._writer.writerow([row[field] for field in self.id_fields]
                              + [_cell(props.get(k), types[k], delimiter) for k in self.keys] + ["true"])

    def close(self) -> None:
        self._file.close()


def _unicode_name(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def import_command(node_files: list[tuple[str, str, str]], rel_files: list[tuple[str, str, str]],
                   array_delimiter: str, multiline: bool) -> list[str]:
    """The neo4j-admin command line, one argument per item."""
    args = ["neo4j-admin", "database", "import", "full", "${DATABASE:-neo4j}", "--overwrite-destination",
            "--report-file=${REPORT_FILE:-/tmp/graphkb-neo4j-import.report}",
            f"--array-delimiter={_unicode_name(array_delimiter)}"]
    if multiline:
        args.append("--multiline-fields=true")
    args += [f"--nodes={label}={header},{data}" for label, header, data in node_files]
    args += [f"--relationships={rel_type}={header},{data}" for rel_type, header, data in rel_files]
    return args


def _node_pair(folder: Path, label: str, survey: _Survey, delimiter: str) -> _Pair:
    return _Pair(folder / "nodes", label, [(f"id:ID({label})", "id")], survey.types(label), delimiter)


def _relationship_pair(folder: Path, key: RelKey, survey: _Survey, delimiter: str) -> _Pair:
    ids = [(f":START_ID({key.source_label})", "src"), (f":END_ID({key.target_label})", "dst")]
    return _Pair(folder / "relationships", key.name, ids, survey.types(key), delimiter)


def _write_folder(graph: KnowledgeGraph, folder: Path) -> None:
    rows = graph_rows(graph)
    _write_groups(folder, lambda: ((group, row) for groups in (rows.nodes, rows.relationships)
                                   for group, group_rows in groups.items() for row in group_rows))


def _stream_folder(parquet: Path, folder: Path) -> None:
    """The export folder from a graph.parquet, never building the graph (the same files as
    `_write_folder`): its rows are read once for each pass."""
    _write_groups(folder, lambda: parquet_rows(parquet))


def _write_groups(folder: Path, rows: Callable[[], Iterable[tuple[str | RelKey, dict]]]) -> None:
    """The export folder from `rows()`, (group, row) with each group's rows in order, gone through
    twice: once to survey the values (the columns' types, the array delimiter), once to write every
    group's rows into its open file."""
    survey = _Survey()
    for group, row in rows():
        survey.see(group, row["props"])
    delimiter = survey.delimiter()
    labels, keys = group_order(survey.kinds)
    pairs = {label: _node_pair(folder, label, survey, delimiter) for label in labels}
    pairs.update((key, _relationship_pair(folder, key, survey, delimiter)) for key in keys)
    try:
        for group, row in rows():
            pairs[group].add(row)
    finally:
        for pair in pairs.values():
            pair.close()
    _write_command(folder, import_command([(label, *pairs[label].paths) for label in labels],
                                          [(key.type, *pairs[key].paths) for key in keys],
                                          delimiter, survey.multiline))


def _write_command(folder: Path, args: list[str]) -> None:
    """import.sh: the neo4j-admin command for the files, runnable as it is."""
    script = folder / COMMAND_FILE
    script.write_text(
        "#!/bin/sh\n"
        "# Import these CSVs into a new Neo4j 5 database (default: neo4j; DATABASE=name to change).\n"
        "# Run where neo4j-admin is (NEO4J_HOME/bin, or inside the neo4j Docker image) with the\n"
        "# database stopped; it replaces the database (REPORT_FILE: where neo4j-admin writes its\n"
        "# report). Then create the constraints and indexes:\n"
        "#   cypher-shell -u neo4j -p PASSWORD -f cypher/schema.cypher\n"
        "# Written by `graphkb export neo4j-csv`.\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        + " ".join(f'"{a}"' if a.startswith("${") else a for a in args[:6]) + " \\\n"
        + " \\\n".join(f'  "{a}"' if "${" in a else f"  {a}" for a in args[6:]) + "\n",
        encoding="utf-8")
    script.chmod(0o755)


def write(graph: KnowledgeGraph, path: Path) -> str:
    """Write the export folder atomically: built beside `path`, then swapped in whole."""
    return _write_atomically(path, lambda staging: _write_folder(graph, staging))


def stream(parquet: Path, path: Path) -> str:
    """As `write`, from a graph.parquet (see `_stream_folder`)."""
    return _write_atomically(path, lambda staging: _stream_folder(parquet, staging))


def _write_atomically(path: Path, fill: Callable[[Path], None]) -> str:
    """Fill a new folder beside `path`, then swap it in whole."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise GraphkbError(f"{path}: exists and is not a folder (neo4j-csv writes a folder)")
    if path.is_dir() and any(path.iterdir()) and not (path / COMMAND_FILE).exists():
        raise GraphkbError(f"{path}: folder is not empty and not a previous neo4j-csv export; "
                           "choose a new or empty folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        fill(staging)
        for item in staging.rglob("*"):
            if item.is_file() and item.name != COMMAND_FILE:
                os.chmod(item, 0o644)
        os.chmod(staging, 0o755)
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
            os.replace(staging, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return f"import command: {path / COMMAND_FILE}"


EXPORTER = register(Exporter("neo4j-csv", "neo4j-csv", write,
                             "Header and data CSVs for neo4j-admin database import full (a folder)", folder=True,
                             stream=stream))
