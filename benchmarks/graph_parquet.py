#!/usr/bin/env python3
"""graph.parquet beside graph.json, in the same run: size, time to write, and time and peak memory
to load in a fresh process, as every command reading a build folder does.

    python benchmarks/graph_parquet.py OUT [--runs 2] [--formats json rdf] [--skip-load]

OUT is a build folder (or a graph.json). Both files are written again into a temporary folder
from the same graph, alternated `--runs` times (CPU seconds of this process); then each is loaded
by `KnowledgeGraph.load` in a fresh process, alternated, for wall and CPU seconds and the
process's peak memory. Then the files of `--formats` are made anew in fresh processes, streamed
from graph.parquet and by loading the graph, alternated, with a same-bytes check. The machine's
speed drifts within minutes: compare figures of one run.
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


# One exporter's file made in a fresh process: streamed from graph.parquet, or the graph loaded
# (from the file given) and written
_EXPORT = ("import re, sys, time\n"
           "t, c = time.perf_counter(), time.process_time()\n"
           "from pathlib import Path\n"
           "from graphkb.export import EXPORTERS\n"
           "from graphkb.graph import KnowledgeGraph\n"
           "exporter, source, target = EXPORTERS[sys.argv[1]], Path(sys.argv[2]), Path(sys.argv[3])\n"
           "if sys.argv[4] == 'streamed':\n"
           "    exporter.export_streamed(source, target)\n"
           "else:\n"
           "    exporter.export(KnowledgeGraph.load(source), target)\n"
           "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024\n"
           "print(time.perf_counter() - t, time.process_time() - c, peak)\n")


def export_from(name: str, path: Path, target: Path, streamed: bool) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MB) of exporter `name` writing `target` from `path` in a new interpreter:
    streamed from a graph.parquet, or by loading the graph and writing it."""
    run = subprocess.run([sys.executable, "-c", _EXPORT, name, str(path), str(target),
                          "streamed" if streamed else "loaded"], capture_output=True, text=True, cwd=ROOT, check=True)
    wall, cpu, peak = run.stdout.split()[:3]
    return float(wall), float(cpu), float(peak)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="A build folder or a graph.json.")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--formats", nargs="+", default=["json"], choices=["json", "rdf", "graphml"],
                    help="Files made anew in fresh processes: graph.json (the peer loads graph.json), "
                         "graph.ttl, graph.graphml (the peer loads graph.parquet, as a command does for a big "
                         "graph).")
    ap.add_argument("--skip-load", action="store_true", help="Only the files made anew.")
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
        for run in range(1, 0 if args.skip_load else args.runs + 1):
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
        if args.skip_load:
            for name, path in paths.items():
                EXPORTERS[name].export(kg, path)
        del kg
        for name in args.formats:
            print(f"{EXPORTERS[name].filename} written anew in a fresh process: wall s, CPU s, peak MB")
            peer = ("loaded from graph.json, then written", paths["json"]) if name == "json" else \
                ("loaded from graph.parquet, then written", paths["parquet"])
            made = {}
            for run in range(1, args.runs + 1):
                for label, path, streamed in (("streamed from graph.parquet", paths["parquet"], True), (*peer, False)):
                    target = Path(folder) / f"{'streamed' if streamed else 'loaded'}-{EXPORTERS[name].filename}"
                    wall, cpu, peak = export_from(name, path, target, streamed)
                    made[streamed] = target
                    same = "" if name != "json" else \
                        f"  same bytes: {target.read_bytes() == paths['json'].read_bytes()}"
                    print(f"{run:>4} {label:<40} {wall:>8.1f} {cpu:>8.1f} {peak:>8,.0f}{same}", flush=True)
            if name != "json":
                print(f"     the two the same bytes: {made[True].read_bytes() == made[False].read_bytes()} "
                      f"({made[True].stat().st_size / 1e6:,.1f} MB)")
    print(f"this process's peak: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
