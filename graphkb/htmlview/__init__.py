"""The interactive HTML view: pick what to draw, lay it out, style it, write one offline page.

views.py picks the nodes and edges of a view (full, papers, methods, focus),
trim.py keeps the most connected ones, layout.py computes positions in Python,
style.py and tooltips.py turn nodes and edges into vis-network items, page.py
renders static/page.html with the vis-network JS and CSS that ship inside the
pyvis package (assets.py) inlined, so the page makes no network request.
"""
from __future__ import annotations

from .page import HtmlOptions, render_page  # noqa: F401
