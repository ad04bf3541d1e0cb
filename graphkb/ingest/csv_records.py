"""CSV and TSV with a header row naming (at least) a title column; abstract, id, authors, date, url optional."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputError
from ..records import PaperRecord
from .registry import Format, ReportError, register
from .shapes import record_from_mapping

# Header spellings accepted for each field we read (compared case-insensitively).
MAX_FIELD_CHARS = 1 << 24  # csv's default (128 KB) is less than some abstracts and author lists
_COLUMNS = {
    "title": ("title", "paper_title"),
    "abstract": ("abstract", "summary", "abstract_text"),
    "id": ("id", "paper_id", "arxiv_id"),
    "authors": ("authors", "author"),
    "date": ("date", "published", "publication_date", "year"),
    "url": ("url", "link"),
    "categories": ("categories",),
}


def _header_map(header: list[str]) -> dict[str, str]:
    lowered = {h.strip().lower(): h for h in header if h}
    found = {}
    for field, names in _COLUMNS.items():
        for name in names:
            if name in lowered:
                found[field] = lowered[name]
                break
    return found


def _malformed(path: str, start: int, end: int, reason: str) -> InputError:
    if reason == "unexpected end of data":
        return InputError(path, start, f"unterminated quote: the quoted field opened on this line runs "
                                       f"to the end of the file (line {end})")
    where = f" (the row starts on line {start})" if start != end else ""
    return InputError(path, end, f"malformed CSV: {reason}{where}")


def _rows_after(text: str, line: int, delimiter: str):
    """A reader of `text` from the line after `line` on."""
    rest = text.split("\n", line)[-1] if text.count("\n") >= line else ""
    return csv.reader(io.StringIO(rest), delimiter=delimiter, strict=True)


def _reader(delimiter: str):
    def read(text: str, path: str, report: ReportError) -> Iterator[PaperRecord]:
        with _field_size_limit(MAX_FIELD_CHARS):
            yield from _rows(text, path, report, delimiter)
    return read


def _rows(text: str, path: str, report: ReportError, delimiter: str) -> Iterator[PaperRecord]:
    """The records of a whole file, one per data row; a bad row goes to `report`."""
    # strict: a quote that is never closed, or closed in the middle of a field, is an error
    # (not a field that swallows every row after it)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = next(rows)
    except (StopIteration, csv.Error) as e:
        raise InputError(path, 1, f"cannot read the CSV header: {e}") from None
    columns = _header_map(header)
    if "title" not in columns:
        raise InputError(path, 1, f"no title column in the header (columns: {', '.join(header)})")
    index = {field: header.index(col) for field, col in columns.items()}
    offset = 0  # lines before the text `rows` reads (after an unterminated quote: up to its line)
    while True:
        start = offset + rows.line_num + 1  # the line the next row starts on
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as e:
            report(_malformed(path, start, offset + rows.line_num, str(e)))
            if str(e) == "unexpected end of data":  # skipped: read on from the line after it
                rows, offset = _rows_after(text, start, delimiter), start
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            report(InputError(path, offset + rows.line_num,
                              f"expected {len(header)} fields, found {len(row)}"))
            continue
        obj = {field: row[i] for field, i in index.items()}
        try:
            yield record_from_mapping(obj, path, offset + rows.line_num)
        except InputError as e:
            report(e)


@contextmanager
def _field_size_limit(limit: int) -> Iterator[None]:
    """csv's field size limit is process-wide: raise it while a file is read, then put it back."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _sniffer(delimiter: str):
    def sniff(text: str) -> bool:
        first = text.lstrip().split("\n", 1)[0].lower()
        return delimiter in first and "title" in first
    return sniff


CSV = register(Format("csv", (".csv",), _reader(","), _sniffer(","),
                      "comma-separated, header row with title (and abstract) columns"))
TSV = register(Format("tsv", (".tsv", ".tab"), _reader("\t"), _sniffer("\t"),
                      "tab-separated, header row with title (and abstract) columns"))
