"""Parallel grading (``--workers 2``) must give the scores of serial grading, gradebook intact.

Three students (full marks, not attempted, partial) are graded with two workers in one scratch
course and serially in another; every grade must match. A fourth student loops forever with the
cell timeout out of reach: the per-student time limit kills its worker and kernel, and records it
(graded in a second call, alone, so that a short limit cannot hit an honest student on a busy
machine).
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from nbgrader.api import Gradebook

from instructor import synthetic
from instructor.course import COURSE_ID, Course, copy_course
from instructor.course import run_cli as _cli

REPO = Path(__file__).resolve().parents[1]
A = "ex04_multilabel_thresholds"
NB = f"{A}.ipynb"
STUDENTS = {"full": 10.0, "blank": 0.0, "partial": 2.0}


def _grades(course: Course) -> dict[tuple[str, str], tuple[float | None, bool]]:
    with Gradebook(course.db_url, COURSE_ID) as gb:
        return {
            (sub.student.id, grade.name): (grade.auto_score, grade.needs_manual_grade)
            for sub in gb.assignment_submissions(A)
            for nb in sub.notebooks
            for grade in nb.grades
        }


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _make_course(base: Path, name: str, with_runaway: bool) -> Course:
    course = copy_course(Course(REPO), base / name)
    builds = {
        "full": synthetic.solved(course, A),
        "blank": synthetic.blank(course, A),
        "partial": synthetic.partial(course, A, ["q2_solution"]),
    }
    if with_runaway:
        runaway = synthetic.solved(course, A)
        synthetic.set_source(runaway, "q2_solution", "while True:\n    pass\n")
        builds["runaway"] = runaway
    for student, nb in builds.items():
        folder = course.submitted / student / A
        folder.mkdir(parents=True)
        synthetic.write(nb, str(folder / NB))
    registered = _cli(course, "release", "--gradebook-only", A)
    assert registered.returncode == 0, registered.stderr
    return course


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("parallel")
    parallel = _make_course(base, "parallel", with_runaway=True)
    serial = _make_course(base, "serial", with_runaway=False)
    before = _hashes(parallel.submitted)
    students = [arg for name in STUDENTS for arg in ("--student", name)]
    run = _cli(parallel, "autograde", A, "--workers", "2", *students)
    # The runaway alone, so that the short time limit cannot hit a slow but honest student.
    started = time.monotonic()
    kill_run = _cli(
        parallel,
        "autograde",
        A,
        "--student",
        "runaway",
        "--workers",
        "2",
        "--timeout",
        "600",
        "--student-time-limit",
        "15",
    )
    seconds = time.monotonic() - started
    serial_run = _cli(serial, "autograde", A)
    leftovers = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if str(parallel.root) in proc.cwd():
                leftovers.append(proc.pid)
        except (psutil.Error, OSError):
            continue
    return {
        "parallel": parallel,
        "serial": serial,
        "run": run,
        "kill_run": kill_run,
        "serial_run": serial_run,
        "seconds": seconds,
        "before": before,
        "leftovers": leftovers,
    }


def test_parallel_scores_are_the_expected_ones(runs: dict) -> None:
    assert runs["run"].returncode == 0, runs["run"].stdout + runs["run"].stderr
    assert runs["kill_run"].returncode == 2, "a killed student makes the command exit with 2"
    with Gradebook(runs["parallel"].db_url, COURSE_ID) as gb:
        scores = {s.student.id: s.score for s in gb.assignment_submissions(A)}
    assert scores == {**STUDENTS, "runaway": 0.0}


def test_parallel_equals_serial_grade_by_grade(runs: dict) -> None:
    assert runs["serial_run"].returncode == 0, runs["serial_run"].stderr
    parallel = {k: v for k, v in _grades(runs["parallel"]).items() if k[0] != "runaway"}
    assert parallel == _grades(runs["serial"])
    assert len(parallel) == 3 * 6


def test_runaway_student_is_killed_and_recorded(runs: dict) -> None:
    report = (runs["parallel"].work / "reports" / f"{A}.csv").read_text()
    assert "runaway,killed,0.0,10.0" in report.replace(f"{A},", "")
    grades = {k: v for k, v in _grades(runs["parallel"]).items() if k[0] == "runaway"}
    assert grades and all(v == (None, True) for v in grades.values()), "flagged for manual grading"
    assert not runs["leftovers"], "no kernel or nbgrader process survives the kill"
    assert runs["seconds"] < 15 + 45, "the time limit bounded the run"


def test_gradebook_is_intact_and_files_untouched(runs: dict) -> None:
    course: Course = runs["parallel"]
    with sqlite3.connect(course.gradebook_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _hashes(course.submitted) == runs["before"]
    assert not list((course.work / "workers").iterdir()), "worker copies are removed"


def test_a_database_server_gradebook_is_configured_once(
    temp_course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COURSE_DB_URL switches nbgrader and the tools together; --workers needs SQLite."""
    from instructor import grading

    course = temp_course
    url = "postgresql+psycopg://grader@db-host/encoder_course"
    probe = (
        "from traitlets.config.loader import PyFileConfigLoader as L; "
        f"print(L('nbgrader_config.py', path={str(course.root)!r}).load_config()"
        ".CourseDirectory.db_url)"
    )
    monkeypatch.setenv("COURSE_DB_URL", url)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.strip() == url == course.db_url
    assert course.sqlite_path is None
    with pytest.raises(grading.InstructorError, match="SQLite gradebook"):
        grading._run_parallel(course, [(A, "someone")], grading.GradeOptions(workers=2))
    monkeypatch.delenv("COURSE_DB_URL")
    assert course.db_url == f"sqlite:///{course.root / 'gradebook.db'}"
