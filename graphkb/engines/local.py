"""The engine interface, and the local engine: everything in this process (extraction in
forked worker processes on big inputs)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import GraphkbError
from ..extract import observe_corpus
from ..ingest import ErrorReport, read_inputs
from ..progress import Progress
from ..records import Paper, PaperRecord


class Engine:
    """Where a build's parallel work runs. The base class runs it here; an engine overrides
    the hooks it runs elsewhere (`map_files`, `map_batches`, `count_terms`), each giving what
    the local step gives, in the same order."""

    name = "local"
    map_files = None  # ingest.MapFiles: read input files elsewhere
    map_batches = None  # extract.MapBatches: observe papers elsewhere
    count_terms = None  # link.vectors.CountTerms: count documents' terms elsewhere

    def __init__(self, jobs: int | None = None, scheduler: str | None = None):
        if scheduler is not None:
            raise GraphkbError(f"the {self.name} engine takes no scheduler (--scheduler is for --engine dask)")
        self.jobs = jobs

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        pass

    def read(self, inputs: Sequence, fmt: str | None, report: ErrorReport) -> list[PaperRecord]:
        return read_inputs(inputs, fmt, report, map_files=self.map_files)

    def observe(self, papers: Sequence[Paper], progress: Progress | None,
                known: Mapping[str, tuple] | None) -> list[tuple]:
        return observe_corpus(papers, progress, self.jobs, known=known, map_batches=self.map_batches)

    def vector_options(self) -> dict:
        """Keyword arguments for link.vectors.vectorize."""
        return {} if self.count_terms is None else {"count_terms": self.count_terms}


class LocalEngine(Engine):
    name = "local"
