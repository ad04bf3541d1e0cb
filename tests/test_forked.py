"""Shares of a job in forked children: order, errors handed back, no child left behind."""
import os
import time

import pytest

from graphkb.forked import WorkerFailed, alongside, run_shares


def _squares_with_pid(start, stop):
    return [(i * i, os.getpid()) for i in range(start, stop)]


def test_shares_come_back_in_order_and_all_but_the_first_ran_in_children():
    bounds = [(0, 3), (3, 7), (7, 8), (8, 12)]
    got = list(run_shares(_squares_with_pid, bounds))
    assert [v for v, _ in got] == [i * i for i in range(12)]
    pids = [{pid for v, pid in got[a:b]} for a, b in bounds]
    assert pids[0] == {os.getpid()}
    children = set().union(*pids[1:])
    assert len(children) == 3 and os.getpid() not in children


def _fails_in_third_share(start, stop):
    if start == 20:
        raise ValueError(f"bad item {start}")
    return range(start, stop)


def test_an_exception_in_a_child_is_raised_here_after_the_shares_before_it():
    got = []
    with pytest.raises(ValueError, match="bad item 20"):
        for item in run_shares(_fails_in_third_share, [(0, 10), (10, 20), (20, 30)]):
            got.append(item)
    assert got == list(range(20))


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this")


def _raises_unpicklable(start, stop):
    if start:
        raise _Unpicklable("lost detail")
    return []


def test_an_exception_that_does_not_pickle_still_fails_the_run():
    with pytest.raises(WorkerFailed, match="_Unpicklable"):
        list(run_shares(_raises_unpicklable, [(0, 1), (1, 2)]))


def _dies(start, stop):
    if start:
        os._exit(3)  # as if killed: nothing handed back
    return []


def test_a_child_that_dies_gives_a_clear_error():
    with pytest.raises(WorkerFailed, match="status 3"):
        list(run_shares(_dies, [(0, 1), (1, 2)]))


def _children_wait(tmp_path):
    def work(start, stop):
        if start:
            (tmp_path / str(os.getpid())).touch()
            time.sleep(60)
        else:
            while len(list(tmp_path.iterdir())) < 2:
                time.sleep(0.01)
        return range(start, stop)
    return work


def test_children_are_stopped_when_the_caller_stops_early(tmp_path):
    shares = run_shares(_children_wait(tmp_path), [(0, 5), (5, 10), (10, 15)])
    assert next(shares) == 0
    pids = [int(p.name) for p in tmp_path.iterdir()]
    started = time.perf_counter()
    shares.close()
    assert time.perf_counter() - started < 5
    for pid in pids:
        with pytest.raises(ProcessLookupError):  # killed and reaped
            os.kill(pid, 0)


def test_alongside_runs_one_function_here_and_the_other_in_a_child_at_the_same_time(tmp_path):
    here_pid = os.getpid()
    flag = tmp_path / "child started"

    def here():  # waits until the child has started: the two run at once
        while not flag.exists():
            time.sleep(0.01)
        return "here", os.getpid()

    def there():
        flag.touch()
        return "there", os.getpid()
    (here_says, ran_here), (there_says, there_pid) = alongside(here, there)
    assert (here_says, there_says) == ("here", "there")
    assert ran_here == here_pid and there_pid != here_pid


def test_alongside_raises_what_the_child_raised_and_kills_the_child_when_here_fails(tmp_path):
    def bad():
        raise ValueError("the child's error")
    with pytest.raises(ValueError, match="the child's error"):
        alongside(lambda: 1, bad)

    def sleeps():
        (tmp_path / str(os.getpid())).touch()
        time.sleep(60)

    def fails_once_the_child_runs():
        while not list(tmp_path.iterdir()):
            time.sleep(0.01)
        raise KeyError("here's error")
    started = time.perf_counter()
    with pytest.raises(KeyError, match="here's error"):
        alongside(fails_once_the_child_runs, sleeps)
    assert time.perf_counter() - started < 5
    (child,) = [int(p.name) for p in tmp_path.iterdir()]
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(child, 0)
