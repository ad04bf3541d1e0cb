"""TF-IDF vectors of papers (title + abstract), shared by similarity and topics."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..extract.concepts import STOP_WORDS
from ..records import Paper


@dataclass(frozen=True)
class PaperVectors:
    ids: list[str]
    matrix: sparse.csr_matrix  # one L2-normalised row per paper
    terms: np.ndarray  # column -> term


def paper_text(p: Paper) -> str:
    return f"{p.title}. {p.title}. {p.abstract}"  # the title counts twice: it is the densest summary


def vectorize(papers: Sequence[Paper]) -> PaperVectors:
    """Sublinear TF-IDF over unigrams and bigrams; very common terms are dropped on big corpora."""
    n = len(papers)
    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        stop_words=sorted(STOP_WORDS),
        ngram_range=(1, 2),
        min_df=2 if n >= 50 else 1,
        max_df=0.5 if n >= 50 else 1.0,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
        dtype=np.float32,
    )
    texts = [paper_text(p) for p in papers]
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing left after stop words (empty or tiny corpus)
        return PaperVectors([p.id for p in papers], sparse.csr_matrix((n, 0), dtype=np.float32),
                            np.array([], dtype=object))
    return PaperVectors([p.id for p in papers], matrix.tocsr(), vectorizer.get_feature_names_out())
