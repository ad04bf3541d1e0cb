"""Field helpers shared by the structured readers (JSON, JSONL, CSV): ids, dates, authors."""
from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z.\-]*/\d{7}"
_ARXIV_ID_RE = re.compile(rf"^(?:arxiv:)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.I)
_ARXIV_URL_RE = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html)|huggingface\.co/papers|alphaxiv\.org/abs)/({_ARXIV_NEW}|{_ARXIV_OLD})",
    re.I,
)


class JsonNumber(float):
    """A JSON number with a fraction, as written (`2401.01230` keeps its last zero): an arXiv id
    given as a number is read as the id it is."""

    def __new__(cls, literal: str):
        number = super().__new__(cls, literal)
        number.literal = literal
        return number

    def __str__(self) -> str:
        return self.literal


def json_int(literal: str) -> int:
    """A JSON integer; one too long to be a count or a year is an error, not a slow conversion."""
    if len(literal.lstrip("-")) > 40:
        raise ValueError(f"number too long ({len(literal)} digits)")
    return int(literal)


def arxiv_id_of(value: str | None) -> str | None:
    """The version-less arXiv id in an id or URL (`2401.01234v2` -> `2401.01234`), or None."""
    if isinstance(value, JsonNumber):
        value = value.literal
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    m = _ARXIV_ID_RE.match(value) or _ARXIV_URL_RE.search(value)
    return m.group(1) if m else None


def iso_date(value) -> str | None:
    """An ISO date (`YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when that is all there is), or None."""
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    m = re.match(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?$", value)
    if m:
        y, mo, d = m.groups()
        if d:
            return f"{y}-{int(mo):02d}-{int(d):02d}"
        return f"{y}-{int(mo):02d}" if mo else y
    try:  # RFC 2822, as in arXiv's "versions": "Mon, 2 Apr 2007 19:18:42 GMT"
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):  # "+99999999999999" as a time zone
        pass
    for fmt in ("%d %b %Y", "%b %d, %Y", "%B %d, %Y", "%d %B %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def author_names(value) -> tuple[str, ...]:
    """Author names from a list of strings, a list of `{name}` objects, or one string.

    Raises TypeError (the reader makes it the record's error) for any other shape.
    """
    if value is None or value == "" or value == []:
        return ()
    if isinstance(value, str):
        parts = re.split(r"\s*(?:,|;|\band\b)\s*", value.replace("\n", " "))
        return tuple(p.strip() for p in parts if p.strip())
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"expected a list of names or one string, got {_type(value)}")
    names = []
    for n, item in enumerate(value, start=1):
        if isinstance(item, dict):
            parts = [item.get("name")] if item.get("name") is not None else \
                [item.get(k) for k in ("given", "family") if item.get(k) is not None]
        elif isinstance(item, (list, tuple)):  # arXiv authors_parsed: [last, first, suffix]
            parts = list(item[1:2]) + list(item[:1])
        else:
            parts = [item]
        if not all(isinstance(p, str) for p in parts):
            raise TypeError(f"author {n}: expected a name, got {_type(item)}")
        name = " ".join(p for p in parts if p)
        if name.strip():
            names.append(" ".join(name.split()))
    return tuple(names)


def categories_of(value) -> tuple[str, ...]:
    """Categories from a space-separated string or a list of strings (TypeError otherwise)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise TypeError(f"expected a list of categories or one string, got {_type(value)}")


def _type(value) -> str:
    """A JSON value's type as the user wrote it."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"
