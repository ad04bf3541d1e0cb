"""A small registry of input formats: each reader module registers itself by name."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import InputError
from ..records import PaperRecord

ReportError = Callable[[InputError], None]
"""Called with each bad record: raises to stop the build, or records it to skip it."""


@dataclass(frozen=True)
class Format:
    """An input format: how to recognise it and how to read it.

    `read(text, path, report)` yields records from a whole decoded file; a bad
    record goes to `report` (which raises or skips), a file that cannot be read
    at all raises InputError itself. `sniff(text)` says whether text looks like
    this format; `extensions` are matched first.
    """

    name: str
    extensions: tuple[str, ...]
    read: Callable[[str, str, ReportError], Iterator[PaperRecord]]
    sniff: Callable[[str], bool]
    description: str = ""


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    FORMATS[fmt.name] = fmt
    return fmt
