"""Loss functions for imbalanced, multi-label and token classification (torch ``nn.Module``).

All losses work from raw logits through ``log_softmax`` / ``logsigmoid``, so extreme logits
(``+-1e4``) give finite values and gradients. Each one exposes, besides ``forward``:

* ``loss_sum_and_normalizer(logits, labels)``: the summed loss and the denominator that
  ``reduction="mean"`` divides it by. :class:`course_lib.loss_trainer.LossTrainer` uses these to make
  gradient accumulation exactly equal to training with a larger batch.
* ``normalizer(labels)``: that denominator alone.

Mean-reduction conventions (the same as torch's own losses):

* single-label losses (:class:`WeightedCrossEntropyLoss`, :class:`FocalLoss`): a *weighted*
  mean, ``sum_i w[y_i] * loss_i / sum_i w[y_i]`` over the positions whose label is not
  ``ignore_index`` (exactly ``torch.nn.CrossEntropyLoss``'s rule);
* multi-label losses (:class:`BCEWithPosWeightLoss`, :class:`SigmoidFocalLoss`): the plain
  mean over all ``N * L`` entries (``torch.nn.BCEWithLogitsLoss``'s rule; ``pos_weight`` and
  ``alpha`` scale terms but do not change the denominator).

A batch in which every position is ignored has loss 0 (torch returns NaN).

Taught in: lessons/02_multiclass_imbalance.ipynb (weighted CE, focal loss),
lessons/03_multilabel_moderation.ipynb (BCE with pos_weight). The token losses (``ignore_index``
on token logits) suit the NER task, whose lesson trains with the model's own loss.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from course_lib._validation import as_multi_hot, check_choice, to_numpy

__all__ = [
    "BCEWithPosWeightLoss",
    "FocalLoss",
    "SigmoidFocalLoss",
    "WeightedCrossEntropyLoss",
    "pos_weight_from_labels",
]

REDUCTIONS = ("mean", "sum", "none")


def _as_vector(values: Any, name: str, non_negative: bool = True) -> torch.Tensor | None:
    """Validate an optional per-class vector (list, array or tensor) and return float32."""
    if values is None:
        return None
    if isinstance(values, (int, float)) and not isinstance(values, bool):
        values = [values]
    array = to_numpy(values, name)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    tensor = torch.as_tensor(array.astype(np.float32))
    if tensor.ndim != 1 or tensor.numel() == 0:
        raise ValueError(f"{name} must be a non-empty 1-D vector, got shape {tuple(tensor.shape)}")
    if not torch.isfinite(tensor).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    if non_negative and (tensor < 0).any():
        raise ValueError(f"{name} must be non-negative, got {tensor.tolist()}")
    return tensor


def _check_gamma(gamma: float) -> float:
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float)):
        raise TypeError(f"gamma must be a number, got {type(gamma).__name__}")
    if not (np.isfinite(gamma) and gamma >= 0):
        raise ValueError(f"gamma must be a finite number >= 0, got {gamma}")
    return float(gamma)


def _check_logits(logits: torch.Tensor) -> None:
    if not torch.is_tensor(logits):
        raise TypeError(f"logits must be a torch.Tensor, got {type(logits).__name__}")
    if not logits.dtype.is_floating_point:
        raise TypeError(f"logits must be a floating-point tensor, got {logits.dtype}")
    if logits.numel() == 0:
        raise ValueError("logits is empty")
    if not torch.isfinite(logits).all():
        raise ValueError(
            "logits contain NaN or infinite values (training diverged? try a lower learning rate)"
        )


def _upcast(logits: torch.Tensor) -> torch.Tensor:
    """Compute losses in float32 even under fp16/bf16 mixed precision (as transformers does)."""
    if torch.is_tensor(logits) and logits.dtype in (torch.float16, torch.bfloat16):
        return logits.float()
    return logits


def _modulating_factor(one_minus_pt: torch.Tensor, gamma: float) -> torch.Tensor:
    """``(1 - p_t) ** gamma`` with a safe gradient when ``1 - p_t`` underflows to zero."""
    if gamma == 0.0:
        return torch.ones_like(one_minus_pt)
    tiny = torch.finfo(one_minus_pt.dtype).tiny
    return one_minus_pt.clamp_min(tiny) ** gamma


class _CourseLoss(nn.Module):
    """Shared reduction logic: subclasses implement ``_elementwise`` and ``normalizer``."""

    def __init__(self, reduction: str) -> None:
        super().__init__()
        self.reduction = check_choice(reduction, "reduction", REDUCTIONS)

    def _elementwise(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def normalizer(self, labels: torch.Tensor) -> torch.Tensor:
        """Denominator of ``reduction="mean"`` for these labels (see the module docstring)."""
        raise NotImplementedError

    def loss_sum_and_normalizer(
        self, logits: torch.Tensor, labels: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Return ``(sum of per-element losses, mean-reduction denominator)``.

        Args:
            logits: raw model outputs.
            labels: targets in the format of this loss.
        """
        return self._elementwise(logits, labels).sum(), self.normalizer(labels)

    def forward(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Compute the loss.

        Args:
            logits: raw model outputs (never probabilities).
            labels: targets in the format of this loss.
        """
        values = self._elementwise(logits, labels)
        if self.reduction == "none":
            return values
        total = values.sum()
        if self.reduction == "sum":
            return total
        denominator = self.normalizer(labels).to(total.dtype)
        return total / denominator.clamp_min(torch.finfo(total.dtype).tiny)


class FocalLoss(_CourseLoss):
    """Multi-class focal loss (Lin et al., 2017): ``-alpha[y] * (1 - p_y) ** gamma * log p_y``.

    The factor ``(1 - p_y) ** gamma`` shrinks the loss of examples the model already gets
    right, so training concentrates on hard (often minority-class) examples. ``gamma=0`` and
    ``alpha=None`` is exactly cross-entropy. ``reduction="mean"`` is the alpha-weighted mean
    over non-ignored positions, the same rule as ``nn.CrossEntropyLoss(weight=alpha)``.

    Works for sequence classification (logits ``[N, C]``, labels ``[N]``) and token
    classification (logits ``[B, T, C]``, labels ``[B, T]`` with ``ignore_index`` at special
    tokens and padding). Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        gamma: focusing parameter, ``>= 0`` (2.0 in the paper).
        alpha: optional per-class weights ``[C]`` (e.g. from ``class_weights_tensor``).
        ignore_index: label value whose positions contribute nothing.
        reduction: "mean", "sum" or "none" (per-position losses, 0 where ignored).
    """

    def __init__(
        self,
        gamma: float = 2.0,
        alpha: torch.Tensor | Sequence[float] | None = None,
        ignore_index: int = -100,
        reduction: str = "mean",
    ) -> None:
        super().__init__(reduction)
        self.gamma = _check_gamma(gamma)
        if isinstance(ignore_index, bool) or not isinstance(ignore_index, int):
            raise TypeError(f"ignore_index must be an int, got {type(ignore_index).__name__}")
        self.ignore_index = ignore_index
        self.register_buffer("alpha", _as_vector(alpha, "alpha"))

    def _flatten(
        self, logits: torch.Tensor, labels: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Check inputs; return ``[M, C]`` logits, ``[M]`` safe labels and ``[M]`` valid mask."""
        _check_logits(logits)
        if not torch.is_tensor(labels):
            raise TypeError(f"labels must be a torch.Tensor, got {type(labels).__name__}")
        if labels.dtype.is_floating_point:
            raise TypeError(
                f"labels must be integer class ids (torch.long), got {labels.dtype}; multi-hot "
                "float labels need BCEWithPosWeightLoss or SigmoidFocalLoss"
            )
        if logits.ndim < 2 or logits.shape[:-1] != labels.shape:
            raise ValueError(
                f"logits shape {tuple(logits.shape)} does not fit labels shape "
                f"{tuple(labels.shape)}; expected logits [N, C] with labels [N] or logits "
                "[B, T, C] with labels [B, T]"
            )
        num_classes = logits.shape[-1]
        if num_classes >= 2 and bool((logits >= 0).all() and (logits <= 1).all()):
            sums = logits.detach().sum(dim=-1)
            if torch.allclose(sums, torch.ones_like(sums), atol=1e-4):
                raise ValueError(
                    "logits look like softmax probabilities (rows in [0, 1] summing to 1); "
                    "pass the raw model outputs, the loss applies log_softmax itself"
                )
        weight = self._weight_vector()
        if weight is not None and weight.numel() != num_classes:
            raise ValueError(
                f"{self._weight_name} has {weight.numel()} entries but logits have "
                f"{num_classes} classes"
            )
        flat_labels = labels.reshape(-1).long()
        valid = flat_labels != self.ignore_index
        bad = valid & ((flat_labels < 0) | (flat_labels >= num_classes))
        if bad.any():
            raise ValueError(
                f"labels contains {int(flat_labels[bad][0])}, outside [0, {num_classes}) and not "
                f"ignore_index={self.ignore_index}"
            )
        safe = torch.where(valid, flat_labels, torch.zeros_like(flat_labels))
        return logits.reshape(-1, num_classes), safe, valid

    _weight_name = "alpha"

    def _weight_vector(self) -> torch.Tensor | None:
        return self.alpha

    def _elementwise(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        flat, safe, valid = self._flatten(_upcast(logits), labels)
        log_pt = F.log_softmax(flat, dim=-1).gather(1, safe[:, None])[:, 0]
        # 1 - p_t via expm1 keeps precision when p_t is close to 1.
        loss = -_modulating_factor(-torch.expm1(log_pt), self.gamma) * log_pt
        weight = self._weight_vector()
        if weight is not None:
            loss = loss * weight.to(loss)[safe]
        loss = torch.where(valid, loss, torch.zeros_like(loss))
        return loss.reshape(labels.shape)

    def normalizer(self, labels: torch.Tensor) -> torch.Tensor:
        """Sum of class weights over non-ignored labels (their count when unweighted)."""
        flat = labels.reshape(-1).long()
        valid = flat != self.ignore_index
        weight = self._weight_vector()
        if weight is None:
            return valid.sum().to(torch.float32)
        safe = torch.where(valid, flat, torch.zeros_like(flat))
        return (weight.to(labels.device)[safe] * valid).sum()


class WeightedCrossEntropyLoss(FocalLoss):
    """Cross-entropy with optional per-class weights, from logits.

    Same values as ``torch.nn.CrossEntropyLoss(weight=weight, ignore_index=ignore_index,
    reduction=reduction)`` (it is :class:`FocalLoss` with ``gamma=0``), plus the input checks
    of this package and the ``loss_sum_and_normalizer`` hook used by ``LossTrainer``.
    Taught in: lessons/02_multiclass_imbalance.ipynb.

    Args:
        weight: optional per-class weights ``[C]`` (e.g. ``class_weights_tensor(...)``).
        ignore_index: label value whose positions contribute nothing.
        reduction: "mean" (weighted mean over non-ignored positions), "sum" or "none".
    """

    _weight_name = "weight"

    def __init__(
        self,
        weight: torch.Tensor | Sequence[float] | None = None,
        ignore_index: int = -100,
        reduction: str = "mean",
    ) -> None:
        super().__init__(
            gamma=0.0,
            alpha=_as_vector(weight, "weight"),
            ignore_index=ignore_index,
            reduction=reduction,
        )

    @property
    def weight(self) -> torch.Tensor | None:
        """The per-class weights (stored in the ``alpha`` buffer)."""
        return self.alpha


class SigmoidFocalLoss(_CourseLoss):
    """Multi-label focal loss on independent sigmoids, one per label.

    Per entry, with ``p = sigmoid(x)`` and target ``y`` in [0, 1]:
    ``alpha_t * (1 - p_t) ** gamma * bce`` where ``p_t = y p + (1 - y)(1 - p)``,
    ``alpha_t = alpha y + (1 - alpha)(1 - y)`` and ``bce`` is the binary cross-entropy with
    ``pos_weight`` applied to the positive term as in ``torch.nn.BCEWithLogitsLoss``.
    ``gamma=0`` with ``alpha=None`` is exactly ``BCEWithLogitsLoss(pos_weight=pos_weight)``.
    ``reduction="mean"`` averages over all ``N * L`` entries.
    The multi-label counterpart of :class:`FocalLoss`; no lesson trains with it.

    Args:
        gamma: focusing parameter, ``>= 0``.
        alpha: optional weight of the positive term in [0, 1]: one number or one per label
            (0.25 in the paper); negatives get ``1 - alpha``.
        pos_weight: optional per-label multiplier of the positive term, ``[L]`` (see
            :func:`pos_weight_from_labels`).
        reduction: "mean", "sum" or "none" (``[N, L]`` losses).
    """

    def __init__(
        self,
        gamma: float = 2.0,
        alpha: float | torch.Tensor | Sequence[float] | None = None,
        pos_weight: torch.Tensor | Sequence[float] | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(reduction)
        self.gamma = _check_gamma(gamma)
        alpha_vec = _as_vector(alpha, "alpha")
        if alpha_vec is not None and (alpha_vec > 1).any():
            raise ValueError(f"alpha must lie in [0, 1], got {alpha_vec.tolist()}")
        self.register_buffer("alpha", alpha_vec)
        self.register_buffer("pos_weight", _as_vector(pos_weight, "pos_weight"))

    def _check(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        _check_logits(logits)
        if not torch.is_tensor(labels):
            raise TypeError(f"labels must be a torch.Tensor, got {type(labels).__name__}")
        if logits.shape != labels.shape:
            raise ValueError(
                f"logits shape {tuple(logits.shape)} must equal labels shape "
                f"{tuple(labels.shape)} (multi-hot [N, L]); single-label class ids need "
                "WeightedCrossEntropyLoss or FocalLoss"
            )
        targets = labels.to(logits.dtype)
        if not torch.isfinite(targets).all() or (targets < 0).any() or (targets > 1).any():
            raise ValueError("labels must be multi-hot targets with values in [0, 1]")
        num_labels = logits.shape[-1]
        for name in ("alpha", "pos_weight"):
            vec = getattr(self, name)
            if vec is not None and vec.numel() not in (1, num_labels):
                raise ValueError(
                    f"{name} has {vec.numel()} entries but logits have {num_labels} labels"
                )
        return targets

    def _elementwise(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        logits = _upcast(logits)
        targets = self._check(logits, labels)
        log_p = F.logsigmoid(logits)  # log sigmoid(x)
        log_not_p = F.logsigmoid(-logits)  # log (1 - sigmoid(x))
        positive = targets * log_p
        if self.pos_weight is not None:
            positive = positive * self.pos_weight.to(logits)
        loss = -(positive + (1 - targets) * log_not_p)
        if self.gamma != 0.0:
            one_minus_pt = targets * torch.exp(log_not_p) + (1 - targets) * torch.exp(log_p)
            loss = loss * _modulating_factor(one_minus_pt, self.gamma)
        if self.alpha is not None:
            alpha = self.alpha.to(logits)
            loss = loss * (alpha * targets + (1 - alpha) * (1 - targets))
        return loss

    def normalizer(self, labels: torch.Tensor) -> torch.Tensor:
        """Number of entries ``N * L``."""
        return torch.tensor(float(labels.numel()), device=labels.device)


class BCEWithPosWeightLoss(SigmoidFocalLoss):
    """Binary cross-entropy on logits for multi-label tasks, with optional ``pos_weight``.

    Same values as ``torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)`` (it is
    :class:`SigmoidFocalLoss` with ``gamma=0``), with input checks that catch class-id labels
    and probabilities-for-logits mix-ups. Taught in: lessons/03_multilabel_moderation.ipynb.

    Args:
        pos_weight: optional ``[L]`` multiplier of each label's positive term; ``neg/pos``
            counts (see :func:`pos_weight_from_labels`) balance rare labels.
        reduction: "mean", "sum" or "none".
    """

    def __init__(
        self,
        pos_weight: torch.Tensor | Sequence[float] | None = None,
        reduction: str = "mean",
    ) -> None:
        super().__init__(gamma=0.0, alpha=None, pos_weight=pos_weight, reduction=reduction)


def pos_weight_from_labels(multi_hot: Any) -> torch.Tensor:
    """Per-label ``pos_weight = negatives / positives`` from a multi-hot training matrix.

    With this weight each label's positive examples carry as much total loss as its negative
    examples. Taught in: lessons/03_multilabel_moderation.ipynb.

    Args:
        multi_hot: ``[N, L]`` 0/1 matrix (list, numpy array or tensor).

    Returns:
        float32 tensor ``[L]``.

    Raises:
        ValueError: a label has no positive example (its weight would be infinite).
    """
    matrix = as_multi_hot(multi_hot, "multi_hot")
    positives = matrix.sum(axis=0)
    negatives = matrix.shape[0] - positives
    missing = np.flatnonzero(positives == 0)
    if missing.size:
        raise ValueError(
            f"label column(s) {missing.tolist()} of multi_hot have no positive example, so "
            "pos_weight would be infinite; drop those labels or get more data"
        )
    always = np.flatnonzero(negatives == 0)
    if always.size:
        warnings.warn(
            f"label column(s) {always.tolist()} are positive for every example; their "
            "pos_weight is 0 and the loss gives them no signal",
            stacklevel=2,
        )
    return torch.tensor(negatives / positives, dtype=torch.float32)
