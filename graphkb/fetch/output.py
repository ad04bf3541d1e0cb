"""Rewrite a build folder after the graph changed: graph.json and the views already beside it.

Every file is first written into a temporary folder inside OUT, then all are renamed into
place together, so a failure leaves the old files untouched.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..graph import KnowledgeGraph
from ..memory import gc_paused


def rewrite_build_folder(kg: KnowledgeGraph, out: str | Path) -> list[Path]:
    """Write `kg` as OUT/graph.json and re-make every view OUT already has; the paths written."""
    from ..export import EXPORTERS

    folder = Path(out)
    if folder.is_file():  # a graph.json named directly
        folder = folder.parent
    exporters = [e for e in EXPORTERS.values()
                 if e.name == "json" or (e.in_build and (folder / e.filename).exists())]
    staging = Path(tempfile.mkdtemp(prefix=".enrich-", dir=folder))
    try:
        with gc_paused():
            for exporter in exporters:
                exporter.write(kg, staging / exporter.filename)
        written = []
        for exporter in exporters:
            os.replace(staging / exporter.filename, folder / exporter.filename)
            written.append(folder / exporter.filename)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
