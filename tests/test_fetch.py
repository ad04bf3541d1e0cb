"""`graphkb fetch` against a local server replaying each API's documented responses: paging,
429 and 5xx retries, resuming, malformed bodies, a refused connection, and keys kept secret."""
from __future__ import annotations

import json
import socket
import time

import pytest
from api_server import Reply
from cli_support import run

from graphkb.build import read_papers
from graphkb.fetch.http import FetchError, HttpClient, HttpOptions, Secret

FAST = ("--retries", "3", "--backoff", "0.01")


def _lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


# -- Hugging Face Daily Papers --------------------------------------------------------------------

def _hf_days(api):
    for day in ("2025-07-30", "2025-07-31", "2025-08-02"):
        api.add("/api/daily_papers", Reply.file(f"hf/{day}.json"), date=day)


def test_hf_daily_days_kept_in_the_api_shape_and_read_by_build(api, tmp_path):
    _hf_days(api)
    api.add("/api/daily_papers", Reply.json([]), date="2025-08-01")
    out = tmp_path / "daily"
    result = run("fetch", "hf-daily", "--since", "2025-07-30", "--until", "2025-08-02", "-o", out, "--no-cache",
                 *FAST)
    assert result.exit_code == 0, result.output
    assert "Fetched 4 day(s), 3 papers (0 day(s) already fetched" in result.output
    first = _lines(out / "hf-daily-2025-07-30.jsonl")
    assert first[0]["paper"]["id"] == "2507.21001" and first[0]["paper"]["upvotes"] == 42
    assert first[0]["listedOn"] == "2025-07-30" and first[0]["numComments"] == 3  # the API's own shape, kept
    papers, report = read_papers([out])
    assert report.records == 3
    by_id = {p.id: p for p in papers}
    grounded = by_id["2507.21001"]
    assert grounded.arxiv_id == "2507.21001" and grounded.date == "2025-07-28"
    assert grounded.listing_date == "2025-07-30" and grounded.authors == ("Ada Lovelace", "Alan Turing")
    assert grounded.url == "https://huggingface.co/papers/2507.21001"


def test_hf_daily_resumes_and_skips_days_already_fetched(api, tmp_path):
    _hf_days(api)
    api.add("/api/daily_papers", Reply.json([]), date="2025-08-01")
    out = tmp_path / "daily"
    # an interrupted run: the first day came in, then the network went away on the second
    api.add("/api/daily_papers", Reply.json({"error": "upstream"}, 503), date="2025-07-31")
    broken = run("fetch", "hf-daily", "--since", "2025-07-30", "--until", "2025-07-31", "-o", out, "--no-cache",
                 "--retries", "1", "--backoff", "0")
    assert broken.exit_code == 1
    assert broken.output.strip().splitlines() == [
        f"Error: {api.url}/api/daily_papers?date=2025-07-31: HTTP 503 Service Unavailable (after 2 attempts)"]
    assert [p.name for p in out.iterdir()] == ["hf-daily-2025-07-30.jsonl"]  # the day done is kept, whole
    _hf_days(api)  # the API is back
    api.requests.clear()
    again = run("fetch", "hf-daily", "--since", "2025-07-30", "--until", "2025-08-02", "-o", out, "--no-cache",
                *FAST)
    assert again.exit_code == 0, again.output
    assert [r.query["date"] for r in api.hits("/api/daily_papers")] == ["2025-07-31", "2025-08-01", "2025-08-02"]
    assert "1 day(s) already fetched" in again.output
    api.requests.clear()
    refreshed = run("fetch", "hf-daily", "--date", "2025-07-30", "-o", out, "--no-cache", "--refresh", *FAST)
    assert refreshed.exit_code == 0 and len(api.hits("/api/daily_papers")) == 1


def test_hf_daily_cache_means_a_rerun_does_not_refetch(api, tmp_path):
    _hf_days(api)
    cache = tmp_path / "cache"
    for name in ("a.jsonl", "b.jsonl"):  # one file for all days: nothing is skipped, the cache answers
        result = run("fetch", "hf-daily", "--since", "2025-07-30", "--until", "2025-07-31",
                     "-o", tmp_path / name, "--cache-dir", cache, *FAST)
        assert result.exit_code == 0, result.output
    assert len(api.hits("/api/daily_papers")) == 2
    assert "0 request(s), 2 from the cache" in result.output
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert len(_lines(tmp_path / "b.jsonl")) == 3


def test_today_and_later_are_never_final(api, tmp_path):
    """A day not over yet (here one far ahead) may still get papers: always fetched, never cached."""
    api.add("/api/daily_papers", Reply.file("hf/2025-07-31.json"), date="2999-01-01")
    args = ("fetch", "hf-daily", "--date", "2999-01-01", "-o", tmp_path / "d", "--cache-dir", tmp_path / "c", *FAST)
    for _ in range(2):
        result = run(*args)
        assert result.exit_code == 0, result.output
    assert len(api.hits("/api/daily_papers")) == 2 and "0 day(s) already fetched" in result.output
    assert not list((tmp_path / "c").rglob("*.body"))
    assert _lines(tmp_path / "d" / "hf-daily-2999-01-01.jsonl")[0]["listedOn"] == "2999-01-01"


def test_a_damaged_cache_file_is_fetched_again(api, tmp_path):
    _hf_days(api)
    cache = tmp_path / "cache"
    args = ("fetch", "hf-daily", "--date", "2025-07-31", "-o", tmp_path / "d.jsonl", "--cache-dir", cache, *FAST)
    assert run(*args).exit_code == 0
    (cached,) = cache.rglob("*.body")
    cached.write_bytes(cached.read_bytes()[:20])  # e.g. a disk filled up under another tool
    again = run(*args)
    assert again.exit_code == 0, again.output
    assert len(api.hits("/api/daily_papers")) == 2 and len(_lines(tmp_path / "d.jsonl")) == 1
    assert cached.read_bytes() == Reply.file("hf/2025-07-31.json").body


def test_429_with_retry_after_then_success(api, tmp_path):
    api.add("/api/daily_papers", Reply.json({"error": "slow down"}, 429, headers=(("Retry-After", "1"),)),
            Reply.file("hf/2025-07-31.json"), date="2025-07-31")
    started = time.monotonic()
    result = run("fetch", "hf-daily", "--date", "2025-07-31", "-o", tmp_path / "d", "--no-cache", *FAST)
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 1.0  # Retry-After waited for, not the 0.01 s backoff
    assert len(api.hits("/api/daily_papers")) == 2
    assert len(_lines(tmp_path / "d" / "hf-daily-2025-07-31.jsonl")) == 1


def test_500_then_success(api, tmp_path):
    api.add("/api/daily_papers", Reply.json({"error": "boom"}, 500), Reply.json({"error": "boom"}, 502),
            Reply.file("hf/2025-07-31.json"), date="2025-07-31")
    result = run("fetch", "hf-daily", "--date", "2025-07-31", "-o", tmp_path / "d", "--no-cache", *FAST)
    assert result.exit_code == 0, result.output
    assert len(api.hits("/api/daily_papers")) == 3


def test_a_client_error_is_not_retried(api, tmp_path):
    api.add("/api/daily_papers", Reply.json({"error": "bad date"}, 400), date="2025-07-31")
    result = run("fetch", "hf-daily", "--date", "2025-07-31", "-o", tmp_path / "d", "--no-cache", *FAST)
    assert result.exit_code == 1 and len(api.hits("/api/daily_papers")) == 1
    assert result.output == f"Error: {api.url}/api/daily_papers?date=2025-07-31: HTTP 400 Bad Request\n"


@pytest.mark.parametrize("reply, reason", [
    (Reply.file("hf/truncated.json"), "malformed JSON response: Unterminated string"),
    (Reply.json({"papers": []}), "malformed response: expected a list of {paper: ...} objects"),
])
def test_hf_daily_malformed_response(api, tmp_path, reply, reason):
    api.add("/api/daily_papers", reply, date="2025-07-31")
    out = tmp_path / "all.jsonl"
    result = run("fetch", "hf-daily", "--date", "2025-07-31", "-o", out, "--cache-dir", tmp_path / "c", *FAST)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {api.url}/api/daily_papers?date=2025-07-31: {reason}")
    assert len(result.output.splitlines()) == 1 and "Traceback" not in result.output
    assert not out.exists() and not list((tmp_path / "c").rglob("*.body"))  # nothing written, nothing cached


def test_connection_refused_names_the_url(tmp_path, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("GRAPHKB_HF_API_URL", f"http://127.0.0.1:{port}")
    result = run("fetch", "hf-daily", "--date", "2025-07-31", "-o", tmp_path / "d", "--no-cache",
                 "--retries", "1", "--backoff", "0")
    assert result.exit_code == 1
    assert result.output == (f"Error: http://127.0.0.1:{port}/api/daily_papers?date=2025-07-31: cannot connect: "
                             "Connection refused (after 2 attempts)\n")
    assert not (tmp_path / "d").exists()


def test_hf_daily_usage_errors(tmp_path):
    both = run("fetch", "hf-daily", "--date", "2025-07-31", "--since", "2025-07-01", "-o", tmp_path)
    assert both.exit_code == 2 and "give either --date or --since" in both.output
    bad = run("fetch", "hf-daily", "--date", "31/07/2025", "-o", tmp_path)
    assert bad.exit_code == 2 and "'31/07/2025' is not a date (YYYY-MM-DD)" in bad.output
    backwards = run("fetch", "hf-daily", "--since", "2025-07-31", "--until", "2025-07-01", "-o", tmp_path)
    assert backwards.exit_code == 1 and "--until 2025-07-01 is before --since 2025-07-31" in backwards.output


# -- arXiv ----------------------------------------------------------------------------------------

QUERY = 'cat:cs.CL AND abs:"reward model"'


def _arxiv_pages(api):
    api.add("/api/query", Reply.file("arxiv/page1.xml"), search_query=QUERY, start="0")
    api.add("/api/query", Reply.file("arxiv/page2.xml"), search_query=QUERY, start="2")


def test_arxiv_query_is_paged_and_written_as_records_build_reads(api, tmp_path):
    _arxiv_pages(api)
    out = tmp_path / "arxiv.jsonl"
    result = run("fetch", "arxiv", "--query", QUERY, "--page-size", "2", "--delay", "0", "-o", out, "--no-cache",
                 *FAST)
    assert result.exit_code == 0, result.output
    hits = api.hits("/api/query")
    assert [(r.query["start"], r.query["max_results"]) for r in hits] == [("0", "2"), ("2", "2")]
    assert hits[0].query["sortBy"] == "submittedDate" and hits[0].query["sortOrder"] == "descending"
    records = _lines(out)
    assert [r["id"] for r in records] == ["2407.10003", "2407.10002", "2406.10001"]
    first = records[0]
    assert first == {
        "id": "2407.10003", "arxiv_id": "2407.10003", "title": "Preference Optimization without Reference Models",
        "abstract": "We propose RefFree, a preference optimization method that needs no reference model. RefFree "
                    "builds on Direct Preference Optimization (DPO) and is evaluated on AlpacaEval and MT-Bench.",
        "authors": ["Ada Lovelace", "Alan Turing"], "date": "2025-07-15", "url": "https://arxiv.org/abs/2407.10003",
        "categories": ["cs.CL", "cs.LG"], "doi": "10.1234/refree.2025"}
    assert "Fetched 3 papers of 3 matching in 2 page(s)" in result.output
    papers, _ = read_papers([out])
    paper = papers[0]
    assert (paper.id, paper.arxiv_id, paper.date, paper.doi, paper.categories) == (
        "2407.10003", "2407.10003", "2025-07-15", "10.1234/refree.2025", ("cs.CL", "cs.LG"))


def test_arxiv_since_and_max_stop_paging(api, tmp_path):
    _arxiv_pages(api)
    out = tmp_path / "a.jsonl"
    since = run("fetch", "arxiv", "--query", QUERY, "--since", "2025-07-12", "--page-size", "2", "--delay", "0",
                "-o", out, "--no-cache", *FAST)
    assert since.exit_code == 0, since.output
    assert [r["id"] for r in _lines(out)] == ["2407.10003"]
    assert len(api.hits("/api/query")) == 1  # the first page already reached older papers
    api.requests.clear()
    most = run("fetch", "arxiv", "--query", QUERY, "--max", "1", "--delay", "0", "-o", out, "--no-cache", *FAST)
    assert most.exit_code == 0 and [r["id"] for r in _lines(out)] == ["2407.10003"]
    assert [r.query["max_results"] for r in api.hits("/api/query")] == ["1"]


def test_arxiv_delay_spaces_requests_but_not_cache_hits(api, tmp_path):
    _arxiv_pages(api)
    args = ("fetch", "arxiv", "--query", QUERY, "--page-size", "2", "--delay", "0.4", "-o", tmp_path / "a.jsonl",
            "--cache-dir", tmp_path / "cache", *FAST)
    started = time.monotonic()
    assert run(*args).exit_code == 0
    assert time.monotonic() - started >= 0.4  # two requests, one delay between them
    started = time.monotonic()
    assert run(*args).exit_code == 0
    assert time.monotonic() - started < 0.4 and len(api.hits("/api/query")) == 2  # all from the cache


def test_arxiv_ids(api, tmp_path):
    api.add("/api/query", Reply.file("arxiv/page2.xml"), id_list="2406.10001")
    out = tmp_path / "ids.jsonl"
    result = run("fetch", "arxiv", "--ids", "2406.10001", "--delay", "0", "-o", out, "--no-cache", *FAST)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in _lines(out)] == ["2406.10001"]
    assert api.hits("/api/query")[0].query["max_results"] == "1"


@pytest.mark.parametrize("reply, reason", [
    (Reply.file("arxiv/truncated.xml"), "malformed XML response: "),
    (Reply.file("arxiv/error.xml"), "arXiv error: incorrect id format for 1234.12345"),
    (Reply.json({"not": "atom"}), "malformed XML response: not well-formed (invalid token)"),
    (Reply(body=b"<html><body>Rate exceeded.</body></html>", content_type="text/html"),
     "malformed response: expected an Atom <feed>, got <html>"),
])
def test_arxiv_bad_responses(api, tmp_path, reply, reason):
    api.add("/api/query", reply)
    out = tmp_path / "a.jsonl"
    out.write_text("old\n")
    result = run("fetch", "arxiv", "--ids", "1234.12345", "--delay", "0", "-o", out, "--no-cache", *FAST)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {api.url}/api/query?id_list=1234.12345&start=0&max_results=1: {reason}")
    assert len(result.output.splitlines()) == 1
    assert out.read_text() == "old\n"  # the previous file is untouched


# -- the client: secrets ------------------------------------------------------------------------

def test_secrets_are_sent_but_never_shown(api, tmp_path):
    api.add("/works", Reply.json({"error": "down"}, 500))
    client = HttpClient(HttpOptions(retries=1, backoff=0, cache_dir=tmp_path / "cache"),
                        secrets=(Secret("k3y/with&odd=chars", param="api_key"),
                                 Secret("me@example.org", param="mailto"), Secret("s2-sekrit", header="x-api-key")))
    with pytest.raises(FetchError) as error:
        client.get(f"{api.url}/works", {"filter": "doi:10.1/x"})
    message = str(error.value)
    assert message == f"{api.url}/works?filter=doi%3A10.1%2Fx: HTTP 500 Internal Server Error (after 2 attempts)"
    sent = api.hits("/works")[0]
    assert sent.query["api_key"] == "k3y/with&odd=chars" and sent.query["mailto"] == "me@example.org"
    assert sent.headers["x-api-key"] == "s2-sekrit"
    assert client.redact(f"{api.url}/w?api_key=k3y%2Fwith%26odd%3Dchars") == f"{api.url}/w?api_key=***"
