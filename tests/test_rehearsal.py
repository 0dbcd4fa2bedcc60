"""The full profile, rehearsed: every lesson runs with COURSE_PROFILE=full against the hub mirror.

The mirror (tests/conftest.py) has the real repos' layout, configs, splits, columns and feature
types with synthetic rows, and tiny random checkpoints of the real model classes. Each lesson
runs end to end at its full-profile data settings, with every training run capped at
``COURSE_MAX_STEPS`` optimizer steps (the one knob that keeps this affordable on a CPU). Only
the code path is checked: the numbers mean nothing, so no output is compared.

``make rehearsal`` runs this module alone; the executed notebooks land in ``build/rehearsal/``. One test class per lesson, so that pytest-xdist
(``--dist loadscope``) spreads the lessons over its workers.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb"))
REHEARSAL_STEPS = "2"  # optimizer steps per Trainer run
OUTPUTS = ROOT / "build" / "rehearsal"


def run_lesson_in_full_profile(name: str, mirror: Path, runs: Path) -> nbformat.NotebookNode:
    """Execute ``lessons/<name>.ipynb`` in a fresh kernel with the full profile and the mirror."""
    env = {
        **os.environ,
        "COURSE_PROFILE": "full",
        "COURSE_HUB_MIRROR": str(mirror),
        "HF_HUB_OFFLINE": "1",
        "COURSE_MAX_STEPS": REHEARSAL_STEPS,
        "COURSE_RUNS_DIR": str(runs),
    }
    nb = nbformat.read(ROOT / "lessons" / f"{name}.ipynb", as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "lessons")}},
    )
    try:
        client.execute(env=env)
    except CellExecutionError as err:  # the failing cell's source and traceback, not the kernel's
        pytest.fail(f"{name} fails in the full profile:\n{err}", pytrace=False)
    finally:  # what ran, with per-cell timings, for a maintainer to read (build/ is not in git)
        OUTPUTS.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, OUTPUTS / f"{name}.ipynb")
    return nb


def _lesson_case(name: str) -> type:
    class FullProfileLesson:
        def test_runs_in_the_full_profile(self, rehearsal_mirror: Path, tmp_path: Path) -> None:
            nb = run_lesson_in_full_profile(name, rehearsal_mirror, tmp_path / "runs")
            banner = "".join(
                out.get("text", "") for cell in nb.cells[:4] for out in cell.get("outputs", [])
            )
            assert "[course] profile=full" in banner, "the banner names the full profile"

    FullProfileLesson.__name__ = FullProfileLesson.__qualname__ = f"TestLesson{name[:2]}"
    return FullProfileLesson


for _name in LESSONS:
    globals()[f"TestLesson{_name[:2]}"] = _lesson_case(_name)
