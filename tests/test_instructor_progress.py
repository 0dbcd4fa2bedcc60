"""Progress lines with an estimate of the time left, and gradebook URLs checked before grading.

No nbgrader run here: the ETA arithmetic with a fake clock, the serial grader's reading of
nbgrader's log, and the URL checks that need no database server (the server cases are in
tests/test_nbgrader_postgres.py, against a real one).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from instructor import challenge_baseline, grading
from instructor.dburl import GradebookURLError, check_gradebook_url, safe_url
from instructor.progress import Progress, estimate_left, format_duration

REPO = Path(__file__).resolve().parents[1]


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_format_duration() -> None:
    assert format_duration(0) == "0:00"
    assert format_duration(59.4) == "0:59"
    assert format_duration(61) == "1:01"
    assert format_duration(3600 + 62) == "1:01:02"
    assert format_duration(-5) == "0:00"


def test_estimate_is_mean_time_per_item_times_items_left() -> None:
    assert estimate_left(30.0, 0, 10) is None
    assert estimate_left(30.0, 3, 12) == pytest.approx(90.0)
    assert estimate_left(30.0, 12, 12) == 0.0
    assert estimate_left(30.0, 13, 12) == 0.0


def test_progress_prints_one_line_per_item_with_time_left() -> None:
    clock, out = FakeClock(), io.StringIO()
    progress = Progress(4, stream=out, clock=clock)
    clock.now += 10
    assert progress.step("ex01/ada", 10.0) == (
        "[1/4] ex01/ada in 10.0 s | 0:10 elapsed, about 0:30 left"
    )
    clock.now += 50  # slower student: the estimate follows the mean (30 s each)
    progress.step("ex01/bob")
    clock.now += 30
    progress.step("ex01/cy")
    clock.now += 30
    last = progress.step("ex01/dee")
    lines = out.getvalue().splitlines()
    assert lines[1] == "[2/4] ex01/bob | 1:00 elapsed, about 1:00 left"
    assert lines[2] == "[3/4] ex01/cy | 1:30 elapsed, about 0:30 left"
    assert last == "[4/4] ex01/dee | 2:00 elapsed, done" == lines[3]


def test_parallel_workers_shorten_the_estimate_by_themselves() -> None:
    """Two workers finish two students per 20 s: the estimate is the wall-clock rate."""
    clock, out = FakeClock(), io.StringIO()
    progress = Progress(6, stream=out, clock=clock)
    clock.now += 20
    progress.step("a")
    progress.step("b")
    assert progress.left() == pytest.approx(40.0)


def test_serial_grader_reports_each_student_as_nbgrader_moves_on(tmp_path: Path) -> None:
    """The start of the next student in nbgrader's log means the previous one is done."""
    fake = tmp_path / "fake_nbgrader.py"
    fake.write_text(
        "import sys, time\n"
        "for s in ('ada', 'bob', 'cy'):\n"
        "    print(f\"[AutogradeApp | INFO] Creating/updating student with ID '{s}': {{}}\", "
        "file=sys.stderr, flush=True)\n"
        "    print('[AutogradeApp | INFO] Autograding ...', flush=True)\n"
        "    time.sleep(0.05)\n"
    )
    seen: list[str] = []
    proc = grading.follow_students(
        [sys.executable, str(fake)], tmp_path, dict(os.environ), seen.append
    )
    assert proc.returncode == 0
    assert seen == ["ada", "bob", "cy"]
    assert proc.stdout.count("Autograding") == 3, "the whole log is kept"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+nosuchdriver://grader:s3cret@db/course", "unknown database driver"),
        ("nosuchdb://grader:s3cret@db/course", "unknown database driver"),
        ("mysql+pymysql://grader:s3cret@db/course", "not tested with"),
        ("not a url at all", "is not a database URL"),
        ("sqlite:////no/such/folder/gradebook.db", "does not exist"),
    ],
)
def test_unusable_urls_are_refused_in_one_sentence(url: str, expected: str) -> None:
    with pytest.raises(GradebookURLError) as caught:
        check_gradebook_url(url)
    message = str(caught.value)
    assert expected in message and "COURSE_DB_URL" in message
    assert "\n" not in message and "s3cret" not in message


def test_a_missing_driver_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name: str, *args: object, **kwargs: object):  # noqa: ANN202
        if name.split(".")[0] == "psycopg":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(GradebookURLError, match=r'pip install "psycopg\[binary\]"'):
        check_gradebook_url("postgresql+psycopg://grader:s3cret@db/course")


def test_safe_url_hides_the_password() -> None:
    shown = safe_url("postgresql+psycopg://grader:s3cret@db:5432/course?host=/run/pg")
    assert shown == "postgresql+psycopg://grader:***@db:5432/course?host=/run/pg"


def test_cli_refuses_an_unknown_driver_before_grading(tmp_path: Path) -> None:
    """No server needed: the command stops at the URL, with exit status 1 and one line."""
    env = {"COURSE_DB_URL": "postgresql+nosuchdriver://grader:s3cret@db-host/course"}
    proc = subprocess.run(
        [sys.executable, "-m", "instructor", "--root", str(REPO), "autograde", "--all"],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0, proc.stderr
    assert "unknown database driver 'postgresql+nosuchdriver'" in proc.stderr
    assert "grader:***@db-host" in proc.stderr and "s3cret" not in proc.stderr
    assert not (REPO / "gradebook.db").exists() or proc.stdout == ""


def test_challenge_baseline_reports_progress_per_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three seeds: a progress line after each, with the time left."""
    calls: list[int] = []

    def fake_train(seed: int, train: list, evaluations: dict, num_labels: int) -> dict:
        calls.append(seed)
        return {name: 0.5 for name in evaluations}

    monkeypatch.setattr(challenge_baseline, "train_and_score", fake_train)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    result = challenge_baseline.measure([0, 1, 2], challenge_baseline.HIDDEN_TEST)
    assert calls == [0, 1, 2] and result["test_macro_f1_mean"] == 0.5
    lines = [line for line in out.getvalue().splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in lines] == ["[1/3", "[2/3", "[3/3"]
    assert "left" in lines[0] and lines[-1].endswith("done")
