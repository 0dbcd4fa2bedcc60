"""Turning scores into probabilities, and checking whether those probabilities can be trusted.

Taught in: lessons/06_evaluation_error_analysis.ipynb (calibration, temperature scaling);
``softmax``/``sigmoid`` first appear in lessons/01_binary_sentiment.ipynb.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib._validation import as_float_array

__all__ = ["sigmoid", "softmax"]


def softmax(logits: Any, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax along ``axis`` (subtracts the row maximum first).

    Taught in: lessons/01_binary_sentiment.ipynb.

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
    Taught in: lessons/01_binary_sentiment.ipynb and lessons/03_multilabel_moderation.ipynb.

    Args:
        logits: array-like of raw scores of any shape.

    Returns:
        float64 array of the same shape with values in ``[0, 1]``.
    """
    x = as_float_array(logits, "logits", allow_empty=True)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
