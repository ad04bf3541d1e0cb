"""`graphkb export FORMAT OUT -o FILE`: the graph in another format.

Formats with options of their own add their own subcommand to the `export`
group; `simple_export_command` covers formats that need only an output path.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..export import EXPORTERS
from .common import load_graph, reports_errors


@click.group()
def export() -> None:
    """Write a built graph (OUT folder or graph.json) in another format."""


def simple_export_command(name: str) -> click.Command:
    exporter = EXPORTERS[name]

    @click.command(name=name, help=f"{exporter.description}.")
    @click.argument("out", type=click.Path(exists=True))
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
                  help="File to write.")
    @reports_errors
    def command(out, output):
        exporter.write(load_graph(out), Path(output))
        click.echo(f"Wrote {output}", err=True)

    return command


export.add_command(simple_export_command("json"))
export.add_command(simple_export_command("graphml"))
export.add_command(simple_export_command("gexf"))


def register(main: click.Group) -> None:
    main.add_command(export)
