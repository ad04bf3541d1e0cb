"""Hugging Face Daily Papers pages saved as text.

A saved page is page chrome ("new", "Subscribe", "Daily Papers", ...), an
optional listing date ("Jul 31"), then each paper as a title line followed by
its abstract. Two layouts occur: entries separated by blank lines, and entries
with no blank lines at all (title, abstract, title, ...). Chrome can be glued to
the first title ("SubscribeTrackSSM: ..."). Titles and abstracts are told apart
by shape: an abstract is long, or a sentence ending in a full stop.

What is neither is told by place: the non-abstract units before an abstract
end with its title; before the first title, short lines, dates and subscription
prompts are page chrome. Anything else (a title with no abstract, a short
sentence that is neither a title nor an abstract) is reported with its line,
never turned silently into a paper or glued to one.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import InputError
from ..records import PaperRecord
from ..text import clean_text
from .registry import Format, ReportError, register

# Page chrome, longest first so that "Daily Papers" is not eaten as "Daily".
CHROME = (
    "Get trending papers in your email inbox!",
    "byAK and the research community",
    "Daily Papers",
    "Subscribe",
    "new",
)
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_LINE_RE = re.compile(rf"^({_MONTHS} \d{{1,2}}(?:, \d{{4}})?)$")
_DATE_PREFIX_RE = re.compile(rf"^({_MONTHS} \d{{1,2}})(?=[A-Z])")
# an abstract's last sentence ends in a full stop; a title may end in "?" or "!"
_SENTENCE_END_RE = re.compile(r"\.[\"')\]]?$")
# page chrome in any wording: "Get trending papers in your email inbox!", "Sign in", "Load more"
_PROMPT_RE = re.compile(r"\b(?:subscribe|sign ?(?:in|up)|log ?in|newsletter|inbox|e-?mail|trending|upvote|"
                        r"load more|daily papers|research community|cookies?)\b", re.IGNORECASE)
# words a sentence opens with but a title rarely does
_SENTENCE_OPENERS = frozenset({"in", "we", "this", "these", "our", "although", "however", "recent", "recently",
                               "while", "to", "for", "the", "it", "as", "with", "by", "here"})
_HEAD_CHROME_WORDS = 5  # before the first title, a line this short that no abstract follows is chrome
_WORD_RE = re.compile(r"[^\W\d_][\w\-']*")


@dataclass
class _Unit:
    """A title or abstract candidate: one line, or one blank-line block of wrapped lines."""

    line: int
    text: str

    @property
    def is_abstract(self) -> bool:
        words = len(self.text.split())
        return len(self.text) >= 300 or (words >= 15 and bool(_SENTENCE_END_RE.search(self.text)))

    @property
    def is_sentence(self) -> bool:
        """Shaped like a sentence rather than a title: mostly small words, and opening like a
        sentence, holding a comma or ending in a full stop ("In object detection, an ...")."""
        words = [w for w in _WORD_RE.findall(self.text) if len(w) >= 4]
        capitalised = sum(w[0].isupper() for w in words) / len(words) if words else 1.0
        first = self.text.split(maxsplit=1)[0].lower() if self.text.split() else ""
        return capitalised < 0.5 and (first in _SENTENCE_OPENERS or ", " in self.text
                                      or bool(_SENTENCE_END_RE.search(self.text)))

    def is_chrome(self, page_head: bool) -> bool:
        """A subscription prompt anywhere, or (before the first title) any short line."""
        words = len(self.text.split())
        return (words <= 10 and bool(_PROMPT_RE.search(self.text))) or (page_head and words <= _HEAD_CHROME_WORDS)


def _strip_chrome(text: str) -> tuple[str, str | None]:
    """Remove chrome and a date glued to the front of a line; returns (rest, listing date)."""
    date = None
    changed = True
    while changed and text:
        changed = False
        for chrome in CHROME:
            if text.startswith(chrome):
                rest = text[len(chrome):]
                # only when something new starts right after it: "newGet", "SubscribeTrackSSM"
                if not rest or rest[0].isupper() or rest[0].isdigit():
                    text, changed = rest.lstrip(), True
                    break
        m = _DATE_LINE_RE.match(text) or _DATE_PREFIX_RE.match(text)
        if m:
            date, text, changed = m.group(1), text[m.end():].lstrip(), True
    return text, date


def _units(text: str) -> tuple[list[_Unit], str | None]:
    """Split a page into title/abstract units and find its listing date."""
    listing_date = None
    blocks: list[list[_Unit]] = [[]]
    for lineno, raw in enumerate(text.split("\n"), start=1):  # numbered as editors do
        line = raw.strip()
        if not line:
            blocks.append([])
            continue
        line, date = _strip_chrome(line)
        listing_date = listing_date or date
        if line:
            blocks[-1].append(_Unit(lineno, line))
    units: list[_Unit] = []
    for block in blocks:
        if not block:
            continue
        kinds = {u.is_abstract for u in block}
        if len(block) == 1 or kinds == {True, False}:
            units.extend(block)  # one entry per line: the layout without blank lines
        else:  # lines of one wrapped paragraph
            units.append(_Unit(block[0].line, " ".join(u.text for u in block)))
    return units, listing_date


def _runs(units: list[_Unit]) -> Iterator[tuple[list[_Unit], list[_Unit]]]:
    """(non-abstract units, the abstract units after them), in page order."""
    heads: list[_Unit] = []
    abstracts: list[_Unit] = []
    for unit in units:
        if unit.is_abstract:
            abstracts.append(unit)
            continue
        if abstracts:
            yield heads, abstracts
            heads, abstracts = [], []
        heads.append(unit)
    if heads or abstracts:
        yield heads, abstracts


def _title_of(heads: list[_Unit]) -> _Unit:
    """The title among the non-abstract units before an abstract: the last one, unless it is
    shaped like a sentence and an earlier one is not."""
    for unit in reversed(heads):
        if not unit.is_sentence:
            return unit
    return heads[-1]


def read(text: str, path: str, report: ReportError) -> Iterator[PaperRecord]:
    units, listing_date = _units(text)
    page_head = True  # before the first title
    for heads, abstracts in _runs(units):
        title = _title_of(heads) if heads and abstracts else None
        for unit in heads:
            if unit is title or unit.is_chrome(page_head):
                continue
            if unit.is_sentence:
                report(InputError(path, unit.line, "neither a title nor an abstract (a short abstract? "
                                                   f"a line of the page?): {unit.text[:80]!r}"))
            else:
                report(InputError(path, unit.line, f"title without an abstract: {unit.text[:80]!r}"))
        if abstracts and title is None:
            report(InputError(path, abstracts[0].line, "abstract without a title before it"))
            continue
        if title is None:
            continue
        page_head = False
        yield PaperRecord(title=clean_text(title.text), abstract=clean_text(" ".join(a.text for a in abstracts)),
                          source=f"{path}:{title.line}", listing_date=listing_date)


def sniff(text: str) -> bool:
    return True  # the fallback: any other text is read as a saved page


FORMAT = register(Format("hf-dump", (".txt",), read, sniff,
                         "Hugging Face Daily Papers page saved as text"))
