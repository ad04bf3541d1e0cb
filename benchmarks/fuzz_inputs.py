"""Hostile inputs thrown at graphkb's readers and extractors, with the failures counted by kind.

The same seeded generators as tests/test_fuzz_inputs.py, on more inputs: every JSON type in
every record field, each format's file mutated (`--files N`), mixed pathological texts at the
extractors (`--texts N`). A failure is anything but records or a one-line error: an exception
that escaped (counted by its type), a silent merge, a text slower than `--bound` seconds.

    .venv/bin/python benchmarks/fuzz_inputs.py [--files 10000] [--texts 50] [--seed 12]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from hostile_inputs import (  # noqa: E402
    base_records,
    field_cases,
    mutated_files,
    outcome,
    pathological_abstracts,
    record_with,
)

from graphkb.extract import extract_corpus, load_resources  # noqa: E402
from graphkb.ingest import ErrorReport, read_inputs  # noqa: E402
from graphkb.ingest.dedupe import merge_duplicates  # noqa: E402
from graphkb.records import Paper  # noqa: E402


def read_and_extract(path: Path, skip: bool) -> None:
    papers = merge_duplicates(read_inputs([path], report=ErrorReport(skip=skip))).papers
    extract_corpus(papers, jobs=1)


def fields(tmp: Path, tally: Counter) -> int:
    companion = base_records(2)[1]
    cases = field_cases()
    for n, (shape, field, value) in enumerate(cases):
        f = tmp / f"field{n}.jsonl"
        f.write_text(json.dumps(record_with(shape, field, value)) + "\n" + json.dumps(companion) + "\n",
                     encoding="utf-8", errors="surrogatepass")
        for skip in (False, True):
            tally[("field values", outcome(lambda f=f, skip=skip: read_and_extract(f, skip)))] += 1
        try:
            records = read_inputs([f], report=ErrorReport(skip=True))
            if len(merge_duplicates(records).papers) != len(records):
                tally[("field values", "silent merge")] += 1
        except Exception:  # noqa: BLE001,S110  (counted above, by the reads)
            pass
    return len(cases)


def files(tmp: Path, tally: Counter, seed: int, n: int) -> int:
    for i, (name, text) in enumerate(mutated_files(seed, n)):
        f = tmp / f"{i}-{name}"
        f.write_text(text, encoding="utf-8", errors="surrogatepass")
        kind = f"mutated {name.split('.')[-1]}"
        for skip in (False, True):
            tally[(kind, outcome(lambda f=f, skip=skip: read_and_extract(f, skip)))] += 1
        f.unlink()
    return n


def texts(tally: Counter, seed: int, n: int, bound: float) -> tuple[int, float]:
    worst = 0.0
    for i, text in enumerate(pathological_abstracts(seed, n, size=100_000)):
        started = time.perf_counter()
        paper = Paper(id=f"p{i}", title=text[:300], abstract=text, sources=("fuzz",))
        result = outcome(lambda paper=paper: extract_corpus([paper], jobs=1))
        took = time.perf_counter() - started
        worst = max(worst, took)
        tally[("pathological 100 KB", "slower than bound" if took > bound else result)] += 1
    return n, worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--texts", type=int, default=50)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--bound", type=float, default=10.0, help="seconds a 100 KB text may take")
    args = ap.parse_args()
    load_resources()
    tally: Counter = Counter()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        n_fields = fields(Path(tmp), tally)
        n_files = files(Path(tmp), tally, args.seed, args.files)
    n_texts, worst = texts(tally, args.seed, args.texts, args.bound)
    print(f"inputs tried: {n_fields:,} field values (each read with --on-error fail and skip), "
          f"{n_files:,} mutated files (each read both ways), {n_texts:,} pathological texts of 100 KB "
          f"(slowest {worst:.2f} s) in {time.perf_counter() - started:.0f} s")
    print(f"{'input':24}{'outcome':22}{'count':>8}")
    for (kind, result), count in sorted(tally.items()):
        print(f"{kind:24}{result:22}{count:8,}")
    failures = {k: c for k, c in tally.items() if k[1] not in ("ok", "input error")}
    print(f"failures: {sum(failures.values()):,}" + (" (" + ", ".join(
        f"{r} in {k}: {c}" for (k, r), c in sorted(failures.items())) + ")" if failures else ""))


if __name__ == "__main__":
    main()
