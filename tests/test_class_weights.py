"""Tests for course_lib.class_weights and course_lib.sampling."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from course_lib.class_weights import class_counts, class_weights_tensor, compute_class_weights
from course_lib.sampling import oversampling_weights, undersample

LABELS_9000_800_200 = np.repeat([0, 1, 2], [9000, 800, 200])


def test_sqrt_inverse_true_values_for_9000_800_200():
    """Hand computation for counts 9000 / 800 / 200 (n = 10000, k = 3).

    sqrt(n / (k * count)) is proportional to 1 / sqrt(count); relative to the 200-class:
        sqrt(200/9000) = sqrt(1/45) = 0.1490712,  sqrt(200/800) = 0.5,  1.
    Their mean is (0.1490712 + 0.5 + 1) / 3 = 0.5496904; dividing by it gives
        0.2711912, 0.9096029, 1.8192059   (mean exactly 1).
    A widely copied tutorial prints ['0.58', '1.23', '2.46']: those have mean 1.42, not 1, and
    the wrong ratio between the largest and smallest class (0.236 instead of sqrt(1/45)).
    """
    weights = compute_class_weights(LABELS_9000_800_200, strategy="sqrt_inverse")
    np.testing.assert_allclose(weights, [0.2711912, 0.9096029, 1.8192059], atol=1e-6)
    assert weights.mean() == pytest.approx(1.0)
    assert [f"{w:.2f}" for w in weights] == ["0.27", "0.91", "1.82"]


def test_inverse_hand_values():
    # n/(k*count) = 10000/27000, 10000/2400, 10000/600 = 0.37037, 4.16667, 16.66667
    # mean = 7.06790 -> 0.052402, 0.589520, 2.358079
    weights = compute_class_weights(LABELS_9000_800_200, strategy="inverse")
    np.testing.assert_allclose(weights, [0.052402, 0.589520, 2.358079], atol=1e-6)
    # inverse weights equalise the total weight of every class
    np.testing.assert_allclose(weights * [9000, 800, 200], 9000 * 0.052402, rtol=1e-5)


def test_effective_number_hand_values_and_limits():
    counts = np.array([9000, 800, 200])
    raw = (1 - 0.999) / (1 - 0.999**counts)
    expected = raw / raw.mean()
    weights = compute_class_weights(LABELS_9000_800_200, strategy="effective", beta=0.999)
    np.testing.assert_allclose(weights, expected, rtol=1e-12)
    # beta -> 0: equal weights; beta -> 1: inverse frequency
    np.testing.assert_allclose(
        compute_class_weights(LABELS_9000_800_200, strategy="effective", beta=1e-9), 1.0
    )
    np.testing.assert_allclose(
        compute_class_weights(LABELS_9000_800_200, strategy="effective", beta=1 - 1e-9),
        compute_class_weights(LABELS_9000_800_200, strategy="inverse"),
        rtol=1e-4,
    )


def test_balanced_labels_give_unit_weights():
    for strategy in ("inverse", "sqrt_inverse", "effective"):
        np.testing.assert_allclose(compute_class_weights([0, 1, 2, 0, 1, 2], strategy=strategy), 1)


def test_tensor_version():
    tensor = class_weights_tensor(LABELS_9000_800_200, num_classes=3, strategy="sqrt_inverse")
    assert tensor.dtype == torch.float32 and tensor.shape == (3,)
    np.testing.assert_allclose(tensor.numpy(), [0.2711912, 0.9096029, 1.8192059], atol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match=r"class\(es\) \[3\] have zero examples"):
        compute_class_weights([0, 1, 2], num_classes=4)
    with pytest.raises(ValueError, match=r"\[1\] have zero examples"):
        compute_class_weights([0, 2, 2])  # gap in the inferred range
    with pytest.raises(ValueError, match="outside the valid range"):
        compute_class_weights([0, 1, 5], num_classes=3)
    with pytest.raises(ValueError, match="negative label"):
        compute_class_weights([0, -1])
    with pytest.raises(ValueError, match="unknown strategy"):
        compute_class_weights([0, 1], strategy="balanced")
    for beta in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError, match="beta"):
            compute_class_weights([0, 1], strategy="effective", beta=beta)
    with pytest.raises(ValueError, match="labels is empty"):
        compute_class_weights([])
    with pytest.raises(ValueError, match="non-integer"):
        compute_class_weights([0.2, 0.8])
    with pytest.raises(ValueError, match="1-D"):
        compute_class_weights([[0, 1], [1, 0]])


def test_class_counts():
    assert class_counts([0, 2, 2], num_classes=4).tolist() == [1, 0, 2, 0]
    with pytest.raises(TypeError, match="num_classes"):
        class_counts([0, 1], num_classes=2.0)


def test_oversampling_weights_balance_classes():
    labels = np.array([0, 0, 0, 1])
    weights = oversampling_weights(labels)
    np.testing.assert_allclose(weights, [1 / 3, 1 / 3, 1 / 3, 1.0])
    assert weights[labels == 0].sum() == pytest.approx(weights[labels == 1].sum())


def test_undersample_caps_classes_and_is_seeded():
    labels = np.repeat([0, 1, 2], [100, 30, 10])
    kept = undersample(labels, max_ratio=2.0, seed=3)
    assert np.bincount(labels[kept]).tolist() == [20, 20, 10]
    assert np.all(np.diff(kept) > 0)
    assert np.array_equal(kept, undersample(labels, max_ratio=2.0, seed=3))
    assert not np.array_equal(kept, undersample(labels, max_ratio=2.0, seed=4))
    assert np.bincount(labels[undersample(labels)]).tolist() == [10, 10, 10]
    with pytest.raises(ValueError, match="max_ratio"):
        undersample(labels, max_ratio=0.5)
