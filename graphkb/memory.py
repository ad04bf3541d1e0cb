"""The cyclic garbage collector around bulk allocation: paused while millions of objects are
made, and, in a process that ends with its command, told to leave alone what they keep."""
from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

_freeze_survivors = False  # set by `ends_with_command`


def ends_with_command() -> None:
    """This process ends when its command does (the `graphkb` program, not a library caller).

    Then what a paused step leaves alive (records, observations, the graph) lives until the
    process ends, and each `gc_paused` freezes it on the way out (gc.freeze): the collector
    never walks those millions of objects again, in later steps or at exit (a 10,000-paper
    build spent seconds in such walks; benchmarks/build_scale.py --profile counts them).
    Before it freezes, one collection frees the step's cyclic garbage (a networkx graph is a
    cycle with its edge views: the HTML view's working graphs at 10,000 papers, 3 million
    objects and 0.7 GB, were otherwise kept to the end); it walks only what the step made,
    and a step that makes no such garbage says so (`gc_paused(garbage_cycles=False)`) and
    is frozen without the walk (1 s at 10,000 papers, over the observations and the graph).
    A library caller keeps the usual collector.
    """
    global _freeze_survivors
    _freeze_survivors = True
    gc.freeze()  # what the imports made


@contextmanager
def gc_paused(garbage_cycles: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are made.

    Extraction records, graph nodes and edges and their JSON form hold no cycles worth
    collecting mid-run, and the collector's passes over a growing heap otherwise cost as
    much as the work itself (on a 1.3M-relationship graph.json: load 14 s -> 7 s).
    garbage_cycles=False: what the step makes is kept or freed by reference counting, so
    the program freezes it without looking for cyclic garbage (see `ends_with_command`).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freeze_survivors:
            if garbage_cycles:
                gc.collect()  # what is not frozen: what this step made
            gc.freeze()
        if was_enabled:
            gc.enable()


def release_freed() -> None:
    """Hand the memory freed so far back to the system (glibc's `malloc_trim`), where there is one.

    Blocks bigger than Python's small-object allocator takes (a packed observation, a bytes
    buffer) come from the C heap, and free() keeps a freed block in the middle of the heap for
    the process's own later use; the many small objects made after (a graph's dicts) come from
    the small-object allocator's own areas and never reuse it. Called after a build lets go of
    hundreds of megabytes of such blocks (buildstate.spill).
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library is another."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # a C library other than glibc
        return None
