"""Header and data CSVs for `neo4j-admin database import full`, the fastest way into a new database.

The output folder holds `nodes/<Label>.header.csv` + `nodes/<Label>.csv`, one pair
per relationship group under `relationships/`, and `import.sh` with the exact
neo4j-admin command for these files. Node ids use one ID space per label
(`id:ID(Paper)`), so `id` is stored as a property as `graphkb load neo4j` stores it;
property values are the loader's (rows.py), typed in the header (`paper_count:long`,
`aliases:string[]`), and every node and relationship carries the loader's ownership mark
(`graphkb_owned:boolean`, true), so `graphkb load neo4j` can later update the database.
The array delimiter is a character that no list value contains.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import GraphkbError
from ..graph import KnowledgeGraph
from ..graphdb.rows import graph_rows
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


def _column_types(rows: list[dict]) -> dict[str, str]:
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row["props"].items():
            kinds.setdefault(key, set()).add(_kind(value))
    return {key: _column_type(seen) for key, seen in kinds.items()}


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


def _delimiter_and_multiline(graph_rows_) -> tuple[str, bool]:
    """One pass over every property value: an array delimiter no list item contains, and
    whether some value (or list item) holds a line break (neo4j-admin's --multiline-fields)."""
    used, multiline = set(), False
    for groups in (graph_rows_.nodes.values(), graph_rows_.relationships.values()):
        for rows in groups:
            for row in rows:
                for value in row["props"].values():
                    for text in map(str, value if isinstance(value, list) else (value,)):
                        multiline = multiline or "\n" in text or "\r" in text
                        if isinstance(value, list):
                            used.update(ch for ch in _ARRAY_DELIMITERS if ch in text)
    for candidate in _ARRAY_DELIMITERS:
        if candidate not in used:
            return candidate, multiline
    raise GraphkbError("every array delimiter candidate occurs in list values; cannot write neo4j-csv")


# every node and relationship is marked as graphkb's, as `graphkb load neo4j` marks what it creates,
# so that a later load takes over from the import
_OWNED_COLUMN = f"{OWNED}:boolean"


def _write_pair(folder: Path, name: str, id_columns: list[tuple[str, str]], rows: list[dict],
                array_delimiter: str) -> tuple[str, str]:
    """Write `<name>.header.csv` and `<name>.csv`; returns their paths relative to the export."""
    types = _column_types(rows)
    keys = sorted(types)
    folder.mkdir(parents=True, exist_ok=True)
    header, data = folder / f"{name}.header.csv", folder / f"{name}.csv"
    with open(header, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([h for h, _ in id_columns] + [_header_name(k, types[k]) for k in keys]
                                + [_OWNED_COLUMN])
    with open(data, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow([row[field] for _, field in id_columns]
                            + [_cell(row["props"].get(k), types[k], array_delimiter) for k in keys] + ["true"])
    return f"{folder.name}/{header.name}", f"{folder.name}/{data.name}"


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


def _write_folder(graph: KnowledgeGraph, folder: Path) -> None:
    rows = graph_rows(graph)
    delimiter, multiline = _delimiter_and_multiline(rows)
    node_files, rel_files = [], []
    for label, label_rows in rows.nodes.items():
        node_files.append((label, *_write_pair(folder / "nodes", label, [(f"id:ID({label})", "id")],
                                                label_rows, delimiter)))
    for key, key_rows in rows.relationships.items():
        ids = [(f":START_ID({key.source_label})", "src"), (f":END_ID({key.target_label})", "dst")]
        rel_files.append((key.type, *_write_pair(folder / "relationships", key.name, ids, key_rows,
                                                 delimiter)))
    args = import_command(node_files, rel_files, delimiter, multiline)
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
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise GraphkbError(f"{path}: exists and is not a folder (neo4j-csv writes a folder)")
    if path.is_dir() and any(path.iterdir()) and not (path / COMMAND_FILE).exists():
        raise GraphkbError(f"{path}: folder is not empty and not a previous neo4j-csv export; "
                           "choose a new or empty folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        _write_folder(graph, staging)
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
                             "Header and data CSVs for neo4j-admin database import full (a folder)", folder=True))
