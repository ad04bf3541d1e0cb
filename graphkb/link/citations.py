"""Inferred citations: paper B builds on paper A when B uses a specific named entity A proposes.

Only links that hold: the entity is a specific name (not a generic family such as
"chain-of-thought prompting" or RLHF, not a task), A is its only proposer in the corpus and says
so by more than "our X", B mentions it without proposing it, and B is not dated before A. Each link carries B's sentence
that uses the entity (`evidence`) and A's sentence that proposes it (`proposal_sentence`).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ..extract import WEAK_PROPOSING_RULES, Lexicon, default_lexicon
from ..records import EntityMention, Evidence, Paper
from ..text import sorted_names
from .resolve import ResolvedEntity


@dataclass(frozen=True)
class BuildsOn:
    source: str  # the later paper, which uses
    target: str  # the paper that proposes
    via: tuple[str, ...]  # names of the entities that link them
    evidence: Evidence | None = None  # the source's sentence that uses (the surest of `via`)
    proposal_sentence: str | None = None  # the target's sentence that proposes it


def is_specific(e: ResolvedEntity, lexicon: Lexicon) -> bool:
    """A named thing one paper can introduce: not a lower-case phrase, a family or a task."""
    names = (e.name, *e.aliases)
    return (any(c.isupper() or c.isdigit() for c in e.name)
            and not any(lexicon.is_family(n) or lexicon.is_task(n) or lexicon.is_excluded(n) for n in names))


def _best(mentions: list[EntityMention], role: str | None = None) -> EntityMention:
    return max((m for m in mentions if role is None or m.role == role), key=lambda m: m.confidence)


def builds_on(entities: Mapping[str, ResolvedEntity], papers: Mapping[str, Paper],
              lexicon: Lexicon | None = None) -> list[BuildsOn]:
    """One edge per (user, proposer) pair; never onto a paper dated after the user."""
    lexicon = lexicon or default_lexicon()
    via: dict[tuple[str, str], list[tuple[float, str, Evidence, str]]] = defaultdict(list)
    for e in entities.values():
        proposers = e.proposers()
        if len(proposers) != 1 or not is_specific(e, lexicon):
            continue  # several papers claim it: none of them is surely its source
        (proposer,) = proposers
        proposal = _best(e.papers[proposer], "proposes")
        if proposal.evidence.rule in WEAK_PROPOSING_RULES:
            continue  # "our implicit PRM": too weak a claim to make other papers cite it
        for user in e.users():
            d_user, d_prop = papers[user].date, papers[proposer].date
            if user == proposer or (d_user and d_prop and d_user < d_prop):
                continue
            use = _best(e.papers[user])
            via[(user, proposer)].append((use.confidence, e.name, use.evidence, proposal.evidence.sentence))
    out = []
    for (s, t), found in sorted(via.items()):
        _, _, evidence, proposal = max(found, key=lambda f: (f[0], f[1]))
        out.append(BuildsOn(s, t, tuple(sorted_names({name for _, name, _, _ in found})), evidence, proposal))
    return out
