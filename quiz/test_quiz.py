"""The self-check quiz: one test per question. Run it with ``pytest quiz/``.

Your answers go in ``quiz/answers.json`` (copy ``quiz/answers_template.json``); see
``quiz/README.md``. The grading itself lives in ``quiz/conftest.py`` and ``quiz/grader.py``.
"""

from __future__ import annotations

import pytest


def test_question(question_id: str, quiz_run) -> None:
    """Passes when your answer to this question matches the key."""
    result = quiz_run.grade(question_id)
    if not result.correct:
        pytest.fail(result.message, pytrace=False)
