"""Figures used across the lessons. Every function returns ``(fig, ax)`` (or ``(fig, axes)``).

Figures are built with :class:`matplotlib.figure.Figure` directly, so nothing here touches the
pyplot global state: it works headless (CI, Agg) and in notebooks, where returning the figure
as the last expression of a cell displays it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["plot_training_curves"]

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
