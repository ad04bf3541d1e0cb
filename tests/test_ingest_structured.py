"""JSON, JSONL and CSV/TSV readers, format detection, folders and bad input."""
import csv
import json
from pathlib import Path

import pytest

from graphkb.errors import InputError
from graphkb.ingest import ErrorReport, read_inputs
from graphkb.ingest.fields import arxiv_id_of, author_names, iso_date


@pytest.fixture
def generic(seed_papers):
    return [{"id": f"p{i}", "title": t, "abstract": a, "authors": ["Ada Lovelace", "Alan Turing"],
             "date": "2025-07-31", "url": f"https://example.org/p{i}", "extra": {"ignored": True}}
            for i, (t, a) in enumerate(seed_papers[:3])]


def test_generic_json_array(tmp_path, generic):
    f = tmp_path / "papers.json"
    f.write_text(json.dumps(generic, indent=2))
    records = read_inputs([f])
    assert [r.id for r in records] == ["p0", "p1", "p2"]
    assert records[0].authors == ("Ada Lovelace", "Alan Turing")
    assert records[0].date == "2025-07-31" and records[0].url == "https://example.org/p0"
    # each record knows the line it starts on
    lines = f.read_text().splitlines()
    starts = [int(r.source.split(":")[1]) for r in records]
    assert starts[0] == 2 and all(lines[n - 1].strip() == "{" for n in starts)
    assert all(f'"id": "{r.id}"' in lines[n] for r, n in zip(records, starts))


def test_json_object_holding_a_list_and_single_record(tmp_path, generic):
    f = tmp_path / "wrapped.json"
    f.write_text(json.dumps({"papers": generic}))
    assert len(read_inputs([f])) == 3
    g = tmp_path / "one.json"
    g.write_text(json.dumps(generic[0]))
    assert [r.id for r in read_inputs([g])] == ["p0"]


def test_hugging_face_api_shape(tmp_path, seed_papers):
    (t, a) = seed_papers[0]
    rows = [{"paper": {"id": "2506.20332", "title": t, "summary": a,
                       "authors": [{"name": "Jihao Gu", "hidden": False}],
                       "publishedAt": "2025-06-25T07:31:51.000Z", "upvotes": 12},
             "numComments": 2}]
    f = tmp_path / "daily.json"
    f.write_text(json.dumps(rows))
    (r,) = read_inputs([f])
    assert (r.id, r.arxiv_id, r.title, r.abstract) == ("2506.20332", "2506.20332", t, a)
    assert r.authors == ("Jihao Gu",) and r.date == "2025-06-25"
    assert r.url == "https://huggingface.co/papers/2506.20332"


def test_arxiv_snapshot_shape_jsonl(tmp_path, seed_papers):
    (t, a) = seed_papers[1]
    row = {"id": "2303.10891", "submitter": "X", "authors": "Yujie Wei, Jiaxin Ye and Zhizhong Huang",
           "title": t.replace(" ", "\n  ", 2), "abstract": "  " + a + "\n", "categories": "cs.CV cs.LG",
           "versions": [{"version": "v1", "created": "Mon, 20 Mar 2023 10:00:00 GMT"}],
           "update_date": "2023-08-01", "authors_parsed": [["Wei", "Yujie", ""], ["Ye", "Jiaxin", ""]]}
    f = tmp_path / "arxiv.jsonl"
    f.write_text(json.dumps(row) + "\n")
    (r,) = read_inputs([f])
    assert r.title == t and r.abstract == a  # line breaks inside the title collapse
    assert r.arxiv_id == "2303.10891" and r.categories == ("cs.CV", "cs.LG")
    assert r.date == "2023-03-20"  # first version, not the update
    assert r.authors == ("Yujie Wei", "Jiaxin Ye")


def test_csv_and_tsv_with_header(tmp_path, seed_papers):
    f = tmp_path / "papers.csv"
    with f.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Title", "Abstract", "Year"])
        for t, a in seed_papers[:2]:
            w.writerow([t, a, "2024"])
    records = read_inputs([f])
    assert [(r.title, r.abstract, r.date) for r in records] == [(t, a, "2024") for t, a in seed_papers[:2]]
    assert records[1].source == "papers.csv:3"
    g = tmp_path / "papers.tsv"
    g.write_text("title\tsummary\n" + "\n".join(f"{t}\t{a}" for t, a in seed_papers[:2]) + "\n")
    assert [r.title for r in read_inputs([g])] == [t for t, _ in seed_papers[:2]]


def test_format_detected_without_extension_and_forced(tmp_path, generic, seed_papers):
    f = tmp_path / "export.dat"
    f.write_text("\n".join(json.dumps(r) for r in generic))
    assert len(read_inputs([f])) == 3
    t = tmp_path / "page.dat"
    t.write_text("\n\n".join(x for pair in seed_papers[:2] for x in pair))
    assert len(read_inputs([t])) == 2
    jl = tmp_path / "records.txt"  # .txt would be read as a page dump; --format says otherwise
    jl.write_text("\n".join(json.dumps(r) for r in generic))
    assert [r.id for r in read_inputs([jl], fmt="jsonl")] == ["p0", "p1", "p2"]


def test_folders_are_read_recursively_skipping_unknown_and_hidden(tmp_path, generic):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.jsonl").write_text(json.dumps(generic[0]) + "\n")
    (tmp_path / "a" / "y.json").write_text(json.dumps(generic[1:]))
    (tmp_path / "a" / "README.md").write_text("# not papers")
    (tmp_path / "a" / ".hidden.json").write_text("not json")
    records = read_inputs([tmp_path / "a"])
    assert sorted(r.id for r in records) == ["p0", "p1", "p2"]
    assert {r.source.split(":")[0] for r in records} == {"a/b/x.jsonl", "a/y.json"}


@pytest.mark.parametrize("name,content,line,reason", [
    ("bad.jsonl", '{"title": "A", "abstract": "x"}\n{"title": "B", oops}\n', 2, "invalid JSON"),
    ("notitle.jsonl", '{"title": "A", "abstract": "x"}\n{"abstract": "no title"}\n', 2, "no title"),
    ("bad.json", '[{"title": "A"},\n {"title": }]', 2, "invalid JSON"),
    ("notitle.csv", "name_of_paper,abstract\nA,b\n", 1, "no title column"),
    ("short.csv", "title,abstract\nA,b\nB\n", 3, "expected 2 fields"),
    ("empty.json", "   \n", None, "empty file"),
    ("empty.txt", "", None, "empty file"),
])
def test_bad_input_names_file_line_and_reason(tmp_path, name, content, line, reason):
    f = tmp_path / name
    f.write_text(content)
    with pytest.raises(InputError) as e:
        read_inputs([f])
    assert e.value.path == name and e.value.line == line and reason in e.value.reason


def test_unreadable_encoding_names_the_line(tmp_path):
    f = tmp_path / "latin1.jsonl"
    f.write_bytes(b'{"title": "ok", "abstract": "x"}\n{"title": "caf\xe9"}\n')
    with pytest.raises(InputError) as e:
        read_inputs([f])
    assert e.value.line == 2 and "UTF-8" in e.value.reason


def test_skip_mode_keeps_good_records_and_lists_bad_ones(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"title": "A", "abstract": "x"}\nnot json\n{"title": "B", "abstract": "y"}\n')
    (tmp_path / "empty.csv").write_text("")
    report = ErrorReport(skip=True)
    records = read_inputs([f, tmp_path / "empty.csv", tmp_path / "missing.json"], report=report)
    assert [r.title for r in records] == ["A", "B"]
    assert [str(e) for e in report.skipped] == [
        "mixed.jsonl:2: invalid JSON: Expecting value (column 1)",
        "empty.csv: empty file",
        f"{tmp_path / 'missing.json'}: no such file or folder",
    ]


def test_field_helpers():
    assert arxiv_id_of("2401.01234v3") == "2401.01234"
    assert arxiv_id_of("https://arxiv.org/abs/2401.01234") == "2401.01234"
    assert arxiv_id_of("https://huggingface.co/papers/2506.20332") == "2506.20332"
    assert arxiv_id_of("hep-th/9901001v1") == "hep-th/9901001"
    assert arxiv_id_of("p0") is None
    assert iso_date("2024-3-7") == "2024-03-07" and iso_date("2024") == "2024"
    assert iso_date("Mon, 2 Apr 2007 19:18:42 GMT") == "2007-04-02" and iso_date("soon") is None
    assert author_names("A. One, B. Two and C. Three") == ("A. One", "B. Two", "C. Three")
    assert author_names([{"name": "A"}, "B"]) == ("A", "B")


def test_csv_with_an_unterminated_quote_is_reported_at_the_line_it_opens(tmp_path):
    f = tmp_path / "papers.csv"
    f.write_text('id,title,abstract\np0,First,fine\np1,Second,"never closed\np2,Third,c\np3,Fourth,d\n')
    with pytest.raises(InputError) as e:
        read_inputs([f])
    assert (e.value.path, e.value.line) == ("papers.csv", 3) and "unterminated quote" in e.value.reason
    report = ErrorReport(skip=True)
    records = read_inputs([f], report=report)  # the rows after it are not swallowed
    assert [(r.title, r.source) for r in records] == [
        ("First", "papers.csv:2"), ("Third", "papers.csv:4"), ("Fourth", "papers.csv:5")]
    assert [x.line for x in report.skipped] == [3]


def test_csv_quote_closed_inside_a_field_is_reported(tmp_path):
    f = tmp_path / "papers.csv"
    f.write_text('id,title,abstract\np1,Second,"opened\np2,Third,"c"\np3,Fourth,d\n')
    report = ErrorReport(skip=True)
    records = read_inputs([f], report=report)
    assert [r.title for r in records] == ["Fourth"] and report.skipped[0].line == 3


def test_an_unreadable_sub_folder_is_reported_not_skipped_silently(tmp_path_factory, generic):
    import os
    import tempfile
    top = Path(tempfile.mkdtemp(prefix="graphkb-unreadable-"))  # reachable by an unprivileged user
    try:
        os.chmod(top, 0o755)
        (top / "ok").mkdir()
        (top / "ok" / "a.json").write_text(json.dumps(generic[:1]))
        (top / "ok" / "a.json").chmod(0o644)
        (top / "ok").chmod(0o755)
        (top / "locked").mkdir()
        (top / "locked" / "b.json").write_text(json.dumps(generic[1:2]))
        (top / "locked").chmod(0o000)
        as_root = os.geteuid() == 0
        if as_root:  # root reads any folder: look as an unprivileged user
            os.seteuid(65534)
        try:
            with pytest.raises(InputError) as e:
                read_inputs([top])
            report = ErrorReport(skip=True)
            records = read_inputs([top], report=report)
        finally:
            if as_root:
                os.seteuid(0)
        assert str(e.value) == f"{top.name}/locked: cannot read folder: Permission denied"
        assert [r.id for r in records] == ["p0"] and len(report.skipped) == 1
    finally:
        (top / "locked").chmod(0o755)
        import shutil
        shutil.rmtree(top)


def test_linked_folders_are_read_once_even_in_a_loop(tmp_path, generic):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.json").write_text(json.dumps(generic[:1]))
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "loop").symlink_to(tmp_path)
    assert [r.id for r in read_inputs([tmp_path])] == ["p0"]


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029", "\x0c"])
def test_jsonl_with_a_raw_line_separator_inside_a_string_is_one_record(tmp_path, separator):
    f = tmp_path / "papers.jsonl"
    rows = [{"id": "p0", "title": f"Title{separator}one", "abstract": "a"}, {"id": "p1", "title": "Two"}]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    records = read_inputs([f])
    assert [(r.id, r.source) for r in records] == [("p0", "papers.jsonl:1"), ("p1", "papers.jsonl:2")]
    assert records[0].title == "Title one"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_detected(tmp_path, generic, encoding):
    f = tmp_path / "papers.jsonl"
    f.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in generic).encode(encoding))
    assert [r.title for r in read_inputs([f])] == [g["title"] for g in generic]


def test_nul_bytes_in_utf8_are_a_clear_error(tmp_path):
    f = tmp_path / "papers.jsonl"
    f.write_bytes(b'{"title": "a"}\n{"title": "b\x00"}\n')
    with pytest.raises(InputError) as e:
        read_inputs([f])
    assert (e.value.line, e.value.reason) == (2, "NUL character in the text (a binary file?)")
