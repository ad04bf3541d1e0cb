"""Sentence splitting with character offsets, aware of the abbreviations of scientific prose."""
from __future__ import annotations

import re
from typing import NamedTuple

_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "al", "vs", "cf", "fig", "figs", "eq", "eqs", "approx", "resp", "sec",
    "no", "nos", "dr", "mr", "ms", "prof", "inc", "ltd", "co", "corp", "jr", "sr", "st", "vol",
    "pp", "ca", "viz", "ref", "refs", "tab", "u.s", "e.t.c",
}
# A boundary: sentence-ending punctuation, optional closing quotes/brackets, space, then a
# token that can start a sentence (capital, digit, opening quote or bracket).
_BOUNDARY_RE = re.compile(r"[.!?](?:[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])"
                          # a full stop glued to the next sentence by a lost space: "WebArena.To the"
                          r"|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]+\s))")


class Sentence(NamedTuple):
    """A sentence and its offsets in the text it was split from."""

    text: str
    start: int
    end: int


def _ends_with_abbreviation(text: str, end: int) -> bool:
    m = re.search(r"(\S+)$", text[max(0, end - 24):end])
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    if word in _ABBREVIATIONS or word.lstrip("(") in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "J. Smith"


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`; `text[s.start:s.end] == s.text` for each."""
    sentences = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        if text[m.start()] == "." and _ends_with_abbreviation(text, m.start()):
            continue
        end = m.end()
        chunk = text[start:end].rstrip()
        if chunk:
            sentences.append(Sentence(chunk, start, start + len(chunk)))
        start = end
    tail = text[start:].rstrip()
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        sentences.append(Sentence(tail.lstrip(), start + lead, start + len(tail)))
    return sentences
