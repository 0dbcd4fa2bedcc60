"""Hostile and broken submissions, graded together in ONE real ``nbgrader autograde`` call.

Every student submits ex04 (numpy + scikit-learn only, so each kernel starts fast). The cell
timeout is lowered to 10 s on the command line for the infinite loop. Each submission must get
a clear recorded outcome, the good student's grade must not move, and no submitted file may be
modified or lost.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from instructor import synthetic
from instructor.course import COURSE_ID, Course, copy_course
from instructor.course import run_cli as _cli

REPO = Path(__file__).resolve().parents[1]
A = "ex04_multilabel_thresholds"
NB = f"{A}.ipynb"
TIMEOUT = 10


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _build_submissions(course: Course, folder: Path) -> None:
    """One folder per student, as downloaded from a learning platform."""
    solution = synthetic.solution_cells(course, A)

    def save(student: str, nb: nbformat.NotebookNode) -> None:
        (folder / student).mkdir(parents=True)
        synthetic.write(nb, str(folder / student / NB))

    save("good", synthetic.solved(course, A))
    looper = synthetic.solved(course, A)
    synthetic.set_source(looper, "q3_solution", "while True:\n    pass\n" + solution["q3_solution"])
    save("looper", looper)
    crasher = synthetic.solved(course, A)
    synthetic.set_source(
        crasher, "q1_solution", "def tune_thresholds(probs, labels, grid=GRID):\n    return 1 / 0\n"
    )
    save("crasher", crasher)
    tamper = synthetic.blank(course, A)  # nothing solved, but the tests are "fixed" to pass
    q1_check = next(c for c in tamper.cells if c.metadata.nbgrader["grade_id"] == "q1_check")
    synthetic.set_source(tamper, "q1_check", q1_check.source.replace("assert ", "pass  # assert "))
    synthetic.set_source(tamper, "q2_check", 'print("Correct!")')
    synthetic.set_source(tamper, "q3_hidden", "assert True")
    save("tamper", tamper)
    save(
        "deleter",
        synthetic.delete_cells(synthetic.solved(course, A), ["q1_check", "q1_hidden", "q3_hidden"]),
    )
    huge = synthetic.solved(course, A)
    huge.cells.insert(
        2,
        nbformat.v4.new_code_cell(
            "for i in range(20000):\n    print('line', i)\nprint('x' * 3_000_000)"
        ),
    )
    huge.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * 5_000_000)]
    save("huge", huge)
    dier = synthetic.solved(course, A)  # the kernel process dies (as when memory runs out)
    synthetic.set_source(dier, "q2_solution", "import os\nos._exit(1)\n")
    save("dier", dier)
    for student, content in {
        "empty": b"",
        "corrupt": (course.release / A / NB).read_bytes()[:5000],
        "notanotebook": b'{"hello": "world"}',
    }.items():
        (folder / student).mkdir()
        (folder / student / NB).write_bytes(content)
    (folder / "missing").mkdir()
    (folder / "missing" / "notes.txt").write_text("I forgot to attach the notebook")


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("hostile")
    course = copy_course(Course(REPO), base / "course")
    downloads = base / "downloads"
    _build_submissions(course, downloads)
    downloads_before = _hashes(downloads)
    collected = _cli(course, "collect", A, str(downloads))
    assert collected.returncode == 0, collected.stdout + collected.stderr
    # "missing" holds no notebook: collect skips its notes, so give it an empty folder as a
    # learning platform would (a student who submitted nothing but a text file)
    (course.submitted / "missing" / A).mkdir(parents=True)
    (course.submitted / "missing" / A / "notes.txt").write_text("I forgot to attach the notebook")
    registered = _cli(course, "release", "--gradebook-only", A)
    assert registered.returncode == 0, registered.stdout + registered.stderr
    submitted_before = _hashes(course.submitted)
    run = _cli(course, "autograde", A, "--timeout", str(TIMEOUT))
    feedback = _cli(course, "feedback", A)
    report = json.loads((course.work / "reports" / f"{A}.json").read_text())
    with Gradebook(course.db_url, COURSE_ID) as gb:
        scores = {s.student.id: s.score for s in gb.assignment_submissions(A)}
        manual = {s.student.id: s.needs_manual_grade for s in gb.assignment_submissions(A)}
    return {
        "course": course,
        "run": run,
        "feedback": feedback,
        "outcomes": {row["student"]: row for row in report},
        "scores": scores,
        "manual": manual,
        "submitted_before": submitted_before,
        "downloads": (downloads, downloads_before),
    }


def test_one_nbgrader_call_grades_everyone(graded: dict) -> None:
    run = graded["run"]
    assert run.returncode == 2, "unreadable submissions make the command exit with 2"
    assert set(graded["outcomes"]) == {
        "good",
        "looper",
        "crasher",
        "tamper",
        "deleter",
        "huge",
        "empty",
        "corrupt",
        "notanotebook",
        "missing",
        "dier",
    }


def test_the_good_student_is_not_affected(graded: dict) -> None:
    assert graded["scores"]["good"] == 10.0
    assert graded["outcomes"]["good"]["status"] == "graded"
    assert graded["outcomes"]["good"]["details"] == []


def test_infinite_loop_times_out_and_later_cells_still_run(graded: dict) -> None:
    outcome = graded["outcomes"]["looper"]
    assert outcome["status"] == "timeout"
    assert "['q3_solution'] ran past the time limit" in " ".join(outcome["details"])
    assert graded["scores"]["looper"] == 6.0  # q1 (4) and q2 (2) pass, q3 needs the loop cell


def test_an_exception_costs_only_the_dependent_tests(graded: dict) -> None:
    assert graded["scores"]["crasher"] == 2.0  # q1 and q3 use tune_thresholds; q2 does not
    assert graded["outcomes"]["crasher"]["status"] == "graded"
    assert "q1_check" in " ".join(graded["outcomes"]["crasher"]["details"])


def test_edited_tests_are_restored_from_the_gradebook(graded: dict) -> None:
    assert graded["scores"]["tamper"] == 0.0
    details = " ".join(graded["outcomes"]["tamper"]["details"])
    assert "['q1_check', 'q2_check', 'q3_hidden'] were edited" in details
    course: Course = graded["course"]
    autograded = nbformat.read(str(course.autograded / "tamper" / A / NB), as_version=4)
    source = nbformat.read(str(course.source / A / NB), as_version=4)
    by_id = {c.metadata.nbgrader["grade_id"]: c.source for c in source.cells}
    for cell in autograded.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in (
            "q1_check",
            "q2_check",
            "q3_hidden",
        ):
            assert cell.source == by_id[cell.metadata.nbgrader["grade_id"]], "restored test"
            assert any(o.output_type == "error" for o in cell.outputs), "and it ran, and failed"


def test_deleted_tests_are_put_back_and_count(graded: dict) -> None:
    assert graded["scores"]["deleter"] == 10.0
    details = " ".join(graded["outcomes"]["deleter"]["details"])
    assert "['q1_check', 'q1_hidden', 'q3_hidden'] were deleted" in details
    course: Course = graded["course"]
    autograded = nbformat.read(str(course.autograded / "deleter" / A / NB), as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in autograded.cells]
    assert {"q1_check", "q1_hidden", "q3_hidden"} <= set(ids)
    hidden = next(
        c for c in autograded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q3_hidden"
    )
    assert "BEGIN HIDDEN TESTS" in hidden.source, "the restored cell carries the hidden tests"


def test_huge_output_is_truncated_but_graded(graded: dict) -> None:
    assert graded["scores"]["huge"] == 10.0
    assert graded["outcomes"]["huge"]["status"] == "graded"
    course: Course = graded["course"]
    autograded = course.autograded / "huge" / A / NB
    assert autograded.stat().st_size < 1_000_000, "outputs are capped in the autograded copy"
    assert "Output truncated" in autograded.read_text()
    html = course.feedback / "huge" / A / f"{A}.html"
    assert html.exists() and html.stat().st_size < 3_000_000


@pytest.mark.parametrize(
    ("student", "reason"),
    [
        ("empty", "the notebook file is empty"),
        ("corrupt", "not valid JSON"),
        ("notanotebook", "not a valid notebook"),
        ("dier", "the kernel died while running it"),
    ],
)
def test_unreadable_notebooks_score_zero_and_are_flagged(
    graded: dict, student: str, reason: str
) -> None:
    outcome = graded["outcomes"][student]
    assert outcome["status"] == "not_gradable"
    assert reason in " ".join(outcome["details"])
    assert graded["scores"][student] == 0.0
    assert graded["manual"][student] is True, "flagged for a human to look at"


def test_a_missing_notebook_scores_zero(graded: dict) -> None:
    outcome = graded["outcomes"]["missing"]
    assert outcome["status"] == "missing_notebook"
    assert graded["scores"]["missing"] == 0.0
    assert graded["manual"]["missing"] is False


def test_no_submission_file_is_modified_or_lost(graded: dict) -> None:
    course: Course = graded["course"]
    assert _hashes(course.submitted) == graded["submitted_before"]
    downloads, before = graded["downloads"]
    assert _hashes(downloads) == before


def test_feedback_is_written_for_every_graded_student(graded: dict) -> None:
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr
    course: Course = graded["course"]
    with_feedback = {p.parts[-3] for p in course.feedback.glob(f"*/{A}/{A}.html")}
    assert with_feedback == {"good", "looper", "crasher", "tamper", "deleter", "huge"}  # not "dier"
    html = (course.feedback / "good" / A / f"{A}.html").read_text()
    assert "Score: 10.0 / 10.0" in html or "10.0 / 10.0" in html
