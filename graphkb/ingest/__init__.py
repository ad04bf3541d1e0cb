"""Read paper records from files and folders in any supported format.

Formats register themselves in `registry.FORMATS`; a file's format is chosen
by its extension (after `.gz`), else by sniffing its text, unless forced.
"""
from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..records import PaperRecord
from . import bibtex, csv_records, hf_dump, json_records, jsonl  # noqa: F401  (register the formats)
from .dedupe import without_id_conflicts
from .registry import FORMATS, Format

# Sniffing order: the structured formats first, the page dump as the fallback.
_SNIFF_ORDER = ("jsonl", "json", "bibtex", "tsv", "csv", "hf-dump")


@dataclass
class ErrorReport:
    """Collects bad records: raises the first one, or keeps them all when skipping."""

    skip: bool = False
    skipped: list[InputError] = field(default_factory=list)

    def __call__(self, error: InputError) -> None:
        if not self.skip:
            raise error
        self.skipped.append(error)


def input_files(raw: str | Path, report: ErrorReport | None = None) -> list[tuple[Path, str]]:
    """Files to read for one argument, with the name each is reported under.

    A folder is walked recursively (sorted, hidden files skipped) for files with
    a known extension; a file named explicitly is always read. A sub-folder that
    cannot be listed goes to `report` (raised by default), never skipped silently.
    """
    report = report if report is not None else ErrorReport()
    path = Path(raw)
    if path.is_file():
        return [(path, display_name(path.name))]
    if not path.is_dir():
        raise InputError(display_name(str(raw)), None, "no such file or folder")
    known = {ext for fmt in FORMATS.values() for ext in fmt.extensions}
    unreadable: list[OSError] = []
    found = []
    seen = {os.path.realpath(path)}  # linked folders are followed, each once (no loops)
    for folder, subfolders, names in os.walk(path, onerror=unreadable.append, followlinks=True):
        kept = []
        for d in sorted(subfolders):
            real = os.path.realpath(os.path.join(folder, d))
            if not d.startswith(".") and real not in seen:
                seen.add(real)
                kept.append(d)
        subfolders[:] = kept
        found.extend(Path(folder) / n for n in names if not n.startswith("."))
    for e in sorted(unreadable, key=lambda e: str(e.filename)):
        name = display_name((Path(path.name) / Path(e.filename).relative_to(path)).as_posix())
        report(InputError(name, None, f"cannot read folder: {e.strerror}"))
    files = []
    for child in sorted(found):
        if child.is_file() and _extension(child) in known:
            files.append((child, display_name((Path(path.name) / child.relative_to(path)).as_posix())))
    return files


def display_name(name: str) -> str:
    """A file name as text that can be printed and stored: bytes that are not UTF-8 (kept by
    the OS as lone surrogates) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _extension(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(name, None, f"cannot read: {e.strerror}") from None


def decode(path: Path, name: str, data: bytes | None = None) -> str:
    """The file's text: gunzipped if needed, UTF-8 or UTF-16 (told by its BOM, or by its NULs).
    data: the file's bytes, if already read (else they are read from `path`)."""
    if data is None:
        data = read_bytes(path, name)
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(name, None, f"not a valid gzip file: {e}") from None
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else _bomless_utf16(data) or "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(name, line, f"not valid {encoding.split('-sig')[0].upper()} text "
                                     f"(byte 0x{data[e.start]:02x} at offset {e.start})") from None
    if not text.strip():
        raise InputError(name, None, "empty file")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError(name, line, "NUL character in the text (a binary file?)")
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` for UTF-16 text without a byte-order mark: in text that is
    mostly ASCII, every other byte is NUL (read as UTF-8 it would be text full of NULs)."""
    head = data[:4096]
    half = len(head) // 2
    if half < 2:
        return None
    even, odd = head[0:half * 2:2].count(0), head[1:half * 2:2].count(0)
    if odd >= 0.4 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.4 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def detect_format(path: Path, text: str) -> Format:
    ext = _extension(path)
    for fmt in FORMATS.values():
        if ext in fmt.extensions:
            return fmt
    return next(FORMATS[n] for n in _SNIFF_ORDER if FORMATS[n].sniff(text))


def read_file(path: Path, name: str, report: ErrorReport, fmt: str | None = None,
              data: bytes | None = None) -> list[PaperRecord]:
    """All records of one file; a file-level problem raises (or is skipped) as a whole.
    data: the file's bytes, if already read (an engine reads them here and parses them elsewhere)."""
    try:
        text = decode(path, name, data)
        reader = FORMATS[fmt] if fmt else detect_format(path, text)
        before = len(report.skipped)
        records = [r for r in reader.read(text, name, report) if _within_limits(r, report)]
        if not records and len(report.skipped) == before:
            raise InputError(name, None, f"no paper records found (read as {reader.name}; "
                                         "use --format to choose another format)")
        return records
    except InputError as e:
        report(e)
        return []


# Sizes no real paper reaches: a record beyond them is an error of its own (a 20 MB title once
# drove a build to 24 GB), not a field carried into every view and tooltip.
FIELD_LIMITS = {"title": 20_000, "abstract": 200_000, "id": 500, "url": 2_000, "author name": 500}
MAX_AUTHORS = 5_000


def _within_limits(r: PaperRecord, report: ErrorReport) -> bool:
    sizes = [("title", len(r.title)), ("abstract", len(r.abstract)), ("id", len(r.id or "")),
             ("url", len(r.url or "")), ("author name", max(map(len, r.authors), default=0))]
    reasons = [f"{field} of {size:,} characters (at most {FIELD_LIMITS[field]:,})"
               for field, size in sizes if size > FIELD_LIMITS[field]]
    if len(r.authors) > MAX_AUTHORS:
        reasons.append(f"{len(r.authors):,} authors (at most {MAX_AUTHORS:,})")
    if reasons:
        report(InputError(r.source, None, "too big: " + ", ".join(reasons)))
        return False
    # whatever the reader, text must be writable as UTF-8: a lone surrogate ("\ud800" in JSON) is not
    texts = (r.title, r.abstract, r.id or "", r.url or "", r.doi or "", *r.authors)
    if not all(_encodable(t) for t in texts):
        report(InputError(r.source, None, "not valid unicode (a lone surrogate such as \\ud800)"))
        return False
    return True


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Reads files elsewhere (an engine's workers): given [(path, name)] and the format, gives for
# each file, in order, its records and the bad records found in it (read_file, skipping them).
MapFiles = Callable[[list[tuple[Path, str]], "str | None"], Iterable[tuple[list[PaperRecord], list[InputError]]]]


def read_inputs(paths: Iterable[str | Path], fmt: str | None = None,
                report: ErrorReport | None = None, map_files: MapFiles | None = None) -> list[PaperRecord]:
    """Records from all files and folders in `paths`, in input order.

    map_files: reads the files elsewhere; the records, and the bad ones reported (the first
    raised unless skipping), are the same and come in the same order as when read here.
    """
    report = report if report is not None else ErrorReport()
    records: list[PaperRecord] = []
    if map_files is None:
        for raw in paths:
            try:
                files = input_files(raw, report)
            except InputError as e:
                report(e)
                continue
            for path, name in files:
                records.extend(read_file(path, name, report, fmt))
    else:
        plan: list[InputError | tuple[Path, str]] = []  # each argument's listing errors, then its files
        for raw in paths:
            listing = ErrorReport(skip=True)
            try:
                files = input_files(raw, listing)
            except InputError as e:
                listing(e)
                files = []
            plan += [*listing.skipped, *files]
        read = iter(map_files([step for step in plan if not isinstance(step, InputError)], fmt))
        for step in plan:
            if isinstance(step, InputError):
                report(step)
                continue
            found, errors = next(read)
            for error in errors:
                report(error)
            records.extend(found)
    # one id for two different papers is a bad record, reported here with the others
    return without_id_conflicts(records, report)
