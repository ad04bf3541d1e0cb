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


def arxiv_id_of(value: str | None) -> str | None:
    """The version-less arXiv id in an id or URL (`2401.01234v2` -> `2401.01234`), or None."""
    if not value:
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
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%d %b %Y", "%b %d, %Y", "%B %d, %Y", "%d %B %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def author_names(value) -> tuple[str, ...]:
    """Author names from a list of strings, a list of `{name}` objects, or one string."""
    if not value:
        return ()
    if isinstance(value, str):
        parts = re.split(r"\s*(?:,|;|\band\b)\s*", value.replace("\n", " "))
        return tuple(p.strip() for p in parts if p.strip())
    names = []
    for item in value:
        if isinstance(item, dict):
            name = item.get("name") or " ".join(
                str(item.get(k, "")) for k in ("given", "family") if item.get(k))
        elif isinstance(item, (list, tuple)):  # arXiv authors_parsed: [last, first, suffix]
            name = " ".join(str(x) for x in (item[1:2] + item[:1]) if x)
        else:
            name = str(item)
        if name and name.strip():
            names.append(" ".join(name.split()))
    return tuple(names)


def categories_of(value) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    return tuple(str(v) for v in value)
