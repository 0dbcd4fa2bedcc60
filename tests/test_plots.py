"""Tests for course_lib.plots: the figures contain what the lessons say they contain."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from course_lib.plots import plot_training_curves

LOG_HISTORY = [
    {"loss": 0.9, "step": 10, "epoch": 0.5},
    {"loss": 0.7, "step": 20, "epoch": 1.0},
    {
        "eval_loss": 0.65,
        "eval_accuracy": 0.7,
        "eval_f1": 0.6,
        "eval_runtime": 1.2,
        "eval_samples_per_second": 100.0,
        "step": 20,
        "epoch": 1.0,
    },
    {"loss": 0.5, "step": 30, "epoch": 1.5},
    {"loss": 0.4, "step": 40, "epoch": 2.0},
    {
        "eval_loss": 0.6,
        "eval_accuracy": 0.8,
        "eval_f1": 0.75,
        "eval_runtime": 1.1,
        "eval_samples_per_second": 110.0,
        "step": 40,
        "epoch": 2.0,
    },
    {"train_runtime": 10.0, "train_loss": 0.6, "step": 40, "epoch": 2.0},
]


def test_training_curves_panels():
    fig, axes = plot_training_curves(LOG_HISTORY)
    assert isinstance(fig, Figure)
    loss_ax, metric_ax = axes
    labels = [line.get_label() for line in loss_ax.get_lines()]
    assert labels == ["train loss", "eval loss"]
    assert list(loss_ax.get_lines()[0].get_xdata()) == [10, 20, 30, 40]
    assert loss_ax.get_xlabel() == "step"
    metric_labels = sorted(line.get_label() for line in metric_ax.get_lines())
    assert metric_labels == ["accuracy", "f1"]  # timing entries and loss are left out
    assert list(metric_ax.get_lines()[0].get_xdata()) == [1.0, 2.0]
    assert metric_ax.get_xlabel() == "epoch"


def test_training_curves_select_metrics_and_no_eval():
    _, axes = plot_training_curves(LOG_HISTORY, metrics=["f1"])
    assert [line.get_label() for line in axes[1].get_lines()] == ["f1"]
    _, axes = plot_training_curves([{"loss": 1.0, "step": 1}])
    assert len(axes[1].get_lines()) == 0 and len(axes[1].texts) == 1


def test_training_curves_errors():
    with pytest.raises(ValueError, match="empty"):
        plot_training_curves([])
    with pytest.raises(TypeError, match="list of dicts"):
        plot_training_curves({"loss": 1.0})
    with pytest.raises(ValueError, match="not found"):
        plot_training_curves(LOG_HISTORY, metrics=["bleu"])
    with pytest.raises(ValueError, match="no 'loss'"):
        plot_training_curves([{"train_runtime": 3.0}])
