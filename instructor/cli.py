"""Command line of the instructor tools: ``python -m instructor <command> ...``.

Commands (run ``python -m instructor <command> --help`` for their options):

    release        generate exercises/ from solutions/ (and register assignments in the gradebook)
    check-release  fail when exercises/ is not what solutions/ generates
    collect        copy submissions from a folder or zip into submitted/<student>/<assignment>/
    autograde      grade collected submissions (``--workers N`` grades N students at once)
    feedback       write feedback/<student>/<assignment>/*.html
    export         write the gradebook to CSV
    gradebook      check the gradebook URL and create its tables on a fresh database

A gradebook URL in COURSE_DB_URL is checked (driver, server, database, password) before any
command uses it; a wrong one stops with one sentence that says what to do.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from course_lib.errors import CourseError, InstructorError
from instructor import collect as collect_mod
from instructor import grading, release, reports
from instructor.course import DB_URL_ENV, Course
from instructor.dburl import check_gradebook_url, safe_url

UNGRADABLE = {"not_gradable", "killed"}


def _assignments(course: Course, args: argparse.Namespace) -> list[str]:
    names = list(getattr(args, "assignment", []) or [])
    if not names and not getattr(args, "all", True):
        raise InstructorError("name at least one assignment, or pass --all")
    return course.resolve_assignments(names)


def cmd_release(course: Course, args: argparse.Namespace) -> int:
    names = course.resolve_assignments(args.assignment)
    if args.gradebook_only:
        course.work.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="release-", dir=course.work) as scratch:
            release.generate(course, names, release_dir=Path(scratch))
        print(f"registered in the gradebook: {', '.join(names)} (exercises/ untouched)")
    else:
        release.generate(course, names)
        print(f"generated exercises/ for: {', '.join(names)}")
    return 0


def cmd_check_release(course: Course, args: argparse.Namespace) -> int:
    problems = release.check_release(course)
    if problems:
        print("exercises/ is out of sync with solutions/ (run: python -m instructor release):")
        print("\n".join(f"  - {p}" for p in problems))
        return 1
    print(f"exercises/ is in sync with solutions/ ({len(course.assignments())} assignments)")
    return 0


def cmd_collect(course: Course, args: argparse.Namespace) -> int:
    results, rejected = collect_mod.collect(
        course,
        args.assignment,
        args.source,
        replace=args.replace,
        max_bytes=int(args.max_mb * 1024 * 1024),
    )
    for item in results:
        notes = f"  ({'; '.join(item.notes)})" if item.notes else ""
        print(f"{item.status:10} {item.student:24} {', '.join(item.files)}{notes}")
    for message in rejected:
        print(f"{'refused':10} {message}")
    bad = rejected or [r for r in results if r.status == "rejected"]
    return 1 if bad else 0


def cmd_autograde(course: Course, args: argparse.Namespace) -> int:
    options = grading.GradeOptions(
        workers=args.workers,
        timeout=args.timeout,
        student_time_limit=args.student_time_limit,
        force=args.force,
        keep_workdirs=args.keep_workdirs,
    )
    names = _assignments(course, args)
    for name in names:
        if course.students(name) and not grading.assignment_in_gradebook(course, name):
            course.work.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix="release-", dir=course.work) as scratch:
                release.generate(course, [name], release_dir=Path(scratch))
    names = [n for n in names if course.students(n)]
    if not names:
        print("no collected submissions to grade")
        return 0
    outcomes = grading.autograde(course, names, args.student, options)
    print(grading.format_outcomes(outcomes))
    print(f"reports: {course.work / 'reports'}")
    return 2 if any(o.status in UNGRADABLE for o in outcomes) else 0


def cmd_feedback(course: Course, args: argparse.Namespace) -> int:
    students = args.student or [None]
    for name in _assignments(course, args):
        if not course.autograded.is_dir():
            break
        for student in students:
            files = reports.feedback(course, name, student)
            print(f"{name}: {len(files)} feedback file(s)")
    return 0


def cmd_export(course: Course, args: argparse.Namespace) -> int:
    if args.to == "-":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=reports.EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(reports.grade_rows(course))
        return 0
    path = reports.export_grades(
        course, course.root / args.to if args.to else course.root / "grades.csv"
    )
    print(f"wrote {path}")
    return 0


def cmd_gradebook(course: Course, args: argparse.Namespace) -> int:
    """Open the gradebook and say what it holds.

    On a fresh database, opening it makes nbgrader create its tables and stamp them with its
    current schema revision (so ``nbgrader db upgrade`` has nothing to do).
    """
    from sqlalchemy import create_engine, inspect, text

    with grading._quiet_orm(), course.gradebook() as gb:
        assignments = sorted(a.name for a in gb.assignments)
        students = len(gb.students)
        submissions = sum(len(gb.assignment_submissions(a)) for a in assignments)
    engine = create_engine(course.db_url)
    try:
        with engine.connect() as connection:
            tables = len(inspect(connection).get_table_names())
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    names = f": {', '.join(assignments)}" if assignments else ""
    print(f"gradebook {safe_url(course.db_url)}: {tables} tables, schema revision {revision}")
    print(
        f"{len(assignments)} assignment(s) registered{names}; "
        f"{students} student(s), {submissions} submission(s)"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m instructor",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", help="course directory (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="generate exercises/ from solutions/")
    p.add_argument("assignment", nargs="*", help="assignment ids (default: all)")
    p.add_argument(
        "--gradebook-only",
        action="store_true",
        help="only register the assignments in the gradebook; leave exercises/ alone",
    )
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("check-release", help="fail when exercises/ is out of sync")
    p.set_defaults(func=cmd_check_release)

    p = sub.add_parser("collect", help="collect submissions from a folder or a zip")
    p.add_argument("assignment")
    p.add_argument("source", help="folder or .zip with <student>/... or <student>.ipynb entries")
    p.add_argument("--replace", action="store_true", help="replace submissions already collected")
    p.add_argument("--max-mb", type=float, default=50.0, help="largest file accepted (MiB)")
    p.set_defaults(func=cmd_collect)

    for name, func, helptext in (
        ("autograde", cmd_autograde, "grade collected submissions"),
        ("feedback", cmd_feedback, "generate feedback HTML"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("assignment", nargs="*", help="assignment ids")
        p.add_argument("--all", action="store_true", help="every assignment")
        p.add_argument("--student", action="append", help="only this student (repeatable)")
        if name == "autograde":
            p.add_argument("--workers", type=int, default=1, help="students graded at once")
            p.add_argument("--timeout", type=int, help="seconds per cell (default: config's 180)")
            p.add_argument(
                "--student-time-limit",
                type=float,
                help="seconds per student before it is killed (--workers > 1 only)",
            )
            p.add_argument("--force", action="store_true", help="regrade graded submissions")
            p.add_argument(
                "--keep-workdirs",
                action="store_true",
                help="keep the per-student scratch copies (debugging)",
            )
        p.set_defaults(func=func)

    p = sub.add_parser(
        "gradebook", help="check the gradebook URL; create the tables of a fresh database"
    )
    p.set_defaults(func=cmd_gradebook)

    p = sub.add_parser("export", help="write grades to CSV")
    p.add_argument(
        "--to", help="CSV path relative to the course root (default grades.csv; '-' prints)"
    )
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        course = Course.locate(args.root)
        if args.command != "check-release" and os.environ.get(DB_URL_ENV):
            check_gradebook_url(os.environ[DB_URL_ENV])  # before anything is graded into it
        return int(args.func(course, args))
    except (CourseError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
