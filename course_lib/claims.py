"""Checked claims: a lesson's prose states a result once, and a code cell keeps it true.

A lesson's text says things like "oversampling came out best" or "test accuracy is close to
0.9". Written by hand, such a sentence goes stale silently when the data or the code changes.
:func:`claim` ties it to the run: it prints the statement with the evidence, and in the offline
profile (the run CI executes and the committed outputs come from) it stops the notebook when the
statement is no longer true, naming the sentence to rewrite. In the full profile the numbers are
different by design (another model, other data), so a claim that does not hold there is printed
as "not so in this run" instead of failing: the learner sees what the text says and what their
run measured.

Taught in: every lesson (the cells after a result that the prose describes), first in
lessons/01_binary_sentiment.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.errors import CourseError
from course_lib.profiles import Profile


class ClaimFailed(CourseError, AssertionError):
    """A sentence of the lesson no longer describes what the offline run measured."""


@dataclass(frozen=True)
class Claim:
    """One checked statement and what the run showed (returned by :func:`claim`)."""

    statement: str  # the sentence of the lesson text, as the prose states it
    holds: bool  # whether this run bears it out
    evidence: str  # the measured numbers behind it, printed next to it
    profile: str  # "offline" or "full": where it was checked

    def __str__(self) -> str:
        mark = "holds" if self.holds else "NOT SO IN THIS RUN"
        evidence = f" ({self.evidence})" if self.evidence else ""
        return f"[claim {mark}] {self.statement}{evidence}"


def claim(
    profile: Profile,  # the lesson's profile: offline claims must hold, full ones are reported
    statement: str,  # the result as the lesson's text states it
    holds: bool,  # the check, computed from this run's numbers
    evidence: str = "",  # the numbers that decide it, e.g. f"macro-F1 {f1:.3f}"
) -> Claim:
    """Print ``statement`` with its evidence; in the offline profile, fail when it is false.

    The offline profile is the one the lesson's prose describes (its committed outputs come from
    an offline run), so a false claim there means the text must change: :class:`ClaimFailed`
    says which sentence. In the full profile a false claim is printed, never raised.
    Taught in: lessons/01_binary_sentiment.ipynb (and every later lesson's results).
    """
    if not isinstance(holds, bool):
        holds = _as_bool(holds, statement)
    checked = Claim(statement, holds, evidence, profile.name)
    if not holds and profile.is_offline:
        raise ClaimFailed(
            f"The lesson says {statement!r}, but this offline run shows otherwise "
            f"({evidence or 'no evidence given'}). The data or the code changed since the text "
            "was written: rewrite that sentence (and this claim) to say what the run shows."
        )
    print(checked)
    return checked


def between(value: float, low: float, high: float) -> bool:
    """``low <= value <= high``: for claims such as "accuracy close to 0.9" (say how close)."""
    if low > high:
        raise ValueError(f"between(): low={low} is above high={high}; swap them.")
    return low <= float(value) <= high


def _as_bool(holds: object, statement: str) -> bool:
    # numpy booleans (np.True_) are fine; anything else is a mistake in the lesson's claim cell.
    if type(holds).__name__ in ("bool", "bool_"):  # np.bool (numpy 2) and np.bool_
        return bool(holds)
    raise TypeError(
        f"claim({statement!r}): the check must be True or False, got {type(holds).__name__} "
        f"{holds!r}. Write a comparison, e.g. `best == 'oversampling'` or `between(f1, 0.85, 0.95)`."
    )
