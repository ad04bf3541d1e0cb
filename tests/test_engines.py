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
        vocabulary = vectors.vocabulary_of([vectors.doc_frequencies(p, options) for p in parts], len(docs), options)
        return vectors.stack_counts([vectors.count_documents(p, vocabulary, options) for p in parts], vocabulary)

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
