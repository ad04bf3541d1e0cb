"""OpenAlex: each paper's work (by DOI, or arXiv's DOI for an arXiv id) and its `referenced_works`.

Single-work lookups (`/works/doi:...`) are OpenAlex's free calls; only `--add-cited`
lists works (`/works?filter=openalex:W1|W2...`, up to 100 at a time) to learn the
titles of the cited papers outside the graph. `OPENALEX_API_KEY` is sent as `api_key`,
`GRAPHKB_MAILTO` as `mailto` (OpenAlex's polite pool); neither is ever shown.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from ..ingest.api_shapes import doi_of, inverted_abstract
from ..progress import NoProgress, Progress
from .citations import (
    ARXIV_DOI_PREFIX,
    PaperKey,
    Reference,
    Source,
    SourceResult,
    Work,
    arxiv_of_doi,
    batches,
    register,
)
from .http import FetchError, HttpClient, Secret, env_url, parse_json

DEFAULT_URL = "https://api.openalex.org"
FIELDS = "id,doi,title,display_name,publication_date,authorships,referenced_works,abstract_inverted_index,ids"
PAGE = 100  # OpenAlex's most values in one OR filter and its largest page


def api_url() -> str:
    return env_url("GRAPHKB_OPENALEX_URL", DEFAULT_URL)


def secrets() -> tuple[Secret, ...]:
    return (Secret(os.environ.get("OPENALEX_API_KEY", ""), param="api_key"),
            Secret(os.environ.get("GRAPHKB_MAILTO", ""), param="mailto"))


def short_id(value: str) -> str:
    """`https://openalex.org/W2741809807` -> `W2741809807`."""
    return value.rsplit("/", 1)[-1]


def work_of(obj: Mapping) -> Work:
    doi = doi_of(obj.get("doi"))
    authors = tuple(a["author"]["display_name"] for a in obj.get("authorships") or ()
                    if isinstance(a, Mapping) and isinstance(a.get("author"), Mapping)
                    and a["author"].get("display_name"))
    return Work(key=short_id(str(obj.get("id", ""))), arxiv_id=arxiv_of_doi(doi), doi=doi,
                title=obj.get("title") or obj.get("display_name"),
                abstract=inverted_abstract(obj.get("abstract_inverted_index")), date=obj.get("publication_date"),
                authors=authors, url=f"https://doi.org/{doi}" if doi else None)


def _parse_work(body: bytes, url: str) -> dict:
    data = parse_json(body, url)
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise FetchError(f"{url}: malformed response: expected a work object with an id")
    if not isinstance(data.get("referenced_works", []), list):
        raise FetchError(f"{url}: malformed response: referenced_works is not a list")
    return data


def _parse_list(body: bytes, url: str) -> list[dict]:
    data = parse_json(body, url)
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise FetchError(f"{url}: malformed response: expected {{results: [...]}}")
    return [r for r in data["results"] if isinstance(r, dict) and isinstance(r.get("id"), str)]


def _lookup(client: HttpClient, paper: PaperKey) -> dict | None:
    doi = paper.doi or f"{ARXIV_DOI_PREFIX}{paper.arxiv_id}"
    try:
        return client.get(f"{api_url()}/works/doi:{quote(doi, safe='/')}", {"select": FIELDS}, _parse_work)
    except FetchError as e:
        if e.status == 404:
            return None
        raise


def fetch(client: HttpClient, papers: Sequence[PaperKey], add_cited: bool = False,
          progress: Progress | None = None) -> SourceResult:
    progress = progress or NoProgress()
    result = SourceResult()
    cited_by: dict[str, list[str]] = {}
    for paper, work in result.each_found(papers, lambda p: _lookup(client, p), progress, "openalex"):
        result.keys.setdefault(short_id(work["id"]), paper.node_id)
        cited_by[paper.node_id] = [short_id(str(w)) for w in work.get("referenced_works") or ()]
    details: dict[str, Work] = {}
    if add_cited:
        outside = sorted({w for ws in cited_by.values() for w in ws} - set(result.keys))
        progress.start("cited", len(outside))
        for batch in batches(outside, PAGE):
            listing = client.get(f"{api_url()}/works", {"filter": "openalex:" + "|".join(batch),
                                                         "per-page": PAGE, "select": FIELDS}, _parse_list)
            details.update((w.key, w) for w in map(work_of, listing))
            progress.advance(len(batch))
        progress.finish()
    for citing, keys in cited_by.items():
        for key in dict.fromkeys(keys):
            result.references.append(Reference(citing, details.get(key) or Work(key)))
    return result


SOURCE = register(Source("openalex", fetch, secrets))
