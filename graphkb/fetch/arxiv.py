"""The arXiv API (Atom feeds): a search query or a list of ids, paged, politely spaced.

arXiv asks for 3 seconds between requests; the client spaces network requests by
`HttpOptions.min_interval` (cache hits are not delayed). With `since`, results are
sorted newest first and paging stops at the first paper submitted before that day.
Records are written in the generic shape graphkb reads:
{id, arxiv_id, title, abstract, authors, date, url, categories, doi?}.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..ingest.fields import arxiv_id_of
from ..progress import NoProgress, Progress
from .http import FetchError, HttpClient, env_url

DEFAULT_URL = "https://export.arxiv.org/api/query"
DELAY = 3.0  # seconds between requests, as arXiv's API terms ask
NS = {"atom": "http://www.w3.org/2005/Atom", "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
      "arxiv": "http://arxiv.org/schemas/atom"}


def api_url() -> str:
    return env_url("GRAPHKB_ARXIV_API_URL", DEFAULT_URL)


@dataclass(frozen=True)
class Page:
    total: int
    records: list[dict]


@dataclass
class ArxivReport:
    records: list[dict] = field(default_factory=list)
    total: int = 0  # results the API reports for the query
    pages: int = 0


def _text(entry: ET.Element, path: str) -> str:
    node = entry.find(path, NS)
    return " ".join((node.text or "").split()) if node is not None else ""


def _record(entry: ET.Element, url: str) -> dict:
    raw_id = _text(entry, "atom:id")
    arxiv = arxiv_id_of(raw_id)
    if not arxiv:
        raise FetchError(f"{url}: malformed Atom entry: no arXiv id in <id>{raw_id}</id>")
    published = _text(entry, "atom:published")
    record = {
        "id": arxiv,
        "arxiv_id": arxiv,
        "title": _text(entry, "atom:title"),
        "abstract": _text(entry, "atom:summary"),
        "authors": [_text(a, "atom:name") for a in entry.findall("atom:author", NS)],
        "date": published[:10] or None,
        "url": f"https://arxiv.org/abs/{arxiv}",
        "categories": [c.get("term") for c in entry.findall("atom:category", NS) if c.get("term")],
    }
    doi = _text(entry, "arxiv:doi")
    if doi:
        record["doi"] = doi
    return record


def parse_feed(body: bytes, url: str) -> Page:
    """One page of results; an error feed or a body that is not Atom raises FetchError."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise FetchError(f"{url}: malformed XML response: {e}") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise FetchError(f"{url}: malformed response: expected an Atom <feed>, got <{root.tag}>")
    entries = root.findall("atom:entry", NS)
    # arXiv reports a bad query as a feed with one entry whose id is .../api/errors#...
    for entry in entries:
        if "/api/errors" in _text(entry, "atom:id"):
            raise FetchError(f"{url}: arXiv error: {_text(entry, 'atom:summary') or _text(entry, 'atom:title')}")
    total_text = _text(root, "opensearch:totalResults")
    try:
        total = int(total_text) if total_text else len(entries)
    except ValueError:
        raise FetchError(f"{url}: malformed response: totalResults {total_text!r}") from None
    return Page(total, [_record(e, url) for e in entries])


def search(client: HttpClient, query: str | None = None, ids: Sequence[str] = (), since: str | None = None,
           max_results: int | None = None, page_size: int = 100,
           progress: Progress | None = None) -> ArxivReport:
    """Papers matching `query` (arXiv search syntax) and/or the given ids, newest first."""
    if not query and not ids:
        raise FetchError("give a --query or --ids")
    progress = progress or NoProgress()
    report = ArxivReport()
    params: dict[str, object] = {}
    if query:
        params["search_query"] = query
    if ids:
        params["id_list"] = ",".join(ids)
    if query:
        params.update(sortBy="submittedDate", sortOrder="descending")
    limit = max_results if max_results is not None else (len(ids) if ids and not query else None)
    start = 0
    while True:
        size = page_size if limit is None else min(page_size, limit - len(report.records))
        if size <= 0:
            break
        page = client.get(api_url(), {**params, "start": start, "max_results": size}, parse_feed)
        if report.pages == 0:
            report.total = page.total
            progress.start("arxiv", min(page.total, limit) if limit is not None else page.total)
        report.pages += 1
        kept = [r for r in page.records if not since or (r["date"] or "") >= since]
        report.records.extend(kept)
        progress.advance(len(kept))
        start += len(page.records)
        passed_since = bool(query and since) and len(kept) < len(page.records)  # newest first: done
        if not page.records or passed_since or start >= page.total:
            break
    progress.finish()
    if limit is not None:
        report.records = report.records[:limit]
    return report
