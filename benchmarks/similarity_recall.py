#!/usr/bin/env python3
"""SIMILAR_TO on big corpora: the approximate neighbour search beside the exact one.

    .venv/bin/python benchmarks/similarity_recall.py [--papers 100000] [--sample 2000]
                                                    [--eval-dir ../shared/eval] [--tmp DIR]

On a generated field corpus (benchmarks/corpora.py), extracts and vectorises the papers as a
build does, then measures in the same run:

- the approximate search (`similar_pairs(search="approximate")`: NN-descent, pynndescent, on
  the papers' sparse joint vectors): its time for every paper, numba compilation
  included (a build pays it once per process);
- the exact search for a random sample of papers (each compared with every paper), and
  its time for all papers extrapolated from the sample (it grows with papers x papers:
  comparing the whole corpus at 100,000 papers takes too long for a benchmark run);
- recall@5 of the approximate search against the exact one on the sample, two ways: the
  share of the exact top 5 that the approximate search returns (strict), and the share of
  the approximate top 5 that is at least as similar as the exact 5th neighbour (with ties:
  generated corpora hold many papers with equal cosines, and which of them is "the" 5th is
  arbitrary, so the strict figure undercounts).

Needs the `scale` extra (pynndescent): `pip install -e '.[scale]'`.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpora  # noqa: E402

from graphkb.extract import extract_corpus  # noqa: E402
from graphkb.ingest import read_inputs  # noqa: E402
from graphkb.ingest.dedupe import merge_duplicates  # noqa: E402
from graphkb.link.similarity import _approximate_neighbours  # noqa: E402
from graphkb.link.vectors import vectorize  # noqa: E402

TOP_K = 5
THRESHOLD = 0.1  # the build's default similar_threshold


def exact_sample(m, sample: np.ndarray) -> tuple[dict[int, set[int]], dict[int, float], float]:
    """For each sampled row: its exact top-5 (cosine >= THRESHOLD), the 5th best cosine, and
    the seconds the sample took."""
    top, kth = {}, {}
    t = time.perf_counter()
    rows = m[sample]
    for start, scores in _blocks_of(rows, m, sample):
        order = np.argsort(-scores, axis=1, kind="stable")[:, :TOP_K]
        for r in range(scores.shape[0]):
            i = int(sample[start + r])
            top[i] = {int(j) for j in order[r] if scores[r, j] >= THRESHOLD}
            kth[i] = float(scores[r, order[r, -1]])
    return top, kth, time.perf_counter() - t


def _blocks_of(rows, m, sample: np.ndarray, block: int = 256):
    """(first sample index, cosines of a block of sampled rows against all rows, self excluded)."""
    mt = m.T.tocsc()
    for start in range(0, rows.shape[0], block):
        scores = (rows[start:start + block] @ mt).toarray()
        scores[np.arange(scores.shape[0]), sample[start:start + block]] = -1.0
        yield start, scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=2_000)
    ap.add_argument("--eval-dir", type=Path, default=corpora.EVAL_DIR)
    ap.add_argument("--tmp", type=Path, default=None, help="folder for the corpus (kept)")
    args = ap.parse_args()
    tmp = args.tmp or Path(tempfile.mkdtemp(prefix="graphkb-similarity-"))
    tmp.mkdir(parents=True, exist_ok=True)
    corpus = tmp / f"field-{args.papers}.jsonl"
    if not corpus.exists():
        corpora.write_corpus(corpora.field_corpus(args.eval_dir, args.papers), corpus)
    papers = merge_duplicates(read_inputs([corpus])).papers
    t = time.perf_counter()
    vectors = vectorize(papers, extract_corpus(papers))
    prepared = time.perf_counter() - t
    m = vectors.joint.tocsr()
    n = m.shape[0]
    sample = np.sort(np.random.default_rng(0).choice(n, size=min(args.sample, n), replace=False))
    exact, kth, exact_seconds = exact_sample(m, sample)
    t = time.perf_counter()
    approx: dict[int, list[tuple[int, float]]] = {}
    for i, j, s in _approximate_neighbours(m, TOP_K):
        approx.setdefault(i, []).append((j, s))
    approx_seconds = time.perf_counter() - t
    strict_hits = strict_total = tie_hits = tie_total = 0
    for i in sample.tolist():
        found = [(j, s) for j, s in approx.get(i, []) if s >= THRESHOLD]
        strict_total += len(exact[i])
        strict_hits += len(exact[i] & {j for j, _ in found})
        tie_total += len(found)
        tie_hits += sum(s >= kth[i] - 1e-6 for _, s in found)  # (NN-descent computes in float32)
    print(f"field corpus: {n:,} papers, joint vectors {m.shape[1]:,} columns, {m.nnz:,} non-zeros "
          f"(extraction and vectors {prepared:.0f} s)")
    print(f"{'search':<34}{'seconds':>10}")
    print(f"{'approximate (NN-descent), all':<34}{approx_seconds:>10.1f}")
    print(f"{'exact, extrapolated from sample':<34}{exact_seconds * n / len(sample):>10.1f}"
          f"   ({len(sample):,} papers in {exact_seconds:.1f} s)")
    print(f"recall@5 on the sample: strict {strict_hits / max(1, strict_total):.3f}, "
          f"with ties {tie_hits / max(1, tie_total):.3f}")
    print(f"(corpus in {tmp})")


if __name__ == "__main__":
    main()
