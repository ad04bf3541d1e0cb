"""The interactive HTML view (vis-network from pyvis, or sigma.js WebGL for big views), one offline file."""
from __future__ import annotations

from pathlib import Path

from ..fileio import atomic_writer
from ..graph import KnowledgeGraph
from ..htmlview import HtmlOptions, render_page
from ..htmlview.page import Page
from .registry import Exporter, register


def write_html(graph: KnowledgeGraph, path: Path, options: HtmlOptions = HtmlOptions()) -> Page:
    """Render one view and write it atomically; returns what the page shows."""
    page = render_page(graph, options)
    with atomic_writer(path) as fh:
        fh.write(page.html)
    return page


def write(graph: KnowledgeGraph, path: Path) -> None:
    write_html(graph, path)


EXPORTER = register(Exporter("html", "graph.html", write,
                             "interactive HTML view that works offline: the paper map, the full graph a tab away",
                             in_build=True))
