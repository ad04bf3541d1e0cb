"""The words extraction reads names by: what marks a method, a benchmark or a task.

One vocabulary, three families. In each, the broadest set comes first and every
narrower set used by a rule is a subset of it (checked at import), so a word added
to a rule's set is a word of the family:

- METHOD_WORDS: every noun that marks a method, model or technique.
  - METHOD_NOUNS: said right after a name, they type it ("ResNet architecture",
    "GRPO algorithm"); also what the "method-list" and "name-model" cues match.
  - METHOD_NAME_HEADS: the last word of a capitalised phrase that is a method's name
    ("Matching Networks", "Cascaded Refinement Networks").
    - PHRASE_METHOD_HEADS: the technique nouns that end a plain lower-case noun phrase
      naming a method ("stochastic pooling").
  - ACRONYM_METHOD_HEADS: the last word of an acronym's long form that makes it a method
    ("Group Relative Policy Optimization (GRPO)").
  - TITLE_TAIL_HEADS: the last word of a name a title ends with ("... via Deep
    Compositional Code Learning"): the name heads and "learning".
- BENCHMARK_WORDS: every noun that marks a dataset or benchmark, with the same structure
  (BENCHMARK_NOUNS after a name, BENCHMARK_NAME_HEADS ending a name phrase,
  ACRONYM_BENCHMARK_HEADS ending an acronym's long form, APPOSITION_BENCHMARK_HEADS heading
  an appositive after a name: "X, a new evaluation"). Simulators and environments are
  benchmarks (what the papers evaluate in), as the labelling guidelines say.
- TASK_WORDS: nouns of problems and fields. TASK_NOUNS name a problem ("semantic
  segmentation"); TASK_PHRASE_NOUNS end the task phrases similarity compares; the
  broader TASK_HEADS, ending an acronym's long form, make it a task or a field rather than
  a method ("machine comprehension (MC)").
"""
from __future__ import annotations

import re

METHOD, BENCHMARK = "method", "benchmark"  # the two kinds of named entity


def _plural(*words: str) -> set[str]:
    """Each word and its plural with -s."""
    return {w for word in words for w in (word, word + "s")}


METHOD_NOUNS = frozenset(_plural(
    "model", "network", "net", "architecture", "algorithm", "method", "framework", "optimizer",
    "optimiser", "module", "encoder", "decoder", "agent", "pipeline", "technique", "objective", "layer",
    "mechanism", "baseline", "backbone", "classifier", "embedding", "tokenizer", "tokeniser", "paradigm",
    "variant", "checkpoint", "system", "scheme", "recipe", "estimator", "solver", "procedure", "head",
    "block", "kernel", "transformer", "llm", "vlm", "mllm", "language model", "retriever", "reranker",
    "planner", "protocol",
) | {
    "approach", "approaches", "loss", "losses", "policy", "policies", "strategy", "strategies", "family",
    "series", "attention", "prompting", "fine-tuning", "finetuning", "training", "distillation",
    "regularization", "regularisation", "normalization", "normalisation", "sampling", "decoding", "search",
})
METHOD_NAME_HEADS = frozenset(_plural(
    "network", "net", "model", "machine", "reader", "unit", "transformer", "encoder", "autoencoder",
    "embedding", "convolution", "forest", "field", "algorithm", "kernel", "layer", "block", "gradient",
    "agent",
) | {
    "memory", "memories", "pooling", "attention", "regression", "clustering", "descent", "optimization",
    "optimisation", "optimizer", "training", "distillation", "normalization", "normalisation", "dropout",
    "search", "sampling", "decoding", "parser", "tagger", "classifier", "detector", "generator",
    "discriminator", "policy", "architecture", "framework", "flow", "prompting", "tuning", "fine-tuning",
    "finetuning", "propagation", "estimator", "solver", "module", "boosting", "selection", "retrieval",
    "decoder",
})
PHRASE_METHOD_HEADS = frozenset({
    "networks", "network", "nets", "pooling", "attention", "convolution", "convolutions", "regression",
    "clustering", "embedding", "embeddings", "autoencoder", "autoencoders", "encoder", "decoder",
    "forest", "forests", "descent", "distillation", "normalization", "dropout", "sampling", "training",
    "units", "memory", "reader", "readers", "transformer", "transformers", "optimization", "boosting",
})
ACRONYM_METHOD_HEADS = frozenset({
    "optimization", "optimisation", "network", "networks", "algorithm", "framework", "method",
    "attention", "transformer", "distillation", "tuning", "finetuning", "fine-tuning", "training",
    "prompting", "search", "sampling", "regression", "encoder", "decoder", "embedding", "embeddings",
    "policy", "decoding", "adaptation", "augmentation", "memory", "machine", "autoencoder",
    "propagation", "descent", "architecture", "experts", "expert", "forest", "field", "process",
    "pipeline", "approach", "agent", "mechanism", "module", "layer", "loss", "objective", "strategy",
    "scheme", "estimator", "generation",
})
TITLE_TAIL_HEADS = METHOD_NAME_HEADS | {"learning"}
METHOD_WORDS = METHOD_NOUNS | METHOD_NAME_HEADS | PHRASE_METHOD_HEADS | ACRONYM_METHOD_HEADS | TITLE_TAIL_HEADS

BENCHMARK_NOUNS = frozenset(_plural(
    "dataset", "data set", "benchmark", "treebank", "tree bank", "test set", "testset", "test bed",
    "testbed", "suite", "leaderboard", "challenge", "database", "collection", "split", "arena",
    "environment", "track", "evaluation set", "dev set", "validation set", "simulator",
) | {"corpus", "corpora"})
ACRONYM_BENCHMARK_HEADS = frozenset({
    "dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora", "bench", "treebank", "suite",
    "leaderboard", "arena", "challenge", "set", "collection",
})
BENCHMARK_NAME_HEADS = ACRONYM_BENCHMARK_HEADS | {"test", "bank", "database"}
# The head of an appositive that types the name before it: "AlpacaFarm, a simulator ...",
# "Skill-Mix, a new evaluation ...", "WebGen-Instruct, a training set ..."
APPOSITION_BENCHMARK_HEADS = BENCHMARK_NOUNS | BENCHMARK_NAME_HEADS | {"evaluation", "evaluations", "gym", "playground"}
BENCHMARK_WORDS = BENCHMARK_NOUNS | BENCHMARK_NAME_HEADS | APPOSITION_BENCHMARK_HEADS

TASK_NOUNS = frozenset({
    "comprehension", "segmentation", "detection", "classification", "recognition", "translation",
    "answering", "parsing", "tagging", "labeling", "labelling", "summarization", "summarisation",
    "retrieval", "prediction", "estimation", "tracking", "captioning", "understanding", "extraction",
    "resolution", "linking", "completion", "generation", "synthesis", "localization", "navigation",
    "forecasting", "identification", "verification", "matching", "inference", "reasoning",
})
TASK_PHRASE_NOUNS = TASK_NOUNS | {"modeling", "modelling", "super-resolution", "re-identification",
                                  "reidentification"}
TASK_HEADS = TASK_NOUNS | {
    "analysis", "learning", "processing", "intelligence", "vision", "distribution", "therapy", "interaction",
    "system", "systems", "problem", "problems", "task", "tasks", "rate", "score", "accuracy",
    "error", "metric", "models", "model",
}
TASK_WORDS = TASK_PHRASE_NOUNS | TASK_HEADS

for _narrow, _broad in ((PHRASE_METHOD_HEADS, METHOD_NAME_HEADS),
                        (METHOD_NOUNS | METHOD_NAME_HEADS | ACRONYM_METHOD_HEADS, METHOD_WORDS),
                        (ACRONYM_BENCHMARK_HEADS, BENCHMARK_NAME_HEADS), (TASK_NOUNS, TASK_HEADS),
                        (BENCHMARK_NOUNS | BENCHMARK_NAME_HEADS, APPOSITION_BENCHMARK_HEADS)):
    assert _narrow <= _broad


def alternation(words) -> str:
    """A regex alternation of the words, longest first (the regex of a word set)."""
    return "|".join(re.escape(w).replace("\\ ", " ") for w in sorted(words, key=lambda w: (-len(w), w)))
