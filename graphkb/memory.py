"""The cyclic garbage collector around bulk allocation: paused while millions of objects are
made, and, in a process that ends with its command, told to leave alone what they keep."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

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
