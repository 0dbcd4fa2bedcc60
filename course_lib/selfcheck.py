"""Self-check questions inside lessons, in the spirit of Kaggle's learntools.

A lesson defines a :class:`Check` and the learner calls ``q1.check(answer)``, ``q1.hint()`` or
``q1.solution()``. An answer left as :data:`BLANK` is reported as "not attempted" instead of
failing, so a notebook still runs top to bottom before the learner has tried anything.
Taught in: every lesson from lessons/02_multiclass_imbalance.ipynb on (self-check cells).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class _Blank:
    """Placeholder for an answer the learner has not written yet."""

    def __repr__(self) -> str:
        return "____"


BLANK: Any = _Blank()
____ = BLANK  # lessons write `answer = ____` to show where the learner types


@dataclass
class Check:
    """One self-check question.

    Attributes:
        name: short title shown in messages, e.g. "Q1: class weights".
        verify: raises AssertionError with a friendly, specific message when the answer is wrong.
        hint_text: a nudge that does not give the answer away.
        solution_text: a worked answer (code or prose).
    """

    name: str
    verify: Callable[[Any], None]
    hint_text: str
    solution_text: str

    def check(self, answer: Any = BLANK) -> bool:
        """Print whether ``answer`` is right; return True only for a correct answer."""
        if answer is BLANK:
            print(f"{self.name}: not attempted yet. Replace ____ with your answer, then run again.")
            return False
        try:
            self.verify(answer)
        except AssertionError as err:
            print(f"{self.name}: not quite. {err} (Stuck? Run .hint())")
            return False
        print(f"{self.name}: correct!")
        return True

    def hint(self) -> None:
        print(f"Hint for {self.name}: {self.hint_text}")

    def solution(self) -> None:
        print(f"Solution for {self.name}:\n{self.solution_text}")


def close_to(expected: float, tol: float = 1e-2, what: str = "your value") -> Callable[[Any], None]:
    """A verifier accepting numbers within ``tol`` of ``expected`` (absolute)."""

    def verify(answer: Any) -> None:
        try:
            value = float(answer)
        except (TypeError, ValueError):
            raise AssertionError(
                f"{what} should be a number, got {type(answer).__name__}."
            ) from None
        assert abs(value - expected) <= tol, f"{what} is {value:.4g}; it is off by more than {tol}."

    return verify


def one_of(correct: str, explanations: dict[str, str]) -> Callable[[Any], None]:
    """A verifier for a multiple-choice letter, with a specific message for each wrong option."""

    def verify(answer: Any) -> None:
        choice = str(answer).strip().lower()
        assert choice in explanations or choice == correct, (
            f"{answer!r} is not one of the options {sorted([*explanations, correct])}."
        )
        assert choice == correct.lower(), explanations.get(
            choice, "That option is not the best fit."
        )

    return verify
