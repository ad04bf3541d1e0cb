"""Topic ids that last across builds and updates of one build folder.

A topic keeps its id while it is the same topic, and an id is never given to another one.
When topics are fitted again (a build over an earlier build of OUT, or an update that
found the corpus drifted), each new topic is matched with the earlier ones by their
papers: new topic T takes earlier topic O's id when more than half of T's papers that were
in the earlier build were in O, and more than half of O's papers still in the corpus are
in T. This mutual majority gives each earlier id to one new topic at most. Every other
new topic gets a number never used before in this folder (`next_number`); the ids of
earlier topics left unmatched are retired, never reused.

An update does not refit while the topics still describe the corpus: new papers join the
existing topics (`topics.join_topics`). It refits when the corpus has grown by
`REFIT_GROWTH` since the last fit, or when more than `REFIT_UNJOINED` of the new papers
join no topic (`needs_refit`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..schema import node_id

if TYPE_CHECKING:  # topics.py imports scikit-learn: only the linking step needs it
    from .topics import Topic

REFIT_GROWTH = 0.25  # refit once the corpus has a quarter more papers than at the last fit
REFIT_UNJOINED = 0.2  # ... or when a fifth of the new papers fit no topic


@dataclass(frozen=True)
class TopicLineage:
    """What a build folder remembers of its topics."""

    topics: tuple[Topic, ...]  # the topics of the last build
    fitted_papers: int  # papers in the corpus when the topics were last fitted
    next_number: int  # the lowest topic number never given in this folder


def _number(topic_id: str) -> int:
    return int(topic_id.rsplit(":", 1)[1])


def carry_ids(fitted: list[Topic], earlier: TopicLineage | None) -> tuple[list[Topic], dict[str, str], int]:
    """The fitted topics with lasting ids; the map from each fitted id to its lasting id; and the
    next number never given. Without an earlier lineage, fitted ids are kept."""
    if earlier is None:
        next_number = max((_number(t.id) for t in fitted), default=0) + 1
        return fitted, {t.id: t.id for t in fitted}, next_number
    before = {pid: t.id for t in earlier.topics for pid, _ in t.members}
    now = {pid for t in fitted for pid, _ in t.members}
    still_in = Counter(before[pid] for pid in now if pid in before)  # earlier topic -> its papers still here
    renamed: dict[str, str] = {}
    next_number = earlier.next_number
    for t in fitted:
        came_from = Counter(before[pid] for pid, _ in t.members if pid in before)
        kept = None
        if came_from:
            source, shared = came_from.most_common(1)[0]
            if shared * 2 > sum(came_from.values()) and shared * 2 > still_in[source]:
                kept = source
        if kept is None:
            kept = node_id("Topic", str(next_number))
            next_number += 1
        renamed[t.id] = kept
    return [replace(t, id=renamed[t.id]) for t in fitted], renamed, next_number


def needs_refit(lineage: TopicLineage, papers_now: int, new_papers: int, unjoined: int) -> str | None:
    """Why an update should fit the topics again (None: the new papers joined them well)."""
    if papers_now >= lineage.fitted_papers * (1 + REFIT_GROWTH):
        return (f"the corpus grew by {papers_now / lineage.fitted_papers - 1:.0%} since the topics were fitted "
                f"(at most {REFIT_GROWTH:.0%})")
    if new_papers and unjoined > new_papers * REFIT_UNJOINED:
        return f"{unjoined} of the {new_papers} new papers fit no topic (at most {REFIT_UNJOINED:.0%})"
    return None
