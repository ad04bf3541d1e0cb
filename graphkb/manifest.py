"""OUT/manifest.json: what a build folder holds and how it was made, to reproduce or audit it.

graphkb's version, the command and its options, every input file with its size and
sha256 (and which update added it), the counts of records, papers, nodes and
relationships, and the seconds each stage took. `graphkb update` reads it first: a folder
without one, or written by another graphkb version, is refused with a clear error.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .errors import GraphkbError
from .graph import KnowledgeGraph
from .outdir import MANIFEST_FILE

MANIFEST_FORMAT = 1


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def input_entries(inputs, added: int = 0) -> list[dict]:
    """One entry per input file (folders listed file by file), with its size and sha256."""
    from .ingest import display_name, input_files

    entries = []
    for raw in inputs:
        for path, _ in input_files(raw):
            entries.append({"path": display_name(str(Path(path).resolve())), "bytes": path.stat().st_size,
                            "sha256": file_sha256(path), "update": added})
    return entries


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_manifest(command: str, options, settings: dict, inputs: list[dict], records: int, kg: KnowledgeGraph,
                  seconds: dict, updates: list[dict]) -> dict:
    return {
        "manifest_format": MANIFEST_FORMAT,
        "graphkb": __version__,
        "command": command,
        "written": now_iso(),
        "options": {**asdict(options), **settings},
        "inputs": inputs,
        "counts": {"records": records, "papers": kg.node_counts().get("Paper", 0),
                   "nodes": dict(sorted(kg.node_counts().items())),
                   "relationships": dict(sorted(kg.edge_counts().items()))},
        "seconds": seconds,
        "updates": updates,
    }


def write_manifest(manifest: dict, path: Path) -> None:
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_manifest(out: str | Path) -> dict:
    """The manifest of build folder OUT, checked: it exists, parses, and this graphkb wrote it."""
    path = Path(out) / MANIFEST_FILE
    if not Path(out).is_dir():
        raise GraphkbError(f"{out}: not a build folder (run `graphkb build INPUT... -o {out}` first)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GraphkbError(f"{path}: not found: {out} is not a graphkb build folder, or was built by a graphkb "
                           "without manifests; rebuild it with `graphkb build`") from None
    except json.JSONDecodeError as e:
        raise GraphkbError(f"{path}:{e.lineno}: not a manifest: {e.msg}") from None
    if not isinstance(manifest, dict) or manifest.get("manifest_format") != MANIFEST_FORMAT:
        raise GraphkbError(f"{path}: not a graphkb manifest (format {MANIFEST_FORMAT} expected)")
    if manifest.get("graphkb") != __version__:
        raise GraphkbError(f"{path}: {out} was built by graphkb {manifest.get('graphkb')}, this is graphkb "
                           f"{__version__}; rebuild it with `graphkb build`")
    return manifest
