"""Thematic clusters: NMF topics over the TF-IDF matrix, each named by its top terms.

A build fits the topics (`fit_topics`); an update lets the new papers join them
(`join_topics`) until the corpus has drifted, then fits again (see topic_ids.py for
how a topic keeps its id across fits).
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from sklearn.decomposition import NMF

from ..keys import entity_key
from ..schema import node_id
from .nmf import fitted_weights, multiplicative_updates
from .vectors import PaperVectors


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    top_terms: tuple[str, ...]
    members: tuple[tuple[str, float], ...]  # (paper id, weight), strongest first


# From this many papers up, NMF uses multiplicative updates: they reach the same
# reconstruction error (within 0.05%) in far less time than coordinate descent
# (2,000 papers: 0.9 s vs 7.5 s; 20,000: 4 s vs 53 s). Below it, coordinate descent
# (fast enough there, and the topics of small corpora stay as they were).
# Multiplicative updates run in float64: in float32 they drive many term weights into
# subnormal numbers, on which the CPU computes some 40x slower (10,000 papers of the
# `field` corpus: 154 s -> 98 s, the same topics).
MU_SOLVER_MIN_PAPERS = 1_000
# From this many papers up, the topics are first fitted on a random sample of TOPIC_SAMPLE_SIZE
# papers (seeded: the same sample every run), then refined on every paper for
# TOPIC_REFINE_ITERATIONS from there. A fit on every paper from the start takes more
# iterations the bigger the corpus (10,000 `field` papers: 90; 20,000: 130). The share of a
# topic's papers whose text has one of its three top terms, averaged over the topics, beside
# the fit on every paper in the same run:
#   20,000 papers: 37.2 s -> 24.7 s, 0.727 -> 0.707 (terms as named; on the model's own top
#                  terms 0.828 -> 0.837; the sample's topics without refining 0.821);
#   40,000 papers: 60.8 s -> 20.2 s, 0.742 -> 0.751 (its biggest topic 1,871 -> 3,306 papers).
TOPIC_SAMPLE_MIN_PAPERS = 20_000
TOPIC_SAMPLE_SIZE = 10_000
TOPIC_REFINE_ITERATIONS = 10
MAX_ITERATIONS = 400
TOLERANCE = 1e-4  # scikit-learn's stopping rule (see nmf.py)


def _fit_by_updates(text: sparse.csr_matrix, k: int) -> tuple[np.ndarray, NMF]:
    """The papers' topic weights and the model, by multiplicative updates: scikit-learn's NMF
    starts the fit (nndsvda, and the first update) and keeps the components, so that later
    papers join through its `transform`; the updates after the first are nmf.py's, the same
    updates with faster products. `field` papers, fit_topics alternated in one process with
    scikit-learn's fit throughout: 10,000 papers 35.9 -> 16.6 s, 20,000 (on a sample, refined)
    67.1 -> 28.0 s, 100,000 86.5 -> 53.5 s; adjusted Rand index of the two fits' topics 0.993,
    0.998, 0.998."""
    n = text.shape[0]
    model = NMF(n_components=k, init="nndsvda", solver="mu", random_state=0, max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "maximum number of iterations reached": the start only
        if n >= TOPIC_SAMPLE_MIN_PAPERS:
            sample = text[np.sort(np.random.default_rng(0).choice(n, min(TOPIC_SAMPLE_SIZE, n), replace=False))]
            first = multiplicative_updates(sample, model.fit_transform(sample), model.components_,
                                           MAX_ITERATIONS - 1, TOLERANCE)
            start = fitted_weights(text, first.h, MAX_ITERATIONS, TOLERANCE)
            fit = multiplicative_updates(text, start.w, first.h, TOPIC_REFINE_ITERATIONS, TOLERANCE)
            updates = fit.iterations
        else:
            fit = multiplicative_updates(text, model.fit_transform(text), model.components_,
                                         MAX_ITERATIONS - 1, TOLERANCE)
            updates = fit.iterations + 1
    model.set_params(max_iter=MAX_ITERATIONS)  # what `transform` runs for later papers
    model.components_, model.n_iter_, model.reconstruction_err_ = fit.h, updates, fit.error
    return fit.w, model


def default_topic_count(n_papers: int) -> int:
    return max(2, min(40, round(math.sqrt(n_papers / 2))))


@dataclass(frozen=True)
class TopicModel:
    """A fitted topic model, kept so that later papers can join its topics (`join_topics`)."""

    nmf: NMF
    terms: np.ndarray  # the text columns it was fitted on
    components: dict[str, int]  # topic id -> its row of nmf.components_


def fit_topics(vectors: PaperVectors, n_topics: int | None = None, n_terms: int = 10
               ) -> tuple[list[Topic], TopicModel | None]:
    """NMF topics of the papers, numbered by size (topic:1 is the biggest), and the model."""
    n, v = vectors.text.shape
    if n < 2 or v < 2:
        return [], None
    k = min(n_topics or default_topic_count(n), n, v)
    solver = "mu" if n >= MU_SOLVER_MIN_PAPERS else "cd"
    if solver == "mu":
        weights, model = _fit_by_updates(vectors.text.astype(np.float64), k)
    else:
        model = NMF(n_components=k, init="nndsvda", solver=solver, random_state=0, max_iter=MAX_ITERATIONS)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings on tiny corpora are harmless here
            weights = model.fit_transform(vectors.text)
    components = model.components_
    assignment = weights.argmax(axis=1)
    topics = []
    for t in range(k):
        member_rows = np.flatnonzero((assignment == t) & (weights[:, t] > 0)).tolist()
        if not member_rows:
            continue
        order = np.argsort(-components[t], kind="stable")[:4 * n_terms]
        terms = distinct_terms((str(vectors.terms[j]) for j in order if components[t, j] > 0), n_terms)
        members = sorted(((vectors.ids[i], round(float(weights[i, t]), 4)) for i in member_rows),
                         key=lambda m: (-m[1], m[0]))
        topics.append((terms, tuple(members), t))
    # number topics by size so ids read naturally (topic:1 is the biggest)
    topics.sort(key=lambda t: (-len(t[1]), t[0]))
    found = [Topic(node_id("Topic", str(i)), ", ".join(terms[:3]), terms, members)
             for i, (terms, members, _) in enumerate(topics, start=1)]
    rows = {node_id("Topic", str(i)): t for i, (_, _, t) in enumerate(topics, start=1)}
    return found, TopicModel(model, vectors.terms, rows)


def find_topics(vectors: PaperVectors, n_topics: int | None = None, n_terms: int = 10) -> list[Topic]:
    """Each paper joins its strongest topic; topics nobody joins are dropped."""
    return fit_topics(vectors, n_topics, n_terms)[0]


def join_topics(topics: list[Topic], model: TopicModel, vectors: PaperVectors, paper_ids: set[str]
                ) -> tuple[list[Topic], list[str]]:
    """`topics` with the papers of `paper_ids` added, each to the topic the model weighs most for
    it (its weight in the topic as in `fit_topics`); and the papers that joined none (no word
    the model knows). The papers are read through the model's own terms (their columns in
    `vectors.text`, matched by term), so the topics keep their meaning and their names."""
    rows = [i for i, pid in enumerate(vectors.ids) if pid in paper_ids]
    if not rows or not model.components:
        return topics, [vectors.ids[i] for i in rows]
    column = {str(t): j for j, t in enumerate(vectors.terms)}
    text = sparse.hstack([vectors.text[rows], sparse.csr_matrix((len(rows), 1), dtype=vectors.text.dtype)],
                         format="csr")
    missing = text.shape[1] - 1  # an all-zero column for the model's terms the new vectors lack
    aligned = text[:, [column.get(str(t), missing) for t in model.terms]].astype(model.nmf.components_.dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = model.nmf.transform(aligned)
    topic_ids = list(model.components)
    component_rows = [model.components[t] for t in topic_ids]
    joined: dict[str, list[tuple[str, float]]] = {t: [] for t in topic_ids}
    unjoined = []
    for r, i in enumerate(rows):
        w = weights[r, component_rows]
        best = int(w.argmax())
        if w[best] > 0:
            joined[topic_ids[best]].append((vectors.ids[i], round(float(w[best]), 4)))
        else:
            unjoined.append(vectors.ids[i])
    out = []
    for t in topics:
        members = tuple(sorted((*t.members, *joined.get(t.id, ())), key=lambda m: (-m[1], m[0])))
        out.append(replace(t, members=members))
    return out, unjoined


def distinct_terms(ranked_terms, n_terms: int) -> tuple[str, ...]:
    """The first `n_terms` terms that say something new, best first.

    A spelling variant of a kept term ("llms" after "llm", "pre-training" after
    "pretraining") is dropped, and so is a single word already inside a kept
    phrase ("learning" after "continual learning"). A phrase ranked among the
    first `n_terms` takes the place of the kept words it contains ("continual"
    then "continual learning" keeps "continual learning" where "continual" was).
    """
    kept: list[str] = []
    keys: set[str] = set()
    words_in_phrases: set[str] = set()
    for rank, term in enumerate(ranked_terms):
        key = entity_key(term)
        if key in keys or key in words_in_phrases:
            continue
        keys.add(key)
        words = term.split()
        if len(words) > 1:
            word_keys = {entity_key(w) for w in words}
            words_in_phrases |= word_keys
            inside = [i for i, k in enumerate(kept) if entity_key(k) in word_keys] if rank < n_terms else []
            if inside:
                kept[inside[0]] = term
                for i in reversed(inside[1:]):
                    del kept[i]
                continue
        kept.append(term)
        if len(kept) == n_terms:
            break
    return tuple(kept)
