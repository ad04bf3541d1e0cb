"""The year of a Daily Papers listing date.

A saved Hugging Face page prints the day it lists without the year ("Jul 31"). The
year comes from the user (`graphkb build --year 2025`), else from the page itself
when it printed a full date ("Jul 31, 2025"); a listing date that gets a year
becomes an ISO date, and the date of a record that has none of its own, so the date
filter and `rising_methods` work on page dumps. Without a year it stays as printed,
and the build summary counts those records.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from ..records import PaperRecord

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                        "nov", "dec"), start=1)}
_PRINTED_RE = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$")


def listing_iso(printed: str, year: int | None) -> str | None:
    """`Jul 31` + 2025 (or `Jul 31, 2025`) -> `2025-07-31`; None when there is no year or no such day.
    A year printed on the page wins over `year`."""
    m = _PRINTED_RE.match(printed.strip())
    if not m or m.group(1).lower() not in _MONTHS:
        return None
    y = int(m.group(3)) if m.group(3) else year
    if y is None:
        return None
    try:
        return date(y, _MONTHS[m.group(1).lower()], int(m.group(2))).isoformat()
    except ValueError:  # Feb 30, or Feb 29 of a common year
        return None


def date_listings(records: Sequence[PaperRecord], year: int | None = None) -> tuple[list[PaperRecord], int]:
    """The records with their listing dates given a year; and how many listing dates found none."""
    out, without_year = [], 0
    for r in records:
        if not r.listing_date or re.match(r"^\d{4}-\d{2}-\d{2}$", r.listing_date):
            out.append(r)
            continue
        iso = listing_iso(r.listing_date, year)
        if iso is None:
            without_year += 1
            out.append(r)
        else:
            out.append(replace(r, listing_date=iso, date=r.date or iso))
    return out, without_year
