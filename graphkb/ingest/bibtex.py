"""BibTeX (`.bib`, e.g. a Zotero or Google Scholar export): one record per entry.

Parsed by bibtexparser (v2), a maintained parser that copes with the real files
reference managers write (@string macros, nested braces, comments, month macros);
graphkb's own text cleaning turns the LaTeX left in titles and abstracts into text.
An entry bibtexparser cannot parse is reported with its line, like a bad JSON line.
Fields: title, abstract, author ("A and B"), year/month or date, doi, url, eprint
(with archivePrefix arXiv) or an arXiv URL/DOI, keywords are ignored.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from ..errors import InputError
from ..records import PaperRecord
from ..text import clean_text
from .api_shapes import doi_of
from .fields import arxiv_id_of, iso_date
from .registry import Format, ReportError, register

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                        "nov", "dec"), start=1)}
_ENTRY_RE = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def _field(fields: dict, name: str) -> str:
    field = fields.get(name)
    return str(field.value).strip() if field is not None and field.value is not None else ""


def _unbrace(value: str) -> str:
    return value.replace("{", "").replace("}", "")


def _date(fields: dict) -> str | None:
    if _field(fields, "date"):
        return iso_date(_field(fields, "date"))
    year = _field(fields, "year")
    if not re.fullmatch(r"\d{4}", year):
        return None
    month = _field(fields, "month").lower()[:3]
    month_no = _MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
    return f"{year}-{month_no:02d}" if month_no else year


def _authors(value: str) -> tuple[str, ...]:
    """`Last, First and First Last and others` -> ("First Last", "First Last")."""
    names = []
    for part in re.split(r"\s+and\s+", " ".join(value.split())):
        part = _unbrace(part).strip()
        if not part or part.lower() == "others":
            continue
        if "," in part:
            last, _, first = part.partition(",")
            part = f"{first.strip()} {last.strip()}".strip()
        names.append(clean_text(part))
    return tuple(names)


def _record(entry, path: str) -> PaperRecord:
    fields = entry.fields_dict
    line = entry.start_line + 1  # bibtexparser counts lines from 0
    doi = doi_of(_field(fields, "doi"))
    url = _field(fields, "url") or None
    eprint = _field(fields, "eprint")
    prefix = (_field(fields, "archiveprefix") or _field(fields, "archivePrefix") or _field(fields, "eprinttype"))
    arxiv = ((arxiv_id_of(eprint) if eprint and (not prefix or prefix.lower() == "arxiv") else None)
             or arxiv_id_of(url) or (arxiv_id_of(doi.split("arxiv.", 1)[1]) if doi and "arxiv." in doi else None))
    return PaperRecord(
        title=clean_text(_unbrace(_field(fields, "title"))),
        abstract=clean_text(_field(fields, "abstract")),
        source=f"{path}:{line}", id=None, arxiv_id=arxiv, authors=_authors(_field(fields, "author")),
        date=_date(fields), url=url or (f"https://doi.org/{doi}" if doi else None), doi=doi)


def read(text: str, path: str, report: ReportError) -> Iterator[PaperRecord]:
    import bibtexparser  # only BibTeX inputs pay for the import

    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # its own warnings duplicate the errors reported below
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.setLevel(level)
    blocks = sorted([(b.start_line, "entry", b) for b in library.entries]
                    + [(b.start_line, "failed", b) for b in library.failed_blocks], key=lambda x: x[0])
    for start, kind, block in blocks:
        if kind == "failed":
            error = getattr(block, "error", None)
            reason = getattr(error, "abort_reason", None) or str(error or "").strip()
            report(InputError(path, start + 1, "malformed BibTeX entry" + (f": {reason}" if reason else "")))
            continue
        record = _record(block, path)
        if not record.title:
            report(InputError(path, start + 1, f"BibTeX entry {block.key!r} has no title"))
            continue
        yield record


def sniff(text: str) -> bool:
    return bool(_ENTRY_RE.search(text[:5000]))


FORMAT = register(Format("bibtex", (".bib", ".bibtex"), read, sniff,
                         "BibTeX entries (a Zotero, Mendeley or Google Scholar export)"))
