"""Errors the user can act on. The CLI prints them as one line, without a traceback."""
from __future__ import annotations


class GraphkbError(Exception):
    """Base class: the message alone tells the user what went wrong."""


class InputError(GraphkbError):
    """A bad input record: names the file, the line (when known) and the reason."""

    def __init__(self, path: str, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"

    def __reduce__(self):  # picklable (an engine's workers send them back)
        return type(self), (self.path, self.line, self.reason)
