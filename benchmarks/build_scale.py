#!/usr/bin/env python3
"""How `graphkb build` scales: time, CPU, peak memory, stages and output size on generated
corpora, each beside a bare TF-IDF fit over the same titles and abstracts (the peer).

    python benchmarks/build_scale.py [--papers 10000 ...] [--generator field mixed]
                                     [--engine local dask] [--no-views] [--profile] [--density]

Generators (benchmarks/corpora.py): `field` (papers that stay in one field, names proposed
and reused over time, dates over 18 months) and `mixed` (seven random sentences of any field
per paper: far denser than a real corpus, an upper bound). Every run is a fresh process,
as the command runs: `wall` includes the interpreter's start-up; `cpu` is user + system time
of the process and its workers (on a shared machine, wall time depends on the neighbours,
cpu less so); `peak` is the largest single process's resident memory, `tree` the sampled
sum of proportional set sizes over the process and its workers (pages a forked worker shares
with its parent count once). The peer is
`TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(title + abstract)`,
the issue's yardstick (full build at most 6x it; 100k papers at most 3 min and 2 GB).

--density: the sample pages' graph beside a field corpus of as many papers (and of each
--papers size), per paper, by type; the generator aims within 30% at the same size.
--profile: one in-process build of the first size and generator, with the time and memory
of each linking step and each exporter (the files written one after another, where a build
shares them out between processes).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402

PEER = """
import json, resource, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
docs = [r["title"] + ". " + r["abstract"] for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))]
t = time.perf_counter()
m = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(docs)
print(json.dumps({"fit": time.perf_counter() - t, "terms": m.shape[1]}))
"""


def _tree_pss(root: int) -> int:
    """Proportional set size of `root` and its descendants, from /proc: a page shared by n
    processes (a forked worker's inherited memory) counts 1/n in each, so once in the sum."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
            children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            for line in open(f"/proc/{pid}/smaps_rollup"):
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            pass
        todo += children.get(pid, [])
    return total


def measure(cmd: list[str]) -> dict:
    """Run `cmd`; its wall and cpu seconds, peak memory (largest process; sampled tree) and output."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    peak_tree = [0]
    stop = threading.Event()

    def sample():
        # reading a process's smaps_rollup walks its page tables: 33 ms for a 3.5 GB process, which
        # every 0.25 s made a 20k build with views 5-8% slower on two cores; so the pause is twenty
        # times the last sample's cost (at least 0.25 s), and the sampler takes at most 5% of a core
        pause = 0.25
        while not stop.wait(pause):
            t = time.perf_counter()
            peak_tree[0] = max(peak_tree[0], _tree_pss(proc.pid))
            pause = max(0.25, 20 * (time.perf_counter() - t))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    wall = time.perf_counter() - t
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{err[-3000:]}")
    return {"wall": wall, "out": out, "err": err, "tree_mb": peak_tree[0] / 1e6}


def run_measured(cmd: list[str]) -> dict:
    """`measure` with the child's cpu time and peak resident memory (wait4 through a wrapper)."""
    wrapper = ("import os, subprocess, sys, json; p = subprocess.Popen(sys.argv[1:]); "
               "_, status, ru = os.wait4(p.pid, 0); "
               "print(json.dumps({'cpu': ru.ru_utime + ru.ru_stime, 'peak_mb': ru.ru_maxrss / 1024, "
               "'rc': os.waitstatus_to_exitcode(status)}), file=sys.stderr)")
    result = measure([sys.executable, "-c", wrapper, *cmd])
    last = json.loads(result["err"].strip().splitlines()[-1])
    if last["rc"]:
        sys.exit(f"{' '.join(cmd)} failed:\n{result['err'][-3000:]}")
    return {**result, **last}


def peer(corpus: Path) -> dict:
    r = run_measured([sys.executable, "-c", PEER, str(corpus)])
    return {**r, **json.loads(r["out"].strip().splitlines()[-1])}


def build(corpus: Path, out: Path, engine: str, views: bool) -> dict:
    cmd = [sys.executable, "-m", "graphkb", "build", str(corpus), "-o", str(out), "--engine", engine]
    r = run_measured(cmd + ([] if views else ["--no-views"]))
    counts = re.search(r"^Nodes: ([\d,]+).*?^Relationships: ([\d,]+)", r["out"], re.S | re.M)
    stages = dict((k, float(v)) for k, v in re.findall(r"(\w+) ([\d.]+) s", re.search(
        r"^Done in .*$", r["out"], re.M).group(0).split("(", 1)[1]))
    files = {f.name: f.stat().st_size / 1e6 for f in sorted(out.iterdir())}
    return {**r, "nodes": counts.group(1), "rels": counts.group(2), "stages": stages, "files": files}


def scale(args, tmp: Path) -> None:
    print(f"{'generator':<9} {'papers':>8} {'run':<14} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'tree PSS':>8}  "
          "stages (s) / files (MB)")
    for n in args.papers:
        for gen in args.generator:
            corpus = tmp / f"{gen}-{n}.jsonl"
            if not corpus.exists():
                corpora.write_corpus(corpora.GENERATORS[gen](args.eval_dir, n), corpus)
            p = peer(corpus)
            print(f"{gen:<9} {n:>8,} {'tf-idf peer':<14} {p['wall']:7.1f} {p['cpu']:7.1f} {p['peak_mb']:8,.0f} "
                  f"{p['tree_mb']:8,.0f}  fit {p['fit']:.1f} s, {p['terms']:,} terms")
            for engine in args.engine:
                out = tmp / f"out-{gen}-{n}-{engine}"
                # a fresh folder: over an earlier build (--tmp kept), graphkb would reuse its observations
                shutil.rmtree(out, ignore_errors=True)
                b = build(corpus, out, engine, args.views)
                stages = ", ".join(f"{k} {v:.1f}" for k, v in b["stages"].items())
                files = ", ".join(f"{k} {v:,.1f}" for k, v in b["files"].items())
                print(f"{gen:<9} {n:>8,} {'build ' + engine:<14} {b['wall']:7.1f} {b['cpu']:7.1f} "
                      f"{b['peak_mb']:8,.0f} {b['tree_mb']:8,.0f}  {stages}; {b['nodes']} nodes, "
                      f"{b['rels']} relationships; {files}")
                print(f"{'':<9} {'':>8} {'':<14} build/peer: wall x{b['wall'] / p['wall']:.1f}, "
                      f"wall/fit x{b['wall'] / p['fit']:.1f}, cpu x{b['cpu'] / p['cpu']:.1f}", flush=True)


def density_table(args, tmp: Path) -> None:
    samples_out = tmp / "samples"
    subprocess.run([sys.executable, "-m", "graphkb", "build", str(ROOT / "samples"), "-o", str(samples_out),
                    "--no-views", "-q"], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    n_samples, s_nodes, s_rels = corpora.density(samples_out / "graph.json")
    columns = []
    base = corpora.base_papers(args.eval_dir)
    for n in [n_samples, *args.density_sizes]:
        corpus = tmp / f"density-{n}.jsonl"
        corpora.write_corpus(corpora.field_corpus(args.eval_dir, n, base=base), corpus)
        subprocess.run([sys.executable, "-m", "graphkb", "build", str(corpus), "-o", str(tmp / f"density-{n}"),
                        "--no-views", "-q"], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        columns.append((n, *corpora.density(tmp / f"density-{n}" / "graph.json")[1:]))
    print(f"\nPer paper: the sample pages' graph ({n_samples} papers) beside field corpora "
          "(ratio; * = more than 30% off)")
    print(f"{'':<18} {'samples':>8}" + "".join(f" {f'field {n:,}':>16}" for n, _, _ in columns))
    for title, ours, index in (("nodes", s_nodes, 1), ("relationships", s_rels, 2)):
        print(title)
        for key in sorted(set(ours) | {k for c in columns for k in c[index]}):
            if key == "Paper":
                continue
            row = f"  {key:<16} {ours.get(key, 0):8.3f}"
            for column in columns:
                value = column[index].get(key, 0)
                ratio = value / ours[key] if ours.get(key) else float("inf")
                row += f" {value:8.3f} ({ratio:4.2f}{'*' if abs(ratio - 1) > 0.3 else ' '})"
            print(row)
    total = [sum(s_rels.values())] + [sum(c[2].values()) for c in columns]
    print(f"  {'all':<16} {total[0]:8.3f}" + "".join(f" {t:8.3f} ({t / total[0]:4.2f} )" for t in total[1:]))


def profile(args, tmp: Path) -> None:
    """One build in this process, each linking step and exporter timed, with its memory."""
    import resource

    from graphkb import build as build_module
    from graphkb import memory
    from graphkb.export import EXPORTERS

    memory.ends_with_command()  # the collector as the graphkb program runs it
    from graphkb.link import similarity, topics, vectors
    from graphkb.link.neighbour_index import NeighbourIndex

    n, gen = args.papers[0], args.generator[0]
    corpus = tmp / f"{gen}-{n}.jsonl"
    if not corpus.exists():
        corpora.write_corpus(corpora.GENERATORS[gen](args.eval_dir, n), corpus)
    rows: list[tuple[str, float, float, float]] = []
    page = os.sysconf("SC_PAGE_SIZE")

    def rss() -> float:
        return int(open("/proc/self/statm").read().split()[1]) * page / 1e6

    def timed(name, fn):
        def wrapper(*a, **kw):
            peak, stop = [rss()], threading.Event()
            before = peak[0]

            def sample():
                while not stop.wait(0.05):
                    peak[0] = max(peak[0], rss())
            thread = threading.Thread(target=sample, daemon=True)
            thread.start()
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                stop.set()
                thread.join()
                rows.append((name, time.perf_counter() - t, rss() - before, max(peak[0], rss()) - before))
        return wrapper

    for module, names in ((build_module, ("read_records", "merge_duplicates", "decide_with_phrases", "resolve_entities",
                                          "variant_pairs", "task_nodes", "concept_nodes", "builds_on",
                                          "shared_entities", "_neighbours_and_topics", "_place_topics",
                                          "write_build")),
                          (vectors, ("vectorize",)), (similarity, ("similarity_of",)), (topics, ("fit_topics",))):
        for name in names:
            setattr(module, name, timed(name, getattr(module, name)))
    # (from 20,000 papers the approximate search runs in a child beside the topics and the entity
    # links: its time is then in _neighbours_and_topics, not here; resolve_entities, concept_nodes, ...
    # are timed inside it)
    NeighbourIndex.fit = classmethod(timed("NeighbourIndex.fit (nearest)", NeighbourIndex.fit.__func__))
    from graphkb.engines import local
    local.LocalEngine.observe = timed("observe (extract, per paper)", local.LocalEngine.observe)
    for key, exporter in list(EXPORTERS.items()):
        EXPORTERS[key] = type(exporter)(**{**exporter.__dict__, "write": timed(f"export {key}", exporter.write)})
    from graphkb.graph import KnowledgeGraph
    add_edge, add_node, counts = KnowledgeGraph.add_edge, KnowledgeGraph.add_node, {"edge": 0.0, "node": 0.0}

    def timed_add(kind, fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                counts[kind] += time.perf_counter() - t
        return wrapper
    KnowledgeGraph.add_edge, KnowledgeGraph.add_node = timed_add("edge", add_edge), timed_add("node", add_node)
    collecting = {"s": 0.0, "since": 0.0}

    def on_collection(phase, info):  # the cyclic garbage collector's passes, wherever they fall
        if phase == "start":
            collecting["since"] = time.perf_counter()
        else:
            collecting["s"] += time.perf_counter() - collecting["since"]
    gc.callbacks.append(on_collection)
    from graphkb import outdir
    outdir.PARALLEL_MIN_RELATIONSHIPS = float("inf")  # each file written here, one after another, to time it
    t = time.perf_counter()
    kg, report = build_module.build([corpus], out=tmp / f"profile-{gen}-{n}", views=args.views, jobs=args.jobs)
    total = time.perf_counter() - t
    print(f"\nProfile: {gen} corpus, {n:,} papers, one process ({total:.1f} s; peak "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB; stages {report.seconds})")
    print(f"{'step':<32} {'s':>7} {'kept MB':>8} {'peak +MB':>9}")
    for name, secs, kept, peak in rows:
        print(f"{name:<32} {secs:7.2f} {kept:8.0f} {peak:9.0f}")
    print(f"{'(inside) KnowledgeGraph.add_edge':<32} {counts['edge']:7.2f}")
    print(f"{'(inside) KnowledgeGraph.add_node':<32} {counts['node']:7.2f}")
    print(f"{'(anywhere) garbage collection':<32} {collecting['s']:7.2f}")
    print(f"graph: {sum(kg.node_counts().values()):,} nodes, {sum(kg.edge_counts().values()):,} relationships")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, nargs="+", default=[10_000])
    ap.add_argument("--generator", nargs="+", choices=sorted(corpora.GENERATORS), default=["field", "mixed"])
    ap.add_argument("--engine", nargs="+", choices=["local", "dask"], default=["local"])
    ap.add_argument("--no-views", dest="views", action="store_false", help="build graph.json only")
    ap.add_argument("--density", action="store_true", help="only the density table")
    ap.add_argument("--density-sizes", type=int, nargs="*", default=[], help="more field corpus sizes for it")
    ap.add_argument("--profile", action="store_true", help="only the in-process profile")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--eval-dir", type=Path, default=corpora.EVAL_DIR)
    ap.add_argument("--tmp", type=Path, default=None, help="folder for corpora and builds (kept)")
    args = ap.parse_args()
    tmp = args.tmp or Path(tempfile.mkdtemp(prefix="graphkb-scale-"))
    tmp.mkdir(parents=True, exist_ok=True)
    if args.density:
        density_table(args, tmp)
    elif args.profile:
        profile(args, tmp)
    else:
        scale(args, tmp)
    print(f"(files in {tmp})")


if __name__ == "__main__":
    main()
