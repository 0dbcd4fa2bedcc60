"""Tests for course_lib.losses: hand values, torch agreement, stability, gradients, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from torch import nn

from course_lib.losses import (
    BCEWithPosWeightLoss,
    FocalLoss,
    SigmoidFocalLoss,
    WeightedCrossEntropyLoss,
    pos_weight_from_labels,
)

torch.manual_seed(0)


# ------------------------------------------------------------------ hand-computed values


def test_focal_hand_values():
    # logits [0, ln 3] -> p = [1/4, 3/4]
    logits = torch.tensor([[0.0, math.log(3.0)], [0.0, math.log(3.0)]])
    labels = torch.tensor([1, 0])
    per = FocalLoss(gamma=2.0, reduction="none")(logits, labels)
    # label 1: (1 - 3/4)^2 * -ln(3/4) = 0.0625 * 0.2876821; label 0: (3/4)^2 * ln 4
    expected = [0.0625 * -math.log(0.75), 0.5625 * math.log(4.0)]
    torch.testing.assert_close(per, torch.tensor(expected))
    mean = FocalLoss(gamma=2.0)(logits, labels)
    assert mean.item() == pytest.approx(sum(expected) / 2, rel=1e-6)
    # alpha-weighted mean divides by the sum of alpha over the targets: (1*e1 + 3*e0) / (1 + 3)
    weighted = FocalLoss(gamma=2.0, alpha=[3.0, 1.0])(logits, labels)
    assert weighted.item() == pytest.approx((expected[0] + 3 * expected[1]) / 4, rel=1e-6)


def test_sigmoid_focal_hand_values():
    logits = torch.tensor([[0.0, 0.0]])
    labels = torch.tensor([[1.0, 0.0]])
    # p = 0.5: bce = ln 2, (1 - p_t)^2 = 0.25, alpha_t = 0.25 (pos) / 0.75 (neg)
    per = SigmoidFocalLoss(gamma=2.0, alpha=0.25, reduction="none")(logits, labels)
    torch.testing.assert_close(
        per, torch.tensor([[0.25 * 0.25 * math.log(2), 0.75 * 0.25 * math.log(2)]])
    )
    # pos_weight 3 triples the positive term only
    bce = BCEWithPosWeightLoss(pos_weight=[3.0, 3.0], reduction="sum")(logits, labels)
    assert bce.item() == pytest.approx(4 * math.log(2), rel=1e-6)


def test_pos_weight_from_labels():
    multi_hot = np.array([[1, 0, 1], [0, 0, 1], [0, 1, 1], [0, 0, 0]])
    weights = pos_weight_from_labels(multi_hot)
    assert weights.dtype == torch.float32
    torch.testing.assert_close(weights, torch.tensor([3.0, 3.0, 1 / 3]))
    with pytest.raises(ValueError, match=r"column\(s\) \[1\] of multi_hot have no positive"):
        pos_weight_from_labels([[1, 0], [1, 0]])
    with pytest.warns(UserWarning, match="positive for every example"):
        pos_weight_from_labels([[1, 1], [1, 0]])
    with pytest.raises(ValueError, match="multi-hot"):
        pos_weight_from_labels([[2, 0], [1, 0]])


# ------------------------------------------------------------------ torch agreement


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_weighted_ce_matches_torch_on_token_logits_with_ignore(reduction):
    logits = torch.randn(3, 7, 5)
    labels = torch.randint(0, 5, (3, 7))
    labels[0, :2] = -100
    labels[2, 5:] = -100
    weight = torch.tensor([0.5, 1.0, 2.0, 3.0, 0.2])
    ours = WeightedCrossEntropyLoss(weight=weight, reduction=reduction)(logits, labels)
    ref = nn.CrossEntropyLoss(weight=weight, ignore_index=-100, reduction=reduction)(
        logits.permute(0, 2, 1), labels
    )
    torch.testing.assert_close(ours, ref)


def test_gamma_zero_equals_cross_entropy_and_bce():
    logits = torch.randn(16, 4, dtype=torch.float64)
    labels = torch.randint(0, 4, (16,))
    alpha = torch.tensor([1.0, 2.0, 0.5, 1.5], dtype=torch.float64)
    torch.testing.assert_close(
        FocalLoss(gamma=0.0)(logits, labels), nn.functional.cross_entropy(logits, labels)
    )
    torch.testing.assert_close(
        FocalLoss(gamma=0.0, alpha=alpha)(logits, labels),
        nn.functional.cross_entropy(logits, labels, weight=alpha),
    )
    multi_logits = torch.randn(8, 3, dtype=torch.float64)
    targets = torch.randint(0, 2, (8, 3)).double()
    pos_weight = torch.tensor([1.0, 4.0, 0.5], dtype=torch.float64)
    ref = nn.functional.binary_cross_entropy_with_logits(
        multi_logits, targets, pos_weight=pos_weight
    )
    torch.testing.assert_close(
        SigmoidFocalLoss(gamma=0.0, pos_weight=pos_weight)(multi_logits, targets), ref
    )
    torch.testing.assert_close(
        BCEWithPosWeightLoss(pos_weight=pos_weight)(multi_logits, targets), ref
    )


def test_integer_multi_hot_labels_are_accepted():
    logits = torch.randn(4, 3)
    targets = torch.randint(0, 2, (4, 3))
    ref = nn.functional.binary_cross_entropy_with_logits(logits, targets.float())
    torch.testing.assert_close(BCEWithPosWeightLoss()(logits, targets), ref)


# ------------------------------------------------------------------ stability and gradients


@pytest.mark.parametrize(
    "loss",
    [
        WeightedCrossEntropyLoss(weight=[1.0, 2.0, 3.0]),
        FocalLoss(gamma=2.0),
        FocalLoss(gamma=0.5, alpha=[1.0, 1.0, 2.0]),
    ],
)
def test_single_label_extreme_logits_are_finite(loss):
    logits = torch.tensor([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0], [0.0, 0.0, 1e4]], requires_grad=True)
    labels = torch.tensor([0, 0, 2])  # one confident-right, one confident-wrong, one right
    value = loss(logits, labels)
    value.backward()
    assert torch.isfinite(value) and torch.isfinite(logits.grad).all()
    assert value.item() > 1e3  # the confidently wrong row dominates


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0])
def test_sigmoid_extreme_logits_are_finite(gamma):
    logits = torch.tensor([[1e4, -1e4], [-1e4, 1e4]], requires_grad=True)
    labels = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
    value = SigmoidFocalLoss(gamma=gamma, alpha=0.25, pos_weight=[2.0, 2.0])(logits, labels)
    value.backward()
    assert torch.isfinite(value) and torch.isfinite(logits.grad).all()


def test_gradcheck_float64():
    logits = torch.randn(5, 4, dtype=torch.float64, requires_grad=True)
    labels = torch.tensor([0, 3, -100, 1, 2])
    focal = FocalLoss(gamma=1.5, alpha=[1.0, 2.0, 0.5, 1.0])
    assert torch.autograd.gradcheck(lambda x: focal(x, labels), (logits,))
    weighted = WeightedCrossEntropyLoss(weight=[1.0, 2.0, 0.5, 1.0])
    assert torch.autograd.gradcheck(lambda x: weighted(x, labels), (logits,))
    multi = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    targets = torch.tensor([[1.0, 0, 0], [0, 1, 1], [0, 0, 0], [1, 1, 0]], dtype=torch.float64)
    sigmoid_focal = SigmoidFocalLoss(gamma=2.0, alpha=[0.25, 0.5, 0.75], pos_weight=[1.0, 2.0, 3.0])
    assert torch.autograd.gradcheck(lambda x: sigmoid_focal(x, targets), (multi,))


# ------------------------------------------------------------------ properties

finite_logits = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(2, 5)),
    elements=st.floats(-50, 50, allow_nan=False),
)


@settings(max_examples=40, deadline=None)
@given(logits=finite_logits, gamma=st.floats(0.1, 5.0), seed=st.integers(0, 10_000))
def test_focal_is_nonnegative_finite_and_below_ce(logits, gamma, seed):
    rng = np.random.default_rng(seed)
    x = torch.from_numpy(logits)
    labels = torch.from_numpy(rng.integers(0, logits.shape[1], size=logits.shape[0]))
    focal = FocalLoss(gamma=gamma, reduction="none")(x, labels)
    ce = nn.functional.cross_entropy(x, labels, reduction="none")
    assert torch.isfinite(focal).all() and (focal >= 0).all()
    assert (focal <= ce + 1e-12).all()


@settings(max_examples=40, deadline=None)
@given(logits=finite_logits, gamma=st.floats(0.1, 5.0), seed=st.integers(0, 10_000))
def test_sigmoid_focal_is_nonnegative_finite_and_below_bce(logits, gamma, seed):
    rng = np.random.default_rng(seed)
    x = torch.from_numpy(logits)
    targets = torch.from_numpy(rng.integers(0, 2, size=logits.shape).astype(np.float64))
    focal = SigmoidFocalLoss(gamma=gamma, reduction="none")(x, targets)
    bce = nn.functional.binary_cross_entropy_with_logits(x, targets, reduction="none")
    assert torch.isfinite(focal).all() and (focal >= 0).all()
    assert (focal <= bce + 1e-12).all()


# ------------------------------------------------------------------ misuse


def test_probabilities_instead_of_logits_are_rejected():
    probs = torch.softmax(torch.randn(4, 3), dim=-1)
    with pytest.raises(ValueError, match="softmax probabilities"):
        FocalLoss()(probs, torch.tensor([0, 1, 2, 0]))


def test_shape_dtype_range_and_config_errors():
    ce = WeightedCrossEntropyLoss()
    with pytest.raises(ValueError, match="does not fit labels shape"):
        ce(torch.randn(4, 3), torch.tensor([0, 1, 2]))
    with pytest.raises(TypeError, match="integer class ids"):
        ce(torch.randn(4, 3), torch.zeros(4, 3))
    with pytest.raises(ValueError, match="outside"):
        ce(torch.randn(2, 3), torch.tensor([0, 3]))
    with pytest.raises(ValueError, match="NaN"):
        ce(torch.tensor([[0.0, float("nan")]]), torch.tensor([0]))
    with pytest.raises(ValueError, match="weight has 2 entries but logits have 3"):
        WeightedCrossEntropyLoss(weight=[1.0, 2.0])(torch.randn(2, 3), torch.tensor([0, 1]))
    with pytest.raises(ValueError, match="unknown reduction"):
        FocalLoss(reduction="avg")
    with pytest.raises(ValueError, match="gamma"):
        FocalLoss(gamma=-1.0)
    with pytest.raises(ValueError, match="non-negative"):
        WeightedCrossEntropyLoss(weight=[-1.0, 1.0])
    with pytest.raises(ValueError, match=r"alpha must lie in \[0, 1\]"):
        SigmoidFocalLoss(alpha=2.0)
    with pytest.raises(ValueError, match="must equal labels shape"):
        BCEWithPosWeightLoss()(torch.randn(4, 3), torch.tensor([0, 1, 2, 0]))
    with pytest.raises(ValueError, match="values in"):
        BCEWithPosWeightLoss()(torch.randn(2, 2), torch.tensor([[2.0, 0.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="pos_weight has 2 entries"):
        BCEWithPosWeightLoss(pos_weight=[1.0, 2.0])(torch.randn(2, 3), torch.zeros(2, 3))


def test_all_ignored_batch_gives_zero_not_nan():
    loss = WeightedCrossEntropyLoss()(torch.randn(1, 3, 2), torch.full((1, 3), -100))
    assert loss.item() == 0.0


def test_weights_move_with_the_module():
    loss = WeightedCrossEntropyLoss(weight=[1.0, 2.0])
    assert "alpha" in dict(loss.named_buffers())
    assert loss.to(torch.float64).weight.dtype == torch.float64


def test_half_precision_logits_are_upcast():
    logits = torch.randn(4, 3)
    labels = torch.tensor([0, 1, 2, 1])
    half = WeightedCrossEntropyLoss()(logits.bfloat16(), labels)
    assert half.dtype == torch.float32
    ref = nn.functional.cross_entropy(logits.bfloat16().float(), labels)
    torch.testing.assert_close(half, ref)
    multi = BCEWithPosWeightLoss()(logits.half(), torch.zeros(4, 3))
    assert multi.dtype == torch.float32
