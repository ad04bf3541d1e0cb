"""Engines: the dask engine builds the same graph as the local one; its errors are one line."""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from cli_support import run

from graphkb.build import read_papers
from graphkb.engines import dask_engine
from graphkb.link import vectors
from graphkb.link.vectors import paper_text


def _graph_and_counts(out):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return (out / "graph.json").read_bytes(), manifest["counts"], manifest["options"]["engine"]


@pytest.fixture(scope="module")
def scheduler():
    """A two-worker LocalCluster (worker processes, as on a real cluster) for the module's tests."""
    import distributed  # in the test extra: CI runs these tests, never skips them

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=40) as cluster:
        yield cluster.scheduler_address


def test_dask_engine_builds_the_same_graph_as_the_local_engine(samples_dir, scheduler, tmp_path):
    # the sample pages, and a file with a bad record and a duplicate id, skipped and reported in order
    extra = tmp_path / "inputs" / "extra.jsonl"
    extra.parent.mkdir()
    extra.write_text('{"id": "x1", "title": "Sparse Mixtures of LoRA Experts", "abstract": "We propose MoLE."}\n'
                     'not json\n'
                     '{"id": "x1", "title": "Another Paper", "abstract": "Something else entirely."}\n')
    common = [samples_dir, extra.parent, "--on-error", "skip", "--no-views"]
    local = run("build", *common, "-o", tmp_path / "local", "-q")
    dask = run("build", *common, "-o", tmp_path / "dask", "-q", "--engine", "dask", "--scheduler", scheduler)
    assert local.exit_code == 0 and dask.exit_code == 0, (local.output, dask.output)
    assert dask.stderr == local.stderr and "extra.jsonl:2" in local.stderr  # the same records skipped
    graph, counts, engine = _graph_and_counts(tmp_path / "local")
    assert engine == "local" and counts["papers"] > 200
    assert _graph_and_counts(tmp_path / "dask") == (graph, counts, "dask")


def test_dask_engine_starts_a_local_cluster_by_default(tmp_path, seed_papers):
    papers = tmp_path / "papers.jsonl"
    papers.write_text("".join(json.dumps({"id": f"p{i}", "title": t, "abstract": a}) + "\n"
                              for i, (t, a) in enumerate(seed_papers)))
    local = run("build", papers, "-o", tmp_path / "local", "-q")
    dask = run("build", papers, "-o", tmp_path / "dask", "-q", "--engine", "dask", "-j", "1")
    assert local.exit_code == 0 and dask.exit_code == 0, dask.output
    assert _graph_and_counts(tmp_path / "dask")[:2] == _graph_and_counts(tmp_path / "local")[:2]


def test_terms_counted_in_partitions_give_the_same_vectors(samples_dir):
    """What the dask engine's workers count, put together, is CountVectorizer's matrix bit for bit
    (entries stored in the same order, so every later sum rounds the same)."""
    papers, _ = read_papers([samples_dir])
    docs = [paper_text(p) for p in papers]

    def in_partitions(docs, options):
        parts = [docs[i:i + 37] for i in range(0, len(docs), 37)]
        return vectors.shares_counted([vectors.count_share(p, options) for p in parts], options)

    local = vectors.vectorize(papers)
    parted = vectors.vectorize(papers, count_terms=in_partitions)
    assert list(parted.terms) == list(local.terms)
    for a, b in ((local.text, parted.text), (local.joint, parted.joint)):
        assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
        assert a.data.dtype == b.data.dtype and np.array_equal(a.data, b.data)
    # a corpus with nothing to count is refused the same way
    with pytest.raises(ValueError):
        in_partitions(["a", "b"], {"token_pattern": r"\b\w\w+\b"})
    assert docs


def test_terms_counted_in_forked_shares_give_the_same_vectors(samples_dir, monkeypatch):
    """The local engine counts a big corpus's terms in forked shares, each in one pass; put
    together they are CountVectorizer's matrices bit for bit, side blocks (binary, as cased)
    included, whatever the shares."""
    from graphkb.engines import local
    from graphkb.extract import extract_corpus

    papers, _ = read_papers([samples_dir])
    extractions = extract_corpus(papers, jobs=1)
    monkeypatch.setattr(local, "PARALLEL_COUNT_MIN_CHARS", 0)  # as if the samples were big
    whole = vectors.vectorize(papers, extractions)
    for jobs in (2, 3):
        shared = vectors.vectorize(papers, extractions, count_terms=local.LocalEngine(jobs=jobs).count_terms)
        assert list(shared.terms) == list(whole.terms) and list(shared.joint_terms) == list(whole.joint_terms)
        for a, b in ((whole.text, shared.text), (whole.joint, shared.joint)):
            assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            assert a.data.dtype == b.data.dtype and np.array_equal(a.data, b.data)
    # shares with no documents, or only empty ones, count for nothing
    docs = [paper_text(p) for p in papers]
    options = {"ngram_range": (1, 2), "min_df": 2, "max_df": 0.5}
    counts, terms = vectors.local_counts(docs + ["", ""], options)
    shares = [vectors.count_share(d, options) for d in ([], docs[:100], ["", ""][:0], docs[100:], ["", ""])]
    counted, counted_terms = vectors.shares_counted(shares, options)
    assert list(counted_terms) == list(terms) and counted.shape == counts.shape
    assert np.array_equal(counted.indices, counts.indices) and np.array_equal(counted.data, counts.data)
    binary = {"binary": True, "token_pattern": r"\S+", "lowercase": False}
    names = ["GSM8K GSM8K MATH", "MATH", "HumanEval MATH MATH", "GSM8K"]
    expected = vectors.local_counts(names, binary)
    counted = vectors.shares_counted([vectors.count_share(names[:1], binary), vectors.count_share(names[1:], binary)],
                                     binary)
    assert list(counted[1]) == list(expected[1]) and (counted[0] != expected[0]).nnz == 0
    assert counted[0].max() == 1
    with pytest.raises(ValueError):  # nothing to count is refused as CountVectorizer refuses it
        vectors.shares_counted([vectors.count_share(["a", "b"], {"token_pattern": r"\b\w\w+\b"})], {})


def test_missing_dask_is_one_line_naming_the_extra(tmp_path, samples_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = run("build", samples_dir, "-o", tmp_path / "out", "--engine", "dask")
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "pip install graphkb[dask]" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "not-a-scheduler:://"])
def test_bad_scheduler_address_is_one_line_naming_it(tmp_path, samples_dir, monkeypatch, address):
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "2s")
    result = run("build", samples_dir, "-o", tmp_path / "out", "--engine", "dask", "--scheduler", address)
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and address in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_scheduler_needs_the_dask_engine(tmp_path, samples_dir):
    result = run("build", samples_dir, "-o", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 1 and "--engine dask" in result.stderr
