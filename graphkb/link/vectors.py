"""Paper vectors: TF-IDF of the text, joined with tasks, benchmarks, methods and concepts for similarity.

Topics read the text vectors alone; similarity reads the joint vectors, in which papers on
the same task (task phrases the field's task vocabulary knows: "semantic segmentation", not
"generation"), evaluated on the same benchmarks, using the same specific methods (not
families such as "fine-tuning") or sharing key phrases are closer than their wording alone
would make them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from ..extract import default_lexicon
from ..keys import STOP_WORDS
from ..records import Paper, PaperExtraction

TASK_WEIGHT = 0.3  # weight of shared task phrases against shared wording (1.0)
BENCHMARK_WEIGHT = 0.4  # weight of shared benchmarks
METHOD_WEIGHT = 0.2  # weight of shared specific methods
CONCEPT_WEIGHT = 0.2  # weight of shared key phrases (a paper's top 10)


def paper_text(p: Paper) -> str:
    return f"{p.title}. {p.title}. {p.abstract}"  # the title counts twice: it is the densest summary


# Term counting: (documents, CountVectorizer options) -> (counts, column -> term), as
# CountVectorizer.fit_transform gives them. `local_counts` counts in this process; an engine
# may count shares of the documents elsewhere (`count_share`) and merge them here
# (`shares_counted`) into the very same matrix.
CountTerms = Callable[[list[str], dict], tuple[sparse.csr_matrix, np.ndarray]]


def local_counts(docs: list[str], options: dict) -> tuple[sparse.csr_matrix, np.ndarray]:
    vectorizer = CountVectorizer(dtype=np.float32, **options)
    return vectorizer.fit_transform(docs), vectorizer.get_feature_names_out()


def vocabulary_of(partitions: Iterable[dict[str, int]], n_docs: int, options: dict) -> list[str]:
    """The terms CountVectorizer keeps (min_df, max_df) from the partitions' document
    frequencies (each in order of first appearance), in order of first appearance;
    ValueError where CountVectorizer raises one."""
    df: dict[str, int] = {}
    for part in partitions:
        for term, count in part.items():
            df[term] = df.get(term, 0) + count
    if not df:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    max_df, min_df = options.get("max_df", 1.0), options.get("min_df", 1)
    high = max_df if isinstance(max_df, Integral) else max_df * n_docs
    low = min_df if isinstance(min_df, Integral) else min_df * n_docs
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    kept = [term for term, count in df.items() if low <= count <= high]
    if not kept:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    return kept


def count_documents(docs: list[str], vocabulary: list[str], options: dict) -> sparse.csr_matrix:
    """A partition's counts over `vocabulary` (columns in its order)."""
    options = {k: v for k, v in options.items() if k not in ("min_df", "max_df")}
    vectorizer = CountVectorizer(dtype=np.float32, vocabulary={t: i for i, t in enumerate(vocabulary)}, **options)
    return vectorizer.transform(docs)


def count_share(docs: list[str], options: dict) -> tuple[dict[str, int], sparse.csr_matrix]:
    """One share of the documents counted in a single pass: its terms' document frequencies, in
    order of first appearance, and its counts over those terms (columns in that order), as
    CountVectorizer counts before it sorts and prunes terms. `shares_counted` makes the
    corpus's counts of the shares."""
    analyze = CountVectorizer(**options).build_analyzer()
    column: dict[str, int] = {}
    indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for doc in docs:
        counter: dict[int, int] = {}
        for term in analyze(doc):
            j = column.setdefault(term, len(column))
            counter[j] = counter.get(j, 0) + 1
        indices.extend(counter)
        values.extend(counter.values())
        indptr.append(len(indices))
    counts = sparse.csr_matrix((np.array(values, dtype=np.float32), np.array(indices, dtype=np.int64),
                                np.array(indptr, dtype=np.int64)), shape=(len(docs), len(column)))
    df = np.bincount(counts.indices, minlength=len(column))
    return dict(zip(column, df.tolist())), counts


def shares_counted(shares: Sequence[tuple[dict[str, int], sparse.csr_matrix]], options: dict
                   ) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The counts of the whole corpus from `count_share`'s, share by share in corpus order:
    what CountVectorizer.fit_transform gives (terms kept by min_df and max_df, as
    `vocabulary_of` keeps them, and the rows of `count_documents` over them)."""
    vocabulary = vocabulary_of((df for df, _ in shares), sum(c.shape[0] for _, c in shares), options)
    column = {t: i for i, t in enumerate(vocabulary)}
    parts = []
    for df, counts in shares:
        kept_column = np.fromiter((column.get(t, -1) for t in df), dtype=np.int64, count=len(df))
        mapped = kept_column[counts.indices]
        kept = mapped >= 0
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows[kept], minlength=counts.shape[0]))])
        part = sparse.csr_matrix((counts.data[kept], mapped[kept], indptr), shape=(counts.shape[0], len(vocabulary)))
        part.sort_indices()
        if options.get("binary"):
            part.data.fill(1)
        parts.append(part)
    return stack_counts(parts, vocabulary)


def stack_counts(parts: Sequence[sparse.csr_matrix], vocabulary: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The partitions' counts as one matrix whose columns are the terms sorted, each row's
    entries stored in the vocabulary's order, exactly as CountVectorizer.fit_transform
    leaves them (the order in which later sums add them up)."""
    counts = sparse.vstack(parts, format="csr", dtype=np.float32)
    order = sorted(range(len(vocabulary)), key=vocabulary.__getitem__)
    position = np.empty(len(vocabulary), dtype=counts.indices.dtype)
    position[order] = np.arange(len(vocabulary), dtype=counts.indices.dtype)
    counts.indices = position.take(counts.indices, mode="clip")
    return counts, np.asarray([vocabulary[i] for i in order], dtype=object)


def _tfidf(docs: list[str], n: int, count_terms: CountTerms, sublinear_tf: bool = False, **options
           ) -> tuple[sparse.csr_matrix, np.ndarray, TfidfTransformer | None]:
    """TfidfVectorizer(**options).fit_transform(docs), the counting done by `count_terms`; with
    the fitted term weights (None when nothing was left to count)."""
    try:
        counts, terms = count_terms(docs, options)
    except ValueError:  # nothing left to count (empty or tiny corpus)
        return sparse.csr_matrix((n, 0), dtype=np.float32), np.array([], dtype=object), None
    tfidf = TfidfTransformer(sublinear_tf=sublinear_tf)
    return tfidf.fit(counts).transform(counts, copy=False).tocsr(), terms, tfidf


@dataclass(frozen=True)
class Weights:
    """How much shared task phrases, benchmarks, specific methods and key phrases count against
    shared wording (1.0) in the joint vectors."""

    task: float = TASK_WEIGHT
    benchmark: float = BENCHMARK_WEIGHT
    method: float = METHOD_WEIGHT
    concept: float = CONCEPT_WEIGHT


def _block_documents(papers: Sequence[Paper], extractions: Sequence[PaperExtraction] | None,
                     weights: Weights) -> list[tuple[list[str], float, dict]]:
    """The blocks of the joint vectors: (one document per paper, weight, CountVectorizer and
    TfidfTransformer options) for the text, then, given extractions, each weighted side block."""
    n = len(papers)
    blocks = [([paper_text(p) for p in papers], 1.0,
               dict(sublinear_tf=True, stop_words=sorted(STOP_WORDS), ngram_range=(1, 2),
                    min_df=2 if n >= 50 else 1, max_df=0.5 if n >= 50 else 1.0,
                    token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b"))]
    if extractions is None:
        return blocks
    lexicon = default_lexicon()

    def known(name: str) -> str:  # "LSTMs", "long short-term memory": LSTM, as the vocabulary spells it
        return lexicon.preferred_name(name) or name

    def joined(names_of) -> list[str]:
        return [" ".join(name.replace(" ", "_") for name in names_of(x)) for x in extractions]
    side = (
        (joined(lambda x: [name for name, count in x.tasks if lexicon.is_task(name) for _ in range(count)]),
         weights.task, {"sublinear_tf": True}),
        (joined(lambda x: [known(b.name) for b in x.benchmarks]), weights.benchmark,
         {"binary": True, "lowercase": False}),
        (joined(lambda x: [known(m.name) for m in x.methods if not lexicon.is_family(m.name)]), weights.method,
         {"binary": True, "lowercase": False}),
        (joined(lambda x: [k.name for k in x.concepts[:10]]), weights.concept, {"binary": True}),
    )
    return blocks + [(docs, weight, {"token_pattern": r"\S+", **kw}) for docs, weight, kw in side if weight]


@dataclass(frozen=True)
class VectorBlock:
    """One fitted block of the joint vectors: its terms (columns), term weights and options."""

    terms: np.ndarray
    tfidf: TfidfTransformer | None  # None: the block has no columns
    options: dict  # CountVectorizer options (count_documents leaves out the document-frequency cut-offs)
    weight: float


@dataclass(frozen=True)
class VectorModel:
    """The vocabulary and term weights of fitted vectors: `transform` turns more papers into
    rows that compare with the fitted ones (an update's new papers; see neighbour_index.py)."""

    blocks: tuple[VectorBlock, ...]
    weights: Weights
    with_extractions: bool


@dataclass(frozen=True)
class PaperVectors:
    ids: list[str]
    text: sparse.csr_matrix  # TF-IDF of title + abstract, one L2-normalised row per paper
    terms: np.ndarray  # column of `text` -> term
    joint: sparse.csr_matrix  # text, task phrases and benchmarks side by side, rows L2-normalised
    joint_terms: np.ndarray  # column of `joint` -> term, task phrase or benchmark name
    model: VectorModel | None = None  # what made them (None: built some other way)

    @property
    def unlinkable(self) -> str | None:
        """Why no paper can be compared with another (similarity and topics are then empty)."""
        if len(self.ids) < 2:
            return f"{len(self.ids)} paper: nothing to compare it with"
        if self.text.shape[1] == 0:
            return "the papers have no words to compare (no Latin-script words of two letters or more)"
        return None


def _joined(blocks: list[sparse.csr_matrix], model_blocks) -> sparse.csr_matrix:
    """The blocks side by side, each side block scaled by the square root of its weight, rows L2-normalised."""
    scaled = [m if i == 0 else m * np.float32(np.sqrt(b.weight)) for i, (m, b) in enumerate(zip(blocks, model_blocks))]
    joint = sparse.hstack(scaled, format="csr", dtype=np.float32)
    if joint.shape[1]:  # scikit-learn refuses a matrix of no columns ("0 feature(s)")
        joint = normalize(joint)
    return joint


def _joint_terms(model_blocks) -> np.ndarray:
    return np.array([str(t).replace("_", " ") for t in np.concatenate([b.terms for b in model_blocks])], dtype=object)


def vectorize(papers: Sequence[Paper], extractions: Sequence[PaperExtraction] | None = None,
              weights: Weights = Weights(), count_terms: CountTerms = local_counts) -> PaperVectors:
    """Sublinear TF-IDF over unigrams and bigrams (very common terms dropped on big corpora),
    joined with known task phrases, benchmarks, specific methods and key phrases when
    extractions are given. count_terms: where the documents' terms are counted (an engine's)."""
    n = len(papers)
    matrices, model_blocks = [], []
    for docs, weight, options in _block_documents(papers, extractions, weights):
        tfidf_options = {k: options[k] for k in ("sublinear_tf",) if k in options}
        count_options = {k: v for k, v in options.items() if k not in tfidf_options}
        m, terms, tfidf = _tfidf(docs, n, count_terms, **tfidf_options, **count_options)
        matrices.append(m)
        model_blocks.append(VectorBlock(terms, tfidf, count_options, weight))
    model = VectorModel(tuple(model_blocks), weights, extractions is not None)
    return PaperVectors([p.id for p in papers], matrices[0], model_blocks[0].terms, _joined(matrices, model_blocks),
                        _joint_terms(model_blocks), model)


def transform(model: VectorModel, papers: Sequence[Paper], extractions: Sequence[PaperExtraction] | None
              ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """The text and joint rows of `papers` under a fitted model: the rows `vectorize` gave the
    papers it was fitted on, for papers it was not (words it did not keep are left out)."""
    matrices = []
    for (docs, _, _), block in zip(_block_documents(papers, extractions if model.with_extractions else None,
                                                    model.weights), model.blocks):
        if block.tfidf is None:
            matrices.append(sparse.csr_matrix((len(papers), 0), dtype=np.float32))
        else:
            counts = count_documents(docs, list(block.terms), block.options)
            matrices.append(block.tfidf.transform(counts, copy=False).tocsr())
    return matrices[0], _joined(matrices, model.blocks)


def vector_documents(papers: Sequence[Paper], extractions: Sequence[PaperExtraction] | None,
                     model: VectorModel) -> list[tuple[str, ...]]:
    """What each paper's rows are made of under `model`: the same tuple, the same rows."""
    blocks = _block_documents(papers, extractions if model.with_extractions else None, model.weights)
    return list(zip(*(docs for docs, _, _ in blocks)))


def model_terms(model: VectorModel) -> tuple[np.ndarray, np.ndarray]:
    """(text terms, joint terms): the columns of the rows `transform` gives."""
    return model.blocks[0].terms, _joint_terms(model.blocks)
