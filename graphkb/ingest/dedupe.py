"""Merge records of the same paper (one file or several) into one Paper each.

Two records are the same paper when they share an arXiv id, or the same input
id, or, when at least one has no arXiv id, the same normalised title. Records
with different arXiv ids are never merged, whatever their titles.

Two records with one input id but different titles (and no arXiv id in common)
are a conflict: it is reported (the build stops, or with --on-error skip the
later record keeps its own paper under an id made from its title), never one
silently folded into the other.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..errors import InputError
from ..records import Paper, PaperRecord
from ..schema import paper_id
from ..text import stable_id, title_key
from ..unionfind import UnionFind


@dataclass(frozen=True)
class MergeResult:
    papers: list[Paper]
    records: int


def _one_paper(a: PaperRecord, b: PaperRecord) -> bool:
    """Whether two records that share an input id can be the same paper."""
    if a.arxiv_id and a.arxiv_id == b.arxiv_id:
        return True  # a title revised between arXiv versions
    return title_key(a.title) == title_key(b.title)


def without_id_conflicts(records: Sequence[PaperRecord],
                          report: Callable[[InputError], None]) -> list[PaperRecord]:
    """The records, each later one whose input id names a different paper reported and
    stripped of that id (so that it becomes a paper of its own)."""
    first: dict[str, PaperRecord] = {}
    out = []
    for r in records:
        earlier = first.setdefault(r.id, r) if r.id else r
        if earlier is not r and not _one_paper(earlier, r):
            report(InputError(r.source, None,
                              f"same id {r.id!r} as {earlier.source}, different paper "
                              f"({r.title[:60]!r} vs {earlier.title[:60]!r}); kept as a paper of its own"))
            r = replace(r, id=None, arxiv_id=r.arxiv_id if r.arxiv_id != r.id else None)
        out.append(r)
    return out


def _raise(error: InputError) -> None:
    raise error


def _group_records(records: Sequence[PaperRecord]) -> list[list[int]]:
    uf = UnionFind()  # records by index: the earliest record of a group is its root
    first_by_key: dict[str, int] = {}

    def join(key: str, i: int) -> None:
        if key in first_by_key:
            uf.union(first_by_key[key], i)
        else:
            first_by_key[key] = i

    for i, r in enumerate(records):
        if r.arxiv_id:
            join(f"arxiv:{r.arxiv_id}", i)
        if r.id:
            join(f"id:{r.id}", i)
    # A title joins records only where that cannot merge two different arXiv ids.
    arxiv_of_group: dict[int, str] = {}
    for i, r in enumerate(records):
        if r.arxiv_id:
            arxiv_of_group[uf.find(i)] = r.arxiv_id
    for i, r in enumerate(records):
        key = f"title:{title_key(r.title)}"
        if key not in first_by_key:
            first_by_key[key] = i
            continue
        a, b = uf.find(first_by_key[key]), uf.find(i)
        xa, xb = arxiv_of_group.get(a), arxiv_of_group.get(b)
        if xa and xb and xa != xb:
            continue
        uf.union(a, b)
        if xa or xb:
            arxiv_of_group[uf.find(a)] = xa or xb
    groups: dict[int, list[int]] = {}
    for i in range(len(records)):
        groups.setdefault(uf.find(i), []).append(i)
    return [groups[root] for root in sorted(groups)]


def _first(values):
    return next((v for v in values if v), None)


def _merge(group: list[PaperRecord]) -> Paper:
    arxiv = _first(r.arxiv_id for r in group)
    pid = paper_id(_first(r.id for r in group) or arxiv or stable_id(group[0].title))
    url = _first(r.url for r in group) or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None)
    return Paper(
        id=pid,
        title=group[0].title,
        abstract=max((r.abstract for r in group), key=len),
        sources=tuple(dict.fromkeys(r.source for r in group)),
        arxiv_id=arxiv,
        authors=_first(r.authors for r in group) or (),
        date=_first(r.date for r in group),
        listing_date=_first(r.listing_date for r in group),
        url=url,
        categories=_first(r.categories for r in group) or (),
        doi=_first(r.doi for r in group),
    )


def merge_duplicates(records: Sequence[PaperRecord],
                     report: Callable[[InputError], None] = _raise) -> MergeResult:
    """One Paper per real paper, in order of first appearance; id conflicts go to `report`
    (which raises to stop, or returns to keep both papers)."""
    records = without_id_conflicts(records, report)
    papers = [_merge([records[i] for i in group]) for group in _group_records(records)]
    return MergeResult(papers=papers, records=len(records))
