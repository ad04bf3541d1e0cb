"""`graphkb trends`: rising and fading entities of a build (graphkb/trends.py does the work)."""
from __future__ import annotations

from pathlib import Path

import click

from ..graph import graph_file
from ..querypack import FORMATS, QueryResult, format_table
from ..trends import KINDS, as_rows, describe, find_trends, find_trends_in_parquet, write_chart
from .common import read_graph, reports_errors


@click.command()
@click.argument("out", type=click.Path(exists=True))
@click.option("--kind", "kinds", type=click.Choice(sorted(KINDS)), multiple=True,
              help="Only this kind of entity (repeatable). [default: all four]")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many rising and how many fading entities.")
@click.option("--window", type=click.IntRange(min=1), default=None,
              help="Months in the recent window, the last of the period. "
                   "[default: a third of the months covered, 1 to 3]")
@click.option("--since", metavar="YYYY-MM", default=None,
              help="The first month of the recent window (instead of --window).")
@click.option("--until", metavar="YYYY-MM", default=None,
              help="The last month of the period; later papers do not count. [default: the latest paper's]")
@click.option("--chart", type=click.Path(dir_okay=False), default=None,
              help="Also draw the rising and fading entities into FILE.svg or FILE.png (needs graphkb[charts]).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="table", show_default=True,
              help="Output format; json and csv give per_month as the counts of each month.")
@reports_errors
def trends(out, kinds, top, window, since, until, chart, fmt):
    """Which methods, benchmarks, tasks and concepts are rising, and which fading, in OUT.

    \b
    graphkb trends out/
    graphkb trends out/ --kind method --top 10 --since 2025-06 --chart trends.svg

    Compares each entity's share of the papers of the recent window with its share before it
    (the baseline): burst = (r - n*R/T) / sqrt(n*R/T + 1), where r and n are the entity's papers
    in the window and in the whole period, R and T all papers in them. Only papers dated to the
    month count.
    """
    where = str(graph_file(Path(out)))
    report = read_graph(out, lambda path: find_trends_in_parquet(path, kinds or None, top, window, since, until),
                        lambda kg: find_trends(kg, kinds or None, top, window, since, until, where=where))
    if chart:
        write_chart(report, chart)
    if fmt != "table":
        click.echo(FORMATS[fmt](as_rows(report)), nl=False)
    else:
        click.echo(f"Trends in {where}: " + describe(report))
        for trend, found in (("rising", report.rising), ("fading", report.fading)):
            click.echo(f"\n{trend.capitalize()}: {len(found)}" if found else f"\n{trend.capitalize()}: none")
            if found:
                result = as_rows(report, table=True, which=(trend,))
                columns = [c for c in result.columns if c != "trend"]
                click.echo(format_table(QueryResult(columns, result.rows)), nl=False)
    if chart:
        click.echo(f"Wrote {chart}", err=True)


def register(main: click.Group) -> None:
    main.add_command(trends)
