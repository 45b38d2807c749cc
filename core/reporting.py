"""How long work tells a person what it is doing, without knowing where the words go.

Domain code takes a `Reporter` argument and calls `note()`; the CLI passes one that prints on stderr,
the API's jobs one that logs, tests and library callers the silent default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

# advance(n): n more units of work done (records read, enterprises scored …)
Progress = Callable[[int], None]


@runtime_checkable
class SizedProgress(Protocol):
    """A Progress that is also told how much of the input is read, for work whose size is known only in
    bytes (records in files): the bar shows the total and the time left from it."""

    def __call__(self, n: int) -> None: ...

    def read(self, done: int, total: int) -> None:
        """`done` bytes of `total` read so far (of all the run's files)."""


class Reporter(Protocol):
    def note(self, message: str) -> None:
        """One line a person reads: a figure, a table row, a hint."""


class Silent:
    def note(self, message: str) -> None:
        pass


SILENT: Reporter = Silent()
