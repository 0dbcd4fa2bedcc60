"""Self-check questions inside lessons, in the spirit of Kaggle's learntools.

A lesson defines a :class:`Check` and the learner calls ``q1.check(answer)``, ``q1.hint()`` or
``q1.solution()``. An answer left as :data:`BLANK` is reported as "not attempted" instead of
failing, so a notebook still runs top to bottom before the learner has tried anything.

A check holds its own answer: when it is created, the answer its solution states (a literal such
as ``[-100, 5]``, the option letter it opens with, as in ``"(b): ..."`` or ``"c: ..."``, or one of
the numbers it gives) must pass ``verify``, or the lesson stops right there with the question's
name. Give ``answer=`` when the solution text is prose that states none of these.

Taught in: every lesson from lessons/01_binary_sentiment.ipynb on (self-check cells).
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class _Blank:
    """Placeholder for an answer the learner has not written yet."""

    def __repr__(self) -> str:
        return "____"


BLANK: Any = _Blank()
____ = BLANK  # lessons write `answer = ____` to show where the learner types


# Number words a solution may state ("One. Two probabilities above 0.5 ...").
_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:,\d{3})*(?:\.\d+)?")
_OPTION = re.compile(r"^\s*\(?([a-z])[):.]")


def stated_answers(solution_text: str) -> list[Any]:
    """The answers a solution text states: a Python literal, an option letter, its numbers."""
    text = solution_text.strip()
    answers: list[Any] = []
    with contextlib.suppress(ValueError, SyntaxError):  # not a literal: prose
        answers.append(ast.literal_eval(text))
    option = _OPTION.match(text)
    if option:
        answers.append(option.group(1))
    answers += [float(n.replace(",", "")) for n in _NUMBER.findall(text)]
    answers += [v for w, v in _NUMBER_WORDS.items() if re.search(rf"\b{w}\b", text, re.I)]
    return answers


_UNSET: Any = object()


@dataclass
class Check:
    """One self-check question, which proves when created that its solution passes ``verify``.

    Attributes:
        name: short title shown in messages, e.g. "Q1: class weights".
        verify: raises AssertionError with a friendly, specific message when the answer is wrong.
        hint_text: a nudge that does not give the answer away.
        solution_text: a worked answer (code or prose) that states the answer.
        answer: the solution's answer, when ``solution_text`` does not state it in a form
            :func:`stated_answers` reads.
    """

    name: str
    verify: Callable[[Any], None]
    hint_text: str
    solution_text: str
    answer: Any = field(default=_UNSET, kw_only=True)

    def __post_init__(self) -> None:
        candidates = (
            [self.answer] if self.answer is not _UNSET else stated_answers(self.solution_text)
        )
        problems = []
        for candidate in candidates:
            try:
                self.verify(candidate)
                return
            except (AssertionError, TypeError, ValueError) as err:  # wrong, or the wrong kind
                problems.append(f"{candidate!r}: {err}")
        raise ValueError(
            f"{self.name}: the stated solution does not pass its own check "
            f"(tried {'; '.join(problems) or 'nothing: the solution states no answer, give answer='})."
        )

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
