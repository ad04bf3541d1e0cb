"""Generated corpora for the scale benchmarks, and the per-paper density of a built graph.

Two generators, both made of real abstract sentences:

- `mixed`: seven sentences drawn at random from every field per paper, under a random real
  title. Every paper mixes several fields, so it shares far more methods with far more
  papers than a real corpus does: an upper bound on the graph's density, not a forecast.
- `field`: each paper starts from one real machine-learning abstract (the sample pages, and
  the hf-roles and SciREX dev splits of ../shared/eval) and swaps some of its sentences for
  those at the same place in its nearest real neighbours (TF-IDF cosine), so it stays in
  one field. What the real abstract proposes (as graphkb extracts it) is renamed to a name
  coined for the generated paper ("Kavolu-Net" in "We propose Kavolu-Net, ..." and in
  the title), so no name has twenty proposers; some later papers of the same field (a
  KMeans cluster of the real abstracts) use a name proposed before them, the more used the
  likelier (preferential attachment), in a sentence such as "We use Kavolu-Net as a
  strong baseline.". Dates are spread over `months` months in paper order.

`density(graph_json)` gives per-paper counts of nodes and relationships by type, the
figures `build_scale.py --density` compares with the sample pages' graph.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The labelled data the generators draw from and quality.py scores on: ../shared/eval, or $GRAPHKB_EVAL_DIR.
EVAL_DIR = Path(os.environ.get("GRAPHKB_EVAL_DIR", ROOT.parent / "shared" / "eval"))

ML_EVAL_SETS = ("hf-roles",)  # Daily Papers abstracts, like the sample pages
ALL_EVAL_SETS = ("inspec", "semeval2017", "scirex")  # what `mixed` draws from (as before)


def _eval_rows(eval_dir: Path, names: tuple[str, ...]) -> list[dict]:
    rows = []
    for name in names:
        with open(eval_dir / f"{name}-dev.jsonl", encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def mixed_corpus(eval_dir: Path, n_papers: int, seed: int = 1) -> Iterator[dict]:
    """Seven random sentences of any field per paper, under a random real title (numbered)."""
    rows = _eval_rows(eval_dir, ALL_EVAL_SETS)
    sentences = [s for r in rows for s in re.split(r"(?<=\.)\s+", r.get("abstract") or "") if len(s) > 20]
    titles = [r["title"] for r in rows if r.get("title")]
    rng = random.Random(seed)
    for i in range(n_papers):
        yield {"id": f"p{i}", "title": f"{rng.choice(titles)} ({i})", "abstract": " ".join(rng.sample(sentences, 7))}


# --- the field generator ---------------------------------------------------------------------

@dataclass
class BasePaper:
    title: str
    sentences: list[str]
    proposed: dict[str, str]  # name (and long form) it proposes -> "Method" or "Benchmark"
    own_names: dict[str, str]  # names it alone of the real abstracts uses -> label (renamed in each copy)
    field: int = 0
    neighbours: tuple[tuple[int, float], ...] = ()  # (index, cosine), nearest first


def base_papers(eval_dir: Path, samples: Path = ROOT / "samples", sets: tuple[str, ...] = ML_EVAL_SETS
                ) -> list[BasePaper]:
    """The real machine-learning abstracts: sample pages and the ML eval sets, one per title,
    with what graphkb extracts as proposed by each, their fields and nearest neighbours."""
    from graphkb.build import read_papers
    from graphkb.extract import default_lexicon, extract_corpus, split_sentences
    from graphkb.link.variants import shorter_names
    from graphkb.records import Paper
    from graphkb.text import title_key

    papers, _ = read_papers([samples])
    seen = {title_key(p.title) for p in papers} | {p.abstract[:80] for p in papers}
    extra = []
    for r in _eval_rows(eval_dir, sets):
        keys = {title_key(r.get("title") or ""), (r.get("abstract") or "")[:80]}
        if r.get("title") and r.get("abstract") and not keys & seen:
            seen |= keys
            extra.append(r)
    papers += [Paper(id=f"eval-{i}", title=r["title"], abstract=r["abstract"], sources=("eval",))
               for i, r in enumerate(extra)]
    extractions = extract_corpus(papers, jobs=1)
    lexicon = default_lexicon()
    users = Counter(m.name for x in extractions for m in {*x.methods, *x.benchmarks})
    base = []
    for p, x in zip(papers, extractions):
        proposed, own_names = {}, {}
        for label, mentions in (("Method", x.methods), ("Benchmark", x.benchmarks)):
            for m in mentions:
                if m.role == "proposes":
                    for name in (m.name, m.long_form):
                        if name and len(name) > 2:
                            proposed.setdefault(name, label)
                elif (users[m.name] == 1 and len(m.name) > 2 and any(c.isupper() for c in m.name)
                      and lexicon.kind_of(m.name) is None  # SQuAD, known to graphkb, stays SQuAD
                      and not any(users[n] for n in shorter_names(m.name))):  # and so does Llama-3-70B
                    own_names.setdefault(m.name, label)
        sentences = [s.text for s in split_sentences(p.abstract)]
        if len(sentences) >= 2:
            base.append(BasePaper(p.title, sentences, proposed, {k: v for k, v in own_names.items()
                                                                 if k not in proposed}))
    _place(base)
    return base


def _place(base: list[BasePaper], k: int = 8) -> None:
    """Fields (KMeans clusters of TF-IDF vectors, ~25 abstracts each) and each abstract's k
    nearest neighbours by cosine."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [f"{b.title}. {' '.join(b.sentences)}" for b in base]
    m = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1).fit_transform(docs)
    fields = KMeans(n_clusters=max(2, len(base) // 25), n_init=4, random_state=0).fit_predict(m)
    sims = (m @ m.T).toarray()
    np.fill_diagonal(sims, -1)
    for i, b in enumerate(base):
        b.field = int(fields[i])
        order = np.argsort(-sims[i])[:k]
        b.neighbours = tuple((int(j), float(sims[i, j])) for j in order if sims[i, j] > 0)


_ONSETS = "b c d f g k l m n p r s t v z br dr gr kr pl st tr sh ch".split()
_VOWELS = "a e i o u ai ei ou".split()
_METHOD_SUFFIXES = ["", "", "Net", "Former", "-LM", "GPT", "-VL", "Diff", "-R1", "Agent", "Coder", "-Zero"]
_VERSIONS = ("2", "3", "7B", "13B", "70B", "v2", "XL", "Lite", "Instruct", "Large")
_BENCHMARK_SUFFIXES = ["Bench", "-QA", "Eval", "-1K", "Set", "Arena"]
_USE_SENTENCES = {
    "Method": ["We use {} as a strong baseline.", "Our approach builds on {}.",
               "Compared with {}, our method needs far less compute.",
               "Unlike {}, we do not require any additional supervision.",
               "We initialise our model from {}."],
    "Benchmark": ["We also evaluate on the {} benchmark.", "Experiments on {} confirm these gains.",
                  "Results on {} show consistent improvements."],
}


def _name_pattern(name: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


class _Names:
    """Coined names, unique, in the style of the label."""

    def __init__(self, rng: random.Random):
        self.rng, self.taken = rng, set()

    def coin(self, label: str, family: str | None = None) -> str:
        """A new name; given a family ("Kavolu-Net"), a version or size of it ("Kavolu-Net-7B")."""
        rng = self.rng
        while family is not None:
            name = f"{family}-{rng.choice(_VERSIONS)}"
            if name.lower() not in self.taken:
                self.taken.add(name.lower())
                return name
            family = None if rng.random() < 0.3 else family
        while True:
            stem = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.choice((2, 2, 3))))
            stem = stem.capitalize()
            if label == "Benchmark":
                name = stem + rng.choice(_BENCHMARK_SUFFIXES)
            else:
                name = stem + rng.choice(_METHOD_SUFFIXES)
                if rng.random() < 0.4:
                    name += f"-{rng.choice(_VERSIONS)}"
            if name.lower() not in self.taken:
                self.taken.add(name.lower())
                return name


_URL_RE = re.compile(r"https?://(?:www\.)?github\.com/[\w.-]+/[\w.-]+", re.I)


def field_corpus(eval_dir: Path, n_papers: int, seed: int = 1, swap: float = 0.1, reuse: float = 0.05,
                 variant: float = 0.15, months: int = 18, start: dt.date = dt.date(2024, 1, 1),
                 base: list[BasePaper] | None = None) -> Iterator[dict]:
    """Papers that each stay in one field (see the module's docstring).

    Real abstracts are taken in shuffled rounds (each once per round). swap: the chance that
    a sentence (the first excepted) is taken from a neighbour; reuse: the chance that a paper
    uses a method (half as often a benchmark) proposed earlier in its field; variant: the
    chance that a coined method name is a version or size of one proposed earlier in its field.
    """
    base = base if base is not None else base_papers(eval_dir)
    rng = random.Random(seed)
    names = _Names(rng)
    pools: dict[tuple[int, str], list[str]] = defaultdict(list)  # (field, label) -> names, one entry per use
    days = months * 30.4
    offsets = sorted(rng.random() * days for _ in range(n_papers))
    patterns: dict[str, re.Pattern] = {}
    order: list[int] = []

    def rename(text: str, mapping: dict[str, str]) -> str:
        for old, new in mapping.items():
            text = patterns.setdefault(old, _name_pattern(old)).sub(new, text)
        return text

    for i in range(n_papers):
        if not order:
            order = list(range(len(base)))
            rng.shuffle(order)
        b = base[order.pop()]
        own = {}
        for old, label in b.proposed.items():
            pool = pools[b.field, label]
            family = rng.choice(pool) if label == "Method" and pool and rng.random() < variant else None
            own[old] = names.coin(label, family)
        by_label = {label: own[old] for old, label in b.proposed.items()}
        sentences = list(b.sentences)
        for k in range(1, len(sentences)):
            if b.neighbours and rng.random() < swap:
                j, _ = rng.choices(b.neighbours, weights=[s for _, s in b.neighbours])[0]
                other = base[j]
                taken = other.sentences[min(len(other.sentences) - 1, round(k * len(other.sentences) / len(sentences)))]
                # the neighbour's own names become this paper's (or, if it has none, its field's)
                mapping = {}
                for old, label in other.proposed.items():
                    new = by_label.get(label) or (rng.choice(pools[b.field, label]) if pools[b.field, label] else None)
                    if new:
                        mapping[old] = new
                sentences[k] = rename(taken, mapping)
        # names only this real abstract uses (not GPT-4 or GSM8K) are new in each copy
        own.update({old: names.coin(label) for old, label in b.own_names.items()})
        sentences = [rename(s, own) for s in sentences]
        code = (by_label.get("Method") or names.coin("Method")).lower()
        sentences = [_URL_RE.sub(f"https://github.com/{code}/{code}", s) for s in sentences]
        title = rename(b.title, own)
        if title == b.title:  # the real title names nothing it proposes: keep titles distinct
            title = f"{b.title} ({i})"
        for label in ("Method", "Benchmark"):
            pool = pools[b.field, label]
            if pool and rng.random() < reuse * (1 if label == "Method" else 0.5):
                used = rng.choice(pool)  # one entry per use: the more used, the likelier
                if used not in own.values():
                    sentences.insert(rng.randrange(1, len(sentences) + 1),
                                     rng.choice(_USE_SENTENCES[label]).format(used))
                    pool.append(used)
        for name, label in {by_label[label]: label for label in by_label}.items():
            pools[b.field, label].append(name)
        date = start + dt.timedelta(days=offsets[i])
        yield {"id": f"g{i}", "title": title, "abstract": " ".join(sentences), "date": date.isoformat()}


GENERATORS = {"mixed": lambda eval_dir, n, seed=1: mixed_corpus(eval_dir, n, seed),
              "field": lambda eval_dir, n, seed=1: field_corpus(eval_dir, n, seed)}


def write_corpus(records: Iterator[dict], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n


def density(graph_json: Path) -> tuple[int, dict[str, float], dict[str, float]]:
    """(papers, nodes per paper by label, relationships per paper by type) of a built graph.json."""
    data = json.loads(Path(graph_json).read_text(encoding="utf-8"))
    nodes = Counter(n["label"] for n in data["nodes"])
    rels = Counter(e["type"] for e in data.get("relationships", data.get("edges", [])))
    papers = nodes["Paper"]
    return papers, {k: v / papers for k, v in nodes.items()}, {k: v / papers for k, v in rels.items()}
