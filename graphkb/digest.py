"""The digest of a change set, for people: OUT/digest.md, and OUT/digest.xml as an Atom feed.

Both are rendered from `Changes` (changes.py). The feed has one entry for the digest
itself and one per new paper (its topic as the category), so a feed reader shows each
new paper once: entry ids are the papers' arXiv or graphkb ids, stable across updates.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from .changes import Changes, PaperBrief
from .outdir import CHANGES_FILE, DIGEST_FILE, FEED_FILE

ATOM = "http://www.w3.org/2005/Atom"
LIST_AT_MOST = 20  # entries of one digest list shown before "... and N more"


def change_files(changes: Changes, name: str) -> dict[str, bytes]:
    """changes.json, digest.md and digest.xml of a change set, by file name, for the build
    folder (or the diff) called `name`."""
    title = f"What's new in {name}"
    return {CHANGES_FILE: (json.dumps(changes.as_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
            DIGEST_FILE: (markdown(changes, title) + "\n").encode("utf-8"),
            FEED_FILE: atom(changes, f"urn:graphkb:{name}", title)}


def _paper_url(p: PaperBrief) -> str | None:
    return p.url or (f"https://arxiv.org/abs/{p.arxiv_id}" if p.arxiv_id else None)


def _paper_link(changes: Changes, pid: str) -> str:
    p = changes.after.papers[pid]
    url = _paper_url(p)
    title = p.title.replace("[", "(").replace("]", ")")
    return f"[{title}]({url})" if url else title


def _topic_name(changes: Changes, tid: str | None) -> str:
    if not tid:
        return "no topic"
    snap = changes.after if tid in changes.after.topics else changes.before
    return f"{snap.topics[tid].name} ({tid})"


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= LIST_AT_MOST:
        return lines
    return lines[:LIST_AT_MOST] + [f"- ... and {len(lines) - LIST_AT_MOST} more (see changes.json)"]


def markdown(changes: Changes, title: str = "What's new") -> str:
    """digest.md: the changes, grouped the way a reader scans them."""
    after = changes.after
    out = [f"# {title}", "",
           f"{len(changes.new_papers):,} new papers ({changes.papers_before:,} -> {changes.papers_after:,})"
           + (f", {len(changes.removed_papers):,} removed" if changes.removed_papers else "") + ".", ""]
    if changes.empty:
        out += ["Nothing changed.", ""]
        return "\n".join(out)
    if changes.new_papers:
        out += ["## New papers by topic", ""]
        by_topic: dict[str | None, list[str]] = {}
        for pid in changes.new_papers:
            by_topic.setdefault(after.papers[pid].topic, []).append(pid)
        for tid, pids in sorted(by_topic.items(), key=lambda t: (-len(t[1]), t[0] or "~")):
            out += [f"### {_topic_name(changes, tid)}: {len(pids)}", ""]
            out += _capped([f"- {_paper_link(changes, pid)}" + (f" ({after.papers[pid].date})"
                                                                  if after.papers[pid].date else "")
                            for pid in pids])
            out.append("")
    for label, heading in (("Method", "Methods"), ("Benchmark", "Benchmarks"), ("Task", "Tasks")):
        first = [eid for eid in changes.first_seen if after.entities[eid].label == label]
        if not first:
            continue
        out += [f"## {heading} seen for the first time", ""]
        lines = []
        for eid in first:
            e = after.entities[eid]
            who = ", ".join(_paper_link(changes, p) for p in e.proposers if p in after.papers)
            lines.append(f"- **{e.name}**: {e.paper_count} paper{'s' if e.paper_count != 1 else ''}"
                         + (f", proposed by {who}" if who else ""))
        out += _capped(lines) + [""]
    if changes.use_jumped:
        out += ["## Use jumped", ""]
        out += _capped([f"- **{after.entities[eid].name}** ({after.entities[eid].label}): {b} -> {a} papers"
                        for eid, b, a in changes.use_jumped]) + [""]
    for rel, heading in (("BUILDS_ON", "New inferred citations (BUILDS_ON)"), ("CITES", "New citations (CITES)")):
        links = [(s, t) for r, s, t in changes.new_links if r == rel]
        if not links:
            continue
        out += [f"## {heading}", ""]
        lines = []
        for s, t in links:
            via = after.via.get((rel, s, t))
            target = _paper_link(changes, t) if t in after.papers else t
            lines.append(f"- {_paper_link(changes, s)} -> {target}" + (f" (via {', '.join(via)})" if via else ""))
        out += _capped(lines) + [""]
    if changes.new_topics or changes.split_topics or changes.gone_topics:
        out += ["## Topics", ""]
        out += [f"- new: {_topic_name(changes, tid)}, {len(after.topics[tid].members)} papers"
                for tid in changes.new_topics]
        out += [f"- split: {_topic_name(changes, old)} into {', '.join(_topic_name(changes, t) for t in into)}"
                for old, into in changes.split_topics]
        split = {old for old, _ in changes.split_topics}
        out += [f"- gone: {_topic_name(changes, tid)}" for tid in changes.gone_topics if tid not in split]
        out.append("")
    if changes.bridges:
        out += ["## New papers that bridge topics", ""]
        out += _capped([f"- {_paper_link(changes, pid)}: " + " / ".join(_topic_name(changes, t) for t in topics)
                        for pid, topics in changes.bridges]) + [""]
    return "\n".join(out)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        e.text = text
    return e


def _atom_time(value: str | None, fallback: str) -> str:
    if value and len(value) == 10:  # an ISO date
        return f"{value}T00:00:00Z"
    return fallback


def atom(changes: Changes, feed_id: str, title: str = "What's new", when: datetime | None = None) -> bytes:
    """digest.xml: an Atom feed with the digest and one entry per new paper."""
    now = (when or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _element(feed, "id", feed_id)
    _element(feed, "title", title)
    _element(feed, "updated", now)
    author = _element(feed, "author")
    _element(author, "name", "graphkb")
    _element(feed, "generator", "graphkb")
    digest = _element(feed, "entry")
    _element(digest, "id", f"{feed_id}:digest:{now}")
    _element(digest, "title", f"{title}: {len(changes.new_papers)} new papers, "
                              f"{len(changes.first_seen)} entities seen for the first time")
    _element(digest, "updated", now)
    _element(digest, "content", markdown(changes, title), type="text")
    after = changes.after
    proposed_by: dict[str, list[str]] = {}
    for e in after.entities.values():
        for pid in e.proposers:
            proposed_by.setdefault(pid, []).append(e.name)
    for pid in changes.new_papers:
        p = after.papers[pid]
        entry = _element(feed, "entry")
        url = _paper_url(p)
        _element(entry, "id", f"https://arxiv.org/abs/{p.arxiv_id}" if p.arxiv_id else f"{feed_id}:paper:{pid}")
        _element(entry, "title", p.title)
        _element(entry, "updated", _atom_time(p.date, now))
        if url:
            _element(entry, "link", href=url)
        if p.topic:
            _element(entry, "category", term=p.topic, label=after.topics[p.topic].name)
        proposed = proposed_by.get(pid, [])
        summary = f"Topic: {_topic_name(changes, p.topic)}."
        if proposed:
            summary += f" Proposes: {', '.join(sorted(proposed))}."
        _element(entry, "summary", summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
