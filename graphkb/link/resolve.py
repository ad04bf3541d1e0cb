"""Entity resolution: one node per method or benchmark across the corpus.

Spellings meet under `entity_key` (case, hyphens, spaces, plural -s); an
acronym meets its long form wherever a paper defines it (the most common
definition wins when papers disagree). Each entity gets a stable id derived
from its shortest key, so the same input always gives the same ids.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..extract import Lexicon, default_lexicon
from ..keys import entity_key
from ..records import EntityMention, Evidence, PaperExtraction
from ..schema import node_id
from ..text import slugify, sorted_names, title_key
from ..unionfind import UnionFind

LABEL_OF_KIND = {"method": "Method", "benchmark": "Benchmark"}


@dataclass
class ResolvedEntity:
    id: str
    label: str  # "Method" | "Benchmark"
    name: str
    aliases: list[str]
    papers: dict[str, list[EntityMention]] = field(default_factory=dict)  # paper id -> its mentions

    @property
    def paper_count(self) -> int:
        return len(self.papers)

    def proposers(self) -> list[str]:
        return [p for p, ms in self.papers.items() if any(m.role == "proposes" for m in ms)]

    def users(self) -> list[str]:
        return [p for p, ms in self.papers.items() if all(m.role != "proposes" for m in ms)]



def _id_part(key: str) -> str:
    text = key.replace("∞", "-inf").replace("ψ", "-psi")
    return slugify(text.replace(".", "-"), max_words=12)  # never empty: slugify falls back to a hash


def credit_introducing_papers(entities: dict[str, ResolvedEntity], extractions: Sequence[PaperExtraction],
                              lexicon: Lexicon | None = None) -> None:
    """Where the vocabulary knows which paper introduced a method (PwC) and that paper is in
    the corpus, it is the proposer: its mentions become "proposes" (a PROPOSES link from its
    title when its abstract does not name the method), and other papers' claims become uses."""
    lexicon = lexicon or default_lexicon()
    by_title = {title_key(x.title): (x.paper_id, x.title) for x in extractions if x.title}
    for e in entities.values():
        title = next(filter(None, (lexicon.introducing_paper(n) for n in (e.name, *e.aliases))), None)
        proposer, paper_title = by_title.get(title_key(title), (None, "")) if title else (None, "")
        if proposer is None:
            continue
        kind = "method" if e.label == "Method" else "benchmark"
        for pid, mentions in e.papers.items():
            role = "proposes" if pid == proposer else "uses"
            e.papers[pid] = [replace(m, role=role) if m.role != role else m for m in mentions]
        if proposer not in e.papers:
            evidence = Evidence(paper_title, 0, len(paper_title), "pwc-introduced", "title")
            e.papers[proposer] = [EntityMention(e.name, kind, "proposes", 0.9, evidence)]


def resolve_entities(extractions: Sequence[PaperExtraction]) -> dict[str, ResolvedEntity]:
    """All methods and benchmarks of the corpus by id."""
    mentions: list[tuple[str, EntityMention]] = [
        (x.paper_id, m) for x in extractions for m in (*x.methods, *x.benchmarks)]
    lexicon = default_lexicon()

    def key_of(m: EntityMention) -> str:  # papers write a known name their own way: "LSTMs", "stochastic
        return entity_key(lexicon.preferred_name(m.name) or m.name)  # gradient descent"; they meet under its name

    uf = UnionFind(rank=lambda key: (len(key), key))  # the shortest key names the entity
    long_forms: dict[str, Counter] = defaultdict(Counter)
    for _, m in mentions:
        uf.find(key_of(m))
        if m.long_form:
            long_forms[key_of(m)][entity_key(m.long_form)] += 1
    for short, counts in long_forms.items():
        (best, _), = counts.most_common(1)
        uf.union(short, best)

    groups: dict[str, list[tuple[str, EntityMention]]] = defaultdict(list)
    for pid, m in mentions:
        groups[uf.find(key_of(m))].append((pid, m))

    entities: dict[str, ResolvedEntity] = {}
    for root, members in sorted(groups.items()):
        kind_weight: Counter = Counter()
        names: Counter = Counter()
        for _, m in members:
            kind_weight[m.kind] += m.confidence
            names[lexicon.preferred_name(m.name) or m.name] += 1  # a known name by the vocabulary's spelling
        kind = max(sorted(kind_weight), key=lambda k: kind_weight[k])
        label = LABEL_OF_KIND[kind]
        name = sorted(names, key=lambda n: (-names[n], len(n), n))[0]
        aliases = {m.name for _, m in members} | {m.long_form for _, m in members if m.long_form}
        aliases.discard(name)
        eid = node_id(label, _id_part(root))
        if eid in entities:  # two keys with one slug: keep both, tell them apart by a hash
            eid = f"{eid}-{hashlib.sha1(root.encode()).hexdigest()[:6]}"
        entity = ResolvedEntity(eid, label, name, sorted_names(aliases))
        for pid, m in members:
            entity.papers.setdefault(pid, []).append(m)
        entities[eid] = entity
    credit_introducing_papers(entities, extractions)
    return entities
