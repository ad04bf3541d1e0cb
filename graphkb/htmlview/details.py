"""What the side panel shows about a selected node beyond its tooltip: links, lists of related
nodes (a topic's papers best first and its entities; an entity's papers) and, for a paper, the
evidence sentences with the names in them marked. Plain data: the page builds it with textContent."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from urllib.parse import quote

from ..graph import KnowledgeGraph
from ..schema import REL_TYPES
from .style import CITATION_LINKS
from .tooltips import Neighbourhood

LIST_ITEMS = 25
ENTITY_LABELS = ("Method", "Benchmark", "Concept")
EVIDENCE_SENTENCES = 8
# a paper's panel lists the papers it builds on or cites, and those that build on or cite it
LINK_HEADINGS = {"BUILDS_ON": ("Builds on", "Built on by"), "CITES": ("Cites", "Cited by")}


def paper_links(d: dict) -> list[list[str]]:
    """[text, url] pairs: the paper's arXiv and Hugging Face pages when its arXiv id is known, else its URL."""
    links = []
    arxiv = str(d.get("arxiv_id") or "")
    if arxiv:
        safe = quote(arxiv, safe="./")
        links += [["arXiv ↗", f"https://arxiv.org/abs/{safe}"], ["Hugging Face ↗", f"https://huggingface.co/papers/{safe}"]]
    url = str(d.get("url") or "")
    if re.match(r"^https?://", url, re.IGNORECASE) and url not in (u for _, u in links):
        links.insert(0, ["Open the paper ↗", url])
    return links


@lru_cache(maxsize=100_000)
def _name_pattern(name: str) -> re.Pattern:
    return re.compile(re.escape(name), re.IGNORECASE)


def _occurrences(sentence: str, names: set[str]):
    """(start, -length) of each occurrence of each name in the sentence, in any case."""
    folded = sentence.lower() if sentence.isascii() else None
    for name in names:
        if folded is not None and name.isascii():  # most: str.find, no regex to compile
            needle = name.lower()
            at = folded.find(needle)
            while at >= 0:
                yield at, -len(needle)
                at = folded.find(needle, at + len(needle))
        else:
            for m in _name_pattern(name).finditer(sentence):
                yield m.start(), m.start() - m.end()


def marked(sentence: str, names: list[str]) -> list[list]:
    """The sentence cut into [text, is_name] pieces, each occurrence of a name (any case) marked:
    from left to right, the longest name found at a place (one pattern per name, kept: a big page
    has tens of thousands of sentences, and their names repeat)."""
    found = sorted(_occurrences(sentence, {n for n in names if n and len(n) > 1}))
    pieces, at = [], 0
    for start, minus_length in found:
        if start < at:
            continue
        if start > at:
            pieces.append([sentence[at:start], False])
        at = start - minus_length
        pieces.append([sentence[start:at], True])
    if at < len(sentence) or not pieces:
        pieces.append([sentence[at:], False])
    return pieces


class Details:
    """Builds the `more` entry of each node's item."""

    def __init__(self, kg: KnowledgeGraph, hood: Neighbourhood | None = None):
        self.kg = kg
        # the graph's own dicts: a page reads the links of every node
        self.nodes, self.succ, self.pred = kg.g._node, kg.g._succ, kg.g._pred
        self.hood = hood or Neighbourhood(kg, {})  # the tooltips': names, labels, an entity's first papers
        self.labels = self.hood.labels
        self.papers_of_topic: dict[str, list[tuple[float, str]]] = defaultdict(list)
        # {node: {citation type: the nodes it links to}}, and {node: {type: the nodes linking to it}}
        self.outward: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.inward: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._topics: dict[str, dict] = {}
        self._index_links()

    def _index_links(self) -> None:
        """Each topic's papers and each node's citation links, in one pass over the graph's links
        (not one over every paper's links for each paper: a paper has dozens, citations are few)."""
        for u, v, d in self.kg.edges():
            kind = d.get("type")
            if kind == "IN_TOPIC":
                self.papers_of_topic[v].append((float(d.get("weight") or 0), u))
            elif kind in CITATION_LINKS:
                self.outward[u][kind].add(v)
                self.inward[v][kind].add(u)

    def name(self, node_id: str) -> str:
        return self.hood.name(node_id)

    def entry(self, node_id: str, note: str = "") -> list:
        """[id, name, note]: one line of a list, which selects the node when it is drawn."""
        return [node_id, self.name(node_id), note]

    def of(self, node_id: str, d: dict) -> dict:
        label = d.get("label")
        if label == "Paper":
            return self.paper(node_id, d)
        if label == "Topic":
            return self.topic(node_id)
        return self.entity(node_id)

    def paper(self, node_id: str, d: dict) -> dict:
        evidenced, code = self.evidence_and_code(node_id)
        sentences: dict[str, list[str]] = {}
        for v, e in sorted(evidenced, key=lambda ve: str(ve[0])):  # by target, each target's links in order
            target = self.nodes[v]
            names = [str(e.get("mention") or ""), str(target.get("name") or ""),
                     *(str(a) for a in target.get("aliases") or [])]
            sentences.setdefault(str(e["evidence"]["sentence"]), []).extend(names)
        evidence = [marked(s, names) for s, names in list(sentences.items())[:EVIDENCE_SENTENCES]]
        links = paper_links(d)
        for v in code:
            url = str(self.nodes[v].get("url") or "")
            if re.match(r"^https?://", url, re.IGNORECASE) and url not in (u for _, u in links):
                links.append([re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE).rstrip("/") + " ↗", url])
        out: dict = {"links": links}
        if evidence:
            out["evidence"] = evidence
        lists = self.paper_links(node_id)
        if lists:
            out["lists"] = lists
        return out

    def evidence_and_code(self, node_id: str) -> tuple[list[tuple[str, dict]], list[str]]:
        """A paper's links that carry an evidence sentence, as (target, data), and the targets of its
        HAS_CODE links, each in the graph's order: one pass over the paper's links."""
        evidenced, code = [], []
        for v, keyed in self.succ[node_id].items():
            for e in keyed.values():
                evidence = e.get("evidence")
                if isinstance(evidence, dict) and evidence.get("sentence"):
                    evidenced.append((v, e))
                if e.get("type") == "HAS_CODE":
                    code.append(v)
        return evidenced, code

    def paper_links(self, node_id: str) -> list:
        """The papers it builds on or cites, and those that build on or cite it, as lists."""
        outward_ends, inward_ends = self.outward.get(node_id, {}), self.inward.get(node_id, {})
        lists = []
        for rel in (t for t in REL_TYPES if t in CITATION_LINKS):
            outward, inward = LINK_HEADINGS.get(rel, (rel.replace("_", " ").capitalize(), "From"))
            for heading, papers in ((outward, outward_ends.get(rel)), (inward, inward_ends.get(rel))):
                if papers:
                    ranked = sorted(papers, key=lambda p: (self.name(p).casefold(), p))
                    lists.append([f"{heading} ({len(papers)})", [self.entry(p) for p in ranked[:LIST_ITEMS]]])
        return lists

    def topic(self, node_id: str) -> dict:
        """A topic's panel (a copy: the caller may add to it), worked out once: the page shows it on
        the topic's node and on its region of the paper map."""
        panel = self._topics.get(node_id)
        if panel is None:
            panel = self._topics[node_id] = self._topic(node_id)
        return dict(panel)

    def _topic(self, node_id: str) -> dict:
        papers = [p for _, p in sorted(self.papers_of_topic.get(node_id, []), key=lambda wp: (-wp[0], wp[1]))]
        used = Counter()
        for p in papers:
            for v in self.succ[p]:  # each linked node once (a paper's links are keyed by node)
                if self.labels[v] in ENTITY_LABELS:
                    used[v] += 1
        # the first LIST_ITEMS by use, then name: only those used as often as the LIST_ITEMS-th most
        # used are sorted by name (a topic of a big graph uses thousands)
        counts = sorted(used.values(), reverse=True)
        least = counts[LIST_ITEMS - 1] if len(counts) >= LIST_ITEMS else 0
        first = sorted((v for v, n in used.items() if n >= least), key=lambda v: (-used[v], self.name(v).casefold(), v))
        lists = [[f"Papers ({len(papers)}, best first)", [self.entry(p) for p in papers[:LIST_ITEMS]]]]
        if used:
            lists.append([f"Methods, benchmarks and concepts ({len(used)})",
                          [self.entry(v, f"{self.nodes[v].get('label')} · {used[v]}")
                           for v in first[:LIST_ITEMS]]])
        return {"lists": lists}

    def entity(self, node_id: str) -> dict:
        first, total = self.hood.papers_of(node_id, LIST_ITEMS)
        if not total:
            return {}
        return {"lists": [[f"Papers ({total})", [self.entry(p) for p in first]]]}
