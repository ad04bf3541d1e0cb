"""NMF's multiplicative updates with threaded sparse products (graphkb/link/nmf.py) give the
numbers scikit-learn's solver gives, so the topics stay the ones it would fit."""
import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.decomposition import NMF

from graphkb.link.nmf import MIN_ROWS_PER_THREAD, RowBlocks, fitted_weights, multiplicative_updates


@pytest.fixture(scope="module")
def matrix():
    """Enough rows for two threads, some rows and columns empty, as in TF-IDF rows."""
    x = sparse.random(2 * MIN_ROWS_PER_THREAD + 300, 400, density=0.03, format="csr", random_state=3,
                      dtype=np.float64)
    x = x.tolil()
    x[:50] = 0
    x[:, :20] = 0
    return x.tocsr()


def _start(x, k=6):
    """scikit-learn's nndsvda start and first update."""
    model = NMF(k, init="nndsvda", solver="mu", random_state=0, max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit_transform(x), model.components_


@pytest.mark.parametrize("tol, threads", [(1e-4, 2), (0.0, 2), (1e-4, 1)])
def test_updates_give_scikit_learns_factors(matrix, tol, threads):
    w, h = _start(matrix)
    reference = NMF(w.shape[1], init="custom", solver="mu", max_iter=60, tol=tol)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w_ref = reference.fit_transform(matrix, W=w.copy(), H=h.copy())
    fit = multiplicative_updates(matrix, w, h, 60, tol, threads=threads)
    assert fit.iterations == reference.n_iter_ < 60 if tol else fit.iterations == 60
    np.testing.assert_allclose(fit.w, w_ref, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fit.h, reference.components_, rtol=1e-9, atol=1e-12)
    assert fit.error == pytest.approx(np.linalg.norm((matrix - fit.w @ fit.h).A), rel=1e-6)
    assert fit.error == pytest.approx(reference.reconstruction_err_, rel=1e-9)
    np.testing.assert_array_equal(w, _start(matrix)[0])  # the given factors are left as they were


def test_fitted_weights_are_scikit_learns_transform(matrix):
    w, h = _start(matrix)
    model = NMF(w.shape[1], init="custom", solver="mu", max_iter=200)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(matrix, W=w.copy(), H=h.copy())
        expected = model.transform(matrix)
    fit = fitted_weights(matrix, model.components_, 200, 1e-4, threads=2)
    np.testing.assert_allclose(fit.w, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(fit.h, model.components_)


@pytest.mark.parametrize("threads", [1, 2, 3, 64])
def test_row_blocks_multiply_as_the_whole_matrix(matrix, threads):
    from concurrent.futures import ThreadPoolExecutor

    blocks = RowBlocks(matrix, threads)
    assert 1 <= len(blocks.blocks) <= min(threads, matrix.shape[0] // MIN_ROWS_PER_THREAD)
    assert sum(b.shape[0] for b in blocks.blocks) == matrix.shape[0]
    dense = np.random.default_rng(0).random((matrix.shape[1], 5))
    with ThreadPoolExecutor(threads) as pool:
        product = blocks.dot(dense.T.copy().T, pool)  # a Fortran-ordered factor, as Hᵀ is
    np.testing.assert_allclose(product, matrix @ dense, rtol=1e-12)
    assert product.flags.c_contiguous
    if len(blocks.blocks) > 1:  # the blocks are the matrix's own values, not copies of them
        assert all(np.shares_memory(b.data, matrix.data) and np.shares_memory(b.indices, matrix.indices)
                   for b in blocks.blocks)
