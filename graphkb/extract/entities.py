"""Methods and benchmarks named in a paper, with their role (proposes/uses) and evidence.

Two passes. Per paper, every name-like span of every sentence is found
(`candidates.py`) and scored by its context (`cues.py`). Across the corpus,
the votes of all papers decide whether a name is a method or a benchmark, so
one clear "X dataset" somewhere types X everywhere; each paper then keeps its
names with the evidence of their strongest mention.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..keys import entity_key
from ..records import Acronym, EntityMention, Evidence
from .candidates import STRENGTH, CandidateFinder
from .cues import score_candidates
from .lexicon import Lexicon, default_lexicon
from .prepared import PreparedPaper, PreparedSentence
from .sentences import Sentence
from .spans import Candidate
from .vocabulary import BENCHMARK, BENCHMARK_NOUNS, METHOD, TASK_HEADS, TASK_NOUNS, alternation

BENCHMARK_NOUN_ALTERNATION = alternation(BENCHMARK_NOUNS)


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
    best: tuple[float, tuple[Sentence, str, str] | None]  # weight, (sentence, field, rule) of the best mention
    sources: set[str]

    @classmethod
    def empty(cls, key: str) -> _PaperEntity:
        return cls(key, Counter(), {METHOD: 0.0, BENCHMARK: 0.0}, False, 0.0, None, None,
                   (-1.0, None), set())

    @property
    def evidence(self) -> Evidence:
        sentence, field, rule = self.best[1]
        return Evidence(sentence.text, sentence.start, sentence.end, rule, field)

    def add(self, c: Candidate, evidence: tuple[Sentence, str, str]) -> None:
        if c.source != "long-form":  # the acronym names it, not its long form
            # the name as this paper writes it ("LSTMs", "convolutional neural networks"), not the
            # vocabulary's spelling: linking meets the spellings under the vocabulary's name
            self.names[c.surface] += 1
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
    """Finds methods and benchmarks in a corpus of papers: `observe` each paper (in any
    process), then `decide` over all of them."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or default_lexicon()
        self.finder = CandidateFinder(self.lexicon)

    def observe(self, pp: PreparedPaper) -> tuple[dict[str, _PaperEntity], list[Acronym]]:
        """One paper's names, folded by key, and the acronyms it defines (no corpus needed)."""
        acronyms: list[Acronym] = []
        long_to_key: dict[str, str] = {}
        observed: list[tuple[Candidate, PreparedSentence]] = []
        paper_names: tuple[str, ...] = ()
        for ps in pp.sentences:
            cands, defined = self.finder.find(ps, paper_names)
            s = ps.sentence
            for a in defined:
                acronyms.append(Acronym(a.short, a.long, Evidence(s.text, s.start, s.end, "acronym",
                                                                  ps.field)))
            if cands:
                score_candidates(ps.text, cands)
            if ps.is_title:  # what the title announces is looked for whole in the abstract
                paper_names = tuple(c.surface for c in cands if c.proposes and " " in c.surface)
            for c in cands:
                if c.task_part and not c.lexicon_kind and not c.proposes:
                    continue  # "on the ILSVRC 2015 classification task": a word of the task's name
                if c.proposes and (self.lexicon.is_task(c.display or c.surface)
                                   or self.lexicon.is_family(c.display or c.surface)):
                    c.proposes = False  # a task or a family of techniques is never one paper's name
                if c.long_form:
                    long_to_key[entity_key(c.long_form)] = c.key
                observed.append((c, ps))
        entities: dict[str, _PaperEntity] = {}
        for c, ps in observed:
            key = long_to_key.get(c.key, c.key)
            e = entities.get(key)
            if e is None:
                e = entities[key] = _PaperEntity.empty(key)
            e.add(c, (ps.sentence, ps.field, c.rule or c.source))
        _own_versions(entities, self.lexicon)
        for a in acronyms:  # a known name keeps the long form this paper defines for it
            e = entities.get(entity_key(self.lexicon.preferred_name(a.short) or a.short))
            if e is not None and e.long_form is None:
                e.long_form = a.long
        for key, e in list(entities.items()):
            if e.lexicon_kind == BENCHMARK and e.long_form and _is_task_phrase(e.long_form) \
                    and not _said_as_dataset(e, pp):
                del entities[key]  # "Visual Question Answering (VQA)": here the task, not the dataset
        return entities, acronyms

    @staticmethod
    def _accept(e: _PaperEntity) -> bool:
        if e.lexicon_kind or e.proposes:
            return True
        if e.long_form and e.long_form.lower().replace("-", " ").split()[-1] in TASK_HEADS \
                and not _names_one_thing(e.long_form):
            return False  # "machine comprehension (MC)": a task, not a method
        if e.strength >= 0.7 and not _is_short_caps(e):
            return True
        return max(e.votes.values()) >= 2.5 - e.strength  # a weaker shape needs clearer cues

    def decide(self, observed: Sequence[tuple[dict[str, _PaperEntity], list[Acronym]]]
               ) -> list[tuple[list[EntityMention], list[EntityMention], list[Acronym]]]:
        """Type every name by the votes of the whole corpus and keep each paper's accepted ones:
        (methods, benchmarks, acronyms) per paper, in the order observed."""
        corpus_votes: dict[str, dict[str, float]] = defaultdict(lambda: {METHOD: 0.0, BENCHMARK: 0.0})
        for entities, _ in observed:
            for key, e in entities.items():
                for k in (METHOD, BENCHMARK):
                    corpus_votes[key][k] += e.votes[k]
        out = []
        for entities, acronyms in observed:
            methods, benchmarks = [], []
            for key, e in entities.items():
                if not self._accept(e):
                    continue
                known = e.lexicon_kind if not self.lexicon.is_derived(key) else None
                kind = known or _decide(corpus_votes[key])
                mention = EntityMention(
                    name=_name_of(e),
                    kind=kind,
                    role="proposes" if e.proposes else "uses",
                    confidence=_confidence(e, kind),
                    evidence=e.evidence,
                    long_form=e.long_form,
                )
                (methods if kind == METHOD else benchmarks).append(mention)
            order = lambda m: (-m.confidence, m.name.lower())  # noqa: E731
            out.append((sorted(methods, key=order), sorted(benchmarks, key=order), acronyms))
        return out


def _own_versions(entities: dict[str, _PaperEntity], lexicon: Lexicon) -> None:
    """Names that extend a name the paper proposes are its own versions: a report proposing
    Qwen2.5 proposes Qwen2.5-Math and Qwen2.5-72B-Instruct; CodeCoT, Vanilla CodeCoT."""
    proposed = sorted({n for e in entities.values() if e.proposes for n in e.names if len(n) >= 3},
                      key=len, reverse=True)
    if not proposed:
        return
    for e in entities.values():
        if e.proposes or e.sources <= {"phrase"}:
            continue
        for n in e.names:
            if n not in proposed and _extends(n, proposed) and not lexicon.is_family(n) and not lexicon.is_task(n):
                e.proposes = True
                break


_VERSION_TAIL = re.compile(r"\d+(?:\.\d+)?\Z")


def _extends(name: str, proposed: list[str]) -> bool:
    """Whether `name` holds one of the `proposed` names as whole words: after its start, a space or
    a hyphen, and before its end or a space, hyphen or slash that a bare version number does not
    follow ("Qwen2.5-Math", not "Qwen2.5-7"). String search: compiling a pattern of each paper's
    names took about 6% of extraction's per-paper step."""
    for p in proposed:
        start = name.find(p)
        while start != -1:
            end = start + len(p)
            if ((start == 0 or name[start - 1].isspace() or name[start - 1] == "-")
                    and (end == len(name) or ((name[end].isspace() or name[end] in "-/")
                                              and not _VERSION_TAIL.match(name, end + 1)))):
                return True
            start = name.find(p, start + 1)
    return False


def _name_of(e: _PaperEntity) -> str:
    """The most used spelling as written, preferring a short name over the long form it stands for."""
    long_key = entity_key(e.long_form) if e.long_form else None
    names = [n for n in e.names if entity_key(n) != long_key] or list(e.names) or [e.long_form or e.key]
    return max(names, key=lambda n: (e.names.get(n, 0), -len(n)))


def _is_task_phrase(long_form: str) -> bool:
    """Does a long form name a task ("Visual Question Answering", "semantic segmentation")?"""
    return long_form.lower().replace("-", " ").split()[-1] in TASK_NOUNS


def _said_as_dataset(e: _PaperEntity, pp: PreparedPaper) -> bool:
    """Does the paper write one of the entity's names right before a dataset noun ("the VQA dataset")?"""
    names = "|".join(re.escape(n) for n in e.names)
    if not names:
        return False
    pattern = re.compile(rf"(?<![\w\-])(?:{names})[\s\-]+(?:{BENCHMARK_NOUN_ALTERNATION})\b", re.I)
    return any(pattern.search(ps.text) for ps in pp.sentences)


def _names_one_thing(long_form: str) -> bool:
    """A long form in title case with a singular "Model" or "System" names one thing ("Process
    Explanation Model (PEM)", "Prompt Augmentation System (PAS)"), not a field or a family
    ("recommender systems (RS)", "language models (LMs)")."""
    words = long_form.replace("-", " ").split()
    return words[-1] in ("Model", "System") and all(w[:1].isupper() for w in words)


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
