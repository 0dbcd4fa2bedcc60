"""Per-class loss weights for imbalanced single-label classification.

Taught in: lessons/02_multiclass_imbalance.ipynb.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from course_lib._validation import as_label_array, check_choice, check_label_range

__all__ = ["STRATEGIES", "class_counts", "class_weights_tensor", "compute_class_weights"]

#: Weighting strategies accepted by :func:`compute_class_weights`.
STRATEGIES = ("inverse", "sqrt_inverse", "effective")


def class_counts(labels: Sequence[int] | np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """Count examples per class id, checking that every label is a valid class id.

    Behind :func:`compute_class_weights` and the sampling helpers.

    Args:
        labels: ``[N]`` integer class ids.
        num_classes: number of classes; default ``max(labels) + 1``. Pass it so that a class
            missing from ``labels`` shows up as a zero count instead of silently vanishing.

    Returns:
        int64 array of length ``num_classes``.
    """
    ids = as_label_array(labels, "labels", ndim=1)
    if ids.min() < 0:
        raise ValueError(f"labels contains negative label {ids.min()}; class ids start at 0")
    if num_classes is None:
        num_classes = int(ids.max()) + 1
    elif isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)):
        raise TypeError(f"num_classes must be an int, got {type(num_classes).__name__}")
    elif num_classes < 1:
        raise ValueError(f"num_classes must be at least 1, got {num_classes}")
    check_label_range(ids, int(num_classes), "labels")
    return np.bincount(ids, minlength=int(num_classes)).astype(np.int64)


def compute_class_weights(
    labels: Sequence[int] | np.ndarray,
    num_classes: int | None = None,
    strategy: str = "inverse",
    beta: float = 0.999,
) -> np.ndarray:
    """Per-class weights from label frequencies, normalised so that their mean is 1.

    With ``n`` examples, ``k`` classes and ``count[c]`` examples of class ``c``:

    * ``"inverse"``: ``n / (k * count[c])`` (scikit-learn's "balanced" weights).
    * ``"sqrt_inverse"``: ``sqrt(n / (k * count[c]))``, a gentler correction.
    * ``"effective"``: ``(1 - beta) / (1 - beta ** count[c])``, the "effective number of
      samples" weighting of Cui et al. (CVPR 2019). ``beta -> 0`` gives equal weights,
      ``beta -> 1`` approaches inverse frequency.

    All three are then divided by their mean, so the average weight is exactly 1 and the
    overall loss scale (and a tuned learning rate) stays comparable to unweighted training.
    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        labels: ``[N]`` integer class ids of the training set.
        num_classes: number of classes (recommended); a class with zero examples is an error,
            because its weight would be infinite.
        strategy: one of :data:`STRATEGIES`.
        beta: the hyper-parameter of ``"effective"``, strictly between 0 and 1.

    Returns:
        float64 array of length ``num_classes`` with mean 1.
    """
    check_choice(strategy, "strategy", STRATEGIES)
    if isinstance(beta, bool) or not isinstance(beta, (int, float, np.floating)):
        raise TypeError(f"beta must be a float, got {type(beta).__name__}")
    if not 0.0 < float(beta) < 1.0:
        raise ValueError(f"beta must lie strictly between 0 and 1, got {beta}")
    counts = class_counts(labels, num_classes)
    empty = np.flatnonzero(counts == 0)
    if empty.size:
        raise ValueError(
            f"class(es) {empty.tolist()} have zero examples in labels, so their weight would be "
            "infinite; check num_classes and the label map, or drop the class"
        )
    counts_f = counts.astype(np.float64)
    if strategy == "effective":
        # 1 - beta**count, computed without cancellation for beta close to 1.
        weights = (1.0 - beta) / -np.expm1(counts_f * np.log(beta))
    else:
        weights = counts_f.sum() / (counts.size * counts_f)
        if strategy == "sqrt_inverse":
            weights = np.sqrt(weights)
    return weights / weights.mean()


def class_weights_tensor(
    labels: Sequence[int] | np.ndarray,
    num_classes: int | None = None,
    strategy: str = "inverse",
    beta: float = 0.999,
    device: Any = None,
) -> Any:
    """:func:`compute_class_weights` as a ``torch.float32`` tensor, ready for a loss module.

    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        labels: ``[N]`` integer class ids of the training set.
        num_classes: number of classes.
        strategy: one of :data:`STRATEGIES`.
        beta: the hyper-parameter of ``"effective"``.
        device: torch device for the tensor (default: CPU).

    Returns:
        ``torch.Tensor`` of shape ``[num_classes]``, dtype float32.
    """
    import torch

    weights = compute_class_weights(labels, num_classes, strategy=strategy, beta=beta)
    return torch.tensor(weights, dtype=torch.float32, device=device)
