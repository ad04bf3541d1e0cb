"""Thematic similarity: each paper's top-k most similar papers by TF-IDF cosine.

Rows are compared a block at a time against the whole (sparse) matrix, so
memory grows with block x papers, never papers x papers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .vectors import PaperVectors


@dataclass(frozen=True)
class Similarity:
    source: str
    target: str
    score: float
    shared_terms: tuple[str, ...]


def _shared_terms(vectors: PaperVectors, i: int, j: int, n_terms: int) -> tuple[str, ...]:
    a, b = vectors.matrix.getrow(i), vectors.matrix.getrow(j)
    common = a.multiply(b).tocoo()
    if common.nnz == 0:
        return ()
    order = np.lexsort((common.col, -common.data))[:n_terms]
    return tuple(str(vectors.terms[common.col[k]]) for k in order)


def similar_pairs(vectors: PaperVectors, top_k: int = 5, threshold: float = 0.1,
                  block: int = 512, n_terms: int = 5) -> list[Similarity]:
    """Undirected pairs (source id < target id) where either paper has the other in its top-k."""
    m = vectors.matrix
    n = m.shape[0]
    best: dict[tuple[int, int], float] = {}
    if n < 2 or m.shape[1] == 0:
        return []
    mt = m.T.tocsc()
    for start in range(0, n, block):
        stop = min(n, start + block)
        scores = (m[start:stop] @ mt).toarray()
        for r in range(stop - start):
            i = start + r
            row = scores[r]
            row[i] = -1.0
            k = min(top_k, n - 1)
            candidates = np.argpartition(-row, k - 1)[:k] if k < n else np.arange(n)
            for j in candidates:
                s = float(row[j])
                if s >= threshold and j != i:
                    pair = (i, int(j)) if vectors.ids[i] < vectors.ids[j] else (int(j), i)
                    best[pair] = max(best.get(pair, 0.0), s)
    out = []
    for (i, j), s in best.items():
        out.append(Similarity(vectors.ids[i], vectors.ids[j], round(s, 4),
                              _shared_terms(vectors, i, j, n_terms)))
    out.sort(key=lambda x: (x.source, x.target))
    return out
