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


# Pairs whose shared terms are found at a time: the rows of both papers and their product, for
# 10,000 pairs, take some tens of MB (all 70,000 pairs of 20,000 papers at once took 0.5 GB).
SHARED_TERMS_PAIRS = 10_000


def _shared_terms(vectors: PaperVectors, pairs: list[tuple[int, int]], n_terms: int
                  ) -> Iterator[tuple[str, ...]]:
    """For each pair, the terms, task phrases and benchmarks that weigh most in both papers'
    vectors. One sparse product per chunk of pairs (row r: pair r's shared weights)."""
    terms = vectors.joint_terms
    for start in range(0, len(pairs), SHARED_TERMS_PAIRS):
        chunk = pairs[start:start + SHARED_TERMS_PAIRS]
        rows = np.fromiter((i for i, _ in chunk), dtype=np.intp, count=len(chunk))
        cols = np.fromiter((j for _, j in chunk), dtype=np.intp, count=len(chunk))
        common = sparse.csr_matrix(vectors.joint[rows].multiply(vectors.joint[cols]))
        for r in range(len(chunk)):
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


def block_rows(n: int) -> int:
    """Rows scored at a time against all `n`: as many as fit in BLOCK_CELLS, 16 to 512."""
    return max(16, min(512, BLOCK_CELLS // max(n, 1)))

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


def _exact_neighbours(m: sparse.csr_matrix, k: int, block: int | None, jobs: int | None = None) -> Neighbours:
    """Each row's k nearest other rows, by comparing blocks of rows with all. The blocks are
    the same whatever `jobs` is, so is what they give."""
    global _search
    n = m.shape[0]
    block = block or block_rows(n)
    starts = range(0, n, block)
    jobs = default_jobs() if jobs is None else jobs
    empty = Neighbours.none(n, k)
    rows, scores = empty.rows, empty.scores
    _search = (m, m.T.tocsc(), k, block)
    try:
        if jobs > 1 and n >= PARALLEL_MIN_PAPERS and can_fork():
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                blocks = list(pool.imap(_block_top, starts))
        else:
            blocks = map(_block_top, starts)
        for start, cols, found in blocks:
            rows[start:start + len(cols), :cols.shape[1]] = cols
            scores[start:start + len(cols), :cols.shape[1]] = found
    finally:
        _search = None
    return Neighbours(*best_first(rows, scores, k))


# How many neighbours NN-descent keeps for each row while it searches (at least k + 1). More find a
# few more true neighbours, slower: at 100,000 papers 15 took 42 s with recall@5 0.9975 (with ties), 10
# took 31-33 s with 0.9947 (the same run, alternated; numba's compilation apart).
NN_DESCENT_NEIGHBOURS = 10


def _approximate_neighbours(m: sparse.csr_matrix, k: int) -> Neighbours:
    """Each row's k nearest other rows as NN-descent finds them: the cosines are exact, a true
    neighbour may be missed. Seeded: the same graph every run."""
    from pynndescent import NNDescent

    n = m.shape[0]
    wanted = min(k + 1, n - 1)  # each row finds itself first
    index = NNDescent(m, metric="cosine", n_neighbors=max(wanted, NN_DESCENT_NEIGHBOURS), random_state=0,
                      low_memory=True, compressed=True)
    found, distances = index.neighbor_graph
    found = found.astype(np.int64)
    others = (found != np.arange(n)[:, None]) & (found >= 0)
    # each row's first k others, in NN-descent's order (nearest first)
    rank = np.cumsum(others, axis=1) - 1
    keep = others & (rank < k)
    empty = Neighbours.none(n, k)
    rows, scores = empty.rows, empty.scores
    at = np.nonzero(keep)
    rows[at[0], rank[keep]] = found[keep]
    scores[at[0], rank[keep]] = 1.0 - distances[keep].astype(np.float64)
    return Neighbours(*best_first(rows, scores, k))


@dataclass(frozen=True)
class Neighbours:
    """Each paper's nearest other papers, best first: row i of `rows` holds row numbers (-1: none)
    and the same row of `scores` their cosines (-inf where there is none)."""

    rows: np.ndarray  # int64, papers x k
    scores: np.ndarray  # float64, papers x k

    @classmethod
    def none(cls, n: int, k: int) -> Neighbours:
        return cls(np.full((n, k), -1, dtype=np.int64), np.full((n, k), -np.inf))


def best_first(rows: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Of each row's candidates (row numbers, -1 for none, and scores), the k best, best first
    (equal scores by row number)."""
    scores = np.where(rows >= 0, scores, -np.inf)
    if rows.shape[1] < k:  # fewer candidates than places (a tiny corpus): the rest stay empty
        missing = (rows.shape[0], k - rows.shape[1])
        rows = np.hstack([rows, np.full(missing, -1, dtype=rows.dtype)])
        scores = np.hstack([scores, np.full(missing, -np.inf)])
    elif rows.shape[1] > k:
        keep = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        rows, scores = np.take_along_axis(rows, keep, axis=1), np.take_along_axis(scores, keep, axis=1)
    order = np.lexsort((np.where(rows >= 0, rows, np.iinfo(np.int64).max), -scores), axis=1)
    rows, scores = np.take_along_axis(rows, order, axis=1), np.take_along_axis(scores, order, axis=1)
    return np.where(np.isfinite(scores), rows, -1), scores


def nearest(vectors: PaperVectors, k: int, search: str = "auto", block: int | None = None,
            jobs: int | None = None) -> Neighbours:
    """Each paper's k nearest other papers by the cosine of their joint vectors. `block`: rows
    scored at a time by the exact search (default: as many as fit in BLOCK_CELLS, at most 512).
    `search`: "exact", "approximate", or "auto" (approximate from APPROXIMATE_FROM papers on,
    when pynndescent is installed). `jobs`: processes for the exact search on big corpora
    (default: all CPUs; the same result)."""
    m = vectors.joint
    n = m.shape[0]
    if n < 2 or m.shape[1] == 0:
        return Neighbours.none(n, k)
    if similarity_search(search, n).name == "approximate":
        return _approximate_neighbours(m.tocsr(), k)
    return _exact_neighbours(m, k, block, jobs)


def similarity_of(vectors: PaperVectors, neighbours: Neighbours, top_k: int = 5, threshold: float = 0.1,
                  n_terms: int = 5) -> list[Similarity]:
    """Undirected pairs (source id < target id) where either paper has the other among its
    top_k neighbours with a cosine of at least `threshold`, with the terms they share most."""
    best: dict[tuple[int, int], float] = {}
    ids = vectors.ids
    for i, (row, scores) in enumerate(zip(neighbours.rows[:, :top_k].tolist(),
                                          neighbours.scores[:, :top_k].tolist())):
        for j, s in zip(row, scores):
            if j >= 0 and s >= threshold:
                pair = (i, j) if ids[i] < ids[j] else (j, i)
                best[pair] = max(best.get(pair, 0.0), s)
    pairs = list(best)
    out = [Similarity(ids[i], ids[j], round(best[i, j], 4), shared)
           for (i, j), shared in zip(pairs, _shared_terms(vectors, pairs, n_terms))]
    out.sort(key=lambda x: (x.source, x.target))
    return out


def similar_pairs(vectors: PaperVectors, top_k: int = 5, threshold: float = 0.1, block: int | None = None,
                  n_terms: int = 5, search: str = "auto", jobs: int | None = None) -> list[Similarity]:
    """SIMILAR_TO of a corpus: `similarity_of` each paper's top_k `nearest` (see there)."""
    return similarity_of(vectors, nearest(vectors, top_k, search, block, jobs), top_k, threshold, n_terms)
