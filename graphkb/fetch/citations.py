"""Real citations between the papers of a graph, from OpenAlex or Semantic Scholar.

A source turns the graph's papers (those with an arXiv id or a DOI) into References;
`apply_citations` adds a CITES relationship for each reference to a paper of the graph,
counts the others on the citing paper (`references_outside`) and, when asked, adds the
cited papers as nodes (which entity timelines do not count: they are computed again).
Sources register by name in SOURCES.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from ..graph import KnowledgeGraph
from ..ingest.api_shapes import doi_of
from ..ingest.fields import arxiv_id_of
from ..link import set_timelines
from ..progress import Progress
from .http import HttpClient

ARXIV_DOI_PREFIX = "10.48550/arxiv."


def arxiv_of_doi(doi: str | None) -> str | None:
    """arXiv's own DOIs (10.48550/arXiv.2401.12345) carry the arXiv id."""
    return arxiv_id_of(doi[len(ARXIV_DOI_PREFIX):]) if doi and doi.startswith(ARXIV_DOI_PREFIX) else None


@dataclass(frozen=True)
class PaperKey:
    """A paper of the graph, by the identifiers the sources know."""

    node_id: str
    arxiv_id: str | None
    doi: str | None


@dataclass(frozen=True)
class Work:
    """A paper as a source describes it (only `key` is always known)."""

    key: str  # the source's own id (OpenAlex W..., Semantic Scholar paperId)
    arxiv_id: str | None = None
    doi: str | None = None
    title: str | None = None
    abstract: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class Reference:
    citing: str  # node id of the citing paper of the graph
    cited: Work
    contexts: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()


@dataclass
class SourceResult:
    references: list[Reference] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # source key of a graph paper -> node id
    looked_up: int = 0
    not_found: list[str] = field(default_factory=list)  # node ids the source does not know
    found: set[str] = field(default_factory=set)  # node ids whose references were read

    def each_found(self, papers: Sequence[PaperKey], lookup: Callable[[PaperKey], object | None],
                   progress: Progress, stage: str) -> Iterator[tuple[PaperKey, object]]:
        """Look each paper up (`lookup` gives None when the source does not know it), counting
        what was looked up, found and not found; yields the papers found with what was found."""
        progress.start(stage, len(papers))
        for paper in papers:
            self.looked_up += 1
            found = lookup(paper)
            progress.advance()
            if found is None:
                self.not_found.append(paper.node_id)
                continue
            self.found.add(paper.node_id)
            yield paper, found
        progress.finish()


@dataclass(frozen=True)
class Source:
    """A citation source: `fetch(client, papers, add_cited=, progress=)` -> SourceResult;
    `secrets()` gives the key and contact e-mail it sends (from the environment); `delay` is
    the seconds it asks between requests."""

    name: str
    fetch: Callable
    secrets: Callable
    delay: float = 0.0


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.name] = source
    return source


def paper_keys(kg: KnowledgeGraph) -> list[PaperKey]:
    """The graph's papers a source can look up: those with an arXiv id or a DOI."""
    keys = []
    for node_id, data in kg.nodes("Paper"):
        doi = doi_of(data.get("doi"))
        arxiv = data.get("arxiv_id") or arxiv_of_doi(doi)
        if (arxiv or doi) and not data.get("cited_only"):
            keys.append(PaperKey(node_id, arxiv, doi))
    return sorted(keys, key=lambda k: k.node_id)


@dataclass
class EnrichReport:
    source: str
    looked_up: int = 0
    not_found: int = 0
    cites: int = 0  # CITES relationships between papers of the graph
    outside: int = 0  # references to papers outside the graph
    added: int = 0  # cited papers added as nodes (--add-cited)


def _work_props(w: Work, source: str) -> dict:
    year = int(w.date[:4]) if w.date and w.date[:4].isdigit() else None
    return {"title": w.title, "abstract": w.abstract or "", "date": w.date, "year": year, "arxiv_id": w.arxiv_id,
            "doi": w.doi, "url": w.url, "authors": w.authors, "sources": [source], "cited_only": True}


def _cited_node_id(w: Work, source: str) -> str:
    return w.arxiv_id or (f"doi:{w.doi}" if w.doi else f"{source}:{w.key}")


def apply_citations(kg: KnowledgeGraph, result: SourceResult, source: str, add_cited: bool = False
                    ) -> EnrichReport:
    """Add the references of `result` to `kg` (CITES, references_outside, cited nodes)."""
    report = EnrichReport(source, result.looked_up, len(result.not_found))
    by_arxiv, by_doi = {}, {}
    for node_id, data in kg.nodes("Paper"):
        if data.get("arxiv_id"):
            by_arxiv.setdefault(data["arxiv_id"].lower(), node_id)
        if doi_of(data.get("doi")):
            by_doi.setdefault(doi_of(data["doi"]), node_id)
    outside: dict[str, set[str]] = {}
    inside: set[tuple[str, str]] = set()
    for ref in result.references:
        w = ref.cited
        target = (result.keys.get(w.key) or (w.arxiv_id and by_arxiv.get(w.arxiv_id.lower()))
                  or (w.doi and by_doi.get(w.doi)))
        if not target and add_cited and w.title:
            target = _cited_node_id(w, source)
            if target not in kg.g:
                kg.add_node("Paper", target, **_work_props(w, source))
                report.added += 1
                if w.arxiv_id:
                    by_arxiv.setdefault(w.arxiv_id.lower(), target)
                if w.doi:
                    by_doi.setdefault(w.doi, target)
        if not target or kg.g.nodes[target].get("cited_only"):
            outside.setdefault(ref.citing, set()).add(w.key)
        if not target or target == ref.citing:
            continue
        # `citation_source`, not `source`: node-link JSON uses "source" for an edge's start node
        kg.add_edge("CITES", ref.citing, target, citation_source=source, contexts=list(ref.contexts) or None,
                    intents=sorted(set(ref.intents)) or None)
        if not kg.g.nodes[target].get("cited_only"):
            inside.add((ref.citing, target))
    for node_id in result.found:
        count = len(outside.get(node_id, ()))
        kg.g.nodes[node_id].pop("references_outside", None)
        if count:
            kg.g.nodes[node_id]["references_outside"] = count
        report.outside += count
    report.cites = len(inside)
    set_timelines(kg)  # cited-only papers never count in an entity's first/last seen and months
    return report


def enrich(kg: KnowledgeGraph, source_name: str, client: HttpClient, add_cited: bool = False,
           progress: Progress | None = None) -> EnrichReport:
    """Fetch the references of the graph's papers from one source and add them to `kg`."""
    source = SOURCES[source_name]
    result = source.fetch(client, paper_keys(kg), add_cited=add_cited, progress=progress)
    return apply_citations(kg, result, source.name, add_cited)


def batches(items: Sequence, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
