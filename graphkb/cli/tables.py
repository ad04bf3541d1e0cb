"""Query results as text: an aligned table for people, JSON or CSV for programs."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence

MAX_CELL = 80  # table cells longer than this are cut (json and csv keep everything)


def _cell(value, shorten: Callable[[str], str] | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}"
    text = str(shorten(value) if shorten is not None else value)
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def as_table(columns: Sequence[str], rows: Sequence[Sequence], shorten: Callable[[str], str] | None = None) -> str:
    cells = [[_cell(v, shorten) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) and rows
               for i in range(len(columns))]

    def line(values):
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def as_json(columns: Sequence[str], rows: Sequence[Sequence]) -> str:
    return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2) + "\n"


def as_csv(columns: Sequence[str], rows: Sequence[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v)
                         for v in row])
    return buffer.getvalue()


FORMATTERS: dict[str, Callable[..., str]] = {
    "table": as_table,
    "json": lambda columns, rows, shorten=None: as_json(columns, rows),
    "csv": lambda columns, rows, shorten=None: as_csv(columns, rows),
}
OUTPUT_FORMATS = tuple(FORMATTERS)


def format_rows(columns: Sequence[str], rows: Sequence[Sequence], fmt: str,
                shorten: Callable[[str], str] | None = None) -> str:
    """`shorten` (table only) may abbreviate values, e.g. IRIs to prefixed names."""
    return FORMATTERS[fmt](columns, rows, shorten)
