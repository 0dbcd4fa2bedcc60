"""Turning scores into probabilities, and checking whether those probabilities can be trusted.

Taught in: lessons/06_evaluation_error_analysis.ipynb (calibration, temperature scaling);
``softmax``/``sigmoid`` also serve lessons/03_multilabel_moderation.ipynb.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from course_lib._validation import (
    as_float_array,
    as_label_array,
    check_label_range,
    check_same_length,
    looks_like_probabilities,
    looks_like_simplex,
)

__all__ = [
    "apply_temperature",
    "expected_calibration_error",
    "fit_temperature",
    "reliability_table",
    "sigmoid",
    "softmax",
]


def softmax(logits: Any, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax along ``axis`` (subtracts the row maximum first).

    Taught in: lessons/03_multilabel_moderation.ipynb and lessons/06_evaluation_error_analysis.ipynb.

    Args:
        logits: array-like of raw scores, e.g. ``[N, C]`` model outputs.
        axis: the class axis.

    Returns:
        float64 array of the same shape whose slices along ``axis`` sum to 1.
    """
    z = as_float_array(logits, "logits")
    if z.ndim == 0:
        raise ValueError("logits must have at least one dimension (the class axis)")
    z = z - z.max(axis=axis, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=axis, keepdims=True)
    return z


def sigmoid(logits: Any) -> np.ndarray:
    """Numerically stable logistic function ``1 / (1 + exp(-x))``, element-wise.

    Never overflows: uses ``exp(-|x|)`` so large positive and negative inputs are both safe.
    Taught in: lessons/03_multilabel_moderation.ipynb.

    Args:
        logits: array-like of raw scores of any shape.

    Returns:
        float64 array of the same shape with values in ``[0, 1]``.
    """
    x = as_float_array(logits, "logits", allow_empty=True)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# --------------------------------------------------------------------------------------------
# Calibration error
# --------------------------------------------------------------------------------------------


def _top_label(probs: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    """Confidence of the predicted class and whether it was right, for ECE and its table.

    Accepts ``[N, C]`` class probabilities or ``[N]`` positive-class probabilities of a binary
    task (read as ``[1 - p, p]``).
    """
    p = as_float_array(probs, "probs", ndim=(1, 2))
    truth = as_label_array(labels, "labels", ndim=1)
    check_same_length(p, truth, ("probs", "labels"))
    if not looks_like_probabilities(p) or (p.ndim == 2 and not looks_like_simplex(p, atol=1e-3)):
        raise ValueError(
            "probs must be probabilities (rows in [0, 1] summing to 1, or binary positive-class "
            "probabilities in [0, 1]); these look like logits: apply softmax/sigmoid first"
        )
    if p.ndim == 1:
        check_label_range(truth, 2, "labels")
        predicted = (p >= 0.5).astype(np.int64)
        confidence = np.where(predicted == 1, p, 1.0 - p)
    else:
        check_label_range(truth, p.shape[1], "labels")
        predicted = p.argmax(axis=1)
        confidence = p.max(axis=1)
    return confidence, (predicted == truth).astype(np.float64)


def _check_bins(n_bins: int) -> int:
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    return int(n_bins)


def reliability_table(probs: Any, labels: Any, n_bins: int = 15) -> pd.DataFrame:
    """Per-bin confidence vs accuracy of the top-label prediction (equal-width bins).

    Bin ``b`` covers confidences in ``(b / n_bins, (b + 1) / n_bins]`` (the first bin also
    includes 0). Empty bins are kept with count 0 and NaN confidence/accuracy, so the table
    always has ``n_bins`` rows. Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        probs: ``[N, C]`` class probabilities, or ``[N]`` positive-class probabilities.
        labels: ``[N]`` true class ids.
        n_bins: number of equal-width confidence bins.

    Returns:
        DataFrame with columns bin_lower, bin_upper, count, confidence, accuracy, gap
        (``accuracy - confidence``: negative means over-confident).
    """
    bins = _check_bins(n_bins)
    confidence, correct = _top_label(probs, labels)
    index = np.clip(np.ceil(confidence * bins).astype(np.int64) - 1, 0, bins - 1)
    count = np.bincount(index, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(index, weights=confidence, minlength=bins) / count
        accuracy = np.bincount(index, weights=correct, minlength=bins) / count
    edges = np.linspace(0.0, 1.0, bins + 1)
    return pd.DataFrame(
        {
            "bin_lower": edges[:-1],
            "bin_upper": edges[1:],
            "count": count,
            "confidence": mean_conf,
            "accuracy": accuracy,
            "gap": accuracy - mean_conf,
        }
    )


def expected_calibration_error(probs: Any, labels: Any, n_bins: int = 15) -> float:
    """Top-label expected calibration error: ``sum_b (n_b / N) * |accuracy_b - confidence_b|``.

    0 means perfectly calibrated; a model that says 90% and is right 70% of the time in that
    bin contributes 0.2 times that bin's share of examples.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        probs: ``[N, C]`` class probabilities, or ``[N]`` positive-class probabilities of a
            binary task (the top label is then ``p >= 0.5``).
        labels: ``[N]`` true class ids.
        n_bins: number of equal-width confidence bins.
    """
    table = reliability_table(probs, labels, n_bins)
    filled = table[table["count"] > 0]
    weights = filled["count"] / filled["count"].sum()
    return float((weights * filled["gap"].abs()).sum())


# --------------------------------------------------------------------------------------------
# Temperature scaling
# --------------------------------------------------------------------------------------------

#: Search range of the temperature in :func:`fit_temperature`.
TEMPERATURE_BOUNDS = (0.01, 100.0)


def _checked_logits(logits: Any, name: str = "logits") -> np.ndarray:
    z = as_float_array(logits, name, ndim=(1, 2))
    if z.ndim == 2 and looks_like_simplex(z):
        raise ValueError(
            f"{name} look like probabilities (rows in [0, 1] summing to 1); temperature "
            "scaling needs the raw logits (pass the model outputs before softmax)"
        )
    if z.ndim == 1 and looks_like_probabilities(z):
        warnings.warn(
            f"every value of {name} lies in [0, 1]: are these sigmoid probabilities? "
            "Temperature scaling expects raw logits",
            stacklevel=3,
        )
    return z


def _negative_log_likelihood(z: np.ndarray, truth: np.ndarray, inverse_t: float) -> float:
    scaled = z * inverse_t
    if z.ndim == 1:
        # binary: -log sigmoid(s) for positives, -log sigmoid(-s) for negatives
        signed = np.where(truth == 1, scaled, -scaled)
        return float(np.mean(np.logaddexp(0.0, -signed)))
    log_norm = np.logaddexp.reduce(scaled, axis=1)
    return float(np.mean(log_norm - scaled[np.arange(truth.size), truth]))


def fit_temperature(logits: Any, labels: Any) -> float:
    """Temperature ``T > 0`` minimising the validation negative log-likelihood of ``logits / T``.

    ``T > 1`` softens over-confident predictions, ``T < 1`` sharpens; the argmax (and hence
    accuracy) never changes. The NLL is convex in ``1 / T``, so a bounded scalar search over
    ``1 / T`` finds the global optimum within :data:`TEMPERATURE_BOUNDS`.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        logits: ``[N, C]`` validation logits, or ``[N]`` binary logits (one per example).
        labels: ``[N]`` true class ids (0/1 for binary logits).

    Returns:
        the fitted temperature as a float.
    """
    from scipy.optimize import minimize_scalar

    z = _checked_logits(logits)
    truth = as_label_array(labels, "labels", ndim=1)
    check_same_length(z, truth, ("logits", "labels"))
    check_label_range(truth, 2 if z.ndim == 1 else z.shape[1], "labels")
    low, high = TEMPERATURE_BOUNDS
    result = minimize_scalar(
        lambda inv_t: _negative_log_likelihood(z, truth, inv_t),
        bounds=(1.0 / high, 1.0 / low),
        method="bounded",
        options={"xatol": 1e-7},
    )
    temperature = 1.0 / float(result.x)
    if not low * 1.01 < temperature < high * 0.99:
        warnings.warn(
            f"fitted temperature {temperature:.3g} is at the edge of the search range "
            f"{TEMPERATURE_BOUNDS}; the logits may be constant or perfectly separable",
            stacklevel=2,
        )
    return temperature


def apply_temperature(logits: Any, temperature: float, return_probs: bool = True) -> np.ndarray:
    """Divide logits by a temperature and (by default) turn them into probabilities.

    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        logits: ``[N, C]`` logits (softmax), or ``[N]`` binary logits (sigmoid).
        temperature: a positive number, usually from :func:`fit_temperature`.
        return_probs: True for calibrated probabilities, False for the scaled logits.

    Returns:
        float64 array of the same shape as ``logits``.
    """
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.floating)):
        raise TypeError(f"temperature must be a number, got {type(temperature).__name__}")
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature}")
    scaled = _checked_logits(logits) / float(temperature)
    if not return_probs:
        return scaled
    return sigmoid(scaled) if scaled.ndim == 1 else softmax(scaled, axis=-1)
