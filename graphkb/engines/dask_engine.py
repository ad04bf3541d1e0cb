"""The dask engine: input files, papers and documents in Dask partitions (dask.distributed).

    graphkb build INPUT... -o OUT --engine dask [--scheduler tcp://HOST:8786]

Without a scheduler, a LocalCluster of `jobs` worker processes (default: the CPUs) is started
and closed with the build. With one, its workers must have graphkb (the same version)
installed; they need no access to the inputs: this process reads each file's bytes and sends
them (it hashes them for the manifest anyway). What runs on the workers:

- reading: one task per input file (decode, parse, check each record), a few files in flight;
- extraction's per-paper step: one task per batch of papers (`extract.observe_batch`);
- vectorisation: per partition of the documents, their terms' document frequencies, then
  (with the vocabulary the client keeps from them) their term counts (link/vectors.py).

Everything else (merging duplicates, the corpus-level decisions, linking, writing) runs in
this process, on the same values as the local engine: the graph is the same.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GraphkbError, InputError
from ..extract import observe_batch
from ..forked import default_jobs
from ..ingest import ErrorReport, read_bytes, read_file
from ..records import Paper, PaperRecord
from . import register
from .local import Engine

if TYPE_CHECKING:  # NumPy, SciPy and the vectors' scikit-learn load only when this engine counts terms
    import numpy as np
    from scipy import sparse

WORKER_WAIT = 30  # seconds to wait for a worker to join a scheduler that has none
CONNECT_TIMEOUT = "10s"
MAX_BATCH = 500  # papers per extraction task at most
MAX_DOCS = 5_000  # documents per vectorisation task at most


def _read_one(data: bytes, path: str, name: str, fmt: str | None) -> tuple[list[PaperRecord], list[InputError]]:
    """On a worker: one input file's records and its bad records."""
    errors = ErrorReport(skip=True)
    return read_file(Path(path), name, errors, fmt, data=data), errors.skipped


def _worker_version() -> str:
    import graphkb

    return graphkb.__version__


class DaskEngine(Engine):
    name = "dask"

    def __init__(self, jobs: int | None = None, scheduler: str | None = None):
        try:
            import distributed
        except ImportError:
            raise GraphkbError("the dask engine needs dask.distributed: pip install graphkb[dask]") from None
        from .. import __version__

        self.jobs, self.scheduler, self.cluster = jobs, scheduler, None
        for name in ("distributed", "tornado"):  # their start-up and shut-down chatter is not ours
            logging.getLogger(name).setLevel(logging.ERROR)
        if scheduler:
            try:
                self.client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError, ValueError, TypeError) as e:
                reason = (str(e).splitlines() or [type(e).__name__])[0]
                raise GraphkbError(f"cannot connect to the Dask scheduler at {scheduler!r}: {reason}") from None
            try:
                self.client.wait_for_workers(1, timeout=WORKER_WAIT)
                versions = self.client.run(_worker_version)
            except (OSError, TimeoutError) as e:
                self.close()
                raise GraphkbError(f"no Dask worker joined the scheduler at {scheduler!r} within "
                                   f"{WORKER_WAIT} s ({type(e).__name__})") from None
            except Exception as e:  # noqa: BLE001  (a worker without graphkb fails to run the check)
                self.close()
                raise GraphkbError(f"the workers of {scheduler!r} cannot run graphkb (install graphkb "
                                   f"{__version__} on them): {str(e).splitlines()[0] if str(e) else e!r}") from None
            other = {w: v for w, v in versions.items() if v != __version__}
            if other:
                self.close()
                raise GraphkbError(f"the workers of {scheduler!r} have another graphkb than this one "
                                   f"({__version__}): " + ", ".join(f"{w} {v}" for w, v in sorted(other.items())))
        else:
            self.cluster = distributed.LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1,
                                                    processes=True, dashboard_address=":0",
                                                    silence_logs=logging.ERROR)
            self.client = distributed.Client(self.cluster, set_as_default=False)
        self.workers = max(1, len(self.client.nthreads()))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def _partitions(self, items: list, most: int) -> list[list]:
        """Contiguous partitions: about four per worker, at most `most` items each."""
        size = max(1, min(most, -(-len(items) // (self.workers * 4))))
        return [items[i:i + size] for i in range(0, len(items), size)]

    def map_files(self, files: list[tuple[Path, str]], fmt: str | None
                  ) -> Iterator[tuple[list[PaperRecord], list[InputError]]]:
        """Each file read here, sent, parsed on a worker; results in file order, a few files in flight."""
        window = self.workers * 2
        pending: list = []
        for path, name in files:
            try:
                data = read_bytes(path, name)
            except InputError as e:
                pending.append(([], [e]))
            else:
                pending.append(self.client.submit(_read_one, data, str(path), name, fmt, pure=False))
            while len(pending) > window:
                yield _result(pending.pop(0))
        for item in pending:
            yield _result(item)

    def map_batches(self, papers: list[Paper], concepts_per_paper: int) -> Iterator[list[tuple]]:
        parts = self._partitions(papers, MAX_BATCH)
        futures = [self.client.submit(observe_batch, f, concepts_per_paper, pure=False)
                   for f in self.client.scatter(parts, hash=False)]
        for future in futures:
            yield future.result()

    def count_terms(self, docs: list[str], options: dict) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Each partition's text read once on a worker (`count_share`), merged here (`shares_counted`)."""
        from ..link.vectors import count_share, shares_counted

        parts = self.client.scatter(self._partitions(docs, MAX_DOCS), hash=False)
        shares = [self.client.submit(count_share, p, options, pure=False) for p in parts]
        return shares_counted([share.result() for share in shares], options)


# Data is scattered with hash=False, and tasks submitted with pure=False, throughout: a key made
# from the content would be shared by equal partitions (two of empty side documents) and by
# the same data scattered again while its earlier future is being released, and the scheduler
# then drops it ("lost dependencies").


def _result(item):
    return item if isinstance(item, tuple) else item.result()


register("dask", DaskEngine)
