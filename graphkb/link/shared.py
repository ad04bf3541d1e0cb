"""Papers linked by what they share: SHARES_METHOD and SHARES_BENCHMARK, with count and names."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations
from typing import NamedTuple

from ..text import sorted_names
from .resolve import ResolvedEntity


class Shared(NamedTuple):  # (a tuple: a big corpus links hundreds of thousands of pairs)
    source: str
    target: str
    names: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.names)


def shared_entities(entities: Mapping[str, ResolvedEntity], label: str,
                    max_papers: int = 100) -> tuple[list[Shared], list[str]]:
    """Pairs of papers sharing entities of `label`; (pairs, names skipped as too common).

    An entity used by more than `max_papers` papers links too much to say
    anything, and would add max_papers^2 edges: it is skipped and reported.
    """
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    skipped = []
    for e in entities.values():
        if e.label != label or e.paper_count < 2:
            continue
        if e.paper_count > max_papers:
            skipped.append(e.name)
            continue
        for a, b in combinations(sorted(e.papers), 2):
            names[(a, b)].add(e.name)
    pairs = [Shared(a, b, tuple(n) if len(n) == 1 else tuple(sorted_names(n))) for (a, b), n in sorted(names.items())]
    return pairs, sorted(skipped)
