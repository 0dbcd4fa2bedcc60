"""course_lib.lesson: the setup every lesson's first cell runs."""

from __future__ import annotations

import logging
import random
import warnings
from collections.abc import Iterator

import numpy as np
import pytest
import torch

from course_lib import lesson
from course_lib.profiles import Profile


@pytest.fixture
def logs_restored() -> Iterator[None]:
    """quiet_logs changes process-wide logging: put it back for the tests that follow."""
    import datasets
    import transformers

    verbosity = transformers.logging.get_verbosity(), datasets.logging.get_verbosity()
    bars = datasets.is_progress_bar_enabled()
    torch_level = logging.getLogger("torch").level
    with warnings.catch_warnings():
        yield
    transformers.logging.set_verbosity(verbosity[0])
    datasets.logging.set_verbosity(verbosity[1])
    if bars:
        datasets.enable_progress_bars()
    logging.getLogger("torch").setLevel(torch_level)


def test_seed_everything_repeats_python_numpy_and_torch() -> None:
    def draw() -> tuple[float, float, float]:
        return random.random(), float(np.random.rand()), float(torch.rand(1))

    lesson.seed_everything(7)
    first = draw()
    lesson.seed_everything(7)
    assert draw() == first
    lesson.seed_everything(8)
    assert draw() != first


def test_runs_dir_follows_course_runs_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSE_RUNS_DIR", raising=False)
    assert lesson.runs_dir("sst2") == "runs/sst2"
    monkeypatch.setenv("COURSE_RUNS_DIR", "/tmp/course-runs")
    assert lesson.runs_dir("sst2") == "/tmp/course-runs/sst2"


def test_quiet_logs_leaves_errors_only(logs_restored: None) -> None:
    import transformers

    lesson.quiet_logs()
    assert transformers.logging.get_verbosity() == transformers.logging.ERROR
    assert logging.getLogger("torch").level == logging.ERROR


def test_show_figures_inline_does_nothing_outside_a_notebook() -> None:
    lesson.show_figures_inline()  # plain Python: no IPython kernel to configure, no error


def test_start_lesson_loads_the_task_and_prints_one_banner(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, logs_restored: None
) -> None:
    monkeypatch.setenv("COURSE_PROFILE", "offline")
    profile, data = lesson.start_lesson("sentiment", seed=3)
    assert isinstance(profile, Profile) and profile.name == "offline"
    assert data.name == "sentiment" and set(data.sizes()) == {"train", "validation", "test"}
    out = capsys.readouterr().out.strip()
    assert out == lesson.banner(profile, data)
    assert out.startswith("[course] profile=offline | device=")
    assert f"data=sentiment: train {data.sizes()['train']} / validation" in out
