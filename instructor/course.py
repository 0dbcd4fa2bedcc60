"""Where the course lives on disk, and how to run nbgrader in it.

The course directory is the folder holding ``nbgrader_config.py`` (the repository root). Every
nbgrader command runs as a subprocess with that folder as its working directory, so the course's
config is always the one that applies and nbgrader's global state never leaks between runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook

from course_lib.errors import InstructorError

CONFIG_FILE = "nbgrader_config.py"
SOURCE_DIR = "solutions"
RELEASE_DIR = "exercises"
SUBMITTED_DIR = "submitted"
AUTOGRADED_DIR = "autograded"
FEEDBACK_DIR = "feedback"
GRADEBOOK = "gradebook.db"
#: Environment variable naming another gradebook (any SQLAlchemy URL, e.g. PostgreSQL).
DB_URL_ENV = "COURSE_DB_URL"
#: nbgrader's course id, as in nbgrader_config.py (tests/test_nbgrader_release.py checks it).
COURSE_ID = "encoder-finetuning"
#: Scratch space of the instructor tools (git-ignored): worker copies and grading reports.
WORK_DIR = "nbgrader_work"
#: Instructor files a grading copy of the course needs (the challenge's hidden test data).
CHALLENGE_DIR = Path("instructor") / "challenge"

#: Student and assignment ids: letters, digits, ``_ . @ -``, starting with a letter or digit.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


def check_id(value: str, what: str) -> str:
    """Return ``value`` if it is a safe student/assignment id, else raise ``ValueError``."""
    if not ID_PATTERN.match(value) or value in {".", ".."} or ".." in value:
        raise ValueError(
            f"invalid {what} {value!r}: use letters, digits and _ . @ - (at most 64 characters, "
            "starting with a letter or digit)"
        )
    return value


def find_course_root(start: Path | None = None) -> Path:
    """The closest folder at or above ``start`` (default: cwd) that holds nbgrader_config.py.

    ``COURSE_ROOT`` in the environment wins when it names such a folder.
    """
    env = os.environ.get("COURSE_ROOT")
    if env and (Path(env) / CONFIG_FILE).is_file():
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise InstructorError(f"no {CONFIG_FILE} found in {here} or above: run from the course root")


@dataclass(frozen=True)
class Course:
    """Paths of one nbgrader course directory."""

    root: Path

    @classmethod
    def locate(cls, root: str | Path | None = None) -> Course:
        """The course at ``root``, or the one found from the current directory."""
        path = Path(root).resolve() if root else find_course_root()
        if not (path / CONFIG_FILE).is_file():
            raise InstructorError(f"{path} has no {CONFIG_FILE}: not a course directory")
        return cls(path)

    @property
    def source(self) -> Path:
        return self.root / SOURCE_DIR

    @property
    def release(self) -> Path:
        return self.root / RELEASE_DIR

    @property
    def submitted(self) -> Path:
        return self.root / SUBMITTED_DIR

    @property
    def autograded(self) -> Path:
        return self.root / AUTOGRADED_DIR

    @property
    def feedback(self) -> Path:
        return self.root / FEEDBACK_DIR

    @property
    def work(self) -> Path:
        return self.root / WORK_DIR

    @property
    def gradebook_path(self) -> Path:
        return self.root / GRADEBOOK

    @property
    def db_url(self) -> str:
        """The gradebook's SQLAlchemy URL: ``$COURSE_DB_URL``, else gradebook.db in the root.

        nbgrader_config.py reads the same variable, so nbgrader and these tools always agree.
        """
        return os.environ.get(DB_URL_ENV) or f"sqlite:///{self.gradebook_path}"

    @property
    def sqlite_path(self) -> Path | None:
        """The gradebook file when the gradebook is SQLite (None for a database server)."""
        url = self.db_url
        return Path(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else None

    def gradebook(self, db_url: str | None = None) -> Gradebook:
        """Open the course gradebook (or another one, e.g. a worker's copy) under the course id."""
        return Gradebook(db_url or self.db_url, COURSE_ID)

    def has_gradebook(self) -> bool:
        """Whether the gradebook exists (always assumed for a database server)."""
        return self.sqlite_path is None or self.sqlite_path.exists()

    def assignments(self) -> list[str]:
        """Assignment ids: the folders of solutions/ that hold a notebook."""
        if not self.source.is_dir():
            return []
        return sorted(
            d.name for d in self.source.iterdir() if d.is_dir() and any(d.glob("*.ipynb"))
        )

    def notebooks(self, assignment: str) -> list[str]:
        """Notebook names (without .ipynb) of one assignment's source folder."""
        return sorted(p.stem for p in (self.source / assignment).glob("*.ipynb"))

    def resolve_assignments(self, requested: Sequence[str] | None) -> list[str]:
        """Check requested assignment ids (all of them when ``requested`` is empty)."""
        known = self.assignments()
        if not requested:
            return known
        unknown = [a for a in requested if a not in known]
        if unknown:
            raise InstructorError(f"unknown assignment(s) {unknown}; known: {known}")
        return list(requested)

    def students(self, assignment: str) -> list[str]:
        """Students with a collected submission folder for ``assignment``."""
        if not self.submitted.is_dir():
            return []
        return sorted(
            d.name
            for d in self.submitted.iterdir()
            if (d / assignment).is_dir() and ID_PATTERN.match(d.name)
        )

    def env(self) -> dict[str, str]:
        """Environment of nbgrader subprocesses: they must find this course and run offline."""
        env = dict(os.environ)
        env["COURSE_ROOT"] = str(self.root)
        env.setdefault("HF_HUB_OFFLINE", "1")
        env.setdefault("TOKENIZERS_PARALLELISM", "false")
        return env

    def run_nbgrader(
        self,
        args: Sequence[str],
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        check: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``python -m nbgrader ARGS`` in ``cwd`` (default: the course root)."""
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args],
            cwd=cwd or self.root,
            env=env or self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if check and proc.returncode != 0:
            raise InstructorError(
                f"nbgrader {' '.join(args)} failed (exit {proc.returncode}):\n{tail(proc.stderr)}"
            )
        return proc


def tail(text: str, lines: int = 30) -> str:
    """The last ``lines`` lines of a log."""
    return "\n".join(text.strip().splitlines()[-lines:])


def _copy_tree(src: Path, dst: Path, ignore: Iterable[str] = ()) -> None:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", *ignore))


def copy_course(src: Course, dst: str | Path, *, with_release: bool = True) -> Course:
    """Make a scratch copy of a course for grading experiments (tests, dry runs).

    Copies the config, solutions/, exercises/ and the instructor package (with the challenge's
    hidden data), and links course_lib/ so that grading kernels import the same helpers.
    Nothing of the submissions or the gradebook is copied.
    """
    dst_root = Path(dst).resolve()
    dst_root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src.root / CONFIG_FILE, dst_root / CONFIG_FILE)
    _copy_tree(src.source, dst_root / SOURCE_DIR)
    if with_release and src.release.is_dir():
        _copy_tree(src.release, dst_root / RELEASE_DIR)
    _copy_tree(src.root / "instructor", dst_root / "instructor", ignore=("README.md",))
    if (src.root / "course_lib").is_dir() and not (dst_root / "course_lib").exists():
        (dst_root / "course_lib").symlink_to(src.root / "course_lib", target_is_directory=True)
    return Course(dst_root)


def run_cli(course: Course, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m instructor --root <course> ARGS`` in a subprocess; never raises on failure.

    Used by the grading tests (and handy in scripts): the caller inspects ``returncode``/``stderr``.
    """
    return subprocess.run(
        [sys.executable, "-m", "instructor", "--root", str(course.root), *args],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=False,
    )
