"""Find the node a focus view is about, by id, name, alias or title."""
from __future__ import annotations

from ..errors import GraphkbError
from ..graph import KnowledgeGraph


def fold(text: str) -> str:
    """Case- and spacing-insensitive form used to compare names."""
    return " ".join(str(text).casefold().split())


def names_of(data: dict) -> list[str]:
    """The strings a node can be found by: its name or title, and its aliases."""
    names = [data[k] for k in ("name", "title") if data.get(k)]
    names.extend(a for a in data.get("aliases", ()) if a)
    return [str(n) for n in names]


def find_nodes(kg: KnowledgeGraph, query: str) -> list[str]:
    """Ids of the nodes matching `query`: its id, else an exact name/alias/title, else a part of one."""
    if query in kg.g:
        return [query]
    q = fold(query)
    if not q:
        return []
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
