"""Tests for course_lib.thresholds: exactness against brute force, ties, degenerate labels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score

from course_lib.thresholds import apply_thresholds, per_label_f1, tune_thresholds


def _brute_force_best_f1(scores: np.ndarray, truth: np.ndarray) -> float:
    """Best F1 over every threshold equal to an observed score (all realisable cuts)."""
    best = 0.0
    for t in np.unique(scores):
        pred = scores >= t
        tp = np.sum(pred & (truth == 1))
        best = max(best, 2 * tp / (pred.sum() + truth.sum()))
    return best


def test_hand_example():
    # scores 0.9 0.8 0.7 0.4 0.2 with truth 1 0 1 1 0:
    # top1 F1 = 2/(1+3)=0.5, top2 = 2/(2+3)=0.4, top3 = 4/6=0.667, top4 = 6/7=0.857, top5 = 0.75
    probs = np.array([[0.9], [0.8], [0.7], [0.4], [0.2]])
    labels = np.array([[1], [0], [1], [1], [0]])
    thresholds = tune_thresholds(probs, labels)
    assert thresholds[0] == pytest.approx(0.3)  # halfway between 0.4 and 0.2
    assert per_label_f1(probs, labels, thresholds)[0] == pytest.approx(6 / 7)
    pred = apply_thresholds(probs, thresholds)
    assert f1_score(labels[:, 0], pred[:, 0]) == pytest.approx(6 / 7)


def test_all_positive_cut_uses_lowest_score():
    probs = np.array([[0.9], [0.3], [0.1]])
    labels = np.array([[1], [1], [1]])
    thresholds = tune_thresholds(probs, labels)
    assert thresholds[0] == pytest.approx(0.1)
    assert apply_thresholds(probs, thresholds).ravel().tolist() == [1, 1, 1]


def test_ties_are_never_split():
    # three examples share 0.5: two positive, one negative; a cut inside the tie is impossible
    probs = np.array([[0.5], [0.5], [0.5], [0.1]])
    labels = np.array([[1], [0], [1], [0]])
    thresholds = tune_thresholds(probs, labels)
    pred = apply_thresholds(probs, thresholds).ravel()
    assert pred.tolist() == [1, 1, 1, 0]
    assert per_label_f1(probs, labels, thresholds)[0] == pytest.approx(0.8)


def test_label_without_positives_gets_fallback_with_warning():
    probs = np.array([[0.9, 0.2], [0.1, 0.3]])
    labels = np.array([[1, 0], [0, 0]])
    with pytest.warns(UserWarning, match=r"\[1\] have no positive"):
        thresholds = tune_thresholds(probs, labels, fallback=0.7)
    assert thresholds[1] == 0.7
    assert thresholds[0] == pytest.approx(0.5)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 40),
    n_labels=st.integers(1, 4),
    seed=st.integers(0, 100_000),
    coarse=st.booleans(),
)
def test_matches_brute_force(n, n_labels, seed, coarse):
    rng = np.random.default_rng(seed)
    probs = rng.random((n, n_labels))
    if coarse:  # many ties
        probs = np.round(probs, 1)
    labels = (rng.random((n, n_labels)) < 0.4).astype(int)
    labels[0] = 1  # every label has a positive
    thresholds = tune_thresholds(probs, labels)
    achieved = per_label_f1(probs, labels, thresholds)
    for j in range(n_labels):
        assert achieved[j] == pytest.approx(_brute_force_best_f1(probs[:, j], labels[:, j]))
        # the threshold separates exactly as intended: within the observed range
        assert probs[:, j].min() <= thresholds[j] <= probs[:, j].max()


def test_beta_favours_recall():
    rng = np.random.default_rng(0)
    probs = rng.random((500, 1))
    labels = (rng.random((500, 1)) < probs).astype(int)
    assert tune_thresholds(probs, labels, beta=2.0)[0] <= tune_thresholds(probs, labels)[0]


def test_apply_thresholds_per_label_and_errors():
    probs = np.array([[0.2, 0.6], [0.5, 0.4]])
    assert apply_thresholds(probs, [0.3, 0.5]).tolist() == [[0, 1], [1, 0]]
    assert apply_thresholds(probs, 0.5).tolist() == [[0, 1], [1, 0]]
    with pytest.raises(ValueError, match="3 values but probs has 2 labels"):
        apply_thresholds(probs, [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="look like logits"):
        tune_thresholds(np.array([[2.0], [-1.0]]), np.array([[1], [0]]))
    with pytest.raises(ValueError, match="does not match"):
        tune_thresholds(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="2-D"):
        tune_thresholds(np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        tune_thresholds(np.array([[np.nan]]), np.array([[1]]))
    with pytest.raises(ValueError, match="multi-hot"):
        tune_thresholds(np.array([[0.5]]), np.array([[3]]))
    with pytest.raises(ValueError, match="empty"):
        tune_thresholds(np.zeros((0, 2)), np.zeros((0, 2)))
