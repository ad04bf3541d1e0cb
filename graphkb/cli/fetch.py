"""`graphkb fetch hf-daily|arxiv` and `graphkb enrich citations`: the only commands that use the network."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from ..build import enrichment_files
from ..fetch import arxiv, hf_daily, openalex, semantic_scholar  # noqa: F401  (register the sources)
from ..fetch.citations import SOURCES, enrich
from ..fetch.http import HttpClient, HttpOptions, Secret, default_cache_dir
from ..fileio import atomic_writer
from ..outdir import rewrite_build
from .common import BarProgress, load_graph, reports_errors


def http_options(fn):
    """Cache, retry and backoff options shared by every command that fetches."""
    options = [
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     help="Where responses are cached [default: $GRAPHKB_CACHE_DIR or ~/.cache/graphkb/http]."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache."),
        click.option("--retries", type=click.IntRange(min=0), default=HttpOptions.retries, show_default=True,
                     help="Retries of a request answered 429 or 5xx, or that could not connect."),
        click.option("--backoff", type=click.FloatRange(min=0), default=HttpOptions.backoff, show_default=True,
                     help="Seconds before the first retry, doubled each time (at least what Retry-After asks)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def make_client(cache_dir, no_cache, retries, backoff, refresh=False, min_interval=0.0,
                secrets: tuple[Secret, ...] = ()) -> HttpClient:
    cache = None if no_cache else Path(cache_dir) if cache_dir else default_cache_dir()
    return HttpClient(HttpOptions(retries=retries, backoff=backoff, cache_dir=cache, refresh=refresh,
                                  min_interval=min_interval), secrets=secrets)


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


@click.group()
def fetch() -> None:
    """Fetch papers from Hugging Face Daily Papers or arXiv into files `graphkb build` reads."""


@fetch.command("hf-daily")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="One day of Daily Papers.")
@click.option("--since", metavar="YYYY-MM-DD", help="Every day from this one ...")
@click.option("--until", metavar="YYYY-MM-DD", help="... to this one [default: today, UTC].")
@click.option("-o", "--out", required=True, type=click.Path(),
              help="A folder (one hf-daily-DAY.jsonl per day) or a .jsonl file (all days in one).")
@click.option("--refresh", is_flag=True, help="Fetch days already fetched again (and skip the cache).")
@http_options
@reports_errors
def hf_daily_command(day, since, until, out, refresh, cache_dir, no_cache, retries, backoff, quiet):
    """Hugging Face Daily Papers of a day or a range of days, in the API's own JSON shape.

    Days already in the folder are skipped, so a daily cron job is one command.
    """
    one, first, last = _day(day, "--date"), _day(since, "--since"), _day(until, "--until")
    if (one is None) == (first is None):
        raise click.UsageError("give either --date or --since")
    if one is not None and last is not None:
        raise click.UsageError("--until goes with --since, not --date")
    days = [one] if one else hf_daily.days_between(first, last or hf_daily.today_utc())
    client = make_client(cache_dir, no_cache, retries, backoff, refresh=refresh)
    report = hf_daily.fetch_days(client, days, Path(out), refresh=refresh, progress=BarProgress(not quiet))
    if quiet:
        return
    papers = sum(report.fetched.values())
    click.echo(f"Fetched {len(report.fetched)} day(s), {papers:,} papers ({len(report.skipped)} day(s) already "
               f"fetched, {client.network_requests} request(s), {client.cache_hits} from the cache)", err=True)
    for path in report.written:
        click.echo(f"Wrote {path}", err=True)


@fetch.command("arxiv")
@click.option("--query", help='An arXiv search query, e.g. \'cat:cs.CL AND abs:"reward model"\'.')
@click.option("--ids", help="Comma-separated arXiv ids, e.g. 2401.12345,2402.00001.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only papers submitted on or after this day (newest first).")
@click.option("--max", "max_results", type=click.IntRange(min=1), default=None, help="At most this many papers.")
@click.option("--delay", type=click.FloatRange(min=0), default=arxiv.DELAY, show_default=True,
              help="Seconds between two requests (arXiv asks for 3).")
@click.option("--page-size", type=click.IntRange(1, 2000), default=100, show_default=True,
              help="Results per request.")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="JSONL file to write.")
@http_options
@reports_errors
def arxiv_command(query, ids, since, max_results, delay, page_size, out, cache_dir, no_cache, retries, backoff,
                  quiet):
    """Papers from the arXiv API by search query or ids, as JSONL records `graphkb build` reads."""
    if not query and not ids:
        raise click.UsageError("give --query or --ids")
    since_day = _day(since, "--since")
    id_list = [i.strip() for i in (ids or "").split(",") if i.strip()]
    client = make_client(cache_dir, no_cache, retries, backoff, min_interval=delay)
    report = arxiv.search(client, query, id_list, since_day.isoformat() if since_day else None, max_results,
                          page_size, progress=BarProgress(not quiet))
    with atomic_writer(out) as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in report.records)
    if not quiet:
        click.echo(f"Fetched {len(report.records):,} papers of {report.total:,} matching in {report.pages} page(s) "
                   f"({client.network_requests} request(s), {client.cache_hits} from the cache) -> {out}", err=True)


@click.group()
def enrich_group() -> None:
    """Add what other services know to a built graph."""


@enrich_group.command("citations")
@click.argument("out", type=click.Path(exists=True))
@click.option("--source", type=click.Choice(sorted(SOURCES)), default="openalex", show_default=True,
              help="Where references come from (OpenAlex: OPENALEX_API_KEY, GRAPHKB_MAILTO; Semantic "
                   "Scholar: S2_API_KEY).")
@click.option("--add-cited", is_flag=True,
              help="Also add cited papers outside the graph as Paper nodes (else only counted).")
@click.option("--delay", type=click.FloatRange(min=0), default=None,
              help="Seconds between two requests [default: openalex 0, semantic-scholar 1].")
@http_options
@reports_errors
def citations_command(out, source, add_cited, delay, cache_dir, no_cache, retries, backoff, quiet):
    """Add real citations (CITES) between the papers of a built graph (OUT folder).

    Papers with an arXiv id or a DOI are looked up; references to papers outside the graph
    are counted on the citing paper (references_outside). graph.json and its views are rewritten.
    """
    kg = load_graph(out)
    chosen = SOURCES[source]
    client = make_client(cache_dir, no_cache, retries, backoff, secrets=chosen.secrets(),
                         min_interval=chosen.delay if delay is None else delay)
    report = enrich(kg, source, client, add_cited=add_cited, progress=BarProgress(not quiet))
    written = rewrite_build(kg, out, enrichment_files(out, kg, {
        "command": "enrich citations", "source": source, "add_cited": add_cited, "cites": report.cites,
        "references_outside": report.outside, "cited_added": report.added}))
    if quiet:
        return
    click.echo(f"{source}: looked up {report.looked_up:,} papers ({report.not_found:,} not found): "
               f"{report.cites:,} CITES between papers of the graph, {report.outside:,} references outside it"
               + (f", {report.added:,} cited papers added" if add_cited else ""), err=True)
    for path in written:
        click.echo(f"Wrote {path}", err=True)


def register(main: click.Group) -> None:
    main.add_command(fetch)
    main.add_command(enrich_group, name="enrich")
