"""Long work shows progress when stderr is a file too: a line every few seconds with counts and rate."""

from __future__ import annotations

import pytest

from cli import progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_lines_every_few_seconds_with_counts_rate_and_time_left(capsys: pytest.CaptureFixture[str]) -> None:
    clock = Clock()
    lines = progress._Lines("ingest nhtsa-complaints", 1000, clock=clock, every=5.0)
    for _ in range(20):
        clock.now += 0.5
        lines(10)  # 200 records in 10 s: two lines
    err = capsys.readouterr().err.splitlines()
    assert err == ["ingest nhtsa-complaints: 100/1,000 done, 20/s, 5 s, about 45 s left",
                   "ingest nhtsa-complaints: 200/1,000 done, 20/s, 10 s, about 40 s left"]


def test_without_a_total_no_estimate_and_a_final_line(monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    clock = Clock()
    monkeypatch.setattr(progress, "interactive", lambda: False)
    monkeypatch.setattr(progress.time, "monotonic", clock)
    with progress.progress_bar("train defects") as advance:
        for _ in range(7):
            clock.now += 1.0
            advance(1000)
    err = capsys.readouterr().err.splitlines()
    assert err == ["train defects: 5,000 done, 1,000/s, 5 s",
                   "train defects: 7,000 done, 1,000/s, 7 s (finished)"]


def test_a_long_note_is_not_wrapped(capsys: pytest.CaptureFixture[str]) -> None:
    row = "nhtsa-complaints.components" + " " * 30 + "0.981     0.990     12345" * 4
    progress.note(row)
    assert capsys.readouterr().err == row + "\n"


def test_lines_show_bytes_read_and_time_left_from_them(capsys: pytest.CaptureFixture[str]) -> None:
    clock = Clock()
    lines = progress._Lines("ingest cn-registry", None, clock=clock, every=5.0)
    for step in range(1, 11):
        clock.now += 1.0
        lines.read(step * 4_000_000, 100_000_000)  # 4 MB a second of 100 MB
        lines(50)
    err = capsys.readouterr().err.splitlines()
    assert err == ["ingest cn-registry: 250 done, 50/s, 5 s, 20.0 of 100.0 MB read (20 %), about 20 s left",
                   "ingest cn-registry: 500 done, 50/s, 10 s, 40.0 of 100.0 MB read (40 %), about 15 s left"]


def test_the_live_bar_switches_to_bytes_once_the_size_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "interactive", lambda: True)
    with progress.progress_bar("ingest uk-companies") as advance:
        advance(5)
        task = advance.bar.tasks[0]
        assert task.completed == 5 and task.total is None
        advance.read(300, 1000)
        advance(2)
        assert (task.completed, task.total, task.fields["count"], task.fields["unit"]) == (300, 1000, "7", "bytes")
