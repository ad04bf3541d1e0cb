"""A name-like span of one sentence: what candidates.py finds and cues.py votes on."""
from __future__ import annotations

from dataclasses import dataclass, field

from .vocabulary import BENCHMARK, METHOD

# How surely a cue says the paper introduces a name: the strongest one is a candidate's propose_rule.
PROPOSE_STRENGTH = {"title-name": 3, "title-for": 3, "title-via": 3, "named": 3, "we-propose": 2,
                    "name-is-new": 2, "our-apposition": 2, "resulting-model": 2, "name-is-designed": 2, "our-name": 1,
                    "name-which": 1}


@dataclass
class Candidate:
    """A name-like span of one sentence (offsets relative to the sentence)."""

    surface: str
    key: str
    start: int
    end: int
    source: str
    lexicon_kind: str | None = None
    derived: bool = False  # the lexicon_kind comes from a derived vocabulary (a weaker vote)
    display: str | None = None  # preferred spelling (lexicon) or the acronym for a long form
    long_form: str | None = None
    suffix: str | None = None  # "based" for "VLM-based"
    votes: dict[str, float] = field(default_factory=lambda: {METHOD: 0.0, BENCHMARK: 0.0})
    rule: str = ""
    rule_weight: float = 0.0
    proposes: bool = False
    propose_rule: str = ""  # the strongest cue that says the paper introduces this name
    task_part: bool = False  # it modifies a task noun where it is met: "on AMR-to-text generation"

    def vote(self, kind: str | None, weight: float, rule: str, proposes: bool = False) -> None:
        if kind:
            self.votes[kind] += weight
        if proposes:
            self.proposes = True
            if not self.propose_rule or PROPOSE_STRENGTH.get(rule, 0) > PROPOSE_STRENGTH.get(self.propose_rule, 0):
                self.propose_rule = rule
        if weight > self.rule_weight:
            self.rule, self.rule_weight = rule, weight
