"""Where a build's per-file, per-paper and per-document work runs: the engines.

`build.build` strings the stages together; an engine only says where three of them run:
reading the input files, the per-paper step of extraction (observe) and counting the
documents' terms for the TF-IDF vectors. Each engine gives exactly the same records,
observations and counts, so the graph is the same whichever runs.

- `local`: in this process, with forked worker processes for extraction (`--jobs`).
- `dask`: in Dask partitions (dask.distributed), on a LocalCluster or a running scheduler
  (`graphkb[dask]`; see engines/dask_engine.py).

An engine is a context manager (the dask one starts or connects to a cluster and closes it).
"""
from __future__ import annotations

from collections.abc import Callable

from .local import Engine, LocalEngine

# name -> factory(jobs=..., scheduler=...) of an engine; each module below registers its own
ENGINES: dict[str, Callable[..., Engine]] = {}


def register(name: str, factory: Callable[..., Engine]) -> None:
    ENGINES[name] = factory


register("local", LocalEngine)

from . import dask_engine  # noqa: E402,F401  (registers "dask"; imports dask only when started)


def open_engine(name: str = "local", jobs: int | None = None, scheduler: str | None = None) -> Engine:
    """The engine called `name` (use it in a `with` block)."""
    from ..errors import GraphkbError

    if name not in ENGINES:
        raise GraphkbError(f"unknown engine {name!r} (one of: {', '.join(ENGINES)})")
    return ENGINES[name](jobs=jobs, scheduler=scheduler)


__all__ = ["ENGINES", "Engine", "LocalEngine", "open_engine", "register"]
