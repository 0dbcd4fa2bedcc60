"""Fixtures shared by several test modules."""

from __future__ import annotations

import fcntl
import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


# ------------------------------------------------------------------ tiny models (no download)

# Small enough to train a step in milliseconds on a CPU; each family spells the sizes its way.
TINY_SIZES = {
    "hidden_size": 16,
    "num_hidden_layers": 1,
    "num_attention_heads": 2,
    "intermediate_size": 32,
}
TINY_SIZES_DISTILBERT = {"dim": 16, "n_layers": 1, "n_heads": 2, "hidden_dim": 32}
TINY_HEADS = ("sequence", "token", "base")


def build_tiny_model(
    head: str = "sequence", *, family: str = "bert", seed: int = 0, **config: Any
) -> Any:
    """A randomly initialised encoder of ``family`` (bert, distilbert, roberta) with ``head``.

    ``head``: "sequence" (…ForSequenceClassification), "token" (…ForTokenClassification) or
    "base" (the bare encoder; BERT's without its pooler). ``config`` overrides the tiny sizes
    and sets anything else, e.g. ``num_labels=3`` or ``vocab_size=60``. Weights are seeded with
    ``seed``, so two calls with the same arguments build the same model.
    """
    import torch
    import transformers as tf

    classes = {
        "bert": (tf.BertConfig, tf.BertForSequenceClassification, tf.BertForTokenClassification,
                 tf.BertModel),
        "distilbert": (tf.DistilBertConfig, tf.DistilBertForSequenceClassification,
                       tf.DistilBertForTokenClassification, tf.DistilBertModel),
        "roberta": (tf.RobertaConfig, tf.RobertaForSequenceClassification,
                    tf.RobertaForTokenClassification, tf.RobertaModel),
    }  # fmt: skip
    if family not in classes or head not in TINY_HEADS:
        raise ValueError(f"family in {sorted(classes)}, head in {TINY_HEADS}: got {family}, {head}")
    config_class, *models = classes[family]
    sizes = TINY_SIZES_DISTILBERT if family == "distilbert" else TINY_SIZES
    settings = config_class(**(sizes | config))
    model_class = models[TINY_HEADS.index(head)]
    torch.manual_seed(seed)
    if head == "base" and family == "bert":
        return model_class(settings, add_pooling_layer=False)
    return model_class(settings)


@pytest.fixture(scope="session")
def tiny_model() -> Callable[..., Any]:
    """:func:`build_tiny_model`: ``tiny_model("token", family="roberta", num_labels=5)``."""
    return build_tiny_model


# ------------------------------------------------------------------ temporary courses


@pytest.fixture
def temp_course(tmp_path: Path) -> Any:
    """A copy of this course (config, solutions, exercises, data) in ``tmp_path/course``."""
    from instructor.course import Course, copy_course

    return copy_course(Course(ROOT), tmp_path / "course")


@pytest.fixture
def released_course(tmp_path: Path) -> Any:
    """:func:`temp_course` with the released student versions as nbgrader writes them."""
    from instructor.course import Course, copy_course

    return copy_course(Course(ROOT), tmp_path / "course", with_release=True)
