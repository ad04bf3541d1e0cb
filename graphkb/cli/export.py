"""`graphkb export FORMAT OUT`: one subcommand per exporter, generated from its declaration."""
from __future__ import annotations

from pathlib import Path

import click

from ..export import EXPORTERS
from ..export.registry import Exporter, Option
from ..graph import graph_file
from .common import load_graph, reports_errors


@click.group()
def export() -> None:
    """Write a built graph (OUT folder or graph.json) in another format."""


def _click_option(option: Option):
    if isinstance(option.type, tuple):
        kind = click.Choice(option.type)
    elif option.type is int and option.minimum is not None:
        kind = click.IntRange(min=option.minimum)
    else:
        kind = option.type
    return click.option(f"--{option.name.replace('_', '-')}", option.name, type=kind, default=option.default,
                        show_default=option.default is not None, metavar=option.metavar, help=option.help)


def _default_output(out: str, exporter: Exporter, options: dict) -> Path:
    folder = Path(out) if Path(out).is_dir() else Path(out).parent
    return folder / exporter.output_name(options)


def export_command(exporter: Exporter) -> click.Command:
    """`graphkb export NAME OUT [-o OUTPUT] [the exporter's options]`."""
    if exporter.folder:
        output_help = "Folder to write (new, empty, or a previous export)."
        output_type = click.Path(file_okay=False)
    else:
        output_help = "File to write, or - for standard output."
        output_type = click.Path(dir_okay=False, allow_dash=True)
    default = (f"{exporter.filename} (or the format's extension)" if exporter.filename_for
               else exporter.filename)

    @reports_errors
    def command(out, output, **options):
        source = graph_file(Path(out))
        if exporter.resolve:
            options = exporter.resolve(options, output)
        target = output if output == "-" else Path(output) if output else _default_output(out, exporter, options)
        if source.suffix == ".parquet" and exporter.stream:  # straight from the columns, in bounded memory
            summary = exporter.export_streamed(source, target, **options)
        else:
            summary = exporter.export(load_graph(source), target, **options)
        where = "" if target == "-" else f"Wrote {target}"
        click.echo(": ".join(part for part in (where, summary) if part) or "Done", err=True)

    command.__doc__ = f"{exporter.description}."
    for option in reversed(exporter.options):
        command = _click_option(option)(command)
    command = click.option("-o", "--output", type=output_type, default=None,
                           help=f"{output_help} [default: {default} beside graph.json]")(command)
    command = click.argument("out", type=click.Path(exists=True))(command)
    return click.command(name=exporter.name, help=f"{exporter.description}.")(command)


for _exporter in EXPORTERS.values():
    export.add_command(export_command(_exporter))


def register(main: click.Group) -> None:
    main.add_command(export)
