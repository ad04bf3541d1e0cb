"""Find the node a focus view is about, by id, title, name or alias."""
from __future__ import annotations

import unicodedata

from ..errors import GraphkbError
from ..graph import KnowledgeGraph


class _WithoutMarks(dict):
    """A str.translate table that drops combining characters (unicodedata.combining), each
    character looked up once: abstracts are long, and most of their characters repeat."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used to compare names (the page's search folds alike)."""
    text = str(text)
    if text.isascii():  # most names and abstracts: nothing to decompose
        return " ".join(text.casefold().split())
    bare = unicodedata.normalize("NFKD", text).translate(_WITHOUT_MARKS)
    return " ".join(bare.casefold().split())


def names_of(data: dict) -> list[str]:
    """The strings a node can be found by: its name or title, and its aliases."""
    names = [data[k] for k in ("name", "title") if data.get(k)]
    names.extend(a for a in data.get("aliases", ()) if a)
    return [str(n) for n in names]


def title_names(data: dict) -> list[str]:
    """A paper's full title and its short name, the part before the colon ("Mobile-R1" of "Mobile-R1: ...")."""
    title = str(data.get("title") or "")
    if not title:
        return []
    head = title.split(":", 1)[0]
    return [title, head] if head != title else [title]


def find_nodes(kg: KnowledgeGraph, query: str) -> list[str]:
    """Ids of the nodes matching `query`, in tiers: its id; a paper whose title (or its part before
    the colon) it is; an exact name or alias; a part of a name, alias or title."""
    if query in kg.g:
        return [query]
    q = fold(query)
    if not q:
        return []
    titled = sorted(n for n, d in kg.g.nodes(data=True) if q in (fold(s) for s in title_names(d)))
    if titled:
        return titled
    named = [(n, [fold(s) for s in names_of(d)]) for n, d in kg.g.nodes(data=True)]
    exact = [n for n, names in named if q in names]
    if exact:
        return sorted(exact)
    return sorted(n for n, names in named if any(q in s for s in names))


def resolve_focus(kg: KnowledgeGraph, query: str) -> str:
    """The one node `query` names; an error listing the candidates when it names none or several."""
    matches = find_nodes(kg, query)
    if not matches:
        raise GraphkbError(f"--focus {query!r}: no node has this id, name, alias or title")
    if len(matches) > 1:
        shown = ", ".join(f"{n} ({kg.g.nodes[n].get('label')})" for n in matches[:6])
        more = f" and {len(matches) - 6} more" if len(matches) > 6 else ""
        raise GraphkbError(f"--focus {query!r} matches {len(matches)} nodes: {shown}{more}; "
                           f"give one of their ids or a full name")
    return matches[0]
