"""Turn one structured record (a JSON object or a CSV row) into a PaperRecord.

Three shapes are understood; extra fields are ignored:
- generic: {id?, title, abstract, authors?, date?, url?}
- Hugging Face daily-papers API: {paper: {id, title, summary, authors: [{name}], publishedAt}}
- arXiv metadata snapshot: {id, title, abstract, authors, categories, update_date, versions?}
"""
from __future__ import annotations

from collections.abc import Mapping

from ..errors import InputError
from ..records import PaperRecord
from ..text import clean_text
from .api_shapes import api_record, doi_of
from .fields import arxiv_id_of, author_names, categories_of, iso_date


def _text(value) -> str:
    return clean_text(value) if isinstance(value, str) else ""


def _first_version_date(obj: Mapping) -> str | None:
    versions = obj.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], Mapping):
        return iso_date(versions[0].get("created"))
    return None


def _hf_api_record(obj: Mapping, paper: Mapping, path: str, line: int) -> PaperRecord:
    pid = str(paper["id"]) if paper.get("id") else None
    arxiv = arxiv_id_of(pid)
    return PaperRecord(
        title=_text(paper.get("title") or obj.get("title")),
        abstract=_text(paper.get("summary") or obj.get("summary") or paper.get("abstract")),
        source=f"{path}:{line}",
        id=pid,
        arxiv_id=arxiv,
        authors=author_names(paper.get("authors")),
        date=iso_date(paper.get("publishedAt") or obj.get("publishedAt")),
        url=f"https://huggingface.co/papers/{pid}" if pid else None,
        listing_date=iso_date(obj.get("listedOn")),  # added by `graphkb fetch hf-daily`
    )


def _generic_record(obj: Mapping, path: str, line: int) -> PaperRecord:
    rid = obj.get("id")
    rid = str(rid).strip() if rid not in (None, "") else None
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    date = (iso_date(obj.get("date")) or iso_date(obj.get("published")) or iso_date(obj.get("publishedAt"))
            or _first_version_date(obj) or iso_date(obj.get("update_date")) or iso_date(obj.get("year")))
    return PaperRecord(
        title=_text(obj.get("title")),
        abstract=_text(obj.get("abstract") or obj.get("summary")),
        source=f"{path}:{line}",
        id=rid,
        arxiv_id=arxiv_id_of(obj.get("arxiv_id")) or arxiv_id_of(rid) or arxiv_id_of(url),
        authors=author_names(obj.get("authors_parsed") or obj.get("authors")),
        date=date,
        url=url,
        categories=categories_of(obj.get("categories")),
        doi=doi_of(obj.get("doi")),
    )


def record_from_mapping(obj, path: str, line: int) -> PaperRecord:
    """Read one record; raises InputError naming path and line when it cannot be a paper."""
    if not isinstance(obj, Mapping):
        raise InputError(path, line, f"expected an object with a title, got {type(obj).__name__}")
    paper = obj.get("paper")
    record = (_hf_api_record(obj, paper, path, line) if isinstance(paper, Mapping)
              else api_record(obj, path, line) or _generic_record(obj, path, line))
    if not record.title:
        raise InputError(path, line, "record has no title")
    return record
