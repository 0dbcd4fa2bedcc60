"""Feedback HTML and grade export.

``feedback`` wraps ``nbgrader generate_feedback``. ``export_grades`` reads the gradebook through
``nbgrader.api.Gradebook`` and writes one CSV row per (student, assignment), with the outcome of
the last grading run when a report exists.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from course_lib.errors import InstructorError
from instructor.course import Course, tail

EXPORT_COLUMNS = [
    "student_id",
    "assignment",
    "score",
    "max_score",
    "percent",
    "needs_manual_grade",
    "late_penalty",
    "timestamp",
    "outcome",
]


def feedback(course: Course, assignment: str, student: str | None = None) -> list[Path]:
    """Generate feedback/<student>/<assignment>/*.html; returns the HTML files written."""
    args = ["generate_feedback", assignment, "--force"]
    if student:
        args += ["--student", student]
    proc = course.run_nbgrader(args)
    if proc.returncode != 0:
        raise InstructorError(f"generate_feedback {assignment} failed:\n{tail(proc.stderr)}")
    pattern = f"{student or '*'}/{assignment}/*.html"
    return sorted(course.feedback.glob(pattern))


def _outcomes(course: Course, assignment: str) -> dict[str, str]:
    report = course.work / "reports" / f"{assignment}.json"
    if not report.exists():
        return {}
    return {row["student"]: row["status"] for row in json.loads(report.read_text())}


def grade_rows(course: Course) -> list[dict[str, object]]:
    """One dict per submission in the gradebook (missing scores count as 0)."""
    rows: list[dict[str, object]] = []
    with course.gradebook() as gb:
        for assignment in sorted(gb.assignments, key=lambda a: a.name):
            outcomes = _outcomes(course, assignment.name)
            for sub in sorted(
                gb.assignment_submissions(assignment.name), key=lambda s: s.student.id
            ):
                score, max_score = float(sub.score or 0.0), float(sub.max_score or 0.0)
                rows.append(
                    {
                        "student_id": sub.student.id,
                        "assignment": assignment.name,
                        "score": round(score, 3),
                        "max_score": max_score,
                        "percent": round(100 * score / max_score, 1) if max_score else 0.0,
                        "needs_manual_grade": bool(sub.needs_manual_grade),
                        "late_penalty": float(sub.late_submission_penalty or 0.0),
                        "timestamp": sub.timestamp.isoformat() if sub.timestamp else "",
                        "outcome": outcomes.get(sub.student.id, ""),
                    }
                )
    return rows


def export_grades(course: Course, path: str | Path) -> Path:
    """Write the gradebook to a CSV file (columns: :data:`EXPORT_COLUMNS`)."""
    target = Path(path)
    if not course.has_gradebook():
        raise InstructorError(f"no gradebook at {course.db_url}: release and grade first")
    rows = grade_rows(course)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return target
