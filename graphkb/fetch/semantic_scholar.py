"""Semantic Scholar: each paper's references, with the citation contexts and intents.

`/graph/v1/paper/{ARXIV:id|DOI:doi}/references`, paged by offset/next. The contexts
(the citing sentences) and intents (background, methodology, result) become the CITES
relationship's evidence. `S2_API_KEY` is sent as the `x-api-key` header, never shown.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from ..ingest.api_shapes import doi_of
from ..ingest.fields import arxiv_id_of
from ..progress import NoProgress, Progress
from .citations import PaperKey, Reference, Source, SourceResult, Work, arxiv_of_doi, register
from .http import FetchError, HttpClient, Secret, env_url, parse_json

DEFAULT_URL = "https://api.semanticscholar.org"
FIELDS = "contexts,intents,isInfluential,paperId,externalIds,title,abstract,publicationDate,year,authors,url"
PAGE = 1000  # the endpoint's largest page


def api_url() -> str:
    return env_url("GRAPHKB_S2_API_URL", DEFAULT_URL)


def secrets() -> tuple[Secret, ...]:
    return (Secret(os.environ.get("S2_API_KEY", ""), header="x-api-key"),)


def work_of(obj: Mapping) -> Work | None:
    """A cited paper; None when Semantic Scholar could not resolve it (no paperId)."""
    if not isinstance(obj, Mapping) or not obj.get("paperId"):
        return None
    ext = obj.get("externalIds") if isinstance(obj.get("externalIds"), Mapping) else {}
    date = obj.get("publicationDate") or (str(obj["year"]) if obj.get("year") else None)
    authors = tuple(a["name"] for a in obj.get("authors") or () if isinstance(a, Mapping) and a.get("name"))
    doi = doi_of(ext.get("DOI"))
    return Work(key=str(obj["paperId"]), arxiv_id=arxiv_id_of(ext.get("ArXiv")) or arxiv_of_doi(doi), doi=doi,
                title=obj.get("title"), abstract=obj.get("abstract"), date=date, authors=authors,
                url=obj.get("url"))


def _parse_page(body: bytes, url: str) -> dict:
    data = parse_json(body, url)
    if not isinstance(data, dict) or not isinstance(data.get("data"), (list, type(None))):
        raise FetchError(f"{url}: malformed response: expected {{data: [...]}}")
    return data


def _strings(value) -> tuple[str, ...]:
    return tuple(" ".join(v.split()) for v in value or () if isinstance(v, str) and v.strip())


def _references(client: HttpClient, paper: PaperKey) -> list[dict] | None:
    ident = f"ARXIV:{paper.arxiv_id}" if paper.arxiv_id else f"DOI:{paper.doi}"
    url = f"{api_url()}/graph/v1/paper/{quote(ident, safe='/:')}/references"
    items, offset = [], 0
    while True:
        try:
            page = client.get(url, {"fields": FIELDS, "offset": offset, "limit": PAGE}, _parse_page)
        except FetchError as e:
            if e.status == 404 and offset == 0:
                return None
            raise
        items.extend(x for x in page.get("data") or () if isinstance(x, dict))
        following = page.get("next")
        if not isinstance(following, int) or following <= offset:
            return items
        offset = following


def fetch(client: HttpClient, papers: Sequence[PaperKey], add_cited: bool = False,
          progress: Progress | None = None) -> SourceResult:
    progress = progress or NoProgress()
    result = SourceResult()
    for paper, items in result.each_found(papers, lambda p: _references(client, p), progress, "s2"):
        for item in items:
            work = work_of(item.get("citedPaper"))
            if work is not None:
                result.references.append(Reference(paper.node_id, work, _strings(item.get("contexts")),
                                                   _strings(item.get("intents"))))
    return result


# one request a second: the rate Semantic Scholar grants an API key (without one, a shared pool)
SOURCE = register(Source("semantic-scholar", fetch, secrets, delay=1.0))
