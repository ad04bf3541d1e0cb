"""Acronym definitions: "Group Relative Policy Optimization (GRPO)" and "GRPO (Group ...)".

The long form is found with the Schwartz-Hearst algorithm (Schwartz & Hearst,
PSB 2003): every letter and digit of the short form, right to left, must occur
in order in the long form, the first one at the start of a word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN_RE = re.compile(r"\(([^()]{1,120})\)")
_WORD_RE = re.compile(r"\S+")
_LAST_TOKEN_RE = re.compile(r"(\S+)$")
# How far before a bracket to look: the long form's words (`_tail_words` takes at most 40
# characters a word, 17 words) and the short form's token (12 characters and some punctuation).
_BEFORE_CHARS = 1000
_LAST_TOKEN_CHARS = 60


@dataclass(frozen=True)
class AcronymMatch:
    short: str
    long: str
    short_start: int  # offsets within the sentence
    short_end: int
    long_start: int
    long_end: int


def _looks_like_short_form(text: str) -> bool:
    if not 2 <= len(text) <= 12 or len(text.split()) > 2:
        return False
    if not text[0].isalnum() or not any(c.isalpha() for c in text):
        return False
    uppers = sum(c.isupper() for c in text)
    return uppers >= 2 or (uppers == 1 and not text.istitle())  # GRPO, OnPro, mT5; not "Mamba"


def best_long_form(short: str, candidate: str) -> str | None:
    """The shortest tail of `candidate` that the characters of `short` spell (Schwartz-Hearst)."""
    s_index = len(short) - 1
    l_index = len(candidate) - 1
    short_l, cand_l = short.lower(), candidate.lower()
    while s_index >= 0:
        c = short_l[s_index]
        if not c.isalnum():
            s_index -= 1
            continue
        # the first character must begin a word; the others may be anywhere
        while l_index >= 0 and (cand_l[l_index] != c or
                                (s_index == 0 and l_index > 0 and cand_l[l_index - 1].isalnum())):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    long_form = candidate[start:].strip()
    return long_form or None


def _valid(short: str, long: str) -> bool:
    if len(long) <= len(short) or short.lower() in long.lower().split():
        return False
    words = long.split()
    return len(words) <= min(len(short) + 5, len(short) * 2) and not long.lower().startswith(("and ", "or "))


def _tail_words(text: str, n: int) -> tuple[str, int]:
    """The last `n` words of text, and where they start."""
    offset = max(0, len(text) - 40 * n)  # n words never take more than this
    spans = list(_WORD_RE.finditer(text, offset))[-n:]
    if not spans:
        return "", len(text)
    return text[spans[0].start():], spans[0].start()


def find_acronyms(sentence: str) -> list[AcronymMatch]:
    """Acronym definitions in one sentence, in both orders."""
    found = []
    for m in _PAREN_RE.finditer(sentence):
        inner = re.split(r"[;,]| or | i\.e\.| e\.g\.", m.group(1))[0].strip()
        # only the text just before the bracket: the whole prefix, for every bracket, is quadratic
        base = max(0, m.start() - _BEFORE_CHARS)
        before = sentence[base:m.start()].rstrip()
        if _looks_like_short_form(inner):
            # long form ( SHORT ): search the words just before the bracket
            window, offset = _tail_words(before, min(len(inner) + 5, len(inner) * 2))
            window = re.split(r"[:;,()\"“]", window)[-1]  # not across clause punctuation nor a bracket
            offset = base + len(before) - len(window)
            long = best_long_form(inner, window)
            if long and _valid(inner, long):
                ls = offset + window.rfind(long)
                ss = m.start(1) + m.group(1).find(inner)
                found.append(AcronymMatch(inner, long, ss, ss + len(inner), ls, ls + len(long)))
        else:
            # SHORT ( long form ): the token just before the bracket is the acronym
            prev = _LAST_TOKEN_RE.search(before[-_LAST_TOKEN_CHARS:])
            if prev and _looks_like_short_form(prev.group(1).strip(".,:;\"“”")):
                short = prev.group(1).strip(".,:;\"“”")
                long = best_long_form(short, inner)
                if long and _valid(short, long) and long == inner:
                    ss = base + max(0, len(before) - _LAST_TOKEN_CHARS) + prev.start(1) + prev.group(1).find(short)
                    ls = m.start(1)
                    found.append(AcronymMatch(short, long, ss, ss + len(short), ls, ls + len(long)))
    return found
