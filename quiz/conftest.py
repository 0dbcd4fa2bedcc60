"""pytest plugin that turns ``pytest quiz/`` into the course's self-check quiz grader.

It reads the learner's answers once (``quiz/answers.json``, or the file named by the
``QUIZ_ANSWERS`` environment variable), stops with one clear message when that file is missing
or malformed, gives ``test_quiz.py`` one test per question, and ends the run with the
explanations, the score and PASS/FAIL at 70%. The exit status follows the verdict: 0 for PASS,
1 for FAIL, 4 when the answers file cannot be read.

This file only acts when quiz questions are collected, so the project's own ``tests/`` suite
is unaffected.
"""

from __future__ import annotations

import textwrap
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from quiz import grader as grading

QUIZ_DIR = Path(__file__).resolve().parent
QUIZ_TEST_FILE = QUIZ_DIR / "test_quiz.py"
WRAP_WIDTH = 88


@dataclass
class QuizRun:
    """Everything one ``pytest quiz/`` run needs: questions, key, answers and results so far."""

    questions: list[Any]
    key: Any
    answers: dict[str, Any]
    answers_path: Path
    results: dict[str, Any] = field(default_factory=dict)

    def grade(self, question_id: str) -> Any:
        """Grade one question and remember the result for the final summary."""
        question = next(q for q in self.questions if q.id == question_id)
        where = grading.display_path(self.answers_path)
        result = grading.grade(question, self.answers.get(question_id), self.key, where)
        self.results[question_id] = result
        return result

    @property
    def score(self) -> Any:
        """The score over all questions; questions not graded in this run count as wrong."""
        return grading.score(self.results.values(), total=len(self.questions))


QUIZ_RUN = pytest.StashKey[QuizRun]()


def open_quiz_run() -> QuizRun:
    """Load questions, key and answers; raises ``grading.QuizError`` with a learner message."""
    questions = grading.load_questions()
    path = grading.answers_path()
    return QuizRun(
        questions=questions,
        key=grading.load_key(),
        answers=grading.load_answers(path, questions),
        answers_path=path,
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give every test that asks for ``question_id`` one run per quiz question."""
    if "question_id" in metafunc.fixturenames:
        ids = [question.id for question in grading.load_questions()]
        metafunc.parametrize("question_id", ids, ids=ids)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Read the answers once, and only when quiz questions are about to run."""
    if not any(item.path == QUIZ_TEST_FILE for item in items):
        return
    try:
        config.stash[QUIZ_RUN] = open_quiz_run()
    except grading.QuizError as err:
        raise pytest.UsageError(f"quiz: {err}") from None
    if config.option.tbstyle == "auto" and all(item.path == QUIZ_TEST_FILE for item in items):
        # The "quiz results" section already says what went wrong with each answer.
        config.option.tbstyle = "no"


@pytest.fixture
def quiz_run(request: pytest.FixtureRequest) -> QuizRun:
    """The current quiz run (answers already read and checked)."""
    return request.config.stash[QUIZ_RUN]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> Generator[None, None, None]:
    """After pytest's own summary, list each question's result and explanation."""
    yield
    run = config.stash.get(QUIZ_RUN, None)
    if run is not None and run.results:
        write_report(terminalreporter, run)


def write_report(reporter: pytest.TerminalReporter, run: QuizRun) -> None:
    """Write each question's result and, for answered questions, its explanation."""
    reporter.write_sep("=", "quiz results")
    for question in run.questions:
        result = run.results.get(question.id)
        status = result.status if result else "not graded in this run"
        colour = {"green": True} if status == "correct" else {"red": True}
        reporter.write_line(f"{question.id:>4}  {status:<11} {question.topic}", **colour)
        if result is not None and result.status != "correct":
            reporter.write_line(_indent(result.message))
        if result is not None and result.shows_explanation:
            reporter.write_line(_indent("Why: " + run.key.explanation(question.id)))
    graded, total = len(run.results), len(run.questions)
    if graded < total:
        reporter.write_line(
            f"Only {graded} of {total} questions were graded in this run; the others count "
            "as wrong."
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    """End the whole output with the score and the PASS/FAIL verdict."""
    run = config.stash.get(QUIZ_RUN, None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if run is None or not run.results or reporter is None:
        return
    score = run.score
    verdict = "PASS" if score.passed else "FAIL"
    reporter.write_sep(
        "=",
        f"quiz score: {score.correct}/{score.total} ({score.percent}%), "
        f"pass mark {int(grading.PASS_MARK * 100)}%: {verdict}",
        green=score.passed,
        red=not score.passed,
        bold=True,
    )


def _indent(text: str) -> str:
    """Wrap ``text`` and indent it under its question line."""
    return textwrap.fill(text, width=WRAP_WIDTH, initial_indent=" " * 6, subsequent_indent=" " * 11)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Make the exit status follow the quiz verdict when only quiz questions failed."""
    run = session.config.stash.get(QUIZ_RUN, None)
    if run is None or not run.results:
        return
    quiz_failures = sum(not result.correct for result in run.results.values())
    if exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and (
        session.testsfailed == quiz_failures
    ):
        passed = run.score.passed
        session.exitstatus = pytest.ExitCode.OK if passed else pytest.ExitCode.TESTS_FAILED
