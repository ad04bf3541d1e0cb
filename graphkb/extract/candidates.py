"""Name-like spans of one sentence: the candidates a method or benchmark may be.

Sources, surest first: lexicon names, acronym definitions (short and long
form), the name a title announces, name-shaped tokens (GRPO, ResNet-50,
Qwen2.5, Mobile-R1), capitalised phrases ending in a method or dataset noun
("Matching Networks", "Children's Book Test"), and plain noun phrases ending
in a technique noun ("stochastic pooling"). Overlaps are resolved towards the
surer source, then the longer span.
"""
from __future__ import annotations

import re

from ..keys import STOP_WORDS, entity_key
from .acronyms import AcronymMatch, find_acronyms
from .lexicon import Lexicon
from .names import NAME_SUFFIXES, TOKEN_RE, is_quantity, strip_name_suffix, zipf
from .prepared import PreparedSentence
from .spans import Candidate
from .vocabulary import (
    BENCHMARK,
    BENCHMARK_NAME_HEADS,
    METHOD,
    METHOD_NAME_HEADS,
    PHRASE_METHOD_HEADS,
    TITLE_TAIL_HEADS,
)

# How much a span looks like a name by where it came from, before any context cue.
STRENGTH = {"paper-name": 0.8, "lexicon": 1.0, "acronym": 0.8, "long-form": 0.8, "title-name": 0.8, "token": 0.7,
            "named-phrase": 0.5, "titlecase": 0.3, "rare-word": 0.3, "list-member": 0.3, "phrase": 0.2}
_PRIORITY = {"paper-name": 7, "lexicon": 6, "acronym": 5, "long-form": 5, "title-name": 4, "token": 3,
             "named-phrase": 2, "titlecase": 1, "rare-word": 0, "list-member": 0, "phrase": 0}

# Sizes and variants of a model family: "-405B-Instruct", "-7B", "-Chat", "/14", " 20B".
_MODEL_VARIANT_RE = re.compile(
    r"(?:[- ]\d+(?:\.\d+)?[BMKbm](?:-\w+)*|-(?:Instruct|instruct|Chat|chat|Base|base|it|IT)|/\d{1,3})$")
# A size written after a name: "ViT-L/14", "UL2 20B", "Llama 3 70B".
_SIZE_AFTER_RE = re.compile(r"/\d{1,3}(?![\w\-]|\.\d)| \d{1,4}(?:\.\d+)?[BM](?![\w\-]|\.\d)")
# A version written after a known family without one: "Claude 3.5-Haiku", "Gemini 1.5".
_VERSION_AFTER_RE = re.compile(r" (?:\d\.\d{1,2}|\d)(?:-[A-Z][a-z]+)?(?![\w%\-]|\.\d)")


def family_of(name: str) -> str | None:
    """The family a sized or tuned variant belongs to: Llama-3-70B -> Llama-3,
    Qwen2.5-7B-Instruct -> Qwen2.5, ViT-L/14 -> ViT-L; None for a name without such a suffix."""
    m = _MODEL_VARIANT_RE.search(name)
    return name[:m.start()] if m and m.start() > 0 else None


_TOKEN_CHARS = r"[\w∞.+\-]"
# Tokens that can be names (they begin with a capital, or with one or two small letters and a
# capital or digit), each with the version that may follow it: the regex engine skips the
# plain words for us.
_SHAPED_TOKEN_RE = re.compile(  # a capital first, or one or two small letters then one: vLLM, mT5
    rf"(?<!{_TOKEN_CHARS})((?:[A-Z]|[a-z]{{1,2}}[A-Z0-9])(?:{_TOKEN_CHARS}*[\w∞+])?)"
    r"(?: (v?\d{1,2}(?:\.\d{1,2})*(?:-\w+)?|(?:19|20)\d\d|Turbo|Pro|Ultra|Mini|Max|Plus|Instruct|Chat|"
    rf"Sonnet|Haiku|Opus|Flash|Nano|Lite|XL|XXL)(?!{_TOKEN_CHARS}))?")
_CAPITALISED = r"[A-Z][\w∞.+\-]*[\w∞+]"
_LIST_JOINERS = frozenset({"and", "&"})
# A capitalised word and a list separator right before a name, or a separator and such a word after it.
_LIST_SEPARATOR = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_LISTED_WORD = r"(?P<word>[A-Z][\w\-]*[\w]|[A-Z])"
_LISTED_BEFORE_RE = re.compile(rf"(?<![\w\-.]){_LISTED_WORD}{_LIST_SEPARATOR}$")
_LISTED_AFTER_RE = re.compile(rf"{_LIST_SEPARATOR}{_LISTED_WORD}(?![\w\-])")
_EVERYDAY_ZIPF = 4.0  # a listed word this common in English ("Moreover", "Others") is no name


def _split_at_and(words: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """The parts of a run of words between its "and"s that hold a proper name's word (an inner
    capital or a digit): [YouTube, Faces] of "LFW and YouTube Faces", not [Hyperparameter, Tuning]
    of "Hyperparameter Tuning and Evaluation phases"."""
    parts: list[list[tuple[str, int, int]]] = [[]]
    for w in words:
        if w[0] in _LIST_JOINERS:
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if any(_INNER_CAPITAL_RE.match(w[0]) or _DIGIT_RE.search(w[0]) for w in p)]
_CONNECTORS = frozenset({"of", "for", "and", "the", "to", "in", "with", "on", "via", "&"})
# A run starts only where a token starts: a start inside a token ("A.A.A...") would rescan the
# rest of that token for every capital in it, quadratic in the token's length.
_NAME_PART_RE = re.compile(r"^[A-Z][a-z]*[A-Z]")  # CoT, RL, GPT
_COMPOUND_CONNECTORS = _CONNECTORS - {"to"}  # "Image-to-Video" is a direction, not a name
_TITLECASE_RUN_RE = re.compile(
    rf"(?<![\w∞.+\-]){_CAPITALISED}(?: (?:(?:{'|'.join(sorted(_CONNECTORS))}) )?{_CAPITALISED})+")
_SUFFIX_AFTER_RE = re.compile(rf"-({'|'.join(NAME_SUFFIXES)})\b", re.I)
_NAMING_WORDS = ("called", "named", "dubbed", "termed", "coined")
# (small words inside the name too: "dubbed Aligning TeacheR with StudenT PreferencEs")
_NAMED_RE = re.compile(rf"\b(?:{'|'.join(_NAMING_WORDS)})\s+(?:the\s+|as\s+)?"
                       rf"({_CAPITALISED}(?: (?:(?:of|for|and|the|with|in|on|to) )?{_CAPITALISED}){{0,4}})")
# an upper-case letter after the first character of the token's first hyphen-separated part
# (matched from the start: GRPO, LoRA, vLLM, LLaMA-3; Step-KTO's capitals are in a later part,
# which the title-cased compound rule of name_token_source covers)
_INNER_CAPITAL_RE = re.compile(r"(?:^|-)[^-][^-]*?[A-Z]")
_DIGIT_RE = re.compile(r"\d")
# Two capitalised words glued, the second short: a given name and a surname (checked by rarity).
_GLUED_PERSON_RE = re.compile(r"^([A-Z][a-z]{2,})[A-Z][a-z]{1,5}$")
_LOWER_INITIAL_NAME_RE = re.compile(r"^[a-z]{1,2}[A-Z0-9][A-Z0-9][A-Za-z0-9.\-]*$")  # vLLM, mT5, kNN
_CAMEL_NAME_RE = re.compile(r"^[a-z]{1,4}[A-Z][A-Za-z0-9]+$")  # bAbI, miniImageNet
# Layer names (FC512, C96), initials (W.N), names glued to affiliations (MikeSchuster1):
# shapes that PDF extraction leaves behind, never method names.
_CODE_NAME_RE = re.compile(r"^[A-Z]{1,2}\d{2,}$|[A-Za-z]\.[A-Za-z]|^[A-Z][a-z]+[A-Z][a-z]+\d+$")
# Words a number follows as a reference, not as a version: "Subsection 2.1", "Table 3".
_REFERENCE_WORDS = frozenset({
    "subsection", "section", "appendix", "table", "figure", "fig", "eq", "equation", "algorithm",
    "theorem", "lemma", "corollary", "definition", "proposition", "remark", "example", "chapter",
    "step", "stage", "phase", "part", "round", "level", "task", "track", "setting", "case", "type",
})
_PLAIN_WORDS_RE = re.compile(r"^[A-Za-z][a-z]+(?:[ \-][A-Za-z][a-z]+)*$")


def _is_plain_words(surface: str) -> bool:
    """English words, capitalised or not ("Dropout", "Policy Gradient"), not a proper name
    ("Cohn-Kanade", "Laplacian Pyramid")."""
    return _PLAIN_WORDS_RE.match(surface) is not None and all(zipf(w) >= 2.5 for w in re.split(r"[ \-]", surface))


_GREEK_RE = re.compile("[\u0370-\u03ff]")
_TITLE_HEAD_RE = re.compile(r"^(?:(The|A|An)\s+)?(.{1,60}?)\s*(?::|!|\?|\s-\s|\s+Technical Report\b|\s+System Card\b)")
_TITLE_FOR_RE = re.compile(r"^(?:(?:The|A|An)\s+)?(.{3,80}?)\s+for\s+\S")
_TRAILING_PARENTHESIS_RE = re.compile(r"\s*\([^()]*\)$")
_TITLE_TAIL_RE = re.compile(r"\s(?:via|with|using|through|by)\s+(?:(?:the|a|an)\s+)?(.{3,80})$")
_TITLE_OPENERS = re.compile(
    r"^(?:towards?|on|a|an|the|how|what|why|when|where|which|is|are|can|do|does|should|rethinking|"
    r"revisiting|exploring|understanding|improving|beyond|learning to|design of|analysis of|"
    r"evaluation of|a study|study|survey|investigating|leveraging|using|making|teaching|training|"
    r"scaling|benchmarking|measuring|unlocking|enhancing|boosting|bridging|harnessing|unleashing)\b",
    re.I)
_TITLE_BENCHMARK_RE = re.compile(
    r"\b(?:data ?sets?|benchmarks?|corpus|corpora|tree ?banks?|test ?beds?|suites?|leaderboards?|"
    r"arenas?|gym|challenges?|evaluations?)\b", re.I)
# Words of a title's head that make it a sentence, not a name: "Stacking Your Transformers".
_NOT_IN_NAMES = frozenset({"your", "my", "our", "their", "his", "her", "its", "we", "you", "i", "not", "no",
                           "how", "what", "why", "when", "is", "are", "do", "does", "can", "from"})
# Heads that, after "A"/"An" in a title, describe the contribution instead of naming it.
_DESCRIPTIVE_HEADS = frozenset({"framework", "approach", "method", "methods", "study", "analysis", "pipeline",
                                "system", "perspective", "view", "survey", "look", "examination", "toolkit",
                                "careful", "closer", "comprehensive", "empirical", "systematic"})


# Modifiers that say nothing about which technique it is: "original training", "single model".
_GENERIC_MODIFIERS = frozenset({
    "single", "original", "positive", "negative", "additional", "further", "standard", "typical",
    "conventional", "traditional", "previous", "prior", "current", "initial", "final", "full",
    "whole", "entire", "same", "similar", "general", "specific", "particular", "simple", "complex",
    "good", "poor", "better", "worse", "overall", "total", "joint", "separate", "extra", "efficient",
    "effective", "robust", "powerful", "accurate", "fast", "slow", "online", "offline", "local",
    "global", "small", "large", "big", "deep", "shallow", "proposed", "existing", "popular",
})


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _looks_like_name_phrase(words: list[str], max_words: int, heads: frozenset,
                            distinctive: bool = False) -> bool:
    """Capitalised words (and connectors) ending in a method noun, or holding a name token.

    `distinctive`: also require a word rarer than everyday English, so that
    "Small Language Models" is not taken for a name but "Cascaded Refinement Networks" is.
    """
    if not (0 < len(words) <= max_words and words[0] not in _CONNECTORS
            and all(w[:1].isupper() or w in _CONNECTORS for w in words)):
        return False
    if any(name_token_source(w, False, True) for w in words):
        return True
    return words[-1].lower() in heads and (
        not distinctive or any(zipf(w.lower()) < 3.5 for w in words if w not in _CONNECTORS))


def _describes(words: list[str], article: str | None) -> bool:
    """A title head that describes the work rather than naming it: "A Deep Learning Framework",
    "A Multi-Level Framework", "Physics of Language Models", "Careful Examination of ..."."""
    if article in ("A", "An") and words and words[-1].lower() in _DESCRIPTIVE_HEADS:
        return True
    if words and words[0].lower() in _DESCRIPTIVE_HEADS:
        return True
    return len(words) > 3 and any(w in ("of", "for") for w in words) and \
        not any(name_token_source(w, False, True) for w in words)


def _announced_name(title: str) -> tuple[int, int, str] | None:
    """(start, end, rule) of the name a title announces, if it announces one."""
    m = _TITLE_HEAD_RE.match(title)
    if m:  # "Mobile-R1: ...", "Qwen2.5 Technical Report", "A Joint Many-Task Model: ..."
        # else the name may end the head: "Revisiting T2I Evaluation with Gecko: ..."
        return _head_name(title, m) or _tail_name(title, 0, m.end(2), one_word=True)
    m = _TITLE_FOR_RE.match(title)
    article = re.match(r"(A|An)\s", title)
    if m and not _TITLE_OPENERS.match(m.group(1)) and not _describes(m.group(1).split(), article and article.group(1)):
        # "Full-Resolution Residual Networks for ..."
        if _looks_like_name_phrase(m.group(1).split(), 6, METHOD_NAME_HEADS):
            return m.start(1), m.end(1), "title-for"
    found = _tail_name(title, 0, len(title))
    if found:
        return found
    words = title.split()  # "Convolutional Kernel Networks"
    if len(words) <= 4 and not _TITLE_OPENERS.match(title) and \
            _looks_like_name_phrase(words, 4, METHOD_NAME_HEADS, distinctive=True):
        return 0, len(title), "title-name"
    return None


def _head_name(title: str, m: re.Match) -> tuple[int, int, str] | None:
    """The name a title's head (before ':', ' - ', 'Technical Report') is or starts with."""
    head = _TRAILING_PARENTHESIS_RE.sub("", m.group(2).strip())  # "Proposer-Agent-Evaluator(PAE)"
    if "(" in head or ")" in head:
        return None  # "Super(ficial)-alignment": word play, not a name
    words = head.split()
    if any(w.lower() in _NOT_IN_NAMES for w in words):
        return None  # "Stacking Your Transformers", "Learning from Future"
    if _describes(words, m.group(1)):
        return None
    first = words[0] if name_token_source(_TRAILING_PARENTHESIS_RE.sub("", words[0]), False, True) else None
    if first and len(words) > 1 and all(w.lower() in _CONNECTORS or (
            w.lower() not in METHOD_NAME_HEADS and w.lower() not in BENCHMARK_NAME_HEADS
            and zipf(w.lower()) >= 3.0) for w in words[1:]):
        # "CodeCoT and Beyond", "AlphaMath Almost Zero", "RLHF Workflow": the name, then words
        return m.start(2), m.start(2) + len(first), "title-name"
    report = re.search(r"\s(?:Technical Report|System Card)\b", m.group(0))
    named = ((len(words) == 1 and ("-" in head or zipf(head.lower()) < 3.5))
             or (len(words) == 1 and head[:1].isupper() and m.group(0).endswith(":")
                 and not _TITLE_OPENERS.match(head))  # "Crystal: ...", "Orca: ..."
             or (report is not None and len(words) <= 4 and all(w[:1].isupper() for w in words))
             or (len(words) <= 3 and any(name_token_source(w, False, True) for w in words))
             or (m.group(1) == "The" and len(words) <= 3 and all(w[:1].isupper() for w in words))
             or _looks_like_name_phrase(words, 5, METHOD_NAME_HEADS))
    return (m.start(2), m.start(2) + len(head), "title-name") if named else None


def _tail_name(title: str, start: int, end: int, one_word: bool = False) -> tuple[int, int, str] | None:
    """A name ending title[start:end] after via/with/using/through/by: "... with Cascaded Refinement
    Networks", "... via Deep Compositional Code Learning"; `one_word`: also a single rare
    capitalised word, where a colon ends it ("... with Gecko: ...")."""
    m = _TITLE_TAIL_RE.search(title, start, end)
    if m is None:
        return None
    tail = m.group(1).strip()
    words = tail.split()
    if _looks_like_name_phrase(words, 6, TITLE_TAIL_HEADS, distinctive=True) or (
            one_word and len(words) == 1 and tail[:1].isupper() and tail.isalpha() and zipf(tail.lower()) < 3.0):
        return m.start(1), m.start(1) + len(tail), "title-via"
    return None


def _sentence_initial(text: str, start: int) -> bool:
    """Does a sentence (or a clause after a colon) begin at `start`?"""
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i < 0 or text[i] in ".:!?"


def name_token_source(token: str, sentence_initial: bool, in_title: bool) -> str | None:
    """"token" for a name-shaped token, "rare-word" for a capitalised rare word, else None."""
    if token.islower() or not token[0].isalpha():
        return None
    if token.isalpha() and token[1:].islower():  # a plain capitalised word, the common case
        if sentence_initial or in_title or not 2 < len(token) <= 16:
            return None
        return "rare-word" if zipf(token.lower()) < 3.0 else None  # Mamba, Cityscapes
    if len(token) > (40 if "-" in token and _DIGIT_RE.search(token) else 24) or _CODE_NAME_RE.search(token) \
            or is_quantity(token) or (len(token) > 16 and any(len(part) > 16 for part in token.split("-"))):
        return None  # glued words, layer names (FC512), initials (W.N); not SFR-Iterative-DPO-LLaMA-3-8B-R
    if len(token) > 16 and "-" not in token and not _DIGIT_RE.search(token):
        return None  # UniversityofCalifornia, MemNNMemoryNetwork: words glued by PDF extraction
    if token.isupper() and token.lower() in STOP_WORDS:
        return None  # ABOUT, WITH: a heading in capitals
    if len(token) >= 6 and token.isalpha() and not token.isupper() and zipf(token.lower()) >= 3.4:
        return None  # StudenT, REcycling, SEnsitive: an English word capitalised to spell an acronym
    glued = _GLUED_PERSON_RE.match(token)
    if glued and zipf(glued.group(1).lower()) < 2.0:
        return None  # YonghuiWu, ZonghengYang, DebinZhao: a name and surname PDF extraction glued
    if _GREEK_RE.search(token) and "-" not in token:
        return None  # formula residue: QΛQT
    if _INNER_CAPITAL_RE.match(token):
        if token[0].islower():
            if _LOWER_INITIAL_NAME_RE.match(token):
                return "token"
            # bAbI, miniImageNet, iNaturalist: a name if the context says so (not camelCase code)
            return "rare-word" if _CAMEL_NAME_RE.match(token) and not in_title else None
        if token.isupper() and token.isalpha() and len(token) > 10:
            return None  # a shouted word or a glued heading, not an acronym
        return "token"
    if _DIGIT_RE.search(token):
        return "token"  # GPT4, T5, Qwen2.5
    if "∞" in token:
        return "token"
    if not sentence_initial and not in_title:
        parts = token.split("-")
        if len(parts) > 2 and token[0].isupper() and _NAME_PART_RE.match(parts[-1]):
            return "token"  # Zero-shot-CoT: a compound ending in an acronym
        if len(parts) > 1 and parts[-1][:1].isupper() and all(
                p[:1].isupper() or (0 < i < len(parts) - 1 and p in _COMPOUND_CONNECTORS) for i, p in enumerate(parts)):
            return "token"  # Complex-Edit, Self-Instruct, Once-for-All, Plan-and-Solve (not English-to-German)
    return None


_CAPS_WORD = r"[A-Z]{1,}(?:-[A-Z]{2,})*:?"
_CAPS_RUN_RE = re.compile(rf"(?<![\w\-]){_CAPS_WORD}(?: {_CAPS_WORD})+(?![\w\-])")


def _in_capitals_heading(text: str, start: int, stop: int) -> bool:
    """Is text[start:stop] one of three words or more in capitals in a row, a heading PDF
    extraction left in the text ("SINGLE IMAGE SUPER-RESOLUTION", "A LOSS FRAMEWORK FOR LANGUAGE
    MODELING")? Acronyms stand alone in prose, and a name in capitals has two words: WIDER FACE."""
    if not text[start:stop].replace("-", "").isupper():
        return False
    for m in _CAPS_RUN_RE.finditer(text, max(0, start - 200), min(len(text), stop + 200)):
        if m.start() <= start and stop <= m.end():
            return m.group(0).count(" ") >= 2
    return False


class CandidateFinder:
    """Finds the candidates of one sentence; `find` is the only entry point."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def find(self, ps: PreparedSentence, paper_names: tuple[str, ...] = ()
             ) -> tuple[list[Candidate], list[AcronymMatch]]:
        """The candidates of one sentence; `paper_names`: names the paper's title announced,
        matched whole in its other sentences before any shorter name inside them ("Shopping
        MMLU", not MMLU)."""
        text = ps.text
        acronyms = find_acronyms(text) if "(" in text else []
        found = (self._lexicon(text) + self._acronyms(acronyms) + self._tokens(text, ps.is_title)
                 + self._named(text) + self._paper_names(text, paper_names))
        if not ps.is_title:
            found += self._phrases(ps)
        # "Large Language Models (LLMs)": what an excluded acronym stands for is excluded too
        excluded = [(a.long_start, a.long_end) for a in acronyms if self.lexicon.is_excluded(a.short)]
        if excluded:
            found = [c for c in found if not any(c.start < e and s < c.end for s, e in excluded)]
        # "Sensitive Neuron Dropout (SeND)", "Open Pretrained Transformers (OPT)": a known plain word
        # inside a long form is a word of that name, not a mention of its own
        long_forms = [(a.long_start, a.long_end) for a in acronyms if not self.lexicon.is_excluded(a.short)]
        if long_forms:
            found = [c for c in found if not (c.source == "lexicon" and _is_plain_words(c.surface) and any(
                s <= c.start and c.end <= e and (s, e) != (c.start, c.end) for s, e in long_forms))]
        cands = self._select(found)
        if ps.is_title:
            cands = self._title_name(text, cands)
        elif any(c.lexicon_kind for c in cands) and ("," in text or " and " in text):
            cands = self._list_members(text, cands)
        return cands, acronyms

    def _list_members(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Capitalised words listed with known names are names of the same list ("the Cora,
        Citeseer and Pubmed datasets", "Set5, Set14, B100"), whatever their shape; they take
        the list's cues (cues._share_list_votes), and are kept only if those are clear."""
        known = [c for c in cands if c.lexicon_kind]
        found: list[Candidate] = []
        while known:
            c = known.pop()
            for m in (_LISTED_BEFORE_RE.search(text, 0, c.start), _LISTED_AFTER_RE.match(text, c.end)):
                if m is None:
                    continue
                word, start = m.group("word"), m.start("word")
                stop = start + len(word)
                before = len(text[:start].rstrip())
                if (_sentence_initial(text, start) or zipf(word.lower()) >= _EVERYDAY_ZIPF
                        or self.lexicon.is_excluded(word)
                        or any((start < o.end and o.start < stop) or o.end == before for o in cands + found)):
                    continue  # (not a word that goes on a name: "Claude 3 Opus")
                kind = self.lexicon.kind_of_token(word)
                if kind:  # "e.g. Bert, GPT": a known name in another case
                    display = self.lexicon.preferred_name(word)
                    member = Candidate(word, entity_key(display), start, stop, "lexicon", lexicon_kind=kind,
                                       display=display, derived=self.lexicon.is_derived(display))
                else:
                    member = Candidate(word, entity_key(word), start, stop, "list-member")
                found.append(member)
                known.append(member)  # "A, B, C and KnownName": the list goes on to A
        return sorted(cands + found, key=lambda c: c.start) if found else cands

    def _lexicon(self, text: str) -> list[Candidate]:
        out = []
        for h in self.lexicon.find(text):
            suffix = _SUFFIX_AFTER_RE.match(text, h.end)  # "Transformer-based": a use of Transformer
            size = None if suffix else _SIZE_AFTER_RE.match(text, h.end) or (
                None if _DIGIT_RE.search(h.surface) else _VERSION_AFTER_RE.match(text, h.end))
            if size:  # "Llama 3 70B", "CLIP/14": the name as written, typed like its family
                surface = text[h.start:size.end()]
                out.append(Candidate(surface, entity_key(surface), h.start, size.end(), "lexicon",
                                     lexicon_kind=h.kind, display=surface, derived=self.lexicon.is_derived(h.name)))
                continue
            # "Monte Carlo Tree Search" for MCTS: the long form as written stays with the name
            long_form = h.surface if " " in h.surface and " " not in h.name else None
            out.append(Candidate(h.surface, entity_key(h.name), h.start, h.end, "lexicon", long_form=long_form,
                                 lexicon_kind=h.kind, display=h.name, derived=self.lexicon.is_derived(h.name),
                                 suffix=suffix.group(1).lower() if suffix else None))
        return out

    def _acronyms(self, acronyms: list[AcronymMatch]) -> list[Candidate]:
        out = []
        for a in acronyms:
            if self.lexicon.is_excluded(a.short):
                continue
            known = self.lexicon.kind_of(a.short) or self.lexicon.kind_of(a.long)
            display = self.lexicon.preferred_name(a.short) or a.short
            key = entity_key(display)
            out.append(Candidate(a.short, key, a.short_start, a.short_end, "acronym",
                                 lexicon_kind=known, display=display, long_form=a.long))
            out.append(Candidate(a.long, key, a.long_start, a.long_end, "long-form",
                                 lexicon_kind=known, display=display, long_form=a.long))
        return out

    def _tokens(self, text: str, in_title: bool) -> list[Candidate]:
        out = []
        for m in _SHAPED_TOKEN_RE.finditer(text):
            tok, start = m.group(1), m.start()
            stem, suffix = strip_name_suffix(tok)
            initial = _sentence_initial(text, start)
            source = name_token_source(stem, initial, in_title)
            version = m.group(2) if suffix is None else None
            if version and (version == "0" or stem.lower() in _REFERENCE_WORDS
                            or self.lexicon.is_excluded(stem)):
                version = None  # "Subsection 2.1", "NIPS 2012": a reference, not a versioned name
            if source is None and version and not in_title and not initial and stem[:1].isupper() \
                    and _DIGIT_RE.search(version) and zipf(stem.lower()) < 3.5 and not _GLUED_PERSON_RE.match(stem):
                source = "token"  # "Llama 2", "Claude 3": a capitalised rare word and a version
            if source is None:
                continue
            if version and version.isdigit() and (stem[-1:].isdigit() or _GLUED_PERSON_RE.match(stem)):
                version = None  # "GLM-4 1", "ZonghengYang 1": a footnote or a count, not a version
            stop = start + len(stem)
            if version and (source == "token" or _DIGIT_RE.search(version)):
                stop = m.end()
                stem = text[start:stop]
            if suffix is None:  # "ViT-L/14", "UL2 20B": the size is part of the name as written
                size = _SIZE_AFTER_RE.match(text, stop)
                if size:
                    stop = size.end()
                    stem = text[start:stop]
            if not stem or self.lexicon.is_excluded(stem):
                continue
            known = self.lexicon.kind_of_token(stem)
            if not known and _in_capitals_heading(text, start, stop):
                continue  # "SINGLE IMAGE SUPER-RESOLUTION", "LANGUAGE MODELING": a heading, not names
            if known:
                preferred = self.lexicon.preferred_name(stem)
                out.append(Candidate(stem, entity_key(preferred), start, stop, "lexicon",
                                     lexicon_kind=known, display=preferred, suffix=suffix,
                                     derived=self.lexicon.is_derived(preferred)))
            elif self.lexicon.kind_of(family_of(stem) or ""):
                # a size or variant of a known family (Llama-3-70B, Qwen2.5-7B-Instruct): the
                # name as written, typed like its family
                family = family_of(stem)
                out.append(Candidate(stem, entity_key(stem), start, stop, "lexicon",
                                     lexicon_kind=self.lexicon.kind_of(family), display=stem, suffix=suffix,
                                     derived=self.lexicon.is_derived(family)))
            else:
                out.append(Candidate(stem, entity_key(stem), start, stop, source, suffix=suffix))
        if not in_title:
            out.extend(self._titlecase(text))
        return out

    @staticmethod
    def _paper_names(text: str, names: tuple[str, ...]) -> list[Candidate]:
        out = []
        for name in names:
            for m in re.finditer(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", text):
                out.append(Candidate(name, entity_key(name), m.start(), m.end(), "paper-name"))
        return out

    def _named(self, text: str) -> list[Candidate]:
        """Whatever capitalised name follows "called", "named", "dubbed": "called Reactor"."""
        if not any(word in text for word in _NAMING_WORDS):
            return []  # the common case, decided by substring tests
        out = []
        for m in _NAMED_RE.finditer(text):
            name = m.group(1)
            if not self.lexicon.is_excluded(name) and name.split()[0].lower() not in STOP_WORDS:
                out.append(Candidate(name, entity_key(name), m.start(1), m.end(1), "named-phrase"))
        return out

    def _titlecase(self, text: str) -> list[Candidate]:
        """Runs of capitalised words inside a sentence: "Natural Questions", "Tree of Thoughts";
        a run joined by "and" also by its parts, for when it is a list ("LFW and YouTube Faces")."""
        out = []
        for m in _TITLECASE_RUN_RE.finditer(text):
            words = [(w.group(0), m.start() + w.start(), m.start() + w.end())
                     for w in TOKEN_RE.finditer(m.group(0))]
            initial = _sentence_initial(text, m.start())
            runs = [words] + _split_at_and(words) if any(w[0] in _LIST_JOINERS for w in words) else [words]
            for i, run in enumerate(runs):
                c = self._titlecase_run(text, run, initial and i < 2)
                if c is not None:
                    out.append(c)
        return out

    def _titlecase_run(self, text: str, words: list[tuple[str, int, int]], initial: bool) -> Candidate | None:
        """The candidate a run of capitalised words (word, start, end) makes, if any."""
        first = 1 if initial else 0  # such a capital says nothing
        while first < len(words) and words[first][0] in _CONNECTORS:
            first += 1
        last = len(words) - 1
        while last >= first and words[last][0] in _CONNECTORS:
            last -= 1
        if last - first < 1:
            return None
        surface = text[words[first][1]:words[last][2]]
        if any(_in_capitals_heading(text, w[1], w[2]) for w in words[first:last + 1]):
            return None  # "SINGLE IMAGE SUPER-RESOLUTION WITH DILATED CONVOLUTION": a heading
        head = words[last][0].lower()
        source = "named-phrase" if head in METHOD_NAME_HEADS or head in BENCHMARK_NAME_HEADS \
            else "titlecase"
        if self.lexicon.is_excluded(surface):
            return None
        c = Candidate(surface, entity_key(surface), words[first][1], words[last][2], source)
        if head in BENCHMARK_NAME_HEADS:
            c.vote(BENCHMARK, 2.0, "name-dataset")
        elif head in METHOD_NAME_HEADS:  # three capitalised words and more: surely a name
            c.vote(METHOD, 2.0 if sum(w[0] not in _CONNECTORS for w in words[first:last + 1]) >= 3 else 1.5,
                   "name-model")
        return c

    def _phrases(self, ps: PreparedSentence) -> list[Candidate]:
        """Plain noun phrases ending in a technique noun: "stochastic pooling", "residual networks"."""
        out = []
        for run in ps.runs:
            k = len(run) - 1  # the head of a noun phrase is its last word: "residual networks"
            word, _, end, _, _ = run[k]
            if k > 0 and word.lower() in PHRASE_METHOD_HEADS:
                words = run[max(0, k - 2):k + 1]
                while len(words) > 1 and (words[0][0].lower() in _GENERIC_MODIFIERS
                                          or words[0][0].endswith("ing")):
                    words = words[1:]  # "developing neural network" -> "neural network"
                if len(words) < 2 or any(not w[0].islower() for w in words):
                    continue  # capitalised words are the other finders' business
                start = words[0][1]
                surface = ps.text[start:end]
                c = Candidate(surface, entity_key(surface), start, end, "phrase")
                c.vote(METHOD, 1.0, "technique-noun")
                out.append(c)
        return out

    def _title_name(self, title: str, found: list[Candidate]) -> list[Candidate]:
        """The name a title announces, marked as proposed by the paper.

        "Mobile-R1: Towards ...", "Qwen2.5 Technical Report", "Full-Resolution Residual
        Networks for Semantic Segmentation", "Image Synthesis with Cascaded Refinement
        Networks", "Convolutional Kernel Networks". The candidate spanning exactly the
        name is marked; otherwise a new one is made for it (so "Shopping MMLU: ..."
        proposes "Shopping MMLU", not MMLU).
        """
        announced = _announced_name(title)
        if announced is None:
            return found
        start, end, rule = announced
        kind = METHOD
        rest = title[end:] if start == 0 else title[:start]
        if (_TITLE_BENCHMARK_RE.search(rest) and not re.search(r"\bbenchmarking\b", rest, re.I)) or \
                _TITLE_BENCHMARK_RE.fullmatch(title[start:end].split()[-1]):  # "PPTC Benchmark: ..."
            kind = BENCHMARK
        weight = 3.0 if kind == BENCHMARK else 1.0
        exact = next((c for c in found if c.start == start and c.end == end), None)
        if exact is not None:
            if exact.source in ("rare-word", "titlecase", "named-phrase"):
                exact.source = "title-name"
            exact.vote(kind, weight, rule, proposes=True)
            return found
        name = title[start:end]
        if self.lexicon.is_excluded(name):
            return found
        c = Candidate(name, entity_key(name), start, end, "title-name")
        c.vote(kind, weight, rule, proposes=True)
        return sorted([c] + [f for f in found if f.end <= start or f.start >= end], key=lambda x: x.start)

    @staticmethod
    def _select(candidates: list[Candidate]) -> list[Candidate]:
        """Non-overlapping candidates, preferring the surer source, then the longer span."""
        if len(candidates) < 2:
            return candidates
        ranked = sorted(candidates, key=lambda c: (-_PRIORITY[c.source], -(c.end - c.start), c.start))
        kept: list[Candidate] = []
        for c in ranked:
            if not any(_overlaps(c, k) for k in kept):
                kept.append(c)
        return sorted(kept, key=lambda c: c.start)
