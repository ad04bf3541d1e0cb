"""The build pipeline: inputs -> papers -> extraction -> corpus linking -> KnowledgeGraph.

Each stage is a function of the previous stage's records; `build` strings them
together and reports what it did in a BuildReport (the CLI prints it).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import __version__, digest
from .buildstate import BuildState, CarriedCitations, read_state, spill
from .changes import Changes, GraphSnapshot, diff
from .delta import LazyDelta
from .engines import Engine, LocalEngine, open_engine
from .errors import GraphkbError, InputError
from .extract import PhraseFit, decide_with_phrases, paper_key
from .forked import alongside, can_fork, default_jobs
from .graph import KnowledgeGraph
from .ingest import ErrorReport
from .ingest.dedupe import merge_duplicates
from .ingest.listing_dates import date_listings
from .link.citations import builds_on
from .link.concepts import concept_nodes
from .link.resolve import ResolvedEntity, resolve_entities
from .link.shared import shared_entities
from .link.tasks import task_nodes
from .link.topic_lineage import REFIT_GROWTH, TopicLineage, carry_ids, needs_refit
from .link.trends import set_timelines
from .link.variants import variant_pairs
from .manifest import input_entries, make_manifest, now_iso, read_manifest, write_manifest
from .memory import gc_paused
from .outdir import GRAPH_FILE, MANIFEST_FILE, STATE_FILE, kept_map, write_build
from .progress import NoProgress, Progress
from .records import EntityMention, Evidence, Paper, PaperExtraction, PaperRecord, RepositoryLink
from .schema import node_id
from .text import slugify

if TYPE_CHECKING:
    from .link.neighbour_index import NeighbourIndex
    from .link.topics import TopicModel

T = TypeVar("T")


@dataclass(frozen=True)
class BuildOptions:
    similar_top_k: int = 5  # SIMILAR_TO: each paper's k most similar papers ...
    similar_threshold: float = 0.1  # ... with at least this cosine score
    concepts_per_paper: int = 10  # MENTIONS: a paper's best key phrases
    min_concept_papers: int = 2  # a Concept node needs this many papers
    topics: int | None = None  # number of topics (default: grows with the corpus)
    max_shared_papers: int = 100  # SHARES_*: skip entities used by more papers than this
    similar_search: str = "auto"  # SIMILAR_TO: "exact", "approximate" or "auto" (link/similarity.py)


@dataclass(frozen=True)
class EarlierTopics:
    """The topics of an earlier build, for `assemble_graph`: with `join`, the ids of the papers
    to add to them (an update: the others keep their topics), else the topics are fitted
    anew and only their ids carried over (see link/topic_lineage.py)."""

    lineage: TopicLineage
    model: TopicModel | None
    join: frozenset[str] | None = None


@dataclass
class BuildReport:
    records: int = 0
    papers: int = 0
    skipped: list[InputError] = field(default_factory=list)
    too_common_to_share: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the build could not do, and why
    seconds: dict[str, float] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)  # files written into OUT
    listings_without_year: int = 0  # records of Daily Papers pages whose listing date has no year
    # for the next update, left by assemble_graph and moved into the build's state by a build:
    topic_lineage: TopicLineage | None = None  # the topics placed
    topic_model: TopicModel | None = None
    neighbour_index: NeighbourIndex | None = None  # the vectors and neighbours
    new_papers: int = 0  # an update: papers the build did not have

    @property
    def merged(self) -> int:
        return self.records - self.papers


def _relation(entity: ResolvedEntity, mentions: list[EntityMention]) -> str:
    if any(m.role == "proposes" for m in mentions):
        return "PROPOSES"
    return "USES" if entity.label == "Method" else "EVALUATED_ON"


def _paper_props(p: Paper) -> dict:
    return dict(title=p.title, abstract=p.abstract, date=p.date, year=p.year, arxiv_id=p.arxiv_id,
                url=p.url, doi=p.doi, authors=p.authors, listing_date=p.listing_date, categories=p.categories,
                sources=p.sources)


def assemble_graph(papers: Sequence[Paper], extractions: Sequence[PaperExtraction],
                   options: BuildOptions = BuildOptions(), report: BuildReport | None = None,
                   progress: Progress | None = None, earlier_topics: EarlierTopics | None = None,
                   engine: Engine | None = None, earlier_neighbours: NeighbourIndex | None = None
                   ) -> KnowledgeGraph:
    """Link the extracted papers into one graph (corpus-level steps of DESIGN.md): `link_papers`,
    then `graph_of` what it worked out.

    earlier_topics: the topics of an earlier build of the same folder (ids last; an update's
    new papers join them). The topics placed, and their model, are left on `report`.
    engine: where the documents' terms are counted for the vectors (default: here).
    earlier_neighbours: an update's: the vectors and neighbours of the build it grows, which its
    new papers join (link/neighbour_index.py). The index made is left on `report`.
    """
    progress = progress or NoProgress()
    report = report if report is not None else BuildReport()
    return graph_of(papers, link_papers(papers, extractions, options, report, progress, earlier_topics, engine,
                                        earlier_neighbours), options, progress)


@dataclass
class Linked:
    """What linking works out, from which `graph_of` makes the graph: the links from the
    extractions (EntityLinks), each paper's repositories, the papers' vectors and neighbours, and
    their topics. It holds no extraction: a build lets go of them before the graph is made."""

    links: EntityLinks | None
    repositories: list[tuple[str, tuple[RepositoryLink, ...]]] | None
    index: NeighbourIndex | None
    topics: list | None

    def hand_over(self) -> tuple[EntityLinks, list, NeighbourIndex, list]:
        """Its parts, once: it lets go of them, so that the graph maker can free each part when
        its nodes and relationships are in (at 100,000 papers the entities' mentions and the
        concepts' papers are hundreds of megabytes)."""
        if self.links is None:
            raise ValueError("the links were handed over already")
        parts = self.links, self.repositories, self.index, self.topics
        self.links = self.repositories = self.index = self.topics = None
        return parts


@gc_paused(garbage_cycles=False)
def link_papers(papers: Sequence[Paper], extractions: Sequence[PaperExtraction], options: BuildOptions,
                report: BuildReport, progress: Progress, earlier_topics: EarlierTopics | None = None,
                engine: Engine | None = None, earlier_neighbours: NeighbourIndex | None = None) -> Linked:
    """The corpus-level steps (see assemble_graph): entities, their links, vectors, neighbours, topics."""
    by_id = {p.id: p for p in papers}
    progress.start("linking", 6)
    # the steps that need neither vectors nor neighbours are worked out while a big corpus's
    # neighbours are searched in a child (see _neighbours_and_topics); the graph is made after,
    # in the order it always was
    def entity_links() -> EntityLinks:
        links = _entity_links(papers, by_id, extractions, options)
        progress.advance(2)
        return links
    index, topics, links = _neighbours_and_topics(papers, extractions, options, report, earlier_neighbours,
                                                  earlier_topics, engine, meanwhile=entity_links)
    for _, skipped in links.shared.values():
        report.too_common_to_share.extend(skipped)
    return Linked(links, [(x.paper_id, x.repositories) for x in extractions if x.repositories], index, topics)


class _HeldOnce:
    """The values many relationships share, held once however many carry them: evidence sentences,
    rules and offsets, mentions, weights, confidences and scores, lists of shared names and terms.
    The extractors' results are unpickled apart, so each came as an object of its own (at 10,000
    papers 72,793 sentence strings, 18.4 MB, for 23,577 sentences, 6.1 MB). The graph's values are
    read, never changed in place."""

    def __init__(self):
        self.texts: dict[str, str] = {}
        self.ints: dict[int, int] = {}
        self.floats: dict[float, float] = {}
        self.lists: dict[tuple[str, ...], list[str]] = {}

    def evidence(self, ev: Evidence) -> dict:
        """The evidence as the graph holds it (Evidence.as_dict)."""
        ints = self.ints
        return Evidence(self.text(ev.sentence), ints.setdefault(ev.start, ev.start), ints.setdefault(ev.end, ev.end),
                        self.text(ev.rule), self.text(ev.field)).as_dict()

    def text(self, text: str) -> str:
        return self.texts.setdefault(text, text)

    def number(self, x):
        """x, or an equal float held already: not an int (1 == 1.0), nor a zero (0.0 == -0.0)."""
        return self.floats.setdefault(x, x) if type(x) is float and x else x

    def names(self, names: tuple[str, ...]) -> list[str]:
        """The names (or terms) as a list, one list for every relationship with the same ones."""
        found = self.lists.get(names)
        if found is None:
            found = self.lists[names] = list(names)
        return found


# From this many papers up, `graph_of` works out the SIMILAR_TO pairs (and the terms each pair
# shares) in a forked child while it adds the papers, entities, concepts and tasks: about a
# fifth of making the graph (10,000 papers: 0.9 s of 4.1 s), and a process ahead of it was idle.
SIMILAR_ALONGSIDE_MIN_PAPERS = 5_000


@gc_paused(garbage_cycles=False)
def graph_of(papers: Sequence[Paper], linked: Linked, options: BuildOptions = BuildOptions(),
             progress: Progress | None = None) -> KnowledgeGraph:
    """The graph of what `link_papers` worked out. `linked` hands over its parts, and each is let go
    of once its nodes and relationships are in: the entities' mentions, the concepts' and tasks'
    papers, ... are not held beside the graph they became. On a big corpus the SIMILAR_TO pairs
    are worked out in a forked child meanwhile (SIMILAR_ALONGSIDE_MIN_PAPERS)."""
    # scikit-learn and scipy take a second to import: only the build's linking needs them,
    # so `graphkb extract`, `stats`, `query`, ... start without them
    from .link.similarity import similarity_of

    progress = progress or NoProgress()
    links, repositories, index, topics = linked.hand_over()
    builds_on_links, shared = links.builds_on, links.shared
    parts = {"entities": links.entities, "variants": links.variants, "repositories": repositories,
             "concepts": links.concepts, "tasks": links.tasks}
    del links, repositories
    kg = KnowledgeGraph()
    held = _HeldOnce()

    similar = partial(similarity_of, index.vectors, index.neighbours, options.similar_top_k, options.similar_threshold)
    papers_and_entities = partial(_add_papers_and_entities, kg, held, papers, parts)
    del index
    if len(papers) >= SIMILAR_ALONGSIDE_MIN_PAPERS and default_jobs() > 1 and can_fork():
        _, similarities = alongside(papers_and_entities, similar)
    else:
        papers_and_entities()
        similarities = similar()
    del similar, papers_and_entities  # and with them the vectors and neighbours
    for s in similarities:
        kg.add_edge("SIMILAR_TO", s.source, s.target, score=held.number(s.score),
                    shared_terms=held.names(s.shared_terms))
    del similarities
    progress.advance()

    for t in topics:
        kg.add_node("Topic", t.id, name=t.name, top_terms=t.top_terms, size=len(t.members))
        for pid, weight in t.members:
            kg.add_edge("IN_TOPIC", pid, t.id, weight=held.number(weight))
    progress.advance()

    for b in builds_on_links:
        kg.add_edge("BUILDS_ON", b.source, b.target, via=b.via, evidence=held.evidence(b.evidence),
                    proposal_sentence=b.proposal_sentence)
    progress.advance()

    for rel, (pairs, _) in shared.items():
        for s in pairs:
            kg.add_edge(rel, s.source, s.target, count=s.count, names=held.names(s.names))
    del held
    set_timelines(kg)  # first_seen, last_seen, papers_per_month of methods, benchmarks, tasks, concepts
    progress.advance()
    progress.finish()
    return kg


def _add_papers_and_entities(kg: KnowledgeGraph, held: _HeldOnce, papers: Sequence[Paper], parts: dict) -> None:
    """The papers and their authors, then the entities, variants, repositories, concepts and tasks
    (`parts`, by those names) with the relationships that link papers to them. Each part is taken
    out of `parts`, and so let go of, once its relationships are in."""
    for p in papers:
        kg.add_node("Paper", p.id, **_paper_props(p))
        for name in p.authors:
            author_id = node_id("Author", slugify(name, max_words=12))
            kg.add_node("Author", author_id, name=name)
            kg.add_edge("AUTHORED", author_id, p.id)

    for e in parts.pop("entities").values():
        kg.add_node(e.label, e.id, name=e.name, aliases=e.aliases, paper_count=e.paper_count)
        for pid, mentions in sorted(e.papers.items()):
            best = max(mentions, key=lambda m: m.confidence)
            kg.add_edge(_relation(e, mentions), pid, e.id, confidence=held.number(best.confidence),
                        evidence=held.evidence(best.evidence), mention=held.text(best.name))
    for v in parts.pop("variants"):
        kg.add_edge("VARIANT_OF", v.source, v.target)

    for paper_id, found in parts.pop("repositories"):
        for r in found:
            repo_id = node_id("Repository", r.url.split("://", 1)[1].lower())
            kg.add_node("Repository", repo_id, url=r.url)
            kg.add_edge("HAS_CODE", paper_id, repo_id, evidence=held.evidence(r.evidence))
    for c in parts.pop("concepts"):
        kg.add_node("Concept", c.id, name=c.name, paper_count=len(c.papers))
        for pid, weight, ev in c.papers:
            kg.add_edge("MENTIONS", pid, c.id, weight=held.number(weight), evidence=held.evidence(ev))

    for t in parts.pop("tasks"):
        kg.add_node("Task", t.id, name=t.name, aliases=list(t.aliases), paper_count=len(t.papers))
        for pid, ev in t.papers:
            kg.add_edge("ADDRESSES", pid, t.id, evidence=held.evidence(ev))


@dataclass(frozen=True)
class EntityLinks:
    """What linking works out from the extractions alone: one entity per name, variants, concepts,
    tasks, BUILDS_ON, and the papers sharing methods or benchmarks (by relationship type: the
    pairs, and the names too common to share)."""

    entities: dict[str, ResolvedEntity]
    variants: list
    concepts: list
    tasks: list
    builds_on: list
    shared: dict[str, tuple[list, list[str]]]


def _entity_links(papers: Sequence[Paper], by_id: dict[str, Paper], extractions: Sequence[PaperExtraction],
                  options: BuildOptions) -> EntityLinks:
    entities = resolve_entities(extractions)
    tasks = task_nodes(papers, extractions)
    entity_names = [n for e in (*entities.values(), *tasks) for n in (e.name, *e.aliases)]
    concepts = concept_nodes(extractions, options.concepts_per_paper, options.min_concept_papers, entity_names)
    shared = {rel: shared_entities(entities, label, options.max_shared_papers)
              for label, rel in (("Method", "SHARES_METHOD"), ("Benchmark", "SHARES_BENCHMARK"))}
    return EntityLinks(entities, variant_pairs(entities), concepts, tasks, builds_on(entities, by_id), shared)


def _neighbours_and_topics(papers: Sequence[Paper], extractions: Sequence[PaperExtraction], options: BuildOptions,
                           report: BuildReport, earlier_neighbours: NeighbourIndex | None,
                           earlier_topics: EarlierTopics | None, engine: Engine | None,
                           meanwhile: Callable[[], T]) -> tuple[NeighbourIndex, list, T]:
    """The papers' vectors and nearest neighbours (grown from an earlier build's, for an update that
    does not need a refit, or fitted and searched), their topics (`_place_topics`), and what
    `meanwhile()` gives (work that needs neither).

    A fresh approximate search runs in a forked child while the topics are fitted here, and then
    `meanwhile`: NN-descent spends its first 20 s in numba's compiler, on one core, and at 100,000
    papers outlasts the topics by about 16 s (benchmarks/README.md, "Neighbours beside the
    topics" and "Entity links beside the search")."""
    from .link.neighbour_index import NeighbourIndex
    from .link.similarity_search import similarity_search
    from .link.vectors import vectorize

    engine = engine or LocalEngine()
    index = None
    if earlier_neighbours is not None:
        why = earlier_neighbours.refit_reason(len(papers), options.similar_top_k)
        if why is None:
            index = earlier_neighbours.grow(papers, extractions)
        else:
            report.notes.append(f"SIMILAR_TO searched again: {why}")
    if index is None:
        vectors = vectorize(papers, extractions, **engine.vector_options())
        search = similarity_search(options.similar_search, len(vectors.ids))
        if search.note:
            report.notes.append(search.note)
    else:
        vectors = index.vectors
    if vectors.unlinkable:
        report.notes.append(f"no SIMILAR_TO and no topics: {vectors.unlinkable}")

    def here() -> tuple[list, T]:
        return _place_topics(vectors, options, earlier_topics, report), meanwhile()
    if index is not None:
        placed, more = here()
    elif search.name == "approximate" and (engine.jobs or default_jobs()) > 1 and can_fork():
        (placed, more), found = alongside(here, lambda: NeighbourIndex.neighbours_for(vectors, options.similar_top_k,
                                                                                       search.name))
        index = NeighbourIndex.fit(vectors, papers, extractions, options.similar_top_k, search.name, found)
    else:
        index = NeighbourIndex.fit(vectors, papers, extractions, options.similar_top_k, search.name)
        placed, more = here()
    report.neighbour_index = index
    return index, placed, more


def _place_topics(vectors, options: BuildOptions, earlier: EarlierTopics | None, report: BuildReport) -> list:
    """The topics of the papers: joined (an update that does not need a refit) or fitted, with lasting ids."""
    from .link.topics import fit_topics, join_topics

    n_papers = len(vectors.ids)
    if earlier is not None and earlier.join is not None and earlier.model is not None:
        present = set(vectors.ids)
        kept = [replace(t, members=tuple(m for m in t.members if m[0] in present)) for t in earlier.lineage.topics]
        joined, unjoined = join_topics([t for t in kept if t.members], earlier.model, vectors, set(earlier.join))
        why = needs_refit(earlier.lineage, n_papers, len(earlier.join), len(unjoined))
        if why is None:
            report.topic_lineage = TopicLineage(tuple(joined), earlier.lineage.fitted_papers,
                                                earlier.lineage.next_number)
            report.topic_model = earlier.model
            return joined
        report.notes.append(f"topics fitted again: {why}")
    fitted, model = fit_topics(vectors, options.topics)
    topics, renamed, next_number = carry_ids(fitted, earlier.lineage if earlier else None)
    if model is not None:
        model = replace(model, components={renamed[t]: row for t, row in model.components.items()})
    report.topic_lineage = TopicLineage(tuple(topics), n_papers, next_number)
    report.topic_model = model
    return topics


def read_records(inputs: Iterable[str | Path], fmt: str | None = None, skip_bad_records: bool = False,
                 listing_year: int | None = None, engine: Engine | None = None
                 ) -> tuple[list[PaperRecord], BuildReport]:
    """The records of the inputs, in input order, listing dates given their year.
    engine: where the files are read (default: here)."""
    report = BuildReport()
    errors = ErrorReport(skip=skip_bad_records)
    t0 = time.perf_counter()
    read = (engine or LocalEngine()).read(list(inputs), fmt, errors)
    records, report.listings_without_year = date_listings(read, listing_year)
    report.records, report.skipped = len(records), errors.skipped
    report.seconds["read"] = round(time.perf_counter() - t0, 3)
    return records, report


def read_papers(inputs: Iterable[str | Path], fmt: str | None = None,
                skip_bad_records: bool = False, listing_year: int | None = None) -> tuple[list[Paper], BuildReport]:
    """Read and deduplicate: the papers of the inputs, one per real paper.

    listing_year: the year of Daily Papers listing dates printed without one ("Jul 31").
    """
    records, report = read_records(inputs, fmt, skip_bad_records, listing_year)
    papers = merge_duplicates(records).papers
    report.papers = len(papers)
    return papers, report


def _kept_phrases(phrases: PhraseFit | None, papers_now: int, report: BuildReport) -> PhraseFit | None:
    """The key phrases' statistics an update scores with: the earlier build's, until the corpus
    has grown by REFIT_GROWTH since they were counted (the rule of the topics and the vectors)."""
    if phrases is None:
        return None
    if papers_now >= len(phrases.papers) * (1 + REFIT_GROWTH):
        report.notes.append(f"key phrases scored again: the corpus grew by {papers_now / len(phrases.papers) - 1:.0%} "
                            f"since they were counted (at most {REFIT_GROWTH:.0%})")
        return None
    return phrases


def _link(records: list[PaperRecord], report: BuildReport, options: BuildOptions, progress: Progress | None,
          engine: Engine, earlier: BuildState | None, join_new: bool, spill_to: Path | None = None
          ) -> tuple[KnowledgeGraph, BuildState]:
    """Merge, extract (reusing the earlier build's observations) and link; the graph and the new state.
    spill_to: a folder where the new state's biggest parts wait for its writer (buildstate.spill): the
    observations once extraction has decided, the topic model, vectors and key phrases' statistics
    before the graph is made; the earlier state's are let go then."""
    papers = merge_duplicates(records).papers
    report.papers = len(papers)
    if not papers:
        raise GraphkbError("no papers found in the inputs")
    if earlier is not None:
        report.new_papers = sum(p.id not in earlier.snapshot.papers for p in papers)
    t0 = time.perf_counter()
    observed = engine.observe(papers, progress, known=earlier.observations if earlier else None)
    keys = [paper_key(p) for p in papers]
    kept = _kept_phrases(earlier.phrases, len(papers), report) if earlier is not None and join_new else None
    extractions, counted = decide_with_phrases(papers, observed, keys, kept)
    observations = dict(zip(keys, observed))
    del observed
    if spill_to is not None and earlier is not None:
        earlier.observations = {}  # the new state's hold what it needs of them
    observations = spill(observations, spill_to)
    t1 = time.perf_counter()
    earlier_topics = None
    if earlier is not None and earlier.lineage is not None:
        new_ids = frozenset(p.id for p in papers if p.id not in earlier.snapshot.papers) if join_new else None
        earlier_topics = EarlierTopics(earlier.lineage, earlier.topic_model, new_ids)
    progress = progress or NoProgress()
    linked = link_papers(papers, extractions, options, report, progress, earlier_topics, engine,
                         earlier.neighbours if earlier is not None and join_new else None)
    del extractions, earlier_topics  # what the graph needs of them is in `linked`: the graph is made without them
    # the new state's parts, moved off the report (only the state's writer keeps the state:
    # outdir.write_build lets it go before the views) and kept in files while the graph is made
    lineage, topic_model, neighbours = report.topic_lineage, report.topic_model, report.neighbour_index
    report.topic_lineage = report.topic_model = report.neighbour_index = None
    phrases = kept or counted
    if spill_to is not None and earlier is not None:
        earlier.topic_model = earlier.neighbours = earlier.phrases = None
    del kept, counted
    topic_model, neighbours, phrases = (spill(part, spill_to) for part in (topic_model, neighbours, phrases))
    kg = graph_of(papers, linked, options, progress)  # which lets go of the vectors once the SIMILAR_TO pairs are out
    if earlier is not None:
        earlier.citations.apply(kg)
    report.seconds["extract"] = round(t1 - t0, 3)
    report.seconds["link"] = round(time.perf_counter() - t1, 3)
    state = BuildState(__version__, records, observations, lineage, topic_model, None,
                       earlier.citations if earlier else CarriedCitations(), neighbours, phrases)
    return kg, state  # the state's snapshot is taken where it is first needed (`_take_snapshot`)


def _take_snapshot(state: BuildState, kg: KnowledgeGraph) -> GraphSnapshot:
    """The state's snapshot of its graph, taken now if it was not yet. A build that compares with
    no earlier one leaves it to the state's writer, beside the views (at 100,000 papers it took
    7-10 s in the build's process, the other idle)."""
    if state.snapshot is None:
        state.snapshot = GraphSnapshot.of(kg)
    return state.snapshot


def _write_state(state: BuildState, kg: KnowledgeGraph, path: Path) -> None:
    _take_snapshot(state, kg)
    state.write(path)


def _metadata(manifest: dict, state: BuildState, kg: KnowledgeGraph, changes: Changes | None, out: Path) -> dict:
    """The files of the set beside the graph and its views: manifest, state (with its snapshot of
    `kg`) and, after an earlier build, the changes and their digest."""
    files = {MANIFEST_FILE: lambda path: write_manifest(manifest, path), STATE_FILE: partial(_write_state, state, kg)}
    if changes is not None:
        for name, content in digest.change_files(changes, out.name).items():
            files[name] = lambda path, content=content: path.write_bytes(content)
    return files


def _earlier_state(out: Path, report: BuildReport) -> BuildState | None:
    """The state of an earlier build in OUT, if this graphkb can read it (a build does not need it)."""
    if not (out / STATE_FILE).exists():
        return None
    try:
        read_manifest(out)
        return read_state(out)
    except GraphkbError as e:
        report.notes.append(f"the earlier build is not compared or reused: {e}")
        return None


def build(inputs: Iterable[str | Path], fmt: str | None = None, skip_bad_records: bool = False,
          options: BuildOptions = BuildOptions(), progress: Progress | None = None, jobs: int | None = None,
          out: str | Path | None = None, views: bool = True, listing_year: int | None = None,
          engine: str = "local", scheduler: str | None = None) -> tuple[KnowledgeGraph, BuildReport]:
    """The whole of `graphkb build`: read, deduplicate, extract, link and, when `out` is given,
    write OUT/graph.json, its views and the build's manifest and state as one set (see outdir.py).

    Over an earlier build of OUT, topic ids carry over (link/topic_lineage.py), papers read
    before are not read again, and OUT/changes.json and the digest say what changed.
    jobs: processes for extraction and for writing the files (default: all CPUs, on big inputs).
    listing_year: the year of Daily Papers listing dates printed without one (see read_papers).
    engine: where reading, extraction's per-paper step and the vectors' counting run (see
    engines/: "local", or "dask" on a LocalCluster of `jobs` workers or the scheduler at
    `scheduler`); the graph is the same whichever runs them.
    """
    inputs = list(inputs)
    with open_engine(engine, jobs, scheduler) as run:
        records, report = read_records(inputs, fmt, skip_bad_records, listing_year, run)
        earlier = _earlier_state(Path(out).resolve(), report) if out is not None else None
        kg, state = _link(records, report, options, progress, run, earlier, join_new=False,
                          spill_to=Path(out).resolve().parent if out is not None else None)
    if out is not None:
        t2 = time.perf_counter()
        changes = diff(earlier.snapshot, _take_snapshot(state, kg)) if earlier else None
        manifest = make_manifest("build", options, {"format": fmt, "listing_year": listing_year, "views": views,
                                                    "engine": engine},
                                 input_entries(inputs), len(records), kg, report.seconds, [])
        files = _metadata(manifest, state, kg, changes, Path(out).resolve())
        del records, earlier, state  # only the state's writer holds them now, and write_build lets it go
        report.written = write_build(kg, out, views, files, jobs)
        report.seconds["write"] = round(time.perf_counter() - t2, 3)
    return kg, report


def update(out: str | Path, inputs: Iterable[str | Path], fmt: str | None = None, skip_bad_records: bool = False,
           progress: Progress | None = None, jobs: int | None = None, listing_year: int | None = None
           ) -> tuple[KnowledgeGraph, BuildReport, Changes]:
    """The whole of `graphkb update`: add the papers of `inputs` to the build in OUT.

    Existing papers keep their ids and are not read again; extraction's corpus-level
    decisions and every link are taken again over all papers (so papers, entities and links
    are those of a build of all the inputs); new papers join the existing topics until the
    corpus drifts (link/topic_lineage.py). Input files already in the build are skipped.
    The options, the input format and the listing year are the build's, unless given.
    """
    folder = Path(out).resolve()
    manifest = read_manifest(folder)
    state = read_state(folder)
    settings = manifest["options"]
    options = BuildOptions(**{f: settings[f] for f in BuildOptions.__dataclass_fields__ if f in settings})
    fmt = fmt or settings.get("format")
    listing_year = listing_year if listing_year is not None else settings.get("listing_year")
    update_number = len(manifest["updates"]) + 1
    known = {entry["sha256"] for entry in manifest["inputs"]}
    entries, fresh, already = [], [], []
    for raw in inputs:
        for entry in input_entries([raw], added=update_number):
            (already if entry["sha256"] in known else entries).append(entry)
            if entry["sha256"] not in known:
                known.add(entry["sha256"])
                fresh.append(entry["path"])
    with open_engine("local", jobs) as run:
        records, report = read_records(fresh, fmt, skip_bad_records, listing_year, run)
    if already:
        report.notes.append(f"{len(already)} input file(s) already in the build, not read again: "
                            + ", ".join(e["path"] for e in already[:3]) + (" ..." if len(already) > 3 else ""))
    if not fresh:  # nothing to add: the build stays as it is, untouched
        report.notes.append("nothing new to add: the build is left as it was")
        report.papers = len(state.snapshot.papers)
        return KnowledgeGraph.load(folder), report, diff(state.snapshot, state.snapshot)
    with open_engine("local", jobs) as run:
        kg, new_state = _link(state.records + records, report, options, progress, run, state, join_new=True,
                              spill_to=folder.parent)
    report.records = len(records)
    t2 = time.perf_counter()
    changes = diff(state.snapshot, _take_snapshot(new_state, kg))
    updates = [*manifest["updates"], {"update": update_number, "written": now_iso(), "inputs": len(entries),
                                      "records": len(records), "new_papers": report.new_papers}]
    new_manifest = make_manifest("update", options, {k: settings.get(k) for k in ("format", "listing_year", "views")},
                                 manifest["inputs"] + entries, len(new_state.records), kg, report.seconds, updates)
    files = _metadata(new_manifest, new_state, kg, changes, folder)
    delta = LazyDelta(kg, folder / GRAPH_FILE)
    del records, state, new_state  # only the state's writer holds them now, and write_build lets it go
    report.written = write_build(kg, folder, settings.get("views", True), files, jobs, kept_map(folder),
                                 delta=delta)
    report.seconds["write"] = round(time.perf_counter() - t2, 3)
    return kg, report, changes


def enrichment_files(out: str | Path, kg: KnowledgeGraph, entry: dict) -> dict:
    """For a command that adds to a built graph (`graphkb enrich`): the manifest with `entry`
    appended to its enrichments, and the state with the graph's citations, so the next update
    keeps them. A folder without a readable manifest and state gets neither."""
    folder = Path(out)
    folder = folder.parent if folder.is_file() else folder
    try:
        manifest, state = read_manifest(folder), read_state(folder)
    except GraphkbError:
        return {}
    manifest["enrichments"] = [*manifest.get("enrichments", []), {"written": now_iso(), **entry}]
    state.citations = CarriedCitations.of(kg)
    return {MANIFEST_FILE: lambda path: write_manifest(manifest, path), STATE_FILE: state.write}
