"""`graphkb update` (add papers to a build) and `graphkb diff` (what changed between two builds)."""
from __future__ import annotations

import time
from pathlib import Path

import click

from .. import digest
from ..build import update as run_update
from ..changes import GraphSnapshot, diff
from ..fileio import atomic_writer
from ..outdir import CHANGES_FILE, DIGEST_FILE, FEED_FILE
from .common import BarProgress, input_options, jobs_option, read_graph, report_skipped, reports_errors


@click.command()
@click.argument("out", type=click.Path(file_okay=False))
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@input_options
@click.option("--year", type=click.IntRange(1991, 9999), default=None, metavar="YYYY",
              help="The year of Daily Papers listing dates printed without one [default: the build's].")
@jobs_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no digest.")
@reports_errors
def update(out, inputs, fmt, on_error, year, jobs, quiet):
    """Add the papers of INPUTS to the build in OUT, and say what changed (OUT/digest.md).

    Papers already in the build keep their ids and are not read again; input files already
    in the build are skipped. The build's options apply.
    """
    started = time.perf_counter()
    kg, report, changes = run_update(out, inputs, fmt, skip_bad_records=on_error == "skip",
                                     progress=BarProgress(enabled=not quiet), jobs=jobs or None, listing_year=year)
    report_skipped(report.skipped)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if quiet:
        return
    click.echo(f"Read {report.records:,} new records: {report.new_papers:,} new papers, "
               f"{report.papers:,} in the graph")
    click.echo(digest.markdown(changes, f"What's new in {Path(out).name}"))
    for path in report.written:
        click.echo(f"Wrote {path}")
    secs = ", ".join(f"{k} {v:.2f} s" for k, v in report.seconds.items())
    click.echo(f"Done in {time.perf_counter() - started:.2f} s ({secs})")


@click.command("diff")
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help=f"Also write {CHANGES_FILE}, {DIGEST_FILE} and {FEED_FILE} into this folder.")
@click.option("--json", "as_json", is_flag=True, help=f"Print {CHANGES_FILE} instead of the digest.")
@reports_errors
def diff_command(old, new, out_dir, as_json):
    """What changed from build OLD to build NEW (folders or graph.json files): new papers by
    topic, first-seen methods, benchmarks and tasks, jumps in use, new links and topics."""
    changes = diff(*(read_graph(build, GraphSnapshot.of_parquet, GraphSnapshot.of) for build in (old, new)))
    name = Path(new).resolve().name if Path(new).is_dir() else Path(new).resolve().parent.name
    files = digest.change_files(changes, name)
    click.echo(files[CHANGES_FILE if as_json else DIGEST_FILE].decode("utf-8").rstrip("\n"))
    if out_dir:
        for filename, content in files.items():
            with atomic_writer(Path(out_dir) / filename, "wb") as fh:
                fh.write(content)

def register(main: click.Group) -> None:
    main.add_command(update)
    main.add_command(diff_command)
