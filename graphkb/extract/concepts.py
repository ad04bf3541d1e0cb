"""Key phrases of each paper, ranked: the thematic vocabulary that links papers.

Candidates are runs of content words between stop words and punctuation (as
in RAKE), kept up to five words. Each is scored from statistics, not a
model: how often the paper uses it, how rare it is across the corpus
(document frequency) and in English (wordfreq), where it first appears, and
whether the title has it.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..progress import NoProgress, Progress
from ..records import Evidence, Keyphrase, Paper
from .lexicon import Lexicon, default_lexicon
from .names import is_name_token, zipf
from .repositories import mask_urls
from .sentences import Sentence, split_sentences

# Words that end a candidate besides the usual stop words: the verbs and fillers of
# scientific prose ("we propose", "results show") that never head a key phrase.
_DISCOURSE = {
    "propose", "proposes", "proposed", "proposing", "present", "presents", "presented", "introduce",
    "introduces", "introduced", "show", "shows", "showed", "shown", "demonstrate", "demonstrates",
    "demonstrated", "use", "uses", "used", "using", "based", "achieve", "achieves", "achieved",
    "achieving", "improve", "improves", "improved", "improving", "provide", "provides", "provided",
    "paper", "study", "work", "works", "also", "however", "thus", "therefore", "furthermore",
    "moreover", "new", "novel", "existing", "recent", "recently", "various", "different", "several",
    "significant", "significantly", "effective", "effectively", "efficient", "efficiently", "state",
    "art", "results", "result", "experiments", "experimental", "extensive", "able", "enable",
    "enables", "allow", "allows", "make", "makes", "made", "including", "include", "includes",
    "given", "called", "named", "respectively", "e.g", "i.e", "et", "al", "etc", "via", "within",
    "across", "without", "yet", "still", "often", "typically", "usually", "especially", "particularly",
    "highly", "widely", "simple", "simply", "strong", "stronger", "better", "best", "good", "high",
    "higher", "large", "larger", "small", "smaller", "main", "key", "important", "first", "second",
    "finally", "specifically", "additionally", "overall", "approach", "approaches", "method",
    "methods", "framework", "problem", "problems", "task", "tasks", "model", "models", "performance",
    "outperforms", "outperform", "outperforming", "compared", "comparable", "propose", "aims", "aim",
    "address", "addresses", "challenging", "challenge", "challenges", "despite", "due", "remains",
    "leads", "lead", "leading", "require", "requires", "required", "need", "needs", "way", "ways",
    "apply", "applied", "applies", "consider", "considered", "obtain", "obtained", "perform",
    "performed", "performs", "evaluate", "evaluated", "evaluation", "develop", "developed", "design",
    "designed", "help", "helps", "ability", "abilities", "capability", "capabilities", "potential",
    "time", "times", "number", "numbers", "set", "sets", "terms", "term", "order", "case", "cases",
    "lot", "lots", "kind", "kinds", "type", "types", "level", "levels", "range", "wide", "variety",
    "novelty", "like", "unlike", "findings", "insights", "analysis", "result", "benefit", "benefits",
}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | _DISCOURSE
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-']*[A-Za-z0-9]|[A-Za-z]")
_BREAK_RE = re.compile(r"[^\w\s\-']")  # punctuation ends a candidate
_LENGTH_WEIGHT = {1: 0.55, 2: 1.0, 3: 1.0, 4: 0.8, 5: 0.6}


def stem(word: str) -> str:
    """A light, deterministic stemmer: enough to meet plural and -ing/-ed variants."""
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ves", "f")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


def phrase_key(words: Sequence[str]) -> str:
    """Key under which variants of a phrase meet: case, plurals and hyphens ignored."""
    return " ".join(stem(w) for w in re.split(r"[\s\-]+", " ".join(words)) if w)


@dataclass
class _Occurrence:
    surface: str
    words: tuple[str, ...]
    sentence_index: int
    in_title: bool
    sentence: Sentence
    field: str


def _candidates(sentence: Sentence, index: int, field: str) -> list[_Occurrence]:
    out = []
    for piece in _BREAK_RE.split(mask_urls(sentence.text)):
        run: list[str] = []
        words = _WORD_RE.findall(piece)
        for w in words + [""]:
            lw = w.lower()
            if w and lw not in STOP_WORDS and len(w) > 1 and not lw.isdigit():
                run.append(w)
                continue
            if run:
                out.extend(_from_run(run, sentence, index, field))
                run = []
    return out


def _from_run(run: list[str], sentence: Sentence, index: int, field: str) -> list[_Occurrence]:
    spans = [run] if len(run) <= 5 else [run[i:i + n] for n in (2, 3) for i in range(len(run) - n + 1)]
    return [_Occurrence(" ".join(s), tuple(s), index, field == "title", sentence, field) for s in spans]


def _specificity(words: Sequence[str]) -> float:
    """Rare English words make better key phrases: 1.0 for unknown words, ~0.2 for 'system'."""
    vals = [min(1.0, max(0.15, (7.0 - zipf(w.lower())) / 4.5)) for w in words]
    return sum(vals) / len(vals)


def _display(surface: str) -> str:
    """Lower case, except names and acronyms: "Skill Localization" -> "skill localization",
    "GRPO training" stays."""
    return " ".join(w if is_name_token(w) or (w.isupper() and len(w) > 1) else w.lower()
                    for w in surface.split())


class ConceptExtractor:
    """Ranks each paper's key phrases using statistics of the whole corpus."""

    def __init__(self, top_k: int = 15, lexicon: Lexicon | None = None):
        self.top_k = top_k
        self.lexicon = lexicon or default_lexicon()

    def _occurrences(self, paper: Paper) -> list[_Occurrence]:
        occ = []
        if paper.title:
            occ.extend(_candidates(Sentence(paper.title, 0, len(paper.title)), 0, "title"))
        for i, s in enumerate(split_sentences(paper.abstract), start=1):
            occ.extend(_candidates(s, i, "abstract"))
        return occ

    def run(self, papers: Sequence[Paper], progress: Progress | None = None) -> dict[str, list[Keyphrase]]:
        progress = progress or NoProgress()
        per_paper = {}
        for p in papers:
            per_paper[p.id] = self._occurrences(p)
            progress.advance()
        df: Counter = Counter()
        for occ in per_paper.values():
            df.update({phrase_key(o.words) for o in occ})
        n = max(1, len(per_paper))
        out = {}
        for pid, occ in per_paper.items():
            groups: dict[str, list[_Occurrence]] = defaultdict(list)
            for o in occ:
                groups[phrase_key(o.words)].append(o)
            scored = []
            for key, os_ in groups.items():
                if len(os_[0].words) == 1 and self.lexicon.is_excluded(os_[0].words[0]):
                    continue  # "LLMs", "NLP": too generic to be a paper's concept
                first = min(os_, key=lambda o: o.sentence_index)
                tf = len(os_)
                idf = math.log((n + 1) / (df[key] + 0.5)) + 1.0 if n > 1 else 1.0
                score = ((1.0 + math.log(tf)) * idf * _specificity(first.words)
                         * _LENGTH_WEIGHT.get(len(first.words), 0.5)
                         * (1.5 if any(o.in_title for o in os_) else 1.0)
                         / (1.0 + 0.1 * first.sentence_index))
                in_text = [o.surface for o in os_ if not o.in_title] or [o.surface for o in os_]
                name = _display(Counter(in_text).most_common(1)[0][0])
                ev = Evidence(first.sentence.text, first.sentence.start, first.sentence.end,
                              "keyphrase", first.field)
                scored.append((score, name, key, ev))
            scored.sort(key=lambda t: (-t[0], t[2]))
            out[pid] = [Keyphrase(name, round(score, 4), ev) for score, name, _, ev in scored[: self.top_k]]
        return out
