"""vis-network's JavaScript and CSS, read from the copy that ships inside the installed pyvis package.

pyvis 0.3.2 bundles the standalone UMD build of vis-network 9.1.2 (it exports
vis.Network and vis.DataSet; nothing else is needed). pyvis's own template still
loads bootstrap from a CDN in every mode, so we inline the files into our page
instead. Nothing is copied into this repository.
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import GraphkbError

_JS_SOURCEMAP = re.compile(r"^\s*//[#@]\s*sourceMappingURL=.*$", re.M)
_CSS_SOURCEMAP = re.compile(r"/\*[#@]\s*sourceMappingURL=.*?\*/", re.S)


@dataclass(frozen=True)
class Assets:
    vis_js: str
    vis_css: str
    view_js: str
    view_css: str
    webgl_js: str  # sigma.js + graphology, built by webgl/ (see README)


def _inlinable(text: str, name: str, closing: str) -> str:
    """Text that can sit inside an inline <script>/<style> element without ending it early."""
    if closing in text.lower():
        raise GraphkbError(f"{name}: contains {closing!r}, cannot be inlined")
    return text


def vis_dir() -> Path:
    """The vis-network folder inside the installed pyvis package, found without importing
    pyvis (which imports IPython: a cost every command would pay, for a folder name)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise GraphkbError("pyvis is not installed; the HTML view needs the vis-network files it bundles")
    return Path(spec.origin).parent / "templates" / "lib" / "vis-9.1.2"


def _read_vis(name: str, sourcemap: re.Pattern, closing: str) -> str:
    path = vis_dir() / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraphkbError(f"{path}: not found; the HTML view needs the vis-network files "
                           f"bundled with pyvis 0.3.x") from None
    # a sourceMappingURL comment would make developer tools ask for a .map file
    return _inlinable(sourcemap.sub("", text), str(path), closing)


def _read_static(name: str, closing: str) -> str:
    text = (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")
    return _inlinable(text, name, closing)


@cache
def load_assets() -> Assets:
    return Assets(
        vis_js=_read_vis("vis-network.min.js", _JS_SOURCEMAP, "</script"),
        vis_css=_read_vis("vis-network.css", _CSS_SOURCEMAP, "</style"),
        view_js=_read_static("view.js", "</script"),
        view_css=_read_static("view.css", "</style"),
        webgl_js=_read_static("webgl.js", "</script"),
    )
