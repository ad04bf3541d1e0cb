"""JSON Lines: one paper record per line (generic, Hugging Face API or arXiv snapshot shape)."""
from __future__ import annotations

from collections.abc import Iterator

from ..errors import InputError
from ..records import PaperRecord
from .registry import Format, ReportError, register
from .shapes import JSON_ERRORS, json_error_reason, parse_json, record_from_mapping


def read(text: str, path: str, report: ReportError) -> Iterator[PaperRecord]:
    # lines end at \n only: a raw U+2028 or U+0085 inside a JSON string is text, not a line end
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = parse_json(line)
        except JSON_ERRORS as e:
            report(InputError(path, lineno, json_error_reason(e)))
            continue
        try:
            yield record_from_mapping(obj, path, lineno)
        except InputError as e:
            report(e)


def sniff(text: str) -> bool:
    lines = [ln for ln in text.lstrip().split("\n", 3)[:3] if ln.strip()]
    return len(lines) >= 1 and all(ln.lstrip().startswith("{") and ln.rstrip().endswith("}") for ln in lines) \
        and not text.lstrip().startswith("[")


FORMAT = register(Format("jsonl", (".jsonl", ".ndjson"), read, sniff,
                         "JSON Lines, one paper object per line"))
