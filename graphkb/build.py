"""The build pipeline: inputs -> papers -> extraction -> corpus linking -> KnowledgeGraph.

Each stage is a function of the previous stage's records; `build` strings them
together and reports what it did in a BuildReport (the CLI prints it).
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GraphkbError, InputError
from .extract import extract_corpus
from .graph import KnowledgeGraph
from .ingest import ErrorReport, read_inputs
from .ingest.dedupe import merge_duplicates
from .ingest.listing_dates import date_listings
from .link.citations import builds_on
from .link.concepts import concept_nodes
from .link.resolve import ResolvedEntity, resolve_entities
from .link.shared import shared_entities
from .link.tasks import task_nodes
from .link.trends import set_timelines
from .link.variants import variant_pairs
from .memory import gc_paused
from .outdir import write_build
from .progress import NoProgress, Progress
from .records import EntityMention, Paper, PaperExtraction
from .schema import node_id
from .text import slugify


@dataclass(frozen=True)
class BuildOptions:
    similar_top_k: int = 5  # SIMILAR_TO: each paper's k most similar papers ...
    similar_threshold: float = 0.1  # ... with at least this cosine score
    concepts_per_paper: int = 10  # MENTIONS: a paper's best key phrases
    min_concept_papers: int = 2  # a Concept node needs this many papers
    topics: int | None = None  # number of topics (default: grows with the corpus)
    max_shared_papers: int = 100  # SHARES_*: skip entities used by more papers than this


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


@gc_paused()
def assemble_graph(papers: Sequence[Paper], extractions: Sequence[PaperExtraction],
                   options: BuildOptions = BuildOptions(), report: BuildReport | None = None,
                   progress: Progress | None = None) -> KnowledgeGraph:
    """Link the extracted papers into one graph (corpus-level steps of DESIGN.md)."""
    # scikit-learn and scipy take a second to import: only the build's linking needs them,
    # so `graphkb extract`, `stats`, `query`, ... start without them
    from .link.similarity import similar_pairs
    from .link.topics import find_topics
    from .link.vectors import vectorize

    progress = progress or NoProgress()
    report = report if report is not None else BuildReport()
    kg = KnowledgeGraph()
    by_id = {p.id: p for p in papers}
    progress.start("linking", 6)

    for p in papers:
        kg.add_node("Paper", p.id, **_paper_props(p))
        for name in p.authors:
            author_id = node_id("Author", slugify(name, max_words=12))
            kg.add_node("Author", author_id, name=name)
            kg.add_edge("AUTHORED", author_id, p.id)

    entities = resolve_entities(extractions)
    for e in entities.values():
        kg.add_node(e.label, e.id, name=e.name, aliases=e.aliases, paper_count=e.paper_count)
        for pid, mentions in sorted(e.papers.items()):
            best = max(mentions, key=lambda m: m.confidence)
            kg.add_edge(_relation(e, mentions), pid, e.id, confidence=best.confidence,
                        evidence=best.evidence.as_dict(), mention=best.name)
    for v in variant_pairs(entities):
        kg.add_edge("VARIANT_OF", v.source, v.target)
    progress.advance()

    for x in extractions:
        for r in x.repositories:
            repo_id = node_id("Repository", r.url.split("://", 1)[1].lower())
            kg.add_node("Repository", repo_id, url=r.url)
            kg.add_edge("HAS_CODE", x.paper_id, repo_id, evidence=r.evidence.as_dict())
    tasks = task_nodes(papers, extractions)
    entity_names = [n for e in (*entities.values(), *tasks) for n in (e.name, *e.aliases)]
    for c in concept_nodes(extractions, options.concepts_per_paper, options.min_concept_papers, entity_names):
        kg.add_node("Concept", c.id, name=c.name, paper_count=len(c.papers))
        for pid, weight, ev in c.papers:
            kg.add_edge("MENTIONS", pid, c.id, weight=weight, evidence=ev.as_dict())
    progress.advance()

    for t in tasks:
        kg.add_node("Task", t.id, name=t.name, aliases=list(t.aliases), paper_count=len(t.papers))
        for pid, ev in t.papers:
            kg.add_edge("ADDRESSES", pid, t.id, evidence=ev.as_dict())

    vectors = vectorize(papers, extractions)
    if vectors.unlinkable:
        report.notes.append(f"no SIMILAR_TO and no topics: {vectors.unlinkable}")
    for s in similar_pairs(vectors, options.similar_top_k, options.similar_threshold):
        kg.add_edge("SIMILAR_TO", s.source, s.target, score=s.score, shared_terms=s.shared_terms)
    progress.advance()

    for t in find_topics(vectors, options.topics):
        kg.add_node("Topic", t.id, name=t.name, top_terms=t.top_terms, size=len(t.members))
        for pid, weight in t.members:
            kg.add_edge("IN_TOPIC", pid, t.id, weight=weight)
    progress.advance()

    for b in builds_on(entities, by_id):
        kg.add_edge("BUILDS_ON", b.source, b.target, via=b.via, evidence=b.evidence.as_dict(),
                    proposal_sentence=b.proposal_sentence)
    progress.advance()

    for label, rel in (("Method", "SHARES_METHOD"), ("Benchmark", "SHARES_BENCHMARK")):
        pairs, skipped = shared_entities(entities, label, options.max_shared_papers)
        report.too_common_to_share.extend(skipped)
        for s in pairs:
            kg.add_edge(rel, s.source, s.target, count=s.count, names=s.names)
    set_timelines(kg)  # first_seen, last_seen, papers_per_month of methods, benchmarks, tasks, concepts
    progress.advance()
    progress.finish()
    return kg


def read_papers(inputs: Iterable[str | Path], fmt: str | None = None,
                skip_bad_records: bool = False, listing_year: int | None = None) -> tuple[list[Paper], BuildReport]:
    """Read and deduplicate: the papers of the inputs, one per real paper.

    listing_year: the year of Daily Papers listing dates printed without one ("Jul 31").
    """
    report = BuildReport()
    errors = ErrorReport(skip=skip_bad_records)
    t0 = time.perf_counter()
    records, report.listings_without_year = date_listings(read_inputs(inputs, fmt, errors), listing_year)
    merged = merge_duplicates(records)
    report.records, report.papers, report.skipped = len(records), len(merged.papers), errors.skipped
    report.seconds["read"] = round(time.perf_counter() - t0, 3)
    return merged.papers, report


def build(inputs: Iterable[str | Path], fmt: str | None = None, skip_bad_records: bool = False,
          options: BuildOptions = BuildOptions(), progress: Progress | None = None, jobs: int | None = None,
          out: str | Path | None = None, views: bool = True, listing_year: int | None = None
          ) -> tuple[KnowledgeGraph, BuildReport]:
    """The whole of `graphkb build`: read, deduplicate, extract, link and, when `out` is given,
    write OUT/graph.json and its views as one set (see outdir.py).

    jobs: worker processes for extraction (default: all CPUs, on big inputs).
    listing_year: the year of Daily Papers listing dates printed without one (see read_papers).
    """
    papers, report = read_papers(inputs, fmt, skip_bad_records, listing_year)
    if not papers:
        raise GraphkbError("no papers found in the inputs")
    t0 = time.perf_counter()
    extractions = extract_corpus(papers, progress=progress, jobs=jobs)
    t1 = time.perf_counter()
    kg = assemble_graph(papers, extractions, options, report, progress)
    report.seconds["extract"] = round(t1 - t0, 3)
    report.seconds["link"] = round(time.perf_counter() - t1, 3)
    if out is not None:
        t2 = time.perf_counter()
        report.written = write_build(kg, out, views)
        report.seconds["write"] = round(time.perf_counter() - t2, 3)
    return kg, report
