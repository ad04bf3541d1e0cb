"""Daily Papers listing dates get their year: from --year, else from the page, else none (and the
build summary says how many)."""
from __future__ import annotations

import pytest
from cli_support import run

from graphkb.build import read_papers
from graphkb.ingest.listing_dates import date_listings, listing_iso
from graphkb.records import PaperRecord


@pytest.mark.parametrize("printed, year, expected", [
    ("Jul 31", 2025, "2025-07-31"),
    ("Aug 6", 2024, "2024-08-06"),
    ("Sept 3", 2025, "2025-09-03"),
    ("July 4", 2025, "2025-07-04"),
    ("Jul 31, 2024", None, "2024-07-31"),  # the year printed on the page
    ("Jul 31, 2024", 2025, "2024-07-31"),  # ... wins over --year
    ("Jul 31", None, None),
    ("Feb 29", 2023, None),  # no such day
    ("Feb 29", 2024, "2024-02-29"),
    ("Smarch 3", 2025, None),
])
def test_listing_iso(printed, year, expected):
    assert listing_iso(printed, year) == expected


def test_a_record_keeps_its_own_date_and_fetched_listing_dates_are_left_alone():
    own = PaperRecord("T", "A", "a.txt:1", date="2025-07-28", listing_date="Jul 31")
    fetched = PaperRecord("U", "B", "d.jsonl:1", date="2025-07-29", listing_date="2025-07-31")
    (a, b), without = date_listings([own, fetched], 2025)
    assert (a.date, a.listing_date) == ("2025-07-28", "2025-07-31") and b == fetched and without == 0


def test_samples_without_and_with_a_year(samples_dir):
    papers, report = read_papers([samples_dir])
    assert report.listings_without_year == 270 and all(p.date is None for p in papers)
    papers, report = read_papers([samples_dir], listing_year=2025)
    assert report.listings_without_year == 0
    assert {p.date for p in papers} == {"2025-07-31", "2025-08-06", "2025-03-18"}
    assert all(p.listing_date == p.date and p.year == 2025 for p in papers)


def test_a_full_date_on_the_page_gives_the_year(tmp_path, seed_papers):
    page = tmp_path / "page.txt"
    body = "\n\n".join(f"{t}\n\n{a}" for t, a in seed_papers[:2])
    page.write_text(f"Daily Papers\nbyAK and the research community\n\nJul 31, 2024\n\n{body}\n")
    papers, report = read_papers([page])
    assert report.listings_without_year == 0 and {p.date for p in papers} == {"2024-07-31"}


def test_build_summary_says_when_dates_are_missing(tmp_path, samples_dir):
    page = samples_dir / "hf-daily-papers-aug06.txt"
    without = run("build", page, "-o", tmp_path / "a", "--no-views")
    assert without.exit_code == 0, without.output
    assert ("74 records have a Daily Papers listing date without a year and so no date (give --year YYYY)"
            in without.output)
    with_year = run("build", page, "-o", tmp_path / "b", "--no-views", "--year", "2025")
    assert with_year.exit_code == 0 and "without a year" not in with_year.output
    bad = run("build", page, "-o", tmp_path / "c", "--year", "25")
    assert bad.exit_code == 2 and "--year" in bad.output
