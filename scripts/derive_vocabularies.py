#!/usr/bin/env python3
"""Derive graphkb's field vocabularies from the Papers with Code data (reproducible).

    python scripts/derive_vocabularies.py [--data ../shared/data]

Reads the PwC methods taxonomy (pwc-methods-2022.json.gz), task names (pwc-tasks.txt) and
per-task datasets (pwc-task-datasets/*.csv), filters what would match everywhere or is junk
(spam questions, SQL strings, split variants such as "COCO test-dev", generic English words
such as "Hand", short ambiguous acronyms, all-lower-case strings), and writes into
graphkb/extract/lexicons/:

- pwc_methods.txt: one method a line, `name | full name`;
- pwc_method_papers.tsv: method name, tab, title of the paper that introduced it;
- pwc_datasets.txt: one dataset or benchmark a line;
- pwc_tasks.txt: one task a line.

and, from LemmInflect's English lemma lists (MIT licence) over wordfreq's 200,000 most
frequent English words, the word classes concept extraction needs (noun phrases only):

- verb_adverb_words.txt: words that can only be verbs or adverbs ("surpasses", "mostly");
- adjective_words.txt: words that can be adjectives but never nouns ("robust", "known").

Each file starts with a header line giving the licence and attribution (CC BY-SA 4.0, Papers
with Code). The hand-written lists (methods.txt, benchmarks.txt, not_entities.txt) win where
they disagree, and keep the 2023-2025 names these lists lack.
"""
from __future__ import annotations

import argparse
import ast
import csv
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphkb.extract.names import zipf  # noqa: E402
from graphkb.keys import entity_key  # noqa: E402

LEXICONS = ROOT / "graphkb" / "extract" / "lexicons"
HEADER = ("# Derived from Papers with Code data ({what}), licensed CC BY-SA 4.0 (Papers with Code, Meta AI);"
          " written by scripts/derive_vocabularies.py, do not edit by hand.\n")
# Characters a real name is made of; anything else (?, ~, [, =, quotes, ;) marks spam or junk.
_NAME_RE = re.compile(r"^[\w][\w .+\-/&:']*[\w+)]?$")
_SPLIT_RE = re.compile(r"\s*(?:,.*|\(.*\)|\s(?:test|dev|val|valid|validation|train|test-dev|test-std|"
                       r"testdev|minival|full|subset|split|english|en)\b.*)$", re.IGNORECASE)
_SPAM_RE = re.compile(r"\b(?:how|call|phone|number|customer|service|refund|ticket|flight|select|union|"
                      r"insert|drop table|expedia|airlines?|cash|contact|speak)\b", re.IGNORECASE)
COMMON = 3.0  # a single plain word at least this common in English (Zipf) would match everywhere
_CONNECTORS = {"and", "or", "of", "for", "the", "in", "on", "with", "to", "a", "an"}


def _hand_written(filename: str) -> set[str]:
    keys = set()
    for line in (LEXICONS / filename).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        keys |= {entity_key(s.strip()) for s in line.split("|") if s.strip()}
    return keys


def _plain_word(name: str) -> bool:
    """A single word with no inner capital and no digit: "Hand", "Weather", "Adam", "BASE"."""
    return " " not in name and "-" not in name and name.isalpha() and (
        name[1:].islower() or name.isupper())


def is_generic(name: str) -> bool:
    """Would this name match ordinary prose? Common single words, short upper-case strings."""
    letters = re.sub(r"[^A-Za-z]", "", name)
    if len(letters) < 2 or len(entity_key(name)) <= 3:
        return True  # "MOD++" meets "MoD" under its key "mod": too short to tell names apart
    if _plain_word(name) and zipf(name.lower()) >= COMMON:
        return True
    if name.isupper() and name.isalpha() and len(name) <= 3:
        return True  # MSD, FES, CVR: acronyms of many things
    words = name.split()
    # "Training and", "Open Data": English, not a name
    return len(words) > 1 and (words[-1].lower() in _CONNECTORS or all(
        w.isalpha() and zipf(w.lower()) >= 4.0 for w in words))


def _literal(value):
    if isinstance(value, str):
        if value == "None":
            return None
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def methods(data: Path, excluded: set[str]) -> tuple[list[str], list[str]]:
    with gzip.open(data / "pwc-methods-2022.json.gz") as fh:
        rows = json.load(fh)
    lines, papers, seen = [], [], set()
    for r in sorted(rows, key=lambda r: -int(r.get("num_papers") or 0)):
        name, full = str(r["name"]).strip(), str(r.get("full_name") or "").strip()
        if not _NAME_RE.match(name) or is_generic(name) or entity_key(name) in excluded | seen:
            continue
        if not any(c.isupper() for c in name) and " " not in name:
            continue  # a lower-case single word: matched in any case, too loose
        spellings = [name]
        if full and full != name and _NAME_RE.match(full) and not is_generic(full) \
                and entity_key(full) not in excluded | seen and len(full.split()) <= 6:
            spellings.append(full)
        seen |= {entity_key(s) for s in spellings}
        lines.append(" | ".join(spellings))
        paper = _literal(r.get("paper"))
        if isinstance(paper, dict) and paper.get("title"):
            papers.append(f"{name}\t{' '.join(str(paper['title']).split())}")
    return lines, papers


def datasets(data: Path, excluded: set[str]) -> list[str]:
    counts: dict[str, int] = {}
    for path in sorted((data / "pwc-task-datasets").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for col in ("Common Datasets (Top 10)", "Benchmarks"):
                    for raw in (row.get(col) or "").split(";"):
                        name = _SPLIT_RE.sub("", " ".join(raw.split())).strip(" -:")
                        if name:
                            counts[name] = counts.get(name, 0) + 1
    spellings_of: dict[str, list[str]] = {}  # key -> spellings, the most used first
    for name in sorted(counts, key=lambda n: (-counts[n], n)):
        key = entity_key(name)
        if (not _NAME_RE.match(name) or _SPAM_RE.search(name) or len(name) > 40 or len(name.split()) > 5
                or not any(c.isupper() for c in name) or "_" in name or name.upper() in ("N/A", "NA", "SOTA")
                or is_generic(name) or key in excluded):
            continue
        spellings_of.setdefault(key, []).append(name)  # "Mini-ImageNet | miniImageNet": each form is matched
    return [" | ".join(spellings) for spellings in spellings_of.values()]


def tasks(data: Path) -> list[str]:
    out, seen = [], set()
    for line in (data / "pwc-tasks.txt").read_text(encoding="utf-8").splitlines():
        name = " ".join(line.strip().strip('"').split())
        if (len(name) < 4 or len(name.split()) > 6 or not re.search(r"[A-Za-z]{3}", name)
                or not _NAME_RE.match(name) or _SPAM_RE.search(name)):
            continue
        if entity_key(name) not in seen:
            seen.add(entity_key(name))
            out.append(name)
    return out


def word_classes() -> tuple[list[str], list[str]]:
    from lemminflect import getAllLemmas  # scripts/requirements.txt
    from wordfreq import top_n_list
    verbs_adverbs, adjectives = [], []
    for w in top_n_list("en", 200_000):
        if not (w.isalpha() and w.isascii() and w.islower()):
            continue
        classes = set(getAllLemmas(w))
        if classes and not classes & {"NOUN", "PROPN", "ADJ"}:
            verbs_adverbs.append(w)
        elif classes and not classes & {"NOUN", "PROPN"}:
            adjectives.append(w)
    return sorted(verbs_adverbs), sorted(adjectives)


WORDS_HEADER = ("# Derived from LemmInflect's English lemma lists (MIT licence) for wordfreq's 200,000 most"
                " frequent English words; written by scripts/derive_vocabularies.py, do not edit by hand.\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    not_entities = _hand_written("not_entities.txt")
    ours_methods, ours_benchmarks = _hand_written("methods.txt"), _hand_written("benchmarks.txt")
    task_lines = tasks(args.data)
    task_keys = {entity_key(t) for t in task_lines}
    method_lines, paper_lines = methods(args.data, not_entities | ours_methods | ours_benchmarks | task_keys)
    method_keys = {entity_key(s) for line in method_lines for s in line.split(" | ")}
    dataset_lines = datasets(args.data, not_entities | ours_methods | ours_benchmarks | method_keys | task_keys)
    for filename, what, lines in (
            ("pwc_methods.txt", "methods taxonomy, 2022", method_lines),
            ("pwc_method_papers.tsv", "methods taxonomy, 2022: the paper that introduced each method", paper_lines),
            ("pwc_datasets.txt", "datasets and benchmarks per task, 2025 archive", dataset_lines),
            ("pwc_tasks.txt", "task names, 2025 archive", task_lines)):
        (LEXICONS / filename).write_text(HEADER.format(what=what) + "".join(f"{x}\n" for x in lines),
                                         encoding="utf-8")
        print(f"{filename}: {len(lines)} entries")
    for filename, words in zip(("verb_adverb_words.txt", "adjective_words.txt"), word_classes()):
        (LEXICONS / filename).write_text(WORDS_HEADER + "".join(f"{w}\n" for w in words), encoding="utf-8")
        print(f"{filename}: {len(words)} words")


if __name__ == "__main__":
    main()
