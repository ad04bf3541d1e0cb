"""The interactive HTML view: pick what to draw, lay it out, style it, write one offline page.

views.py picks the nodes and edges of a view (the paper map, full, methods, focus),
trim.py keeps the most connected ones, layout.py computes positions in Python
(region_layout: the paper map's one region per topic), items.py (with style.py,
tooltips.py and details.py) turns nodes and edges into the page's items,
labels.py decides which labels the zoomed-out map shows, and page.py renders
static/page.html, one page holding one or more views, with the renderer's
script inlined (assets.py: vis-network from the installed pyvis package, or
static/webgl.js, sigma.js built by webgl/), so the page makes no network request.
"""
from __future__ import annotations

from .page import render_page  # noqa: F401
from .views import HtmlOptions  # noqa: F401
