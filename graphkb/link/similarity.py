"""Thematic similarity: each paper's top-k most similar papers, with the terms that explain it.

The score of two papers is the cosine of their joint vectors (wording, task
phrases, benchmarks; see vectors.py). Each paper's candidates come from one of
two searches: exact, rows compared a block at a time against the whole sparse
matrix (memory grows with block x papers, time with papers^2); or, on big corpora,
approximate, a nearest-neighbour graph built by NN-descent (pynndescent, the
`graphkb[scale]` extra) on the same sparse vectors, whose scores are the same
exact cosines, only a few true neighbours may be missed
(benchmarks/similarity_recall.py measures how many).
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..forked import can_fork, default_jobs
from .similarity_search import similarity_search
from .vectors import PaperVectors


@dataclass(frozen=True)
class Similarity:
    source: str
    target: str
    score: float
    shared_terms: tuple[str, ...]


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the k largest scores of each row (unordered)."""
    k = min(k, scores.shape[1] - 1)
    return np.argpartition(-scores, k - 1, axis=1)[:, :k]


def _shared_terms(vectors: PaperVectors, pairs: list[tuple[int, int]], n_terms: int
                  ) -> Iterator[tuple[str, ...]]:
    """For each pair, the terms, task phrases and benchmarks that weigh most in both papers'
    vectors. One sparse product for all pairs (row r: pair r's shared weights)."""
    if not pairs:
        return
    rows = np.fromiter((i for i, _ in pairs), dtype=np.intp, count=len(pairs))
    cols = np.fromiter((j for _, j in pairs), dtype=np.intp, count=len(pairs))
    common = sparse.csr_matrix(vectors.joint[rows].multiply(vectors.joint[cols]))
    terms = vectors.joint_terms
    for r in range(len(pairs)):
        lo, hi = common.indptr[r], common.indptr[r + 1]
        data, idx = common.data[lo:hi], common.indices[lo:hi]
        shared: dict[str, None] = {}  # the first n_terms distinct terms, weightiest first
        for k in np.lexsort((idx, -data)).tolist():
            shared[str(terms[idx[k]])] = None
            if len(shared) == n_terms:
                break
        yield tuple(shared)


# Scores held at once: a block of rows x all papers, as float64 (~100 MB).
BLOCK_CELLS = 12_500_000
# From this many papers up the exact search's blocks are scored in forked worker processes
# (below it, a fork costs more than it saves).
PARALLEL_MIN_PAPERS = 2_000

# What the workers read (set before they fork): the vectors, their transpose, k, the block size.
_search: tuple[sparse.csr_matrix, sparse.csc_matrix, int, int] | None = None


def _block_top(start: int) -> tuple[int, np.ndarray, np.ndarray]:
    """(first row, columns, cosines) of the top-k other rows of each row of the block at `start`."""
    m, mt, top_k, block = _search
    scores = (m[start:start + block] @ mt).toarray()
    rows = np.arange(scores.shape[0])
    scores[rows, rows + start] = -1.0  # not itself
    cols = _top(scores, top_k)
    return start, cols, np.take_along_axis(scores, cols, axis=1)


def _exact_neighbours(m: sparse.csr_matrix, top_k: int, block: int | None, jobs: int | None = None
                      ) -> Iterator[tuple[int, int, float]]:
    """(row, column, cosine) of each row's top-k other rows, by comparing blocks of rows with all.
    The blocks are the same whatever `jobs` is, so is what they give."""
    global _search
    block = block or max(16, min(512, BLOCK_CELLS // m.shape[0]))
    starts = range(0, m.shape[0], block)
    jobs = default_jobs() if jobs is None else jobs
    _search = (m, m.T.tocsc(), top_k, block)
    try:
        if jobs > 1 and m.shape[0] >= PARALLEL_MIN_PAPERS and can_fork():
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                yield from _block_pairs(pool.imap(_block_top, starts))
        else:
            yield from _block_pairs(map(_block_top, starts))
    finally:
        _search = None


def _block_pairs(blocks) -> Iterator[tuple[int, int, float]]:
    for start, cols, scores in blocks:
        for r, (row_cols, row_scores) in enumerate(zip(cols.tolist(), scores.tolist())):
            for j, score in zip(row_cols, row_scores):
                yield start + r, j, score


def _approximate_neighbours(m: sparse.csr_matrix, top_k: int) -> Iterator[tuple[int, int, float]]:
    """(row, column, cosine) of each row's top-k other rows as NN-descent finds them: the
    cosines are exact, a true neighbour may be missed. Seeded: the same graph every run."""
    from pynndescent import NNDescent

    k = min(top_k + 1, m.shape[0] - 1)  # each row finds itself first
    index = NNDescent(m, metric="cosine", n_neighbors=max(k, 15), random_state=0, low_memory=True,
                      compressed=True)
    neighbours, distances = index.neighbor_graph
    for i, (cols, dists) in enumerate(zip(neighbours.tolist(), distances.tolist())):
        found = [(j, 1.0 - d) for j, d in zip(cols, dists) if j != i and j >= 0]
        for j, score in found[:top_k]:
            yield i, j, score


def similar_pairs(vectors: PaperVectors, top_k: int = 5, threshold: float = 0.1, block: int | None = None,
                  n_terms: int = 5, search: str = "auto", jobs: int | None = None) -> list[Similarity]:
    """Undirected pairs (source id < target id) where either paper has the other in its top-k
    with a cosine of at least `threshold`. `block`: rows scored at a time by the exact search
    (default: as many as fit in BLOCK_CELLS, at most 512). `search`: "exact", "approximate",
    or "auto" (approximate from APPROXIMATE_FROM papers on, when pynndescent is installed).
    `jobs`: processes for the exact search on big corpora (default: all CPUs; the same result)."""
    m = vectors.joint
    n = m.shape[0]
    if n < 2 or m.shape[1] == 0:
        return []
    search = similarity_search(search, n).name
    found = _approximate_neighbours(m.tocsr(), top_k) if search == "approximate" \
        else _exact_neighbours(m, top_k, block, jobs)
    best: dict[tuple[int, int], float] = {}
    for i, j, s in found:
        if s >= threshold:
            pair = (i, j) if vectors.ids[i] < vectors.ids[j] else (j, i)
            best[pair] = max(best.get(pair, 0.0), s)
    pairs = list(best)
    out = [Similarity(vectors.ids[i], vectors.ids[j], round(best[i, j], 4), shared)
           for (i, j), shared in zip(pairs, _shared_terms(vectors, pairs, n_terms))]
    out.sort(key=lambda x: (x.source, x.target))
    return out
