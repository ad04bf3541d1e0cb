"""Context cues that tell a method from a benchmark, and a proposed name from a used one.

Each cue is a regular expression over the text just left or right of a
candidate name within its sentence, with the kind it votes for, a weight, and
a rule name that ends up in the link's evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..keys import STOP_WORDS
from . import vocabulary
from .prepared import can_head_noun_phrase, is_verb_form
from .spans import PROPOSE_STRENGTH, Candidate
from .vocabulary import (
    ACRONYM_BENCHMARK_HEADS,
    ACRONYM_METHOD_HEADS,
    APPOSITION_BENCHMARK_HEADS,
    BENCHMARK,
    METHOD,
    METHOD_WORDS,
    alternation,
)

# The cues' word lists, as regex alternations of the vocabulary's sets.
BENCHMARK_NOUNS = alternation(vocabulary.BENCHMARK_NOUNS)
METHOD_NOUNS = alternation(vocabulary.METHOD_NOUNS)

PROPOSE_VERBS = (
    r"propos\w*|present\w*|introduc\w*|develop\w*|design\w*|buil[dt]\w*|releas\w*|construct\w*|"
    r"curat\w*|creat\w*|contribut\w*|offer\w*|devis\w*|establish\w*|open[- ]?sourc\w*|collect\w*|"
    r"describ\w*|formulat\w*|put forward|unveil\w*|launch\w*|report\w*"
)
# A preposition between the verb and a name: the name is what the new thing is used with or on.
_PREPOSITION_RE = re.compile(r"\b(?:with|on|using|for|to|from|by|in|over|than|via|across|against|under|into|upon|"
                             r"towards?|between|like|such as|including|of)\b")
# Between "we" and a known name, only a verb of introducing and its article or adjectives.
_INTRODUCES_RE = re.compile(
    r"(?:we|this (?:paper|work|report)|here we)\s+(?:\w+ly\s+)?(?:propose|present|introduce|release|unveil|launch|"
    r"open-source|open source)s?\s+(?:(?:the|a|an|our|new|novel|two|three|several|family of|series of)\s+)*$")
PROPOSER_RE = re.compile(  # matched against lower-cased text
    rf"\b(?:we|this (?:paper|work|study|report|article)|our (?:work|paper|study)|here)\b[^.;]*?"
    rf"\b(?:{PROPOSE_VERBS})\b")
_PROPOSE_VERB_RE = re.compile(rf"\b(?:{PROPOSE_VERBS})\b")
# The noun a proposing verb introduces, right before the name, is a task or problem.
_TASK_BEFORE_RE = re.compile(r"\b(?:task|problem|setting)\s*[,:]?\s*(?:(?:called|named|termed|dubbed)\s+)?$")
# Words that say a name is someone else's, right before it.
_PRIOR_RE = re.compile(r"\b(?:existing|prior|previous|conventional|traditional|standard|popular|"
                       r"widely[- ]used|state-of-the-art|other|many|most|these|such)\s+$")
# A proposing verb used as a noun: "the design of", "a report on" (not "the proposed X", which is the paper's)
_NOUN_USE_RE = re.compile(r"\b(?:the|a|an|our|its|their)\s+\w*(?<!ed)$")


def _another_verb(between: str) -> bool:
    """Does a verb stand between a proposing verb and the name, so that the name is its object
    ("we propose calculating LBL", "we design methods that mimic LbT")? A gerund right after the
    verb, or a finite verb anywhere (participles and adverbs describe a noun: "an unlearning
    framework", "a benchmark closely following these guidelines, ARC")."""
    words = between.split()
    return bool(words) and (is_verb_form(words[0]) or any(
        is_verb_form(w) and not w.endswith(("ing", "ed", "ly")) for w in words))


def _proposer(lowered: str) -> re.Match | None:
    """The subject and verb of a sentence's proposing clause ("we propose", "this paper introduces")."""
    m = PROPOSER_RE.search(lowered)
    while m is not None and _NOUN_USE_RE.search(lowered, m.start(), m.end()):
        m = _PROPOSE_VERB_RE.search(lowered, m.end())  # the same subject's next verb
        if m is not None and re.search(r"[.;]", lowered[:m.start()][-200:]):
            return None
    return m


@dataclass(frozen=True)
class Cue:
    kind: str | None  # METHOD, BENCHMARK, or None for a role-only cue
    weight: float
    rule: str
    pattern: re.Pattern
    proposes: bool = False
    # Words one of which every match contains (lower case): a window without any of them
    # cannot match, which a substring test tells faster than the pattern. Empty: always try.
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        keywords = "|".join(re.escape(k) for k in self.keywords)
        object.__setattr__(self, "_keywords", re.compile(keywords) if keywords else None)

    def matches(self, lowered: str) -> bool:
        """Whether the cue matches `lowered`, a window of lower-cased text."""
        if self._keywords is not None and self._keywords.search(lowered) is None:
            return False
        return self.pattern.search(lowered) is not None


def _left(pattern: str) -> re.Pattern:
    """A pattern that must end right where the name begins (matched against lower-cased text:
    case-insensitive patterns are several times slower in Python's re)."""
    return re.compile(rf"(?:{pattern})\s*$")


def _right(pattern: str) -> re.Pattern:
    """A pattern that must start right where the name ends (matched against lower-cased text)."""
    return re.compile(rf"^\s*(?:{pattern})")


_ADJ = r"(?:(?:challenging|popular|standard|public|widely[- ]used|well[- ]known|large[- ]scale|" \
       r"several|multiple|various|diverse|the|a|an|two|three|four|five|six|\d+)\s+)*"

LEFT_CUES = (
    Cue(None, 3.0, "named", _left(r"\b(?:called|named|dubbed|termed|coined|namely|denoted(?: as)?|we call)\b"), True,
        ("called", "named", "dubbed", "termed", "coined", "namely", "denoted", "we call")),
    Cue(None, 2.0, "our-name", _left(r"\bour (?:proposed |new |novel )?(?:\w+ )?"), True, ("our ",)),
    # "the resulting model Orca-3", "the resulting models, X and Y": what the paper's recipe made
    Cue(METHOD, 2.0, "resulting-model", _left(r"\b(?:the |our )?resulting (?:\w+ )?(?:models?|checkpoints?|"
                                              r"systems?|agents?|polic(?:y|ies)|llms?)\s*[,:]?\s*"), True,
        ("resulting",)),
    # "Our approach, Warm-start RL", "our trained LLM, SFR-...": the name in apposition
    Cue(None, 2.5, "our-apposition", _left(r"\bour(?: [\w\-]+){1,4},\s+(?:the\s+)?"), True, ("our ",)),
    Cue(BENCHMARK, 3.0, "dataset-list", _left(
        # a comma alone after a singular noun ends a clause: "On the validation set, LDCF outperforms ..."
        rf"\b(?:(?:{BENCHMARK_NOUNS})\s*(?:\(|:)?|(?:{BENCHMARK_NOUNS})s\s*,|(?:{BENCHMARK_NOUNS})\s*,(?=\s*(?:such|incl|like|"
        rf"namely|e\.g|i\.e)))\s*(?:such as|including|like|namely|e\.g\.,?|i\.e\.,?)?\s*{_ADJ}"),
        keywords=("data", "benchmark", "corp", "bank", "test", "suite", "leaderboard", "challenge",
                  "collection", "split", "arena", "environment", "track", "set")),
    Cue(BENCHMARK, 2.5, "evaluated-on", _left(
        rf"\b(?:evaluat\w*|test\w*|experiments?|results?|performance|accuracy|scores?|sota|"
        rf"state[- ]of[- ]the[- ]art|benchmark\w*|validat\w*|trained|pre-?trained|fine-?tuned)\b"
        rf"(?:\s+\w+){{0,4}}?\s+(?:on|across|over|using)\s+{_ADJ}"),
        keywords=("evaluat", "test", "experiment", "result", "performance", "accuracy", "score", "sota",
                  "state", "benchmark", "validat", "train", "tuned")),
    # (not where something is: "available on CloudCV", "hosted on GitHub")
    Cue(BENCHMARK, 1.5, "on-name", _left(rf"(?<!available )(?<!hosted )(?<!released )(?<!deployed )(?<!running )"
                                          rf"\b(?:on|across)\s+{_ADJ}"), keywords=("on ", "across ")),
    Cue(METHOD, 2.0, "outperforms", _left(
        rf"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|compared? (?:to|with|against)|than|"
        rf"rivals?|matches|over(?:takes)?|versus|vs\.?)\s+{_ADJ}(?:strong |competitive |leading |"
        rf"prior |previous |existing |baseline |state-of-the-art )*"),
        keywords=("outperform", "surpass", "beat", "exceed", "compare", "than", "rival", "matches",
                  "over", "versus", "vs")),
    Cue(METHOD, 1.5, "uses", _left(
        rf"\b(?:based on|built (?:up)?on|builds (?:up)?on|using|uses?|used|employ\w*|leverag\w*|adopt\w*|"
        rf"apply\w*|applies|via|with|fine-?tun\w*|train\w*|pre-?train\w*|initiali[sz]ed (?:from|with)|"
        rf"distill\w* from|extends?|extending|incorporat\w*|integrat\w*|combin\w*|replac\w*|"
        rf"modif\w*|plug\w*|powered by|driven by)\s+{_ADJ}"),
        keywords=("based", "built", "builds", "us", "employ", "leverag", "adopt", "appl", "via", "with",
                  "tun", "train", "initiali", "distill", "extend", "incorporat", "integrat", "combin",
                  "replac", "modif", "plug", "powered", "driven")),
    Cue(METHOD, 2.0, "method-list", _left(
        rf"\b(?:models?|methods?|baselines?|algorithms?|architectures?|approaches|techniques|llms|"
        rf"optimizers?|frameworks?)\s*(?:\(|,|:)?\s*(?:such as|including|like|namely|e\.g\.,?|i\.e\.,?)\s*{_ADJ}"),
        keywords=("such as", "including", "like", "namely", "e.g", "i.e")),
)

RIGHT_CUES = (
    Cue(BENCHMARK, 3.0, "name-dataset", _right(rf"(?:-|\s)?(?:{BENCHMARK_NOUNS})\b")),
    Cue(METHOD, 2.0, "name-model", _right(rf"(?:-|\s)?(?:{METHOD_NOUNS})\b")),
    Cue(None, 2.5, "name-is-new", _right(
        r",?\s*(?:which is |is |as )?(?:a|an)\s+(?:\w+[- ])?(?:novel|new|simple|general|unified|"
        r"scalable|efficient|effective|lightweight|principled|large-scale|open|comprehensive|"
        r"first|fully|challenging)\b"), True),
    Cue(None, 2.0, "name-is-designed", _right(  # "Video-VAE, is designed for ..."
        r",?\s*(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:designed|proposed|introduced|developed|built|constructed)\b"),
        True),
    Cue(None, 1.0, "name-which", _right(r",\s*(?:which|that)\s+(?:\w+\s+){0,2}(?:achiev|outperform|"
                                        r"significantly|substantially|enables|leverag|combin|uses|learns)"),
        True),
)

# What separates a defined acronym or its long form from the words after both: ")" or " (PPTC)".
_AFTER_ACRONYM_RE = re.compile(r"\)|\s*\([^()]{1,20}\)")
# An appositive right after a name: ", a simulator that ...", ", a new evaluation to ...", ", an approach".
_APPOSITION_RE = re.compile(r"^\s*,\s*(?:which is |that is |is |as )?(?:a|an|the|our)\s+([a-z0-9][a-z0-9\-' ]{0,80})")
# Words that end the appositive's noun phrase: what follows them describes it.
_APPOSITION_END = frozenset({
    "that", "which", "who", "whose", "where", "to", "for", "of", "with", "in", "on", "from", "by", "and", "or",
    "as", "at", "into", "over", "across", "via", "than", "consisting", "containing", "comprising", "covering",
    "featuring", "including", "spanning", "using", "enabling", "leveraging", "integrating", "combining", "built",
    "designed", "trained", "based", "tailored", "aimed", "aiming", "capable", "used", "dedicated", "we", "it",
})


def apposition_kind(right: str) -> str | None:
    """The kind the appositive after a name gives it, by its head noun: "X, a simulator that ..."
    (a benchmark), "X, an approach that ..." (a method), "X, a training set ..." (a benchmark)."""
    m = _APPOSITION_RE.match(right)
    if m is None:
        return None
    words = []
    for w in m.group(1).split()[:6]:
        if w in _APPOSITION_END:
            break
        words.append(w)
    head = words[-1] if words else ""
    if head in APPOSITION_BENCHMARK_HEADS:
        return BENCHMARK
    return METHOD if head in METHOD_WORDS else None


# Name shapes that lean one way: "HumanEval", "MT-Bench", "TriviaQA" vs "ResNet", "BioGPT".
BENCHMARK_SHAPE_RE = re.compile(r"(?:bench|eval|qa|glue|arena|leaderboard|set|corpus|\d+k)$|bench|world$",
                                re.I)
METHOD_SHAPE_RE = re.compile(r"(?:net|former|gpt|bert|gan|lm|vae|rnn|cnn|lstm|coder|diffusion|"
                             r"r1|zero|agent|po)$", re.I)

# A parameter count or a tuning suffix in a name: only models have them.
# (a hyphenated size is not enough: LAION-5B, DataComp-1B are datasets of that many samples)
_MODEL_SIZE_RE = re.compile(r"\s\d+(?:\.\d+)?[BM]\b|-(?:Instruct|Chat)\b")
_METHOD_SUFFIXES = frozenset({"based", "powered", "driven", "initialized", "derived", "tuned", "trained",
                              "guided", "enhanced", "augmented", "inspired", "generated", "assisted",
                              "equipped"})
_LIST_SEPARATOR_RE = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/|&\s*)(?:(?:the|a|an)\s+)?$", re.I)
_BENCHMARK_NOUN_RE = re.compile(rf"\b(?:{BENCHMARK_NOUNS})\b")  # matched against lower-cased text


def _lower(text: str) -> str:
    """`text.lower()`, keeping every character's offset (a few letters lower to two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


_ON_RULES = frozenset({"on-name", "evaluated-on"})
_NEXT_WORD_RE = re.compile(r"[ \t]+([a-z][a-z\-]*)")
# Nouns after a name that leave it the thing evaluated on: datasets and resources, tasks, splits.
_RESOURCE_NOUNS = vocabulary.BENCHMARK_WORDS | {
    "taxonomy", "taxonomies", "ontology", "ontologies", "lexicon", "dictionary", "thesaurus", "data"}
_DATA_NOUNS = _RESOURCE_NOUNS | {"task", "tasks", "test", "tests", "subset", "subsets", "knowledge", "graph", "graphs"}


def _modifies_a_noun(lowered: str, end: int) -> str | None:
    """The lower-case noun the name at `end` modifies, if any ("Elo scale", "Euclidean distance",
    "English to French translation"): not a dataset or resource noun, not one a few words before
    such a noun ("ImageNet 64x64 generation benchmark"), not a verb or a stop word."""
    m = _NEXT_WORD_RE.match(lowered, end)
    if m is None:
        return None
    word = m.group(1)
    if word in STOP_WORDS or word in _DATA_NOUNS or is_verb_form(word) or not can_head_noun_phrase(word):
        return None
    after = _NEXT_WORD_RE.match(lowered, m.end())
    if after is not None and (after.group(1) in _RESOURCE_NOUNS or (
            (after := _NEXT_WORD_RE.match(lowered, after.end())) is not None and after.group(1) in _RESOURCE_NOUNS)):
        return None
    return word


def _proposed(text: str, lowered: str, cands: list[Candidate]) -> tuple[re.Match | None, Candidate | None]:
    """The proposing verb of a sentence and the candidate it introduces, if any: the first one
    after the verb, unless a preposition, another verb or a task noun comes between. Where the
    verb's object is no name, a later verb of the same subject may have one ("we develop a
    pipeline to create GUI-Critic-Train")."""
    proposer = _proposer(lowered)
    while proposer is not None:
        c = next((c for c in cands if c.start >= proposer.end() and c.start - proposer.end() <= 80), None)
        if c is None:
            return proposer, None
        between = lowered[proposer.end():c.start]
        if not (_PREPOSITION_RE.search(between) or _another_verb(text[proposer.end():c.start])
                or _TASK_BEFORE_RE.search(between)):
            # not "we present experiments with a small model -- TinyLlama", "we propose calculating
            # LBL with ...", "we introduce a novel task, PLT-MLC" (a task is no method)
            return proposer, c
        proposer = _PROPOSE_VERB_RE.search(lowered, proposer.end(), c.start)
    return None, None


def score_candidates(text: str, cands: list[Candidate]) -> None:
    """Vote on each candidate's kind and role from its context in the sentence `text`."""
    lowered = _lower(text)  # same length and offsets: the cues match lower-case text
    proposer, first_after_verb = _proposed(text, lowered, cands) if cands else (None, None)
    for c in cands:
        if c.lexicon_kind:
            c.vote(c.lexicon_kind, 1.5 if c.derived else 3.0, "lexicon")
        left = lowered[max(0, c.start - 56):c.start]
        right_start = c.end + (len(c.suffix) + 1 if c.suffix else 0)
        if c.source in ("acronym", "long-form"):  # "the PowerPoint Task Completion (PPTC) benchmark"
            skip = _AFTER_ACRONYM_RE.match(lowered, right_start)
            right_start = skip.end() if skip else right_start
        right = lowered[right_start:right_start + 60]
        if c.suffix in _METHOD_SUFFIXES:
            c.vote(METHOD, 1.5, f"{c.suffix}-suffix")
        # "on an Elo scale", "for AMR-to-text generation": the name modifies a noun (a task's: it is
        # a word of the task's name there)
        modifier = _modifies_a_noun(lowered, right_start) if not c.suffix else None
        c.task_part = modifier in vocabulary.TASK_NOUNS
        for cue in LEFT_CUES:
            if cue.matches(left):
                if modifier and cue.rule in _ON_RULES:
                    continue  # what the paper is "on" is that noun, not the name
                c.vote(cue.kind, cue.weight, cue.rule, cue.proposes)
        for cue in RIGHT_CUES:
            if cue.pattern.search(right):
                c.vote(cue.kind, cue.weight, cue.rule, cue.proposes)
        appositive = apposition_kind(right) if "," in right[:4] else None
        if appositive:
            c.vote(appositive, 3.0, "apposition")
        if c.source in ("acronym", "long-form") and c.long_form:
            head = c.long_form.lower().replace("-", " ").split()[-1]
            if head in ACRONYM_BENCHMARK_HEADS:
                c.vote(BENCHMARK, 2.0, "acronym-head")
            elif head in ACRONYM_METHOD_HEADS:
                c.vote(METHOD, 1.0, "acronym-head")
        if c.source not in ("long-form", "phrase") and _MODEL_SIZE_RE.search(c.surface):
            c.vote(METHOD, 3.0, "model-size")  # "UL2 20B", "Qwen2.5-7B-Instruct": a model, whatever the cues
        elif c.source not in ("long-form", "phrase"):
            if BENCHMARK_SHAPE_RE.search(c.surface):
                c.vote(BENCHMARK, 1.0, "name-shape")
            elif METHOD_SHAPE_RE.search(c.surface):
                c.vote(METHOD, 0.5, "name-shape")
        if c is first_after_verb and (not c.lexicon_kind or _INTRODUCES_RE.search(
                lowered, proposer.start(), c.start)):
            # a known name is proposed only right after a verb of introducing: "we present
            # Qwen2.5, ...", not "we propose a method using GPT-4"
            # the kind its appositive says ("we propose X, an approach ..."), else any dataset noun
            # between the verb and the name or just after it
            window = lowered[proposer.end():c.end + 60]
            kind = appositive or (BENCHMARK if _BENCHMARK_NOUN_RE.search(window) else METHOD)
            c.vote(kind, 2.5, "we-propose", proposes=True)
        if c.proposes and (c.source == "phrase" or (
                c.source in ("titlecase", "rare-word") and PROPOSE_STRENGTH.get(c.propose_rule, 0) < 2) or (
                c.lexicon_kind and PROPOSE_STRENGTH.get(c.propose_rule, 0) < 2)):
            # "we apply LoRA ..." does not propose LoRA, nor "we study Image Grounding" a name
            c.proposes = False
        if c.proposes and _PRIOR_RE.search(left):
            c.proposes = False  # "Existing UniMs are designed to ...": someone else's
    _share_list_votes(text, cands)


def _share_list_votes(text: str, cands: list[Candidate]) -> None:
    """Names in one list ("on MMLU, GSM8K and MATH") share the cues of any member."""
    groups: list[list[Candidate]] = []
    for c in cands:
        if groups and _LIST_SEPARATOR_RE.match(text[groups[-1][-1].end:c.start]):
            groups[-1].append(c)
        else:
            groups.append([c])
    for group in groups:
        if len(group) < 2:
            continue
        shared = {k: max(m.votes[k] for m in group) for k in (METHOD, BENCHMARK)}
        for m in group:
            for kind in (METHOD, BENCHMARK):
                if shared[kind] > m.votes[kind]:
                    m.vote(kind, shared[kind] - m.votes[kind], "list")
        if group[0].propose_rule == "we-propose":  # "we create a GUI-Critic-Train and a GUI-Critic-Test"
            for m in group[1:]:
                if not m.lexicon_kind:
                    m.vote(None, 0.0, "we-propose", proposes=True)
