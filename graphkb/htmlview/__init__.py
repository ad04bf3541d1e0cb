"""The interactive HTML view: pick what to draw, lay it out, style it, write one offline page.

views.py picks the nodes and edges of a view (full, papers, methods, focus),
trim.py keeps the most connected ones, layout.py computes positions in Python,
items.py (with style.py and tooltips.py) turns nodes and edges into vis-network
items, labels.py decides which labels the zoomed-out map shows, and page.py
renders static/page.html with the vis-network JS and CSS that ship inside the
pyvis package (assets.py) inlined, so the page makes no network request.
"""
from __future__ import annotations

from .page import render_page  # noqa: F401
from .views import HtmlOptions  # noqa: F401
