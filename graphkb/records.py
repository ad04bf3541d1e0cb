"""Typed records passed between the pipeline stages.

ingest -> PaperRecord -> (dedupe) -> Paper -> extract -> PaperExtraction -> link -> graph.
All records are frozen: a stage never edits what an earlier stage produced.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True)
class PaperRecord:
    """One paper as read from one input record, text already cleaned."""

    title: str
    abstract: str
    source: str  # "path:line" of the record, for errors and provenance
    id: str | None = None  # the input record's own id, if it has one
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None  # ISO date (YYYY-MM-DD) when known
    listing_date: str | None = None  # e.g. "Jul 31" from a Daily Papers page
    url: str | None = None
    categories: tuple[str, ...] = ()
    doi: str | None = None  # without the https://doi.org/ prefix


@dataclass(frozen=True)
class Paper:
    """A paper after duplicates are merged: one per real-world paper."""

    id: str
    title: str
    abstract: str
    sources: tuple[str, ...]
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    listing_date: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    doi: str | None = None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


class Evidence(NamedTuple):
    """Why a link exists: the sentence it came from and the rule that fired.

    `start`/`end` are the sentence's character offsets in `field` (the paper's
    title or abstract), so `getattr(paper, field)[start:end] == sentence`.
    A NamedTuple rather than a frozen dataclass: extraction makes tens of
    thousands of these and key phrases, and a tuple is several times quicker to build.
    """

    sentence: str
    start: int
    end: int
    rule: str
    field: str = "abstract"

    def as_dict(self) -> dict:
        """The evidence as the graph and graph.json hold it: an ordinary dict, but one that shares
        its keys with every other evidence's (a relationship's evidence took 184 bytes with its own,
        about 120 so; a build holds one per extracted relationship)."""
        d = _EvidenceFields().__dict__
        d["sentence"], d["start"], d["end"], d["rule"], d["field"] = self
        return d


class _EvidenceFields:
    """Whose instances' __dict__ are evidence dicts (Evidence.as_dict)."""


@dataclass(frozen=True)
class EntityMention:
    """A method or benchmark named by one paper."""

    name: str
    kind: str  # "method" | "benchmark"
    role: str  # "proposes" | "uses"
    confidence: float
    evidence: Evidence
    long_form: str | None = None  # expansion when the name is a defined acronym


class Keyphrase(NamedTuple):
    """A concept of one paper; `score` ranks a paper's keyphrases, best first (a NamedTuple,
    like Evidence, for speed)."""

    name: str
    score: float
    evidence: Evidence


@dataclass(frozen=True)
class RepositoryLink:
    """A code or project URL given in a paper's text."""

    url: str
    evidence: Evidence


@dataclass(frozen=True)
class Acronym:
    """An acronym definition found in a paper, e.g. GRPO = Group Relative Policy Optimization."""

    short: str
    long: str
    evidence: Evidence


@dataclass(frozen=True)
class PaperExtraction:
    """Everything extracted from one paper's title and abstract."""

    paper_id: str
    title: str
    methods: tuple[EntityMention, ...] = ()
    benchmarks: tuple[EntityMention, ...] = ()
    concepts: tuple[Keyphrase, ...] = ()
    repositories: tuple[RepositoryLink, ...] = ()
    acronyms: tuple[Acronym, ...] = field(default=())
    tasks: tuple[tuple[str, int], ...] = ()  # task phrases and their counts, most frequent first
