"""Union-find over hashable items, with a rule for which item names a merged group."""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class UnionFind:
    """Disjoint sets; `find` gives a group's root, `union` merges two groups.

    The root of a merged group is the smaller of the two roots by `rank`, so
    which item names a group never depends on the order of the unions.
    """

    def __init__(self, rank: Callable[[Any], Any] = lambda item: item):
        self.parent: dict[Hashable, Hashable] = {}
        self.rank = rank

    def find(self, item: Hashable) -> Hashable:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = sorted((ra, rb), key=self.rank)
            self.parent[drop] = keep
