"""Per-label decision thresholds for multi-label classification.

A sigmoid output of 0.5 is rarely the best cut-off for a rare label. :func:`tune_thresholds`
picks, for each label independently, the threshold that maximises F1 on a validation set: it
sorts the scores once and reads precision and recall at *every* possible cut from cumulative
counts, so it is exact (no grid) and runs in ``O(N log N)`` per label, vectorised over labels.

Taught in: lessons/03_multilabel_moderation.ipynb.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from course_lib._validation import as_float_array, as_multi_hot, check_probabilities

__all__ = ["apply_thresholds", "per_label_f1", "tune_thresholds"]


def _checked_probs_and_labels(probs: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    scores = as_float_array(probs, "probs", ndim=2)
    truth = as_multi_hot(labels, "labels")
    if scores.shape != truth.shape:
        raise ValueError(
            f"probs shape {scores.shape} does not match labels shape {truth.shape}; both "
            "must be [N, L] (use reshape(-1, 1) for a single label)"
        )
    check_probabilities(scores, "probs")
    return scores, truth


def _check_beta(beta: float) -> float:
    if isinstance(beta, bool) or not isinstance(beta, (int, float)) or not beta > 0:
        raise ValueError(f"beta must be a positive number, got {beta!r}")
    return float(beta)


def tune_thresholds(
    probs: Any,
    labels: Any,
    fallback: float = 0.5,
    beta: float = 1.0,
) -> np.ndarray:
    """Per-label thresholds that maximise F1 (or F-beta) on validation data.

    For each label the examples are sorted by score; predicting the top ``k`` as positive gives
    ``TP = cumsum(labels)[k]`` and ``FP = k - TP``, hence F-beta at every cut in one pass.
    Cuts that would split examples with *equal* scores are skipped (a threshold cannot
    separate them). The returned threshold lies halfway between the last score predicted
    positive and the next lower score, and predictions use ``prob >= threshold``.
    Among cuts with equal F1 the one with the fewest positives (highest threshold) wins.

    Labels with no positive example in ``labels`` have no meaningful best threshold (F1 is 0
    everywhere); they get ``fallback`` and a ``UserWarning`` naming them.
    Taught in: lessons/03_multilabel_moderation.ipynb.

    Args:
        probs: ``[N, L]`` predicted probabilities (sigmoid outputs) on the validation set.
        labels: ``[N, L]`` multi-hot truth (0/1).
        fallback: threshold used for labels without positives, in (0, 1).
        beta: F-beta's beta (1 = F1; > 1 favours recall, < 1 precision).

    Returns:
        float64 array ``[L]`` of thresholds.
    """
    scores, truth = _checked_probs_and_labels(probs, labels)
    beta2 = _check_beta(beta) ** 2
    if not 0.0 < fallback < 1.0:
        raise ValueError(f"fallback must lie strictly between 0 and 1, got {fallback}")
    # Work label-major ([L, N], contiguous rows): sorting each row is much faster than axis 0.
    # The sort need not be stable: cuts inside a group of tied scores are never used, and the
    # cumulative counts at the end of a tie group do not depend on the order within it.
    by_label = np.ascontiguousarray(scores.T)
    n = by_label.shape[1]
    flat_order = np.argsort(-by_label, axis=1) + (np.arange(by_label.shape[0]) * n)[:, None]
    sorted_scores = by_label.ravel()[flat_order]
    sorted_truth = np.ascontiguousarray(truth.T, dtype=np.int32).ravel()[flat_order]
    tp = np.cumsum(sorted_truth, axis=1, dtype=np.float64)
    predicted = np.arange(1, n + 1, dtype=np.float64)  # TP + FP at each cut
    positives = tp[:, -1]
    # F-beta = (1 + b^2) TP / ((1 + b^2) TP + b^2 FN + FP) = (1 + b^2) TP / (predicted + b^2 P)
    fbeta = (1.0 + beta2) * tp / (predicted + beta2 * positives[:, None])
    # A cut after position k is only realisable when the next score is strictly lower.
    fbeta[:, :-1][sorted_scores[:, :-1] <= sorted_scores[:, 1:]] = -1.0
    best = np.argmax(fbeta, axis=1)  # first maximum: the fewest positives
    rows = np.arange(by_label.shape[0])
    upper = sorted_scores[rows, best]
    lower = sorted_scores[rows, np.minimum(best + 1, n - 1)]
    middle = (upper + lower) / 2.0
    # Keep the cut where it belongs: above the next score, never above the last positive.
    thresholds = np.where((best < n - 1) & (middle > lower), middle, upper)
    empty = np.flatnonzero(positives == 0)
    if empty.size:
        warnings.warn(
            f"label column(s) {empty.tolist()} have no positive example in labels; their "
            f"threshold is the fallback {fallback}",
            stacklevel=2,
        )
        thresholds[empty] = fallback
    return thresholds


def apply_thresholds(probs: Any, thresholds: float | Any) -> np.ndarray:
    """Multi-hot predictions: 1 where ``probs >= threshold`` of that label, else 0.

    Behind :func:`per_label_f1` and :func:`tune_thresholds`.

    Args:
        probs: ``[N, L]`` probabilities.
        thresholds: one threshold for all labels, or ``[L]`` per-label thresholds.

    Returns:
        int64 array ``[N, L]`` of 0/1.
    """
    scores = as_float_array(probs, "probs", ndim=2)
    check_probabilities(scores, "probs")
    cut = as_float_array(thresholds, "thresholds", ndim=(0, 1))
    if cut.ndim == 1 and cut.shape[0] != scores.shape[1]:
        raise ValueError(
            f"thresholds has {cut.shape[0]} values but probs has {scores.shape[1]} labels"
        )
    if np.any(cut < 0) or np.any(cut > 1):
        raise ValueError("thresholds must lie in [0, 1]")
    return (scores >= cut).astype(np.int64)


def per_label_f1(probs: Any, labels: Any, thresholds: float | Any, beta: float = 1.0) -> np.ndarray:
    """F1 (or F-beta) of each label at the given thresholds; 0 for a label never positive.

    Taught in: lessons/03_multilabel_moderation.ipynb.

    Args:
        probs: ``[N, L]`` probabilities.
        labels: ``[N, L]`` multi-hot truth.
        thresholds: one threshold or ``[L]`` thresholds.
        beta: F-beta's beta.

    Returns:
        float64 array ``[L]``.
    """
    scores, truth = _checked_probs_and_labels(probs, labels)
    beta2 = _check_beta(beta) ** 2
    pred = apply_thresholds(scores, thresholds)
    tp = (pred & truth).sum(axis=0).astype(np.float64)
    denominator = pred.sum(axis=0) + beta2 * truth.sum(axis=0)
    return np.divide((1 + beta2) * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)
