"""`graphkb build`, `graphkb extract` and `graphkb stats`."""
from __future__ import annotations

import json
import sys
import time

import click

from ..build import BuildOptions, read_papers
from ..build import build as run_build
from ..engines import ENGINES
from ..errors import GraphkbError
from ..extract import extract_corpus, extraction_record
from ..fileio import atomic_writer
from ..graphdb.connection import Neo4jTarget
from ..graphdb.loader import load_into_neo4j
from ..link.similarity_search import APPROXIMATE_FROM, SEARCHES
from ..summary import format_summary, summarize, summarize_parquet
from .common import BarProgress, input_options, jobs_option, read_graph, report_skipped, reports_errors
from .neo4j import load_summary


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder to write graph.json (and its views) into.")
@input_options
@click.option("--similar-top-k", default=BuildOptions.similar_top_k, show_default=True,
              help="SIMILAR_TO: how many most similar papers to link per paper.")
@click.option("--similar-threshold", default=BuildOptions.similar_threshold, show_default=True,
              help="SIMILAR_TO: minimum TF-IDF cosine score.")
@click.option("--similar-search", type=click.Choice(SEARCHES), default=BuildOptions.similar_search,
              show_default=True,
              help="SIMILAR_TO: compare every pair of papers (exact), or search a nearest-neighbour graph "
                   f"(approximate, `pip install graphkb[scale]`); auto: approximate from {APPROXIMATE_FROM:,} "
                   "papers on.")
@click.option("--topics", type=int, default=None, help="Number of topics [default: grows with the corpus].")
@click.option("--min-concept-papers", default=BuildOptions.min_concept_papers, show_default=True,
              help="A key phrase becomes a Concept node when this many papers have it.")
@click.option("--views/--no-views", default=True, show_default=True,
              help="Also write the views (HTML, RDF, ...) beside graph.json.")
@click.option("--neo4j-uri", default=None, metavar="URI",
              help="Then load the graph into the Neo4j at URI (credentials from NEO4J_USER, "
                   "NEO4J_PASSWORD, NEO4J_DATABASE; see `graphkb load neo4j`).")
@click.option("--year", type=click.IntRange(1991, 9999), default=None, metavar="YYYY",
              help="The year of Daily Papers listing dates printed without one (\"Jul 31\"): they become "
                   "the papers' dates [default: a year printed on the page, else none].")
@jobs_option
@click.option("--engine", type=click.Choice(list(ENGINES)), default="local", show_default=True,
              help="Where reading, extraction and vectorisation run: here, or in Dask partitions "
                   "(`pip install graphkb[dask]`; a LocalCluster of --jobs workers, or --scheduler). "
                   "The output is the same.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: the address of a running Dask scheduler (tcp://HOST:8786) "
                   "[default: a LocalCluster].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@reports_errors
def build(inputs, out, fmt, on_error, similar_top_k, similar_threshold, similar_search, topics, min_concept_papers,
          views, neo4j_uri, year, jobs, engine, scheduler, quiet):
    """Build a knowledge graph from paper files and folders (any mix of formats)."""
    started = time.perf_counter()
    progress = BarProgress(enabled=not quiet)
    options = BuildOptions(similar_top_k=similar_top_k, similar_threshold=similar_threshold,
                           similar_search=similar_search, topics=topics, min_concept_papers=min_concept_papers)
    kg, report = run_build(inputs, fmt, skip_bad_records=on_error == "skip", options=options,
                           progress=progress, jobs=jobs or None, out=out, views=views, listing_year=year,
                           engine=engine, scheduler=scheduler)
    report_skipped(report.skipped)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    loaded = None
    if neo4j_uri:
        try:
            loaded = load_into_neo4j(kg, Neo4jTarget.from_env(uri=neo4j_uri), progress=progress)
        except GraphkbError as e:
            raise GraphkbError(f"the graph was written to {out}, but loading it into Neo4j failed: {e}") from None
    if quiet:
        return
    click.echo(f"Read {report.records:,} records: {report.papers:,} papers "
               f"({report.merged:,} duplicates merged, {len(report.skipped):,} skipped)")
    if report.listings_without_year:
        click.echo(f"{report.listings_without_year:,} records have a Daily Papers listing date without a year "
                   "and so no date (give --year YYYY)")
    click.echo(format_summary(summarize(kg)))
    if report.too_common_to_share:
        click.echo(f"Not used for SHARES_* (in more than {options.max_shared_papers} papers): "
                   + ", ".join(report.too_common_to_share))
    for path in report.written:
        click.echo(f"Wrote {path}")
    if loaded:
        click.echo(load_summary(loaded))
    secs = ", ".join(f"{k} {v:.2f} s" for k, v in report.seconds.items())
    click.echo(f"Done in {time.perf_counter() - started:.2f} s ({secs})")


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out", default="-", show_default=True, type=click.Path(dir_okay=False),
              help="JSONL file to write, or - for standard output.")
@input_options
@jobs_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@reports_errors
def extract(inputs, out, fmt, on_error, jobs, quiet):
    """Extract methods, benchmarks, concepts and repositories, one JSON line per paper."""
    papers, report = read_papers(inputs, fmt, skip_bad_records=on_error == "skip")
    report_skipped(report.skipped)
    extractions = extract_corpus(papers, progress=BarProgress(enabled=not quiet and out != "-"),
                                 jobs=jobs or None)
    lines = (json.dumps(extraction_record(x), ensure_ascii=False) + "\n" for x in extractions)
    if out == "-":
        sys.stdout.writelines(lines)
        return
    with atomic_writer(out) as fh:
        fh.writelines(lines)
    if not quiet:
        n_m = sum(len(x.methods) for x in extractions)
        n_b = sum(len(x.benchmarks) for x in extractions)
        click.echo(f"{len(extractions):,} papers ({report.merged:,} duplicates merged, "
                   f"{len(report.skipped):,} skipped): {n_m:,} methods, {n_b:,} benchmarks -> {out}",
                   err=True)


@click.command()
@click.argument("out", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--top", default=10, show_default=True, help="How many top entities to list.")
@reports_errors
def stats(out, as_json, top):
    """Summarise a built graph (OUT folder or graph.json): counts, top entities, topics."""
    summary = read_graph(out, lambda path: summarize_parquet(path, top), lambda kg: summarize(kg, top))
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_summary(summary))


def register(main: click.Group) -> None:
    for command in (build, extract, stats):
        main.add_command(command)
