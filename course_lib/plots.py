"""Every figure of the course in one place; each returns ``(fig, ax)`` (or ``(fig, axes)``).

Figures are built with :class:`matplotlib.figure.Figure` directly, so nothing here touches the
pyplot global state: it works headless (CI, Agg) and in notebooks, where returning the figure
as the last expression of a cell displays it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sklearn.metrics import average_precision_score, precision_recall_curve

from course_lib._validation import (
    as_float_array,
    as_multi_hot,
    check_probabilities,
    check_same_length,
    label_names_from,
    to_numpy,
)
from course_lib.calibration import expected_calibration_error, reliability_table
from course_lib.error_analysis import seed_variance_summary
from course_lib.metrics import confusion_matrix_df

__all__ = [
    "plot_confusion_matrix",
    "plot_grouped_bars",
    "plot_learning_rate_schedule",
    "plot_length_histogram",
    "plot_metric_comparison",
    "plot_pr_curves",
    "plot_reliability_diagram",
    "plot_score_scatter",
    "plot_seed_scores",
    "plot_slice_metrics",
    "plot_training_curves",
]

# Trainer log keys that are bookkeeping, not metrics worth plotting.
_NON_METRIC_SUFFIXES = ("runtime", "samples_per_second", "steps_per_second", "epoch", "step")


def _new_figure(ncols: int = 1, width: float = 6.0, height: float = 4.0) -> tuple[Figure, Any]:
    fig = Figure(figsize=(width * ncols, height), layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, axes


def plot_training_curves(
    log_history: Sequence[Mapping[str, Any]],
    metrics: Sequence[str] | None = None,
) -> tuple[Figure, np.ndarray]:
    """Plot ``Trainer.state.log_history``: losses against step, eval metrics against epoch.

    Left panel: the training loss (``"loss"`` entries) and, if logged, the evaluation loss
    (``"eval_loss"``), both against the optimizer step: a widening gap is the overfitting
    signal. Right panel: every other ``eval_*`` metric (or those named in ``metrics``)
    against the epoch.

    Taught in: lessons/01_binary_sentiment.ipynb.

    Args:
        log_history: ``trainer.state.log_history``, a list of dicts.
        metrics: eval metric names to draw on the right, with or without the ``eval_`` prefix
            (default: all of them except loss and timing entries).

    Returns:
        ``(fig, axes)`` with ``axes[0]`` the loss panel and ``axes[1]`` the metric panel.
    """
    if isinstance(log_history, (str, bytes, Mapping)) or not isinstance(log_history, Sequence):
        raise TypeError("log_history must be a list of dicts (trainer.state.log_history)")
    if not log_history:
        raise ValueError("log_history is empty: train with logging_steps set, then plot")
    for i, entry in enumerate(log_history):
        if not isinstance(entry, Mapping):
            raise TypeError(f"log_history[{i}] is a {type(entry).__name__}, expected a dict")

    train = [(e["step"], e["loss"]) for e in log_history if "loss" in e and "step" in e]
    evals = [e for e in log_history if any(k.startswith("eval_") for k in e)]
    if not train and not evals:
        raise ValueError(
            "log_history has no 'loss' or 'eval_*' entries; set logging_steps / eval_strategy"
        )

    fig, axes = _new_figure(ncols=2)
    loss_ax: Axes = axes[0]
    metric_ax: Axes = axes[1]
    if train:
        steps, losses = zip(*train, strict=True)
        loss_ax.plot(steps, losses, label="train loss")
    eval_loss = [(e["step"], e["eval_loss"]) for e in evals if "eval_loss" in e and "step" in e]
    if eval_loss:
        steps, losses = zip(*eval_loss, strict=True)
        loss_ax.plot(steps, losses, marker="o", label="eval loss")
    loss_ax.set_xlabel("step")
    loss_ax.set_ylabel("loss")
    loss_ax.set_title("Loss")
    loss_ax.legend()

    if metrics is None:
        names = sorted(
            {
                k
                for e in evals
                for k in e
                if k.startswith("eval_")
                and k != "eval_loss"
                and not k.endswith(_NON_METRIC_SUFFIXES)
            }
        )
    else:
        names = [m if m.startswith("eval_") else f"eval_{m}" for m in metrics]
        available = {k for e in evals for k in e}
        missing = [m for m in names if m not in available]
        if missing:
            raise ValueError(
                f"metrics {missing} not found in log_history; available: {sorted(available)}"
            )
    for name in names:
        points = [(e.get("epoch", np.nan), e[name]) for e in evals if name in e]
        epochs, values = zip(*points, strict=True)
        metric_ax.plot(epochs, values, marker="o", label=name.removeprefix("eval_"))
    metric_ax.set_xlabel("epoch")
    metric_ax.set_ylabel("score")
    metric_ax.set_title("Evaluation metrics")
    if names:
        metric_ax.legend()
    else:
        metric_ax.text(
            0.5,
            0.5,
            "no eval metrics logged",
            ha="center",
            va="center",
            transform=metric_ax.transAxes,
        )
    return fig, axes


def plot_learning_rate_schedule(
    rates: Sequence[float],  # one per optimizer step, from training.learning_rate_schedule
    stopped_at: int | None = None,  # the step where early stopping ended the run, if it did
) -> tuple[Figure, Axes]:
    """The learning rate against the optimizer step: warmup up to the peak, then the decay.

    Taught in: lessons/01_binary_sentiment.ipynb.
    """
    rates = as_float_array(rates, "rates", ndim=1)
    fig, ax = _new_figure(width=6.0, height=3.2)
    steps = np.arange(1, rates.size + 1)
    ax.plot(steps, rates, color="tab:blue")
    peak = int(np.argmax(rates))
    ax.axvline(steps[peak], color="gray", linestyle=":", label=f"end of warmup (step {peak + 1})")
    if stopped_at is not None and stopped_at < rates.size:
        ax.axvline(
            stopped_at, color="tab:red", linestyle="--", label=f"stopped early (step {stopped_at})"
        )
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("learning rate")
    ax.set_title(f"learning rate per step (peak {rates.max():.1e})")
    ax.legend()
    return fig, ax


def plot_confusion_matrix(
    y_true: Any,
    y_pred: Any,
    label_names: Sequence[str] | Mapping[int, str],
    normalize: str | None = None,
) -> tuple[Figure, Axes]:
    """Heat map of the confusion matrix with the value written in every cell.

    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        y_true: ``[N]`` true class ids.
        y_pred: ``[N]`` predicted class ids, or ``[N, C]`` scores (arg-maxed).
        label_names: class names indexed by id.
        normalize: None (counts), "true" (recall per row), "pred" or "all".

    Returns:
        ``(fig, ax)``; rows are true classes, columns predicted classes.
    """
    frame = confusion_matrix_df(y_true, y_pred, label_names, normalize=normalize)
    names = list(frame.index)
    size = max(4.0, 0.6 * len(names) + 2.0)
    fig, ax = _new_figure(width=size, height=size)
    values = frame.to_numpy()
    image = ax.imshow(values, cmap="Blues", vmin=0.0)
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_xticks(range(len(names)), labels=names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), labels=names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Confusion matrix" + (f" (normalised over {normalize})" if normalize else ""))
    midpoint = values.max() / 2.0 if values.size else 0.0
    for (i, j), value in np.ndenumerate(values):
        text = f"{value:.2f}" if normalize else f"{int(value)}"
        ax.text(
            j, i, text, ha="center", va="center", color="white" if value > midpoint else "black"
        )
    return fig, ax


def plot_pr_curves(
    probs: Any,
    labels: Any,
    label_names: Sequence[str] | Mapping[int, str] | None = None,
    thresholds: Any = None,
) -> tuple[Figure, Axes]:
    """Precision-recall curve of every label, with the chosen thresholds marked.

    Taught in: lessons/03_multilabel_moderation.ipynb.

    Args:
        probs: ``[N, L]`` probabilities (or ``[N]`` for one binary label).
        labels: ``[N, L]`` multi-hot truth (or ``[N]`` 0/1).
        label_names: names of the L labels (default "label 0", ...).
        thresholds: optional ``[L]`` thresholds (e.g. from ``tune_thresholds``); the
            precision/recall reached at each is marked with a dot.

    Returns:
        ``(fig, ax)`` with one line per label; legend entries show average precision (AP).
    """
    scores = as_float_array(probs, "probs", ndim=(1, 2))
    truth = to_numpy(labels, "labels")
    if scores.ndim == 1:
        scores, truth = scores[:, None], truth.reshape(-1, 1)
    truth = as_multi_hot(truth, "labels")
    if scores.shape != truth.shape:
        raise ValueError(f"probs shape {scores.shape} does not match labels shape {truth.shape}")
    check_probabilities(scores, "probs")
    n_labels = scores.shape[1]
    names = label_names_from(label_names) or [f"label {j}" for j in range(n_labels)]
    if len(names) != n_labels:
        raise ValueError(f"label_names has {len(names)} names but probs has {n_labels} labels")
    cuts = None
    if thresholds is not None:
        cuts = np.broadcast_to(as_float_array(thresholds, "thresholds", ndim=(0, 1)), (n_labels,))
    fig, ax = _new_figure()
    for j, name in enumerate(names):
        if truth[:, j].sum() == 0:
            warnings.warn(
                f"label {name!r} has no positive example; its curve is skipped", stacklevel=2
            )
            continue
        precision, recall, _ = precision_recall_curve(truth[:, j], scores[:, j])
        ap = average_precision_score(truth[:, j], scores[:, j])
        (line,) = ax.plot(recall, precision, label=f"{name} (AP={ap:.2f})")
        if cuts is not None:
            predicted = scores[:, j] >= cuts[j]
            tp = np.sum(predicted & (truth[:, j] == 1))
            point_p = tp / predicted.sum() if predicted.any() else 1.0
            point_r = tp / truth[:, j].sum()
            ax.scatter([point_r], [point_p], color=line.get_color(), zorder=3, edgecolors="black")
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0.0, 1.02)
    ax.set_ylim(0.0, 1.02)
    ax.set_title("Precision-recall per label" + (" (dots: thresholds)" if cuts is not None else ""))
    ax.legend(loc="lower left", fontsize="small")
    return fig, ax


def plot_length_histogram(
    lengths: Any,
    max_length: int | None = None,
    percentile: float = 99,
) -> tuple[Figure, Axes]:
    """Histogram of tokenized lengths with the given percentile (and ``max_length``) marked.

    Use it to choose ``max_length``: with dynamic padding, the 99th percentile (the course's rule,
    see :mod:`course_lib.tokenization`) truncates about 1% of the examples and only lengthens the
    batches that hold the longest texts. Taught in: lessons/01_binary_sentiment.ipynb.

    Args:
        lengths: ``[N]`` token counts (e.g. ``[len(ids) for ids in enc["input_ids"]]``).
        max_length: the truncation length in use, drawn as a second line with the share of
            examples it truncates.
        percentile: which percentile to mark, in (0, 100].

    Returns:
        ``(fig, ax)``; ``ax.lines`` holds the percentile line, then the max_length line.
    """
    values = as_float_array(lengths, "lengths", ndim=1)
    if (values < 0).any():
        raise ValueError("lengths must be non-negative token counts")
    if not 0 < percentile <= 100:
        raise ValueError(f"percentile must lie in (0, 100], got {percentile}")
    fig, ax = _new_figure()
    ax.hist(values, bins=min(50, max(10, int(np.sqrt(values.size)))), color="0.7")
    cut = float(np.percentile(values, percentile))
    ax.axvline(cut, color="tab:blue", linestyle="--", label=f"P{percentile:g} = {cut:.0f} tokens")
    if max_length is not None:
        if (
            isinstance(max_length, bool)
            or not isinstance(max_length, (int, np.integer))
            or max_length < 1
        ):
            raise ValueError(f"max_length must be a positive int, got {max_length!r}")
        truncated = float(np.mean(values > max_length))
        ax.axvline(
            max_length,
            color="tab:red",
            label=f"max_length = {max_length} ({truncated:.1%} truncated)",
        )
    ax.set_xlabel("tokens per example")
    ax.set_ylabel("examples")
    ax.set_title("Tokenized length")
    ax.legend()
    return fig, ax


def plot_reliability_diagram(probs: Any, labels: Any, n_bins: int = 15) -> tuple[Figure, Axes]:
    """Reliability diagram: accuracy per confidence bin against the diagonal of perfection.

    Bars below the diagonal mean over-confidence. The title shows the ECE.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        probs: ``[N, C]`` class probabilities, or ``[N]`` positive-class probabilities.
        labels: ``[N]`` true class ids.
        n_bins: number of equal-width confidence bins.

    Returns:
        ``(fig, ax)`` with one bar per bin (height 0 when empty) and the diagonal line.
    """
    table = reliability_table(probs, labels, n_bins)
    ece = expected_calibration_error(probs, labels, n_bins)
    fig, ax = _new_figure(width=5.0, height=5.0)
    width = 1.0 / len(table)
    ax.bar(
        table["bin_lower"],
        table["accuracy"].fillna(0.0),
        width=width,
        align="edge",
        edgecolor="black",
        color="tab:blue",
        alpha=0.8,
        label="accuracy",
    )
    ax.plot([0, 1], [0, 1], linestyle="--", color="gray", label="perfect calibration")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(f"Reliability diagram (ECE = {ece:.3f})")
    ax.legend(loc="upper left")
    return fig, ax


def plot_metric_comparison(df: pd.DataFrame, metric: str, by: str) -> tuple[Figure, Axes]:
    """Bar chart of one metric across runs or methods, from a comparison table.

    Several rows with the same ``by`` value (e.g. seeds) are averaged, with their standard
    deviation as an error bar. Taught in: lessons/02_multiclass_imbalance.ipynb and
    lessons/07_efficient_finetuning.ipynb.

    Args:
        df: one row per run, e.g. columns "method", "seed", "macro_f1".
        metric: the column to plot.
        by: the column naming the bars (or the index name).

    Returns:
        ``(fig, ax)`` with one bar per distinct ``by`` value, in order of first appearance.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    frame = df.reset_index() if by not in df.columns and by in (df.index.names or []) else df
    for name, role in ((metric, "metric"), (by, "by")):
        if name not in frame.columns:
            raise ValueError(f"{role} column {name!r} not in df; columns: {list(frame.columns)}")
    if frame.empty:
        raise ValueError("df is empty")
    if not pd.api.types.is_numeric_dtype(frame[metric]):
        raise TypeError(f"column {metric!r} must be numeric")
    grouped = frame.groupby(by, sort=False)[metric]
    means, stds = grouped.mean(), grouped.std().fillna(0.0)
    fig, ax = _new_figure(width=max(5.0, 0.8 * len(means) + 2.0))
    positions = np.arange(len(means))
    errors = stds.to_numpy() if (grouped.size() > 1).any() else None
    bars = ax.bar(positions, means.to_numpy(), yerr=errors, capsize=4, color="tab:blue")
    ax.bar_label(bars, fmt="%.3f")
    ax.set_xticks(positions, labels=[str(v) for v in means.index], rotation=30, ha="right")
    ax.set_xlabel(by)
    ax.set_ylabel(metric)
    ax.set_title(f"{metric} by {by}")
    return fig, ax


def plot_grouped_bars(
    table: pd.DataFrame,
    title: str = "",
    ylabel: str = "score",
    ylim: tuple[float, float] = (0, 1),
    fmt: str = "%.2f",
) -> tuple[Figure, Axes]:
    """Grouped bar chart: one group per row of ``table``, one bar per numeric column.

    E.g. rows = evaluation sets, columns = accuracy and macro_f1. Taught in:
    lessons/06_evaluation_error_analysis.ipynb.

    Args:
        table: DataFrame whose index names the groups and whose columns are numeric scores.
        title: figure title.
        ylabel: y-axis label.
        ylim: y-axis range.
        fmt: format of the value written on each bar (``"%.3f"`` for small differences).

    Returns:
        ``(fig, ax)``; every bar carries its value as a label.
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise ValueError("table must be a non-empty pandas DataFrame")
    numeric = table.select_dtypes("number")
    if numeric.shape[1] == 0:
        raise ValueError(f"table has no numeric column to plot; columns: {list(table.columns)}")
    n_rows, n_cols = numeric.shape
    fig = Figure(figsize=(min(13.0, max(5.0, 0.45 * n_rows * n_cols + 3.0)), 4.0))
    fig.set_layout_engine("constrained")
    ax = fig.subplots()
    width = 0.8 / n_cols
    positions = np.arange(n_rows)
    for j, column in enumerate(numeric.columns):
        bars = ax.bar(
            positions + (j - (n_cols - 1) / 2) * width,
            numeric[column].to_numpy(dtype=float),
            width=width,
            label=str(column),
        )
        ax.bar_label(bars, fmt=fmt, fontsize="small", padding=1)
    ax.set_xticks(positions, labels=[str(i) for i in numeric.index], rotation=20, ha="right")
    low, high = ylim
    ax.set_ylim(low, high + 0.08 * (high - low))  # headroom for the value labels
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return fig, ax


def plot_slice_metrics(table: pd.DataFrame, metric: str = "accuracy") -> tuple[Figure, np.ndarray]:
    """One panel per slicing: a bar per group, the overall score as a dashed line.

    Accuracy bars get their 95% Wilson interval as error bars; every bar is labelled with its
    group size ``n``, because a 100% on 6 examples says little.
    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        table: output of :func:`course_lib.error_analysis.slice_metrics`.
        metric: column to draw (``"accuracy"`` or ``"macro_f1"``).

    Returns:
        ``(fig, axes)``, one axis per slicing (the ``"all"`` row is the dashed line).
    """
    needed = {"slice", "group", "n", metric}
    if not isinstance(table, pd.DataFrame) or not needed <= set(table.columns):
        raise ValueError(f"table must be the output of slice_metrics (columns {sorted(needed)})")
    overall = table[table["slice"] == "all"]
    parts = [name for name in dict.fromkeys(table["slice"]) if name != "all"]
    if not parts:
        raise ValueError("table has no slicing besides 'all'")
    fig = Figure(figsize=(4.5 * len(parts), 4.0))
    fig.set_layout_engine("constrained")
    axes = np.atleast_1d(fig.subplots(1, len(parts), sharey=True))
    for ax, name in zip(axes, parts, strict=True):
        part = table[table["slice"] == name]
        positions = np.arange(len(part))
        values = part[metric].to_numpy(dtype=float)
        errors = None
        if metric == "accuracy" and {"acc_low", "acc_high"} <= set(part.columns):
            errors = np.vstack([values - part["acc_low"], part["acc_high"] - values])
        bars = ax.bar(positions, values, yerr=errors, capsize=4, color="tab:blue", alpha=0.85)
        ax.bar_label(bars, labels=[f"n={n}" for n in part["n"]], label_type="center", color="w")
        if not overall.empty:
            ax.axhline(float(overall[metric].iloc[0]), color="gray", linestyle="--", label="all")
            ax.legend(loc="lower right", fontsize="small")
        ax.set_xticks(positions, labels=[str(g) for g in part["group"]], rotation=20, ha="right")
        ax.set_title(f"{metric} by {name}")
        ax.set_ylim(0, 1.05)
    axes[0].set_ylabel(metric)
    return fig, axes


def plot_seed_scores(
    scores: Mapping[Any, float], metric: str = "macro_f1", title: str = ""
) -> tuple[Figure, Axes]:
    """Each run's score as a dot, with the mean (line) and mean +- one std (band).

    Taught in: lessons/06_evaluation_error_analysis.ipynb.

    Args:
        scores: seed -> score.
        metric: name of the metric, for the axis label.
        title: figure title (default: the mean +- std).

    Returns:
        ``(fig, ax)``.
    """
    if not isinstance(scores, Mapping):
        raise TypeError("scores must be a mapping seed -> score")
    summary = seed_variance_summary(scores)
    fig = Figure(figsize=(5.0, 3.5))
    fig.set_layout_engine("constrained")
    ax = fig.subplots()
    positions = np.arange(len(scores))
    values = np.array(list(scores.values()), dtype=float)
    low, high = summary["mean"] - summary["std"], summary["mean"] + summary["std"]
    ax.axhspan(low, high, color="tab:blue", alpha=0.15, label="mean +- 1 std")
    ax.axhline(summary["mean"], color="tab:blue", label=f"mean = {summary['mean']:.3f}")
    ax.scatter(positions, values, color="black", zorder=3, label="one run")
    for x, y in zip(positions, values, strict=True):
        ax.annotate(f"{y:.3f}", (x, y), textcoords="offset points", xytext=(6, 4))
    ax.set_xticks(positions, labels=[f"seed {s}" for s in scores])
    ax.set_xlim(-0.5, len(scores) - 0.5)
    margin = max(0.02, 2 * summary["std"])
    ax.set_ylim(max(0.0, summary["min"] - margin), min(1.0, summary["max"] + margin))
    ax.set_ylabel(metric)
    ax.set_title(
        title or f"{metric} over {len(scores)} seeds: {summary['mean']:.3f} +- {summary['std']:.3f}"
    )
    ax.legend(loc="lower right", fontsize="small")
    return fig, ax


def plot_paired_differences(
    differences: Sequence[float],  # candidate - reference, one value per seed
    low: float,  # the 95% interval of the mean difference (e.g. from paired_difference)
    high: float,
    margin: float = 0.01,  # the loss still called "equal", drawn as a dashed line
    metric: str = "F1",
    names: tuple[str, str] = ("candidate", "reference"),  # what was subtracted from what
) -> tuple[Figure, Axes]:
    """Per-seed differences as bars, their mean and its 95% interval as a band, and the margin.

    Taught in: lessons/07_efficient_finetuning.ipynb.
    """
    values = np.asarray(differences, dtype=float)
    if values.ndim != 1 or len(values) < 2:
        raise ValueError("differences must be a flat list of at least 2 per-seed values")
    fig, ax = _new_figure(width=8.0, height=3.5)
    positions = np.arange(1, len(values) + 1)
    ax.bar(positions, values, color=np.where(values < 0, "tab:red", "tab:blue"))
    ax.axhspan(
        low, high, color="black", alpha=0.12, label=f"95% CI of the mean\n[{low:+.4f}, {high:+.4f}]"
    )
    ax.axhline(values.mean(), color="black", label=f"mean {values.mean():+.4f}")
    ax.axhline(
        -margin, color="tab:gray", linestyle="--", label=f"equal needs the CI\nabove {-margin:+.2f}"
    )
    ax.set_xticks(positions)
    ax.set_xlabel("seed (one pair of runs each)")
    ax.set_ylabel(f"{metric} difference")
    ax.set_title(f"{metric}: {names[0]} - {names[1]}, {len(values)} paired seeds")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return fig, ax


def plot_score_scatter(
    gold: Any,
    predicted: Any,
    low: float = 0.0,
    high: float = 5.0,
    title: str = "Predicted vs gold similarity",
) -> tuple[Figure, Axes]:
    """Scatter plot of predicted against gold scores, with the diagonal ``y = x``.

    Points above the diagonal are over-estimated pairs, points below under-estimated. The title
    carries Pearson and Spearman correlations. Taught in: lessons/05_sentence_pairs.ipynb.
    """
    from scipy.stats import pearsonr, spearmanr

    truth = as_float_array(gold, "gold", ndim=(1, 2)).reshape(-1)
    pred = as_float_array(predicted, "predicted", ndim=(1, 2)).reshape(-1)
    check_same_length(truth, pred, ("gold", "predicted"))
    if truth.size < 2:
        raise ValueError("need at least two pairs to draw a scatter plot and correlations")
    fig = Figure(figsize=(5.0, 5.0), layout="constrained")
    ax = fig.subplots()
    ax.scatter(truth, pred, s=18, alpha=0.7, color="tab:blue")
    ax.plot([low, high], [low, high], color="grey", linestyle="--", label="perfect (y = x)")
    ax.set_xlim(low - 0.25, high + 0.25)
    ax.set_ylim(min(low, pred.min()) - 0.25, max(high, pred.max()) + 0.25)
    ax.set_xlabel("gold score")
    ax.set_ylabel("predicted score")
    pearson, spearman = float(pearsonr(truth, pred)[0]), float(spearmanr(truth, pred)[0])
    ax.set_title(f"{title}\nPearson {pearson:.3f} | Spearman {spearman:.3f}")
    ax.legend(loc="upper left")
    return fig, ax
