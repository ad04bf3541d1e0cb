#!/usr/bin/env python3
"""graph.parquet beside graph.json, in the same run: size, time to write, and time and peak memory
to load in a fresh process, as every command reading a build folder does.

    python benchmarks/graph_parquet.py OUT [--runs 2]

OUT is a build folder (or a graph.json). Both files are written again into a temporary folder
from the same graph, alternated `--runs` times (CPU seconds of this process); then each is loaded
by `KnowledgeGraph.load` in a fresh process, alternated, for wall and CPU seconds and the
process's peak memory. The machine's speed drifts within minutes: compare figures of one run.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphkb.export import EXPORTERS  # noqa: E402
from graphkb.graph import KnowledgeGraph  # noqa: E402

# The peak is the child's VmHWM: its ru_maxrss would start from this process's size at the fork
_LOAD = ("import re, sys, time\n"
         "t, c = time.perf_counter(), time.process_time()\n"
         "from graphkb.graph import KnowledgeGraph\n"
         "kg = KnowledgeGraph.load(sys.argv[1])\n"
         "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024\n"
         "print(time.perf_counter() - t, time.process_time() - c, peak, kg.g.number_of_edges())\n")


def load_in_fresh_process(path: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, relationships) of KnowledgeGraph.load(path) in a new interpreter
    (imports included: a command pays them)."""
    run = subprocess.run([sys.executable, "-c", _LOAD, str(path)], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    wall, cpu, peak, edges = run.stdout.split()
    return float(wall), float(cpu), float(peak), int(edges)


_STREAM = ("import re, sys, time\n"
           "t, c = time.perf_counter(), time.process_time()\n"
           "from pathlib import Path\n"
           "from graphkb.export import EXPORTERS\n"
           "EXPORTERS['json'].export_streamed(Path(sys.argv[1]), Path(sys.argv[2]))\n"
           "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024\n"
           "print(time.perf_counter() - t, time.process_time() - c, peak)\n")
_LOAD_AND_WRITE = _LOAD.replace("print(", "kg.save(sys.argv[2])\nprint(")


def json_from(path: Path, target: Path, streamed: bool) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of writing graph.json from `path` in a new interpreter: streamed from
    a graph.parquet, or by loading the graph and writing it."""
    run = subprocess.run([sys.executable, "-c", _STREAM if streamed else _LOAD_AND_WRITE, str(path), str(target)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    wall, cpu, peak = run.stdout.split()[:3]
    return float(wall), float(cpu), float(peak)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="A build folder or a graph.json.")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    source = args.out / "graph.json" if args.out.is_dir() else args.out
    started = time.perf_counter()
    kg = KnowledgeGraph.load(source)
    print(f"{source}: {kg.g.number_of_nodes():,} nodes, {kg.g.number_of_edges():,} relationships "
          f"(read in {time.perf_counter() - started:.1f} s)")
    with tempfile.TemporaryDirectory(dir=args.out if args.out.is_dir() else None) as folder:
        paths = {name: Path(folder) / EXPORTERS[name].filename for name in ("parquet", "json")}
        print(f"{'run':>4} {'file':<14} {'MB':>9} {'write cpu s':>12} {'load wall s':>12} {'load cpu s':>11} "
              f"{'load peak MB':>13}")
        for run in range(1, args.runs + 1):
            written = {}
            for name, path in paths.items():
                before = time.process_time()
                EXPORTERS[name].export(kg, path)
                written[name] = time.process_time() - before
            for name, path in paths.items():
                wall, cpu, peak, edges = load_in_fresh_process(path)
                assert edges == kg.g.number_of_edges(), (name, edges)
                print(f"{run:>4} {path.name:<14} {path.stat().st_size / 1e6:>9,.1f} {written[name]:>12.1f} "
                      f"{wall:>12.1f} {cpu:>11.1f} {peak:>13,.0f}", flush=True)
        print("graph.json written anew in a fresh process: wall s, CPU s, peak MB")
        for run in range(1, args.runs + 1):
            for label, path, streamed in (("streamed from graph.parquet", paths["parquet"], True),
                                          ("loaded from graph.json, then written", paths["json"], False)):
                target = Path(folder) / "again.json"
                wall, cpu, peak = json_from(path, target, streamed)
                same = target.read_bytes() == paths["json"].read_bytes()
                print(f"{run:>4} {label:<38} {wall:>8.1f} {cpu:>8.1f} {peak:>8,.0f}  same bytes: {same}", flush=True)
    print(f"this process's peak: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
