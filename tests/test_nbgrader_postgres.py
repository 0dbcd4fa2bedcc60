"""A PostgreSQL gradebook for real: a fresh database, concurrent graders, a killed grader, export.

The server is the throwaway one that ``.ci/run`` starts (``COURSE_TEST_POSTGRES_URL``, a
superuser URL over a unix socket), or one this module starts itself from the OS packages
(``scripts/pg_throwaway.py``). Without PostgreSQL binaries the module skips, except under
``CI=true``, where it fails.

One module-scoped run, in scratch copies of the course, with two of the cheapest assignments to
grade (ex01: a tokenizer, ex03: numpy + torch):

1. the instructor guide's setup of a fresh database: ``python -m instructor gradebook`` (checks
   the URL, creates the tables), then ``release --gradebook-only``;
2. three ``python -m instructor autograde ... --student ...`` processes at once into that
   gradebook, for six students who submitted solved, blank or partial notebooks: one grades
   ex01 for all of them, the other two ex03 for three each (so two graders start on the same new
   students at the same moment). The third is killed (with nbgrader and its kernel) as soon as it reports its first student done,
   then run again with the same command line;
3. at the same time, the serial SQLite reference: each distinct notebook (solved, blank,
   partial, for both assignments) graded by ``autograde`` into the default gradebook of another
   copy. Grading is deterministic, so every PostgreSQL grade must equal the SQLite grade of the
   same notebook.

Then: every grade equal to the reference, every submission recorded exactly once, the kill
leaving no duplicate or half-written row and the rerun finishing the job, and ``export``'s CSV
row for row what SQLite exports for the same notebooks. Bad ``COURSE_DB_URL`` values (unknown
driver, unreachable server, missing database, wrong password) must stop with one sentence,
password hidden, before grading starts.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from nbgrader.api import Gradebook
from sqlalchemy.engine import make_url

from instructor import cli, reports, synthetic
from instructor.course import COURSE_ID, Course, copy_course
from instructor.dburl import GradebookURLError, check_gradebook_url, safe_url

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ("ex01_tokenization", "ex03_class_weights_focal")
#: solution cells a "partial" student filled in, and the points that earns
PARTIAL = {"ex01_tokenization": (["q1_solution", "q4_solution"], 4.0)}
PARTIAL["ex03_class_weights_focal"] = (["q1_solution"], 5.0)
KINDS = ("solved", "blank", "partial")
STUDENTS = [f"s{i:02d}" for i in range(1, 7)]  # each kind twice; more only costs time
#: three graders at once, as (assignments, students); the last is killed mid-run, then rerun
GRADERS = [
    (ASSIGNMENTS[:1], STUDENTS),
    (ASSIGNMENTS[1:], STUDENTS[:3]),
    (ASSIGNMENTS[1:], STUDENTS[3:]),
]
VICTIM_JOBS = len(GRADERS[-1][0]) * len(GRADERS[-1][1])
#: Seconds a grading process may take on a busy 2-core machine before the test gives up.
LIMIT = 600


def _load_pg_throwaway():  # noqa: ANN202 - a module object
    spec = importlib.util.spec_from_file_location(
        "pg_throwaway", REPO / "scripts" / "pg_throwaway.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pg_throwaway = _load_pg_throwaway()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A superuser SQLAlchemy URL of a running throwaway PostgreSQL server."""
    url = os.environ.get("COURSE_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    if pg_throwaway.find_bin() is None:
        reason = "no PostgreSQL server binaries (apt-get install postgresql; .ci/run does it)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test the PostgreSQL gradebook: {reason}")
        pytest.skip(reason)
    folder, url = pg_throwaway.start()
    try:
        yield url
    finally:
        pg_throwaway.stop(folder)


def _admin(server_url: str):  # noqa: ANN202 - a psycopg connection
    import psycopg

    libpq = make_url(server_url).set(drivername="postgresql")
    return psycopg.connect(libpq.render_as_string(hide_password=False), autocommit=True)


def _new_database(server_url: str) -> str:
    """CREATE DATABASE with a fresh name; returns its SQLAlchemy URL."""
    name = f"course_{uuid.uuid4().hex[:10]}"
    with _admin(server_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _kind(student: str) -> str:
    """solved, blank or partial: the students cycle through the three."""
    return KINDS[(int(student[1:]) - 1) % len(KINDS)]


def _course_with_submissions(base: Path, name: str, students: dict[str, str]) -> Course:
    """A scratch course with ``students`` (id -> kind) submitted for both assignments."""
    course = copy_course(Course(REPO), base / name)
    for assignment in ASSIGNMENTS:
        builds = {
            "solved": synthetic.solved(course, assignment),
            "blank": synthetic.blank(course, assignment),
            "partial": synthetic.partial(course, assignment, PARTIAL[assignment][0]),
        }
        for student, kind in students.items():
            folder = course.submitted / student / assignment
            folder.mkdir(parents=True)
            synthetic.write(builds[kind], str(folder / f"{assignment}.ipynb"))
    return course


def _cli_cmd(course: Course, *args: str) -> list[str]:
    return [sys.executable, "-m", "instructor", "--root", str(course.root), *args]


def _grader_args(assignments: tuple[str, ...], students: list[str]) -> list[str]:
    return ["autograde", *assignments, *(arg for s in students for arg in ("--student", s))]


def _env(db_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COURSE_DB_URL", None)
    if db_url:
        env["COURSE_DB_URL"] = db_url
    return env


def _run(course: Course, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _cli_cmd(course, *args), cwd=REPO, env=env, capture_output=True, text=True, timeout=LIMIT
    )


def _kill_tree(proc: subprocess.Popen[str]) -> None:
    """SIGKILL a grader with everything it started (nbgrader, the kernel in its own session)."""
    family = [psutil.Process(proc.pid)]
    family += family[0].children(recursive=True)
    for member in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.kill()
    proc.wait(timeout=30)


def _wait_for(path: Path, text: str, proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in path.read_text():
            return
        if proc.poll() is not None:
            raise AssertionError(f"grader ended before {text!r}:\n{path.read_text()[-3000:]}")
        time.sleep(0.2)
    raise AssertionError(f"no {text!r} within {timeout}s:\n{path.read_text()[-3000:]}")


def _rows(server_url: str, db_url: str, sql: str) -> list[tuple]:
    with _admin(make_url(server_url).set(database=make_url(db_url).database)) as conn:
        return list(conn.execute(sql).fetchall())


def _grades(db_url: str) -> dict[tuple[str, str, str], tuple[float | None, bool]]:
    with Gradebook(db_url, COURSE_ID) as gb:
        return {
            (a, sub.student.id, grade.name): (grade.auto_score, grade.needs_manual_grade)
            for a in ASSIGNMENTS
            for sub in gb.assignment_submissions(a)
            for nb in sub.notebooks
            for grade in nb.grades
        }


def _main(env: dict[str, str], *argv: str) -> tuple[int, str, str]:
    """``python -m instructor ARGV`` in this process (no interpreter start-up): code, out, err."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("COURSE_DB_URL", raising=False)
        if env.get("COURSE_DB_URL"):
            patch.setenv("COURSE_DB_URL", env["COURSE_DB_URL"])
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _export(course: Course, db_url: str | None) -> list[dict[str, str]]:
    """What ``python -m instructor export`` writes (same function, in this process)."""
    with pytest.MonkeyPatch.context() as patch:
        if db_url:
            patch.setenv("COURSE_DB_URL", db_url)
        else:
            patch.delenv("COURSE_DB_URL", raising=False)
        path = reports.export_grades(course, course.root / "grades.csv")
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def graded(server: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("postgres")
    pg = _course_with_submissions(base, "pg", {s: _kind(s) for s in STUDENTS})
    # The serial SQLite reference grades each distinct notebook once: one student per kind.
    ref = _course_with_submissions(base, "sqlite", {kind: kind for kind in KINDS})
    db_url = _new_database(server)
    pg_env, ref_env = _env(db_url), _env(None)

    setup = _main(pg_env, "--root", str(pg.root), "gradebook")  # the guide's fresh-database setup
    release = _run(pg, pg_env, "release", "--gradebook-only", *ASSIGNMENTS)
    assert release.returncode == 0, release.stdout + release.stderr

    started = time.monotonic()
    logs = [base / f"grader{i}.log" for i in range(len(GRADERS))] + [base / "reference.log"]
    commands = [_cli_cmd(pg, *_grader_args(*grader)) for grader in GRADERS]
    commands.append(_cli_cmd(ref, "autograde", *ASSIGNMENTS))  # registers them in SQLite too
    procs = []
    for command, log, env in zip(commands, logs, [pg_env] * 3 + [ref_env], strict=True):
        with open(log, "w") as out:
            procs.append(
                subprocess.Popen(
                    command,
                    cwd=REPO,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    text=True,
                    start_new_session=True,
                )
            )
    *graders, reference = procs
    victim = graders[-1]
    _wait_for(logs[2], f"[1/{VICTIM_JOBS}]", victim, LIMIT)
    _kill_tree(victim)
    killed_log = logs[2].read_text()
    after_kill = {
        "duplicates": _rows(
            server,
            db_url,
            "SELECT s.student_id, a.name, count(*) FROM submitted_assignment s "
            "JOIN assignment a ON a.id = s.assignment_id GROUP BY 1, 2 HAVING count(*) > 1",
        ),
        "notebooks_per_submission": _rows(
            server,
            db_url,
            "SELECT count(*) FROM submitted_assignment s LEFT JOIN submitted_notebook n "
            "ON n.assignment_id = s.id GROUP BY s.id HAVING count(n.id) <> 1",
        ),
    }
    for proc in (*graders[:-1], reference):
        proc.wait(timeout=LIMIT)
    rerun = _run(pg, pg_env, *_grader_args(*GRADERS[-1]))
    return {
        "server": server,
        "db_url": db_url,
        "pg": pg,
        "ref": ref,
        "setup": setup,
        "graders": graders,
        "logs": [log.read_text() for log in logs[:3]],
        "killed_log": killed_log,
        "after_kill": after_kill,
        "reference": reference,
        "reference_log": logs[3].read_text(),
        "rerun": rerun,
        "exports": {"pg": _export(pg, db_url), "sqlite": _export(ref, None)},
        "seconds": time.monotonic() - started,
    }


def test_fresh_database_gets_its_tables_from_the_documented_setup(graded: dict) -> None:
    code, out, err = graded["setup"]
    assert code == 0, out + err
    assert "tables, schema revision" in out and "0 assignment(s) registered" in out, out
    tables = _rows(graded["server"], graded["db_url"], "SELECT tablename FROM pg_tables")
    assert {"assignment", "grade", "submitted_assignment", "alembic_version"} <= {
        name for (name,) in tables
    }


def test_concurrent_graders_finish_and_show_progress(graded: dict) -> None:
    for proc, log, (assignments, students) in zip(
        graded["graders"][:-1], graded["logs"], GRADERS, strict=False
    ):
        jobs = len(assignments) * len(students)
        assert proc.returncode == 0, log[-3000:]
        assert f"[{jobs}/{jobs}]" in log and "left" in log and "elapsed" in log, log[-2000:]
    assert graded["reference"].returncode == 0, graded["reference_log"][-3000:]
    total = len(KINDS) * len(ASSIGNMENTS)
    assert f"[{total}/{total}]" in graded["reference_log"]


def test_every_score_equals_the_serial_sqlite_run(graded: dict) -> None:
    pg, ref = _grades(graded["db_url"]), _grades(graded["ref"].db_url)
    assert {(a, s) for a, s, _ in pg} == {(a, s) for a in ASSIGNMENTS for s in STUDENTS}
    for (assignment, student, cell), grade in pg.items():
        assert grade == ref[(assignment, _kind(student), cell)], (assignment, student, cell)
    with Gradebook(graded["db_url"], COURSE_ID) as gb:
        scores = {
            (a, s.student.id): s.score for a in ASSIGNMENTS for s in gb.assignment_submissions(a)
        }
    for (assignment, student), score in scores.items():
        expected = {"solved": 10.0, "blank": 0.0, "partial": PARTIAL[assignment][1]}
        assert score == expected[_kind(student)], (assignment, student)


def test_each_submission_is_recorded_exactly_once(graded: dict) -> None:
    rows = _rows(
        graded["server"],
        graded["db_url"],
        "SELECT s.student_id, a.name, count(*) FROM submitted_assignment s "
        "JOIN assignment a ON a.id = s.assignment_id GROUP BY 1, 2",
    )
    assert sorted((student, name) for student, name, _ in rows) == sorted(
        (s, a) for s in STUDENTS for a in ASSIGNMENTS
    )
    assert all(count == 1 for *_, count in rows)
    students = _rows(graded["server"], graded["db_url"], "SELECT count(*) FROM student")
    assert students == [(len(STUDENTS),)]


def test_a_killed_grader_leaves_a_consistent_gradebook_and_a_rerun_completes_it(
    graded: dict,
) -> None:
    assert graded["graders"][-1].returncode == -signal.SIGKILL
    assert graded["after_kill"] == {"duplicates": [], "notebooks_per_submission": []}
    finished = graded["killed_log"].count(f"/{VICTIM_JOBS}] ")
    assert 1 <= finished < VICTIM_JOBS, graded["killed_log"][-2000:]
    rerun, left = graded["rerun"], VICTIM_JOBS - finished
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"[{left}/{left}]" in rerun.stderr, rerun.stderr
    assert rerun.stdout.count(" skipped ") == finished, "finished students are not graded twice"


def test_export_writes_the_same_csv(graded: dict) -> None:
    """Row for row what serial SQLite grading exports for the same notebooks."""
    pg, ref = graded["exports"]["pg"], graded["exports"]["sqlite"]
    by_kind = {(row["assignment"], row["student_id"]): row for row in ref}
    expected = [{**by_kind[(a, _kind(s))], "student_id": s} for a in ASSIGNMENTS for s in STUDENTS]
    assert pg == expected
    assert {row["outcome"] for row in pg} == {"graded"}


def test_bad_gradebook_urls_stop_with_one_sentence_before_grading(
    server: str, tmp_path: Path
) -> None:
    """Unknown driver, unreachable server, missing database, wrong password: one line each."""
    with _admin(server) as conn:
        port = conn.execute("SHOW port").fetchone()[0]
        conn.execute("DROP ROLE IF EXISTS grader")
        conn.execute("CREATE ROLE grader LOGIN PASSWORD 'right-password'")
    unused = pg_throwaway._free_port()
    wrong_password = f"postgresql+psycopg://grader:wrong-password@127.0.0.1:{port}/postgres"
    cases = {
        "postgresql+nosuchdriver://grader:s3cret@127.0.0.1/course": "unknown database driver",
        f"postgresql+psycopg://grader:s3cret@127.0.0.1:{unused}/course": "cannot reach",
        make_url(server).set(database="no_such_db").render_as_string(hide_password=False): (
            "database 'no_such_db' does not exist"
        ),
        wrong_password: "refused user 'grader'",
    }
    for url, expected in cases.items():
        with pytest.raises(GradebookURLError) as caught:
            check_gradebook_url(url)
        message = str(caught.value)
        assert "\n" not in message and expected in message, message
        assert f"COURSE_DB_URL={safe_url(url)}" in message, message
        assert "s3cret" not in message and "wrong-password" not in message, "password hidden"
    good = wrong_password.replace("wrong-password", "right-password")
    assert check_gradebook_url(good).username == "grader", "the right password connects"

    # the command line stops before it grades anything
    course = copy_course(Course(REPO), tmp_path / "course")
    folder = course.submitted / "ada" / ASSIGNMENTS[0]
    folder.mkdir(parents=True)
    synthetic.write(
        synthetic.solved(course, ASSIGNMENTS[0]), str(folder / f"{ASSIGNMENTS[0]}.ipynb")
    )
    code, out, err = _main(_env(wrong_password), "--root", str(course.root), "autograde", "--all")
    assert code == 1 and not out, (out, err)
    assert err.strip().startswith("error: the server refused user 'grader'"), err
    assert err.strip().count("\n") == 0 and "wrong-password" not in err
    assert not course.autograded.exists() and not course.gradebook_path.exists()
