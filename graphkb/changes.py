"""What changed between two builds of a graph: new papers, first-seen entities, jumps, links, topics.

A diff compares two GraphSnapshots: the few facts of a graph it needs (papers with their
topic, entities with their paper counts and proposers, topics with their papers,
BUILDS_ON and CITES links, SIMILAR_TO neighbours). A build keeps its snapshot in its
state, so an update compares without reading the old graph.json; `graphkb diff` takes
both from the builds' graphs (a graph.parquet's columns, when a folder's graph is read from
one). `Changes.as_dict()` is OUT/changes.json; digest.py renders it.

Rules (the digest's headings say the same):
- first seen: a Method, Benchmark or Task node the old graph did not have;
- use jumped: an entity in both graphs with at least `JUMP_MIN_GAIN` more papers and at
  least `JUMP_MIN_RATIO` times as many as before;
- a new topic: a topic id the old graph did not have; a split: an old topic gone whose
  papers went, a quarter or more each, to two or more topics;
- a bridge: a new paper whose SIMILAR_TO neighbours lie in two or more topics.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from .graph import KnowledgeGraph, edge_list
from .memory import gc_paused
from .parquet_graph import checked_nodes, read_rows

JUMP_MIN_GAIN = 3
JUMP_MIN_RATIO = 2.0
SPLIT_MIN_SHARE = 0.25
TRACKED_LABELS = ("Method", "Benchmark", "Task")  # entities whose first sighting is news
LINK_TYPES = ("BUILDS_ON", "CITES")
# what a snapshot reads of a graph: these relationships, and these properties of the nodes
_SNAPSHOT_TYPES = frozenset({"IN_TOPIC", "PROPOSES", "SIMILAR_TO", *LINK_TYPES})
_SNAPSHOT_KEYS = ("label", "title", "date", "url", "arxiv_id", "cited_only", "name", "paper_count")
_ID = itemgetter(0)


@dataclass(frozen=True)
class PaperBrief:
    title: str
    date: str | None
    url: str | None
    arxiv_id: str | None
    topic: str | None


@dataclass(frozen=True)
class EntityBrief:
    label: str
    name: str
    paper_count: int
    proposers: tuple[str, ...]  # papers that propose it


@dataclass(frozen=True)
class TopicBrief:
    name: str
    members: frozenset[str]


@dataclass(frozen=True)
class GraphSnapshot:
    """The facts of a graph a diff compares."""

    papers: dict[str, PaperBrief]
    entities: dict[str, EntityBrief]
    topics: dict[str, TopicBrief]
    links: frozenset[tuple[str, str, str]]  # (type, source, target) of BUILDS_ON and CITES
    via: dict[tuple[str, str, str], tuple[str, ...]]  # BUILDS_ON: the names it went through
    similar: dict[str, tuple[str, ...]]  # paper -> its SIMILAR_TO neighbours

    @classmethod
    def of(cls, kg: KnowledgeGraph) -> GraphSnapshot:
        return cls.of_elements(kg.g._node.items(), ((u, v, d) for u, v, _, d in edge_list(kg.g, _SNAPSHOT_TYPES)))

    @classmethod
    def of_parquet(cls, path: str | Path) -> GraphSnapshot:
        """The snapshot of the graph a graph.parquet holds, from the columns and relationships it
        needs (the graph is not built)."""
        nodes = list(checked_nodes(path, _SNAPSHOT_KEYS))
        _, _, relationships = read_rows(path, keys=("type", "via"), skip_nodes=True, types=_SNAPSHOT_TYPES)
        return cls.of_elements(nodes, ((source, target, data) for _, (source, target, _), data in relationships))

    @classmethod
    @gc_paused(garbage_cycles=False)
    def of_elements(cls, nodes: Iterable[tuple[str, dict]], edges: Iterable[tuple[str, str, dict]]) -> GraphSnapshot:
        """The snapshot of a graph given as its nodes (id, data) and the relationships (source,
        target, data) of the types it reads (`_SNAPSHOT_TYPES`; others are passed over). Its
        hundreds of thousands of briefs, tuples and sets hold no cycles: the collector is paused
        (in a 100,000-paper build it otherwise walked the heap for seconds)."""
        by_label: dict[str, list[tuple[str, dict]]] = {}
        for node, data in nodes:
            by_label.setdefault(data.get("label"), []).append((node, data))
        for members_of_label in by_label.values():  # papers, entities and topics in id order, whatever the source
            members_of_label.sort(key=_ID)
        by_type: dict[str, list[tuple[str, str, dict]]] = {rel: [] for rel in _SNAPSHOT_TYPES}
        for u, v, d in edges:
            if d.get("type") in by_type:
                by_type[d["type"]].append((u, v, d))
        topic_of: dict[str, str] = {}
        members: dict[str, set[str]] = {}
        for u, v, _ in by_type["IN_TOPIC"]:
            topic_of[u] = v
            members.setdefault(v, set()).add(u)
        papers = {pid: PaperBrief(d.get("title") or "", d.get("date"), d.get("url"), d.get("arxiv_id"),
                                  topic_of.get(pid))
                  for pid, d in by_label.get("Paper", ()) if not d.get("cited_only")}
        proposers: dict[str, list[str]] = {}
        for u, v, _ in by_type["PROPOSES"]:
            proposers.setdefault(v, []).append(u)
        entities = {eid: EntityBrief(label, d.get("name") or eid, int(d.get("paper_count") or 0),
                                     tuple(sorted(proposers.get(eid, ()))))
                    for label in TRACKED_LABELS for eid, d in by_label.get(label, ())}
        topics = {tid: TopicBrief(d.get("name") or tid, frozenset(members.get(tid, ())))
                  for tid, d in by_label.get("Topic", ())}
        links, via = set(), {}
        for rel in LINK_TYPES:
            for u, v, d in by_type[rel]:
                links.add((rel, u, v))
                if d.get("via"):
                    via[(rel, u, v)] = tuple(d["via"])
        similar: dict[str, set[str]] = {}
        for u, v, _ in by_type["SIMILAR_TO"]:
            similar.setdefault(u, set()).add(v)
            similar.setdefault(v, set()).add(u)
        return cls(papers, entities, topics, frozenset(links), via,
                   {p: tuple(sorted(s)) for p, s in similar.items()})


@dataclass
class Changes:
    """What is new in `after` compared with `before` (see the module's rules)."""

    papers_before: int
    papers_after: int
    new_papers: list[str] = field(default_factory=list)  # ids, sorted
    removed_papers: list[str] = field(default_factory=list)
    first_seen: list[str] = field(default_factory=list)  # entity ids
    use_jumped: list[tuple[str, int, int]] = field(default_factory=list)  # (entity id, before, after)
    new_links: list[tuple[str, str, str]] = field(default_factory=list)  # (type, source, target)
    new_topics: list[str] = field(default_factory=list)
    split_topics: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (old topic, new topics)
    gone_topics: list[str] = field(default_factory=list)
    bridges: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (new paper, topics it links)
    after: GraphSnapshot | None = None
    before: GraphSnapshot | None = None

    @property
    def empty(self) -> bool:
        return not (self.new_papers or self.removed_papers or self.first_seen or self.use_jumped
                    or self.new_links or self.new_topics or self.gone_topics)

    def as_dict(self) -> dict:
        """OUT/changes.json: every change with the names a reader needs."""
        after, before = self.after, self.before

        def paper(pid: str) -> dict:
            p = after.papers[pid]
            return {"id": pid, "title": p.title, "date": p.date, "url": p.url, "arxiv_id": p.arxiv_id,
                    "topic": p.topic}

        def entity(eid: str) -> dict:
            e = after.entities[eid]
            return {"id": eid, "label": e.label, "name": e.name, "papers": e.paper_count,
                    "proposed_by": list(e.proposers)}

        def topic(tid: str, snap: GraphSnapshot) -> dict:
            t = snap.topics[tid]
            return {"id": tid, "name": t.name, "papers": len(t.members)}

        by_topic: dict[str, list[str]] = {}
        for pid in self.new_papers:
            by_topic.setdefault(after.papers[pid].topic or "", []).append(pid)
        return {
            "papers": {"before": self.papers_before, "after": self.papers_after},
            "new_papers": [paper(pid) for pid in self.new_papers],
            "new_papers_by_topic": by_topic,
            "removed_papers": self.removed_papers,
            "first_seen": [entity(eid) for eid in self.first_seen],
            "use_jumped": [{**entity(eid), "papers_before": b} for eid, b, _ in self.use_jumped],
            "new_links": [{"type": t, "source": s, "target": o, "via": list(after.via.get((t, s, o), ()))}
                          for t, s, o in self.new_links],
            "new_topics": [topic(tid, after) for tid in self.new_topics],
            "split_topics": [{**topic(old, before), "into": list(into)} for old, into in self.split_topics],
            "gone_topics": [topic(tid, before) for tid in self.gone_topics],
            "bridges": [{"paper": pid, "topics": list(topics)} for pid, topics in self.bridges],
        }


def _label_order(e: EntityBrief) -> int:
    return TRACKED_LABELS.index(e.label)


def diff(before: GraphSnapshot, after: GraphSnapshot) -> Changes:
    """The changes from `before` to `after`."""
    changes = Changes(len(before.papers), len(after.papers), before=before, after=after)
    changes.new_papers = sorted(pid for pid in after.papers if pid not in before.papers)
    changes.removed_papers = sorted(pid for pid in before.papers if pid not in after.papers)
    new = [eid for eid in after.entities if eid not in before.entities]
    changes.first_seen = sorted(new, key=lambda eid: (_label_order(after.entities[eid]),
                                                      -after.entities[eid].paper_count, eid))
    jumped = []
    for eid, e in after.entities.items():
        old = before.entities.get(eid)
        if old and e.paper_count - old.paper_count >= JUMP_MIN_GAIN \
                and e.paper_count >= JUMP_MIN_RATIO * old.paper_count:
            jumped.append((eid, old.paper_count, e.paper_count))
    changes.use_jumped = sorted(jumped, key=lambda j: (j[1] - j[2], j[0]))
    changes.new_links = sorted(after.links - before.links)
    changes.new_topics = sorted(tid for tid in after.topics if tid not in before.topics)
    changes.gone_topics = sorted(tid for tid in before.topics if tid not in after.topics)
    for old in changes.gone_topics:
        still = [pid for pid in before.topics[old].members if pid in after.papers]
        went = Counter(after.papers[pid].topic for pid in still if after.papers[pid].topic)
        into = tuple(sorted(t for t, n in went.items() if n >= SPLIT_MIN_SHARE * len(still)))
        if len(into) >= 2:
            changes.split_topics.append((old, into))
    for pid in changes.new_papers:
        topics = Counter(after.papers[n].topic for n in after.similar.get(pid, ())
                         if n in after.papers and after.papers[n].topic)
        if len(topics) >= 2:
            changes.bridges.append((pid, tuple(t for t, _ in sorted(topics.items(), key=lambda x: (-x[1], x[0])))))
    return changes
