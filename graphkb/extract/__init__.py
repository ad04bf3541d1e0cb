"""Per-paper extraction: methods, benchmarks, concepts, repositories and acronyms, with evidence.

`extract_corpus` runs in two steps. First each paper is read on its own
(sentences, candidates, context cues, key phrase candidates): this is most of
the work, and it runs in several worker processes on big corpora. Then the
corpus-level decisions (is a name a method or a benchmark, how rare is a
phrase) are taken once over everything the papers yielded.
"""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from ..forked import can_fork, default_jobs, equal_shares, run_shares
from ..memory import gc_paused
from ..progress import NoProgress, Progress
from ..records import Paper, PaperExtraction
from .concepts import ConceptExtractor, PhraseFit
from .entities import EntityExtractor
from .lexicon import Lexicon, default_lexicon
from .names import zipf
from .prepared import PreparedPaper, can_head_noun_phrase, is_verb_or_adverb, prepare
from .repositories import RepositoryExtractor
from .sentences import split_sentences
from .spans import PROPOSE_STRENGTH
from .tasks import TaskExtractor
from .vocabulary import BENCHMARK_NOUNS

# The extraction vocabulary is part of this package's interface: the linkers ask it which
# names are tasks, families or introduced by a known paper, how rare a word is in English
# (and cut abstracts into sentences the way extraction does, for evidence).
__all__ = ["KIND_NOUNS", "WEAK_PROPOSING_RULES", "Extractors", "Lexicon", "PhraseFit", "can_head_noun_phrase",
           "decide_corpus", "decide_with_phrases", "default_lexicon", "extract_corpus", "extraction_record",
           "observe_batch", "observe_corpus", "pack", "paper_key", "run_extractor", "split_sentences", "zipf"]

# The nouns that say what kind of thing a name is ("the MIND2WEB benchmark", "the ResNet architecture").
KIND_NOUNS = BENCHMARK_NOUNS | {
    f"{w}{s}" for w in ("model", "method", "architecture", "framework", "algorithm", "network", "system", "agent",
                        "baseline", "pipeline") for s in ("", "s")}

# Evidence rules that say only weakly that a paper introduces a name ("our X", "X, which achieves"):
# enough for PROPOSES, not to infer that another paper using X builds on it.
WEAK_PROPOSING_RULES = frozenset(rule for rule, strength in PROPOSE_STRENGTH.items() if strength < 2)

# Below this much text forking workers costs more than it saves (two processes break even
# with one at about 45,000 characters, 50 abstracts).
PARALLEL_MIN_CHARS = 60_000


class Extractors(NamedTuple):
    """The per-paper extractors, each with the same two steps: `observe(pp)` reads one prepared
    paper (in any process), `decide(observations)` takes the corpus-level decisions and gives
    one result per paper, in order."""

    entities: EntityExtractor
    concepts: ConceptExtractor
    repositories: RepositoryExtractor
    tasks: TaskExtractor


def run_extractor(extractor, papers: Sequence[PreparedPaper]) -> list:
    """Both steps of one extractor over prepared papers, in this process (tests, small inputs)."""
    return extractor.decide([extractor.observe(pp) for pp in papers])


# Set before workers fork, so that they inherit them instead of receiving them pickled.
_extractors: Extractors | None = None
_papers: Sequence[Paper] = ()
_packing = True


Packed = tuple[bytes, ...]  # one paper's observations, each extractor's pickled apart (`pack`)


def pack(observations: tuple) -> Packed:
    """A paper's observations as it is kept and sent between processes: each extractor's pickled
    apart, so that `decide_corpus` unpickles one extractor's at a time. As objects they took
    23 KB a paper (2.2 GB at 100,000 papers, all at once); packed, 6 KB."""
    return tuple(pickle.dumps(o, pickle.HIGHEST_PROTOCOL) for o in observations)


class Unpacked(Sequence):
    """One extractor's observations of the corpus, unpickled from the packed ones each time they
    are read (a pass, or one paper), and let go as soon as that paper's are read: what an
    extractor's `decide` keeps of a paper's observation then lies beside what it keeps of the
    other papers', not among the parts it drops. Unpickled all at once, those parts left holes
    that Python's allocator could not hand back: 1.0 GB after deciding 100,000 papers, held to
    the build's end (benchmarks/README, "Deciding paper by paper"). Each `decide` reads them in a
    few passes (entities two, concepts two, repositories and tasks one)."""

    def __init__(self, packed: Sequence[Packed], index: int):
        self._packed, self._index = packed, index

    def __len__(self) -> int:
        return len(self._packed)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [pickle.loads(obs[self._index]) for obs in self._packed[i]]
        return pickle.loads(self._packed[i][self._index])

    def __iter__(self) -> Iterator:
        index, loads = self._index, pickle.loads
        for obs in self._packed:
            yield loads(obs[index])


def _observations(paper: Paper, extractors: Extractors) -> tuple:
    """Every extractor's observation of one paper, in Extractors order."""
    pp = prepare(paper)
    return tuple(extractor.observe(pp) for extractor in extractors)


def _observe(paper: Paper) -> Packed | tuple:
    """A paper's observations by the extractors set before the fork (packed, if `_packing`)."""
    observed = _observations(paper, _extractors)
    return pack(observed) if _packing else observed


def load_resources() -> None:
    """Load the lexicon, the English word frequencies and word classes now rather than on first use.

    Both are loaded once per process (~0.4 s); workers forked afterwards share them (the
    lexicon's patterns are compiled in each process as its texts need them).
    """
    default_lexicon()
    zipf("the")
    is_verb_or_adverb("model")
    can_head_noun_phrase("model")


def _observe_share(start: int, stop: int) -> Iterator[tuple]:
    """The observations of papers[start:stop] (in a child, the papers came with the fork)."""
    return map(_observe, _papers[start:stop])


def _observe_all(papers: Sequence[Paper], jobs: int) -> Iterator[tuple]:
    """Per-paper observations in input order, from forked processes when it pays off.

    The corpus is cut into `jobs` contiguous shares of about equal text; `jobs - 1` forked
    children read one each (sharing the loaded lexicon, word frequencies and the papers
    themselves, and sending back only what they observed) while this process reads the
    first. Where fork is unavailable, papers are read in this process.
    """
    global _papers
    sizes = [len(p.title) + len(p.abstract) for p in papers]
    total = sum(sizes)
    if jobs < 2 or total < PARALLEL_MIN_CHARS or not can_fork():
        yield from map(_observe, papers)
        return
    bounds = equal_shares(sizes, jobs)
    _papers = papers
    try:
        yield from run_shares(_observe_share, bounds)
    finally:
        _papers = ()


def paper_key(paper: Paper) -> str:
    """What a paper's observations depend on: every field of the merged paper. A paper whose
    key is unchanged since an earlier build is not read again (see `observe_corpus`)."""
    return hashlib.sha256(repr(paper).encode("utf-8")).hexdigest()


def _new_extractors(concepts_per_paper: int) -> Extractors:
    return Extractors(EntityExtractor(), ConceptExtractor(top_k=concepts_per_paper), RepositoryExtractor(),
                      TaskExtractor())


_batch_extractors: dict[int, Extractors] = {}


def observe_batch(papers: Sequence[Paper], concepts_per_paper: int = 15) -> list[Packed]:
    """Every extractor's observation of each paper of a batch, in order, packed, in any process
    (an engine's worker): what `observe_corpus` gives for these papers."""
    if concepts_per_paper not in _batch_extractors:
        load_resources()
        _batch_extractors[concepts_per_paper] = _new_extractors(concepts_per_paper)
    extractors = _batch_extractors[concepts_per_paper]
    return [pack(_observations(paper, extractors)) for paper in papers]


# Observes papers elsewhere (an engine's workers, in batches of its choosing): given the papers
# and the concepts per paper, yields lists of packed observations (observe_batch) that follow one
# another in the papers' order.
MapBatches = Callable[[list[Paper], int], Iterable[list[Packed]]]


@gc_paused(garbage_cycles=False)
def observe_corpus(papers: Sequence[Paper], progress: Progress | None = None, jobs: int | None = None,
                   known: Mapping[str, Packed] | None = None, concepts_per_paper: int = 15,
                   map_batches: MapBatches | None = None, packed: bool = True) -> list[Packed]:
    """Every extractor's observation of each paper, in order, packed (`pack`): the per-paper
    step of `extract_corpus`.

    packed=False: as objects, for `decide_corpus` at once (`extract_corpus`: nothing keeps them,
    and packing costs a tenth of extraction's time on short abstracts). Not with `known`
    or `map_batches`, whose observations are packed.

    known: observations of an earlier build by `paper_key`; those papers are not read again
    (an observation depends on its paper alone, so reusing it gives the same result).
    map_batches: observes batches of papers elsewhere (then `jobs` is not used).
    """
    global _extractors, _packing
    progress = progress or NoProgress()
    jobs = default_jobs() if jobs is None else jobs
    known = known or {}
    todo = [p for p in papers if paper_key(p) not in known] if known else list(papers)
    if todo and map_batches is None:
        load_resources()
    _extractors = _new_extractors(concepts_per_paper)
    _packing = packed or bool(known) or map_batches is not None
    progress.start("extracting", len(papers))
    progress.advance(len(papers) - len(todo))
    fresh = {}
    if map_batches is not None:
        done = 0
        for observed in map_batches(todo, concepts_per_paper):
            fresh.update((p.id, obs) for p, obs in zip(todo[done:done + len(observed)], observed))
            done += len(observed)
            progress.advance(len(observed))
    else:
        for p, obs in zip(todo, _observe_all(todo, jobs)):
            fresh[p.id] = obs
            progress.advance()
    progress.finish()
    return [fresh[p.id] if p.id in fresh else known[paper_key(p)] for p in papers]


def decide_corpus(papers: Sequence[Paper], observed: Sequence[Packed],
                  concepts_per_paper: int = 15) -> list[PaperExtraction]:
    """The corpus-level step of `extract_corpus`: one PaperExtraction per paper, in order.
    Each extractor's packed observations are unpacked for its decisions only, one extractor at
    a time (observations given as objects are taken as they are)."""
    return decide_with_phrases(papers, observed, None, None, concepts_per_paper)[0]


@gc_paused(garbage_cycles=False)
def decide_with_phrases(papers: Sequence[Paper], observed: Sequence[Packed], paper_keys: Sequence[str] | None,
                        phrases: PhraseFit | None, concepts_per_paper: int = 15
                        ) -> tuple[list[PaperExtraction], PhraseFit | None]:
    """`decide_corpus`, the concepts scored with the statistics `phrases` of an earlier build
    (see `ConceptExtractor.decide`), or counted afresh; with the statistics counted (None when
    `phrases` was given or `paper_keys` was not)."""
    load_resources()
    extractors = _new_extractors(concepts_per_paper)
    packed = bool(observed) and isinstance(observed[0][0], bytes)

    def decided(i: int, extractor) -> list:
        observations = Unpacked(observed, i) if packed else [obs[i] for obs in observed]
        if extractor is extractors.concepts:
            return extractor.decide(observations, paper_keys, phrases)
        return extractor.decide(observations)
    entities, concepts, repositories, tasks = (decided(i, extractor) for i, extractor in enumerate(extractors))
    out = []
    for i, p in enumerate(papers):
        methods, benchmarks, acronyms = entities[i]
        out.append(PaperExtraction(
            paper_id=p.id,
            title=p.title,
            methods=tuple(methods),
            benchmarks=tuple(benchmarks),
            concepts=tuple(concepts[i]),
            repositories=repositories[i],
            acronyms=tuple(acronyms),
            tasks=tasks[i],
        ))
    return out, extractors.concepts.fit


def extract_corpus(papers: Sequence[Paper], concepts_per_paper: int = 15,
                   progress: Progress | None = None, jobs: int | None = None) -> list[PaperExtraction]:
    """One PaperExtraction per paper, in the order given; the same whatever `jobs` is.

    jobs: worker processes for the per-paper step (default: all CPUs, for big corpora).
    Progress: one stage of len(papers) steps.
    """
    observed = observe_corpus(papers, progress, jobs, concepts_per_paper=concepts_per_paper, packed=False)
    return decide_corpus(papers, observed, concepts_per_paper)


def _entity(name: str, evidence, **extra) -> dict:
    return {"name": name, **{k: v for k, v in extra.items() if v is not None}, **evidence.as_dict()}


def extraction_record(x: PaperExtraction) -> dict:
    """The JSON object `graphkb extract` writes for one paper (DESIGN.md contract)."""
    return {
        "id": x.paper_id,
        "title": x.title,
        "methods": [_entity(m.name, m.evidence, role=m.role, confidence=m.confidence,
                            long_form=m.long_form) for m in x.methods],
        "benchmarks": [_entity(m.name, m.evidence, role=m.role, confidence=m.confidence,
                               long_form=m.long_form) for m in x.benchmarks],
        "concepts": [_entity(k.name, k.evidence, score=k.score) for k in x.concepts],
        "repositories": [_entity(r.url, r.evidence, url=r.url) for r in x.repositories],
        "acronyms": [{"short": a.short, "long": a.long} for a in x.acronyms],
        "tasks": [name for name, _ in x.tasks],
    }
