"""Looking past one headline number: per-example losses, worst errors, slices, leakage, seed spread.

Taught in: lessons/06_evaluation_error_analysis.ipynb. The functions take plain arrays (logits,
class ids, texts) so they work on ``Trainer.predict`` outputs of any single-label classifier.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from course_lib._validation import (
    as_float_array,
    as_label_array,
    check_choice,
    check_label_range,
    check_positive_int,
    check_same_length,
    looks_like_simplex,
    required_label_names,
    to_numpy,
)
from course_lib.calibration import softmax
from course_lib.hygiene import text_hash

__all__ = [
    "ERROR_KINDS",
    "REVIEW_COLUMNS",
    "ErrorReview",
    "error_review",
    "leaked_mask",
    "length_buckets",
    "near_duplicates",
    "per_example_loss",
    "rare_class_view",
    "seed_variance_summary",
    "slice_metrics",
    "top_errors",
    "wilson_interval",
]

#: What :func:`top_errors` can list.
ERROR_KINDS = ("all", "fp", "fn")


# --------------------------------------------------------------------------------------------
# Per-example loss and the worst errors
# --------------------------------------------------------------------------------------------


def _checked_logits(logits: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    z = as_float_array(logits, "logits", ndim=2)
    if z.shape[1] < 2:
        raise ValueError(f"logits must have at least 2 class columns, got shape {z.shape}")
    if looks_like_simplex(z):
        raise ValueError(
            "logits look like probabilities (rows in [0, 1] summing to 1); pass the raw model "
            "outputs (e.g. trainer.predict(...).predictions), not softmax outputs"
        )
    truth = as_label_array(labels, "labels", ndim=1)
    check_same_length(z, truth, ("logits", "labels"))
    check_label_range(truth, z.shape[1], "labels")
    return z, truth


def per_example_loss(logits: Any, labels: Any) -> np.ndarray:
    """Cross-entropy of every example: ``-log softmax(logits)[gold]``, computed stably.

    The mean of this array is the loss ``Trainer`` reports. A large value means the model put
    little probability on the gold label: a confident mistake, or a wrong gold label.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        logits: ``[N, C]`` raw scores (not probabilities).
        labels: ``[N]`` gold class ids.

    Returns:
        float64 array ``[N]`` of non-negative losses (in nats).
    """
    z, truth = _checked_logits(logits, labels)
    log_norm = np.logaddexp.reduce(z, axis=1)
    return log_norm - z[np.arange(truth.size), truth]


def _class_id(target: int | str, names: list[str]) -> int:
    if isinstance(target, str):
        if target not in names:
            raise ValueError(f"target {target!r} is not a class name; choose one of {names}")
        return names.index(target)
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)):
        raise TypeError(f"target must be a class name or id, got {type(target).__name__}")
    if not 0 <= int(target) < len(names):
        raise ValueError(f"target id {target} is outside 0..{len(names) - 1}")
    return int(target)


def _checked_review_inputs(
    texts: Sequence[str], logits: Any, labels: Any, label_names: Any
) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Logits, labels, class names and texts, checked against each other (behind
    :func:`top_errors` and :func:`error_review`)."""
    z, truth = _checked_logits(logits, labels)
    names = required_label_names(label_names)
    if len(names) != z.shape[1]:
        raise ValueError(
            f"label_names has {len(names)} names but logits have {z.shape[1]} class columns"
        )
    if isinstance(texts, (str, bytes)) or not hasattr(texts, "__len__"):
        raise TypeError("texts must be a sequence of strings (one per example)")
    text_list = list(texts)
    if len(text_list) != truth.size:
        raise ValueError(
            f"texts and labels have different lengths: {len(text_list)} vs {truth.size}"
        )
    return z, truth, names, text_list


def top_errors(
    texts: Sequence[str],
    logits: Any,
    labels: Any,
    label_names: Sequence[str] | Mapping[int, str],
    k: int = 10,
    kind: str = "all",
    target: int | str | None = None,
) -> pd.DataFrame:
    """The ``k`` misclassified examples with the highest loss (the most confident mistakes).

    * ``kind="all"``: every misclassified example;
    * ``kind="fp"``: false positives of ``target``: predicted ``target``, gold is another class;
    * ``kind="fn"``: false negatives of ``target``: gold ``target``, predicted another class.

    In a multi-class problem every error is a false positive of one class and a false negative
    of another, so ``fp``/``fn`` need a ``target`` class (for two classes it defaults to
    class 1). Ties in loss keep the input order. Taught in:
    lessons/06_evaluation_error_analysis.ipynb.

    Args:
        texts: ``[N]`` input texts (what a person reads when reviewing errors).
        logits: ``[N, C]`` raw scores.
        labels: ``[N]`` gold class ids.
        label_names: class names indexed by id.
        k: maximum number of rows to return.
        kind: one of :data:`ERROR_KINDS`.
        target: class name or id for ``kind="fp"``/``"fn"``.

    Returns:
        DataFrame indexed by the example's position in the inputs (``row``) with columns
        text, gold, predicted, confidence (probability of the predicted class), gold_prob and
        loss, sorted by loss, largest first. Fewer than ``k`` rows when there are fewer errors.
    """
    z, truth, names, text_list = _checked_review_inputs(texts, logits, labels, label_names)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    check_choice(kind, "kind", ERROR_KINDS)

    probs = softmax(z, axis=1)
    predicted = probs.argmax(axis=1)
    wrong = predicted != truth
    if kind != "all":
        if target is None:
            if len(names) != 2:
                raise ValueError(
                    f"kind={kind!r} needs target= (a class name or id) when there are "
                    f"{len(names)} classes: say whose false positives/negatives you want"
                )
            target = 1
        cls = _class_id(target, names)
        wrong &= (predicted == cls) if kind == "fp" else (truth == cls)
    loss = per_example_loss(z, truth)
    rows = np.flatnonzero(wrong)
    rows = rows[np.argsort(-loss[rows], kind="stable")][: int(k)]
    lookup = np.asarray(names, dtype=object)
    frame = pd.DataFrame(
        {
            "text": [text_list[i] for i in rows],
            "gold": lookup[truth[rows]],
            "predicted": lookup[predicted[rows]],
            "confidence": probs[rows, predicted[rows]],
            "gold_prob": probs[rows, truth[rows]],
            "loss": loss[rows],
        },
        index=pd.Index(rows, name="row"),
    )
    return frame


# --------------------------------------------------------------------------------------------
# An error review: the worst errors of one split, their confusions and patterns
# --------------------------------------------------------------------------------------------

#: The columns every :attr:`ErrorReview.table` starts with; extra columns may not reuse them.
REVIEW_COLUMNS = (
    "row",
    "text",
    "true",
    "predicted",
    "correct",
    "confidence",
    "gold_prob",
    "loss",
)


@dataclasses.dataclass(frozen=True)
class ErrorReview:
    """What :func:`error_review` hands a reviewer: the rows to read and the tallies of them.

    Attributes:
        table: one row per reviewed example, indexed by ``rank`` (1 = read first): the errors
            by loss, largest first, then (with ``near_misses``) the correct predictions with
            the highest loss. Columns :data:`REVIEW_COLUMNS`, then the extra columns.
        confusions: the reviewed errors counted by ``(true, predicted)`` pair, most frequent
            first, with each pair's ``share`` of the reviewed errors.
        patterns: ``"true"``, ``"predicted"`` and every extra column -> a table indexed by that
            column's values with ``errors`` (reviewed errors with the value), ``share_of_errors``,
            ``share_of_split`` (share of all rows of the split with the value) and ``lift``
            (``share_of_errors / share_of_split``: above 1, the value is over-represented among
            the errors).
        n_rows: number of examples in the split.
        n_errors: misclassified examples in the split (all of them, reviewed or not).
    """

    table: pd.DataFrame
    confusions: pd.DataFrame
    patterns: dict[str, pd.DataFrame]
    n_rows: int
    n_errors: int

    @property
    def errors(self) -> pd.DataFrame:
        """The reviewed rows that are errors (``table`` without the near misses)."""
        return self.table[~self.table["correct"]]


def _extra_columns(columns: Mapping[str, Any] | None, n: int) -> dict[str, np.ndarray]:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise TypeError(
            "columns must be a mapping: column name -> one value per example, e.g. "
            '{"source": df["source"]}'
        )
    extra = {}
    for name, values in columns.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"column names must be non-empty strings, got {name!r}")
        if name in REVIEW_COLUMNS:
            raise ValueError(
                f"column {name!r} would replace one of the review's own columns {REVIEW_COLUMNS}"
            )
        if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
            raise TypeError(f"columns[{name!r}] must be a sequence with one value per example")
        if len(values) != n:
            raise ValueError(
                f"columns[{name!r}] has {len(values)} values but there are {n} examples"
            )
        series = pd.Series(list(values), dtype=object)
        if series.isna().any():
            raise ValueError(f"columns[{name!r}] contains missing values; give every example one")
        extra[name] = series.to_numpy(dtype=object)
    return extra


def _pattern(values: np.ndarray, is_error_reviewed: np.ndarray) -> pd.DataFrame:
    """Per value: reviewed errors, their share, the value's share of the split, and the lift."""
    whole = pd.Series(values).value_counts(sort=False)
    errors = pd.Series(values[is_error_reviewed]).value_counts(sort=False)
    frame = pd.DataFrame({"errors": errors.reindex(whole.index, fill_value=0)})
    total = int(is_error_reviewed.sum())
    frame["share_of_errors"] = frame["errors"] / total if total else 0.0
    frame["share_of_split"] = whole / len(values)
    frame["lift"] = frame["share_of_errors"] / frame["share_of_split"]
    frame.index.name = None
    return frame.sort_values(["errors", "lift"], ascending=False, kind="stable")


def error_review(
    texts: Sequence[str],  # the split's texts, in the row order of ``logits``
    logits: Any,  # [N, C] raw scores, e.g. cl.training.predict_in_order(...).predictions
    labels: Any,  # [N] gold class ids
    label_names: Sequence[str] | Mapping[int, str],  # class names indexed by id
    k: int = 20,  # how many examples to review (20-50 is a sitting's worth of reading)
    columns: Mapping[str, Any] | None = None,  # extra per-example values to show and tally
    near_misses: bool = True,  # fill up to k with the highest-loss correct predictions
) -> ErrorReview:
    """The ``k`` worst examples of one split as a review table, with tallies of their patterns.

    The table lists the misclassified examples by per-example loss (the most confident
    mistakes first). When the split has fewer than ``k`` errors and ``near_misses`` is true,
    the correct predictions with the highest loss (right, but barely) fill the rest, marked
    ``correct=True``. The tallies count the reviewed *errors* only: by ``(true, predicted)``
    pair (:attr:`ErrorReview.confusions`) and, for the gold class, the predicted class and each
    extra column, how over-represented every value is among them compared with the whole split
    (:attr:`ErrorReview.patterns`). Review the validation split: what you decide from the
    review is then measured, once, on test. Ties in loss keep the input order.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        texts: ``[N]`` input texts.
        logits: ``[N, C]`` raw scores (not probabilities).
        labels: ``[N]`` gold class ids.
        label_names: class names indexed by id (a list or an ``id2label`` mapping).
        k: maximum number of reviewed rows (a positive integer).
        columns: column name -> ``[N]`` values, e.g. ``{"source": df["source"], "length":
            length_buckets(n_words, (10, 20))}``; shown in the table and tallied in ``patterns``.
            Numeric values are tallied value by value, so bucket lengths first.
        near_misses: fill the table up to ``k`` rows with correct predictions when there are
            fewer than ``k`` errors.

    Returns:
        an :class:`ErrorReview`.
    """
    z, truth, names, text_list = _checked_review_inputs(texts, logits, labels, label_names)
    check_positive_int(k, "k")
    if not isinstance(near_misses, bool):
        raise TypeError(f"near_misses must be True or False, got {near_misses!r}")
    extra = _extra_columns(columns, truth.size)

    probs = softmax(z, axis=1)
    predicted = probs.argmax(axis=1)
    loss = per_example_loss(z, truth)
    by_loss = np.argsort(-loss, kind="stable")
    wrong = predicted != truth
    rows = by_loss[wrong[by_loss]][: int(k)]
    if near_misses and rows.size < k:
        rows = np.concatenate([rows, by_loss[~wrong[by_loss]][: int(k) - rows.size]])
    lookup = np.asarray(names, dtype=object)
    table = pd.DataFrame(
        {
            "row": rows,
            "text": [text_list[i] for i in rows],
            "true": lookup[truth[rows]],
            "predicted": lookup[predicted[rows]],
            "correct": ~wrong[rows],
            "confidence": probs[rows, predicted[rows]],
            "gold_prob": probs[rows, truth[rows]],
            "loss": loss[rows],
            **{name: values[rows] for name, values in extra.items()},
        },
        index=pd.RangeIndex(1, rows.size + 1, name="rank"),
    )

    reviewed_errors = np.zeros(truth.size, dtype=bool)
    reviewed_errors[rows[wrong[rows]]] = True
    errors = table[~table["correct"]]
    confusions = (
        errors.groupby(["true", "predicted"], sort=False).size().rename("count").reset_index()
    )
    confusions = confusions.sort_values("count", ascending=False, kind="stable")
    confusions["share"] = confusions["count"] / max(len(errors), 1)
    confusions = confusions.reset_index(drop=True)
    patterns = {
        "true": _pattern(lookup[truth], reviewed_errors),
        "predicted": _pattern(lookup[predicted], reviewed_errors),
        **{name: _pattern(values, reviewed_errors) for name, values in extra.items()},
    }
    return ErrorReview(
        table=table,
        confusions=confusions,
        patterns=patterns,
        n_rows=int(truth.size),
        n_errors=int(wrong.sum()),
    )


# --------------------------------------------------------------------------------------------
# Slices
# --------------------------------------------------------------------------------------------


def length_buckets(lengths: Any, edges: Sequence[int]) -> pd.Categorical:
    """Put integer lengths (words or tokens) into ordered buckets such as ``<=10, 11-20, >20``.

    ``edges=(10, 20)`` gives three buckets: ``<=10``, ``11-20`` and ``>20``. Every bucket is a
    category, even when empty, so tables from different splits line up.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        lengths: ``[N]`` non-negative integer lengths.
        edges: strictly increasing non-negative integers, the upper ends of all but the last
            bucket.

    Returns:
        an ordered ``pandas.Categorical`` of bucket labels, one per length.
    """
    values = as_label_array(lengths, "lengths", ndim=1)
    if values.min() < 0:
        raise ValueError(f"lengths must be non-negative, got {values.min()}")
    if isinstance(edges, (str, bytes)) or not isinstance(edges, (Sequence, np.ndarray)):
        raise TypeError("edges must be a sequence of integers, e.g. (10, 20, 40)")
    cuts = as_label_array(list(edges), "edges", ndim=1)
    if cuts.min() < 0 or np.any(np.diff(cuts) <= 0):
        raise ValueError(f"edges must be non-negative and strictly increasing, got {list(edges)}")
    labels = [f"<={cuts[0]}"]
    labels += [f"{lo + 1}-{hi}" for lo, hi in zip(cuts[:-1], cuts[1:], strict=True)]
    labels.append(f">{cuts[-1]}")
    index = np.searchsorted(cuts, values, side="left")  # value <= cuts[i] -> bucket i
    return pd.Categorical.from_codes(index, categories=labels, ordered=True)


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion (default: 95%), e.g. accuracy on ``n`` examples.

    Better behaved than ``p +- z * sqrt(p(1-p)/n)`` for small ``n`` and for ``p`` near 0 or 1:
    it never leaves ``[0, 1]`` and is not zero-width at 100% accuracy.
    Behind the error bars of :func:`slice_metrics` (how much a small slice can tell you).

    Args:
        successes: number of correct predictions.
        n: number of examples (> 0).
        z: normal quantile; 1.96 for 95%.

    Returns:
        ``(low, high)``.
    """
    for value, name in ((successes, "successes"), (n, "n")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in [0, n={n}], got {successes}")
    if not (isinstance(z, (int, float)) and z > 0):
        raise ValueError(f"z must be a positive number, got {z!r}")
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _slice_groups(values: Any, name: str, n: int) -> tuple[np.ndarray, list[Any]]:
    """Group value per example and the group order (categorical order, else sorted)."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"slices[{name!r}] must be a sequence with one group per example")
    if len(values) != n:
        raise ValueError(f"slices[{name!r}] has {len(values)} values but there are {n} examples")
    series = pd.Series(values if isinstance(values, pd.Categorical) else list(values))
    if series.isna().any():
        raise ValueError(f"slices[{name!r}] contains missing values; label every example")
    if isinstance(series.dtype, pd.CategoricalDtype):
        order = [c for c in series.cat.categories if (series == c).any()]
        return series.astype(object).to_numpy(), order
    array = series.to_numpy(dtype=object)
    try:
        order = sorted(set(array.tolist()))
    except TypeError:  # mixed types: keep first appearance
        order = list(dict.fromkeys(array.tolist()))
    return array, order


def _scores(truth: np.ndarray, pred: np.ndarray) -> dict[str, Any]:
    n = truth.size
    correct = int(np.sum(truth == pred))
    low, high = wilson_interval(correct, n)
    return {
        "n": n,
        "accuracy": correct / n,
        "acc_low": low,
        "acc_high": high,
        "macro_f1": float(f1_score(truth, pred, average="macro", zero_division=0)),
        "errors": n - correct,
    }


def slice_metrics(
    y_true: Any,
    y_pred: Any,
    slices: Mapping[str, Any],
    include_overall: bool = True,
) -> pd.DataFrame:
    """Accuracy (with a 95% Wilson interval), macro-F1 and error counts per slice of the data.

    A *slicing* assigns every example to a group (a length bucket, a source channel, a
    language...). Macro-F1 inside a group averages over the classes present in that group's
    gold labels or predictions (scikit-learn's default), so groups with few classes are not
    comparable on macro-F1 alone: read ``n`` and the accuracy interval too.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        y_true: ``[N]`` gold class ids.
        y_pred: ``[N]`` predicted ids, or ``[N, C]`` scores (arg-maxed).
        slices: slicing name -> ``[N]`` group of every example, e.g.
            ``{"source": df["source"], "length": length_buckets(n_words, (10, 20))}``.
        include_overall: add a first row ``("all", "all")`` with the scores on every example.

    Returns:
        DataFrame with columns slice, group, n, accuracy, acc_low, acc_high, macro_f1, errors,
        error_share (this group's share of all errors).
    """
    truth = as_label_array(y_true, "y_true", ndim=1)
    raw = to_numpy(y_pred, "y_pred")
    if raw.ndim == 2:
        pred = as_float_array(raw, "y_pred").argmax(axis=1)
    else:
        pred = as_label_array(raw, "y_pred", ndim=1)
    check_same_length(truth, pred, ("y_true", "y_pred"))
    if not isinstance(slices, Mapping) or not slices:
        raise TypeError("slices must be a non-empty mapping: slicing name -> one group per example")
    total_errors = int(np.sum(truth != pred))
    rows = []
    if include_overall:
        rows.append({"slice": "all", "group": "all", **_scores(truth, pred)})
    for name, values in slices.items():
        groups, order = _slice_groups(values, str(name), truth.size)
        for group in order:
            mask = groups == group
            rows.append({"slice": str(name), "group": group, **_scores(truth[mask], pred[mask])})
    frame = pd.DataFrame(rows)
    frame["error_share"] = frame["errors"] / total_errors if total_errors else 0.0
    return frame


# --------------------------------------------------------------------------------------------
# Evaluation views: a rare class, leaked rows
# --------------------------------------------------------------------------------------------


def rare_class_view(
    labels: Any, target: int, positive_rate: float = 0.01, seed: int = 0
) -> np.ndarray:
    """Row indices of a skewed evaluation view where class ``target`` has ``positive_rate``.

    Keeps every row whose label is not ``target`` and a seeded sample of ``target`` rows:
    ``max(1, round(positive_rate / (1 - positive_rate) * n_negatives))`` of them (capped at
    the number available). On such a view "never predict ``target``" scores about
    ``1 - positive_rate`` accuracy. Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        labels: ``[N]`` class ids.
        target: the rare class id.
        positive_rate: wanted share of ``target`` rows, in (0, 0.5).
        seed: seed of the sample.

    Returns:
        sorted int64 indices into ``labels``.
    """
    ids = as_label_array(labels, "labels", ndim=1)
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)):
        raise TypeError(f"target must be a class id (int), got {type(target).__name__}")
    if not (isinstance(positive_rate, float) and 0.0 < positive_rate < 0.5):
        raise ValueError(f"positive_rate must be a float in (0, 0.5), got {positive_rate!r}")
    positives = np.flatnonzero(ids == target)
    negatives = np.flatnonzero(ids != target)
    if positives.size == 0:
        raise ValueError(f"no row has label {target}; pick a class that occurs in labels")
    if negatives.size == 0:
        raise ValueError(f"every row has label {target}; there is nothing to skew")
    wanted = max(1, round(positive_rate / (1.0 - positive_rate) * negatives.size))
    rng = np.random.default_rng(seed)
    kept = rng.choice(positives, size=min(wanted, positives.size), replace=False)
    return np.sort(np.concatenate([negatives, kept]))


def leaked_mask(texts: Sequence[Any], reference: Sequence[Any]) -> np.ndarray:
    """True for every text whose normalised hash also occurs in ``reference`` (e.g. train).

    Uses :func:`course_lib.hygiene.text_hash`, so case, punctuation and whitespace variants of
    a training text count as leaked. ``texts[~mask]`` is the evaluation set without them.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        texts: evaluation texts (or sentence-pair tuples).
        reference: texts to compare against, usually the training split.

    Returns:
        boolean array ``[len(texts)]``.
    """
    for value, name in ((texts, "texts"), (reference, "reference")):
        if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
            raise TypeError(f"{name} must be a sequence of texts, got {type(value).__name__}")
    known = {text_hash(t) for t in reference}
    return np.array([text_hash(t) in known for t in texts], dtype=bool)


def near_duplicates(texts: Sequence[str], seed: int = 0) -> list[str]:
    """Copies of ``texts`` changed only in letter case and whitespace (for leakage demos).

    Each copy differs from its original as a string (so ``==`` and ``set`` lookups miss it)
    but normalises to the same text (so :func:`course_lib.hygiene.text_hash` matches it), like
    the re-typed or re-exported duplicates that slip into real datasets.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        texts: strings with at least one non-space character each.
        seed: seed of the random changes.
    """
    if isinstance(texts, (str, bytes)) or not hasattr(texts, "__len__"):
        raise TypeError("texts must be a sequence of strings")
    rng = np.random.default_rng(seed)
    result = []
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"texts[{i}] must be a non-empty string, got {text!r}")
        case = rng.integers(3)
        changed = text.upper() if case == 0 else text.lower() if case == 1 else text.swapcase()
        words = changed.split()
        gap = int(rng.integers(len(words))) if len(words) > 1 else 0
        spaced = " ".join(words[: gap + 1]) + "  " + " ".join(words[gap + 1 :])
        result.append(("  " if rng.integers(2) else "") + spaced.strip(" ") + " \n")
    return result


# --------------------------------------------------------------------------------------------
# Run-to-run variance
# --------------------------------------------------------------------------------------------


def seed_variance_summary(scores: Mapping[Any, float] | Sequence[float]) -> pd.Series:
    """Mean and spread of one metric over runs that differ only in their random seed.

    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        scores: seed -> score, or a plain sequence of scores (at least two runs).

    Returns:
        Series with n, mean, std (sample standard deviation, ``ddof=1``), min, max and
        spread (``max - min``).
    """
    if isinstance(scores, Mapping):
        values = list(scores.values())
    elif isinstance(scores, (str, bytes)):
        raise TypeError("scores must be a mapping seed -> score or a sequence of numbers")
    else:
        values = list(scores)
    array = as_float_array(values, "scores", ndim=1, allow_empty=True)
    if array.size < 2:
        raise ValueError(f"need scores from at least 2 runs to measure a spread, got {array.size}")
    return pd.Series(
        {
            "n": float(array.size),
            "mean": float(array.mean()),
            "std": float(array.std(ddof=1)),
            "min": float(array.min()),
            "max": float(array.max()),
            "spread": float(array.max() - array.min()),
        }
    )


# Lesson 06 draws its figures as ``ea.plot_*`` (``ea = cl.error_analysis``); they live in
# course_lib.plots with the course's other figures.
_FIGURES = ("plot_grouped_bars", "plot_seed_scores", "plot_slice_metrics")


def __getattr__(name: str) -> Any:
    if name in _FIGURES:
        return getattr(importlib.import_module("course_lib.plots"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
