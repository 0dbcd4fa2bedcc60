"""Collecting submissions from folders and zip files: layouts, validation, and read-only sources."""

from __future__ import annotations

import hashlib
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from instructor.collect import collect
from instructor.course import Course, check_id

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "ex04_multilabel_thresholds"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


def _hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (or of ``root`` itself), plus permission bits."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {
        str(p.relative_to(root.parent)): hashlib.sha256(p.read_bytes()).hexdigest()
        + oct(p.stat().st_mode)
        for p in files
    }


@pytest.fixture
def course(released_course: Course) -> Course:
    return released_course


@pytest.fixture
def notebook_bytes(course: Course) -> bytes:
    return (course.release / ASSIGNMENT / NOTEBOOK).read_bytes()


def test_folder_layouts_are_collected_and_the_source_is_untouched(
    course: Course, notebook_bytes: bytes, tmp_path: Path
) -> None:
    src = tmp_path / "downloads"
    (src / "ada" / ASSIGNMENT).mkdir(parents=True)
    (src / "ada" / ASSIGNMENT / NOTEBOOK).write_bytes(notebook_bytes)
    (src / "ada" / ASSIGNMENT / "timestamp.txt").write_text("2025-01-01 10:00:00 UTC")
    (src / "bob").mkdir()
    (src / "bob" / "my copy (2).ipynb").write_bytes(notebook_bytes)  # renamed by the student
    (src / "carla.ipynb").write_bytes(notebook_bytes)
    (src / "dan").mkdir()
    (src / "dan" / "notes.txt").write_text("no notebook here")
    (src / "bad name!").mkdir()
    (src / "bad name!" / NOTEBOOK).write_bytes(notebook_bytes)
    (src / ".ipynb_checkpoints").mkdir()
    (src / ".ipynb_checkpoints" / "x.ipynb").write_bytes(notebook_bytes)
    (src / "eve").mkdir()
    (src / "eve" / NOTEBOOK).symlink_to(src / "carla.ipynb")
    before = _hashes(src)

    results, refused = collect(course, ASSIGNMENT, src)

    assert _hashes(src) == before, "collect must never modify the source"
    by_student = {r.student: r for r in results}
    assert sorted(by_student) == ["ada", "bob", "carla"]
    assert all(r.status == "collected" for r in results)
    assert by_student["ada"].files == ["ex04_multilabel_thresholds.ipynb", "timestamp.txt"]
    assert (
        "renamed my copy (2).ipynb -> ex04_multilabel_thresholds.ipynb" in by_student["bob"].notes
    )
    for student in ("ada", "bob", "carla"):
        target = course.submitted / student / ASSIGNMENT / NOTEBOOK
        assert target.read_bytes() == notebook_bytes
    assert any("bad name!" in m and "invalid student id" in m for m in refused)
    assert any("eve" in m and "symbolic link" in m for m in refused)
    assert not (course.submitted / "eve").exists() and not (course.submitted / "dan").exists()


def test_zip_entries_that_escape_are_refused(
    course: Course, notebook_bytes: bytes, tmp_path: Path
) -> None:
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"export/fay/{NOTEBOOK}", notebook_bytes)
        zf.writestr(f"export/gus/{ASSIGNMENT}/{NOTEBOOK}", notebook_bytes)
        zf.writestr(f"export/../../evil/{NOTEBOOK}", b"{}")
        zf.writestr(f"/abs/{NOTEBOOK}", b"{}")
        zf.writestr(f"export/..\\win/{NOTEBOOK}", b"{}")
        link = zipfile.ZipInfo(f"export/hal/{NOTEBOOK}")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("export/__MACOSX/fay/._x.ipynb", b"junk")
    before = _hashes(archive)

    results, refused = collect(course, ASSIGNMENT, archive)

    assert _hashes(archive) == before
    assert sorted(r.student for r in results) == ["fay", "gus"]
    assert (course.submitted / "gus" / ASSIGNMENT / NOTEBOOK).read_bytes() == notebook_bytes
    assert len([m for m in refused if "unsafe path" in m]) == 3, refused
    assert any("hal" in m and "symbolic link" in m for m in refused)
    escaped = [p for p in course.root.parent.rglob("*") if "evil" in p.parts or "win" in p.name]
    assert not escaped and not (course.root / "submitted" / "hal").exists()


def test_existing_submissions_are_kept_unless_replaced(
    course: Course, notebook_bytes: bytes, tmp_path: Path
) -> None:
    src = tmp_path / "round"
    src.mkdir()
    (src / "ivy.ipynb").write_bytes(notebook_bytes)
    collect(course, ASSIGNMENT, src)
    (src / "ivy.ipynb").write_bytes(notebook_bytes + b"\n")
    results, _ = collect(course, ASSIGNMENT, src)
    assert results[0].status == "kept"
    assert (course.submitted / "ivy" / ASSIGNMENT / NOTEBOOK).read_bytes() == notebook_bytes
    results, _ = collect(course, ASSIGNMENT, src, replace=True)
    assert results[0].status == "replaced"
    assert (course.submitted / "ivy" / ASSIGNMENT / NOTEBOOK).read_bytes().endswith(b"\n\n")


def test_oversized_files_are_refused(course: Course, tmp_path: Path) -> None:
    src = tmp_path / "big"
    src.mkdir()
    (src / "jay.ipynb").write_bytes(b"x" * 4096)
    results, refused = collect(course, ASSIGNMENT, src, max_bytes=1024)
    assert results == [] and "over the limit" in refused[0]


def test_cli_collect_and_invalid_ids(course: Course, notebook_bytes: bytes, tmp_path: Path) -> None:
    src = tmp_path / "cli"
    src.mkdir()
    (src / "kim.ipynb").write_bytes(notebook_bytes)
    (src / "..x.ipynb").write_bytes(notebook_bytes)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "instructor",
            "--root",
            str(course.root),
            "collect",
            ASSIGNMENT,
            str(src),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, "refused entries make the command fail"
    assert "collected  kim" in proc.stdout and "refused" in proc.stdout
    assert (course.submitted / "kim" / ASSIGNMENT / NOTEBOOK).exists()
    for bad in ("..", ".", "a/b", "../x", "x y", "", "-rf", "é"):
        with pytest.raises(ValueError):
            check_id(bad, "student id")
    assert check_id("s123_ab.c-d@uni", "student id") == "s123_ab.c-d@uni"


def test_a_single_student_with_the_nested_layout_is_not_unwrapped(
    course: Course, notebook_bytes: bytes, tmp_path: Path
) -> None:
    archive = tmp_path / "solo.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"solo/{ASSIGNMENT}/{NOTEBOOK}", notebook_bytes)
    results, refused = collect(course, ASSIGNMENT, archive)
    assert [r.student for r in results] == ["solo"] and not refused
    assert (course.submitted / "solo" / ASSIGNMENT / NOTEBOOK).read_bytes() == notebook_bytes
