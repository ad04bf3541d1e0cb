"""Contiguous shares of a job run in forked child processes, results back in order.

Lighter than a multiprocessing Pool where the work is a few big shares: no handler
threads (whose unpickling competes with this process for the GIL), no task queue, one
fork per share. Each child inherits everything loaded before the fork (lexicons, the
papers) and hands back its share's results as one pickle in an anonymous temporary file,
so a child never waits for this process to read a pipe. This process computes the first
share itself meanwhile. Work that comes as many blocks of uneven cost balances better on
a Pool's dynamic scheduling (link/similarity.py).
"""
from __future__ import annotations

import os
import pickle
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TypeVar

T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")


def default_jobs() -> int:
    """Processes to use: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork")


def equal_shares(sizes: Sequence[int], shares: int) -> list[tuple[int, int]]:
    """At most `shares` contiguous (start, stop) ranges of items of about equal total size."""
    total = sum(sizes)
    bounds, start, seen = [], 0, 0
    for i, size in enumerate(sizes):
        seen += size
        if seen * shares >= total * (len(bounds) + 1) and len(bounds) < shares - 1:
            bounds.append((start, i + 1))
            start = i + 1
    bounds.append((start, len(sizes)))
    return bounds


class WorkerFailed(RuntimeError):
    """A child died without handing back its share (killed, out of memory)."""


def run_shares(work: Callable[[int, int], Iterable[T]], bounds: Sequence[tuple[int, int]]) -> Iterator[T]:
    """The items of work(*bounds[0]), work(*bounds[1]), ... in that order.

    The first share runs in this process, lazily, as the caller iterates; every other share
    runs at once in a forked child. An exception raised in a child is raised here when its
    share's turn comes; children still running when the caller stops or fails are killed.
    """
    if not bounds:
        return
    children: list[tuple[int, IO[bytes]]] = []
    try:
        for start, stop in bounds[1:]:
            out = tempfile.TemporaryFile()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                _child(work, start, stop, out.fileno())
            children.append((pid, out))
        yield from work(*bounds[0])
        while children:
            pid, out = children[0]
            items = _collect(pid, out)
            children.pop(0)
            out.close()
            yield from items
    finally:
        for pid, out in children:
            _stop(pid)
            out.close()


def alongside(here: Callable[[], A], there: Callable[[], B]) -> tuple[A, B]:
    """(here(), there()): `there` runs in a forked child while this process runs `here`. What the
    child raises is raised here once `here` is done; if `here` raises, the child is killed."""
    def work(first: int, _stop: int) -> list:
        return [here() if first == 0 else there()]
    here_result, there_result = run_shares(work, [(0, 1), (1, 2)])
    return here_result, there_result


def _child(work: Callable[[int, int], Iterable], start: int, stop: int, fd: int) -> None:
    """Compute one share, write (ok, result or exception) to fd, exit without running the
    parent's clean-up (atexit, buffered output it would flush twice)."""
    code = 0
    try:
        try:
            result = (True, list(work(start, stop)))
        except BaseException as e:  # noqa: BLE001 - handed to the parent, which raises it
            code = 1
            result = (False, e)
        with os.fdopen(os.dup(fd), "wb") as f:
            try:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as e:  # noqa: BLE001 - what does not pickle is told in words
                lost = result[1] if code else e
                f.seek(0)
                f.truncate()
                pickle.dump((False, WorkerFailed(f"{type(lost).__name__}: {lost}")), f)
    finally:
        os._exit(code)


def _collect(pid: int, out: IO[bytes]) -> list:
    """Wait for child `pid` and read what it wrote to `out`; raise what it raised."""
    _, status = os.waitpid(pid, 0)
    out.seek(0)
    try:
        ok, result = pickle.load(out)
    except (EOFError, pickle.UnpicklingError):
        raise WorkerFailed(f"a worker process ended with status {os.waitstatus_to_exitcode(status)} "
                           "without handing back its work") from None
    if not ok:
        raise result
    return result


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
