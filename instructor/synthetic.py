"""Synthetic student notebooks, built from the released version: for tests and dry runs.

A real student starts from exercises/<assignment>/<assignment>.ipynb and fills in the solution
cells. ``solved`` does exactly that with the instructor's solution code, ``blank`` submits the
release untouched, and ``partial`` fills in only some solution cells. The helpers below them
simulate mischief: editing or deleting locked cells.
"""

from __future__ import annotations

from collections.abc import Iterable

import nbformat
from nbformat import NotebookNode

from instructor.course import Course


def _grade_id(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def released(course: Course, assignment: str, notebook: str | None = None) -> NotebookNode:
    """The student version of a notebook, as committed in exercises/."""
    name = notebook or assignment
    return nbformat.read(str(course.release / assignment / f"{name}.ipynb"), as_version=4)


def solution_cells(course: Course, assignment: str, notebook: str | None = None) -> dict[str, str]:
    """Source of every solution cell of the instructor version, by grade id."""
    name = notebook or assignment
    nb = nbformat.read(str(course.source / assignment / f"{name}.ipynb"), as_version=4)
    return {
        _grade_id(c): c.source
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }


def partial(
    course: Course, assignment: str, solved_ids: Iterable[str], notebook: str | None = None
) -> NotebookNode:
    """Release version with the solution cells ``solved_ids`` filled in by the reference code."""
    wanted = set(solved_ids)
    answers = solution_cells(course, assignment, notebook)
    unknown = wanted - set(answers)
    if unknown:
        raise KeyError(f"not solution cells of {assignment}: {sorted(unknown)}")
    nb = released(course, assignment, notebook)
    for cell in nb.cells:
        if _grade_id(cell) in wanted:
            cell.source = answers[_grade_id(cell)]
    return nb


def solved(course: Course, assignment: str, notebook: str | None = None) -> NotebookNode:
    """Release version with every solution cell filled in: a full-marks submission."""
    return partial(course, assignment, solution_cells(course, assignment, notebook), notebook)


def blank(course: Course, assignment: str, notebook: str | None = None) -> NotebookNode:
    """The release version, untouched: a "not attempted" submission."""
    return released(course, assignment, notebook)


def set_source(nb: NotebookNode, grade_id: str, source: str) -> NotebookNode:
    """Replace the source of the cell ``grade_id`` (e.g. rewrite a locked test cell)."""
    for cell in nb.cells:
        if _grade_id(cell) == grade_id:
            cell.source = source
            return nb
    raise KeyError(grade_id)


def delete_cells(nb: NotebookNode, grade_ids: Iterable[str]) -> NotebookNode:
    """Remove the cells ``grade_ids`` from the notebook."""
    doomed = set(grade_ids)
    nb.cells = [c for c in nb.cells if _grade_id(c) not in doomed]
    return nb


def write(nb: NotebookNode, path: str) -> None:
    """Save a notebook (creating nothing else)."""
    nbformat.write(nb, path)
