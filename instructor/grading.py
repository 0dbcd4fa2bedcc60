"""Autograde submissions with nbgrader, one student at a time or N at once, and report outcomes.

Serial (``workers=1``): one ``nbgrader autograde <assignment>`` call per assignment in the course
folder (students not asked for are excluded from it), so that a database-server gradebook can be
shared by several such graders at once, each with its own ``--student`` list.

Parallel (``workers=N``): the SQLite gradebook accepts one writer at a time, so the N nbgrader
processes never touch it. Each student is graded in a private scratch copy of the course
(config, the assignment's source, a snapshot of the gradebook taken before grading starts, and
that student's submission). When a copy finishes, the parent process alone copies the
autograded notebook back and writes the scores into the main gradebook, one student after the
other. A student that runs past ``student_time_limit`` is killed (with its kernel) and recorded.

After either mode every submission gets an :class:`Outcome`: its score and what happened
(missing or unreadable notebook, cell timeout, edited or deleted test cells restored from the
gradebook, truncated output). Reports go to nbgrader_work/reports/<assignment>.csv and .json,
nbgrader's logs to nbgrader_work/logs/<assignment>/<student>.log. Both modes print one progress
line per finished student, with the time left (:mod:`instructor.progress`). A submission whose
grading was killed half-way (its autograded copy was never executed) is graded again.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import InvalidEntry, MissingEntry
from nbgrader.utils import compute_checksum
from sqlalchemy.exc import SAWarning

from course_lib.errors import InstructorError
from instructor.course import (
    AUTOGRADED_DIR,
    CONFIG_FILE,
    DB_URL_ENV,
    GRADEBOOK,
    SOURCE_DIR,
    SUBMITTED_DIR,
    Course,
)
from instructor.progress import Progress

RESTORED_MARK = "was missing from the submission. It was added back by nbgrader"
TRUNCATED_MARKS = ("Output truncated", "Traceback truncated")
GENERIC_FAILURE = "nbgrader could not process the notebook (see nbgrader_work/logs/)"


@dataclass
class GradeOptions:
    """Settings of one grading run."""

    workers: int = 1
    timeout: int | None = None  # seconds per cell (nbgrader's Execute.timeout); None: config's
    student_time_limit: float | None = None  # seconds per student, parallel mode only
    force: bool = False  # regrade students that already have an autograded copy
    keep_workdirs: bool = False

    def nbgrader_flags(self) -> list[str]:
        flags = ["--force"] if self.force else []
        if self.timeout is not None:
            flags.append(f"--Execute.timeout={int(self.timeout)}")
        return flags


@dataclass
class Outcome:
    """The recorded result of one student's submission of one assignment."""

    assignment: str
    student: str
    status: str  # graded | timeout | not_gradable | missing_notebook | killed | skipped
    score: float
    max_score: float
    details: list[str] = field(default_factory=list)
    seconds: float | None = None


_Job = tuple[str, str]  # (assignment, student)


@dataclass
class _WorkerResult:
    job: _Job
    workdir: Path
    returncode: int
    log: str
    seconds: float
    killed: bool


# --- gradebook helpers ------------------------------------------------------------------------


@contextmanager
def _quiet_orm() -> Iterator[None]:
    """nbgrader's add_submission triggers harmless SQLAlchemy autoflush warnings: hide them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


def assignment_in_gradebook(course: Course, assignment: str) -> bool:
    """Whether ``nbgrader generate_assignment`` has registered ``assignment`` and its notebooks."""
    if not course.has_gradebook():
        return False
    with course.gradebook() as gb:
        try:
            return bool(gb.find_assignment(assignment).notebooks)
        except MissingEntry:
            return False


def ensure_students(course: Course, students: Sequence[str]) -> None:
    """Create the students missing from the gradebook before any nbgrader process starts.

    nbgrader creates a student at the start of its grading; two graders starting on the same
    new student at once (one grading ex01, the other ex03) would both insert it and one would
    fail. Created here one by one, a student that another grader created in the meantime is
    simply found.
    """
    with _quiet_orm(), course.gradebook() as gb:
        for student in students:
            try:
                gb.update_or_create_student(student)
            except InvalidEntry:  # created by another grader since we looked
                gb.db.rollback()
                gb.find_student(student)


def snapshot_gradebook(src: Path, dst: Path) -> None:
    """Consistent copy of a SQLite gradebook (sqlite's online backup, safe while others read)."""
    with sqlite3.connect(src) as source, sqlite3.connect(dst) as target:
        source.backup(target)
    source.close()
    target.close()


def record_missing_submission(course: Course, assignment: str, student: str) -> None:
    """Score 0 for a submission folder without any notebook (nbgrader skips such folders).

    Mirrors what nbgrader does for a missing notebook: auto score 0, no manual grading needed.
    """
    with _quiet_orm(), course.gradebook() as gb:
        gb.update_or_create_student(student)
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            submission = gb.add_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()


def record_ungraded_submission(course: Course, assignment: str, student: str) -> None:
    """A submission whose grading was stopped: no automatic score, flagged for manual grading.

    This is the state nbgrader itself leaves for a notebook it cannot process.
    """
    with _quiet_orm(), course.gradebook() as gb:
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = None
                grade.needs_manual_grade = True
        gb.db.commit()


def merge_scores(course: Course, worker_db_url: str, assignment: str, student: str) -> bool:
    """Copy one student's autograde results from a worker gradebook into the course gradebook.

    Manual scores already in the course gradebook are kept; as in nbgrader, a grade that has
    one, or that has no automatic score, is flagged for manual review. Returns False when the
    worker never created the submission.
    """
    with _quiet_orm(), course.gradebook(worker_db_url) as worker, course.gradebook() as gb:
        try:
            done = worker.find_submission(assignment, student)
        except MissingEntry:
            return False
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student, timestamp=done.timestamp)
        for notebook in done.notebooks:
            target = gb.find_submission_notebook(notebook.name, assignment, student)
            target.late_submission_penalty = notebook.late_submission_penalty
            for grade in notebook.grades:
                mine = gb.find_grade(grade.name, notebook.name, assignment, student)
                mine.auto_score = grade.auto_score
                mine.needs_manual_grade = (
                    grade.needs_manual_grade
                    or mine.manual_score is not None
                    or grade.auto_score is None
                )
            for comment in notebook.comments:
                gb.find_comment(
                    comment.name, notebook.name, assignment, student
                ).auto_comment = comment.auto_comment
        gb.db.commit()
    return True


# --- grading ----------------------------------------------------------------------------------


def _kill_tree(proc: subprocess.Popen[str]) -> None:
    """Kill nbgrader and every process it started (its kernels run in their own sessions)."""
    import psutil

    try:
        parent = psutil.Process(proc.pid)
        children = parent.children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    for child in children:
        with suppress(psutil.NoSuchProcess):
            child.send_signal(signal.SIGKILL)
    proc.kill()


def _worker_env(course: Course, workers: int) -> dict[str, str]:
    """Environment of one parallel nbgrader process: share the CPU cores between workers."""
    env = course.env()
    env.pop(DB_URL_ENV, None)  # a worker writes its private gradebook copy, never the course's
    if "OMP_NUM_THREADS" not in env:
        env["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    return env


def _grade_in_copy(
    course: Course, job: _Job, template: Path, options: GradeOptions
) -> _WorkerResult:
    """Autograde one submission in a private copy of the course (runs in a worker thread)."""
    assignment, student = job
    workdir = Path(tempfile.mkdtemp(prefix=f"{assignment}-{student}-", dir=course.work / "workers"))
    shutil.copy2(course.root / CONFIG_FILE, workdir / CONFIG_FILE)
    shutil.copytree(course.source / assignment, workdir / SOURCE_DIR / assignment)
    shutil.copy2(template, workdir / GRADEBOOK)
    shutil.copytree(
        course.submitted / student / assignment,
        workdir / SUBMITTED_DIR / student / assignment,
        symlinks=True,
    )
    cmd = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--student", student]
    cmd += [*options.nbgrader_flags(), "--force"]
    start = time.monotonic()
    with open(workdir / "autograde.log", "w+") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=workdir,
            env=_worker_env(course, options.workers),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        killed = False
        try:
            proc.wait(timeout=options.student_time_limit)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            proc.wait()
            killed = True
        log.seek(0)
        text = log.read()
    return _WorkerResult(job, workdir, proc.returncode, text, time.monotonic() - start, killed)


def _adopt(course: Course, result: _WorkerResult) -> None:
    """Bring a finished worker's results into the course (called from the parent only)."""
    assignment, student = result.job
    produced = result.workdir / AUTOGRADED_DIR / student / assignment
    target = course.autograded / student / assignment
    if target.exists():
        shutil.rmtree(target)
    if produced.is_dir() and not result.killed:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(produced, target)
    worker_db = f"sqlite:///{result.workdir / GRADEBOOK}"
    if result.killed or not merge_scores(course, worker_db, assignment, student):
        record_ungraded_submission(course, assignment, student)


def _executed(path: Path) -> bool:
    """Whether an autograded notebook was executed (nbgrader writes an unexecuted copy first)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return False
    code = [c for c in cells if c.get("cell_type") == "code"]
    return not code or any(c.get("execution_count") is not None for c in code)


def _already_graded(course: Course, assignment: str, student: str) -> bool:
    """A complete autograded copy exists: every notebook in it was executed."""
    folder = course.autograded / student / assignment
    notebooks = list(folder.glob("*.ipynb")) if folder.is_dir() else []
    return bool(notebooks) and all(_executed(nb) for nb in notebooks)


def _interrupted(course: Course, assignment: str, student: str) -> bool:
    """An autograded folder left by a grading run that was killed before it finished."""
    folder = course.autograded / student / assignment
    return folder.is_dir() and not _already_graded(course, assignment, student)


#: nbgrader logs this line when it starts on a student's submission.
_STUDENT_START = re.compile(r"Creating/updating student with ID '([^']+)'")


def _stream_nbgrader(
    course: Course, assignment: str, args: list[str], on_student_done: Callable[[str], None]
) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader autograde`` and call ``on_student_done`` as each student is finished."""
    cmd = [sys.executable, "-m", "nbgrader", "autograde", assignment, *args]
    return follow_students(cmd, course.root, course.env(), on_student_done)


def follow_students(
    cmd: list[str], cwd: Path, env: dict[str, str], on_student_done: Callable[[str], None]
) -> subprocess.CompletedProcess[str]:
    """Run an nbgrader command, reading its log as it comes, and report finished students.

    nbgrader grades the students of one call one after the other and logs the start of each:
    the start of the next one (or the end of the process) means the previous one is done.
    Returns the completed process with the whole log as ``stdout``.
    """
    lines: list[str] = []
    current: str | None = None
    with subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            found = _STUDENT_START.search(line)
            if found:
                if current is not None:
                    on_student_done(current)
                current = found.group(1)
        returncode = proc.wait()
    if current is not None:
        on_student_done(current)
    return subprocess.CompletedProcess(cmd, returncode, "".join(lines), "")


class _StudentTimer:
    """Times the students of one serial nbgrader call and reports each one to ``progress``."""

    def __init__(self, assignment: str, students: set[str], progress: Progress) -> None:
        self.assignment = assignment
        self.students = students
        self.progress = progress
        self.took: dict[str, float] = {}
        self.last = time.monotonic()

    def done(self, student: str) -> None:
        now = time.monotonic()
        self.took[student] = now - self.last
        self.last = now
        if student in self.students:
            self.progress.step(f"{self.assignment}/{student}", self.took[student])


def _run_serial(
    course: Course, jobs: list[_Job], options: GradeOptions, progress: Progress | None = None
) -> dict[_Job, _WorkerResult]:
    """One nbgrader call per assignment; students not in ``jobs`` are excluded from it."""
    progress = progress or Progress(len(jobs))
    results: dict[_Job, _WorkerResult] = {}
    for assignment in sorted({a for a, _ in jobs}):
        students = [s for a, s in jobs if a == assignment]
        others = sorted(
            d.name
            for d in course.submitted.iterdir()
            if (d / assignment).is_dir() and d.name not in students
        )
        args = [*options.nbgrader_flags()]
        if others:
            args.append(f"--CourseDirectory.student_id_exclude={','.join(others)}")
        timer = _StudentTimer(assignment, set(students), progress)
        run = _stream_nbgrader(course, assignment, args, timer.done)
        for student in students:
            job = (assignment, student)
            results[job] = _WorkerResult(
                job, course.root, run.returncode, run.stdout, timer.took.get(student, 0.0), False
            )
    return results


def _run_parallel(
    course: Course, jobs: list[_Job], options: GradeOptions, progress: Progress | None = None
) -> dict[_Job, _WorkerResult]:
    """Grade jobs in private copies, ``options.workers`` at a time; merge results one by one."""
    progress = progress or Progress(len(jobs))
    if course.sqlite_path is None:
        raise InstructorError(
            "--workers > 1 grades in copies of a SQLite gradebook; with a database server "
            "(COURSE_DB_URL) run one plain `nbgrader autograde` per grader instead"
        )
    (course.work / "workers").mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=".db", prefix="gradebook-", dir=course.work / "workers")
    os.close(handle)
    template = Path(name)
    snapshot_gradebook(course.sqlite_path, template)
    results: dict[_Job, _WorkerResult] = {}
    try:
        with ThreadPoolExecutor(max_workers=options.workers) as pool:
            futures = [pool.submit(_grade_in_copy, course, job, template, options) for job in jobs]
            for future in as_completed(futures):  # this loop is the only gradebook writer
                result = future.result()
                _adopt(course, result)
                results[result.job] = result
                status = "killed" if result.killed else "graded"
                progress.step(f"{result.job[0]}/{result.job[1]} {status}", result.seconds)
                if not options.keep_workdirs:
                    shutil.rmtree(result.workdir, ignore_errors=True)
    finally:
        template.unlink(missing_ok=True)
    return results


def _save_logs(course: Course, results: dict[_Job, _WorkerResult]) -> None:
    """Keep nbgrader's logs: nbgrader_work/logs/<assignment>/<student>.log (one per job)."""
    for (assignment, student), result in results.items():
        folder = course.work / "logs" / assignment
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{student}.log").write_text(result.log)


def autograde(
    course: Course,
    assignments: Sequence[str],
    students: Sequence[str] | None = None,
    options: GradeOptions | None = None,
) -> list[Outcome]:
    """Autograde the collected submissions of ``assignments`` (all students, or ``students``).

    Students without a submission of an assignment are left out of that assignment.
    """
    options = options or GradeOptions()
    missing = [a for a in assignments if not assignment_in_gradebook(course, a)]
    if missing:
        raise InstructorError(
            f"{missing} not in the gradebook yet: run `python -m instructor release "
            f"--gradebook-only {' '.join(missing)}` first"
        )
    chosen: list[_Job] = []
    for assignment in assignments:
        present = course.students(assignment)
        chosen += [(assignment, s) for s in present if not students or s in students]
    todo = [j for j in chosen if options.force or not _already_graded(course, *j)]
    for job in todo:  # a run killed half-way left an unexecuted copy: grade it again
        if _interrupted(course, *job):
            shutil.rmtree(course.autograded / job[1] / job[0])
    empty = [j for j in todo if not any((course.submitted / j[1] / j[0]).glob("*.ipynb"))]
    to_run = [j for j in todo if j not in empty]
    ensure_students(course, sorted({student for _, student in todo}))
    progress = Progress(len(to_run))
    if not to_run:
        results: dict[_Job, _WorkerResult] = {}
    elif options.workers <= 1:
        results = _run_serial(course, to_run, options, progress)
    else:
        results = _run_parallel(course, to_run, options, progress)
    for assignment, student in empty:
        record_missing_submission(course, assignment, student)
    _save_logs(course, results)
    outcomes = []
    for job in chosen:
        if job not in todo:
            outcomes.append(
                Outcome(*job, "skipped", *_scores(course, *job), ["already autograded"])
            )
            continue
        result = results.get(job)
        outcomes.append(
            inspect_submission(
                course,
                *job,
                log=result.log if result else "",
                killed=bool(result and result.killed),
                seconds=result.seconds if result else None,
            )
        )

    def recover(skipped: Outcome) -> Outcome:
        return inspect_submission(course, skipped.assignment, skipped.student)

    for assignment in assignments:
        mine = [o for o in outcomes if o.assignment == assignment]
        write_report(course, assignment, mine, recover)
    return sorted(outcomes, key=lambda o: (o.assignment, o.student))


# --- outcomes ---------------------------------------------------------------------------------


def _scores(course: Course, assignment: str, student: str) -> tuple[float, float]:
    with course.gradebook() as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return 0.0, float(gb.find_assignment(assignment).max_score)
        return float(submission.score or 0.0), float(submission.max_score)


def _diagnose_unreadable(path: Path) -> str:
    """Why nbgrader could not grade a submitted notebook file."""
    if path.stat().st_size == 0:
        return "the notebook file is empty"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return "the notebook file is not UTF-8 text"
    except json.JSONDecodeError as err:
        return f"the notebook file is not valid JSON ({err.msg} at line {err.lineno})"
    try:
        nbformat.validate(nbformat.from_dict(raw))
    except Exception as err:  # nbformat raises several validation error types
        return f"the file is not a valid notebook ({str(err).splitlines()[0][:120]})"
    return GENERIC_FAILURE


def _failure_from_log(log: str, student: str, assignment: str) -> str | None:
    """The reason nbgrader gave for failing this student's submission, read from its log."""
    where = f"{SUBMITTED_DIR}/{student}/{assignment}"
    lines = log.splitlines()
    for index, line in enumerate(lines):
        if where not in line:
            continue
        if "kernel became unresponsive" in line:
            return "the kernel stopped responding to interrupts (runaway memory or native code?)"
        if "There was an error processing assignment:" in line:
            block = []
            for follow in lines[index + 1 :]:
                if follow.startswith("[AutogradeApp") and block:
                    break
                block.append(follow.strip())
            text = " ".join(block)
            if "DeadKernelError" in text:
                return "the kernel died while running it (a crash, os._exit() or out of memory)"
            last = [b for b in block if b]
            return f"nbgrader failed: {last[-1][:200]}" if last else None
    return None


def _released_locked_cells(course: Course, assignment: str, notebook: str) -> dict[str, str]:
    """Checksums of the locked cells as students received them (hidden tests already removed)."""
    path = course.release / assignment / f"{notebook}.ipynb"
    if not path.exists():
        return {}
    cells = nbformat.read(str(path), as_version=4).cells
    return {
        cell.metadata.nbgrader["grade_id"]: compute_checksum(cell)
        for cell in cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("locked")
    }


def _tampered_cells(submitted: Path, locked: dict[str, str]) -> tuple[list[str], list[str]]:
    """(locked cells the student edited, locked cells the student deleted)."""
    nb = nbformat.read(str(submitted), as_version=4)
    seen, edited = set(), []
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in locked and grade_id not in seen:
            seen.add(grade_id)
            if compute_checksum(cell) != locked[grade_id]:
                edited.append(grade_id)
    return edited, sorted(set(locked) - seen)


def _notebook_findings(autograded: Path) -> dict[str, list[str]]:
    nb = nbformat.read(str(autograded), as_version=4)
    found: dict[str, list[str]] = {"timeout": [], "failed": [], "restored": [], "truncated": []}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        name = meta.get("grade_id", cell.get("id", "?"))
        if RESTORED_MARK in cell.get("source", ""):
            found["restored"].append(name)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                if output.get("ename") == "CellTimeoutError":
                    found["timeout"].append(name)
                elif meta.get("grade"):
                    found["failed"].append(name)
            text = output.get("text", "") or "".join(output.get("traceback", []))
            if any(mark in text for mark in TRUNCATED_MARKS):
                found["truncated"].append(name)
    return found


def inspect_submission(
    course: Course,
    assignment: str,
    student: str,
    log: str = "",
    killed: bool = False,
    seconds: float | None = None,
) -> Outcome:
    """Work out what happened to one graded submission (reads files; writes nothing)."""
    score, max_score = _scores(course, assignment, student)
    outcome = Outcome(assignment, student, "graded", score, max_score, seconds=seconds)
    if killed:
        outcome.status = "killed"
        outcome.details.append("grading ran past the per-student time limit and was stopped")
        return outcome
    with course.gradebook() as gb:
        notebooks = [nb.name for nb in gb.find_assignment(assignment).notebooks]
    statuses = []
    for name in notebooks:
        submitted = course.submitted / student / assignment / f"{name}.ipynb"
        graded = course.autograded / student / assignment / f"{name}.ipynb"
        if not submitted.exists():
            statuses.append("missing_notebook")
            outcome.details.append(f"{name}.ipynb was not submitted: scored 0")
            continue
        if not graded.exists():
            statuses.append("not_gradable")
            reason = _diagnose_unreadable(submitted)
            if reason == GENERIC_FAILURE:
                reason = _failure_from_log(log, student, assignment) or reason
            outcome.details.append(
                f"{name}.ipynb could not be graded: {reason}; "
                "scored 0 and flagged for manual grading"
            )
            continue
        findings = _notebook_findings(graded)
        locked = _released_locked_cells(course, assignment, name)
        edited, deleted = _tampered_cells(submitted, locked)
        if findings["timeout"]:
            statuses.append("timeout")
            outcome.details.append(f"cell(s) {findings['timeout']} ran past the time limit")
        if edited:
            outcome.details.append(f"locked cell(s) {edited} were edited: restored from gradebook")
        if deleted:
            outcome.details.append(
                f"locked cell(s) {deleted} were deleted: restored from gradebook"
            )
        if findings["failed"]:
            outcome.details.append(f"failed test cell(s): {findings['failed']}")
        if findings["truncated"]:
            outcome.details.append(f"output truncated in cell(s) {findings['truncated']}")
    for status in ("not_gradable", "missing_notebook", "timeout"):
        if status in statuses:
            outcome.status = status
            break
    return outcome


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, newline="")
    os.replace(tmp, path)


def write_report(
    course: Course,
    assignment: str,
    outcomes: Sequence[Outcome],
    recover: Callable[[Outcome], Outcome] | None = None,
) -> Path:
    """Update nbgrader_work/reports/<assignment>.csv and .json; returns the CSV path.

    The report keeps one row per student: the outcome of the last run that graded it. Students
    this run did not grade keep their row (graders working on other students of the same class
    share the report), and a "skipped" outcome never replaces a real one. A lock file makes
    concurrent graders on one machine update it one at a time. A skipped student without a row
    (graded by a run that was killed before it wrote the report) gets ``recover(outcome)``.
    """
    folder = course.work / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{assignment}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        previous = folder / f"{assignment}.json"
        rows_by_student: dict[str, dict] = {}
        if previous.exists():
            with suppress(ValueError):
                rows_by_student = {r["student"]: r for r in json.loads(previous.read_text())}
        for outcome in outcomes:
            if outcome.status != "skipped":
                rows_by_student[outcome.student] = asdict(outcome)
            elif outcome.student not in rows_by_student:
                rows_by_student[outcome.student] = asdict(recover(outcome) if recover else outcome)
        rows = [rows_by_student[s] for s in sorted(rows_by_student)]
        _write_atomically(previous, json.dumps(rows, indent=2) + "\n")
        path = folder / f"{assignment}.csv"
        _write_atomically(path, _report_csv(rows))
    return path


def _report_csv(rows: list[dict]) -> str:
    """The report rows as CSV text."""
    with io.StringIO(newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["assignment", "student", "status", "score", "max_score", "details"])
        for row in rows:
            writer.writerow(
                [
                    row["assignment"],
                    row["student"],
                    row["status"],
                    row["score"],
                    row["max_score"],
                    " | ".join(row["details"]),
                ]
            )
        return handle.getvalue()


def format_outcomes(outcomes: Sequence[Outcome]) -> str:
    """A plain-text table of outcomes for the terminal."""
    lines = []
    for o in outcomes:
        lines.append(
            f"{o.assignment:28} {o.student:20} {o.status:16} {o.score:5.1f}/{o.max_score:<5.1f}"
        )
        lines += [f"{'':50}- {d}" for d in o.details]
    return "\n".join(lines)
