"""Methods and benchmarks named in a paper, with their role (proposes/uses) and evidence.

Two passes. Per paper, every name-like span of every sentence is found
(`candidates.py`) and scored by its context (`cues.py`). Across the corpus,
the votes of all papers decide whether a name is a method or a benchmark, so
one clear "X dataset" somewhere types X everywhere; each paper then keeps its
names with the evidence of their strongest mention.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..progress import NoProgress, Progress
from ..records import Acronym, EntityMention, Evidence
from . import cues
from .candidates import STRENGTH, Candidate, CandidateFinder
from .cues import BENCHMARK, METHOD, score_candidates
from .lexicon import Lexicon, default_lexicon
from .names import entity_key
from .prepared import PreparedPaper


@dataclass
class _PaperEntity:
    """All mentions of one name in one paper, folded together."""

    key: str
    names: Counter
    votes: dict[str, float]
    proposes: bool
    strength: float
    lexicon_kind: str | None
    long_form: str | None
    best: tuple[float, Evidence]
    sources: set[str]

    @classmethod
    def empty(cls, key: str, evidence: Evidence) -> _PaperEntity:
        return cls(key, Counter(), {METHOD: 0.0, BENCHMARK: 0.0}, False, 0.0, None, None,
                   (-1.0, evidence), set())

    def add(self, c: Candidate, evidence: Evidence) -> None:
        if c.source != "long-form":  # the acronym names it, not its long form
            self.names[c.display or c.surface] += 1
        for k in (METHOD, BENCHMARK):
            self.votes[k] += c.votes[k]
        self.proposes = self.proposes or c.proposes
        self.strength = max(self.strength, STRENGTH[c.source])
        self.lexicon_kind = self.lexicon_kind or c.lexicon_kind
        self.long_form = self.long_form or c.long_form
        self.sources.add(c.source)
        weight = max(c.votes.values()) + (2.0 if c.proposes else 0.0) + STRENGTH[c.source]
        if weight > self.best[0]:
            self.best = (weight, evidence)


class EntityExtractor:
    """Finds methods and benchmarks in a corpus of papers. `run` is the only entry point."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or default_lexicon()
        self.finder = CandidateFinder(self.lexicon)

    def _paper_entities(self, pp: PreparedPaper) -> tuple[dict[str, _PaperEntity], list[Acronym]]:
        acronyms: list[Acronym] = []
        long_to_key: dict[str, str] = {}
        observed: list[tuple[Candidate, Evidence]] = []
        for ps in pp.sentences:
            cands, defined = self.finder.find(ps)
            s = ps.sentence
            for a in defined:
                acronyms.append(Acronym(a.short, a.long, Evidence(s.text, s.start, s.end, "acronym",
                                                                  ps.field)))
            score_candidates(ps.text, cands)
            for c in cands:
                if c.long_form:
                    long_to_key[entity_key(c.long_form)] = c.key
                observed.append((c, Evidence(s.text, s.start, s.end, c.rule or c.source, ps.field)))
        entities: dict[str, _PaperEntity] = {}
        for c, ev in observed:
            key = long_to_key.get(c.key, c.key)
            entities.setdefault(key, _PaperEntity.empty(key, ev)).add(c, ev)
        for a in acronyms:  # a known name keeps the long form this paper defines for it
            e = entities.get(entity_key(self.lexicon.preferred_name(a.short) or a.short))
            if e is not None and e.long_form is None:
                e.long_form = a.long
        return entities, acronyms

    @staticmethod
    def _accept(e: _PaperEntity) -> bool:
        if e.lexicon_kind or e.proposes:
            return True
        if e.long_form and e.long_form.lower().replace("-", " ").split()[-1] in cues.TASK_HEADS:
            return False  # "machine comprehension (MC)": a task, not a method
        if e.strength >= 0.7 and not _is_short_caps(e):
            return True
        return max(e.votes.values()) >= 2.5 - e.strength  # a weaker shape needs clearer cues

    def run(self, papers: Sequence[PreparedPaper], progress: Progress | None = None
            ) -> dict[str, tuple[list[EntityMention], list[EntityMention], list[Acronym]]]:
        """For each paper id: (methods, benchmarks, acronyms)."""
        progress = progress or NoProgress()
        per_paper = {}
        for pp in papers:
            per_paper[pp.paper.id] = self._paper_entities(pp)
            progress.advance()
        corpus_votes: dict[str, dict[str, float]] = defaultdict(lambda: {METHOD: 0.0, BENCHMARK: 0.0})
        for entities, _ in per_paper.values():
            for key, e in entities.items():
                for k in (METHOD, BENCHMARK):
                    corpus_votes[key][k] += e.votes[k]
        out = {}
        for pid, (entities, acronyms) in per_paper.items():
            methods, benchmarks = [], []
            for key, e in entities.items():
                if not self._accept(e):
                    continue
                kind = e.lexicon_kind or _decide(corpus_votes[key])
                mention = EntityMention(
                    name=_name_of(e),
                    kind=kind,
                    role="proposes" if e.proposes else "uses",
                    confidence=_confidence(e, kind),
                    evidence=e.best[1],
                    long_form=e.long_form,
                )
                (methods if kind == METHOD else benchmarks).append(mention)
            order = lambda m: (-m.confidence, m.name.lower())  # noqa: E731
            out[pid] = (sorted(methods, key=order), sorted(benchmarks, key=order), acronyms)
        return out


def _name_of(e: _PaperEntity) -> str:
    """The most used spelling, preferring a short name over the long form it stands for."""
    names = [n for n in e.names if n != e.long_form] or list(e.names) or [e.key]
    return max(names, key=lambda n: (e.names.get(n, 0), -len(n)))


def _is_short_caps(e: _PaperEntity) -> bool:
    """Two capital letters (HR, RP) name too many things to stand without a cue."""
    return e.sources <= {"token"} and all(len(n) <= 2 for n in e.names)


def _decide(votes: dict[str, float]) -> str:
    return BENCHMARK if votes[BENCHMARK] > votes[METHOD] else METHOD


def _confidence(e: _PaperEntity, kind: str) -> float:
    other = BENCHMARK if kind == METHOD else METHOD
    agree, against = e.votes[kind], e.votes[other]
    base = 0.75 if e.lexicon_kind else 0.7 if e.proposes else 0.3 + 0.3 * e.strength
    conf = min(0.98, base + 0.05 * agree)
    conf *= 1.0 - 0.5 * against / (agree + against + 1.0)
    return round(conf, 3)
