"""Time per KB of extraction (`graphkb extract`'s work: cleaning, sentences, candidates,
acronyms, concepts) on pathological texts from 1 KB to 1 MB, beside a real abstract repeated
to the same size (the peer). Linear code shows a flat time per KB; a quadratic regex shows
a time per KB that grows with the size.

    .venv/bin/python benchmarks/pathological_text.py [--max-kb 1024] [--units "A." "``"]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from hostile_inputs import PATHOLOGICAL_UNITS, pathological_text  # noqa: E402

from graphkb.extract import extract_corpus, load_resources  # noqa: E402
from graphkb.records import Paper  # noqa: E402
from graphkb.text import clean_text  # noqa: E402

PEER = ("We propose GRPO, a reinforcement learning method for large language models, and evaluate it "
        "on GSM8K and MATH. Group Relative Policy Optimization (GRPO) improves accuracy by 5 points. ")


def seconds(text: str) -> float:
    t = time.perf_counter()
    paper = Paper(id="p", title="Pathological", abstract=clean_text(text), sources=("bench",))
    extract_corpus([paper], jobs=1)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-kb", type=int, default=1024)
    ap.add_argument("--units", nargs="*", default=list(PATHOLOGICAL_UNITS))
    args = ap.parse_args()
    load_resources()
    seconds(PEER)  # warm up
    sizes = [kb for kb in (1, 4, 16, 64, 256, 1024) if kb <= args.max_kb]
    rows = [("peer: real abstract", PEER)] + [(repr(u), PATHOLOGICAL_UNITS[u]) for u in args.units]
    print(f"{'text (ms per KB)':24}" + "".join(f"{str(kb) + ' KB':>10}" for kb in sizes) + f"{'max/min':>10}")
    for name, unit in rows:
        per_kb = [seconds(pathological_text(unit, kb * 1024)) * 1000 / kb for kb in sizes]
        print(f"{name:24}" + "".join(f"{v:10.2f}" for v in per_kb) + f"{max(per_kb) / min(per_kb):10.1f}",
              flush=True)


if __name__ == "__main__":
    main()
