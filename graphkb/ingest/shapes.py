"""Turn one structured record (a JSON object or a CSV row) into a PaperRecord.

Three shapes are understood; extra fields are ignored:
- generic: {id?, title, abstract, authors?, date?, url?}
- Hugging Face daily-papers API: {paper: {id, title, summary, authors: [{name}], publishedAt}}
- arXiv metadata snapshot: {id, title, abstract, authors, categories, update_date, versions?}
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from functools import partial

from ..errors import InputError
from ..records import PaperRecord
from ..text import clean_text
from .api_shapes import api_record, doi_of
from .fields import JsonNumber, arxiv_id_of, author_names, categories_of, iso_date, json_int

# JSON as the readers parse it: numbers with a fraction keep their digits (an arXiv id given as
# a number), integers too long to mean anything are an error rather than a slow conversion
parse_json = partial(json.loads, parse_float=JsonNumber, parse_int=json_int)
JSON_DECODER = json.JSONDecoder(parse_float=JsonNumber, parse_int=json_int)
# what a JSON parser raises on hostile text beyond JSONDecodeError: a 5,000-digit number
# (ValueError), "[" nested 100,000 deep (RecursionError)
JSON_ERRORS = (ValueError, RecursionError)


def json_error_reason(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"invalid JSON: {e.msg} (column {e.colno})"
    if isinstance(e, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {e}"


class _FieldError(Exception):
    """A field of the wrong type: the record's error names the field."""


def _valid_unicode(value: str, field: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _FieldError(f"{field}: not valid unicode (a lone surrogate such as \\ud800)") from None
    return value


def _text(value, field: str = "text") -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _FieldError(f"{field}: expected text, got {_json_type(value)}")
    return clean_text(_valid_unicode(value, field))


def _id(value, field: str = "id") -> str | None:
    """An id as text: a string, or a number (`2401.01234` as the id it is)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _FieldError(f"{field}: expected text or a number, got {_json_type(value)}")
    return _valid_unicode(str(value).strip(), field) or None


def _url(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _FieldError(f"url: expected text, got {_json_type(value)}")
    return _valid_unicode(value, "url")


def _date(obj: Mapping, field: str) -> str | None:
    value = obj.get(field)
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return iso_date(value)
    raise _FieldError(f"{field}: expected a date, got {_json_type(value)}")


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object" if isinstance(value, Mapping) else "a string"


def _first_version_date(obj: Mapping) -> str | None:
    versions = obj.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], Mapping):
        return _date(versions[0], "created")
    return None


def _hf_api_record(obj: Mapping, paper: Mapping, path: str, line: int) -> PaperRecord:
    pid = _id(paper.get("id"))
    arxiv = arxiv_id_of(pid)
    return PaperRecord(
        title=_text(paper.get("title") or obj.get("title"), "title"),
        abstract=_text(paper.get("summary") or obj.get("summary") or paper.get("abstract"), "summary"),
        source=f"{path}:{line}",
        id=pid,
        arxiv_id=arxiv,
        authors=_authors(paper.get("authors"), "authors"),
        date=_date(paper, "publishedAt") or _date(obj, "publishedAt"),
        url=f"https://huggingface.co/papers/{pid}" if pid else None,
        listing_date=iso_date(obj.get("listedOn")),  # added by `graphkb fetch hf-daily`
    )


def _generic_record(obj: Mapping, path: str, line: int) -> PaperRecord:
    rid = _id(obj.get("id"))
    url = _url(obj.get("url"))
    date = (_date(obj, "date") or _date(obj, "published") or _date(obj, "publishedAt")
            or _first_version_date(obj) or _date(obj, "update_date") or _date(obj, "year"))
    authors_field = "authors_parsed" if obj.get("authors_parsed") else "authors"
    try:
        categories = categories_of(obj.get("categories"))
    except TypeError as e:
        raise _FieldError(f"categories: {e}") from None
    return PaperRecord(
        title=_text(obj.get("title"), "title"),
        abstract=_text(obj.get("abstract") or obj.get("summary"), "abstract"),
        source=f"{path}:{line}",
        id=rid,
        arxiv_id=arxiv_id_of(_id(obj.get("arxiv_id"), "arxiv_id")) or arxiv_id_of(rid) or arxiv_id_of(url),
        authors=_authors(obj.get(authors_field), authors_field),
        date=date,
        url=url,
        categories=categories,
        doi=doi_of(obj.get("doi")),
    )


def _authors(value, field: str) -> tuple[str, ...]:
    try:
        return tuple(_valid_unicode(n, field) for n in author_names(value))
    except TypeError as e:
        raise _FieldError(f"{field}: {e}") from None


def record_from_mapping(obj, path: str, line: int) -> PaperRecord:
    """Read one record; raises InputError naming path and line when it cannot be a paper."""
    if not isinstance(obj, Mapping):
        raise InputError(path, line, f"expected an object with a title, got {type(obj).__name__}")
    paper = obj.get("paper")
    try:
        record = (_hf_api_record(obj, paper, path, line) if isinstance(paper, Mapping)
                  else api_record(obj, path, line) or _generic_record(obj, path, line))
    except _FieldError as e:
        raise InputError(path, line, str(e)) from None
    if not record.title:
        raise InputError(path, line, "record has no title")
    return record
