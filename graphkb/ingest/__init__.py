"""Read paper records from files and folders in any supported format.

Formats register themselves in `registry.FORMATS`; a file's format is chosen
by its extension (after `.gz`), else by sniffing its text, unless forced.
"""
from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..records import PaperRecord
from . import csv_records, hf_dump, json_records, jsonl  # noqa: F401  (register the formats)
from .dedupe import without_id_conflicts
from .registry import FORMATS, Format

# Sniffing order: the structured formats first, the page dump as the fallback.
_SNIFF_ORDER = ("jsonl", "json", "tsv", "csv", "hf-dump")


@dataclass
class ErrorReport:
    """Collects bad records: raises the first one, or keeps them all when skipping."""

    skip: bool = False
    skipped: list[InputError] = field(default_factory=list)

    def __call__(self, error: InputError) -> None:
        if not self.skip:
            raise error
        self.skipped.append(error)


def input_files(raw: str | Path) -> list[tuple[Path, str]]:
    """Files to read for one argument, with the name each is reported under.

    A folder is walked recursively (sorted, hidden files skipped) for files with
    a known extension; a file named explicitly is always read.
    """
    path = Path(raw)
    if path.is_file():
        return [(path, path.name)]
    if not path.is_dir():
        raise InputError(str(raw), None, "no such file or folder")
    known = {ext for fmt in FORMATS.values() for ext in fmt.extensions}
    files = []
    for child in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = child.relative_to(path)
        if not any(part.startswith(".") for part in rel.parts) and _extension(child) in known:
            files.append((child, (Path(path.name) / rel).as_posix()))
    return files


def _extension(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def decode(path: Path, name: str) -> str:
    """The file's text: gunzipped if needed, UTF-8 (or UTF-16 with a BOM)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(name, None, f"cannot read: {e.strerror}") from None
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as e:
            raise InputError(name, None, f"not a valid gzip file: {e}") from None
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(name, line, f"not valid {encoding.split('-sig')[0].upper()} text "
                                     f"(byte 0x{data[e.start]:02x} at offset {e.start})") from None
    if not text.strip():
        raise InputError(name, None, "empty file")
    return text


def detect_format(path: Path, text: str) -> Format:
    ext = _extension(path)
    for fmt in FORMATS.values():
        if ext in fmt.extensions:
            return fmt
    return next(FORMATS[n] for n in _SNIFF_ORDER if FORMATS[n].sniff(text))


def read_file(path: Path, name: str, report: ErrorReport, fmt: str | None = None) -> list[PaperRecord]:
    """All records of one file; a file-level problem raises (or is skipped) as a whole."""
    try:
        text = decode(path, name)
        reader = FORMATS[fmt] if fmt else detect_format(path, text)
        before = len(report.skipped)
        records = list(reader.read(text, name, report))
        if not records and len(report.skipped) == before:
            raise InputError(name, None, f"no paper records found (read as {reader.name}; "
                                         "use --format to choose another format)")
        return records
    except InputError as e:
        report(e)
        return []


def read_inputs(paths: Iterable[str | Path], fmt: str | None = None,
                report: ErrorReport | None = None) -> list[PaperRecord]:
    """Records from all files and folders in `paths`, in input order."""
    report = report if report is not None else ErrorReport()
    records: list[PaperRecord] = []
    for raw in paths:
        try:
            files = input_files(raw)
        except InputError as e:
            report(e)
            continue
        for path, name in files:
            records.extend(read_file(path, name, report, fmt))
    # one id for two different papers is a bad record, reported here with the others
    return without_id_conflicts(records, report)
