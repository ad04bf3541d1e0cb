"""Which neighbour search SIMILAR_TO uses: exact, or approximate on big corpora (link/similarity.py).

Kept apart from similarity.py, which needs NumPy and SciPy: the CLI reads these choices at
start-up without importing them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import GraphkbError

# From this many papers on, `search="auto"` finds neighbours approximately (if pynndescent is
# installed): the exact search's time grows with the square of the corpus (14 s at 10,000
# papers, 38 minutes at 100,000, where the approximate one takes 99 s: benchmarks/similarity_recall.py).
APPROXIMATE_FROM = 20_000
SEARCHES = ("auto", "exact", "approximate")


@dataclass(frozen=True)
class Search:
    name: str  # "exact" or "approximate"
    note: str | None = None  # what the user should know about the choice


def _approximate_search_available() -> bool:
    try:
        import pynndescent  # noqa: F401
    except ImportError:
        return False
    return True


def similarity_search(asked: str, n_papers: int) -> Search:
    """The search a build of `n_papers` uses when `asked` for one of SEARCHES; a clear error
    if the approximate one is asked for and pynndescent is missing."""
    if asked not in SEARCHES:
        raise GraphkbError(f"unknown similarity search {asked!r}: use one of {', '.join(SEARCHES)}")
    if asked == "exact" or (asked == "auto" and n_papers < APPROXIMATE_FROM):
        return Search("exact")
    if _approximate_search_available():
        return Search("approximate")
    if asked == "approximate":
        raise GraphkbError("the approximate similarity search needs pynndescent: pip install 'graphkb[scale]'")
    return Search("exact", f"{n_papers:,} papers: SIMILAR_TO by the exact search, whose time grows with the "
                           "square of the corpus (pip install 'graphkb[scale]' for the approximate one)")
