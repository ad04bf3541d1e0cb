"""The build folder OUT: what a build writes there, and how a new build replaces the old one as one set.

A build writes graph.json and its views (each exporter marked `in_build`) into a
hidden sibling folder, `.OUT.graphkb-new-*`, then swaps it in: OUT is renamed
to `.OUT.graphkb-old-*`, the new folder to OUT, and the old one removed. So a
reader sees either the old set or the new one, never a new graph.json beside old
views, and a build that fails or is killed leaves the previous OUT as it was.
Files in OUT that graphkb did not write (an export folder, notes) are moved into
the new folder before the swap. A later build recovers from a killed one first
(`recover`): it finishes a swap that was cut short and removes what was left behind.
"""
from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .export import EXPORTERS
from .export.registry import EarlierFileMismatch
from .forked import can_fork, default_jobs, run_shares
from .graph import KnowledgeGraph, number_of_edges
from .memory import gc_paused

if TYPE_CHECKING:
    from .delta import LazyDelta

GRAPH_FILE = "graph.json"
# What a build writes beside the graph and its views (see manifest.py, buildstate.py, changes.py, digest.py)
MANIFEST_FILE = "manifest.json"
STATE_FILE = "build-state.pickle"
CHANGES_FILE = "changes.json"
DIGEST_FILE = "digest.md"
FEED_FILE = "digest.xml"
METADATA_FILES = (MANIFEST_FILE, STATE_FILE, CHANGES_FILE, DIGEST_FILE, FEED_FILE)
_NEW, _OLD = "graphkb-new", "graphkb-old"
_COMPLETE = ".graphkb-complete"  # written last into a new folder: it holds the whole set


def build_files(views: bool = True) -> list[str]:
    """The files a build writes into OUT: graph.json, then the views."""
    names = [EXPORTERS["json"].filename]
    if views:
        names += [e.filename for e in EXPORTERS.values() if e.in_build and e.name != "json"]
    return names


def kept_map(out: Path) -> dict[str, dict]:
    """write_build's options for a build that grows the one in OUT: its page keeps the earlier
    page's map (htmlview/earlier.py)."""
    page = out / EXPORTERS["html"].filename
    return {page.name: {"keep_layout_from": str(page)}} if page.is_file() else {}


def _all_build_files() -> set[str]:
    return set(build_files(views=True)) | set(METADATA_FILES) | {_COMPLETE}


def _siblings(out: Path, kind: str) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.{kind}-*")) if out.parent.is_dir() else []


def _move_foreign(source: Path, target: Path) -> None:
    """Move the entries of `source` that a build does not write into `target` (kept across builds)."""
    for entry in sorted(source.iterdir()):
        if entry.name not in _all_build_files() and not (target / entry.name).exists():
            os.replace(entry, target / entry.name)


def recover(out: str | Path) -> None:
    """Finish or undo a build of OUT that was killed, and remove its temporary folders."""
    out = Path(out).resolve()
    complete = [p for p in _siblings(out, _NEW) if (p / _COMPLETE).exists()]
    if not out.exists():
        if complete:  # killed between the two renames of the swap: the new set is whole
            os.replace(complete[-1], out)
        elif _siblings(out, _OLD):  # nothing new to put in place: the old set goes back
            os.replace(_siblings(out, _OLD)[-1], out)
    for staging in _siblings(out, _NEW):  # killed while writing: give back what was moved in
        if out.is_dir():
            _move_foreign(staging, out)
        shutil.rmtree(staging, ignore_errors=True)
    for old in _siblings(out, _OLD):
        shutil.rmtree(old, ignore_errors=True)
    (out / _COMPLETE).unlink(missing_ok=True)


def _holds_cwd(folder: Path) -> bool:
    """Is the current working directory this folder or inside it? (Then it is not swapped:
    the shell that ran the build would be left in a removed folder.)"""
    try:
        cwd = Path.cwd().resolve()
    except FileNotFoundError:
        return False
    return cwd == folder or folder in cwd.parents


def _replace_in_place(staging: Path, out: Path, names: list[str]) -> None:
    """Move the new files into OUT one by one, views first and graph.json last, and drop the
    old build's files the new set does not have."""
    for name in sorted(_all_build_files() - set(names) - {_COMPLETE}):
        (out / name).unlink(missing_ok=True)
    for name in sorted(names, key=lambda n: n == GRAPH_FILE):
        os.replace(staging / name, out / name)
    shutil.rmtree(staging, ignore_errors=True)


def write_build(kg: KnowledgeGraph, out: str | Path, views: bool = True,
                extras: dict[str, Callable[[Path], None]] | None = None, jobs: int | None = None,
                options: dict[str, dict] | None = None, delta: LazyDelta | None = None) -> list[Path]:
    """Write graph.json (and the views, if asked) into OUT as one set; returns the files written.

    extras: more files of the set (METADATA_FILES), each written by its function given the path.
    They are taken: the dict is emptied as its files are written (first), or at once in a
    process that leaves them to another (see `_write_files`), so that what only their
    functions hold (the build state: at 100,000 papers 1 GB of records, observations and
    vectors) is freed before the views are made.
    jobs: processes to write in (default: all CPUs); see `_write_files`.
    options: a file's exporter options, by file name (an update's graph.html keeps the earlier map).
    delta: what changed since the build OUT holds (an update; worked out by the process that
    first needs it): the files whose exporter can splice are written from OUT's and what
    changed (delta.py).

    When OUT holds the current working directory its files are replaced one by one instead
    (graph.json last), so the shell is not left in a removed folder."""
    given = Path(out)
    out = given.resolve()
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(20, "not a folder", str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{_NEW}-", dir=out.parent))
    try:
        extras = extras if extras is not None else {}
        for name in extras:
            if name not in METADATA_FILES:
                raise ValueError(f"{name!r} is not a file of the build folder")
        graph_and_views = build_files(views)
        names = [*graph_and_views, *extras]
        spliced = {name: (delta, out / name) for name in graph_and_views
                   if delta is not None and (out / name).is_file()}
        _write_files(kg, staging, graph_and_views, extras, default_jobs() if jobs is None else jobs, options or {},
                     spliced)
        os.chmod(staging, 0o755)
        if out.exists() and _holds_cwd(out):
            _replace_in_place(staging, out, names)
            return [given / name for name in names]
        if out.exists():
            _move_foreign(out, staging)
        (staging / _COMPLETE).touch()
        if out.exists():
            old = out.parent / f".{out.name}.{_OLD}-{secrets.token_hex(6)}"
            os.replace(out, old)
            os.replace(staging, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out)
        (out / _COMPLETE).unlink(missing_ok=True)
    except BaseException:
        if staging.exists():
            if out.is_dir():
                _move_foreign(staging, out)
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return [given / name for name in names]


# From this many relationships up, the build's files are written by several processes (a fork
# costs some milliseconds; the views of 20,000 relationships take about two seconds).
PARALLEL_MIN_RELATIONSHIPS = 20_000


def _write_file(kg: KnowledgeGraph, path: Path, options: dict, spliced: tuple[LazyDelta, Path] | None) -> None:
    """Write one file of the set: from the earlier build's and what changed, where its exporter
    can splice and the earlier file is the one the changes were taken against; else whole."""
    exporter = next(e for e in EXPORTERS.values() if e.filename == path.name)
    delta = spliced[0].get() if spliced is not None and exporter.splice is not None else None
    if delta is not None:
        try:
            exporter.export_spliced(kg, delta, spliced[1], path, **options)
            return
        except EarlierFileMismatch:
            pass
    exporter.export(kg, path, **options)


def _write_files(kg: KnowledgeGraph, folder: Path, names: list[str], extras: dict[str, Callable[[Path], None]],
                 jobs: int, options: dict[str, dict], spliced: dict[str, tuple[LazyDelta, Path]]) -> None:
    """Write the `extras`, then graph.json and the views `names`, into `folder`, emptying `extras`.

    On a big graph with `jobs` > 1 they are written by `jobs` processes: this one and forked
    children, each reading the same graph. Each process claims the next file as soon as it is
    free, the costliest first (by each exporter's write_cost; the extras before all), so the
    work balances whatever the files' costs at this size: at 100,000 papers the HTML view takes
    45 s, the Turtle 32 s, the Cypher script 28 s, graph.json 21 s; at 10,000 19, 5, 5 and 4 s.
    Each file is written whole by one process, so the files are those one process writes. A
    process whose first claim is not the extras leaves them to the one that has them, and lets
    go at once of what only they hold (the build state).
    """
    by_file = {e.filename: e for e in EXPORTERS.values()}
    writes = [lambda n=n: _write_file(kg, folder / n, options.get(n, {}), spliced.get(n))
              for n in sorted(names, key=lambda n: -by_file[n].write_cost)]
    if extras:
        def write_extras():
            while extras:
                name = next(iter(extras))
                extras.pop(name)(folder / name)  # the function goes once it has written
        writes.insert(0, write_extras)
    jobs = min(jobs, len(writes))
    if jobs < 2 or number_of_edges(kg.g) < PARALLEL_MIN_RELATIONSHIPS or not can_fork():
        with gc_paused():
            for write in writes:
                write()
        return
    claims, unclaimed = os.pipe()  # the files' numbers, one byte each, read by whichever process is free
    os.write(unclaimed, bytes(range(len(writes))))
    os.close(unclaimed)

    def write_claimed(_first: int, _stop: int) -> tuple:
        claim = os.read(claims, 1)
        if claim != b"\x00":
            extras.clear()  # another process has them: this one lets go of what only they hold
        while claim:
            writes[claim[0]]()
            claim = os.read(claims, 1)
        return ()
    try:
        with gc_paused():
            for _ in run_shares(write_claimed, [(i, i + 1) for i in range(jobs)]):
                pass
    finally:
        os.close(claims)


def rewrite_build(kg: KnowledgeGraph, out: str | Path,
                  extras: dict[str, Callable[[Path], None]] | None = None) -> list[Path]:
    """Write a changed graph back into its build folder (OUT, or the folder of a graph.json named
    directly), with views if the folder had them, as one set. The folder's other files of the
    set (METADATA_FILES) are kept unless `extras` writes them anew, and its page keeps its map."""
    folder = Path(out)
    if folder.is_file():
        folder = folder.parent
    views = any((folder / name).exists() for name in build_files(views=True)[1:])
    kept = {}
    for name in METADATA_FILES:
        if (folder / name).exists() and name not in (extras or {}):
            kept[name] = lambda path, old=folder / name: shutil.copyfile(old, path)
    return write_build(kg, folder, views=views, extras={**kept, **(extras or {})}, options=kept_map(folder))
