"""Tests for course_lib.plots: the figures contain what the lessons say they contain."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from course_lib.plots import (
    plot_confusion_matrix,
    plot_length_histogram,
    plot_metric_comparison,
    plot_pr_curves,
    plot_reliability_diagram,
    plot_training_curves,
)

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


# ------------------------------------------------------------------ the other figures

RNG = np.random.default_rng(0)


def test_confusion_matrix_cells_and_labels():
    fig, ax = plot_confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], ["neg", "neu", "pos"])
    assert isinstance(fig, Figure)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["neg", "neu", "pos"]
    assert ax.get_xlabel() == "predicted" and ax.get_ylabel() == "true"
    cells = [t.get_text() for t in ax.texts]
    assert len(cells) == 9 and cells[:3] == ["1", "1", "0"]
    _, ax = plot_confusion_matrix([0, 0, 1], [0, 1, 1], ["a", "b"], normalize="true")
    assert [t.get_text() for t in ax.texts] == ["0.50", "0.50", "0.00", "1.00"]


def test_pr_curves_lines_and_threshold_markers():
    labels = (RNG.random((200, 3)) < 0.3).astype(int)
    probs = np.clip(labels * 0.5 + RNG.random((200, 3)) * 0.5, 0, 1)
    _, ax = plot_pr_curves(probs, labels, ["a", "b", "c"], thresholds=[0.5, 0.6, 0.7])
    assert len(ax.get_lines()) == 3
    assert len(ax.collections) == 3  # one marker per threshold
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0].startswith("a (AP=")
    _, ax = plot_pr_curves(probs[:, 0], labels[:, 0])
    assert len(ax.get_lines()) == 1 and len(ax.collections) == 0
    with pytest.raises(ValueError, match="2 names but probs has 3"):
        plot_pr_curves(probs, labels, ["a", "b"])
    with pytest.raises(ValueError, match="sigmoid"):
        plot_pr_curves(probs * 5 - 2, labels)


def test_length_histogram_lines():
    lengths = np.arange(1, 101)
    _, ax = plot_length_histogram(lengths, max_length=64, percentile=90)
    lines = ax.get_lines()
    assert len(lines) == 2
    assert lines[0].get_xdata()[0] == pytest.approx(np.percentile(lengths, 90))
    assert lines[1].get_xdata()[0] == 64
    assert "36.0% truncated" in lines[1].get_label()
    _, ax = plot_length_histogram(lengths)
    assert len(ax.get_lines()) == 1 and ax.get_lines()[0].get_label().startswith("P99")
    with pytest.raises(ValueError, match="percentile"):
        plot_length_histogram(lengths, percentile=0)
    with pytest.raises(ValueError, match="max_length"):
        plot_length_histogram(lengths, max_length=0)


def test_reliability_diagram_bars():
    probs = RNG.random(1000)
    labels = (RNG.random(1000) < probs).astype(int)
    _, ax = plot_reliability_diagram(probs, labels, n_bins=10)
    assert len(ax.patches) == 10
    assert ax.get_title().startswith("Reliability diagram (ECE = ")
    assert len(ax.get_lines()) == 1  # the diagonal


def test_metric_comparison_bars_and_error_bars():
    df = pd.DataFrame(
        {
            "method": ["ce", "ce", "weighted", "weighted", "focal", "focal"],
            "seed": [0, 1, 0, 1, 0, 1],
            "macro_f1": [0.5, 0.6, 0.7, 0.7, 0.65, 0.75],
        }
    )
    _, ax = plot_metric_comparison(df, metric="macro_f1", by="method")
    assert len(ax.patches) == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ce", "weighted", "focal"]
    assert [p.get_height() for p in ax.patches] == pytest.approx([0.55, 0.7, 0.7])
    assert ax.get_ylabel() == "macro_f1"
    indexed = df.groupby("method", sort=False)["macro_f1"].max().to_frame()
    _, ax = plot_metric_comparison(indexed, metric="macro_f1", by="method")
    assert len(ax.patches) == 3
    with pytest.raises(ValueError, match="metric column 'acc'"):
        plot_metric_comparison(df, metric="acc", by="method")


def test_figures_keep_the_names_lessons_05_and_06_call_them_by() -> None:
    import course_lib as cl

    for name in ("plot_grouped_bars", "plot_seed_scores", "plot_slice_metrics"):
        assert getattr(cl.error_analysis, name) is getattr(cl.plots, name)
    assert cl.pairs.plot_score_scatter is cl.plots.plot_score_scatter
    with pytest.raises(AttributeError):
        cl.pairs.plot_nothing  # noqa: B018


def test_learning_rate_schedule_plot_marks_warmup_and_early_stop():
    from course_lib.plots import plot_learning_rate_schedule

    rates = [0.0, 1e-5, 2e-5, 1.5e-5, 1e-5, 0.5e-5]
    _, ax = plot_learning_rate_schedule(rates, stopped_at=4)
    lines = ax.get_lines()
    assert len(lines) == 3  # the schedule, the end of warmup, the early stop
    assert lines[1].get_xdata()[0] == 3 and "step 3" in lines[1].get_label()
    assert lines[2].get_xdata()[0] == 4
    assert len(plot_learning_rate_schedule(rates)[1].get_lines()) == 2
    with pytest.raises(ValueError, match="rates"):
        plot_learning_rate_schedule([])


def test_paired_differences_bars_band_and_margin():
    from course_lib.plots import plot_paired_differences

    fig, ax = plot_paired_differences([0.01, -0.02, 0.005], low=-0.03, high=0.02, margin=0.01)
    assert isinstance(fig, Figure)
    assert len(ax.containers[0]) == 3  # one bar per seed
    assert "-0.01" in " ".join(t.get_text() for t in ax.get_legend().get_texts())
    with pytest.raises(ValueError, match="at least 2"):
        plot_paired_differences([0.01], low=0, high=0)
