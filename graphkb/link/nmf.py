"""NMF's multiplicative updates (Frobenius loss) with fast sparse products.

The same updates and stopping rule as scikit-learn's `NMF(solver="mu")` (Lee and Seung),
which spends nearly all of a topic fit in two products of the sparse TF-IDF matrix X with a
dense factor: X·Hᵀ and Wᵀ·X, computed by scipy in one thread, Wᵀ·X through X's columns.
Here both run over blocks of rows in threads (scipy lets go of the GIL in them), Wᵀ·X as
(Xᵀ·W)ᵀ with Xᵀ stored by rows, and the stopping rule's error reuses the X·Hᵀ that the next
update needs; BLAS runs in one thread meanwhile. scikit-learn still makes the start (its
nndsvda initialisation) and the model that later papers are fitted to (`NMF.transform`).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from threadpoolctl import threadpool_limits

from ..forked import default_jobs

# what scikit-learn puts in place of a zero denominator
EPSILON = np.finfo(np.float32).eps
# rows below which a product runs in one thread (starting threads costs more than it saves)
MIN_ROWS_PER_THREAD = 2_000


class RowBlocks:
    """A CSR matrix cut into blocks of about equal non-zeros, multiplied by dense matrices in threads."""

    def __init__(self, matrix: sparse.csr_matrix, threads: int | None = None):
        threads = max(1, min(threads or default_jobs(), matrix.shape[0] // MIN_ROWS_PER_THREAD))
        cuts = np.searchsorted(matrix.indptr, np.linspace(0, matrix.nnz, threads + 1)[1:-1])
        bounds = [0, *sorted(set(cuts.tolist()) - {0, matrix.shape[0]}), matrix.shape[0]]
        self.blocks = [_rows(matrix, a, b) for a, b in zip(bounds, bounds[1:])] if len(bounds) > 2 else [matrix]
        self.shape = matrix.shape

    def dot(self, dense: np.ndarray, pool: ThreadPoolExecutor) -> np.ndarray:
        """matrix · dense, (rows × dense's columns), C-ordered."""
        dense = np.ascontiguousarray(dense)
        if len(self.blocks) == 1:
            return self.blocks[0] @ dense
        return np.vstack(list(pool.map(lambda block: block @ dense, self.blocks)))


def _rows(matrix: sparse.csr_matrix, start: int, stop: int) -> sparse.csr_matrix:
    """Rows start..stop of a CSR matrix, sharing its values and column indices: scipy's slicing and
    its constructor copy them, and a topic fit holds the blocks of X and of Xᵀ beside both (at
    100,000 papers each copy is about 200 MB)."""
    first, last = matrix.indptr[start], matrix.indptr[stop]
    block = sparse.csr_matrix((stop - start, matrix.shape[1]), dtype=matrix.dtype)
    block.data, block.indices = matrix.data[first:last], matrix.indices[first:last]
    block.indptr = (matrix.indptr[start:stop + 1] - first).astype(matrix.indices.dtype, copy=False)
    return block


def _error(norm_x: float, xht: np.ndarray, w: np.ndarray, h: np.ndarray) -> float:
    """‖X - WH‖ (Frobenius) without forming WH: ‖X‖² + tr(WᵀW·HHᵀ) - 2 tr(XHᵀ·Wᵀ)."""
    squared = norm_x + float(np.sum((w.T @ w) * (h @ h.T))) - 2.0 * float(np.sum(xht * w))
    return float(np.sqrt(max(squared, 0.0)))


@dataclass(frozen=True)
class Factors:
    """X ≈ W·H after the updates: the factors, the updates run, and ‖X - WH‖ (Frobenius)."""

    w: np.ndarray
    h: np.ndarray
    iterations: int
    error: float


def multiplicative_updates(x: sparse.csr_matrix, w: np.ndarray, h: np.ndarray, max_iter: int, tol: float,
                           update_h: bool = True, threads: int | None = None) -> Factors:
    """W (and H, with `update_h`) updated from the given factors as
    `NMF(solver="mu", init="custom", max_iter=max_iter, tol=tol)` updates them, to the same
    numbers: every 10 updates the fit stops once its error fell by less than `tol` of the
    error it started from. `threads`: for the products (default: the CPUs this process may use)."""
    x = sparse.csr_matrix(x, dtype=np.float64)
    w, h = np.array(w, dtype=np.float64), np.array(h, dtype=np.float64)
    rows = RowBlocks(x, threads)
    columns = RowBlocks(x.T.tocsr(), threads) if update_h else None
    norm_x = float(np.dot(x.data, x.data))
    n_iter = 0
    # the dense products are small; BLAS threads that wait spinning between them would take
    # the cores from the sparse products' threads (the updates of 10,000 papers: 20.5 s -> 13.4 s)
    with (ThreadPoolExecutor(max(len(rows.blocks), len(columns.blocks) if columns else 1)) as pool,
          threadpool_limits(limits=1, user_api="blas")):
        xht = rows.dot(h.T, pool)
        first = previous = _error(norm_x, xht, w, h)
        hht = h @ h.T
        for n_iter in range(1, max_iter + 1):
            if xht is None:
                xht = rows.dot(h.T, pool)
            numerator = xht if update_h else xht.copy()
            denominator = w @ hht
            denominator[denominator == 0] = EPSILON
            numerator /= denominator
            w *= numerator
            if update_h:
                numerator = columns.dot(w, pool).T
                denominator = np.linalg.multi_dot([w.T, w, h])
                denominator[denominator == 0] = EPSILON
                numerator /= denominator
                h *= numerator
                xht, hht = None, h @ h.T
            if tol > 0 and n_iter % 10 == 0:
                if xht is None:
                    xht = rows.dot(h.T, pool)
                error = _error(norm_x, xht, w, h)
                if (previous - error) / first < tol:
                    break
                previous = error
        if xht is None:
            xht = rows.dot(h.T, pool)
        return Factors(w, h, n_iter, _error(norm_x, xht, w, h))


def fitted_weights(x: sparse.csr_matrix, h: np.ndarray, max_iter: int, tol: float, threads: int | None = None
                   ) -> Factors:
    """The weights of rows `x` under fixed components `h`, as `NMF.transform` gives them (its
    multiplicative updates start from every weight equal)."""
    start = np.full((x.shape[0], h.shape[0]), np.sqrt(x.sum() / (x.shape[0] * x.shape[1]) / h.shape[0]))
    return multiplicative_updates(x, start, h, max_iter, tol, update_h=False, threads=threads)
