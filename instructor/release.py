"""Generate the student versions (exercises/) from solutions/, and check that they are in sync.

``generate`` runs nbgrader's ``generate_assignment`` in this process through ``NbGraderAPI`` (one
process for all assignments is several times faster than one ``nbgrader`` call each). It loads
the course's nbgrader_config.py, which sets environment variables, so callers that must stay
clean (tests) run it through ``python -m instructor release`` instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

from course_lib.errors import InstructorError
from instructor.course import CONFIG_FILE, Course, copy_course, tail

#: Cell fields that matter to a student; outputs and execution counts must be empty anyway.
_CELL_KEYS = ("cell_type", "id", "source", "metadata")


def generate(course: Course, assignments: Sequence[str], release_dir: Path | None = None) -> None:
    """Run ``nbgrader generate_assignment --force`` for each assignment (also fills the gradebook).

    Args:
        course: the course.
        assignments: assignment ids.
        release_dir: where the student versions go (default: the course's exercises/); a
            temporary folder registers the assignments in the gradebook without touching
            exercises/.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG_FILE, path=str(course.root)).load_config()
    if release_dir is not None:
        config.CourseDirectory.release_directory = str(release_dir)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    for assignment in assignments:
        result: dict[str, Any] = api.generate_assignment(assignment, force=True, create=True)
        if not result.get("success"):
            raise InstructorError(
                f"nbgrader generate_assignment {assignment} failed:\n"
                f"{tail(result.get('log', ''))}\n{result.get('error', '')}"
            )


def generate_in_subprocess(course: Course, assignments: Sequence[str]) -> None:
    """``generate`` in a fresh Python process (keeps the caller's environment untouched)."""
    proc = subprocess.run(
        [sys.executable, "-m", "instructor", "--root", str(course.root), "release", *assignments],
        cwd=course.root,
        env=course.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise InstructorError(f"release failed:\n{tail(proc.stdout)}\n{tail(proc.stderr)}")


def _normalise(path: Path) -> dict[str, Any]:
    """The parts of a notebook that a regenerated student version must reproduce."""
    nb = nbformat.read(str(path), as_version=4)
    cells = []
    for cell in nb.cells:
        item = {key: cell.get(key) for key in _CELL_KEYS}
        item["outputs"] = cell.get("outputs", [])
        item["execution_count"] = cell.get("execution_count")
        cells.append(item)
    return {
        "nbformat": (nb.nbformat, nb.nbformat_minor),
        "kernelspec": nb.metadata.get("kernelspec"),
        "cells": cells,
    }


def _files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
    }


def _first_difference(expected: dict[str, Any], actual: dict[str, Any]) -> str:
    if expected["kernelspec"] != actual["kernelspec"] or expected["nbformat"] != actual["nbformat"]:
        return "notebook metadata (kernelspec or nbformat version) differs"
    if len(expected["cells"]) != len(actual["cells"]):
        return f"{len(actual['cells'])} cells instead of {len(expected['cells'])}"
    for index, (want, got) in enumerate(zip(expected["cells"], actual["cells"], strict=True)):
        if want != got:
            keys = [k for k in want if want[k] != got.get(k)]
            return f"cell {index} ({want.get('id')}) differs in {keys}"
    return "differs"


def compare_releases(expected_dir: Path, actual_dir: Path) -> list[str]:
    """Differences between two release folders (one message per problem, empty when equal)."""
    problems = []
    want, got = _files(expected_dir), _files(actual_dir)
    problems += [f"missing from {actual_dir.name}/: {name}" for name in sorted(want - got)]
    problems += [f"not generated from solutions/: {name}" for name in sorted(got - want)]
    for name in sorted(want & got):
        left, right = expected_dir / name, actual_dir / name
        if name.endswith(".ipynb"):
            try:
                expected, actual = _normalise(left), _normalise(right)
            except (OSError, ValueError, json.JSONDecodeError) as err:
                problems.append(f"{name}: unreadable ({err})")
                continue
            if expected != actual:
                problems.append(f"{name}: {_first_difference(expected, actual)}")
        elif left.read_bytes() != right.read_bytes():
            problems.append(f"{name}: content differs")
    return problems


def check_release(course: Course) -> list[str]:
    """Regenerate every assignment in a scratch copy and compare with the committed exercises/.

    Returns one message per difference (empty when exercises/ is in sync with solutions/).
    """
    with tempfile.TemporaryDirectory(prefix="release-check-") as scratch:
        copy = copy_course(course, Path(scratch) / "course", with_release=False)
        generate_in_subprocess(copy, course.assignments())
        return compare_releases(copy.release, course.release)
