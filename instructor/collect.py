"""Collect student submissions from a folder or a zip file into submitted/<student>/<assignment>/.

Accepted layouts (inside the folder or the zip, optionally under one wrapper folder):

    <student>/<assignment>/<notebook>.ipynb
    <student>/<notebook>.ipynb
    <student>.ipynb                       (one-notebook assignments)

Only notebooks (and an optional ``timestamp.txt``) are collected. The source is only ever read:
nothing in the folder or the zip is modified, moved or deleted. Entries are refused when their
path could escape the destination (absolute paths, ``..``, symbolic links), when the student id
is not a safe name, or when a file is larger than ``max_bytes``. A submission that is already
collected is kept unless ``replace=True``.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from course_lib.errors import InstructorError
from instructor.course import Course, check_id

JUNK_PARTS = {"__MACOSX", ".ipynb_checkpoints", ".DS_Store", "__pycache__"}
TIMESTAMP = "timestamp.txt"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Collected:
    """What happened to one student's submission."""

    student: str
    status: str  # "collected", "replaced", "kept" (already there) or "rejected"
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Entry:
    parts: tuple[str, ...]
    size: int
    source: Path | None = None  # folder source
    member: zipfile.ZipInfo | None = None  # zip source


def _safe_parts(name: str) -> tuple[str, ...] | None:
    """Path components of an entry name, or None when the name could escape the destination."""
    if "\\" in name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or (path.parts and path.parts[0].endswith(":")):
        return None
    parts = tuple(p for p in path.parts if p not in ("", "."))
    if not parts or any(p == ".." for p in parts):
        return None
    return parts


def _folder_entries(folder: Path, rejected: list[str]) -> Iterator[_Entry]:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            rejected.append(f"{rel}: symbolic link refused")
            continue
        if path.is_file():
            parts = _safe_parts(rel)
            if parts is None:
                rejected.append(f"{rel}: unsafe path refused")
                continue
            yield _Entry(parts, path.stat().st_size, source=path)


def _zip_entries(archive: zipfile.ZipFile, rejected: list[str]) -> Iterator[_Entry]:
    for info in archive.infolist():
        if info.is_dir():
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            rejected.append(f"{info.filename}: symbolic link refused")
            continue
        parts = _safe_parts(info.filename)
        if parts is None:
            rejected.append(f"{info.filename}: unsafe path refused (absolute or '..')")
            continue
        yield _Entry(parts, info.file_size, member=info)


def _strip_wrapper(entries: list[_Entry], assignment: str) -> list[_Entry]:
    """Drop one common top-level folder (a zip of a folder) when it is not a student folder.

    ``export/ada/nb.ipynb`` loses ``export/``; ``ada/<assignment>/nb.ipynb`` (a single student
    with the nested layout) is kept as it is.
    """
    tops = {e.parts[0] for e in entries}
    nested_student = all(len(e.parts) >= 3 and e.parts[1] == assignment for e in entries)
    if len(tops) == 1 and not nested_student and all(len(e.parts) >= 3 for e in entries):
        return [_Entry(e.parts[1:], e.size, e.source, e.member) for e in entries]
    return entries


def _student_and_name(parts: tuple[str, ...], assignment: str) -> tuple[str, str] | None:
    """(student id, file name inside the assignment) for an entry, or None if it is not one."""
    if len(parts) == 1:
        name = parts[0]
        return (name[: -len(".ipynb")], f"{assignment}.ipynb") if name.endswith(".ipynb") else None
    student, rest = parts[0], parts[1:]
    if rest[0] == assignment and len(rest) > 1:
        rest = rest[1:]
    if len(rest) != 1:
        return None
    return student, rest[0]


def _group(
    entries: list[_Entry], assignment: str, max_bytes: int, rejected: list[str]
) -> dict[str, dict[str, _Entry]]:
    by_student: dict[str, dict[str, _Entry]] = defaultdict(dict)
    for entry in entries:
        where = "/".join(entry.parts)
        if any(p in JUNK_PARTS or p.startswith("._") for p in entry.parts):
            continue
        found = _student_and_name(entry.parts, assignment)
        if found is None:
            if entry.parts[-1].endswith(".ipynb"):
                rejected.append(f"{where}: unexpected location, not collected")
            continue
        student, name = found
        if not (name.endswith(".ipynb") or name == TIMESTAMP):
            continue
        try:
            check_id(student, "student id")
        except ValueError as err:
            rejected.append(f"{where}: {err}")
            continue
        if entry.size > max_bytes:
            rejected.append(f"{where}: {entry.size} bytes, over the limit of {max_bytes}")
            continue
        by_student[student][name] = entry
    return by_student


def _write(entry: _Entry, archive: zipfile.ZipFile | None, dest: Path, max_bytes: int) -> None:
    """Copy one entry to ``dest`` (the source is only read)."""
    if entry.source is not None:
        shutil.copyfile(entry.source, dest)
        return
    assert archive is not None and entry.member is not None
    written = 0
    with archive.open(entry.member) as src, open(dest, "wb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > max_bytes:  # the header lied about the size
                raise ValueError(f"more than {max_bytes} bytes once decompressed")
            out.write(chunk)


def _place(
    student: str,
    files: dict[str, _Entry],
    course: Course,
    assignment: str,
    archive: zipfile.ZipFile | None,
    replace: bool,
    max_bytes: int,
) -> Collected:
    expected = {f"{nb}.ipynb" for nb in course.notebooks(assignment)}
    result = Collected(student, "collected")
    notebooks = {n: e for n, e in files.items() if n.endswith(".ipynb")}
    names = {name: name for name in files}  # source name -> collected name
    unknown = sorted(set(notebooks) - expected)
    if len(expected) == 1 and len(notebooks) == 1 and unknown:
        target = next(iter(expected))
        names[unknown[0]] = target
        result.notes.append(f"renamed {unknown[0]} -> {target}")
    elif unknown:
        result.notes.append(f"notebooks not part of {assignment}: {unknown}")
    missing = sorted(expected - set(names.values()))
    if missing:
        result.notes.append(f"missing notebook(s): {missing}")
    dest = course.submitted / student / assignment
    if dest.exists():
        if not replace:
            return Collected(student, "kept", notes=["already collected (use --replace)"])
        result.status = "replaced"
    with tempfile.TemporaryDirectory(dir=course.root, prefix=".collect-") as staging:
        stage = Path(staging) / assignment
        stage.mkdir()
        try:
            for name, entry in files.items():
                _write(entry, archive, stage / names[name], max_bytes)
        except (OSError, ValueError, zipfile.BadZipFile) as err:
            return Collected(student, "rejected", notes=[f"could not read the submission: {err}"])
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(stage), dest)
    result.files = sorted(names.values())
    return result


def collect(
    course: Course,
    assignment: str,
    source: str | Path,
    *,
    replace: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[Collected], list[str]]:
    """Collect every student's submission of ``assignment`` found in ``source``.

    Returns:
        (one result per student, messages about refused entries).
    """
    if assignment not in course.assignments():
        raise InstructorError(f"unknown assignment {assignment!r}; known: {course.assignments()}")
    src = Path(source)
    rejected: list[str] = []
    archive = None
    try:
        if src.is_dir():
            entries = list(_folder_entries(src, rejected))
        elif zipfile.is_zipfile(src):
            archive = zipfile.ZipFile(src)  # opened read-only
            entries = list(_zip_entries(archive, rejected))
        else:
            raise InstructorError(f"{src} is neither a folder nor a zip file")
        grouped = _group(_strip_wrapper(entries, assignment), assignment, max_bytes, rejected)
        results = [
            _place(student, files, course, assignment, archive, replace, max_bytes)
            for student, files in sorted(grouped.items())
        ]
    finally:
        if archive is not None:
            archive.close()
    return results, rejected
