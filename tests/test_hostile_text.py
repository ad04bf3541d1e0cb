"""Pathological texts: every pattern on text runs in linear time, so one bad record cannot
stall a build (a repeated "A." once took minutes in a 100 KB abstract)."""
from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import pytest
from hostile_inputs import PATHOLOGICAL_UNITS, pathological_text

from graphkb.extract import extract_corpus, load_resources
from graphkb.extract.acronyms import find_acronyms
from graphkb.records import Paper
from graphkb.text import clean_text, latex_to_text

# Linear extraction takes well under a second for 100 KB; a quadratic pattern takes minutes.
BOUND_SECONDS = 10


@contextmanager
def time_bound(seconds: int):
    """Fail (instead of hanging for minutes) when the block runs longer than `seconds`."""
    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("unit", list(PATHOLOGICAL_UNITS))
def test_extraction_of_100kb_of_a_pathological_pattern_is_bounded(unit):
    load_resources()
    text = pathological_text(unit, 100_000)
    with time_bound(BOUND_SECONDS):
        paper = Paper(id="p", title=pathological_text(unit, 2_000), abstract=clean_text(text), sources=("t",))
        [x] = extract_corpus([paper], jobs=1)
    assert x.paper_id == "p"


def test_tex_quotes_without_a_closing_pair_are_linear_and_still_converted():
    started = time.perf_counter()
    with time_bound(BOUND_SECONDS):
        out = latex_to_text("a ``quoted'' tail " + "``" * 50_000)
    assert out == "a \u201cquoted\u201d tail " + "``" * 50_000
    assert time.perf_counter() - started < BOUND_SECONDS


def test_acronym_offsets_are_unchanged_far_into_a_long_sentence():
    sentence = "word " * 2_000 + "Group Relative Policy Optimization (GRPO) and RLHF (reinforcement learning)."
    found = {m.short: m for m in find_acronyms(sentence)}
    grpo = found["GRPO"]
    assert sentence[grpo.long_start:grpo.long_end] == "Group Relative Policy Optimization"
    assert sentence[grpo.short_start:grpo.short_end] == "GRPO"
    with time_bound(BOUND_SECONDS):
        assert len(find_acronyms("A (B) " * 20_000)) == 0
