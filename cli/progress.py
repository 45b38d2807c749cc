"""Progress bars that show on a terminal and stay silent when output is piped or logged."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

err_console = Console(stderr=True)


def interactive() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[callable]:
    """Yields advance(n); a live bar only on a terminal."""
    if not interactive():
        yield lambda n=1: None
        return
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)


def note(message: str) -> None:
    """Human-facing status on stderr, so that --json output on stdout stays one object."""
    err_console.print(message, highlight=False)


class _StderrReporter:
    def note(self, message: str) -> None:
        note(message)


REPORTER = _StderrReporter()  # what the CLI hands to domain work (core.reporting.Reporter)
