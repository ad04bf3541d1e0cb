"""Hugging Face Daily Papers: `/api/daily_papers?date=YYYY-MM-DD`, one JSONL file per day.

Each line is one object of the API's answer, in the API's own shape (which the jsonl
reader understands), plus `listedOn`, the day it was listed. A day whose file exists is
skipped unless `refresh`; days from today on (UTC) are never final, so they are fetched again.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ..errors import GraphkbError
from ..fileio import atomic_writer
from ..progress import NoProgress, Progress
from .http import FetchError, HttpClient, env_url, parse_json

DEFAULT_URL = "https://huggingface.co"


def api_url() -> str:
    return env_url("GRAPHKB_HF_API_URL", DEFAULT_URL)


@dataclass
class DailyReport:
    fetched: dict[str, int] = field(default_factory=dict)  # day -> papers
    skipped: list[str] = field(default_factory=list)  # days already fetched
    written: list[Path] = field(default_factory=list)


def days_between(since: date, until: date) -> list[date]:
    if until < since:
        raise GraphkbError(f"--until {until} is before --since {since}")
    return [since + timedelta(days=i) for i in range((until - since).days + 1)]


def today_utc() -> date:
    return datetime.now(timezone.utc).date()


def _parse_day(body: bytes, url: str) -> list[dict]:
    data = parse_json(body, url)
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        raise FetchError(f"{url}: the API answered an error: {data['error']}")
    if not isinstance(data, list) or not all(isinstance(x, dict) and isinstance(x.get("paper"), dict)
                                             for x in data):
        raise FetchError(f"{url}: malformed response: expected a list of {{paper: ...}} objects")
    return data


def fetch_day(client: HttpClient, day: date) -> list[dict]:
    """The papers listed on `day`, each tagged with `listedOn`."""
    final = day < today_utc()
    items = client.get(f"{api_url()}/api/daily_papers", {"date": day.isoformat()}, _parse_day, cache=final)
    return [{**item, "listedOn": day.isoformat()} for item in items]


def day_file(folder: Path, day: date) -> Path:
    return folder / f"hf-daily-{day.isoformat()}.jsonl"


def _lines(items: list[dict]) -> str:
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items)


def fetch_days(client: HttpClient, days: Sequence[date], out: Path, refresh: bool = False,
               progress: Progress | None = None) -> DailyReport:
    """Fetch `days` into `out`: a folder (one file per day) or one `.jsonl` file for all of them.

    Into a folder, each day is written as soon as it is fetched, so an interrupted run
    resumes where it stopped. A day without papers (a weekend) writes no file.
    """
    progress = progress or NoProgress()
    report = DailyReport()
    single_file = out.suffix.lower() in (".jsonl", ".ndjson")
    collected: list[dict] = []
    progress.start("hf-daily", len(days))
    for day in days:
        target = day_file(out, day)
        if not single_file and not refresh and day < today_utc() and target.is_file():
            report.skipped.append(day.isoformat())
            progress.advance()
            continue
        items = fetch_day(client, day)
        report.fetched[day.isoformat()] = len(items)
        if single_file:
            collected.extend(items)
        elif items:
            with atomic_writer(target) as fh:
                fh.write(_lines(items))
            report.written.append(target)
        progress.advance()
    progress.finish()
    if single_file:
        with atomic_writer(out) as fh:
            fh.write(_lines(collected))
        report.written.append(out)
    return report
