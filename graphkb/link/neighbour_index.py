"""SIMILAR_TO that grows: what a build keeps so that an update compares only its new papers.

A build keeps its vector model (vocabulary and term weights), every paper's rows and a
fingerprint of what they were made of, and each paper's `KEPT_BEYOND` more neighbours than
SIMILAR_TO uses. An update then
- makes rows only for the papers that are new, or whose vector documents changed (a
  corpus-level decision gave an old paper other key phrases or methods), under the build's
  model: the other rows are the build's, unchanged;
- scores those papers against every paper, exactly (a block of rows at a time);
- gives each of them its nearest papers, and each other paper the new papers that come
  nearer than its kept neighbours (scores to changed papers taken anew).

So a paper's neighbours after an update are those an exact search over the update's rows
finds, unless more than `KEPT_BEYOND` of its kept neighbours changed and moved away. What
differs from a rebuild is the model: a rebuild fits the vocabulary and term weights to all
papers, so its scores differ a little, and a pair near the threshold or the k-th place can
differ. The model is fitted again, and every paper searched again, once the corpus has grown
by `REFIT_GROWTH` since it was fitted (the rule the topics follow, link/topic_lineage.py).
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..records import Paper, PaperExtraction
from .similarity import Neighbours, best_first, block_rows, nearest
from .topic_lineage import REFIT_GROWTH
from .vectors import PaperVectors, model_terms, transform, vector_documents

KEPT_BEYOND = 5  # neighbours kept past SIMILAR_TO's top k, for when some of them change


def _fingerprints(documents: list[tuple[str, ...]]) -> list[bytes]:
    return [hashlib.blake2b("\x1f".join(docs).encode("utf-8", "surrogatepass"), digest_size=16).digest()
            for docs in documents]


@dataclass(frozen=True)
class NeighbourIndex:
    """The vectors and neighbours of a build, for the next update (kept in build-state.pickle)."""

    vectors: PaperVectors  # with the model that made them
    fingerprints: list[bytes]  # per row: what its rows were made of
    neighbours: Neighbours  # each row's nearest rows, top_k + KEPT_BEYOND of them
    fitted_papers: int  # papers when the model was fitted

    @classmethod
    def fit(cls, vectors: PaperVectors, papers: Sequence[Paper], extractions: Sequence[PaperExtraction] | None,
            top_k: int, search: str = "auto", found: Neighbours | None = None) -> NeighbourIndex:
        """The index of freshly fitted vectors (`vectorize`), searched with `search`; `found`: that
        search's result (`neighbours_for`), when it was made elsewhere (in a child process)."""
        if found is None:
            found = cls.neighbours_for(vectors, top_k, search)
        return cls(vectors, _fingerprints(vector_documents(papers, extractions, vectors.model)), found,
                   len(vectors.ids))

    @staticmethod
    def neighbours_for(vectors: PaperVectors, top_k: int, search: str = "auto") -> Neighbours:
        """Each paper's nearest papers, as many as an index keeps for SIMILAR_TO's `top_k`."""
        return nearest(vectors, top_k + KEPT_BEYOND, search)

    def refit_reason(self, papers_now: int, top_k: int) -> str | None:
        """Why an update should fit the vectors again and search every paper (None: it can grow)."""
        if self.vectors.model is None or self.neighbours.rows.shape[1] < top_k + KEPT_BEYOND:
            return "the build kept no vector model for these options"
        if papers_now >= self.fitted_papers * (1 + REFIT_GROWTH):
            return (f"the corpus grew by {papers_now / self.fitted_papers - 1:.0%} since the vectors were fitted "
                    f"(at most {REFIT_GROWTH:.0%})")
        return None

    def grow(self, papers: Sequence[Paper], extractions: Sequence[PaperExtraction] | None) -> NeighbourIndex:
        """The index of `papers` (the build's and new ones, in the new build's order): rows made
        only for new or changed papers, neighbours searched only from them (see the module)."""
        model = self.vectors.model
        fingerprints = _fingerprints(vector_documents(papers, extractions, model))
        old_row = {pid: i for i, pid in enumerate(self.vectors.ids)}
        reused = np.array([old_row.get(p.id, -1) for p in papers], dtype=np.int64)
        same = reused >= 0
        same[same] = [fingerprints[i] == self.fingerprints[r] for i, r in zip(np.flatnonzero(same), reused[same])]
        reused[~same] = -1
        changed = np.flatnonzero(~same)
        vectors = self._rows(papers, extractions, reused, changed)
        neighbours = self._neighbours(vectors, reused, changed)
        return NeighbourIndex(vectors, fingerprints, neighbours, self.fitted_papers)

    def _rows(self, papers, extractions, reused: np.ndarray, changed: np.ndarray) -> PaperVectors:
        """The rows of `papers`: the index's where `reused` names one, `transform`'s for `changed`."""
        model = self.vectors.model
        kept = np.flatnonzero(reused >= 0)
        text_new, joint_new = transform(model, [papers[i] for i in changed],
                                        [extractions[i] for i in changed] if extractions is not None else None)
        # rows stacked as (kept..., changed...), then put in the papers' order
        order = np.empty(len(papers), dtype=np.int64)
        order[np.concatenate([kept, changed]).astype(np.int64)] = np.arange(len(papers))

        def stacked(old: sparse.csr_matrix, new: sparse.csr_matrix) -> sparse.csr_matrix:
            return sparse.vstack([old[reused[kept]], new], format="csr", dtype=np.float32)[order]
        terms, joint_terms = model_terms(model)
        return PaperVectors([p.id for p in papers], stacked(self.vectors.text, text_new), terms,
                            stacked(self.vectors.joint, joint_new), joint_terms, model)

    def _neighbours(self, vectors: PaperVectors, reused: np.ndarray, changed: np.ndarray) -> Neighbours:
        n, k = len(vectors.ids), self.neighbours.rows.shape[1]
        old_to_new = np.full(len(self.vectors.ids), -1, dtype=np.int64)
        kept = np.flatnonzero(reused >= 0)
        old_to_new[reused[kept]] = kept
        is_changed = np.zeros(n, dtype=bool)
        is_changed[changed] = True
        # the kept rows' lists in new row numbers, without the rows that changed (scored anew below)
        old = self.neighbours.rows[reused[kept]]
        rows = np.where(old >= 0, old_to_new[np.maximum(old, 0)], -1)
        rows = np.where((rows >= 0) & ~is_changed[np.maximum(rows, 0)], rows, -1)
        empty = Neighbours.none(n, k)
        out_rows, out_scores = empty.rows, empty.scores
        out_rows[kept], out_scores[kept] = best_first(rows, self.neighbours.scores[reused[kept]], k)
        if len(changed) and vectors.joint.shape[1]:
            m = vectors.joint
            mt = m.T.tocsc()
            block = block_rows(n)
            for start in range(0, len(changed), block):
                rows_here = changed[start:start + block]
                scores = (m[rows_here] @ mt).toarray().astype(np.float64)
                scores[np.arange(len(rows_here)), rows_here] = -np.inf  # not itself
                # the changed rows' own lists: an exact search over all rows
                out_rows[rows_here], out_scores[rows_here] = best_first(
                    np.broadcast_to(np.arange(n), scores.shape), scores, k)
                # every kept row: its list so far, or these changed rows where they come nearer
                cand_rows = np.broadcast_to(rows_here, (len(kept), len(rows_here)))
                out_rows[kept], out_scores[kept] = best_first(
                    np.hstack([out_rows[kept], cand_rows]), np.hstack([out_scores[kept], scores[:, kept].T]), k)
        return Neighbours(out_rows, out_scores)
