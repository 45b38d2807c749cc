"""Progress of long work: a live bar on a terminal, a line every few seconds when output goes to a file or
a pipe (counts, rate and, where the total is known, the time left), both on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

err_console = Console(stderr=True)
LOG_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal


def interactive() -> bool:
    return sys.stderr.isatty()


def _megabytes(n: int) -> str:
    return f"{n / 1e6:,.1f}"


class _Lines:
    """advance(n) for logs: one line every LOG_EVERY seconds and one at the end; read(done, total) adds
    the bytes read of the input, from which the time left is estimated when the count's total is unknown."""

    def __init__(self, description: str, total: int | None, clock: Callable[[], float] | None = None,
                 every: float = LOG_EVERY) -> None:
        self.description, self.total, self.every = description, total, every
        self.clock = clock or time.monotonic
        self.started = self.last = self.clock()
        self.done = 0
        self.bytes: tuple[int, int] | None = None  # (read, of total)

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if self.clock() - self.last >= self.every:
            self.line()

    def read(self, done: int, total: int) -> None:
        self.bytes = (done, total)

    def line(self, final: bool = False) -> None:
        now = self.clock()
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.description}: {self.done:,}" + (f"/{self.total:,}" if self.total else "") + \
            f" done, {rate:,.0f}/s, {elapsed:,.0f} s"
        left = None
        if self.total and rate > 0:
            left = max(self.total - self.done, 0) / rate
        elif self.bytes and self.bytes[1]:
            read, size = self.bytes
            text += f", {_megabytes(read)} of {_megabytes(size)} MB read ({100 * read / size:.0f} %)"
            if read:
                left = max(size - read, 0) * elapsed / read
        if left is not None and not final:
            text += f", about {left:,.0f} s left"
        note(text + (" (finished)" if final else ""))


class _Measure(ProgressColumn):
    """Bytes read of the total once the input's size is known (the count beside it), else the count."""

    def __init__(self) -> None:
        super().__init__()
        self.bytes, self.count = DownloadColumn(), MofNCompleteColumn()

    def render(self, task: Task) -> RenderableType:
        if task.fields.get("unit") == "bytes":
            return Text.assemble(self.bytes.render(task), f"  {task.fields['count']} records")
        return self.count.render(task)


class _Bar:
    """advance(n) and read(done, total) on a live bar: the count, and the bytes read of the total (the
    bar's measure and time left) once the input's size is known."""

    def __init__(self, bar: Progress, task: TaskID) -> None:
        self.bar, self.task, self.done, self.by_bytes = bar, task, 0, False

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if self.by_bytes:
            self.bar.update(self.task, count=f"{self.done:,}")
        else:
            self.bar.advance(self.task, n)

    def read(self, done: int, total: int) -> None:
        if total:
            self.by_bytes = True
            self.bar.update(self.task, completed=done, total=total, unit="bytes", count=f"{self.done:,}")


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[_Lines | _Bar]:
    """Yields advance(n), which also takes read(done, total): bytes of the input read (core.reporting's
    SizedProgress), shown when the count's total is not known."""
    if not interactive():
        lines = _Lines(description, total)
        yield lines
        if lines.done and lines.clock() - lines.started >= lines.every:
            lines.line(final=True)
        return
    columns = [TextColumn("{task.description}"), BarColumn(), _Measure(), TimeElapsedColumn(),
               TimeRemainingColumn()]
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total, count="", unit="")
        yield _Bar(bar, task)


def note(message: str) -> None:
    """Human-facing status on stderr, so that --json output on stdout stays one object. Never wrapped:
    in a log a table row stays one line whatever the width."""
    err_console.print(message, highlight=False, soft_wrap=True)


class _StderrReporter:
    def note(self, message: str) -> None:
        note(message)


REPORTER = _StderrReporter()  # what the CLI hands to domain work (core.reporting.Reporter)
