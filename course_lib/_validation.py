"""Input checks shared by the analytic modules of course_lib (private).

Every public helper validates its arguments through these functions so that a learner who passes
the wrong thing gets one clear ``ValueError``/``TypeError`` naming the argument, instead of a
broadcasting surprise three calls deeper. Nothing here is taught directly; the lessons meet it
through the errors it raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "column_values",
    "as_float_array",
    "as_label_array",
    "as_multi_hot",
    "check_choice",
    "check_probabilities",
    "check_label_range",
    "check_same_length",
    "label_names_from",
    "looks_like_probabilities",
    "looks_like_simplex",
    "to_numpy",
]


def column_values(values: Any) -> Any:
    """A ``datasets`` column (what ``dataset["label"]`` returns in datasets >= 4) as a list.

    Iterating such a column reads one row at a time: seconds for the 60k MNLI pairs of the full
    profile, where slicing it reads the whole column at once. Anything else comes back unchanged.
    """
    if type(values).__name__ == "Column" and hasattr(values, "column_name"):
        return values[:]
    return values


def to_numpy(values: Any, name: str) -> np.ndarray:
    """Convert lists, numpy arrays and torch tensors to a numpy array.

    Args:
        values: array-like input (list, tuple, numpy array, torch tensor, pandas Series).
        name: argument name used in error messages.
    """
    if values is None:
        raise TypeError(f"{name} must be an array-like of numbers, got None")
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be an array-like of numbers, got a string")
    if isinstance(values, Mapping):
        raise TypeError(f"{name} must be an array-like of numbers, got a mapping")
    values = column_values(values)
    # torch tensors: detach and move to CPU without importing torch here.
    if hasattr(values, "detach") and hasattr(values, "cpu"):
        values = values.detach().cpu()
        if str(getattr(values, "dtype", "")) == "torch.bfloat16":
            values = values.float()
        values = values.numpy()
    try:
        array = np.asarray(values)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array-like (all rows the same length): {exc}"
        ) from exc
    if array.dtype == object:
        raise ValueError(
            f"{name} must be a rectangular array of numbers; got ragged or mixed-type values"
        )
    return array


def _check_ndim(array: np.ndarray, name: str, ndim: int | tuple[int, ...] | None) -> None:
    if ndim is None:
        return
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if array.ndim not in allowed:
        want = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{name} must be {want}, got shape {array.shape}")


def as_float_array(
    values: Any,
    name: str,
    ndim: int | tuple[int, ...] | None = None,
    allow_empty: bool = False,
) -> np.ndarray:
    """Return ``values`` as a finite float64 array, or raise naming ``name``.

    Args:
        values: array-like of numbers.
        name: argument name used in error messages.
        ndim: required number of dimensions (one int or a tuple of allowed values).
        allow_empty: whether a zero-size array is acceptable.
    """
    array = to_numpy(values, name)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    _check_ndim(array, name, ndim)
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; need at least one value")
    if not np.all(np.isfinite(array)):
        n_bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} contains {n_bad} NaN or infinite value(s)")
    return array


def as_label_array(
    values: Any,
    name: str,
    ndim: int | tuple[int, ...] = 1,
    allow_empty: bool = False,
) -> np.ndarray:
    """Return integer class ids as an int64 array, or raise naming ``name``.

    Floats are accepted only when they are whole numbers (``1.0`` is fine, ``0.7`` is not: that
    is a probability or a score, not a label).

    Args:
        values: array-like of integer class ids.
        name: argument name used in error messages.
        ndim: required number of dimensions.
        allow_empty: whether a zero-size array is acceptable.
    """
    array = to_numpy(values, name)
    _check_ndim(array, name, ndim)
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; need at least one label")
    if array.dtype.kind == "b":
        return array.astype(np.int64)
    if array.dtype.kind in "iu":
        return array.astype(np.int64, copy=False)
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{name} contains NaN or infinite values")
        if not np.all(array == np.round(array)):
            raise ValueError(
                f"{name} must hold integer class ids, got non-integer floats such as "
                f"{array[array != np.round(array)].flat[0]!r} (probabilities or scores?)"
            )
        return array.astype(np.int64)
    raise TypeError(f"{name} must hold integer class ids, got dtype {array.dtype}")


def as_multi_hot(values: Any, name: str) -> np.ndarray:
    """Return a 2-D multi-hot matrix ``[N, L]`` of 0/1 as int64, or raise naming ``name``.

    Args:
        values: array-like ``[N, L]`` of 0/1 (bool, int or float).
        name: argument name used in error messages.
    """
    array = as_label_array(values, name, ndim=2)
    if array.shape[1] == 0:
        raise ValueError(f"{name} has zero label columns; expected shape [N, L] with L >= 1")
    bad = (array != 0) & (array != 1)
    if bad.any():
        raise ValueError(
            f"{name} must be multi-hot (only 0 and 1), found value {array[bad].flat[0]}"
        )
    return array


def check_same_length(first: np.ndarray, second: np.ndarray, names: tuple[str, str]) -> None:
    """Raise if two arrays disagree on their first dimension.

    Args:
        first: first array.
        second: second array.
        names: the two argument names, in order, for the error message.
    """
    if first.shape[0] != second.shape[0]:
        raise ValueError(
            f"{names[0]} and {names[1]} have different lengths: "
            f"{first.shape[0]} vs {second.shape[0]} (shapes {first.shape} and {second.shape})"
        )


def check_label_range(labels: np.ndarray, num_classes: int, name: str) -> None:
    """Raise if any label falls outside ``[0, num_classes)``.

    Args:
        labels: integer labels (already validated by :func:`as_label_array`).
        num_classes: number of classes.
        name: argument name used in error messages.
    """
    if labels.size == 0:
        return
    low, high = int(labels.min()), int(labels.max())
    if low < 0 or high >= num_classes:
        bad = low if low < 0 else high
        raise ValueError(
            f"{name} contains label {bad}, outside the valid range [0, {num_classes}) "
            f"for {num_classes} classes"
        )


def check_choice(value: Any, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a ValueError listing them.

    Args:
        value: the user's choice.
        name: argument name used in error messages.
        choices: allowed values.
    """
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"unknown {name} {value!r}; choose one of {', '.join(map(repr, choices))}")
    return value


def check_positive_int(value: Any, name: str, minimum: int = 1) -> None:
    """Raise a ValueError unless ``value`` is an integer (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}.")


def label_names_from(
    label_names: Sequence[str] | Mapping[int, str] | None, name: str = "label_names"
) -> list[str] | None:
    """Normalise a list of names or an ``id2label`` mapping to a list indexed by class id.

    Args:
        label_names: ``["neg", "pos"]`` or ``{0: "neg", 1: "pos"}`` or None.
        name: argument name used in error messages.
    """
    if label_names is None:
        return None
    if isinstance(label_names, str):
        raise TypeError(f"{name} must be a sequence of strings or an id->name mapping, not a str")
    if isinstance(label_names, Mapping):
        try:
            keys = sorted(int(k) for k in label_names)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} mapping keys must be integer class ids") from exc
        if keys != list(range(len(keys))):
            raise ValueError(f"{name} mapping keys must be 0..{len(keys) - 1}, got {keys}")
        lookup = {int(k): v for k, v in label_names.items()}
        names = [str(lookup[k]) for k in keys]
    else:
        names = [str(n) for n in label_names]
    if not names:
        raise ValueError(f"{name} is empty")
    if len(set(names)) != len(names):
        raise ValueError(f"{name} contains duplicate names: {names}")
    return names


def required_label_names(
    label_names: Sequence[str] | Mapping[int, str], name: str = "label_names"
) -> list[str]:
    """:func:`label_names_from` for helpers that cannot work without the names (None raises)."""
    names = label_names_from(label_names, name)
    if names is None:
        raise TypeError(f"{name} is required: pass the label names or the model's id2label")
    return names


def looks_like_probabilities(values: np.ndarray) -> bool:
    """True when every value lies in ``[0, 1]`` (necessary for probabilities, not sufficient)."""
    return bool(values.size > 0 and values.min() >= 0.0 and values.max() <= 1.0)


def check_probabilities(values: np.ndarray, name: str) -> None:
    """Raise if ``values`` cannot be probabilities (some value outside [0, 1]: logits?).

    Args:
        values: float array (already validated).
        name: argument name used in error messages.
    """
    if not looks_like_probabilities(values):
        raise ValueError(
            f"{name} must be probabilities in [0, 1]; these look like logits: apply "
            "course_lib.calibration.sigmoid (multi-label) or softmax first"
        )


def looks_like_simplex(values: np.ndarray, atol: float = 1e-4) -> bool:
    """True when the last axis looks like a probability distribution (rows in [0,1] summing to 1).

    Used to catch softmax outputs passed where logits are expected: a row of logits summing to
    exactly one with every entry in [0, 1] essentially never happens by chance for two or more
    classes.
    """
    if values.ndim < 1 or values.shape[-1] < 2 or values.size == 0:
        return False
    return looks_like_probabilities(values) and bool(
        np.allclose(values.sum(axis=-1), 1.0, atol=atol)
    )
