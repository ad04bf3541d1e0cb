"""Bibliographic inputs: BibTeX (a Zotero export), CSL-JSON, OpenAlex works and Semantic Scholar
papers; what each gives the graph, and bad entries reported with file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run

from graphkb.build import read_papers
from graphkb.errors import InputError
from graphkb.ingest import ErrorReport, read_inputs

INPUTS = Path(__file__).resolve().parent / "data" / "inputs"


def _by_title(records):
    return {r.title: r for r in records}


def test_bibtex_zotero_export():
    report = ErrorReport(skip=True)
    records = read_inputs([INPUTS / "zotero.bib"], report=report)
    assert [str(e) for e in report.skipped] == ["zotero.bib:26: BibTeX entry 'no_title_here' has no title"]
    tulu, dpo, bt = records
    assert tulu.title == "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training"  # LaTeX made text
    assert tulu.abstract == ("We introduce TÜLU 3, a family of post-trained models. We use Direct Preference "
                             "Optimization (DPO) and evaluate on GSM8K and MATH.")
    assert tulu.authors == ("Nathan Lambert", "Jacob Morrison", "Valentina Pyatkin")  # "and others" dropped
    assert (tulu.arxiv_id, tulu.date, tulu.source) == ("2411.15124", "2024-11", "zotero.bib:4")
    assert (dpo.arxiv_id, dpo.doi, dpo.date) == ("2305.18290", "10.48550/arxiv.2305.18290", "2023-05-29")
    assert dpo.authors == ("Rafael Rafailov", "Archit Sharma")
    assert (bt.doi, bt.url, bt.date, bt.arxiv_id) == (
        "10.5555/bradley-terry.1952", "https://doi.org/10.5555/bradley-terry.1952", "1952", None)


def test_bibtex_syntax_error_names_the_entry_line():
    with pytest.raises(InputError) as error:
        read_inputs([INPUTS / "broken.bib"])
    assert str(error.value) == "broken.bib:6: malformed BibTeX entry: Unexpectedly reached end of file."


def test_bibtex_is_sniffed_without_its_extension(tmp_path):
    copy = tmp_path / "My Library"  # no extension: the format is sniffed
    copy.write_text((INPUTS / "zotero.bib").read_text())
    assert len(read_inputs([copy], report=ErrorReport(skip=True))) == 3


def test_csl_json():
    records = _by_title(read_inputs([INPUTS / "library.csl.json"]))
    refree = records["Preference Optimization without Reference Models"]
    assert refree.authors == ("Ada Lovelace", "Alan Turing") and refree.date == "2025-07-15"
    assert (refree.arxiv_id, refree.doi) == ("2407.10003", "10.1234/refree.2025")
    attention = records["Attention Is All You Need"]
    assert attention.authors == ("Ashish Vaswani", "Google Brain") and attention.date == "2017"


def test_openalex_works_rebuild_the_abstract():
    dpo, bt = read_inputs([INPUTS / "openalex.jsonl"])
    assert dpo.abstract == "We introduce DPO, a simple method."  # from abstract_inverted_index
    assert (dpo.arxiv_id, dpo.doi, dpo.date, dpo.authors) == (
        "2305.18290", "10.48550/arxiv.2305.18290", "2023-05-29", ("Rafael Rafailov",))
    assert bt.title == "Rank Analysis of Incomplete Block Designs"  # display_name when title is missing
    assert bt.abstract == "" and bt.date == "1952" and bt.url == "https://openalex.org/W2100000901"


def test_semantic_scholar_papers():
    scale, bt = read_inputs([INPUTS / "s2.json"])
    assert (scale.arxiv_id, scale.doi, scale.date, scale.authors) == (
        "2407.10002", "10.1234/dpo-scale", "2025-07-10", ("Grace Hopper",))
    assert scale.url.startswith("https://www.semanticscholar.org/paper/")
    assert bt.date == "1952" and bt.abstract == ""


def test_the_same_paper_from_every_source_is_one_paper_with_its_doi():
    papers, report = read_papers([INPUTS / "zotero.bib", INPUTS / "openalex.jsonl", INPUTS / "s2.json",
                                  INPUTS / "library.csl.json"], skip_bad_records=True)
    by_title = {p.title: p for p in papers}
    dpo = by_title["Direct Preference Optimization: Your Language Model is Secretly a Reward Model"]
    assert dpo.id == "2305.18290" and dpo.doi == "10.48550/arxiv.2305.18290" and len(dpo.sources) == 2
    assert len(by_title["Rank Analysis of Incomplete Block Designs"].sources) == 3  # by title: no shared id
    assert report.merged == 3


def test_build_from_bibliographic_inputs_writes_doi_and_valid_rdf(tmp_path):
    out = tmp_path / "out"
    result = run("build", INPUTS / "zotero.bib", INPUTS / "openalex.jsonl", INPUTS / "s2.json",
                 INPUTS / "library.csl.json", "-o", out, "--on-error", "skip")
    assert result.exit_code == 0, result.output
    assert "skipped zotero.bib:26: BibTeX entry 'no_title_here' has no title" in result.output
    ttl = (out / "graph.ttl").read_text()
    assert 'gkb:doi "10.5555/bradley-terry.1952"' in ttl
