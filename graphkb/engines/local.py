"""The engine interface, and the local engine: everything in this process (extraction and the
counting of the documents' terms in forked worker processes on big inputs)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..errors import GraphkbError
from ..extract import observe_corpus
from ..forked import can_fork, default_jobs, equal_shares, run_shares
from ..ingest import ErrorReport, read_inputs
from ..progress import Progress
from ..records import Paper, PaperRecord

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse


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


# text below which the documents' terms are counted in this process alone (about 1,000 papers'
# titles and abstracts: counting them takes a fraction of a second)
PARALLEL_COUNT_MIN_CHARS = 2_000_000


class LocalEngine(Engine):
    name = "local"

    def count_terms(self, docs: list[str], options: dict) -> tuple[sparse.csr_matrix, np.ndarray]:
        """`link.vectors.local_counts`, the shares of a big corpus counted in forked processes
        (one pass over each share's text, then merged: `count_share`, `shares_counted`)."""
        from ..link.vectors import count_share, local_counts, shares_counted  # scikit-learn: only for linking

        jobs = self.jobs or default_jobs()
        sizes = [len(d) for d in docs]
        if jobs < 2 or sum(sizes) < PARALLEL_COUNT_MIN_CHARS or not can_fork():
            return local_counts(docs, options)
        shares = run_shares(lambda start, stop: [count_share(docs[start:stop], options)], equal_shares(sizes, jobs))
        return shares_counted(list(shares), options)
