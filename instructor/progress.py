"""Progress of long instructor jobs: one plain line per finished item, with an estimate of the rest.

Grading a class or measuring the challenge baseline takes minutes. :class:`Progress` prints
``[3/12] ex03/ada graded in 4.2 s | 0:13 elapsed, about 0:30 left`` after each item, one line at
a time (no terminal control codes, so CI logs and ``tee`` keep it readable). The estimate is the
mean time per finished item so far, measured on the wall clock, times the items left: with N
workers the items finish N times as often and the estimate follows by itself.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


def format_duration(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss`` from one hour on), rounded to the second."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def estimate_left(elapsed: float, done: int, total: int) -> float | None:
    """Seconds left when ``done`` of ``total`` items took ``elapsed`` seconds (None before one)."""
    if done <= 0:
        return None
    return elapsed / done * max(0, total - done)


class Progress:
    """Counts finished items of a job of known size and prints one line per item.

    Args:
        total: number of items the job will finish.
        stream: where lines go (default: standard error, so the results on stdout stay clean).
        clock: seconds, monotonic (injectable for tests).
    """

    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.clock = clock
        self.started = clock()

    def elapsed(self) -> float:
        """Seconds since the job started."""
        return self.clock() - self.started

    def left(self) -> float | None:
        """Estimated seconds left (None while nothing is finished)."""
        return estimate_left(self.elapsed(), self.done, self.total)

    def line(self, what: str, seconds: float | None = None) -> str:
        """The progress line for the item just finished (``self.done`` already counts it)."""
        took = f" in {seconds:.1f} s" if seconds is not None else ""
        left = self.left()
        rest = "done" if self.done >= self.total else f"about {format_duration(left or 0)} left"
        return (
            f"[{self.done}/{self.total}] {what}{took} | "
            f"{format_duration(self.elapsed())} elapsed, {rest}"
        )

    def step(self, what: str, seconds: float | None = None) -> str:
        """Count one finished item, print its line and return it."""
        self.done += 1
        text = self.line(what, seconds)
        print(text, file=self.stream or sys.stderr, flush=True)
        return text
