"""The "Taught in:" back-links of course_lib's docstrings name lessons that really use the helper.

A link is any ``lessons/NN_name.ipynb``, ``lesson NN`` or ``exercises/exNN_name`` in the
paragraph that starts with "Taught in:". A function or class must appear by name in the code
cells of every lesson (or exercise solution) its paragraph names; a module must be used there
as ``cl.<module>`` (or by the name lessons use for it, see ``course_lib.RENAMED`` and
``course_lib.SHORTCUTS``). Helpers that run behind others say so
("Behind :func:`...`") instead of claiming a lesson.
"""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from pathlib import Path

import pytest

import course_lib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "course_lib"
LESSON_LINK = re.compile(r"lessons/(\d\d)_\w+\.ipynb|\blessons? (\d\d)\b")
EXERCISE_LINK = re.compile(r"exercises/(ex\d\d_\w+|challenge_\w+)")
# Modules started as a command under another name: ``python -m course_lib.train`` runs the cli.
ENTRY_POINTS = {"cli": "train"}
TAUGHT_IN = re.compile(r"Taught in:(.*?)(?:\n\s*\n|$)", re.S)


def _code_of(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@cache
def _lesson_code(number: str) -> str:
    (notebook,) = (ROOT / "lessons").glob(f"{number}_*.ipynb")
    return _code_of(notebook)


@cache
def _exercise_code(name: str) -> str:
    return _code_of(ROOT / "solutions" / name / f"{name}.ipynb")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _links() -> list[tuple[str, str, str]]:
    """(where, what a notebook's code must contain to use it, linked place) for every link."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _module_name(path)
        short = module.split(".")[1] if "." in module else module
        aliases = [old for old, new in course_lib.RENAMED.items() if new == short]
        aliases += [name for name, target in course_lib.SHORTCUTS.items() if target == short]
        aliases += [ENTRY_POINTS[short]] if short in ENTRY_POINTS else []
        module_pattern = rf"\b(cl|course_lib)\.({'|'.join([short, *aliases])})\b"
        documented = [(tree, module, module_pattern)]
        documented += [
            (node, f"{module}.{node.name}", rf"\b{node.name}\b")
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.ClassDef)
        ]
        for node, where, pattern in documented:
            match = TAUGHT_IN.search(ast.get_docstring(node) or "")
            if match is None:
                continue
            paragraph = match.group(1)
            for a, b in LESSON_LINK.findall(paragraph):
                found.append((where, pattern, f"lesson {a or b}"))
            for name in EXERCISE_LINK.findall(paragraph):
                found.append((where, pattern, f"exercise {name}"))
    return found


LINKS = _links()


def test_there_are_back_links_to_check() -> None:
    assert len(LINKS) > 80


@pytest.mark.parametrize(
    ("where", "pattern", "place"), LINKS, ids=[f"{w}-{p}" for w, _, p in LINKS]
)
def test_a_back_link_names_a_place_that_uses_the_helper(
    where: str, pattern: str, place: str
) -> None:
    kind, name = place.split(" ", 1)
    code = _lesson_code(name) if kind == "lesson" else _exercise_code(name)
    if not re.search(pattern, code):
        pytest.fail(
            f"{where}: its docstring says 'Taught in: {place}', but that notebook never uses it"
        )


def test_docstrings_cite_only_test_files_that_exist() -> None:
    cited = set()
    for folder in ("course_lib", "instructor", "scripts", "benchmarks", "quiz"):
        for path in (ROOT / folder).rglob("*.py"):
            cited |= set(re.findall(r"\b(?:tests|quiz)/test_\w+\.py", path.read_text("utf-8")))
    missing = sorted(c for c in cited if not (ROOT / c).is_file())
    assert not missing, f"docstrings cite test files that do not exist: {missing}"
