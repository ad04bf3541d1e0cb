"""Thematic similarity: each paper's top-k most similar papers, with the terms that explain it.

The score of two papers is the cosine of their joint vectors, refined by how
much their own nearest neighbours agree (the cosine of their top-`context_k`
neighbour profiles): two papers that the rest of the corpus places together
are more likely to be on the same subject than two that merely share words.
Rows are compared a block at a time against the whole sparse matrix, so
memory grows with block x papers, never papers x papers.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

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


def _neighbour_profiles(m: sparse.csr_matrix, k: int, block: int) -> sparse.csr_matrix:
    """Each paper's k nearest neighbours and their scores, as L2-normalised sparse rows."""
    rows, cols, vals = [], [], []
    for start, scores in _blocks(m, block):
        top = _top(scores, k)
        r = np.repeat(np.arange(start, start + scores.shape[0]), top.shape[1])
        v = np.take_along_axis(scores, top, axis=1).ravel()
        keep = v > 0
        rows.append(r[keep])
        cols.append(top.ravel()[keep])
        vals.append(v[keep])
    n = m.shape[0]
    profiles = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                                 shape=(n, n), dtype=np.float32)
    return normalize(profiles)


def _shared_terms(vectors: PaperVectors, i: int, j: int, n_terms: int) -> tuple[str, ...]:
    """The terms, task phrases and benchmarks that weigh most in both papers' vectors."""
    common = vectors.joint.getrow(i).multiply(vectors.joint.getrow(j)).tocoo()
    order = np.lexsort((common.col, -common.data))
    return tuple(dict.fromkeys(str(vectors.joint_terms[common.col[k]]) for k in order))[:n_terms]


def similar_pairs(vectors: PaperVectors, top_k: int = 5, threshold: float = 0.1,
                  context_k: int = 10, context_weight: float = 0.5, block: int = 512,
                  n_terms: int = 5) -> list[Similarity]:
    """Undirected pairs (source id < target id) where either paper has the other in its top-k.

    score = (cosine + context_weight x neighbour agreement) / (1 + context_weight), in [0, 1].
    Papers that share nothing at all (cosine 0) are never linked, whatever their neighbours.
    """
    m = vectors.joint
    n = m.shape[0]
    if n < 2 or m.shape[1] == 0:
        return []
    profiles = _neighbour_profiles(m, context_k, block)
    profiles_t = profiles.T.tocsc()
    best: dict[tuple[int, int], float] = {}
    for start, scores in _blocks(m, block):
        context = (profiles[start:start + scores.shape[0]] @ profiles_t).toarray()
        combined = (scores + context_weight * context) / (1.0 + context_weight)
        rows = np.arange(scores.shape[0])
        combined[rows, rows + start] = -1.0
        top = _top(combined, top_k)
        for r, cols in enumerate(top):
            i = start + r
            for j in cols.tolist():
                s = float(combined[r, j])
                if s >= threshold and scores[r, j] > 0:  # something shared, to explain the link
                    pair = (i, j) if vectors.ids[i] < vectors.ids[j] else (j, i)
                    best[pair] = max(best.get(pair, 0.0), s)
    out = [Similarity(vectors.ids[i], vectors.ids[j], round(s, 4), _shared_terms(vectors, i, j, n_terms))
           for (i, j), s in best.items()]
    out.sort(key=lambda x: (x.source, x.target))
    return out
