"""A seeded fuzz run (the same inputs every time): every JSON type in every record field, each
format's file mutated, pathological texts at the extractors. Bad input must give a one-line
error or a skipped record, never a traceback, a silent merge or a stall.
`benchmarks/fuzz_inputs.py` runs the same generators on more inputs and counts failures by kind."""
from __future__ import annotations

import json

from hostile_inputs import base_records, field_cases, mutated_files, outcome, pathological_abstracts, record_with
from test_hostile_text import BOUND_SECONDS, time_bound

from graphkb.build import assemble_graph, read_papers
from graphkb.extract import extract_corpus
from graphkb.ingest import ErrorReport, read_inputs
from graphkb.ingest.dedupe import merge_duplicates
from graphkb.records import Paper


def test_every_json_type_in_every_field_is_read_or_reported_and_never_merged(tmp_path):
    companion = base_records(2)[1]
    failures = []
    for n, (shape, field, value) in enumerate(field_cases()):
        folder = tmp_path / f"case{n}"
        folder.mkdir()
        f = folder / "r.jsonl"
        case = record_with(shape, field, value)
        f.write_text(json.dumps(case) + "\n" + json.dumps(companion) + "\n", encoding="utf-8",
                     errors="surrogatepass")
        report = ErrorReport(skip=True)
        result = outcome(lambda f=f, report=report: read_inputs([f], report=report))
        if result != "ok":
            failures.append((shape, field, repr(value)[:40], result))
            continue
        records = read_inputs([f], report=ErrorReport(skip=True))
        assert len(records) + len(report.skipped) == 2, (shape, field, value)
        assert len(merge_duplicates(records).papers) == len(records), (shape, field, value)  # no silent merge
        assert outcome(lambda f=f: read_inputs([f])) in ("ok", "input error")
    assert failures == []
    # every case at once, one build (one id and one title in many files: merged where the same)
    papers, report = read_papers([tmp_path], skip_bad_records=True)
    assert {p.title for p in papers} >= {"Paper Number 0 About Topic 0", "Paper Number 1 About Topic 1"}
    assemble_graph(papers, extract_corpus(papers, jobs=1), report=report)


def test_mutated_files_of_every_format_give_records_or_one_line_errors(tmp_path):
    seen = {"ok": 0, "input error": 0}
    papers = []
    for n, (name, text) in enumerate(mutated_files(seed=12, n=1000)):
        f = tmp_path / f"{n}-{name}"
        f.write_text(text, encoding="utf-8", errors="surrogatepass")
        for skip in (False, True):
            result = outcome(lambda f=f, skip=skip: read_inputs([f], report=ErrorReport(skip=skip)))
            assert result in seen, (f.name, skip, result, text[:300])
            seen[result] += 1
        papers.extend(merge_duplicates(read_inputs([f], report=ErrorReport(skip=True))).papers)
    assert seen["ok"] and seen["input error"]  # the mutations do break files, and not all of them
    with time_bound(BOUND_SECONDS * 3):
        extract_corpus([Paper(id=f"x{i}", title=p.title, abstract=p.abstract, sources=p.sources)
                        for i, p in enumerate(papers)], jobs=1)


def test_mixed_pathological_texts_are_extracted_in_bounded_time():
    texts = pathological_abstracts(seed=12, n=12)
    papers = [Paper(id=f"p{i}", title=t[:300], abstract=t, sources=("fuzz",)) for i, t in enumerate(texts)]
    with time_bound(BOUND_SECONDS * 2):
        extractions = extract_corpus(papers, jobs=1)
    assert [x.paper_id for x in extractions] == [p.id for p in papers]
