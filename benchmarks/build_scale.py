#!/usr/bin/env python3
"""How `graphkb build` scales: time and peak memory of each stage on a generated corpus.

    python benchmarks/build_scale.py [--papers 20000] [--eval-dir ../shared/eval]

The corpus is made of real abstract sentences (the eval sets' dev splits) drawn at
random, seven per paper, under real titles: the words and names are real, but every
paper mixes several fields, so it shares far more methods with far more papers than a
real corpus does. The figures are an upper bound on the graph's density, not a forecast.
The build runs as the command does, in a fresh process, with every view.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(eval_dir: Path, n_papers: int, path: Path, seed: int = 1) -> None:
    rows = []
    for name in ("inspec", "semeval2017", "scirex"):
        with open(eval_dir / f"{name}-dev.jsonl", encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    sentences = [s for r in rows for s in re.split(r"(?<=\.)\s+", r.get("abstract") or "") if len(s) > 20]
    titles = [r["title"] for r in rows if r.get("title")]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n_papers):
            record = {"id": f"p{i}", "title": f"{rng.choice(titles)} ({i})",
                      "abstract": " ".join(rng.sample(sentences, 7))}
            fh.write(json.dumps(record) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=20_000)
    ap.add_argument("--eval-dir", type=Path, default=Path(os.environ.get(
        "GRAPHKB_EVAL_DIR", ROOT.parent / "shared" / "eval")))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="graphkb-scale-"))
    corpus = tmp / "papers.jsonl"
    make_corpus(args.eval_dir, args.papers, corpus)
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "graphkb", "build", str(corpus), "-o", str(tmp / "out")],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - t
    if run.returncode:
        sys.exit(run.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    counts = re.search(r"^Nodes: ([\d,]+).*?^Relationships: ([\d,]+)", run.stdout, re.S | re.M)
    stages = re.search(r"^Done in .*$", run.stdout, re.M)
    print(f"{args.papers:,} papers -> {counts.group(1)} nodes, {counts.group(2)} relationships")
    print(f"wall {wall:.1f} s (with interpreter start-up and every view), peak memory {peak_mb:,.0f} MB")
    print(stages.group(0))
    for f in sorted((tmp / "out").iterdir()):
        print(f"  {f.name:<14} {f.stat().st_size / 1e6:8.1f} MB")
    print(f"(files in {tmp})")


if __name__ == "__main__":
    main()
