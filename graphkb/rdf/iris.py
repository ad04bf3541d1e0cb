"""IRIs for graph nodes and relationships: valid for any id, readable where the id allows.

A node's IRI is `<base><segment>/<local>`: the segment names its label and the
local part is its id without the label's own prefix, percent-encoded
(`method:grpo` -> `<base>method/grpo`, `Ü-Net` -> `<base>method/%C3%9C-Net`).
Encoding is injective; the one way two ids could still meet (a Method `x` beside
a Method `method:x`) is caught by the exporter and reported.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from ..errors import GraphkbError
from ..schema import NODE_TYPES
from .vocab import DEFAULT_BASE, LINK_SEGMENT, SEGMENTS

# ids carry these prefixes in graph.json; the IRI's segment already says the same
_ID_PREFIXES = {n.label: n.id_prefix for n in NODE_TYPES if n.id_prefix}
# an absolute IRI (scheme ":" ...) without the characters IRIREF forbids
_BASE_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*\Z")


def check_base(base: str | None) -> str:
    """The namespace for graphkb resources; raises on anything that would make bad IRIs."""
    if base is None:
        return DEFAULT_BASE
    if not _BASE_RE.match(base):
        raise GraphkbError(f"--base {base!r}: not an absolute IRI (e.g. {DEFAULT_BASE})")
    if base.count("#") > 1 or ("#" in base and not base.endswith("#")):
        raise GraphkbError(f"--base {base!r}: a '#' may only end it (e.g. https://example.org/kb#)")
    if not base.endswith(("/", "#")):
        raise GraphkbError(f"--base {base!r}: must end with '/' or '#' (e.g. {DEFAULT_BASE})")
    return base


# text that `quote` would leave as it is (ASCII letters, digits, "_.-~" and the safe characters):
# most ids, checked far faster than quote encodes them
_UNCHANGED = {True: re.compile(r"[A-Za-z0-9_.\-~:@/]*\Z"), False: re.compile(r"[A-Za-z0-9_.\-~:@]*\Z")}


def encode(text: str, keep_slash: bool = True) -> str:
    """Percent-encode everything but unreserved characters, ':' and '@' (and '/' if asked)."""
    if _UNCHANGED[keep_slash].match(text):
        return text
    return quote(text, safe=":@/" if keep_slash else ":@")


def link_part(node_id: str) -> str:
    """A node id as one path segment of a qualified node's IRI ('/' encoded too)."""
    return encode(node_id, keep_slash=False)


class IriMinter:
    """Mints the IRIs of one export under one base."""

    def __init__(self, base: str | None = None):
        self.base = check_base(base)
        self._label_ns = {label: f"{self.base}{seg}/" for label, seg in SEGMENTS.items()}
        self._link_ns = f"{self.base}{LINK_SEGMENT}/"

    def node(self, label: str, node_id: str) -> str:
        prefix = _ID_PREFIXES.get(label)
        local = node_id[len(prefix):] if prefix and node_id.startswith(prefix) else node_id
        return self._label_ns[label] + encode(local)

    def link(self, rel_slug: str, source_part: str, target_part: str) -> str:
        """The qualified node of one relationship (edge keys are types: one per pair and type),
        from the link_part of its source and of its target (minted once per node by the caller)."""
        return f"{self._link_ns}{rel_slug}/{source_part}/{target_part}"

    def resource(self, name: str) -> str:
        """A fixed resource of the export, such as the concept scheme `<base>concepts`."""
        return self.base + name
