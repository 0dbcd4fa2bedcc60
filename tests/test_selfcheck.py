"""course_lib.selfcheck: verdicts, hints and solutions, and checks that prove their own solution."""

from __future__ import annotations

import pytest

from course_lib.selfcheck import BLANK, Check, close_to, one_of, stated_answers

OPTIONS = {"a": "a is about speed.", "c": "c changes the data.", "d": "d is not a loss."}


def _letter_check(solution: str = "(b): the weighted loss.") -> Check:
    return Check("Q1: pick one", one_of("b", OPTIONS), "Think about the loss.", solution)


def test_blank_right_and_wrong_answers_print_what_to_do(capsys: pytest.CaptureFixture) -> None:
    q = _letter_check()
    assert q.check(BLANK) is False
    assert "not attempted yet" in capsys.readouterr().out
    assert q.check(" B ") is True
    assert "Q1: pick one: correct!" in capsys.readouterr().out
    assert q.check("c") is False
    out = capsys.readouterr().out
    assert "not quite. c changes the data." in out and ".hint()" in out
    assert q.check("z") is False
    assert "not one of the options ['a', 'b', 'c', 'd']" in capsys.readouterr().out


def test_hint_and_solution_print_their_text(capsys: pytest.CaptureFixture) -> None:
    q = _letter_check()
    q.hint()
    q.solution()
    out = capsys.readouterr().out
    assert "Hint for Q1: pick one: Think about the loss." in out
    assert "Solution for Q1: pick one:\n(b): the weighted loss." in out


def test_close_to_accepts_within_tolerance_and_explains_the_rest() -> None:
    verify = close_to(0.487, tol=0.005, what="macro-F1")
    verify(0.49)
    verify("0.485")
    with pytest.raises(AssertionError, match="macro-F1 is 0.5; it is off by more than 0.005"):
        verify(0.5)
    with pytest.raises(AssertionError, match="should be a number, got list"):
        verify([0.487])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('["B-PER", "O"]', [["B-PER", "O"]]),
        ("(b): RoBERTa has no segments.", ["b"]),
        ("c: the fixed cost dominates, 2 steps.", ["c", 2.0]),
        ("960 / 40 = 24: each positive counts 24 times.", [960.0, 40.0, 24.0, 24.0]),
        ("Out of 1,000 comments, 0.533 of them.", [1000.0, 0.533]),
        ("One. Two probabilities above 0.5", [0.5, 1, 2]),
    ],
)
def test_stated_answers_reads_literals_options_and_numbers(text: str, expected: list) -> None:
    assert stated_answers(text) == expected


def test_a_check_whose_solution_passes_is_created() -> None:
    Check("Q", close_to(24, tol=0), "", "960 / 40 = 24: each positive counts as 24 negatives.")
    Check("Q", close_to(1, tol=0), "", "One. Two would already sum to more than 1.")
    Check("Q", one_of("c", OPTIONS | {"b": "no"}), "", "c: more examples per step.")
    Check("Q", lambda a: None if a == ["O"] else _fail(), "", '["O"]')


def _fail() -> None:
    raise AssertionError("not the tags")


def test_a_check_whose_stated_solution_fails_stops_at_creation() -> None:
    with pytest.raises(ValueError, match=r"Q1: pick one: the stated solution does not pass") as err:
        _letter_check("(c): the focal loss.")
    assert "'c': c changes the data." in str(err.value)
    with pytest.raises(ValueError, match="tried 0.5: the number is 0.5"):
        Check("Q2", close_to(0.25, tol=0.01, what="the number"), "", "It is 0.5.")


def test_a_prose_solution_needs_its_answer_given() -> None:
    verify = one_of("b", OPTIONS)
    with pytest.raises(ValueError, match="states no answer, give answer="):
        Check("Q3", verify, "", "The weighted loss, because the imbalance is moderate.")
    q = Check("Q3", verify, "", "The weighted loss, because the imbalance is moderate.", answer="b")
    assert q.answer == "b"
    with pytest.raises(ValueError, match="'a': a is about speed."):
        Check("Q3", verify, "", "The weighted loss.", answer="a")
