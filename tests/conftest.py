"""Fixtures shared by several test modules."""

from __future__ import annotations

import fcntl
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The rehearsal mirror is rebuilt only when what it is made from changes.
MIRROR_SOURCES = (
    "course_lib/data/hub_manifest.json",
    "course_lib/rehearsal.py",
    "course_lib/hub_mirror.py",
)


@pytest.fixture(scope="session")
def rehearsal_mirror() -> Iterator[Path]:
    """The synthetic hub mirror (``python -m course_lib.hub_mirror rehearsal``), built once.

    It lives in ``build/rehearsal-mirror/<hash of its sources>``; a lock keeps two pytest-xdist
    workers from building it at the same time.
    """
    from course_lib.hub_mirror import build_rehearsal_mirror

    digest = hashlib.sha256()
    for name in MIRROR_SOURCES:
        digest.update((ROOT / name).read_bytes())
    base = ROOT / "build" / "rehearsal-mirror"
    base.mkdir(parents=True, exist_ok=True)
    target = base / digest.hexdigest()[:16]
    with (base / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / ".complete").is_file():
            for stale in base.iterdir():  # mirrors of older sources
                if stale.is_dir():
                    shutil.rmtree(stale)
            build_rehearsal_mirror(target)
            (target / ".complete").write_text("built\n")
    yield target
