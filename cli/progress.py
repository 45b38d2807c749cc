"""Progress of long work: a live bar on a terminal, a line every few seconds when output goes to a file or
a pipe (counts, rate and, where the total is known, the time left), both on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

err_console = Console(stderr=True)
LOG_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal


def interactive() -> bool:
    return sys.stderr.isatty()


class _Lines:
    """advance(n) for logs: one line every LOG_EVERY seconds and one at the end."""

    def __init__(self, description: str, total: int | None, clock: Callable[[], float] | None = None,
                 every: float = LOG_EVERY) -> None:
        self.description, self.total, self.every = description, total, every
        self.clock = clock or time.monotonic
        self.started = self.last = self.clock()
        self.done = 0

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if self.clock() - self.last >= self.every:
            self.line()

    def line(self, final: bool = False) -> None:
        now = self.clock()
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.description}: {self.done:,}" + (f"/{self.total:,}" if self.total else "") + \
            f" done, {rate:,.0f}/s, {elapsed:,.0f} s"
        if self.total and not final and rate > 0:
            text += f", about {max(self.total - self.done, 0) / rate:,.0f} s left"
        note(text + (" (finished)" if final else ""))


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """Yields advance(n)."""
    if not interactive():
        lines = _Lines(description, total)
        yield lines
        if lines.done and lines.clock() - lines.started >= lines.every:
            lines.line(final=True)
        return
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn()]
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)


def note(message: str) -> None:
    """Human-facing status on stderr, so that --json output on stdout stays one object. Never wrapped:
    in a log a table row stays one line whatever the width."""
    err_console.print(message, highlight=False, soft_wrap=True)


class _StderrReporter:
    def note(self, message: str) -> None:
        note(message)


REPORTER = _StderrReporter()  # what the CLI hands to domain work (core.reporting.Reporter)
