"""Metrics for every task in the course, shaped for ``transformers.Trainer``.

The main entry point is :func:`make_compute_metrics`, which returns the ``compute_metrics``
callable a ``Trainer`` wants. The other helpers build the tables the lessons print.

Taught in: lessons/01_binary_sentiment.ipynb (binary, baselines), lessons/02_multiclass_imbalance.ipynb
(multiclass, per-class report, confusion matrix), lessons/03_multilabel_moderation.ipynb
(multilabel), lessons/04_ner_token_classification.ipynb (token), lessons/05_sentence_pairs.ipynb
(pair tasks).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from course_lib._validation import (
    as_float_array,
    as_label_array,
    as_multi_hot,
    check_choice,
    check_label_range,
    check_same_length,
    label_names_from,
    looks_like_probabilities,
    looks_like_simplex,
    to_numpy,
)
from course_lib.calibration import sigmoid, softmax
from course_lib.datasets import TASK_TYPES

__all__ = [
    "TASKS",
    "baseline_scores",
    "confusion_matrix_df",
    "hard_predictions",
    "make_compute_metrics",
    "per_class_report",
    "scores_to_probabilities",
    "token_predictions_to_tags",
]

#: Tasks understood by :func:`make_compute_metrics`: the task types of course_lib.datasets.
TASKS = TASK_TYPES
#: What the ``predictions`` array holds: decide from the values, or say so explicitly.
PREDICTION_KINDS = ("auto", "logits", "probs")
#: Tagging schemes accepted for strict seqeval evaluation.
TOKEN_SCHEMES = ("IOB1", "IOB2", "IOE1", "IOE2", "IOBES", "BILOU")
IGNORE_INDEX = -100

EvalInput = Any  # transformers.EvalPrediction or a (predictions, labels) tuple


# --------------------------------------------------------------------------------------------
# Small shared helpers
# --------------------------------------------------------------------------------------------


def _unpack(eval_pred: EvalInput) -> tuple[Any, Any]:
    """Split an ``EvalPrediction`` or ``(predictions, labels)`` pair.

    When a model returns several outputs (logits plus hidden states), ``Trainer`` hands over a
    tuple of arrays; the first one holds the logits, as in ``transformers`` itself.
    """
    if hasattr(eval_pred, "predictions") and hasattr(eval_pred, "label_ids"):
        predictions, labels = eval_pred.predictions, eval_pred.label_ids
    elif isinstance(eval_pred, (tuple, list)) and len(eval_pred) == 2:
        predictions, labels = eval_pred
    else:
        raise TypeError(
            "eval_pred must be a transformers.EvalPrediction or a (predictions, labels) tuple, "
            f"got {type(eval_pred).__name__}"
        )
    if isinstance(predictions, tuple):
        if not predictions:
            raise ValueError("eval_pred.predictions is an empty tuple")
        predictions = predictions[0]
    if isinstance(labels, tuple):
        if not labels:
            raise ValueError("eval_pred.label_ids is an empty tuple")
        labels = labels[0]
    if labels is None:
        raise ValueError(
            "eval_pred has no labels (label_ids is None): the evaluation dataset needs a "
            "'labels' column for metrics to be computed"
        )
    return predictions, labels


def _resolve_kind(scores: np.ndarray, kind: str, simplex: bool) -> str:
    """Decide whether ``scores`` are logits or probabilities.

    Args:
        scores: float scores.
        kind: "auto", "logits" or "probs".
        simplex: whether probabilities must sum to one along the last axis (softmax outputs).
    """
    check_choice(kind, "prediction_kind", PREDICTION_KINDS)
    is_prob_like = looks_like_simplex(scores) if simplex else looks_like_probabilities(scores)
    if kind == "auto":
        return "probs" if is_prob_like else "logits"
    if kind == "probs" and not is_prob_like:
        what = "rows in [0, 1] summing to 1" if simplex else "values in [0, 1]"
        raise ValueError(
            f"prediction_kind='probs' but the predictions are not probabilities ({what} "
            "expected); pass prediction_kind='logits' for raw model outputs"
        )
    return kind


def scores_to_probabilities(
    predictions: Any, multilabel: bool = False, prediction_kind: str = "auto"
) -> np.ndarray:
    """Turn model scores into probabilities: softmax for single-label, sigmoid for multi-label.

    With ``prediction_kind="auto"``, inputs that already look like probabilities (rows of a
    distribution for single-label, values in [0, 1] for multi-label) are returned unchanged.
    Behind :func:`make_compute_metrics` and :func:`baseline_scores`.

    Args:
        predictions: ``[N, C]`` logits or probabilities (single-label), or ``[N, L]`` (multi-label).
        multilabel: True for independent per-label sigmoids.
        prediction_kind: "auto", "logits" or "probs".

    Returns:
        float64 probabilities of the same shape.
    """
    scores = as_float_array(predictions, "predictions", ndim=2)
    kind = _resolve_kind(scores, prediction_kind, simplex=not multilabel)
    if kind == "probs":
        return scores
    return sigmoid(scores) if multilabel else softmax(scores, axis=-1)


def hard_predictions(predictions: Any, name: str = "y_pred") -> np.ndarray:
    """Return predicted class ids: 1-D ids are kept, 2-D scores ``[N, C]`` are arg-maxed.

    Behind :func:`per_class_report` and the comparison helpers.

    Args:
        predictions: ``[N]`` class ids or ``[N, C]`` logits/probabilities.
        name: argument name used in error messages.
    """
    array = to_numpy(predictions, name)
    if array.ndim == 2:
        return as_float_array(array, name).argmax(axis=1)
    return as_label_array(array, name, ndim=1)


def _check_names_match(names: list[str] | None, num_classes: int, what: str) -> None:
    if names is not None and len(names) != num_classes:
        raise ValueError(
            f"label_names has {len(names)} names but the {what} has {num_classes} classes; "
            "the label map disagrees with the model/data"
        )


def _as_float_dict(values: Mapping[str, Any]) -> dict[str, float]:
    return {key: float(value) for key, value in values.items()}


# --------------------------------------------------------------------------------------------
# Per-task metric computations
# --------------------------------------------------------------------------------------------


def _binary_predictions(predictions: Any, threshold: float, kind: str) -> np.ndarray:
    """Class ids {0, 1} from ``[N, 2]`` scores, ``[N]``/``[N, 1]`` scores or ``[N]`` ids."""
    array = to_numpy(predictions, "predictions")
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim == 1 and array.dtype.kind in "biu":
        ids = as_label_array(array, "predictions")
        check_label_range(ids, 2, "predictions")
        return ids
    scores = as_float_array(array, "predictions", ndim=(1, 2))
    if scores.ndim == 2:
        if scores.shape[1] != 2:
            raise ValueError(
                f"task='binary' expects 2 score columns, got predictions of shape {scores.shape}; "
                "use task='multiclass' for more than two classes"
            )
        positive = scores_to_probabilities(scores, prediction_kind=kind)[:, 1]
    else:
        # One score per example: a probability if every value is in [0, 1], else a logit.
        single = _resolve_kind(scores, kind, simplex=False)
        positive = scores if single == "probs" else sigmoid(scores)
    return (positive >= threshold).astype(np.int64)


def _binary_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    precision, recall, f1, _ = precision_recall_fscore_support(
        y_true, y_pred, average="binary", pos_label=1, zero_division=0
    )
    return _as_float_dict(
        {
            "accuracy": accuracy_score(y_true, y_pred),
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "macro_f1": f1_score(y_true, y_pred, average="macro", zero_division=0),
        }
    )


def _multiclass_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    precision, recall, macro_f1, _ = precision_recall_fscore_support(
        y_true, y_pred, average="macro", zero_division=0
    )
    return _as_float_dict(
        {
            "accuracy": accuracy_score(y_true, y_pred),
            "macro_f1": macro_f1,
            "micro_f1": f1_score(y_true, y_pred, average="micro", zero_division=0),
            "weighted_f1": f1_score(y_true, y_pred, average="weighted", zero_division=0),
            "macro_precision": precision,
            "macro_recall": recall,
        }
    )


def _multilabel_metrics(
    y_true: np.ndarray, y_pred: np.ndarray, names: list[str] | None
) -> dict[str, float]:
    result = {
        "micro_f1": f1_score(y_true, y_pred, average="micro", zero_division=0),
        "macro_f1": f1_score(y_true, y_pred, average="macro", zero_division=0),
        "samples_f1": f1_score(y_true, y_pred, average="samples", zero_division=0),
        "subset_accuracy": accuracy_score(y_true, y_pred),
    }
    if names is not None:
        per_label = f1_score(y_true, y_pred, average=None, zero_division=0)
        result.update({f"f1_{name}": value for name, value in zip(names, per_label, strict=True)})
    return _as_float_dict(result)


def _check_threshold(threshold: Any, task: str) -> float | np.ndarray:
    if task == "multilabel":
        value = as_float_array(threshold, "threshold", ndim=(0, 1))
    else:
        if not isinstance(threshold, (int, float, np.floating, np.integer)) or isinstance(
            threshold, bool
        ):
            raise TypeError(f"threshold must be a single number for task={task!r}")
        value = as_float_array(threshold, "threshold", ndim=0)
    if np.any(value < 0.0) or np.any(value > 1.0):
        raise ValueError(f"threshold must lie in [0, 1], got {threshold!r}")
    return float(value) if value.ndim == 0 else value


def _token_scheme(scheme: str | None) -> Any:
    if scheme is None:
        return None
    from seqeval import scheme as seqeval_schemes

    check_choice(scheme, "scheme", TOKEN_SCHEMES)
    return getattr(seqeval_schemes, scheme)


def _token_metrics(
    true_tags: list[list[str]], pred_tags: list[list[str]], scheme: str | None
) -> dict[str, float]:
    from seqeval.metrics import accuracy_score as tag_accuracy
    from seqeval.metrics import classification_report

    scheme_cls = _token_scheme(scheme)
    extra = {"mode": "strict", "scheme": scheme_cls} if scheme_cls is not None else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # empty "macro avg" when no entities
        report = classification_report(
            true_tags, pred_tags, output_dict=True, zero_division=0, **extra
        )
    micro = report["micro avg"]
    result = {
        "precision": micro["precision"],
        "recall": micro["recall"],
        "f1": micro["f1-score"],
        "accuracy": tag_accuracy(true_tags, pred_tags),
    }
    for entity_type, row in report.items():
        if entity_type not in ("micro avg", "macro avg", "weighted avg"):
            result[f"f1_{entity_type}"] = row["f1-score"]
    return _as_float_dict(result)


def _regression_metrics(predictions: Any, labels: Any) -> dict[str, float]:
    from scipy.stats import pearsonr, spearmanr

    preds = as_float_array(predictions, "predictions", ndim=(1, 2))
    if preds.ndim == 2:
        if preds.shape[1] != 1:
            raise ValueError(
                f"task='pair_regression' expects one score per pair, got shape {preds.shape}"
            )
        preds = preds[:, 0]
    targets = as_float_array(labels, "labels", ndim=(1, 2)).reshape(-1)
    check_same_length(preds, targets, ("predictions", "labels"))
    constant = np.ptp(preds) == 0 or np.ptp(targets) == 0
    if constant or preds.size < 2:
        # Correlation is undefined for a constant series; report NaN rather than a fake 0.
        pearson = spearman = float("nan")
    else:
        pearson = float(pearsonr(preds, targets)[0])
        spearman = float(spearmanr(preds, targets)[0])
    return {"pearson": pearson, "spearman": spearman, "mse": float(np.mean((preds - targets) ** 2))}


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def make_compute_metrics(
    task: str,
    label_names: Sequence[str] | Mapping[int, str] | None = None,
    threshold: float | np.ndarray = 0.5,
    scheme: str | None = None,
    prediction_kind: str = "auto",
) -> Callable[[EvalInput], dict[str, float]]:
    """Build the ``compute_metrics`` function for ``transformers.Trainer``.

    The returned function accepts an ``EvalPrediction`` or a ``(predictions, labels)`` tuple and
    returns a flat ``dict[str, float]`` (Trainer prefixes the keys with ``eval_``):

    * ``"binary"``: accuracy, precision, recall, f1 (positive class = 1), macro_f1. Predictions
      may be ``[N, 2]`` logits/probabilities, ``[N]`` (or ``[N, 1]``) single scores, or ``[N]``
      class ids. The positive class is predicted when its probability is ``>= threshold``.
      A single score per example counts as a probability when every value is in ``[0, 1]`` and
      as a logit otherwise (pass ``prediction_kind`` to say which).
    * ``"multiclass"``: accuracy, macro_f1, micro_f1, weighted_f1, macro_precision, macro_recall
      (argmax of ``[N, C]`` scores, or ``[N]`` class ids). Macro averages run over the classes
      present in the labels or the predictions, as in scikit-learn.
    * ``"multilabel"``: micro_f1, macro_f1, samples_f1, subset_accuracy, plus ``f1_<name>`` per
      label when ``label_names`` is given. Scores ``[N, L]`` go through a sigmoid unless they
      already look like probabilities; ``threshold`` may be one number or one per label.
    * ``"token"``: seqeval entity-level precision, recall, f1, token accuracy and
      ``f1_<TYPE>`` per entity type; positions labelled -100 are ignored. ``label_names`` (the
      id2label map) is required. ``scheme="IOB2"`` (etc.) switches to seqeval's strict mode.
    * ``"pair_classification"``: the binary metrics for two classes, the multiclass metrics
      for more (decided from ``label_names`` if given, else from the prediction width).
    * ``"pair_regression"``: pearson, spearman (NaN when a series is constant), mse.

    Taught in: lessons/01_binary_sentiment.ipynb (binary); later lessons use the other tasks.

    Args:
        task: one of :data:`TASKS`.
        label_names: class names indexed by id (a list, or an ``id2label`` dict). Checked
            against the width of the predictions.
        threshold: decision threshold on the positive-class probability (binary) or on each
            label's probability (multilabel: a float or an array of one value per label).
        scheme: tagging scheme for strict entity matching in the token task (e.g. "IOB2").
        prediction_kind: "auto" (detect), "logits" or "probs".

    Returns:
        ``compute_metrics(eval_pred) -> dict[str, float]``.
    """
    check_choice(task, "task", TASKS)
    check_choice(prediction_kind, "prediction_kind", PREDICTION_KINDS)
    names = label_names_from(label_names)
    is_default = isinstance(threshold, (int, float)) and threshold == 0.5
    if task not in ("binary", "multilabel", "pair_classification") and not is_default:
        raise ValueError(f"threshold only applies to binary and multilabel tasks, not {task!r}")
    thr = _check_threshold(threshold, task)
    if scheme is not None and task != "token":
        raise ValueError("scheme only applies to task='token'")
    _token_scheme(scheme)
    if task == "token" and names is None:
        raise ValueError("task='token' needs label_names (the model's id2label) to build tags")
    if task == "binary":
        _check_names_match(names, 2, "binary task")

    def compute_metrics(eval_pred: EvalInput) -> dict[str, float]:
        predictions, labels = _unpack(eval_pred)
        if task == "pair_regression":
            return _regression_metrics(predictions, labels)
        if task == "token":
            true_tags, pred_tags = token_predictions_to_tags(predictions, labels, names)
            return _token_metrics(true_tags, pred_tags, scheme)
        if task == "multilabel":
            y_true = as_multi_hot(labels, "labels")
            probs = scores_to_probabilities(
                predictions, multilabel=True, prediction_kind=prediction_kind
            )
            if probs.shape != y_true.shape:
                raise ValueError(
                    f"predictions shape {probs.shape} does not match labels shape {y_true.shape}"
                )
            _check_names_match(names, probs.shape[1], "predictions")
            if isinstance(thr, np.ndarray) and thr.ndim == 1 and thr.shape[0] != probs.shape[1]:
                raise ValueError(
                    f"threshold has {thr.shape[0]} values but there are {probs.shape[1]} labels"
                )
            return _multilabel_metrics(y_true, (probs >= thr).astype(np.int64), names)

        y_true = as_label_array(labels, "labels", ndim=(1, 2))
        if y_true.ndim == 2:
            if y_true.shape[1] != 1:
                raise ValueError(
                    f"labels has shape {y_true.shape}: that looks multi-label; "
                    "use task='multilabel'"
                )
            y_true = y_true[:, 0]
        width = _prediction_width(predictions)
        binary = task == "binary" or (
            task == "pair_classification"
            and (
                len(names) == 2
                if names is not None
                else (width in (1, 2) or (width is None and y_true.max() <= 1))
            )
        )
        if binary:
            y_pred = _binary_predictions(predictions, float(thr), prediction_kind)
            num_classes = 2
        else:
            y_pred = hard_predictions(predictions, "predictions")
            num_classes = width if width is not None else (len(names) if names else None)
            if num_classes is None:
                num_classes = int(max(y_true.max(), y_pred.max())) + 1
            _check_names_match(names, num_classes, "predictions")
        check_same_length(y_pred, y_true, ("predictions", "labels"))
        check_label_range(y_true, num_classes, "labels")
        check_label_range(y_pred, num_classes, "predictions")
        return _binary_metrics(y_true, y_pred) if binary else _multiclass_metrics(y_true, y_pred)

    compute_metrics.__name__ = f"compute_metrics_{task}"
    return compute_metrics


def _prediction_width(predictions: Any) -> int | None:
    """Number of score columns, or None for 1-D predictions."""
    shape = np.shape(to_numpy(predictions, "predictions"))
    return shape[1] if len(shape) == 2 else None


def per_class_report(
    y_true: Any, y_pred: Any, label_names: Sequence[str] | Mapping[int, str]
) -> pd.DataFrame:
    """Precision, recall, F1 and support for every class, as a DataFrame indexed by name.

    Every class in ``label_names`` gets a row, including classes never seen in ``y_true``
    (support 0, scores 0), so a collapsed minority class is visible rather than silently absent.
    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        y_true: ``[N]`` true class ids.
        y_pred: ``[N]`` predicted class ids, or ``[N, C]`` scores (arg-maxed).
        label_names: class names indexed by id.
    """
    names = label_names_from(label_names)
    assert names is not None
    truth, pred = _checked_pair(y_true, y_pred, len(names))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, pred, labels=np.arange(len(names)), average=None, zero_division=0
    )
    frame = pd.DataFrame(
        {"precision": precision, "recall": recall, "f1": f1, "support": support.astype(int)},
        index=pd.Index(names, name="class"),
    )
    return frame


def confusion_matrix_df(
    y_true: Any,
    y_pred: Any,
    label_names: Sequence[str] | Mapping[int, str],
    normalize: str | None = None,
) -> pd.DataFrame:
    """Confusion matrix as a DataFrame: rows are true classes, columns predicted classes.

    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        y_true: ``[N]`` true class ids.
        y_pred: ``[N]`` predicted class ids, or ``[N, C]`` scores (arg-maxed).
        label_names: class names indexed by id.
        normalize: None (counts), "true" (rows sum to 1), "pred" (columns sum to 1) or "all".
    """
    names = label_names_from(label_names)
    assert names is not None
    if normalize is not None:
        check_choice(normalize, "normalize", ("true", "pred", "all"))
    truth, pred = _checked_pair(y_true, y_pred, len(names))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # rows of zero support
        matrix = confusion_matrix(truth, pred, labels=np.arange(len(names)), normalize=normalize)
    return pd.DataFrame(
        np.nan_to_num(matrix),
        index=pd.Index(names, name="true"),
        columns=pd.Index(names, name="predicted"),
    )


def _checked_pair(y_true: Any, y_pred: Any, num_classes: int) -> tuple[np.ndarray, np.ndarray]:
    truth = as_label_array(y_true, "y_true")
    if np.ndim(to_numpy(y_pred, "y_pred")) == 2:
        width = np.shape(to_numpy(y_pred, "y_pred"))[1]
        if width != num_classes:
            raise ValueError(
                f"y_pred has {width} score columns but label_names has {num_classes} names"
            )
    pred = hard_predictions(y_pred, "y_pred")
    check_same_length(truth, pred, ("y_true", "y_pred"))
    check_label_range(truth, num_classes, "y_true")
    check_label_range(pred, num_classes, "y_pred")
    return truth, pred


def token_predictions_to_tags(
    logits_or_preds: Any,
    labels: Any,
    id2label: Sequence[str] | Mapping[int, str],
) -> tuple[list[list[str]], list[list[str]]]:
    """Convert token-level predictions and labels to tag strings, dropping -100 positions.

    Positions whose label is -100 (special tokens, padding, non-first sub-words) are removed
    from both sequences, so the two lists line up word by word for seqeval.
    Behind ``make_compute_metrics("token", ...)``.

    Args:
        logits_or_preds: ``[B, T, C]`` scores (arg-maxed) or ``[B, T]`` predicted tag ids.
        labels: ``[B, T]`` gold tag ids with -100 at ignored positions.
        id2label: tag names indexed by id (a list or the model's ``id2label`` dict).

    Returns:
        ``(true_tags, pred_tags)``: two lists of B lists of tag strings.
    """
    names = label_names_from(id2label, "id2label")
    assert names is not None
    raw = to_numpy(logits_or_preds, "logits_or_preds")
    if raw.ndim == 3:
        if raw.shape[2] != len(names):
            raise ValueError(
                f"logits_or_preds has {raw.shape[2]} tag scores per token but id2label has "
                f"{len(names)} tags"
            )
        pred_ids = as_float_array(raw, "logits_or_preds").argmax(axis=-1)
    else:
        pred_ids = as_label_array(raw, "logits_or_preds", ndim=2)
    gold = as_label_array(labels, "labels", ndim=2)
    if pred_ids.shape != gold.shape:
        raise ValueError(
            f"predictions have shape {pred_ids.shape} (batch, tokens) but labels have shape "
            f"{gold.shape}"
        )
    keep = gold != IGNORE_INDEX
    check_label_range(gold[keep], len(names), "labels")
    check_label_range(pred_ids[keep], len(names), "logits_or_preds")
    lookup = np.asarray(names, dtype=object)
    true_tags = [lookup[row[mask]].tolist() for row, mask in zip(gold, keep, strict=True)]
    pred_tags = [lookup[row[mask]].tolist() for row, mask in zip(pred_ids, keep, strict=True)]
    return true_tags, pred_tags


def baseline_scores(
    y_train: Any,
    y_eval: Any,
    task: str = "multiclass",
    seed: int = 0,
    n_repeats: int = 10,
) -> pd.DataFrame:
    """Scores of two trivial baselines on the evaluation split, for comparison with a model.

    * ``majority``: always predicts the most frequent training class (per label for
      multilabel).
    * ``stratified``: predicts at random with the training class frequencies (per-label
      prevalence for multilabel); the scores are the mean over ``n_repeats`` seeded draws.

    Taught in: lessons/01_binary_sentiment.ipynb ("is my model better than guessing?") and
    lessons/02_multiclass_imbalance.ipynb (why accuracy misleads under imbalance).

    Args:
        y_train: training labels: ``[N]`` class ids, or ``[N, L]`` multi-hot for multilabel.
        y_eval: evaluation labels in the same format.
        task: "binary", "multiclass" or "multilabel".
        seed: seed of the random baseline.
        n_repeats: number of random draws averaged for the stratified baseline.

    Returns:
        DataFrame indexed by baseline name. Columns: accuracy, precision, recall and f1 (positive
        class, binary only), macro_f1; for multilabel: subset_accuracy, micro_f1, macro_f1.
    """
    check_choice(task, "task", ("binary", "multiclass", "multilabel"))
    if not isinstance(n_repeats, int) or n_repeats < 1:
        raise ValueError(f"n_repeats must be a positive integer, got {n_repeats!r}")
    rng = np.random.default_rng(seed)
    if task == "multilabel":
        train = as_multi_hot(y_train, "y_train")
        truth = as_multi_hot(y_eval, "y_eval")
        if train.shape[1] != truth.shape[1]:
            raise ValueError(f"y_train has {train.shape[1]} labels but y_eval has {truth.shape[1]}")
        prevalence = train.mean(axis=0)
        majority = np.broadcast_to(prevalence > 0.5, truth.shape).astype(np.int64)

        def score(pred: np.ndarray) -> dict[str, float]:
            return {
                key: value
                for key, value in _multilabel_metrics(truth, pred, None).items()
                if key != "samples_f1"
            }

        draws = [(rng.random(truth.shape) < prevalence).astype(np.int64) for _ in range(n_repeats)]
    else:
        train = as_label_array(y_train, "y_train")
        truth = as_label_array(y_eval, "y_eval")
        for arr, name in ((train, "y_train"), (truth, "y_eval")):
            if arr.min() < 0:
                raise ValueError(f"{name} contains negative label {arr.min()}")
            if task == "binary":
                check_label_range(arr, 2, name)
        classes, counts = np.unique(train, return_counts=True)
        majority = np.full(truth.shape, classes[np.argmax(counts)])

        def score(pred: np.ndarray) -> dict[str, float]:
            full = (
                _binary_metrics(truth, pred)
                if task == "binary"
                else _multiclass_metrics(truth, pred)
            )
            keep = (
                ("accuracy", "precision", "recall", "f1", "macro_f1")
                if task == "binary"
                else ("accuracy", "macro_f1")
            )
            return {key: full[key] for key in keep}

        draws = [
            rng.choice(classes, size=truth.shape, p=counts / counts.sum()) for _ in range(n_repeats)
        ]
    rows = {
        "majority": score(majority),
        "stratified": pd.DataFrame([score(d) for d in draws]).mean().to_dict(),
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("baseline")
