"""Tests for course_lib.calibration: stable transforms, ECE by hand, temperature scaling."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.special import expit

from course_lib.calibration import (
    apply_temperature,
    expected_calibration_error,
    fit_temperature,
    reliability_table,
    sigmoid,
    softmax,
)

RNG = np.random.default_rng(0)


def test_softmax_and_sigmoid_are_stable_and_correct():
    logits = np.array([[1e4, 0.0, -1e4], [1.0, 2.0, 3.0]])
    probs = softmax(logits)
    assert np.all(np.isfinite(probs)) and np.allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(probs[1], torch.softmax(torch.tensor([1.0, 2.0, 3.0]), 0), rtol=1e-6)
    x = np.array([-1e4, -30.0, 0.0, 30.0, 1e4])
    with np.errstate(over="raise", invalid="raise"):  # no overflow warnings either
        np.testing.assert_allclose(sigmoid(x), expit(x))
    with pytest.raises(ValueError, match="NaN"):
        softmax([[np.inf, 0.0]])


def test_ece_hand_example():
    # confidences 0.95 (right), 0.85 (wrong), 0.75 (right), 0.65 (right), one per bin:
    # ECE = (0.05 + 0.85 + 0.25 + 0.35) / 4 = 0.375
    probs = np.array([[0.95, 0.05], [0.85, 0.15], [0.25, 0.75], [0.65, 0.35]])
    labels = np.array([0, 1, 1, 0])
    assert expected_calibration_error(probs, labels, n_bins=10) == pytest.approx(0.375)
    # the same task as positive-class probabilities
    assert expected_calibration_error(probs[:, 1], labels, n_bins=10) == pytest.approx(0.375)


def _loop_ece(probs, labels, n_bins):
    conf, pred = probs.max(1), probs.argmax(1)
    total = 0.0
    for b in range(n_bins):
        lo, hi = b / n_bins, (b + 1) / n_bins
        mask = (conf > lo) & (conf <= hi) if b else (conf >= lo) & (conf <= hi)
        if mask.any():
            total += mask.mean() * abs((pred[mask] == labels[mask]).mean() - conf[mask].mean())
    return total


def test_ece_matches_a_plain_loop():
    probs = softmax(RNG.normal(size=(2000, 4)) * 2)
    labels = RNG.integers(0, 4, size=2000)
    assert expected_calibration_error(probs, labels) == pytest.approx(
        _loop_ece(probs, labels, 15), abs=1e-3
    )


def test_calibrated_data_has_small_ece_and_table_shape():
    p = RNG.random(20_000)
    labels = (RNG.random(20_000) < p).astype(int)
    assert expected_calibration_error(p, labels) < 0.02
    table = reliability_table(p, labels, n_bins=10)
    assert len(table) == 10 and table["count"].sum() == 20_000
    assert list(table.columns) == [
        "bin_lower",
        "bin_upper",
        "count",
        "confidence",
        "accuracy",
        "gap",
    ]
    sparse = reliability_table(np.array([[0.99, 0.01]]), np.array([0]), n_bins=5)
    assert sparse["count"].tolist() == [0, 0, 0, 0, 1] and sparse["accuracy"].isna().sum() == 4


def test_temperature_recovers_overconfidence():
    true_logits = RNG.normal(size=(4000, 3)) * 1.5
    probs = softmax(true_logits)
    labels = np.array([RNG.choice(3, p=row) for row in probs])
    overconfident = true_logits * 3.0
    temperature = fit_temperature(overconfident, labels)
    assert temperature == pytest.approx(3.0, rel=0.1)
    before = expected_calibration_error(softmax(overconfident), labels)
    after = expected_calibration_error(apply_temperature(overconfident, temperature), labels)
    assert after < before / 2
    # accuracy is unchanged by temperature scaling
    assert np.array_equal(
        apply_temperature(overconfident, temperature).argmax(1), overconfident.argmax(1)
    )


def test_temperature_is_the_nll_minimum():
    logits = RNG.normal(size=(500, 4)) * 4
    labels = np.array([RNG.choice(4, p=row) for row in softmax(logits / 2)])

    def nll(t):
        return -np.mean(np.log(apply_temperature(logits, t)[np.arange(500), labels]))

    t = fit_temperature(logits, labels)
    assert nll(t) <= nll(t * 1.02) and nll(t) <= nll(t / 1.02)


def test_binary_logits_temperature():
    z = RNG.normal(size=3000) * 2
    y = (RNG.random(3000) < expit(z)).astype(int)
    assert fit_temperature(z * 0.5, y) == pytest.approx(0.5, rel=0.15)
    np.testing.assert_allclose(apply_temperature(z, 2.0), expit(z / 2))
    np.testing.assert_allclose(apply_temperature(z, 2.0, return_probs=False), z / 2)


def test_misuse_errors():
    probs = softmax(RNG.normal(size=(10, 3)))
    labels = RNG.integers(0, 3, size=10)
    with pytest.raises(ValueError, match="look like probabilities"):
        fit_temperature(probs, labels)
    with pytest.raises(ValueError, match="look like logits"):
        expected_calibration_error(RNG.normal(size=(10, 3)) * 5, labels)
    with pytest.raises(ValueError, match="different lengths"):
        expected_calibration_error(probs, labels[:5])
    with pytest.raises(ValueError, match="labels contains label 3"):
        expected_calibration_error(probs, np.full(10, 3))
    with pytest.raises(ValueError, match="n_bins"):
        expected_calibration_error(probs, labels, n_bins=0)
    with pytest.raises(ValueError, match="temperature"):
        apply_temperature(np.zeros((2, 2)) + [0.0, 3.0], 0.0)
    with pytest.warns(UserWarning, match="sigmoid probabilities"):
        fit_temperature(np.array([0.2, 0.9, 0.4, 0.7]), np.array([0, 1, 1, 0]))
