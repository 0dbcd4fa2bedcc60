"""Train several variants of one setup (loss, sampling) and collect the results in one table.

A fair comparison changes one thing at a time: every variant starts from the same pretrained
weights and seed, sees the same tokenized data for the same number of epochs, and is scored on
the same splits. :func:`compare_variants` runs that loop; the lesson writes the function that
builds each trainer, so nothing about the training itself is hidden.

Scores are computed from ``Trainer.predict`` outputs, pairing ``predictions`` with the
``label_ids`` returned *with them*. Do not pair them with ``dataset["label"]``: with
``train_sampling_strategy="group_by_length"`` (transformers 5.2x) the evaluation batches are
length-grouped too, so predictions do not come back in dataset order.

Taught in: lessons/02_multiclass_imbalance.ipynb.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from course_lib._validation import (
    as_label_array,
    check_label_range,
    check_same_length,
    label_names_from,
)
from course_lib.class_weights import class_counts
from course_lib.metrics import hard_predictions
from course_lib.sampling import undersample

__all__ = [
    "Comparison",
    "Variant",
    "VariantResult",
    "compare_variants",
    "focus_scores",
    "rarest_classes",
]


@dataclass(frozen=True)
class Variant:
    """One training setup to compare.

    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Attributes:
        name: short label used as the row name of the comparison table.
        loss_fn: loss module for ``LossTrainer(loss_fn=...)``; None keeps the model's own loss.
        oversample: whether to pass ``oversample=True`` to ``LossTrainer``.
        description: one line saying what the variant changes (shown in the table).
        undersample: None trains on every training example; a number ``>= 1`` trains on the
            random class-balanced subset of :func:`course_lib.sampling.undersample` with that
            ``max_ratio`` (no class keeps more than ``undersample`` times the examples of the
            smallest one). Build the trainer's training set with :meth:`train_indices`.
            Cannot be combined with ``oversample``: both re-balance the classes.
    """

    name: str
    loss_fn: Any = None
    oversample: bool = False
    description: str = ""
    undersample: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"Variant name must be a non-empty string, got {self.name!r}")
        if not isinstance(self.oversample, bool):
            raise TypeError(f"oversample must be True or False, got {self.oversample!r}")
        if self.undersample is not None:
            ratio = self.undersample
            if isinstance(ratio, bool) or not isinstance(
                ratio, (int, float, np.integer, np.floating)
            ):
                raise TypeError(
                    f"undersample must be None or a number (the max_ratio), got {ratio!r}"
                )
            if not np.isfinite(ratio) or ratio < 1:
                raise ValueError(
                    f"undersample must be a finite max_ratio >= 1 (1 keeps every class at the "
                    f"size of the smallest), got {ratio}"
                )
            if self.oversample:
                raise ValueError(
                    f"variant {self.name!r}: pass either oversample=True or undersample, not "
                    "both (each one re-balances the classes on its own)"
                )

    def train_indices(self, labels: Any, seed: int = 0) -> np.ndarray:
        """Rows of the training set this variant trains on, as sorted int64 indices.

        Every row when ``undersample`` is None, else
        ``course_lib.sampling.undersample(labels, max_ratio=undersample, seed=seed)``. Use it as
        ``encoded["train"].select(variant.train_indices(train_labels))``.
        Taught in: lessons/02_multiclass_imbalance.ipynb.

        Args:
            labels: ``[N]`` integer class ids of the full training set, in dataset order.
            seed: seed of the random draw (the same seed gives the same subset).

        Returns:
            int64 array of row indices into the training set.
        """
        ids = as_label_array(labels, "labels", ndim=1)
        if self.undersample is None:
            return np.arange(ids.size, dtype=np.int64)
        return undersample(ids, max_ratio=float(self.undersample), seed=seed)


@dataclass
class VariantResult:
    """What one variant produced: training time and, per split, ``(y_true, scores)``."""

    name: str
    seconds: float
    predictions: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


@dataclass
class Comparison:
    """Result of :func:`compare_variants`.

    Attributes:
        table: one row per variant (index "variant"); columns ``<split>_<metric>`` from
            :func:`focus_scores`, plus "description", "train_examples" (rows of the trainer's
            training set, NaN when it has no length) and "train_seconds".
        results: per-variant predictions, to build reports for any variant afterwards.
    """

    table: pd.DataFrame
    results: dict[str, VariantResult]

    def predictions(self, variant: str, split: str) -> tuple[np.ndarray, np.ndarray]:
        """``(y_true, scores)`` of ``variant`` on ``split``, aligned row by row."""
        if variant not in self.results:
            raise KeyError(f"no variant {variant!r}; known: {list(self.results)}")
        per_split = self.results[variant].predictions
        if split not in per_split:
            raise KeyError(
                f"variant {variant!r} was not scored on {split!r}; known: {list(per_split)}"
            )
        return per_split[split]


def _names(label_names: Sequence[str] | Mapping[int, str]) -> list[str]:
    names = label_names_from(label_names)
    if not names:
        raise ValueError("label_names is empty: pass the class names indexed by id")
    return names


def rarest_classes(
    labels: Any, label_names: Sequence[str] | Mapping[int, str], k: int = 3
) -> list[str]:
    """Names of the ``k`` least frequent classes in ``labels`` (ties: lower class id first).

    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        labels: ``[N]`` integer class ids, usually the training labels.
        label_names: class names indexed by id.
        k: how many classes to return, between 1 and the number of classes.

    Returns:
        class names, rarest first.
    """
    names = _names(label_names)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an int, got {type(k).__name__}")
    if not 1 <= k <= len(names):
        raise ValueError(f"k must lie between 1 and {len(names)} (the number of classes), got {k}")
    counts = class_counts(labels, len(names))
    order = np.argsort(counts, kind="stable")
    return [names[i] for i in order[:k]]


def focus_scores(
    y_true: Any,
    y_pred: Any,
    label_names: Sequence[str] | Mapping[int, str],
    focus: Sequence[str],
) -> dict[str, float]:
    """Accuracy, macro-F1 and the F1 of a few classes that matter most (e.g. the rarest).

    Macro-F1 averages over *all* classes of ``label_names`` (a class never predicted and never
    present counts as 0), so a model that ignores a class cannot hide it.
    Behind :func:`compare_variants`.

    Args:
        y_true: ``[N]`` true class ids.
        y_pred: ``[N]`` predicted ids or ``[N, C]`` scores (arg-maxed).
        label_names: class names indexed by id.
        focus: names of the classes to report separately (non-empty).

    Returns:
        ``{"accuracy", "macro_f1", "focus_f1", "f1_<name>" for each focus class}``, where
        ``focus_f1`` is the mean F1 of the focus classes.
    """
    names = _names(label_names)
    if isinstance(focus, str) or not focus:
        raise ValueError("focus must be a non-empty list of class names")
    unknown = [name for name in focus if name not in names]
    if unknown:
        raise ValueError(f"focus classes {unknown} are not in label_names {names}")
    truth = as_label_array(y_true, "y_true", ndim=1)
    pred = hard_predictions(y_pred, "y_pred")
    if np.ndim(y_pred) == 2 and np.shape(y_pred)[1] != len(names):
        raise ValueError(
            f"y_pred has {np.shape(y_pred)[1]} score columns but label_names has {len(names)}"
        )
    check_same_length(truth, pred, ("y_true", "y_pred"))
    check_label_range(truth, len(names), "y_true")
    check_label_range(pred, len(names), "y_pred")
    per_class = f1_score(truth, pred, labels=np.arange(len(names)), average=None, zero_division=0)
    picked = {name: float(per_class[names.index(name)]) for name in focus}
    return {
        "accuracy": float(accuracy_score(truth, pred)),
        "macro_f1": float(per_class.mean()),
        "focus_f1": float(np.mean(list(picked.values()))),
        **{f"f1_{name}": value for name, value in picked.items()},
    }


def compare_variants(
    build_trainer: Callable[[Variant], Any],
    variants: Sequence[Variant],
    eval_sets: Mapping[str, Any],
    label_names: Sequence[str] | Mapping[int, str],
    focus: Sequence[str],
    verbose: bool = True,
) -> Comparison:
    """Train every variant with ``build_trainer(variant)`` and score it on ``eval_sets``.

    For each variant: build a fresh trainer, ``train()`` it, then ``predict`` every evaluation
    split and compute :func:`focus_scores` from the returned ``label_ids`` and
    ``predictions`` (never from the dataset's label column, whose order may differ). The
    trainer is dropped before the next variant, so only predictions stay in memory.
    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        build_trainer: variant -> a fresh, seeded ``Trainer`` (e.g. ``LossTrainer`` built with
            ``variant.loss_fn`` and ``variant.oversample``, training on the rows of
            ``variant.train_indices(train_labels)``).
        variants: the setups to compare; names must be unique.
        eval_sets: split name -> tokenized dataset with labels, e.g.
            ``{"validation": enc["validation"], "test": enc["test"]}``.
        label_names: class names indexed by id.
        focus: classes whose F1 gets its own columns (e.g. from :func:`rarest_classes`).
        verbose: print one line per finished variant.

    Returns:
        a :class:`Comparison` with the table and every variant's predictions.
    """
    if not callable(build_trainer):
        raise TypeError("build_trainer must be a function: variant -> Trainer")
    if isinstance(variants, Variant) or not variants:
        raise ValueError("variants must be a non-empty list of Variant objects")
    bad = [v for v in variants if not isinstance(v, Variant)]
    if bad:
        raise TypeError(f"every variant must be a Variant, got {type(bad[0]).__name__}")
    names = [v.name for v in variants]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"variant names must be unique; repeated: {duplicates}")
    if not isinstance(eval_sets, Mapping) or not eval_sets:
        raise ValueError("eval_sets must be a non-empty dict: split name -> dataset")
    label_list = _names(label_names)
    focus_scores(
        np.zeros(1, dtype=int), np.zeros(1, dtype=int), label_list, focus
    )  # validate early

    rows: dict[str, dict[str, Any]] = {}
    results: dict[str, VariantResult] = {}
    for variant in variants:
        trainer = build_trainer(variant)
        start = time.perf_counter()
        trainer.train()
        seconds = time.perf_counter() - start
        result = VariantResult(variant.name, seconds)
        row: dict[str, Any] = {"description": variant.description}
        for split, dataset in eval_sets.items():
            output = trainer.predict(dataset)
            if output.label_ids is None:
                raise ValueError(
                    f"the {split!r} split has no labels: compare_variants needs a 'labels' or "
                    "'label' column to score predictions"
                )
            scores = output.predictions
            if isinstance(scores, tuple):  # models that also return hidden states
                scores = scores[0]
            y_true = np.asarray(output.label_ids).reshape(-1)
            scores = np.asarray(scores)
            result.predictions[split] = (y_true, scores)
            for key, value in focus_scores(y_true, scores, label_list, focus).items():
                row[f"{split}_{key}"] = value
        train_dataset = getattr(trainer, "train_dataset", None)
        row["train_examples"] = (
            len(train_dataset) if hasattr(train_dataset, "__len__") else float("nan")
        )
        row["train_seconds"] = seconds
        rows[variant.name] = row
        results[variant.name] = result
        if verbose:
            first = next(iter(eval_sets))
            print(
                f"{variant.name:<24} {first} macro-F1 {row[f'{first}_macro_f1']:.3f} | "
                f"focus F1 {row[f'{first}_focus_f1']:.3f}"
            )
        del trainer
        gc.collect()
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("variant")
    return Comparison(table=table, results=results)
