"""Task nodes: the problems papers address, named as the field names them ("Semantic Segmentation").

A task phrase a paper repeats (extract/tasks.py) becomes an ADDRESSES link when the field's task
vocabulary (Papers with Code tasks, lexicons/pwc_tasks.txt) knows it and it has two words or
more (single-word tasks, "Classification", "Retrieval", would link nearly every paper). Spellings
meet under entity_key, as methods do; the node takes the vocabulary's spelling. Each link keeps
the first sentence of the paper that names the task.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..extract import Lexicon, default_lexicon, split_sentences
from ..keys import entity_key
from ..records import Evidence, Paper, PaperExtraction
from ..schema import node_id
from ..text import slugify, sorted_names


@dataclass(frozen=True)
class TaskNode:
    id: str
    name: str
    aliases: tuple[str, ...]
    papers: tuple[tuple[str, Evidence], ...]  # (paper id, the sentence that names the task)


def _evidence(paper: Paper, phrase: str) -> Evidence | None:
    pattern = re.compile(r"\b" + r"[\s\-]+".join(re.escape(w) for w in phrase.split()), re.IGNORECASE)
    for field in ("title", "abstract"):
        text = getattr(paper, field) or ""
        for s in split_sentences(text) if field == "abstract" else [None]:
            sentence, start, end = (text, 0, len(text)) if s is None else (s.text, s.start, s.end)
            if pattern.search(sentence):
                return Evidence(sentence, start, end, "task-phrase", field)
    return None


def task_nodes(papers: Sequence[Paper], extractions: Sequence[PaperExtraction], per_paper: int = 3,
               lexicon: Lexicon | None = None) -> list[TaskNode]:
    """Task nodes with the papers that address them (each paper: its `per_paper` most repeated tasks)."""
    lexicon = lexicon or default_lexicon()
    by_id = {p.id: p for p in papers}
    links: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    spellings: dict[str, set[str]] = defaultdict(set)
    for x in extractions:
        kept = 0
        for phrase, _ in x.tasks:  # most frequent first
            if kept >= per_paper:
                break
            if len(phrase.split()) < 2 or not lexicon.is_task(phrase):
                continue
            key = entity_key(phrase)
            if links[key] and links[key][-1][0] == x.paper_id:  # the paper's own link is the last one added
                continue
            evidence = _evidence(by_id[x.paper_id], phrase)
            if evidence is None:
                continue
            links[key].append((x.paper_id, evidence))
            spellings[key].add(phrase)
            kept += 1
    out = []
    for key in sorted(links):
        name = lexicon.task_name(key) or min(spellings[key])
        aliases = tuple(sorted_names({s for s in spellings[key] if s.lower() != name.lower()}))
        out.append(TaskNode(node_id("Task", slugify(name, max_words=12)), name, aliases,
                            tuple(sorted(links[key], key=lambda p: p[0]))))
    return out
