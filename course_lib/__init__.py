"""course_lib: the helper package of the encoder fine-tuning course.

Notebooks import this one package (``import course_lib as cl``) and reach helpers through their
module, e.g. ``cl.tokenization.length_report`` or ``cl.metrics.make_compute_metrics``; every public
helper's docstring names the lesson that teaches it. Submodules load on first use, so importing
course_lib stays fast and does not pull in torch.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

__version__ = "0.1.0"

# On a CPU shared with other processes, OpenMP threads that spin while waiting made each training
# step about 10x slower (measured on 2 cores: 6 s instead of 0.6 s). Sleeping threads avoid that.
# It only takes effect if set before torch is first imported, which is why it lives here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

SUBMODULES = (
    "calibration",
    "claims",
    "class_weights",
    "cli",
    "comparison",
    "datasets",
    "efficiency",
    "error_analysis",
    "errors",
    "hygiene",
    "lesson",
    "loss_trainer",
    "losses",
    "metrics",
    "models",
    "multitask",
    "pairs",
    "plots",
    "profiles",
    "sampling",
    "selfcheck",
    "thresholds",
    "token_alignment",
    "tokenization",
    "training_settings",
)

# The names the lessons were written with, kept so that their code (and committed outputs) stay
# as they are: ``cl.trainer.LossTrainer`` and ``cl.training.training_args`` still work.
RENAMED = {"trainer": "loss_trainer", "training": "training_settings"}
# Helpers reached without their module, e.g. ``cl.start_lesson``: name -> module.
SHORTCUTS = {"start_lesson": "lesson", "load_task": "datasets", "get_profile": "profiles"}


def __getattr__(name: str) -> Any:
    if name in SUBMODULES:
        return importlib.import_module(f"course_lib.{name}")
    if name in RENAMED:
        return importlib.import_module(f"course_lib.{RENAMED[name]}")
    if name in SHORTCUTS:
        return getattr(importlib.import_module(f"course_lib.{SHORTCUTS[name]}"), name)
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *SUBMODULES, *RENAMED, *SHORTCUTS])
