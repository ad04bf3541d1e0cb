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


def simple_export_command(name: str, to_folder: bool = False, wrote: str = "Wrote {output}") -> click.Command:
    """`graphkb export NAME OUT -o OUTPUT`: an exporter with no options of its own.

    `to_folder` for exporters that write a folder of files; `wrote` is the message
    printed afterwards (formatted with `output`).
    """
    exporter = EXPORTERS[name]
    output_help = ("Folder to write (new, empty, or a previous export)." if to_folder else "File to write.")

    @click.command(name=name, help=f"{exporter.description}.")
    @click.argument("out", type=click.Path(exists=True))
    @click.option("-o", "--output", required=True,
                  type=click.Path(file_okay=not to_folder, dir_okay=to_folder), help=output_help)
    @reports_errors
    def command(out, output):
        exporter.write(load_graph(out), Path(output))
        click.echo(wrote.format(output=Path(output)), err=True)

    return command


export.add_command(simple_export_command("json"))
export.add_command(simple_export_command("graphml"))
export.add_command(simple_export_command("gexf"))


def register(main: click.Group) -> None:
    main.add_command(export)
