"""Progress reporting that the library calls and the CLI draws (the library never prints)."""
from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, stage: str, total: int) -> None:
        """A new stage begins with `total` steps."""

    def advance(self, steps: int = 1) -> None:
        """`steps` more steps of the current stage are done."""

    def finish(self) -> None:
        """The current stage is complete."""


class NoProgress:
    """Reports nothing: the default for library calls."""

    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass
