"""A name-like span of one sentence: what candidates.py finds and cues.py votes on."""
from __future__ import annotations

from dataclasses import dataclass, field

from .vocabulary import BENCHMARK, METHOD


@dataclass
class Candidate:
    """A name-like span of one sentence (offsets relative to the sentence)."""

    surface: str
    key: str
    start: int
    end: int
    source: str
    lexicon_kind: str | None = None
    display: str | None = None  # preferred spelling (lexicon) or the acronym for a long form
    long_form: str | None = None
    suffix: str | None = None  # "based" for "VLM-based"
    votes: dict[str, float] = field(default_factory=lambda: {METHOD: 0.0, BENCHMARK: 0.0})
    rule: str = ""
    rule_weight: float = 0.0
    proposes: bool = False

    def vote(self, kind: str | None, weight: float, rule: str, proposes: bool = False) -> None:
        if kind:
            self.votes[kind] += weight
        if proposes:
            self.proposes = True
        if weight > self.rule_weight:
            self.rule, self.rule_weight = rule, weight
