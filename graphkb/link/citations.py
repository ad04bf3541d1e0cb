"""Inferred citations: paper B builds on paper A when B uses a method or benchmark A proposes."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..records import Paper
from ..text import sorted_names
from .resolve import ResolvedEntity


@dataclass(frozen=True)
class BuildsOn:
    source: str  # the later paper, which uses
    target: str  # the paper that proposes
    via: tuple[str, ...]  # names of the entities that link them


def builds_on(entities: Mapping[str, ResolvedEntity], papers: Mapping[str, Paper]) -> list[BuildsOn]:
    """One edge per (user, proposer) pair; never onto a paper dated after the user."""
    via: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in entities.values():
        proposers = e.proposers()
        if not proposers:
            continue
        for user in e.users():
            for proposer in proposers:
                if user == proposer:
                    continue
                d_user, d_prop = papers[user].date, papers[proposer].date
                if d_user and d_prop and d_user < d_prop:
                    continue
                via[(user, proposer)].add(e.name)
    return [BuildsOn(s, t, tuple(sorted_names(names))) for (s, t), names in sorted(via.items())]
