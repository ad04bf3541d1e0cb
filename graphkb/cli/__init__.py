"""The `graphkb` command: a thin click layer over the library.

Each module here adds its commands to `main`; `export` has one subcommand per exporter;
library errors become one-line messages with a non-zero exit, never a traceback.
"""
from __future__ import annotations

import click

from .. import __version__
from ..memory import ends_with_command
from . import build as build_commands
from . import export as export_commands
from . import fetch as fetch_commands
from . import grow as grow_commands
from . import neo4j as neo4j_commands
from . import rdf as rdf_commands
from . import trends as trends_commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="graphkb")
def main() -> None:
    """Map research literature as a knowledge graph.

    \b
    graphkb build samples/ -o out/         papers -> out/graph.json (+ views)
    graphkb extract papers.jsonl -o e.jsonl per-paper methods, benchmarks, concepts
    graphkb update out/ new.jsonl          add papers to a build; out/digest.md says what is new
    graphkb diff old/ new/                 what changed between two builds
    graphkb stats out/                     what is in a built graph
    graphkb export FORMAT out/ -o FILE     write the graph in another format
    graphkb load neo4j out/                load it into Neo4j (NEO4J_URI, NEO4J_PASSWORD, ...)
    graphkb query -f top_methods           run a query of the pack (--list) or your own
    graphkb serve out/                     a local Bolt server with the graph (graphkb[server])
    graphkb sparql out/ "SELECT ..."       query the RDF view with SPARQL
    graphkb fetch hf-daily --date D -o d/  papers from Daily Papers (or: fetch arxiv --query Q)
    graphkb enrich citations out/          real citations from OpenAlex or Semantic Scholar
    graphkb trends out/ --chart t.svg      rising and fading methods, benchmarks, tasks, concepts
    """


for module in (build_commands, grow_commands, export_commands, fetch_commands, neo4j_commands, rdf_commands,
               trends_commands):
    module.register(main)


def run_command() -> None:
    """The `graphkb` program: one command, then the process ends (so long-lived objects can be
    frozen; see memory.ends_with_command). Tests call `main` in-process instead."""
    ends_with_command()
    main(prog_name="graphkb")
