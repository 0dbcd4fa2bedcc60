"""Every exercise through real ``nbgrader autograde``: solved, blank and partial submissions.

One module-scoped run grades all assignments for all synthetic students with ``--workers 2``
(the parallel path), in a scratch copy of the course. Scores are read back from the SQLite
gradebook with ``nbgrader.api.Gradebook``. The cell timeout is raised to 600 s so that a busy
shared machine slows the run down instead of failing it (on 2 free cores no cell needs 30 s).

* ``solved``: the released notebook with every solution cell filled in: full marks;
* ``blank``: the released notebook untouched: zero, with the "not attempted" message;
* ``partial``: some solution cells filled in: exactly the points of the tests they pass.
"""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from instructor import synthetic
from instructor.course import COURSE_ID, Course, copy_course
from instructor.course import run_cli as _cli

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = Course(REPO).assignments()
#: assignment -> (solution cells filled in, expected score)
PARTIAL = {
    "ex01_tokenization": (["q1_solution", "q4_solution"], 4.0),
    "ex03_class_weights_focal": (["q1_solution"], 5.0),
    "ex05_ner_alignment": (["q3_solution"], 0.0),  # needs align_labels: nothing passes
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("grading")
    course = copy_course(Course(REPO), base / "course")
    inbox = base / "inbox"
    for assignment in ASSIGNMENTS:
        builds = {
            "solved": synthetic.solved(course, assignment),
            "blank": synthetic.blank(course, assignment),
        }
        if assignment in PARTIAL:
            builds["partial"] = synthetic.partial(course, assignment, PARTIAL[assignment][0])
        for student, nb in builds.items():
            folder = inbox / assignment / student
            folder.mkdir(parents=True)
            synthetic.write(nb, str(folder / f"{assignment}.ipynb"))
        collected = _cli(course, "collect", assignment, str(inbox / assignment))
        assert collected.returncode == 0, collected.stdout + collected.stderr
    released = _cli(course, "release")  # regenerates exercises/ and fills the gradebook
    assert released.returncode == 0, released.stdout + released.stderr
    run = _cli(course, "autograde", "--all", "--workers", "2", "--timeout", "600")
    export = _cli(course, "export", "--to", "grades.csv")
    with Gradebook(course.db_url, COURSE_ID) as gb:
        scores = {
            (a, s.student.id): (s.score, s.max_score)
            for a in ASSIGNMENTS
            for s in gb.assignment_submissions(a)
        }
    return {"course": course, "run": run, "export": export, "scores": scores}


def test_autograde_succeeds(graded: dict) -> None:
    run = graded["run"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_scores_full_marks(graded: dict, assignment: str) -> None:
    score, max_score = graded["scores"][(assignment, "solved")]
    assert max_score > 0 and score == max_score, graded["run"].stdout[-3000:]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_unmodified_student_version_scores_zero(graded: dict, assignment: str) -> None:
    score, _ = graded["scores"][(assignment, "blank")]
    assert score == 0.0
    course: Course = graded["course"]
    nb = nbformat.read(str(course.autograded / "blank" / assignment / f"{assignment}.ipynb"), 4)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert any("Not attempted yet" in o.evalue for o in errors), "the friendly stub message shows"


@pytest.mark.parametrize("assignment", sorted(PARTIAL))
def test_partial_answer_scores_partial_points(graded: dict, assignment: str) -> None:
    score, max_score = graded["scores"][(assignment, "partial")]
    assert score == PARTIAL[assignment][1] and score < max_score


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_run_at_grading_time(graded: dict, assignment: str) -> None:
    course: Course = graded["course"]
    released = (course.release / assignment / f"{assignment}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" not in released
    autograded = nbformat.read(
        str(course.autograded / "solved" / assignment / f"{assignment}.ipynb"), 4
    )
    hidden = [c for c in autograded.cells if "### BEGIN HIDDEN TESTS" in c.source]
    assert hidden, "nbgrader put the hidden tests back"
    assert all(c.execution_count for c in hidden), "and executed them"


def test_export_writes_one_row_per_submission(graded: dict) -> None:
    assert graded["export"].returncode == 0, graded["export"].stderr
    course: Course = graded["course"]
    with open(course.root / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(graded["scores"])
    solved = [r for r in rows if r["student_id"] == "solved"]
    assert all(float(r["percent"]) == 100.0 and r["outcome"] == "graded" for r in solved)


def test_grading_happened_in_the_scratch_copy_only(graded: dict) -> None:
    course: Course = graded["course"]
    assert course.root != REPO and (course.root / "gradebook.db").exists()
    assert not list((course.work / "workers").glob("*")), "worker copies are cleaned up"
