"""Hugging Face Daily Papers pages saved as text.

A saved page is page chrome ("new", "Subscribe", "Daily Papers", ...), an
optional listing date ("Jul 31"), then each paper as a title line followed by
its abstract. Two layouts occur: entries separated by blank lines, and entries
with no blank lines at all (title, abstract, title, ...). Chrome can be glued to
the first title ("SubscribeTrackSSM: ..."). Titles and abstracts are told apart
by shape: an abstract is long, or a sentence ending in a full stop.
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
_SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]?$")


@dataclass
class _Unit:
    """A title or abstract candidate: one line, or one blank-line block of wrapped lines."""

    line: int
    text: str

    @property
    def is_abstract(self) -> bool:
        words = len(self.text.split())
        return len(self.text) >= 300 or (words >= 15 and bool(_SENTENCE_END_RE.search(self.text)))


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
    for lineno, raw in enumerate(text.splitlines(), start=1):
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


def read(text: str, path: str, report: ReportError) -> Iterator[PaperRecord]:
    units, listing_date = _units(text)
    title: _Unit | None = None
    abstract: list[str] = []

    def paper() -> PaperRecord:
        return PaperRecord(title=clean_text(title.text), abstract=clean_text(" ".join(abstract)),
                           source=f"{path}:{title.line}", listing_date=listing_date)

    for unit in units:
        if unit.is_abstract:
            if title is None:
                report(InputError(path, unit.line, "abstract without a title before it"))
                continue
            abstract.append(unit.text)
        else:
            if title is not None:
                yield paper()
            title, abstract = unit, []
    if title is not None:
        yield paper()


def sniff(text: str) -> bool:
    return True  # the fallback: any other text is read as a saved page


FORMAT = register(Format("hf-dump", (".txt",), read, sniff,
                         "Hugging Face Daily Papers page saved as text"))
