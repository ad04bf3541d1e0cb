"""The graphkb command on the real samples, and every input error it must report cleanly."""
import json
import os
import subprocess
import sys

import pytest
from cli_support import run
from click.testing import CliRunner

from graphkb.cli import main
from graphkb.schema import LABELS, REL_TYPES


@pytest.fixture(scope="module")
def built(tmp_path_factory, samples_dir):
    out = tmp_path_factory.mktemp("out")
    result = run("build", samples_dir, "-o", out)
    assert result.exit_code == 0, result.output
    return out, result


def test_build_summary_and_graph_json_contract(built):
    out, result = built
    assert "Read 270 records: 235 papers (35 duplicates merged, 0 skipped)" in result.stdout
    assert "Top methods:" in result.stdout and "Top benchmarks:" in result.stdout
    data = json.loads((out / "graph.json").read_text())
    assert data["directed"] is True and data["multigraph"] is True
    labels = {n["label"] for n in data["nodes"]}
    types = {e["type"] for e in data["edges"]}
    assert labels == set(LABELS) - {"Author"}  # the sample pages carry no authors
    assert types == set(REL_TYPES) - {"AUTHORED", "CITES"}  # CITES comes from `graphkb enrich citations`
    assert all(set(n) >= {"id", "label"} for n in data["nodes"])
    papers = [n for n in data["nodes"] if n["label"] == "Paper"]
    assert len(papers) == 235
    assert len({n["title"].lower() for n in papers}) == 235  # every paper exactly once
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])


def test_links_carry_evidence(built):
    out, _ = built
    data = json.loads((out / "graph.json").read_text())
    nodes = {n["id"]: n for n in data["nodes"]}
    for e in data["edges"]:
        if e["type"] in ("PROPOSES", "USES", "EVALUATED_ON"):
            ev = e["evidence"]
            paper = nodes[e["source"]]
            assert paper[ev["field"]][ev["start"]:ev["end"]] == ev["sentence"]
            assert ev["rule"] and 0 < e["confidence"] <= 1
        if e["type"] == "SIMILAR_TO":
            assert e["score"] >= 0.1 and e["shared_terms"]
        if e["type"] in ("SHARES_METHOD", "SHARES_BENCHMARK"):
            assert e["count"] == len(e["names"]) >= 1
        if e["type"] == "BUILDS_ON":
            assert e["via"]
    grpo = nodes["method:grpo"]
    assert grpo["name"] == "GRPO" and "Group Relative Policy Optimization" in grpo["aliases"]


def test_same_inputs_give_identical_graph_json(built, samples_dir, tmp_path):
    """Byte-identical output across processes (different hash seeds: no set order leaks
    through) and whatever the number of extraction workers."""
    out, _ = built
    for seed, jobs in (("1", "1"), ("2", "2")):
        proc = subprocess.run([sys.executable, "-m", "graphkb", "build", str(samples_dir), "-o",
                               str(tmp_path / seed), "-q", "--jobs", jobs],
                              env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert (tmp_path / seed / "graph.json").read_bytes() == (out / "graph.json").read_bytes()


def test_stats_and_export_json(built, tmp_path):
    out, _ = built
    result = run("stats", out)
    assert result.exit_code == 0 and "Paper" in result.stdout and "235" in result.stdout
    stats = json.loads(run("stats", out, "--json").stdout)
    assert stats["nodes"]["Paper"] == 235 and stats["relationships"]["SIMILAR_TO"] > 0
    assert stats["top_benchmarks"][0][1] >= stats["top_benchmarks"][-1][1]
    result = run("export", "json", out, "-o", tmp_path / "copy.json")
    assert result.exit_code == 0
    assert json.loads((tmp_path / "copy.json").read_text()) == json.loads((out / "graph.json").read_text())


def test_extract_writes_one_line_per_paper_with_input_ids(tmp_path, seed_papers):
    src = tmp_path / "papers.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"W{i}", "title": t, "abstract": a})
                             for i, (t, a) in enumerate(seed_papers)) + "\n")
    result = run("extract", src, "-o", tmp_path / "entities.jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "entities.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [f"W{i}" for i in range(len(seed_papers))]
    assert "Mobile-R1" in [m["name"] for m in rows[0]["methods"]]
    assert rows[0]["concepts"] and rows[0]["repositories"]
    stdout = run("extract", src, "-q").stdout  # default: standard output
    assert [json.loads(line)["id"] for line in stdout.splitlines()] == [r["id"] for r in rows]


BAD_INPUTS = [
    ("bad.jsonl", '{"title": "A", "abstract": "x"}\n{"title": "B", oops}\n',
     "bad.jsonl:2: invalid JSON"),
    ("notitle.csv", "name,abstract\nA,b\n", "notitle.csv:1: no title column"),
    ("empty.json", "", "empty.json: empty file"),
    ("latin1.jsonl", b'{"title": "caf\xe9", "abstract": "x"}\n', "latin1.jsonl:1: not valid UTF-8"),
]


@pytest.mark.parametrize("name,content,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_one_line_error_no_traceback_no_partial_output(tmp_path, name, content, message):
    src = tmp_path / name
    src.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "graphkb", "build", str(src), "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {message}")
    assert not (out / "graph.json").exists()


def test_failed_build_leaves_an_earlier_graph_untouched(built, tmp_path):
    out, _ = built
    before = (out / "graph.json").read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    result = CliRunner().invoke(main, ["build", str(bad), "-o", str(out)])
    assert result.exit_code == 1 and "bad.jsonl:1: invalid JSON" in result.output
    assert (out / "graph.json").read_bytes() == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_skip_bad_records_reports_each_one(tmp_path, seed_papers):
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(json.dumps({"title": t, "abstract": a}) for t, a in seed_papers[:3])
                    + '\n{"abstract": "no title"}\nnot json\n')
    (tmp_path / "empty.csv").write_text("")
    result = run("build", good, tmp_path / "empty.csv", "-o", tmp_path / "out", "--on-error", "skip")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["skipped good.jsonl:4: record has no title",
                                          "skipped good.jsonl:5: invalid JSON: Expecting value (column 1)",
                                          "skipped empty.csv: empty file"]
    assert "Read 3 records: 3 papers (0 duplicates merged, 3 skipped)" in result.stdout
    assert (tmp_path / "out" / "graph.json").exists()


def test_missing_input_and_missing_graph(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "nope: no such file or folder" in result.output
    result = CliRunner().invoke(main, ["stats", str(tmp_path)])
    assert result.exit_code == 1 and "graph.json: not found" in result.output


def test_commands_start_without_the_heavy_libraries():
    """`graphkb extract`, `stats`, `query` ... must not pay for scikit-learn, SciPy, igraph or
    matplotlib at start-up (over a second, and every forked extraction worker carries them):
    only the build's linking, the HTML layout and the charts import them, when they run."""
    probe = ("import sys; import graphkb.cli; "
             "print(' '.join(m for m in ('sklearn', 'scipy', 'igraph', 'matplotlib', 'distributed') "
             "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""
