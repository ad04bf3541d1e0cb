"""Records with fields of any JSON type, hostile numbers, nesting and names: each bad record is
one error naming file, line and reason (skipped with --on-error skip), never a traceback."""
from __future__ import annotations

import json
import os

import pytest
from cli_support import run

from graphkb.errors import InputError
from graphkb.ingest import ErrorReport, read_inputs

GOOD = {"id": "p1", "title": "A Good Paper", "abstract": "We propose GRPO for reasoning."}


def write_jsonl(path, lines: list[str]):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("authors", 5, "authors: expected a list of names or one string, got a number"),
    ("authors", True, "authors: expected a list of names or one string, got true/false"),
    ("authors", [{"name": 5}], "authors: author 1: expected a name, got an object"),
    ("authors", [None], "authors: author 1: expected a name, got null"),
    ("authors_parsed", [[5, "x"]], "authors_parsed: author 1: expected a name, got a list"),
    ("categories", 5, "categories: expected a list of categories or one string, got a number"),
    ("title", ["x"], "title: expected text, got a list"),
    ("abstract", {"a": 1}, "abstract: expected text, got an object"),
    ("id", {"a": 1}, "id: expected text or a number, got an object"),
    ("url", 5, "url: expected text, got a number"),
    ("date", [2020], "date: expected a date, got a list"),
])
def test_a_field_of_the_wrong_type_is_an_error_of_its_record(tmp_path, field, value, reason):
    bad = {**GOOD, "id": "p2", field: value}
    f = write_jsonl(tmp_path / "r.jsonl", [json.dumps(GOOD), json.dumps(bad)])
    with pytest.raises(InputError) as e:
        read_inputs([f])
    assert str(e.value) == f"r.jsonl:2: {reason}"
    report = ErrorReport(skip=True)
    assert [r.id for r in read_inputs([f], report=report)] == ["p1"]
    assert [str(x) for x in report.skipped] == [f"r.jsonl:2: {reason}"]


def test_an_arxiv_id_given_as_a_number_is_the_id_it_is(tmp_path):
    f = write_jsonl(tmp_path / "r.jsonl", ['{"title": "T", "arxiv_id": 2401.01230}', '{"title": "U", "id": 2401.0123}'])
    records = read_inputs([f])
    assert [(r.arxiv_id, r.id) for r in records] == [("2401.01230", None), ("2401.0123", "2401.0123")]


@pytest.mark.parametrize(("line", "reason"), [
    ('{"title": "T", "date": "1 Jan 2020 00:00:00 +99999999999999"}', None),  # no date, no crash
    ('{"title": "T", "year": ' + "9" * 5000 + "}", "invalid JSON: number too long (5000 digits)"),
    ("[" * 100_000, "invalid JSON: nested too deeply"),
    ('{"title": "T\\ud800"}', "title: not valid unicode (a lone surrogate such as \\ud800)"),
    ('{"title": "T", "id": "\\ud800"}', "id: not valid unicode (a lone surrogate such as \\ud800)"),
    ('{"title": "T", "authors": ["\\udfff"]}', "authors: not valid unicode (a lone surrogate such as \\ud800)"),
])
def test_hostile_json_values_are_one_line_errors(tmp_path, line, reason):
    f = write_jsonl(tmp_path / "r.jsonl", [json.dumps(GOOD), line])
    report = ErrorReport(skip=True)
    records = read_inputs([f], report=report)
    if reason is None:
        assert [r.date for r in records] == [None, None] and not report.skipped
    else:
        assert [r.id for r in records] == ["p1"] and [str(x) for x in report.skipped] == [f"r.jsonl:2: {reason}"]
    g = tmp_path / "r.json"  # the same value in a whole-file JSON document
    g.write_text(f"[{json.dumps(GOOD)}, {line}]" if reason != "invalid JSON: nested too deeply" else line)
    result = run("extract", g, "-o", tmp_path / "x.jsonl")  # run() raises on a traceback
    assert result.exit_code == (0 if reason is None else 1)
    assert reason is None or result.output.startswith("Error: r.json:")


def test_a_file_name_that_is_not_utf8_is_read_and_named_readably(tmp_path):
    name = os.fsdecode(b"caf\xe9.jsonl")
    (tmp_path / name).write_text(json.dumps(GOOD) + "\n")
    records = read_inputs([tmp_path])
    assert records[0].source == f"{tmp_path.name}/caf\ufffd.jsonl:1"
    result = run("build", tmp_path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    (tmp_path / name).write_text('{"title": 5}\n')
    result = run("build", tmp_path / name, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: caf\ufffd.jsonl:1: title: expected text, got a number"


@pytest.mark.parametrize(("name", "text"), [
    ("wordless.jsonl", '{"title": "x"}\n{"title": "y", "abstract": "1 2 3"}\n'),
    ("chinese.csv", "title,abstract\n深度学习的新方法,我们提出一种新的方法。\n强化学习综述,本文综述强化学习。\n"),
])
def test_a_corpus_with_no_usable_words_builds_without_similarity_or_topics_and_says_so(tmp_path, name, text):
    from graphkb.graph import KnowledgeGraph
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    result = run("build", f, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "note: no SIMILAR_TO and no topics: the papers have no words to compare" in result.output
    kg = KnowledgeGraph.load(tmp_path / "out")
    assert [n for n, _ in kg.nodes("Paper")] and not list(kg.nodes("Topic"))


def test_an_absurdly_big_field_is_an_error_of_its_record(tmp_path):
    huge = {**GOOD, "id": "p2", "title": "T" * 3_000_000}
    f = write_jsonl(tmp_path / "r.jsonl", [json.dumps(GOOD), json.dumps(huge)])
    with pytest.raises(InputError) as e:
        read_inputs([f])
    assert str(e.value) == "r.jsonl:2: too big: title of 3,000,000 characters (at most 20,000)"
    report = ErrorReport(skip=True)
    assert [r.id for r in read_inputs([f], report=report)] == ["p1"] and len(report.skipped) == 1
    # a long "title" that is really a paragraph (SemEval-2017 has 2,065 characters) is still read
    long_title = {**GOOD, "id": "p3", "title": "A sentence of a paragraph. " * 80}
    f = write_jsonl(tmp_path / "ok.jsonl", [json.dumps(long_title)])
    assert [r.id for r in read_inputs([f])] == ["p3"]


def test_the_html_view_caps_the_titles_it_copies_into_tooltips():
    from graphkb.graph import KnowledgeGraph
    from graphkb.htmlview import render_page
    kg = KnowledgeGraph()
    huge = "Huge " * 40_000  # 200 KB, copied into each of 100 neighbours' tooltips without a cap
    kg.add_node("Paper", "p0", title=huge, abstract="a")
    for i in range(100):
        kg.add_node("Method", f"method:m{i}", name=f"M{i}", paper_count=1)
        kg.add_edge("USES", "p0", f"method:m{i}", confidence=0.9)
    html = render_page(kg).html
    assert len(html) < 2_000_000
    assert "Huge Huge" in html
