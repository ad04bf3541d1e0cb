"""Methods and benchmarks named in a paper, with their role (proposes/uses) and evidence.

Two passes. Per paper, every name-like span of every sentence is found
(lexicon names, acronyms and their long forms, name-shaped tokens, title
names) and scored by the context cues in `cues.py`. Across the corpus, the
votes of all papers decide whether a name is a method or a benchmark, so one
clear "X dataset" somewhere types X everywhere; each paper then keeps its
names with the evidence of their strongest mention.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..progress import NoProgress, Progress
from ..records import Acronym, EntityMention, Evidence, Paper
from . import cues
from .acronyms import find_acronyms
from .cues import BENCHMARK, METHOD
from .lexicon import Lexicon, default_lexicon
from .repositories import mask_urls
from .names import (entity_key, has_inner_capital, is_name_token, is_quantity, is_rare_capitalized,
                    strip_name_suffix, tokens, zipf)
from .sentences import Sentence, split_sentences

# How much a span looks like a name by where it came from, before any context cue.
_STRENGTH = {"lexicon": 1.0, "acronym": 0.8, "long-form": 0.8, "title-name": 0.8, "token": 0.7,
             "titlecase": 0.3, "rare-word": 0.3}
_PRIORITY = {"lexicon": 5, "acronym": 4, "long-form": 4, "title-name": 3, "token": 2,
             "titlecase": 1, "rare-word": 0}
# What may follow a model name as part of it: "Llama 3.1", "GPT-4 Turbo", "Claude 3.5-Haiku".
_VERSION_RE = re.compile(r"^(?:v?\d+(?:\.\d+)*(?:-\w+)?|Turbo|Pro|Ultra|Mini|Max|Plus|Instruct|Chat|"
                         r"Sonnet|Haiku|Opus|Flash|Nano|Lite|XL|XXL|Base|Large)$")
# Sizes and variants of a model family: "-405B-Instruct", "-7B", "-Chat".
_MODEL_VARIANT_RE = re.compile(r"(?:-\d+(?:\.\d+)?[BMK](?:-\w+)*|-(?:Instruct|Chat|Base|it))$")
_CONNECTORS = {"of", "for", "and", "the", "to", "in", "with", "on", "via", "&"}
_LIST_SEPARATOR_RE = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/|&\s*)(?:the\s+)?$", re.I)
_TITLE_HEAD_RE = re.compile(r"^(.{1,60}?)\s*(?::|!|\?|\s-\s|\s+Technical Report$|\s+System Card$)")
_TITLE_BENCHMARK_RE = re.compile(rf"\b(?:{cues.BENCHMARK_NOUNS}|gym|testbed)\b", re.I)
_METHOD_SUFFIXES = {"based", "powered", "driven", "initialized", "derived", "tuned", "trained",
                    "guided", "enhanced", "augmented", "inspired", "generated", "assisted", "equipped"}


@dataclass
class _Candidate:
    """A name-like span of one sentence (offsets relative to the sentence)."""

    surface: str
    key: str
    start: int
    end: int
    source: str
    lexicon_kind: str | None = None
    display: str | None = None  # preferred spelling (lexicon) or the acronym for a long form
    long_form: str | None = None
    suffix: str | None = None
    votes: dict[str, float] = field(default_factory=lambda: {METHOD: 0.0, BENCHMARK: 0.0})
    rule: str = ""
    rule_weight: float = 0.0
    proposes: bool = False

    def vote(self, kind: str | None, weight: float, rule: str, proposes: bool = False) -> None:
        if kind:
            self.votes[kind] += weight
        if proposes:
            self.proposes = True
        if weight > self.rule_weight:
            self.rule, self.rule_weight = rule, weight


@dataclass
class _PaperEntity:
    """All mentions of one name in one paper, folded together."""

    key: str
    names: Counter
    votes: dict[str, float]
    proposes: bool
    strength: float
    lexicon_kind: str | None
    long_form: str | None
    best: tuple[float, Evidence]
    sources: set[str]


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    return a.start < b.end and b.start < a.end


class EntityExtractor:
    """Finds methods and benchmarks in a corpus of papers. `run` is the only entry point."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or default_lexicon()

    # -- candidates in one sentence ---------------------------------------------------------

    def _lexicon_candidates(self, text: str) -> list[_Candidate]:
        out = []
        for h in self.lexicon.find(text):
            out.append(_Candidate(h.surface, entity_key(h.name), h.start, h.end, "lexicon",
                                  lexicon_kind=h.kind, display=h.name))
        return out

    def _acronym_candidates(self, text: str, field_name: str, sentence: Sentence,
                            acronyms: list[Acronym]) -> list[_Candidate]:
        out = []
        for a in find_acronyms(text):
            if self.lexicon.is_excluded(a.short):
                continue
            known = self.lexicon.kind_of(a.short) or self.lexicon.kind_of(a.long)
            display = self.lexicon.preferred_name(a.short) or a.short
            key = entity_key(display)
            out.append(_Candidate(a.short, key, a.short_start, a.short_end, "acronym",
                                  lexicon_kind=known, display=display, long_form=a.long))
            out.append(_Candidate(a.long, key, a.long_start, a.long_end, "long-form",
                                  lexicon_kind=known, display=display, long_form=a.long))
            acronyms.append(Acronym(a.short, a.long, Evidence(sentence.text, sentence.start,
                                                              sentence.end, "acronym", field_name)))
        return out

    def _token_candidates(self, text: str, is_title: bool) -> list[_Candidate]:
        toks = tokens(text)
        out = []
        for i, tok in enumerate(toks):
            stem, suffix = strip_name_suffix(tok.text)
            end = tok.start + len(stem)
            sentence_initial = i == 0 or text[:tok.start].rstrip().endswith((":", ".", "!", "?"))
            if is_name_token(stem):
                source = "token"
            elif not sentence_initial and not is_title and _is_capitalized_compound(stem):
                source = "token"  # Complex-Edit, Self-Instruct
            elif not sentence_initial and not is_title and is_rare_capitalized(stem):
                source = "rare-word"
            elif (stem[:1].isupper() and i + 1 < len(toks) and not is_title
                  and _VERSION_RE.match(toks[i + 1].text) and text[tok.end:toks[i + 1].start] == " "
                  and any(c.isdigit() for c in toks[i + 1].text) and zipf(stem.lower()) < 4.0):
                source = "token"  # "Claude 3", "Llama 2": a capitalised word with a version
            else:
                continue
            # extend over a version or variant: "Llama 3.1", "GPT-4 Turbo"
            if suffix is None and i + 1 < len(toks):
                nxt = toks[i + 1]
                if text[tok.end:nxt.start] == " " and _VERSION_RE.match(nxt.text) and (
                        any(c.isdigit() for c in nxt.text) or source == "token"):
                    end = nxt.end
                    stem = text[tok.start:end]
            stem = _MODEL_VARIANT_RE.sub("", stem)  # LLaMA-3.1-405B-Instruct -> LLaMA-3.1
            end = tok.start + len(stem) if end > tok.start + len(stem) else end
            if self.lexicon.is_excluded(stem) or is_quantity(stem):
                continue
            known = self.lexicon.kind_of(stem)
            if known:
                out.append(_Candidate(stem, entity_key(self.lexicon.preferred_name(stem)), tok.start, end,
                                      "lexicon", lexicon_kind=known,
                                      display=self.lexicon.preferred_name(stem), suffix=suffix))
            else:
                out.append(_Candidate(stem, entity_key(stem), tok.start, end, source, suffix=suffix))
        if not is_title:
            out.extend(self._titlecase_candidates(text, toks))
        return out

    def _titlecase_candidates(self, text: str, toks) -> list[_Candidate]:
        """Runs of capitalised words inside a sentence: "Natural Questions", "Tree of Thoughts"."""
        out = []
        i = 0
        while i < len(toks):
            if not toks[i].text[:1].isupper():
                i += 1
                continue
            j = i
            while j + 1 < len(toks) and toks[j + 1].start - toks[j].end <= 1 and (
                    toks[j + 1].text[:1].isupper() or
                    (toks[j + 1].text in _CONNECTORS and j + 2 < len(toks)
                     and toks[j + 2].text[:1].isupper())):
                j += 1
            first = i
            if first == 0 or text[:toks[first].start].rstrip().endswith((".", ":", "!", "?")):
                first += 1  # a sentence-initial capital says nothing
            while first <= j and toks[first].text in _CONNECTORS:
                first += 1
            last = j
            while last >= first and toks[last].text in _CONNECTORS:
                last -= 1
            if last - first >= 1:
                surface = text[toks[first].start:toks[last].end]
                if not self.lexicon.is_excluded(surface):
                    out.append(_Candidate(surface, entity_key(surface), toks[first].start,
                                          toks[last].end, "titlecase"))
            i = j + 1
        return out

    def _title_name(self, title: str, found: list[_Candidate]) -> list[_Candidate]:
        """The name a title announces: "Mobile-R1: Towards ...", "Qwen2.5 Technical Report".

        Returns the title's candidates with the announced name marked as proposed:
        the candidate spanning the whole head if there is one, else a new one for
        the head (so "Shopping MMLU: ..." proposes "Shopping MMLU", not MMLU).
        """
        m = _TITLE_HEAD_RE.match(title)
        if not m:
            return found
        head = m.group(1).strip()
        rest = title[m.end():]
        kind = BENCHMARK if _TITLE_BENCHMARK_RE.search(rest) and not re.search(
            r"\bbenchmarking\b", rest, re.I) else METHOD
        weight = 3.0 if kind == BENCHMARK else 1.0
        exact = next((c for c in found if c.start == 0 and c.end == len(head)), None)
        if exact is not None:
            if exact.source in ("rare-word", "titlecase"):
                exact.source = "title-name"
            exact.vote(kind, weight, "title-name", proposes=True)
            return found
        words = head.split()
        looks_named = (len(words) == 1 and ("-" in head or zipf(head.lower()) < 3.5)) or (
            len(words) <= 3 and any(is_name_token(w) for w in words))
        if not looks_named or self.lexicon.is_excluded(head):
            return found
        c = _Candidate(head, entity_key(head), 0, len(head), "title-name")
        c.vote(kind, weight, "title-name", proposes=True)
        return [c] + [f for f in found if f.start >= len(head)]

    def _select(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Non-overlapping candidates, preferring the surer source, then the longer span."""
        ranked = sorted(candidates, key=lambda c: (-_PRIORITY[c.source], -(c.end - c.start), c.start))
        kept: list[_Candidate] = []
        for c in ranked:
            if not any(_overlaps(c, k) for k in kept):
                kept.append(c)
        return sorted(kept, key=lambda c: c.start)

    # -- context cues -----------------------------------------------------------------------

    def _score(self, text: str, cands: list[_Candidate]) -> None:
        proposer = cues.PROPOSER_RE.search(text)
        first_after_verb = None
        if proposer:
            first_after_verb = next((c for c in cands if c.start >= proposer.end()
                                     and c.start - proposer.end() <= 80), None)
        for c in cands:
            if c.lexicon_kind:
                c.vote(c.lexicon_kind, 3.0, "lexicon")
            left, right = text[max(0, c.start - 160):c.start], text[c.end:c.end + 100]
            if c.suffix:
                right = text[c.end + len(c.suffix) + 1:c.end + 100]
                if c.suffix in _METHOD_SUFFIXES:
                    c.vote(METHOD, 1.5, f"{c.suffix}-suffix")
            for cue in cues.LEFT_CUES:
                if cue.pattern.search(left):
                    c.vote(cue.kind, cue.weight, cue.rule, cue.proposes)
            for cue in cues.RIGHT_CUES:
                if cue.pattern.search(right):
                    c.vote(cue.kind, cue.weight, cue.rule, cue.proposes)
            if c.source in ("acronym", "long-form") and c.long_form:
                head = c.long_form.lower().replace("-", " ").split()[-1]
                if head in cues.BENCHMARK_HEADS:
                    c.vote(BENCHMARK, 2.0, "acronym-head")
                elif head in cues.METHOD_HEADS:
                    c.vote(METHOD, 1.0, "acronym-head")
            if cues.BENCHMARK_SHAPE_RE.search(c.surface) and c.source != "long-form":
                c.vote(BENCHMARK, 1.0, "name-shape")
            elif cues.METHOD_SHAPE_RE.search(c.surface) and c.source != "long-form":
                c.vote(METHOD, 0.5, "name-shape")
            if c is first_after_verb and not c.lexicon_kind:
                window = text[proposer.end():c.end + 60]
                kind = BENCHMARK if re.search(rf"\b(?:{cues.BENCHMARK_NOUNS})\b", window, re.I) else METHOD
                c.vote(kind, 2.5, "we-propose", proposes=True)
            if c.proposes and c.rule not in ("named", "title-name") and (
                    c.lexicon_kind or c.source in ("titlecase", "rare-word")):
                # "we apply LoRA ..." does not propose LoRA, nor "we study Image Grounding" a name
                c.proposes = False
        self._share_list_votes(text, cands)

    @staticmethod
    def _share_list_votes(text: str, cands: list[_Candidate]) -> None:
        """Names in one list ("on MMLU, GSM8K and MATH") share the cues of any member."""
        groups: list[list[_Candidate]] = []
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

    # -- one paper ----------------------------------------------------------------------------

    def _paper_entities(self, paper: Paper) -> tuple[dict[str, _PaperEntity], list[Acronym]]:
        acronyms: list[Acronym] = []
        entities: dict[str, _PaperEntity] = {}
        long_to_key: dict[str, str] = {}
        observed: list[tuple[_Candidate, Evidence]] = []
        fields = [("title", [Sentence(paper.title, 0, len(paper.title))] if paper.title else []),
                  ("abstract", split_sentences(paper.abstract))]
        for field_name, sentences in fields:
            is_title = field_name == "title"
            for s in sentences:
                text = mask_urls(s.text)
                found = (self._lexicon_candidates(text)
                         + self._acronym_candidates(text, field_name, s, acronyms)
                         + self._token_candidates(text, is_title))
                cands = self._select(found)
                if is_title:
                    cands = self._title_name(text, cands)
                self._score(text, cands)
                for c in cands:
                    if c.long_form:
                        long_to_key[entity_key(c.long_form)] = c.key
                    ev = Evidence(s.text, s.start, s.end, c.rule or c.source, field_name)
                    observed.append((c, ev))
        for c, ev in observed:
            key = long_to_key.get(c.key, c.key)
            e = entities.get(key)
            weight = max(c.votes.values()) + (2.0 if c.proposes else 0.0) + _STRENGTH[c.source]
            name = c.display or c.surface
            if e is None:
                e = entities[key] = _PaperEntity(key, Counter(), {METHOD: 0.0, BENCHMARK: 0.0}, False,
                                                 0.0, None, None, (-1.0, ev), set())
            if c.source != "long-form":  # the acronym names it, not its long form
                e.names[name] += 1
            for k in (METHOD, BENCHMARK):
                e.votes[k] += c.votes[k]
            e.proposes = e.proposes or c.proposes
            e.strength = max(e.strength, _STRENGTH[c.source])
            e.lexicon_kind = e.lexicon_kind or c.lexicon_kind
            e.long_form = e.long_form or c.long_form
            e.sources.add(c.source)
            if weight > e.best[0]:
                e.best = (weight, ev)
        for a in acronyms:  # a known name keeps the long form this paper defines for it
            e = entities.get(entity_key(self.lexicon.preferred_name(a.short) or a.short))
            if e is not None and e.long_form is None:
                e.long_form = a.long
        return entities, acronyms

    # -- the corpus ---------------------------------------------------------------------------

    def _accept(self, e: _PaperEntity) -> bool:
        if e.lexicon_kind or e.proposes:
            return True
        if e.long_form and e.long_form.lower().replace("-", " ").split()[-1] in cues.TASK_HEADS:
            return False  # "machine comprehension (MC)": a task, not a method
        if e.strength >= 0.7 and not _is_short_caps(e):
            return True
        return max(e.votes.values()) >= 2.5  # a capitalised phrase needs a clear cue

    def run(self, papers: Sequence[Paper], progress: Progress | None = None
            ) -> dict[str, tuple[list[EntityMention], list[EntityMention], list[Acronym]]]:
        """For each paper id: (methods, benchmarks, acronyms)."""
        progress = progress or NoProgress()
        per_paper = {}
        for p in papers:
            per_paper[p.id] = self._paper_entities(p)
            progress.advance()
        corpus_votes: dict[str, dict[str, float]] = defaultdict(lambda: {METHOD: 0.0, BENCHMARK: 0.0})
        for entities, _ in per_paper.values():
            for key, e in entities.items():
                for k in (METHOD, BENCHMARK):
                    corpus_votes[key][k] += e.votes[k]
        out = {}
        for pid, (entities, acronyms) in per_paper.items():
            methods, benchmarks = [], []
            for key, e in entities.items():
                if not self._accept(e):
                    continue
                kind = e.lexicon_kind or _decide(corpus_votes[key])
                mention = EntityMention(
                    name=e.names.most_common(1)[0][0] if e.names else key,
                    kind=kind,
                    role="proposes" if e.proposes else "uses",
                    confidence=_confidence(e, kind),
                    evidence=e.best[1],
                    long_form=e.long_form,
                )
                (methods if kind == METHOD else benchmarks).append(mention)
            order = lambda m: (-m.confidence, m.name.lower())  # noqa: E731
            out[pid] = (sorted(methods, key=order), sorted(benchmarks, key=order), acronyms)
        return out


def _is_capitalized_compound(token: str) -> bool:
    """Complex-Edit, Self-Instruct: a hyphenated compound capitalised mid-sentence names something
    (but not Text-to-Image, whose lower-case joints mark a description)."""
    parts = token.split("-")
    return len(parts) > 1 and all(p[:1].isupper() for p in parts)


def _is_short_caps(e: _PaperEntity) -> bool:
    """Two capital letters (HR, RP) name too many things to stand without a cue."""
    return e.sources <= {"token"} and all(len(n) <= 2 for n in e.names)


def _decide(votes: dict[str, float]) -> str:
    return BENCHMARK if votes[BENCHMARK] > votes[METHOD] else METHOD


def _confidence(e: _PaperEntity, kind: str) -> float:
    other = BENCHMARK if kind == METHOD else METHOD
    agree, against = e.votes[kind], e.votes[other]
    base = 0.75 if e.lexicon_kind else 0.7 if e.proposes else 0.3 + 0.3 * e.strength
    conf = min(0.98, base + 0.05 * agree)
    conf *= 1.0 - 0.5 * against / (agree + against + 1.0)
    return round(conf, 3)
