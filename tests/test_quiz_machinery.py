"""Checks of the self-check quiz machinery in quiz/ (issue 7), without any learner's answers.

The quiz itself runs only when a learner calls ``pytest quiz/``; here we check the hashed key
against the instructor's plain key, normalisation, the 70% rule, the handling of unanswered and
malformed answers, and full ``pytest quiz/`` runs in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from instructor import make_quiz_key
from quiz import grader as grading

REPO_ROOT = Path(__file__).resolve().parents[1]
PLAIN_KEY_PATH = REPO_ROOT / "instructor" / "quiz_key.json"


QUESTIONS = grading.load_questions()
BY_ID = {question.id: question for question in QUESTIONS}
KEY = grading.load_key()
PLAIN = json.loads(PLAIN_KEY_PATH.read_text(encoding="utf-8"))


def first_accepted(question_id: str) -> Any:
    """The instructor's first accepted answer to a question."""
    return PLAIN["answers"][question_id]["accept"][0]


def wrong_answer(question_id: str) -> str:
    """A readable answer that the key rejects."""
    question = BY_ID[question_id]
    candidates = {
        "single": list(question.letters),
        "multiple": list(question.letters),
        "numeric": ["0", "1000"],
        "text": ["definitely not this"],
    }[question.type]
    for candidate in candidates:
        if grading.grade(question, candidate, KEY).status == "wrong":
            return candidate
    raise AssertionError(f"no wrong answer found for {question_id}")


def status(question_id: str, answer: Any) -> str:
    """Grade one answer with the stored key and return its status."""
    return grading.grade(BY_ID[question_id], answer, KEY).status


# --------------------------------------------------------------------------------------------
# The key
# --------------------------------------------------------------------------------------------


def test_quiz_has_ten_questions_of_every_type() -> None:
    assert [q.id for q in QUESTIONS] == [f"q{n}" for n in range(1, 11)]
    assert {q.type for q in QUESTIONS} == {"single", "multiple", "numeric", "text"}


def test_plain_key_hashes_to_stored_digests() -> None:
    assert grading.key_mismatches(QUESTIONS, PLAIN, KEY) == []


def test_generated_files_are_up_to_date() -> None:
    files = make_quiz_key.generated_files(grading, KEY.salt)
    stale = make_quiz_key.stale_files(files)
    assert stale == [], "run `python -m instructor.make_quiz_key` and commit the result"


@pytest.mark.parametrize("question_id", list(BY_ID))
def test_every_accepted_answer_is_correct(question_id: str) -> None:
    for accepted in PLAIN["answers"][question_id]["accept"]:
        assert status(question_id, accepted) == "correct"


def test_repo_files_do_not_reveal_the_answers() -> None:
    key_text = grading.KEY_PATH.read_text(encoding="utf-8")
    visible = key_text + grading.QUESTIONS_PATH.read_text(encoding="utf-8")
    visible += grading.QUESTIONS_MD_PATH.read_text(encoding="utf-8")
    for question in QUESTIONS:
        entry = PLAIN["answers"][question.id]
        assert entry["explanation"][:40] not in visible
        if question.type in ("numeric", "text"):
            for accepted in entry["accept"]:
                assert accepted not in key_text
    assert "explanation" not in grading.QUESTIONS_PATH.read_text(encoding="utf-8")


def test_explanations_decode_from_the_key() -> None:
    for question in QUESTIONS:
        assert KEY.explanation(question.id) == PLAIN["answers"][question.id]["explanation"]


def test_changing_the_salt_changes_every_digest() -> None:
    other = grading.build_key(QUESTIONS, PLAIN, "another-salt")["questions"]
    for question in QUESTIONS:
        assert not set(other[question.id]["digests"]) & KEY.digests[question.id]


# --------------------------------------------------------------------------------------------
# Wrong answers and normalisation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("question_id", list(BY_ID))
def test_wrong_answers_are_rejected(question_id: str) -> None:
    assert status(question_id, wrong_answer(question_id)) == "wrong"


def test_every_other_option_is_rejected_for_single_choice() -> None:
    for question in (q for q in QUESTIONS if q.type == "single"):
        right = first_accepted(question.id)
        for letter in question.letters:
            expected = "correct" if letter == right else "wrong"
            assert status(question.id, letter) == expected


def test_subsets_and_supersets_are_rejected_for_multiple_choice() -> None:
    for question in (q for q in QUESTIONS if q.type == "multiple"):
        right = grading.parse_choice(question, first_accepted(question.id))
        assert status(question.id, list(right[:-1])) == "wrong"
        extra = next(letter for letter in question.letters if letter not in right)
        assert status(question.id, [*right, extra]) == "wrong"


@pytest.mark.parametrize(
    "answer",
    ["b", "B", " b ", "b)", "(b)", "b.", ["b"], ["B"], "\uff42"],
)
def test_single_choice_normalisation(answer: Any) -> None:
    assert grading.canonical_answer(BY_ID["q1"], answer) == "b"


@pytest.mark.parametrize(
    "answer",
    ["a,b", "b, a", "A,B", " a ,  b ", "a and b", "b; a", "a b", ["a", "b"], ["b", "A"], "a,a,b"],
)
def test_multiple_choice_normalisation_ignores_case_spacing_and_order(answer: Any) -> None:
    assert grading.canonical_answer(BY_ID["q2"], answer) == "a,b"


@pytest.mark.parametrize(
    "text",
    ["0.5", ".50", "0.500", "1/2", "2/4", "50%", "50 %", "0,5", "5e-1", "+0.5", " 0.5 "],
)
def test_number_formats(text: str) -> None:
    assert grading.parse_number(text) == Fraction(1, 2)


def test_json_numbers_are_read_exactly() -> None:
    assert grading.parse_number(0.1) == Fraction(1, 10)
    assert grading.parse_number(3) == 3
    assert grading.parse_number("\u2212100") == -100


@pytest.mark.parametrize("text", ["abc", "1/0", "1/2/3", "0.5.5", "", "nan", "inf", "1,000,000"])
def test_unreadable_numbers_raise(text: str) -> None:
    with pytest.raises(grading.AnswerFormatError):
        grading.parse_number(text)


@pytest.mark.parametrize("value", [True, None, [0.5], {"x": 1}, float("nan")])
def test_non_numbers_raise(value: Any) -> None:
    with pytest.raises(grading.AnswerFormatError):
        grading.parse_number(value)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Token_Type_IDs", "token type ids"),
        ("  token   type\tids ", "token type ids"),
        ("`token_type_ids`", "token type ids"),
        ("'token_type_ids'.", "token type ids"),
        ('"-100"', "-100"),
        ("\u2212100", "-100"),
        ("\u2013100", "-100"),
    ],
)
def test_text_normalisation(raw: str, normalised: str) -> None:
    assert grading.normalise_text(raw) == normalised


@pytest.mark.parametrize("answer", ["TOKEN_TYPE_IDS", " token type ids ", "`token_type_ids`"])
def test_text_answers_accept_variants(answer: str) -> None:
    assert status("q8", answer) == "correct"


@pytest.mark.parametrize("answer", [-100, "-100", " -100 ", "\u2212100"])
def test_text_answer_may_be_a_json_number(answer: Any) -> None:
    assert status("q4", answer) == "correct"


@pytest.mark.parametrize("answer", ["input_ids", "attention_mask", "100", "-1"])
def test_text_answers_reject_near_misses(answer: str) -> None:
    question_id = "q8" if "_" in answer else "q4"
    assert status(question_id, answer) == "wrong"


@pytest.mark.parametrize("question_id", [q.id for q in QUESTIONS if q.type == "numeric"])
def test_numeric_tolerance_band(question_id: str) -> None:
    """Every value within the tolerance passes; every value beyond tolerance + step fails."""
    question = BY_ID[question_id]
    centre = grading.parse_number(first_accepted(question_id))
    tolerance, step = question.tolerance, grading.grid_step(question)
    for tenth_steps in range(-200, 201):
        offset = tolerance * Fraction(tenth_steps, 150)
        got = status(question_id, str(float(centre + offset)))
        if abs(offset) <= tolerance * Fraction(999, 1000):
            assert got == "correct", offset
        elif abs(offset) > tolerance + step:
            assert got == "wrong", offset


def test_numeric_answers_in_other_formats() -> None:
    assert status("q3", "69%") == "correct"
    assert status("q3", "0,69") == "correct"
    assert status("q3", 0.69) == "correct"
    assert status("q3", "0.83") == "wrong"  # accuracy instead of macro-F1
    assert status("q5", "1.76") == "correct"
    assert status("q5", "3.78") == "wrong"  # scaled to the majority class, not to mean 1
    assert status("q5", "2.37") == "wrong"  # plain inverse frequency instead of its root


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [("q1", "z"), ("q1", "a, b"), ("q2", "ab"), ("q2", "option b"), ("q3", "about 0.7")],
)
def test_unreadable_answers_count_as_wrong_without_explanation(
    question_id: str, answer: str
) -> None:
    result = grading.grade(BY_ID[question_id], answer, KEY)
    assert result.status == "unreadable"
    assert not result.correct and not result.shows_explanation
    assert result.message.startswith(f"question {BY_ID[question_id].number}: ")


# --------------------------------------------------------------------------------------------
# Score, unanswered and malformed answers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("correct", "passed"), [(10, True), (8, True), (7, True), (6, False), (0, False)]
)
def test_pass_mark_is_seventy_percent(correct: int, passed: bool) -> None:
    score = grading.Score(correct=correct, total=10)
    assert score.passed is passed
    assert score.percent == correct * 10


def test_score_counts_ungraded_questions_as_wrong() -> None:
    results = [grading.grade(BY_ID[qid], first_accepted(qid), KEY) for qid in ["q1", "q2"]]
    assert grading.score(results, total=10) == grading.Score(correct=2, total=10)


@pytest.mark.parametrize("blank", [None, "", "   ", []])
def test_unanswered_question_is_wrong_with_a_clear_message(blank: Any) -> None:
    result = grading.grade(BY_ID["q4"], blank, KEY)
    assert result.status == "unanswered" and not result.correct
    assert (
        result.message == 'question 4 not answered: put your answer in quiz/answers.json under "q4"'
    )


def write(tmp_path: Path, content: str | dict[str, Any]) -> Path:
    """Write an answers file (raw text or a dict dumped as JSON) and return its path."""
    path = tmp_path / "answers.json"
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def test_template_loads_as_all_unanswered() -> None:
    answers = grading.load_answers(grading.TEMPLATE_PATH, QUESTIONS)
    assert set(answers) == set(BY_ID)
    assert all(grading.is_blank(answer) for answer in answers.values())


def test_answers_file_accepts_comments_and_upper_case_ids(tmp_path: Path) -> None:
    path = write(tmp_path, {"_note": "mine", "Q1": "b", "q3": 0.69})
    assert grading.load_answers(path, QUESTIONS) == {"q1": "b", "q3": 0.69}


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('\ufeff{"q1": "b"}', encoding="utf-8")
    assert grading.load_answers(path, QUESTIONS) == {"q1": "b"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"q1": "b",}', "is not valid JSON"),
        ("", "is not valid JSON"),
        ('["b", "a"]', "must hold one JSON object"),
        ('{"q1": "a", "q1": "b"}', 'the key "q1" appears twice'),
        ('{"q11": "a"}', '"q11" is not a question of this quiz'),
        ('{"q1": 2}', '"q1": expected letters'),
        ('{"q3": true}', '"q3": expected a number'),
        ('{"q4": {"answer": "x"}}', '"q4": expected a short text'),
        ('{"q2": ["a", 1]}', '"q2": expected letters'),
    ],
)
def test_malformed_answers_give_one_clear_error(
    tmp_path: Path, content: str, expected: str
) -> None:
    with pytest.raises(grading.QuizError) as caught:
        grading.load_answers(write(tmp_path, content), QUESTIONS)
    assert expected in str(caught.value)
    assert "answers_template.json" in str(caught.value)


def test_all_problems_are_listed_in_one_message(tmp_path: Path) -> None:
    path = write(tmp_path, {"q1": 1, "q5": [2], "q99": "a"})
    with pytest.raises(grading.QuizError) as caught:
        grading.load_answers(path, QUESTIONS)
    message = str(caught.value)
    assert message.count("\n  - ") == 3
    assert '"q1"' in message and '"q5"' in message and '"q99"' in message


def test_missing_answers_file_says_to_copy_the_template(tmp_path: Path) -> None:
    with pytest.raises(grading.QuizError, match="cp quiz/answers_template.json"):
        grading.load_answers(tmp_path / "nope.json", QUESTIONS)


def test_answers_path_honours_the_environment_variable(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    assert grading.answers_path({"QUIZ_ANSWERS": str(target)}) == target.resolve()
    assert grading.answers_path({}) == grading.DEFAULT_ANSWERS_PATH


def test_write_answers_round_trips(tmp_path: Path) -> None:
    answers = {"q1": "b", "q3": "69%", "q4": ""}
    path = tmp_path / "sub" / "answers.json"
    grading.write_answers(answers, path, QUESTIONS)
    assert grading.load_answers(path, QUESTIONS) == answers
    with pytest.raises(grading.QuizError, match="q42"):
        grading.write_answers({"q42": "a"}, path, QUESTIONS)


# --------------------------------------------------------------------------------------------
# End to end: `pytest quiz/` in a subprocess
# --------------------------------------------------------------------------------------------


def run_quiz(answers_file: Path, plugins: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``pytest quiz/`` from the repository root as a learner would.

    Installed pytest plugins (nbval, hypothesis, ...) take seconds to import and play no part
    in the quiz, so they are only loaded when ``plugins`` is true.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.update({"QUIZ_ANSWERS": str(answers_file), "NO_COLOR": "1", "COLUMNS": "100"})
    if not plugins:
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "quiz/", "-p", "no:cacheprovider"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def answers_with(right: int) -> dict[str, Any]:
    """Answers with the first ``right`` questions correct and the rest wrong."""
    return {
        q.id: first_accepted(q.id) if q.number <= right else wrong_answer(q.id) for q in QUESTIONS
    }


def last_line(output: str) -> str:
    """The last non-empty line of some output."""
    return [line for line in output.splitlines() if line.strip()][-1]


def test_end_to_end_full_key_passes(tmp_path: Path) -> None:
    done = run_quiz(write(tmp_path, answers_with(10)), plugins=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "10 passed" in done.stdout
    assert "quiz score: 10/10 (100%)" in last_line(done.stdout)
    assert "PASS" in last_line(done.stdout)
    assert done.stdout.count("Why: ") == 10


def test_end_to_end_seven_right_passes(tmp_path: Path) -> None:
    done = run_quiz(write(tmp_path, answers_with(7)))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 failed, 7 passed" in done.stdout
    assert "quiz score: 7/10 (70%), pass mark 70%: PASS" in last_line(done.stdout)


def test_end_to_end_six_right_fails(tmp_path: Path) -> None:
    done = run_quiz(write(tmp_path, answers_with(6)))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "4 failed, 6 passed" in done.stdout
    assert "quiz score: 6/10 (60%), pass mark 70%: FAIL" in last_line(done.stdout)
    assert "question 7: " in done.stdout and "is not the right answer" in done.stdout


def test_end_to_end_unanswered_questions_are_named(tmp_path: Path) -> None:
    answers = answers_with(10)
    del answers["q4"]
    answers["q9"] = ""
    done = run_quiz(write(tmp_path, answers))
    assert done.returncode == 0  # 8/10 still passes
    assert "question 4 not answered: put your answer in" in done.stdout
    assert 'under "q4"' in done.stdout and 'under "q9"' in done.stdout
    assert done.stdout.count("Why: ") == 8  # no explanation for unanswered questions


def test_end_to_end_malformed_file_gives_one_clear_error(tmp_path: Path) -> None:
    done = run_quiz(write(tmp_path, '{"q1": "b", "q2": }'))
    output = done.stdout + done.stderr
    assert done.returncode == 4
    assert output.count("ERROR: quiz: ") == 1
    assert "is not valid JSON" in output and "line 1" in output
    assert "Traceback" not in output
    assert "passed" not in output and "failed" not in output


def test_end_to_end_wrong_types_give_one_clear_error(tmp_path: Path) -> None:
    done = run_quiz(write(tmp_path, {"q1": ["b"], "q3": {"value": 0.69}, "q20": "a"}))
    output = done.stdout + done.stderr
    assert done.returncode == 4
    assert output.count("ERROR: quiz: ") == 1
    assert '"q3": expected a number' in output and '"q20" is not a question' in output
    assert "Traceback" not in output


def test_end_to_end_missing_file_says_to_copy_the_template(tmp_path: Path) -> None:
    done = run_quiz(tmp_path / "absent.json")
    output = done.stdout + done.stderr
    assert done.returncode == 4
    assert output.count("ERROR: quiz: ") == 1
    assert "cp quiz/answers_template.json" in output
    assert "Traceback" not in output


# --------------------------------------------------------------------------------------------
# The quiz notebook
# --------------------------------------------------------------------------------------------


def test_quiz_notebook_writes_answers_and_grades(tmp_path: Path, monkeypatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(REPO_ROOT / "quiz" / "quiz.ipynb", as_version=4)
    answers_cell = next(cell for cell in notebook.cells if "answers = {" in cell.source)
    assert all(f'"{q.id}": ""' in answers_cell.source for q in QUESTIONS)
    answers_cell.source = answers_cell.source.replace('"q1": ""', '"q1": "b"')
    target = tmp_path / "answers.json"
    monkeypatch.setenv("QUIZ_ANSWERS", str(target))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    client = nbclient.NotebookClient(
        notebook, timeout=120, resources={"metadata": {"path": str(REPO_ROOT / "quiz")}}
    )
    client.execute()
    assert json.loads(target.read_text(encoding="utf-8"))["q1"] == "b"
    printed = "".join(
        output.get("text", "") for cell in notebook.cells for output in cell.get("outputs", [])
    )
    assert "quiz score: 1/10 (10%), pass mark 70%: FAIL" in printed
