#!/usr/bin/env python3
"""Adding a day of papers: `graphkb update OUT DAY` beside a rebuild of everything, in the same run.

    python benchmarks/update_speed.py [--papers 10000] [--day 100] [--no-views] [--eval-dir ../shared/eval]

The corpus is build_scale.py's (real abstract sentences under real titles); the day's
papers are made the same way with other ids. Each command runs as a user runs it, in a
fresh process: first `graphkb build CORPUS -o BASE` (the setup, also timed), then
`graphkb update` on a copy of BASE and `graphkb build CORPUS DAY` into a new folder,
alternated `--runs` times. Prints wall times, peak memory and each command's own stages.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpora

ROOT = Path(__file__).resolve().parents[1]


# Runs the CLI and reports, at exit, the peak memory of its process and of its extraction workers.
_COMMAND = ("import atexit, resource, sys\n"
            "atexit.register(lambda: print('PEAK_KB', max(resource.getrusage(who).ru_maxrss for who in "
            "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)), file=sys.stderr))\n"
            "from graphkb.cli import run_command\nrun_command()")


def graphkb(*args: str) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MB) and stdout of one graphkb command in a fresh process."""
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", _COMMAND, *args], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - t
    if run.returncode:
        sys.exit(run.stderr)
    peak = int(re.search(r"PEAK_KB (\d+)", run.stderr).group(1)) / 1024
    return wall, peak, run.stdout


def stages(stdout: str) -> str:
    m = re.search(r"^Done in .*$", stdout, re.M)
    return m.group(0) if m else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--day", type=int, default=100)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-views", action="store_true", help="Build and update without the views.")
    ap.add_argument("--eval-dir", type=Path, default=corpora.EVAL_DIR)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="graphkb-update-"))
    corpus, day = tmp / "papers.jsonl", tmp / "day.jsonl"
    corpora.write_corpus(corpora.mixed_corpus(args.eval_dir, args.papers), corpus)
    corpora.write_corpus(corpora.mixed_corpus(args.eval_dir, args.day, seed=2), day)
    rows = [json.loads(line) for line in day.read_text(encoding="utf-8").splitlines()]
    day.write_text("".join(json.dumps({**r, "id": f"day-{r['id']}", "title": f"{r['title']} [day]"}) + "\n"
                           for r in rows), encoding="utf-8")
    views = ["--no-views"] if args.no_views else []
    wall, peak, out = graphkb("build", str(corpus), "-o", str(tmp / "base"), "-q", *views)
    print(f"setup: build of {args.papers:,} papers {wall:.1f} s, peak {peak:,.0f} MB"
          + (" (no views)" if views else " (with every view)"))
    for run in range(1, args.runs + 1):
        shutil.rmtree(tmp / "updated", ignore_errors=True)
        shutil.copytree(tmp / "base", tmp / "updated")
        u_wall, u_peak, u_out = graphkb("update", str(tmp / "updated"), str(day))
        shutil.rmtree(tmp / "rebuilt", ignore_errors=True)
        r_wall, r_peak, r_out = graphkb("build", str(corpus), str(day), "-o", str(tmp / "rebuilt"), *views)
        print(f"run {run}: update +{args.day} papers {u_wall:.1f} s (peak {u_peak:,.0f} MB) | "
              f"rebuild {r_wall:.1f} s (peak {r_peak:,.0f} MB) | rebuild / update = {r_wall / u_wall:.1f}x")
        print(f"  update:  {stages(u_out)}")
        print(f"  rebuild: {stages(r_out)}")
    state = tmp / "updated" / "build-state.pickle"
    print(f"build-state.pickle: {state.stat().st_size / 1e6:.1f} MB; graph.json: "
          f"{(tmp / 'updated' / 'graph.json').stat().st_size / 1e6:.1f} MB")
    print(f"(files in {tmp})")


if __name__ == "__main__":
    main()
