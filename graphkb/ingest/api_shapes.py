"""Record shapes of bibliographic APIs and tools, beside the ones in shapes.py:

- OpenAlex work: {id: "https://openalex.org/W...", title|display_name, abstract_inverted_index,
  authorships: [{author: {display_name}}], publication_date, doi, ids, locations}
- Semantic Scholar paper: {paperId, title, abstract, authors: [{name}], externalIds: {ArXiv, DOI},
  publicationDate|year, url}
- CSL-JSON item (Zotero, Mendeley, citation.js): {id, type, title, abstract, author: [{family, given}],
  issued: {date-parts: [[y, m, d]]}, DOI, URL}

`api_record` returns None for any other object, so shapes.py falls back to its own.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from ..records import PaperRecord
from ..text import clean_text
from .fields import arxiv_id_of, author_names, iso_date

_ARXIV_DOI = "10.48550/arxiv."


def doi_of(value) -> str | None:
    """A DOI without its resolver prefix, lower-cased, or None."""
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"):
        value = value.removeprefix(prefix)
    return value if value.startswith("10.") and "/" in value else None


def _arxiv_from_doi(doi: str | None) -> str | None:
    return arxiv_id_of(doi[len(_ARXIV_DOI):]) if doi and doi.startswith(_ARXIV_DOI) else None


def _text(value) -> str:
    return clean_text(value) if isinstance(value, str) else ""


def inverted_abstract(inverted) -> str:
    """OpenAlex's `abstract_inverted_index` ({word: [positions]}) back to text."""
    if not isinstance(inverted, Mapping):
        return ""
    at = {pos: word for word, positions in inverted.items() if isinstance(positions, list)
          for pos in positions if isinstance(pos, int)}
    return " ".join(at[i] for i in sorted(at))


def _list_field(obj: Mapping, key: str) -> list:
    """A field that holds a list (absent: empty); TypeError, naming it, for any other value."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"{key}: expected a list, got {type(value).__name__}")
    return value


def _names(value, key: str) -> tuple[str, ...]:
    """author_names, with the field named in its TypeError."""
    try:
        return author_names(value)
    except TypeError as e:
        raise TypeError(f"{key}: {e}") from None


def _is_openalex(obj: Mapping) -> bool:
    return "abstract_inverted_index" in obj or str(obj.get("id", "")).startswith("https://openalex.org/W")


def _openalex(obj: Mapping, source: str) -> PaperRecord:
    doi = doi_of(obj.get("doi")) or doi_of((obj.get("ids") or {}).get("doi") if isinstance(obj.get("ids"), Mapping)
                                           else None)
    urls = [loc.get("landing_page_url") for loc in _list_field(obj, "locations") if isinstance(loc, Mapping)]
    arxiv = _arxiv_from_doi(doi) or next((a for a in map(arxiv_id_of, filter(None, urls)) if a), None)
    authors = [a.get("author") for a in _list_field(obj, "authorships") if isinstance(a, Mapping)]
    names = [a.get("display_name") for a in authors if isinstance(a, Mapping) and a.get("display_name")]
    return PaperRecord(
        title=_text(obj.get("title") or obj.get("display_name")),
        abstract=_text(inverted_abstract(obj.get("abstract_inverted_index"))),
        source=source, arxiv_id=arxiv, authors=_names(names, "authorships"),
        date=iso_date(obj.get("publication_date")) or iso_date(obj.get("publication_year")),
        url=f"https://doi.org/{doi}" if doi else (str(obj["id"]) if obj.get("id") else None), doi=doi)


def _is_semantic_scholar(obj: Mapping) -> bool:
    return "paperId" in obj and "title" in obj


def _semantic_scholar(obj: Mapping, source: str) -> PaperRecord:
    ext = obj.get("externalIds") if isinstance(obj.get("externalIds"), Mapping) else {}
    doi = doi_of(ext.get("DOI"))
    return PaperRecord(
        title=_text(obj.get("title")), abstract=_text(obj.get("abstract")), source=source,
        arxiv_id=arxiv_id_of(ext.get("ArXiv")) or _arxiv_from_doi(doi), authors=_names(obj.get("authors"), "authors"),
        date=iso_date(obj.get("publicationDate")) or iso_date(obj.get("year")),
        url=obj.get("url") if isinstance(obj.get("url"), str) else None, doi=doi)


def _is_csl(obj: Mapping) -> bool:
    return isinstance(obj.get("issued"), Mapping) or (isinstance(obj.get("author"), list) and "type" in obj)


def _csl_date(issued) -> str | None:
    if not isinstance(issued, Mapping):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            return iso_date("-".join(f"{int(p):02d}" if i else str(int(p)) for i, p in enumerate(parts[0][:3])))
        except (TypeError, ValueError):
            return None
    return iso_date(issued.get("raw") or issued.get("literal"))


def _csl_names(authors) -> tuple[str, ...]:
    """CSL names: {given, family} (with "non-dropping-particle", e.g. "van") or {literal}."""
    names = []
    for a in authors if isinstance(authors, list) else ():
        if isinstance(a, Mapping):
            parts = (a.get("given"), a.get("non-dropping-particle"), a.get("family"))
            names.append(a.get("literal") or " ".join(str(p) for p in parts if p))
    return _names([n for n in names if n], "author")


def _csl(obj: Mapping, source: str) -> PaperRecord:
    doi = doi_of(obj.get("DOI"))
    url = obj.get("URL") if isinstance(obj.get("URL"), str) else None
    arxiv = (_arxiv_from_doi(doi) or arxiv_id_of(url)
             or (arxiv_id_of(obj.get("number")) if "arxiv" in str(obj.get("publisher", "")).lower() else None))
    return PaperRecord(
        title=_text(obj.get("title")), abstract=_text(obj.get("abstract")), source=source, arxiv_id=arxiv,
        authors=_csl_names(obj.get("author")), date=_csl_date(obj.get("issued")),
        url=url or (f"https://doi.org/{doi}" if doi else None), doi=doi)


SHAPES: tuple[tuple[str, Callable[[Mapping], bool], Callable[[Mapping, str], PaperRecord]], ...] = (
    ("openalex", _is_openalex, _openalex),
    ("semantic-scholar", _is_semantic_scholar, _semantic_scholar),
    ("csl-json", _is_csl, _csl),
)


def api_record(obj: Mapping, path: str, line: int) -> PaperRecord | None:
    """The record when `obj` has one of the shapes above, else None."""
    for _, matches, read in SHAPES:
        if matches(obj):
            return read(obj, f"{path}:{line}")
    return None
