"""Thematic similarity: each paper's top-k most similar papers, with the terms that explain it.

The score of two papers is the cosine of their joint vectors (wording, task
phrases, benchmarks; see vectors.py). Rows are compared a block at a time
against the whole sparse matrix, so memory grows with block x papers, never
papers x papers.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .vectors import PaperVectors


@dataclass(frozen=True)
class Similarity:
    source: str
    target: str
    score: float
    shared_terms: tuple[str, ...]


def _blocks(m: sparse.csr_matrix, block: int) -> Iterator[tuple[int, np.ndarray]]:
    """(first row, dense cosine scores of a block of rows against all rows), self excluded."""
    mt = m.T.tocsc()
    for start in range(0, m.shape[0], block):
        scores = (m[start:start + block] @ mt).toarray()
        rows = np.arange(scores.shape[0])
        scores[rows, rows + start] = -1.0
        yield start, scores


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the k largest scores of each row (unordered)."""
    k = min(k, scores.shape[1] - 1)
    return np.argpartition(-scores, k - 1, axis=1)[:, :k]


def _shared_terms(vectors: PaperVectors, i: int, j: int, n_terms: int) -> tuple[str, ...]:
    """The terms, task phrases and benchmarks that weigh most in both papers' vectors."""
    common = vectors.joint.getrow(i).multiply(vectors.joint.getrow(j)).tocoo()
    order = np.lexsort((common.col, -common.data))
    return tuple(dict.fromkeys(str(vectors.joint_terms[common.col[k]]) for k in order))[:n_terms]


def similar_pairs(vectors: PaperVectors, top_k: int = 5, threshold: float = 0.1, block: int = 512,
                  n_terms: int = 5) -> list[Similarity]:
    """Undirected pairs (source id < target id) where either paper has the other in its top-k
    with a cosine of at least `threshold`."""
    m = vectors.joint
    n = m.shape[0]
    if n < 2 or m.shape[1] == 0:
        return []
    best: dict[tuple[int, int], float] = {}
    for start, scores in _blocks(m, block):
        for r, cols in enumerate(_top(scores, top_k)):
            i = start + r
            for j in cols.tolist():
                s = float(scores[r, j])
                if s >= threshold:
                    pair = (i, j) if vectors.ids[i] < vectors.ids[j] else (j, i)
                    best[pair] = max(best.get(pair, 0.0), s)
    out = [Similarity(vectors.ids[i], vectors.ids[j], round(s, 4), _shared_terms(vectors, i, j, n_terms))
           for (i, j), s in best.items()]
    out.sort(key=lambda x: (x.source, x.target))
    return out
