"""Per-paper extraction: methods, benchmarks, concepts, repositories and acronyms, with evidence.

`extract_corpus` runs every extractor over a corpus; extractors that need
corpus statistics (entity typing, key phrase rarity) see all papers at once.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..progress import NoProgress, Progress
from ..records import Paper, PaperExtraction
from .concepts import ConceptExtractor
from .entities import EntityExtractor
from .prepared import prepare
from .repositories import find_repositories
from .tasks import task_phrases


def extract_corpus(papers: Sequence[Paper], concepts_per_paper: int = 15,
                   progress: Progress | None = None) -> list[PaperExtraction]:
    """One PaperExtraction per paper, in the order given.

    Progress: one stage of 2 x len(papers) steps (entities, then concepts).
    """
    progress = progress or NoProgress()
    progress.start("extracting", 2 * len(papers))
    prepared = [prepare(p) for p in papers]
    entities = EntityExtractor().run(prepared, progress)
    concepts = ConceptExtractor(top_k=concepts_per_paper).run(prepared, progress)
    progress.finish()
    out = []
    for p, pp in zip(papers, prepared):
        methods, benchmarks, acronyms = entities[p.id]
        out.append(PaperExtraction(
            paper_id=p.id,
            title=p.title,
            methods=tuple(methods),
            benchmarks=tuple(benchmarks),
            concepts=tuple(concepts[p.id]),
            repositories=tuple(find_repositories(
                [ps.sentence for ps in pp.sentences if ps.field == "abstract"])),
            acronyms=tuple(acronyms),
            tasks=task_phrases(pp),
        ))
    return out


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
